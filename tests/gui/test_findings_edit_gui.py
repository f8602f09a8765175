"""Findings after they are added, by keyboard: a failed answer offers "make a finding from this
question" (Ctrl+Shift+N, or its button), which opens the findings page with the question filled
in; a finding is edited (Enter), given a photo and stripped of one (Delete on the photo),
deleted after a confirmation (Delete, then Alt+D); a finalised visit allows none of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from diagnosis.visits.service import VisitService
from gui.visit_editor.findings_page import FindingsPage
from gui.visit_editor.question_widgets import QuestionWidget
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk
from tests.gui.keys import commit_text, focused

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


@pytest.fixture
def example_id() -> str:
    return EXAMPLE_ID


@pytest.fixture
def visit(desk: VisitService, example_id: str, tmp_path: Path) -> str:
    """A new visit of the example's firm with one finding and its photo."""
    enterprise = desk.open(example_id).enterprise
    visit_id = desk.start(enterprise.id, "2025-05-20", ["王建国"]).visit.id
    sha = desk.store_photo(picture(tmp_path, "meter.png", (40, 90, 160)))
    desk.add_finding(visit_id, "energy", "general", "空压机房无电表", item="E28", stored=[sha])
    return visit_id


def picture(tmp_path: Path, name: str, colour: tuple[int, int, int]) -> Path:
    path = tmp_path / name
    Image.new("RGB", (320, 240), colour).save(path)
    return path


def offers(question: QuestionWidget, editor: VisitEditor) -> bool:
    """The visible "make a finding from this question" control."""
    return question.make_finding is not None and question.make_finding.isVisibleTo(editor)


def show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


@pytest.mark.usefixtures("chinese")
def test_a_failed_answer_becomes_a_finding_by_keyboard(
    qtbot: QtBot, desk: VisitService, example_id: str
) -> None:
    editor = VisitEditor(desk, example_id, "zh")
    show(qtbot, editor)
    editor.areas.setCurrentRow(list(editor.doc.visit.areas).index("safety"))
    welders = editor.widgets[("safety", "S02")]  # answered "no": a major hidden danger
    assert offers(welders, editor)
    assert welders.make_finding is not None and welders.make_finding.text() == "记为发现的问题…"
    assert not offers(editor.widgets[("safety", "SC02")], editor)  # a fact
    induction = editor.widgets[("safety", "S16")]  # "no" in the example
    assert offers(induction, editor)
    induction.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_Y)  # answered "yes" now: nothing to offer
    assert not offers(induction, editor)
    qtbot.keyClick(focused(), Qt.Key.Key_N)
    assert offers(induction, editor)
    welders.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL_SHIFT)
    page = editor.findings_page
    assert editor.pages.currentWidget() is page
    assert page.area.currentData() == "safety" and page.item.currentData() == "S02"
    assert page.severity.currentData() == "major"  # the question's own severity
    assert page.text.hasFocus()
    before = len(desk.open(example_id).findings)
    commit_text(page.text, "两名焊工的特种作业证已过期")
    qtbot.keyClick(page.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(desk.open(example_id).findings) == before + 1)
    made = desk.open(example_id).findings[-1]
    assert (made.area, made.item, made.severity, made.text) == (
        "safety",
        "S02",
        "major",
        "两名焊工的特种作业证已过期",
    )
    # The visible control does the same, for a failed energy answer.
    editor.areas.setCurrentRow(list(editor.doc.visit.areas).index("energy"))
    failed = desk.failed(desk.open(example_id))["energy"]
    question = editor.widgets[("energy", failed[0])]
    assert offers(question, editor) and question.make_finding is not None
    button = question.make_finding
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert editor.pages.currentWidget() is page and page.item.currentData() == failed[0]


