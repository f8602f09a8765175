"""One key rule in the visit editor, each break of issue 18 driven by keys on the real editor:
digits by position with the key shown beside each option, Y/N/A, the mark on the current
question, Enter over a photo item and into the next area, F8 / Shift+F8 from here, Ctrl+M's
note in view and labelled, and a read-only visit greyed help and all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from diagnosis.messages import Lang
from diagnosis.visits.service import VisitService
from gui.visit_editor.keys import EDITOR_KEYS, NEXT_UNANSWERED, PREVIOUS_UNANSWERED
from gui.visit_editor.question_base import CURRENT_BAR, QuestionWidget
from gui.visit_editor.question_widgets import SingleQuestion, YesNoQuestion
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk, open_editor
from tests.gui.keys import focused

IM = "intelligent_manufacturing"


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


@pytest.fixture
def fresh(desk: VisitService) -> str:
    """A new visit of the example's enterprise: nothing answered yet."""
    return desk.start(desk.open(EXAMPLE_ID).enterprise.id, "2025-06-01").visit.id


def in_focus(editor: VisitEditor) -> tuple[str, str]:
    widget = focused()
    return next(k for k, w in editor.widgets.items() if w is widget or w.isAncestorOf(widget))


def show_area(editor: VisitEditor, area: str) -> None:
    editor.areas.setCurrentRow(list(editor.doc.visit.areas).index(area))


