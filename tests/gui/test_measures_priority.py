"""One priority per measure: the measures page shows the number the plan prints, before and
after the team edits a measure's figures and decides it (a session once read 75 in the app and
82 in the plan)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diagnosis.report.context import plan_context
from diagnosis.visits.service import VisitService
from gui.visit_editor.measures_model import PRIORITY
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk
from tests.gui.test_measures_page import choose_by_keys, open_page, type_into


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


def _same(page: object, desk: VisitService) -> None:
    doc = desk.open(EXAMPLE_ID)
    ctx = plan_context(doc, desk.assess(doc), "zh", generated=date(2026, 12, 7))
    printed = {r["code"]: r["priority"] for r in ctx["measures"]["listed"]}
    model = page.model  # type: ignore[attr-defined]
    shown = {v.code: model.index(n, PRIORITY).data() for n, v in enumerate(model.views) if v.code}
    assert printed, "the plan lists measures"
    for code, value in printed.items():
        assert shown[code] == value, code


def test_the_page_and_the_plan_show_one_priority(qtbot: QtBot, desk: VisitService) -> None:
    page = open_page(qtbot, desk, EXAMPLE_ID)
    _same(page, desk)
    choose_by_keys(qtbot, page, "EN.VFD.01")
    type_into(qtbot, page, "investment", "12")
    type_into(qtbot, page, "money", "43200")
    qtbot.keyClick(page.fields["money"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)  # accepted: the plan's priority may move
    _same(page, desk)