@pytest.mark.usefixtures("chinese")
def test_a_finding_is_edited_by_keyboard(qtbot: QtBot, desk: VisitService, visit: str) -> None:
    page = FindingsPage(desk, visit, "zh")
    show(qtbot, page)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.form.editing is not None and page.text.hasFocus()
    assert page.text.toPlainText() == "空压机房无电表" and page.item.currentData() == "E28"
    assert page.add_button.text() == "保存修改(&S)" and page.form.heading.text() == "编辑发现的问题"
    qtbot.keyClick(page.text, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    commit_text(page.text, "空压机房无独立电表，无法计量")
    page.severity.setFocus()
    qtbot.keyClick(page.severity, Qt.Key.Key_Up)  # general -> serious
    qtbot.keyClick(page.severity, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.open(visit).findings[0].severity == "serious")
    stored = desk.open(visit).findings[0]
    assert (stored.text, stored.item, len(stored.photos)) == (
        "空压机房无独立电表，无法计量",
        "E28",
        1,
    )
    assert page.model.data(page.model.index(0, 2)) == stored.text
    assert page.form.editing is None and "修改" in page.message.text()
    # Esc leaves an edit without saving.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    commit_text(page.text, "不要保存")
    qtbot.keyClick(page.text, Qt.Key.Key_Escape)
    assert page.form.editing is None and desk.open(visit).findings[0] == stored


def test_a_finding_is_given_and_stripped_of_photos(
    qtbot: QtBot, desk: VisitService, visit: str, tmp_path: Path
) -> None:
    page = FindingsPage(desk, visit, "zh")
    show(qtbot, page)
    page.table.setFocus()
    page.table.selectRow(0)
    assert page.photos.count() == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    page.add_photo_paths([picture(tmp_path, "panel.png", (200, 60, 40))])
    qtbot.keyClick(page.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(desk.open(visit).findings[0].photos) == 2, timeout=10_000)
    first, second = desk.open(visit).findings[0].photos
    assert page.photos.count() == 2
    page.photos.setFocus()
    page.photos.setCurrentRow(0)
    qtbot.keyClick(page.photos, Qt.Key.Key_Delete)
    assert desk.open(visit).findings[0].photos == (second,)
    assert page.photos.count() == 1 and desk.photo_path(first) is not None  # the file stays


@pytest.mark.usefixtures("chinese")
def test_a_finding_is_deleted_after_confirmation(
    qtbot: QtBot, desk: VisitService, visit: str, store: Store
) -> None:
    desk.add_finding(visit, "water", "general", "卫生间龙头非节水型")
    page = FindingsPage(desk, visit, "zh")
    show(qtbot, page)
    page.table.setFocus()
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    box = page.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "卫生间龙头非节水型" in box.text()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_Return)  # Enter keeps it
    qtbot.waitUntil(lambda: not box.isVisible())
    assert len(desk.open(visit).findings) == 2
    with qtbot.waitActive(page):
        page.activateWindow()
    page.table.setFocus()
    page.table.selectRow(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    box = page.confirm
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    qtbot.keyClick(box, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # &Delete
    qtbot.waitUntil(lambda: len(desk.open(visit).findings) == 1)
    gone = store.conn.execute(
        "SELECT deleted FROM findings WHERE visit_id = ? AND text = ?",
        [visit, "卫生间龙头非节水型"],
    ).fetchone()
    assert tuple(gone) == (1,)  # a tombstone, synced as deleted
    assert page.model.rowCount() == 1 and "删除" in page.message.text()


def test_findings_of_a_finalised_visit_cannot_change(
    qtbot: QtBot, desk: VisitService, visit: str
) -> None:
    desk.lifecycle.visits.set_status(visit, "finalised")
    page = FindingsPage(desk, visit, "zh")
    show(qtbot, page)
    page.table.setFocus()
    page.table.selectRow(0)
    buttons = (page.edit_button, page.delete_button, page.strip_button, page.add_button)
    assert not any(b.isEnabled() for b in buttons)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    page.photos.setFocus()
    qtbot.keyClick(page.photos, Qt.Key.Key_Delete)
    assert page.form.editing is None and not hasattr(page, "confirm")
    assert len(desk.open(visit).findings[0].photos) == 1