def bar_pixel(question: QuestionWidget) -> QColor:
    """The colour at the left edge of the question as drawn on screen."""
    image: QImage = question.grab().toImage()
    return image.pixelColor(QPoint(1, image.height() // 2))


def darkest(label: QLabel) -> int:
    """The lightness of the darkest pixel of a label as drawn: its text colour."""
    image = label.grab().toImage()
    return min(
        image.pixelColor(x, y).lightness()
        for x in range(image.width())
        for y in range(image.height())
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_digit_picks_by_position_and_each_option_shows_its_key(
    qtbot: QtBot, desk: VisitService, fresh: str, lang: Lang
) -> None:
    editor = open_editor(qtbot, desk, fresh, lang)
    im01 = editor.widgets[(IM, "IM01")]
    assert isinstance(im01, SingleQuestion)
    assert [o.value for o in im01.options][:2] == ["0", "1"]  # maturity anchors
    im01.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_1)  # the first option, never the value "1"
    assert desk.open(fresh).answers[IM]["IM01"] == "0"
    qtbot.keyClick(focused(), Qt.Key.Key_3)
    assert desk.open(fresh).answers[IM]["IM01"] == "2"
    assert im01.buttons[2].isChecked()
    assert [b.text() for b in im01.badges] == ["1", "2", "3", "4", "5", "6"]
    assert all(b.isVisibleTo(editor) for b in im01.badges)

    yes_no = editor.widgets[(IM, "IM_ERP_MES")]
    assert isinstance(yes_no, YesNoQuestion)
    assert [b.text() for b in yes_no.badges] == ["Y", "N", "A"]


def test_yes_no_takes_y_n_a(qtbot: QtBot, desk: VisitService, fresh: str) -> None:
    editor = open_editor(qtbot, desk, fresh)
    show_area(editor, "safety")
    editor.widgets[("safety", "SC01")].focus_input()
    for key, value in ((Qt.Key.Key_N, "no"), (Qt.Key.Key_A, "na"), (Qt.Key.Key_Y, "yes")):
        qtbot.keyClick(focused(), key)
        assert desk.open(fresh).answers["safety"]["SC01"] == value


def test_the_current_unanswered_question_is_marked(
    qtbot: QtBot, desk: VisitService, fresh: str
) -> None:
    editor = open_editor(qtbot, desk, fresh)
    show_area(editor, "safety")
    first, second = editor.widgets[("safety", "SC01")], editor.widgets[("safety", "SC02")]
    first.focus_input()
    assert first.value() is None  # unanswered: no checked option to show where we are
    assert bar_pixel(first) == CURRENT_BAR
    assert bar_pixel(second) != CURRENT_BAR
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert in_focus(editor) == ("safety", "SC02")
    assert bar_pixel(second) == CURRENT_BAR
    assert bar_pixel(first) != CURRENT_BAR  # one mark at a time


def test_enter_passes_over_a_photo_item(qtbot: QtBot, desk: VisitService, fresh: str) -> None:
    editor = open_editor(qtbot, desk, fresh)
    show_area(editor, "energy")
    e12 = editor.widgets[("energy", "E12")]
    e12.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_2)  # replacement planned: its nameplate photo asked
    assert desk.open(fresh).answers["energy"]["E12"] == "planned"
    assert not editor.widgets[("energy", "E13")].isHidden()  # a photo count: no input
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert in_focus(editor) == ("energy", "E15")  # E14 needs a transformer: not shown
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    answers = desk.open(fresh).answers["energy"]
    assert answers["E12"] == "planned" and answers["E15"] == "most"  # nothing overwritten


def test_enter_on_an_areas_last_question_goes_on_to_the_next_area(
    qtbot: QtBot, desk: VisitService, fresh: str
) -> None:
    editor = open_editor(qtbot, desk, fresh)
    last = editor.widgets[(IM, "IM25")]
    last.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert editor.areas.currentRow() == 1
    assert in_focus(editor) == ("energy", "E01")
    # And the last question of the visit stays put, saying so.
    show_area(editor, "safety")
    editor.widgets[("safety", "S27")].focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert in_focus(editor) == ("safety", "S27")
    assert "F8" in editor.statusBar().currentMessage()


def test_f8_goes_to_the_next_unanswered_after_here_and_shift_f8_back(
    qtbot: QtBot, desk: VisitService, fresh: str
) -> None:
    editor = open_editor(qtbot, desk, fresh)
    show_area(editor, "energy")
    editor.widgets[("energy", "E12")].focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_F8)
    assert in_focus(editor) == ("energy", "E15")  # not IM01, the first gap of the visit
    qtbot.keyClick(focused(), Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert in_focus(editor) == ("energy", "E12")
    qtbot.keyClick(focused(), Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert in_focus(editor) == ("energy", "E03")
    # From the visit's last gap F8 wraps round to its first.
    show_area(editor, "safety")
    editor.widgets[("safety", "S27")].focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_F8)
    assert in_focus(editor) == (IM, "IM01")
    qtbot.keyClick(focused(), Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert in_focus(editor) == ("safety", "S27")


def test_ctrl_m_opens_the_note_in_view_with_its_label(
    qtbot: QtBot, desk: VisitService, fresh: str
) -> None:
    editor = open_editor(qtbot, desk, fresh)
    show_area(editor, "safety")
    editor.widgets[("safety", "S27")].focus_input()  # the page's last: scrolled to the bottom
    qtbot.keyClick(focused(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    note = editor.note_edits[("safety", "S27")]
    assert note.hasFocus()
    page = editor.pages.currentWidget()
    assert isinstance(page, QScrollArea)
    viewport = page.viewport()
    top_left = note.mapTo(viewport, QPoint(0, 0))
    bottom_right = note.mapTo(viewport, QPoint(note.width() - 1, note.height() - 1))
    assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right)
    row = editor.notes.rows[("safety", "S27")]
    label = row.findChild(QLabel, "note_label")
    assert label is not None and label.isVisibleTo(editor)
    assert "S27" in label.text()  # whose note it is
    assert label.buddy() is note
    # The question stays marked while its note is typed.
    assert bar_pixel(editor.widgets[("safety", "S27")]) == CURRENT_BAR


def test_a_read_only_visit_greys_the_help_too(qtbot: QtBot, desk: VisitService, fresh: str) -> None:
    editable = open_editor(qtbot, desk, fresh)
    question = editable.widgets[(IM, "IM01")]
    assert question.help is not None
    live = darkest(question.help)
    editable.close()
    assert not desk.missing(desk.open(EXAMPLE_ID))
    desk.finalise(EXAMPLE_ID)
    locked = open_editor(qtbot, desk, EXAMPLE_ID)
    question = locked.widgets[(IM, "IM01")]
    assert question.help is not None and not question.isEnabled()
    grey = darkest(question.help)
    assert grey > live + 60  # visibly lighter than the live help
    assert abs(grey - darkest(question.question)) <= 10  # as grey as the question itself


def test_every_editor_shortcut_comes_from_the_keys_listing(
    qtbot: QtBot, desk: VisitService, fresh: str
) -> None:
    editor = open_editor(qtbot, desk, fresh)
    listed = {k.keys for k in EDITOR_KEYS}
    assert NEXT_UNANSWERED.keys in listed and PREVIOUS_UNANSWERED.keys in listed
    shortcuts = {
        a.shortcut().toString()
        for a in editor.actions()
        if not a.shortcut().isEmpty() and a.objectName() not in ("", "export_plan")
    }
    shortcuts -= {"Ctrl+Shift+E", "Ctrl+Shift+O"}  # the plan's keys: the plan exporter's
    assert shortcuts <= listed, shortcuts - listed
    assert all(k.zh and k.en for k in EDITOR_KEYS)
