"""The measures page by keyboard (issue 18 item 1): every label's Alt key lands in the field it
names; a typed figure is either saved or kept with a message naming the field and why, never
dropped, whether the user saves, moves to another measure, decides with A/R or leaves the page."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from diagnosis.visits.service import VisitService
from gui.visit_editor.measures_page import MeasuresPage
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk, open_editor
from tests.gui.keys import commit_text, focused
from tests.gui.mnemonics import mnemonic_problems

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


def open_page(qtbot: QtBot, desk: VisitService) -> MeasuresPage:
    page = MeasuresPage(desk, EXAMPLE_ID, "zh")
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.table.setFocus()
    return page


def stored(desk: VisitService, code: str) -> dict[str, Any] | None:
    return next((m for m in desk.open(EXAMPLE_ID).measures if m.get("code") == code), None)


def to_measure(qtbot: QtBot, page: MeasuresPage, code: str) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home, CTRL)
    for _ in range(page.model.rowCount()):
        if page.current() is not None and page.current().code == code:  # type: ignore[union-attr]
            return
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    raise AssertionError(f"{code} not reached by keyboard")


def type_figure(qtbot: QtBot, page: MeasuresPage, key: Qt.Key, text: str) -> QWidget:
    """Alt+``key`` to the field, select what is there, type ``text`` over it."""
    qtbot.keyClick(focused(), key, ALT)
    edit = focused()
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        commit_text(edit, text)  # as an input method delivers full-width digits
    return edit


# Alt keys
def test_measures_page_alt_keys_move_focus_to_the_labelled_field(
    qtbot: QtBot, desk: VisitService
) -> None:
    page = open_page(qtbot, desk)
    expected = {
        Qt.Key.Key_I: page.fields["investment"],
        Qt.Key.Key_E: page.fields["electricity"],
        Qt.Key.Key_W: page.fields["water"],
        Qt.Key.Key_M: page.fields["money"],
        Qt.Key.Key_L: page.fields["realised"],
        Qt.Key.Key_O: page.note,
        Qt.Key.Key_U: page.status,
        Qt.Key.Key_G: page.project.category,
        Qt.Key.Key_R: page.project.start,
        Qt.Key.Key_D: page.project.duration,
        Qt.Key.Key_H: page.how,
    }
    for key, widget in expected.items():
        page.table.setFocus()
        qtbot.keyClick(page.table, key, ALT)
        assert QApplication.focusWidget() is widget, key
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)  # a custom measure shows its title
    qtbot.keyClick(focused(), Qt.Key.Key_I, ALT)
    qtbot.keyClick(focused(), Qt.Key.Key_T, ALT)
    assert QApplication.focusWidget() is page.title


def test_measures_page_every_mnemonic_has_a_focusable_buddy_and_none_clash(
    qtbot: QtBot, desk: VisitService
) -> None:
    page = open_page(qtbot, desk)
    assert mnemonic_problems(page) == []
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    assert mnemonic_problems(page) == []


def test_visit_editor_measures_page_mnemonics_hold_inside_the_window(
    qtbot: QtBot, desk: VisitService
) -> None:
    editor = open_editor(qtbot, desk, EXAMPLE_ID)
    editor.areas.setCurrentRow(editor.areas.count() - 1)
    assert editor.pages.currentWidget() is editor.measures_page
    assert mnemonic_problems(editor) == []


# Typed figures
def named(page: MeasuresPage, name: str, typed: str) -> None:
    """The message line names the field, what was typed and why it was refused."""
    message, reason = page.message.text(), page.errors[name].text()
    assert page.errors[name].isVisibleTo(page) and reason
    assert page.form.name_of(name) in message and f"“{typed}”" in message and reason in message


def test_measures_page_decimal_comma_is_refused_not_read_as_thousands(
    qtbot: QtBot, desk: VisitService
) -> None:
    page = open_page(qtbot, desk)
    to_measure(qtbot, page, "EN.VFD.01")
    before = stored(desk, "EN.VFD.01")
    edit = type_figure(qtbot, page, Qt.Key.Key_I, "12,5")
    qtbot.keyClick(edit, Qt.Key.Key_Return, CTRL)
    assert stored(desk, "EN.VFD.01") == before  # not 125
    assert edit.text() == "12,5" and page.errors["investment"].isVisibleTo(page)
    named(page, "investment", "12,5")
    edit = type_figure(qtbot, page, Qt.Key.Key_I, "1,250.5")  # thousands are fine
    qtbot.keyClick(edit, Qt.Key.Key_Return, CTRL)
    assert stored(desk, "EN.VFD.01")["investment_10k_yuan"] == 1250.5  # type: ignore[index]


def test_measures_page_full_width_figures_from_an_input_method_are_read(
    qtbot: QtBot, desk: VisitService
) -> None:
    page = open_page(qtbot, desk)
    to_measure(qtbot, page, "EN.VFD.01")
    edit = type_figure(qtbot, page, Qt.Key.Key_I, "１２．５")
    qtbot.keyClick(edit, Qt.Key.Key_Return, CTRL)
    assert page.message.text() == ""
    assert stored(desk, "EN.VFD.01")["investment_10k_yuan"] == 12.5  # type: ignore[index]


def test_measures_page_moving_to_another_measure_saves_what_was_typed(
    qtbot: QtBot, desk: VisitService
) -> None:
    page = open_page(qtbot, desk)
    to_measure(qtbot, page, "EN.VFD.01")
    edit = type_figure(qtbot, page, Qt.Key.Key_M, "43200")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert stored(desk, "EN.VFD.01")["money_saved_yuan"] == 43200  # type: ignore[index]
    assert page.current() is not None and page.current().code != "EN.VFD.01"
    assert page.shown is page.current()


@pytest.mark.parametrize("typed", ["abc", "-5", "12,5", "nan"])
def test_measures_page_a_refused_figure_keeps_the_measure_and_says_why(
    qtbot: QtBot, desk: VisitService, typed: str
) -> None:
    page = open_page(qtbot, desk)
    to_measure(qtbot, page, "EN.VFD.01")
    before = desk.open(EXAMPLE_ID).measures
    edit = type_figure(qtbot, page, Qt.Key.Key_W, typed)
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter moves on: nothing lost
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.current().code == "EN.VFD.01"  # type: ignore[union-attr]
    assert page.fields["water"].text() == typed
    named(page, "water", typed)
    assert desk.open(EXAMPLE_ID).measures == before
    qtbot.keyClick(page.table, Qt.Key.Key_A)  # deciding at once takes the typed figures too
    assert page.fields["water"].text() == typed
    assert desk.open(EXAMPLE_ID).measures == before


def test_measures_page_accept_key_keeps_the_figures_typed(qtbot: QtBot, desk: VisitService) -> None:
    page = open_page(qtbot, desk)
    to_measure(qtbot, page, "EN.VFD.01")
    type_figure(qtbot, page, Qt.Key.Key_I, "8")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    saved = stored(desk, "EN.VFD.01")
    assert saved is not None and saved["status"] == "accepted"
    assert saved["investment_10k_yuan"] == 8


def test_measures_page_custom_key_saves_the_figures_typed_first(
    qtbot: QtBot, desk: VisitService
) -> None:
    page = open_page(qtbot, desk)
    to_measure(qtbot, page, "EN.VFD.01")
    edit = type_figure(qtbot, page, Qt.Key.Key_I, "9")
    qtbot.keyClick(edit, Qt.Key.Key_N, CTRL_SHIFT)
    assert stored(desk, "EN.VFD.01")["investment_10k_yuan"] == 9  # type: ignore[index]
    assert page.custom_mode


def area_keys(qtbot: QtBot, editor: VisitEditor, step: int) -> None:
    key = Qt.Key.Key_PageDown if step > 0 else Qt.Key.Key_PageUp
    qtbot.keyClick(focused(), key, CTRL)


def editor_on_measures(qtbot: QtBot, desk: VisitService) -> VisitEditor:
    editor = open_editor(qtbot, desk, EXAMPLE_ID)
    editor.areas.setFocus()
    for _ in range(editor.areas.count()):  # Ctrl+PgDown wraps after the last page
        if editor.pages.currentWidget() is editor.measures_page:
            break
        area_keys(qtbot, editor, 1)
    assert editor.pages.currentWidget() is editor.measures_page
    return editor


def test_visit_editor_leaving_the_measures_page_saves_the_figure_typed(
    qtbot: QtBot, desk: VisitService
) -> None:
    editor = editor_on_measures(qtbot, desk)
    page = editor.measures_page
    to_measure(qtbot, page, "EN.VFD.01")
    edit = type_figure(qtbot, page, Qt.Key.Key_I, "15")
    qtbot.keyClick(edit, Qt.Key.Key_PageUp, CTRL)  # to the findings page
    assert editor.pages.currentWidget() is editor.findings_page
    assert stored(desk, "EN.VFD.01")["investment_10k_yuan"] == 15  # type: ignore[index]
    area_keys(qtbot, editor, 1)
    assert page.fields["investment"].text() == "15" and not page.form.dirty()


def test_visit_editor_a_refused_figure_survives_leaving_and_coming_back(
    qtbot: QtBot, desk: VisitService
) -> None:
    editor = editor_on_measures(qtbot, desk)
    page = editor.measures_page
    to_measure(qtbot, page, "EN.VFD.01")
    before = desk.open(EXAMPLE_ID).measures
    edit = type_figure(qtbot, page, Qt.Key.Key_I, "abc")
    qtbot.keyClick(edit, Qt.Key.Key_PageUp, CTRL)
    area_keys(qtbot, editor, 1)  # back: the page reloads from the store
    assert editor.pages.currentWidget() is page
    assert page.current().code == "EN.VFD.01"  # type: ignore[union-attr]
    assert page.fields["investment"].text() == "abc"
    named(page, "investment", "abc")
    assert desk.open(EXAMPLE_ID).measures == before
    type_figure(qtbot, page, Qt.Key.Key_I, "")  # cleared: nothing pending, nothing lost
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert page.message.text() == "" and not page.form.dirty()


def test_alt_keys_hold_on_every_page_of_the_visit_editor(qtbot: QtBot, desk: VisitService) -> None:
    editor = open_editor(qtbot, desk, EXAMPLE_ID)
    found: dict[str, list[str]] = {}
    for row in range(editor.areas.count()):
        editor.areas.setCurrentRow(row)
        if problems := mnemonic_problems(editor):
            found[editor.areas.item(row).text()] = problems
    assert found == {}
