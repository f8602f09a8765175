"""Plausibility doubts in the visit editor, as a consultant meets them: typed answers that a
firm would not give get an amber warning beside them (the value is saved all the same), table
cells are marked, huge figures read as plain numbers, the area list counts the warnings, and
finalising lists them first: Enter on one goes to its question, Alt+F finalises anyway."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from diagnosis.visits.service import VisitService
from gui.visit_editor.question_widgets import QuestionWidget
from gui.visit_editor.table_question import DOUBT_COLOUR, TableQuestion
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk, open_editor
from tests.gui.keys import focused


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


@pytest.fixture
def example_id() -> str:
    return EXAMPLE_ID


@pytest.fixture
def fresh(desk: VisitService, example_id: str) -> str:
    """A new visit of the example's firm, nothing answered."""
    enterprise = desk.open(example_id).enterprise
    return desk.start(enterprise.id, "2025-05-20", ["王建国"]).visit.id


def shows_doubt(widget: QuestionWidget, editor: VisitEditor) -> bool:
    return widget.doubt is not None and widget.doubt.isVisibleTo(editor)


def show_area(editor: VisitEditor, area: str) -> None:
    editor.areas.setCurrentRow(list(editor.doc.visit.areas).index(area))


def type_cells(qtbot: QtBot, table: TableQuestion, row: int, cells: list[str]) -> None:
    """Type each cell of ``row`` from the first column on, Tab committing each."""
    table.focus_input()
    table.view.setCurrentIndex(table.model.index(row, 0))
    for text in cells:
        for char in text:  # the first key opens the cell's editor, the rest go into it
            qtbot.keyClicks(focused(), char)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def test_doubt_shows_beside_the_table_and_the_value_is_saved(
    qtbot: QtBot, desk: VisitService, fresh: str
) -> None:
    editor = open_editor(qtbot, desk, fresh)
    show_area(editor, "energy")
    motors = editor.widgets[("energy", "E07")]
    assert isinstance(motors, TableQuestion)
    type_cells(qtbot, motors, 0, ["2", "30"])  # two motors "up to 7.5 kW" totalling 30 kW
    assert desk.open(fresh).answers["energy"]["E07"] == {
        "p_le_7_5": {"count": 2.0, "total_kw": 30.0}
    }  # kept and saved: a warning, not a refusal
    assert shows_doubt(motors, editor) and not motors.problem.isVisibleTo(editor)
    assert "平均每台 15 kW" in motors.doubt_text() and "0.12–7.5 kW" in motors.doubt_text()
    cell = motors.model.index(0, 1)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == DOUBT_COLOUR
    assert "15 kW" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert motors.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    energy_row = list(editor.doc.visit.areas).index("energy")
    assert "⚠1" in editor.areas.item(energy_row).text()
    # Corrected: 2 motors of 3 kW; the warning and the mark go.
    motors.view.setCurrentIndex(motors.model.index(0, 1))
    qtbot.keyClick(motors.view, Qt.Key.Key_F2)
    focused_edit = focused()
    assert isinstance(focused_edit, QLineEdit)
    focused_edit.selectAll()
    qtbot.keyClicks(focused_edit, "6")
    qtbot.keyClick(focused_edit, Qt.Key.Key_Tab)
    assert not shows_doubt(motors, editor) and motors.doubt_text() == ""
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "⚠" not in editor.areas.item(energy_row).text()


def test_huge_figures_read_as_plain_numbers(qtbot: QtBot, desk: VisitService, fresh: str) -> None:
    editor = open_editor(qtbot, desk, fresh)
    show_area(editor, "energy")
    table = editor.widgets[("energy", "E02")]
    assert isinstance(table, TableQuestion)
    type_cells(qtbot, table, 0, ["1000000000000000"])  # kWh of electricity, a digit too many
    assert table.model.index(0, 0).data() == "1,000,000,000,000,000"
    assert "1,000,000,000,000,000 kWh" in table.doubt_text()
    output = editor.widgets[("energy", "E03")]
    output.focus_input()
    qtbot.keyClicks(focused(), "1e15")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert desk.open(fresh).answers["energy"]["E03"] == 1e15
    assert "100,000,000 万元" in output.doubt_text()
    for widget in (table, output):
        assert "e+" not in widget.doubt_text()
    editor.close()
    again = open_editor(qtbot, desk, fresh, "en")
    show_area(again, "energy")
    shown = again.widgets[("energy", "E03")].findChild(QLineEdit, "input")
    assert shown is not None and shown.text() == "1000000000000000"  # never 1e+15
    assert "1,000,000,000,000,000 kWh" in again.widgets[("energy", "E02")].doubt_text()


def test_rate_against_the_earlier_band_is_doubted(
    qtbot: QtBot, desk: VisitService, fresh: str
) -> None:
    editor = open_editor(qtbot, desk, fresh)
    editor.widgets[("intelligent_manufacturing", "IM06")].focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_2)  # the second option: 10–30 %
    rate = editor.widgets[("intelligent_manufacturing", "IM_CNC_RATE")]
    rate.focus_input()
    qtbot.keyClicks(focused(), "85")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert shows_doubt(rate, editor)
    assert "85 %" in rate.doubt_text() and "10%～30%" in rate.doubt_text()
    assert desk.open(fresh).answers["intelligent_manufacturing"]["IM_CNC_RATE"] == 85


def test_finalise_lists_the_warnings_enter_goes_to_one(
    qtbot: QtBot, desk: VisitService, example_id: str
) -> None:
    editor = open_editor(qtbot, desk, example_id)
    expected = desk.doubts(desk.open(example_id))
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor, Qt.Key.Key_F, ctrl_shift)
    dialog = editor.flow.doubts_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    assert dialog.listing.count() == len(expected)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.listing.hasFocus()  # to look through first; Alt+F to finalise
    third = dialog.listing.item(2)
    area, item_id = third.data(Qt.ItemDataRole.UserRole)
    assert expected[2].text("zh") in third.text()
    dialog.listing.setCurrentItem(third)
    qtbot.keyClick(dialog.listing, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    qtbot.waitUntil(  # the page is built and the answer focused once the dialog has gone
        lambda: (
            (area, item_id) in editor.widgets
            and editor.widgets[(area, item_id)].isAncestorOf(editor.focusWidget())
        )
    )
    assert desk.open(example_id).visit.status == "draft"  # looking is not finalising
    # Esc goes back as well; then Alt+F finalises with the warnings still open.
    with qtbot.waitActive(editor):
        editor.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_F, ctrl_shift)
    dialog = editor.flow.doubts_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.listing, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and desk.open(example_id).visit.status == "draft"
    with qtbot.waitActive(editor):
        editor.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_F, ctrl_shift)
    dialog = editor.flow.doubts_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: desk.open(example_id).visit.status == "finalised")
    assert f"{len(expected)}" in editor.statusBar().currentMessage()
    assert editor.banner.isVisibleTo(editor)
