"""The measures page's project fields by keyboard (issue 17 item 5): the category from the
catalogue or the team's, the expected start and the duration typed, saved into the decision,
shown in the plan's project list; a bad month or duration is marked, named and saves nothing."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from diagnosis.assessment.assess import assess
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.service import VisitService
from tests.gui.test_measures_page import (
    CTRL,
    choose_by_keys,
    desk,  # noqa: F401  (fixture)
    open_page,
    stored,
    visit_id,  # noqa: F401  (fixture)
)


def tab_to(qtbot: QtBot, page: object, target: object, limit: int = 20) -> None:
    """Tab through the form from where the focus is until ``target`` has it."""
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError("not reached by Tab")


def test_project_fields_typed_saved_and_printed_in_the_plan(
    qtbot: QtBot,
    desk: VisitService,  # noqa: F811
    visit_id: str,  # noqa: F811
) -> None:
    page = open_page(qtbot, desk, visit_id)
    choose_by_keys(qtbot, page, "EN.VFD.01")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter: from the table to the form
    fields = page.project
    assert fields.category.currentData() == ""  # the catalogue's category stands
    assert fields.category.currentText().endswith("节能降碳改造")  # named for the team
    tab_to(qtbot, page, page.note)
    qtbot.keyClick(page.note, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is fields.category  # after the note, in tab order
    qtbot.keyClick(fields.category, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is fields.start
    qtbot.keyClicks(fields.start, "2026-05")
    qtbot.keyClick(fields.start, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is fields.duration
    qtbot.keyClicks(fields.duration, "4")
    page.status.setCurrentIndex(page.status.findData("accepted"))
    qtbot.keyClick(fields.duration, Qt.Key.Key_Return, CTRL)

    saved = stored(desk, visit_id, "EN.VFD.01")
    assert saved is not None
    assert (saved["status"], saved["start_month"], saved["duration_months"]) == (
        "accepted",
        "2026-05",
        4,
    )
    assert "project_category" not in saved  # the catalogue's, not stored
    assert page.project.start.text() == "2026-05"  # the form shows what was saved

    doc = desk.open(visit_id)
    ctx = plan_context(doc, assess(doc), "zh", generated=date(2026, 3, 1))
    rows = {r["code"]: r for r in ctx["projects"]["rows"]}
    assert (rows["EN.VFD.01"]["start"], rows["EN.VFD.01"]["duration"]) == ("2026-05", "4")
    xml = render_markup(ctx, "zh")
    start = xml.index("技术改造项目清单</h1>")
    text = re.sub(r"<[^>]+>", " ", xml[start : xml.index("<h1>", start)])
    assert "2026-05" in text


def test_project_fields_category_override_by_keys(
    qtbot: QtBot,
    desk: VisitService,  # noqa: F811
    visit_id: str,  # noqa: F811
) -> None:
    page = open_page(qtbot, desk, visit_id)
    choose_by_keys(qtbot, page, "EN.VFD.01")
    fields = page.project
    fields.category.setFocus()
    target = fields.category.findData("equipment")
    for _ in range(target):
        qtbot.keyClick(fields.category, Qt.Key.Key_Down)
    assert fields.category.currentData() == "equipment"
    qtbot.keyClick(fields.category, Qt.Key.Key_Return, CTRL)
    saved = stored(desk, visit_id, "EN.VFD.01")
    assert saved is not None and saved["project_category"] == "equipment"


def test_project_fields_bad_month_and_duration_are_named_and_not_saved(
    qtbot: QtBot,
    desk: VisitService,  # noqa: F811
    visit_id: str,  # noqa: F811
) -> None:
    page = open_page(qtbot, desk, visit_id)
    before = desk.open(visit_id).measures
    choose_by_keys(qtbot, page, "EN.VFD.01")
    fields = page.project
    fields.start.setFocus()
    qtbot.keyClicks(fields.start, "2025-13")
    fields.duration.setFocus()
    qtbot.keyClicks(fields.duration, "0")
    qtbot.keyClick(fields.duration, Qt.Key.Key_Return, CTRL)
    assert fields.errors["start"].isVisibleTo(page)
    assert "2025-13" in fields.errors["start"].text()
    assert fields.errors["duration"].isVisibleTo(page)
    assert page.message.text().startswith("Expected start: 2025-13")  # names the field
    assert desk.open(visit_id).measures == before  # nothing changed
    fields.start.selectAll()
    qtbot.keyClicks(fields.start, "2025-12")
    fields.duration.selectAll()
    qtbot.keyClicks(fields.duration, "18")
    qtbot.keyClick(fields.duration, Qt.Key.Key_Return, CTRL)
    assert not fields.errors["start"].isVisibleTo(page)
    saved = stored(desk, visit_id, "EN.VFD.01")
    assert saved is not None
    assert (saved["start_month"], saved["duration_months"]) == ("2025-12", 18)
