"""The visit editor driven by keyboard: answers saved as given, relevance and scores live,
finalise locks, revise reopens; opened from the register window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import services
from diagnosis.register.service import RegisterService
from diagnosis.visits.service import VisitService
from gui.register.main_window import MainWindow
from gui.visit_editor.visit_list import VisitListDialog
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk, open_editor

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


@pytest.fixture
def visit_id() -> str:
    return EXAMPLE_ID


def show_area(editor: VisitEditor, area: str) -> None:
    editor.areas.setCurrentRow(list(editor.doc.visit.areas).index(area))


def test_visit_editor_opens_with_progress_and_results(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    editor = open_editor(qtbot, desk, visit_id)
    assert editor.areas.count() == 7  # the five areas, then findings and measures
    first = editor.areas.item(0).text()
    assert first.startswith("智能制造") and "/" in first
    assert editor.results.indicators.count() >= 6
    assert "重大事故隐患" in editor.results.flags.text()  # the demo visit has S02 = no


def test_visit_editor_answer_by_key_is_saved_at_once(
    qtbot: QtBot, desk: VisitService, visit_id: str, store_path: Path
) -> None:
    editor = open_editor(qtbot, desk, visit_id)
    show_area(editor, "safety")
    widget = editor.widgets[("safety", "S02")]
    widget.focus_input()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)
    # Saved: another connection, as after a crash, finds it.
    other = services.visit_service(Store(store_path, verify=False))
    assert other.open(visit_id).answers["safety"]["S02"] == "yes"
    assert "重大事故隐患" not in editor.results.flags.text()
    assert editor.saved.text()


def test_visit_editor_relevance_follows_answers(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    editor = open_editor(qtbot, desk, visit_id)
    show_area(editor, "safety")
    dust = editor.widgets[("safety", "SC01")]
    dust.focus_input()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y)
    assert editor.widgets[("safety", "S04")].isVisibleTo(editor)
    dust.focus_input()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N)
    assert not editor.widgets[("safety", "S04")].isVisibleTo(editor)


def test_visit_editor_refused_answer_is_marked_and_not_saved(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    editor = open_editor(qtbot, desk, visit_id)
    show_area(editor, "water")
    number = next(
        w
        for (a, _i), w in editor.widgets.items()
        if a == "water" and w.item.type == "number" and w.item.maximum is not None
    )
    before = desk.open(visit_id).answers["water"].get(number.item.id)
    number.focus_input()
    edit = QApplication.focusWidget()
    edit.selectAll()  # type: ignore[union-attr]
    qtbot.keyClicks(edit, str(int(number.item.maximum or 0) + 100))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    problem = number.findChild(type(editor.saved), "problem")
    assert problem is not None and problem.isVisibleTo(number) and problem.text()
    assert desk.open(visit_id).answers["water"].get(number.item.id) == before


def test_visit_editor_finalise_then_revise(qtbot: QtBot, desk: VisitService, visit_id: str) -> None:
    editor = open_editor(qtbot, desk, visit_id)
    qtbot.keyClick(
        editor,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    # The example's equipment tables hold doubtful figures: they are listed, then Alt+F.
    dialog = editor.flow.doubts_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: desk.open(visit_id).visit.status == "finalised")  # animated click
    with qtbot.waitActive(editor):  # no window manager here to hand it back
        editor.activateWindow()
    assert editor.banner.isVisibleTo(editor)
    assert not editor.widgets[("intelligent_manufacturing", "IM01")].isEnabled()
    qtbot.keyClick(
        editor,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.doc.visit.id != visit_id and editor.doc.visit.revision == 2
    assert editor.widgets[("intelligent_manufacturing", "IM01")].isEnabled()
    assert desk.open(visit_id).visit.status == "finalised"  # the old one is kept


def test_visit_editor_incomplete_visit_jumps_to_the_first_gap(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    enterprise = desk.open(visit_id).enterprise
    fresh = desk.start(enterprise.id, "2025-06-01").visit.id
    editor = open_editor(qtbot, desk, fresh)
    qtbot.keyClick(
        editor,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert desk.open(fresh).visit.status == "draft"
    assert "必答题" in editor.statusBar().currentMessage()
    focused = QApplication.focusWidget()
    first = editor.widgets[("intelligent_manufacturing", "IM01")]
    assert focused is not None and first.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_3)  # digits pick by position: the third, level "2"
    assert desk.open(fresh).answers["intelligent_manufacturing"]["IM01"] == "2"


def test_visit_list_opens_the_editor_from_the_register(
    qtbot: QtBot,
    desk: VisitService,
    visit_id: str,
    store: Store,
    tmp_path: Path,
    factory: Callable[[], RegisterService],
) -> None:
    service = services.register_service(store)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(service, factory, settings, "zh", "x.sqlite", desk)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.table.selectRow(0)

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VisitListDialog)
        try:
            assert dialog.model.rowCount() == 1
            dialog.open_selected()
        finally:
            if dialog.isVisible():
                dialog.done(0)

    QTimer.singleShot(0, choose)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(window.editors) == 1
    assert window.editors[0].doc.visit.id == visit_id  # type: ignore[attr-defined]
    window.editors[0].close()


def test_visit_editor_enter_moves_to_the_next_question(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    editor = open_editor(qtbot, desk, visit_id)
    show_area(editor, "safety")
    first = editor.widgets[("safety", "SC01")]
    first.focus_input()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    focused = QApplication.focusWidget()
    second = editor.widgets[("safety", "SC02")]
    assert focused is not None and second.isAncestorOf(focused)


def test_visit_editor_undo_restores_and_saves_the_previous_answer(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    editor = open_editor(qtbot, desk, visit_id)
    show_area(editor, "safety")
    before = desk.open(visit_id).answers["safety"]["S16"]
    widget = editor.widgets[("safety", "S16")]
    widget.focus_input()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A)  # not applicable
    assert desk.open(visit_id).answers["safety"]["S16"] == "na"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert desk.open(visit_id).answers["safety"]["S16"] == before
    assert widget.value() == before
    qtbot.keyClick(
        editor,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert desk.open(visit_id).answers["safety"]["S16"] == "na"


def test_visit_editor_measure_decision_moves_the_totals(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    editor = open_editor(qtbot, desk, visit_id)
    editor.areas.setCurrentRow(6)  # measures
    page = editor.measures_page
    assert page.isVisibleTo(editor)
    proposed = [r for r in range(page.model.rowCount()) if page.model.views[r].status == "proposed"]
    assert proposed
    before = desk.assess(desk.open(visit_id)).totals.count
    page.table.setFocus()
    page.table.selectRow(proposed[0])
    qtbot.keyClick(page.table, Qt.Key.Key_A)  # accept at once
    assert desk.assess(desk.open(visit_id)).totals.count == before + 1
    assert editor.doc.measures == desk.open(visit_id).measures  # the editor's copy follows


def test_visit_list_starts_a_new_visit_from_an_earlier_one(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    enterprise = desk.open(visit_id).enterprise
    dialog = VisitListDialog(desk, enterprise, "zh")
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    dialog.copy_button.click()
    assert dialog.chosen is not None and dialog.chosen != visit_id
    copy = desk.open(dialog.chosen)
    assert copy.visit.previous == visit_id
    assert copy.answers == desk.open(visit_id).answers
    assert len(desk.visits_of(enterprise.id)) == 2


def test_visit_editor_finalise_lists_what_is_missing(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    enterprise = desk.open(visit_id).enterprise
    fresh = desk.start(enterprise.id, "2025-06-01").visit.id
    editor = open_editor(qtbot, desk, fresh)
    editor.finalise()
    dialog = editor.missing_dialog
    assert dialog.isVisible() and not dialog.isModal()
    from PySide6.QtWidgets import QListWidget

    listing = dialog.findChild(QListWidget)
    assert listing is not None
    assert listing.count() == len(desk.missing(desk.open(fresh)))
    second = listing.item(1)
    area, item_id = second.data(Qt.ItemDataRole.UserRole)
    listing.itemActivated.emit(second)  # what Enter or a double click does
    focused = QApplication.focusWidget()
    assert focused is not None and editor.widgets[(area, item_id)].isAncestorOf(focused)
    assert not dialog.isVisible()


def test_visit_editor_note_on_a_question_is_saved_and_shown_again(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    from PySide6.QtGui import QInputMethodEvent

    editor = open_editor(qtbot, desk, visit_id)
    show_area(editor, "safety")
    editor.widgets[("safety", "S02")].focus_input()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    note = editor.note_edits[("safety", "S02")]
    assert note.isVisibleTo(editor) and note.hasFocus()
    event = QInputMethodEvent()
    event.setCommitString("焊工证已过期两人")
    QApplication.sendEvent(note, event)
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert desk.open(visit_id).notes["safety"]["S02"] == "焊工证已过期两人"
    editor.close()
    again = open_editor(qtbot, desk, visit_id)
    show_area(again, "safety")
    shown = again.note_edits[("safety", "S02")]
    assert shown.isVisibleTo(again) and shown.text() == "焊工证已过期两人"
    assert not again.note_edits[("safety", "S16")].isVisibleTo(again)  # no note: no clutter


def test_visit_editor_ctrl_shift_n_is_the_pages_own_key_off_the_questions(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    """Ctrl+Shift+N makes a finding from a question; on the measures page it adds a custom
    measure. Both enabled at once, Qt ran neither."""
    editor = open_editor(qtbot, desk, visit_id)
    assert editor.act_finding.isEnabled()
    editor.areas.setCurrentRow(6)  # measures
    page = editor.measures_page
    assert not editor.act_finding.isEnabled()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    assert page.custom_mode
    editor.areas.setCurrentRow(0)  # back on a question page: the finding key again
    assert editor.act_finding.isEnabled()
