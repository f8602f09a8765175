"""The question widgets driven from the keyboard, over items of the real checklists."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from diagnosis.checklists.format import AREAS, Item
from diagnosis.checklists.load import load_checklist
from diagnosis.messages import Bilingual, Lang
from gui.visit_editor.question_widgets import (
    DateQuestion,
    MultipleQuestion,
    NumberQuestion,
    PhotoQuestion,
    QuestionWidget,
    SingleQuestion,
    TextQuestion,
    YesNoQuestion,
    make_question_widget,
    read_number,
)
from gui.visit_editor.table_question import TableQuestion
from tests.gui.keys import commit_text, focused

Show = Callable[..., QuestionWidget]


class Host(QWidget):
    """A window with the question and a field after it, so Tab has somewhere to go."""

    def __init__(self, question: QuestionWidget) -> None:
        super().__init__()
        self.question = question
        self.after = QLineEdit()
        self.after.setObjectName("after")
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.after)


@pytest.fixture
def show(qtbot: QtBot) -> Show:
    hosts: list[Host] = []  # the window owns the question; keep it alive for the test

    def make(item: Item, lang: Lang = "zh") -> QuestionWidget:
        question = make_question_widget(item, lang)
        host = Host(question)
        hosts.append(host)
        qtbot.addWidget(host)
        with qtbot.waitActive(host):  # keys and focus only work in the active window
            host.show()
            host.activateWindow()
        host.after.setFocus()  # activation focused the question; start from outside it
        return question

    return make


def record(question: QuestionWidget) -> list[object]:
    emitted: list[object] = []
    question.answered.connect(emitted.append)
    return emitted


def item_of(area: str, kind: str, item_id: str | None = None) -> Item:
    checklist = load_checklist(area)
    if item_id is not None:
        return checklist.item(item_id)
    return next(i for i in checklist.items if i.type == kind)


DATE_ITEM = Item(
    id="D01", type="date", text=Bilingual("检查日期", "Date of the check"), section="s"
)


# single


def test_single_digit_picks_the_anchor_by_position(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("intelligent_manufacturing", "single", "IM01"))
    assert isinstance(question, SingleQuestion)
    emitted = record(question)
    question.focus_input()
    assert question.buttons[0].hasFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_3)  # the third option, level "2" (issue 18)
    assert emitted == ["2"]
    assert question.value() == "2"
    assert question.buttons[2].isChecked() and question.buttons[2].hasFocus()


def test_single_set_value_shows_without_emitting(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("intelligent_manufacturing", "single", "IM01"))
    assert isinstance(question, SingleQuestion)
    with qtbot.assertNotEmitted(question.answered):
        question.set_value("5")
        question.set_value("2")
        question.set_value("5")
    assert question.value() == "5"
    assert question.buttons[5].isChecked()
    assert not any(b.isChecked() for b in question.buttons[:5])


def test_single_arrow_moves_and_chooses_next(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("intelligent_manufacturing", "single", "IM01"))
    emitted = record(question)
    question.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_3)  # the third option: level "2"
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert emitted == ["2", "3"]
    assert question.value() == "3"


def test_single_delete_clears_the_answer(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("intelligent_manufacturing", "single", "IM01"))
    assert isinstance(question, SingleQuestion)
    question.set_value("4")
    emitted = record(question)
    question.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    assert emitted == [None]
    assert not any(b.isChecked() for b in question.buttons)


def test_single_tab_leaves_the_question_after_one_stop(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("intelligent_manufacturing", "single", "IM01"))
    question.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused().objectName() == "after"


def test_single_digit_is_position_when_values_are_not_digits(qtbot: QtBot, show: Show) -> None:
    item = next(
        i
        for i in load_checklist("energy").items
        if i.type == "single" and not all(o.value.isdigit() for o in i.options)
    )
    question = show(item)
    emitted = record(question)
    question.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    assert emitted == [item.options[1].value]


# yes_no


def test_yes_no_letter_keys_answer(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("intelligent_manufacturing", "yes_no", "IM_ERP_MES"))
    assert isinstance(question, YesNoQuestion)
    assert [b.text() for b in question.buttons] == ["是", "否", "不适用"]
    emitted = record(question)
    question.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_N)
    assert emitted == ["no"]
    qtbot.keyClick(focused(), Qt.Key.Key_A)
    assert emitted == ["no", "na"]
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    assert emitted == ["no", "na", "yes"]
    assert question.value() == "yes"


def test_yes_no_english_texts(show: Show) -> None:
    question = show(item_of("safety", "yes_no", "S01"), "en")
    assert isinstance(question, YesNoQuestion)
    assert [b.text() for b in question.buttons] == ["Yes", "No", "Not applicable"]


# multiple


def test_multiple_digits_toggle_and_emit_sorted_lists(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("intelligent_manufacturing", "multiple", "IM_SYSTEMS"))
    assert isinstance(question, MultipleQuestion)
    emitted = record(question)
    question.focus_input()
    for key in (Qt.Key.Key_2, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_1):
        qtbot.keyClick(focused(), key)
    assert emitted == [["mes"], ["erp", "mes"], ["erp"], None]
    assert question.value() is None


def test_multiple_set_value_checks_boxes_without_emitting(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("intelligent_manufacturing", "multiple", "IM_SYSTEMS"))
    assert isinstance(question, MultipleQuestion)
    with qtbot.assertNotEmitted(question.answered):
        question.set_value(["mes", "erp"])
    assert [b.isChecked() for b in question.buttons[:3]] == [True, True, False]


# number


def test_number_refuses_text_then_accepts_full_width(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("energy", "number", "E03"))
    assert isinstance(question, NumberQuestion)
    assert "万元" in question.question.text()
    emitted = record(question)
    question.focus_input()
    qtbot.keyClicks(question.edit, "abc")
    qtbot.keyClick(question.edit, Qt.Key.Key_Return)
    assert question.problem.isVisible()
    assert "abc" in question.problem.text() and "不是数字" in question.problem.text()
    assert emitted == []
    question.edit.clear()
    commit_text(question.edit, "１２,０００")
    assert question.edit.text() == "１２,０００"
    qtbot.keyClick(question.edit, Qt.Key.Key_Return)
    assert emitted == [12000.0]
    assert not question.problem.isVisible()
    assert question.value() == 12000.0


def test_number_out_of_range_names_the_range(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("intelligent_manufacturing", "number", "IM_CNC_RATE"), "en")
    assert isinstance(question, NumberQuestion)
    emitted = record(question)
    question.focus_input()
    qtbot.keyClicks(question.edit, "150")
    qtbot.keyClick(question.edit, Qt.Key.Key_Return)
    assert question.problem.isVisible()
    assert "between 0 and 100" in question.problem.text()
    assert emitted == []


def test_number_empty_clears_the_answer(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("energy", "number", "E03"))
    assert isinstance(question, NumberQuestion)
    question.set_value(50.0)
    assert question.edit.text() == "50"
    emitted = record(question)
    question.focus_input()
    question.edit.selectAll()
    qtbot.keyClick(question.edit, Qt.Key.Key_Delete)
    qtbot.keyClick(question.edit, Qt.Key.Key_Return)
    assert emitted == [None]


def test_number_read_number_cases() -> None:
    assert read_number("  ") is None
    assert read_number("１２，０００．５") == 12000.5
    assert read_number("1,234") == 1234.0
    assert read_number("\u221212") == -12.0
    assert read_number("1_000") == "1_000"
    assert read_number("nan") == "nan"


# text


def test_text_chinese_committed_when_focus_leaves(qtbot: QtBot, show: Show) -> None:
    # energy 2026.2's E06 (2026.3 asks products as rows): the text question of record
    question = show(load_checklist("energy", "2026.2").item("E06"))
    assert isinstance(question, TextQuestion)
    emitted = record(question)
    question.focus_input()
    commit_text(question.edit, "齿轮，年产 5 万件")
    assert emitted == []
    qtbot.keyClick(question.edit, Qt.Key.Key_Tab)
    assert focused().objectName() == "after"
    assert emitted == ["齿轮，年产 5 万件"]
    question.focus_input()
    qtbot.keyClick(question.edit, Qt.Key.Key_Tab)  # nothing changed: nothing emitted
    assert emitted == ["齿轮，年产 5 万件"]


# date


def test_date_typed_digits_emit_iso(qtbot: QtBot, show: Show) -> None:
    question = show(DATE_ITEM)
    assert isinstance(question, DateQuestion)
    assert question.edit.text() == "not set"
    emitted = record(question)
    question.focus_input()
    qtbot.keyClicks(question.edit, "20240315")
    qtbot.keyClick(question.edit, Qt.Key.Key_Return)
    assert emitted == ["2024-03-15"]
    assert question.value() == "2024-03-15"


def test_date_entering_and_leaving_without_typing_keeps_it_unset(qtbot: QtBot, show: Show) -> None:
    question = show(DATE_ITEM)
    assert isinstance(question, DateQuestion)
    emitted = record(question)
    question.focus_input()
    assert question.edit.text() != "not set"  # today, ready to be typed over
    for _section in ("year", "month", "day"):  # Tab steps through the sections, then out
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused().objectName() == "after"
    assert emitted == []
    assert question.value() is None
    assert question.edit.text() == "not set"


def test_date_return_accepts_the_date_shown(qtbot: QtBot, show: Show) -> None:
    question = show(DATE_ITEM)
    emitted = record(question)
    question.focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # today, offered when the field is entered
    assert emitted == [QDate.currentDate().toString(Qt.DateFormat.ISODate)]


def test_date_set_value_shows_without_emitting(qtbot: QtBot, show: Show) -> None:
    question = show(DATE_ITEM)
    assert isinstance(question, DateQuestion)
    with qtbot.assertNotEmitted(question.answered):
        question.set_value("2025-12-01")
    assert question.edit.text() == "2025-12-01"


# table


def energy_table(show: Show) -> TableQuestion:
    question = show(item_of("energy", "table"))
    assert isinstance(question, TableQuestion)
    assert question.item.rows[0].id == "electricity"
    return question


def test_table_edit_electricity_by_keyboard(qtbot: QtBot, show: Show) -> None:
    question = energy_table(show)
    assert "kWh" in str(question.model.headerData(0, Qt.Orientation.Vertical))
    emitted = record(question)
    question.focus_input()
    assert question.view.currentIndex() == question.model.index(0, 0)
    qtbot.keyClick(question.view, Qt.Key.Key_F2)
    editor = focused()
    assert editor is not question.view
    qtbot.keyClicks(editor, "12000")
    with qtbot.waitSignal(question.answered):  # the delegate commits on the next loop turn
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert emitted == [{"electricity": {"quantity": 12000.0}}]
    assert question.model.index(0, 0).data() == "12,000"


def test_table_negative_refused(qtbot: QtBot, show: Show) -> None:
    question = energy_table(show)
    emitted = record(question)
    question.focus_input()
    qtbot.keyClick(question.view, Qt.Key.Key_F2)
    qtbot.keyClicks(focused(), "-5")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(question.problem.isVisible)
    assert emitted == []
    assert "-5" in question.problem.text() and "电力" in question.problem.text()
    assert question.value() is None


def test_table_typing_starts_editing_and_tab_moves_cell_by_cell(qtbot: QtBot, show: Show) -> None:
    question = energy_table(show)
    emitted = record(question)
    question.focus_input()
    qtbot.keyClick(question.view, Qt.Key.Key_3)  # opens the editor and is kept
    qtbot.keyClick(focused(), Qt.Key.Key_5)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert question.view.currentIndex() == question.model.index(0, 1)
    assert emitted == [{"electricity": {"quantity": 35.0}}]
    # An input method composes first, which opens the editor; it commits to the focus widget.
    QApplication.sendEvent(question.view, QInputMethodEvent("dianbiao", []))
    commit_text(focused(), "电表读数")
    assert focused() is not question.view
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert emitted[-1] == {"electricity": {"quantity": 35.0, "note": "电表读数"}}
    assert question.view.currentIndex() == question.model.index(1, 0)


def test_table_tab_past_last_cell_leaves_the_table(qtbot: QtBot, show: Show) -> None:
    question = energy_table(show)
    model = question.model
    question.focus_input()
    question.view.setCurrentIndex(model.index(model.rowCount() - 1, model.columnCount() - 1))
    qtbot.keyClick(question.view, Qt.Key.Key_Tab)
    assert focused().objectName() == "after"


def test_table_choice_column_by_drop_down(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("energy", "table", "E07"))
    assert isinstance(question, TableQuestion)
    grade = [c.id for c in question.item.columns].index("grade")
    emitted = record(question)
    question.focus_input()
    question.view.setCurrentIndex(question.model.index(0, grade))
    qtbot.keyClick(question.view, Qt.Key.Key_F2)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # past the empty entry to the first choice
    with qtbot.waitSignal(question.answered):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert emitted == [{"p_le_7_5": {"grade": "g1"}}]


def test_table_typed_choice_checked_against_choices(qtbot: QtBot, show: Show) -> None:
    question = show(item_of("energy", "table", "E07"), "en")
    assert isinstance(question, TableQuestion)
    grade = [c.id for c in question.item.columns].index("grade")
    index = question.model.index(1, grade)
    assert question.model.setData(index, "Grade 2")
    assert question.value() == {"p_7_5_45": {"grade": "g2"}}
    assert not question.model.setData(index, "grade 9")
    assert "grade 9" in question.problem.text()


def test_table_set_value_shows_without_emitting(qtbot: QtBot, show: Show) -> None:
    question = energy_table(show)
    stored = {"electricity": {"quantity": 5.0}, "heat": {"note": "园区供热"}}
    with qtbot.assertNotEmitted(question.answered):
        question.set_value(stored)
    assert question.model.value() == stored
    assert question.model.index(9, 1).data() == "园区供热"


def test_table_model_passes_the_model_tester(qtmodeltester: ModelTester, show: Show) -> None:
    question = energy_table(show)
    question.set_value({"electricity": {"quantity": 5.0, "note": "表计"}})
    qtmodeltester.check(question.model)


# photo and every item


def test_photo_counts_attached_photos(show: Show) -> None:
    question = show(item_of("energy", "photo"), "en")
    assert isinstance(question, PhotoQuestion)
    assert "0" in question.count.text()
    question.set_value(["a" * 64, "b" * 64])
    assert "2" in question.count.text()
    assert question.value() == ["a" * 64, "b" * 64]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_make_question_widget_builds_every_checklist_item(qtbot: QtBot, lang: Lang) -> None:
    for area in AREAS:
        for item in load_checklist(area).items:
            question = make_question_widget(item, lang)
            qtbot.addWidget(question)
            assert question.item is item
            assert question.value() is None
            assert question.problem.objectName() == "problem" and question.problem.isHidden()
            assert (question.findChild(QLabel, "help") is not None) == (item.help is not None)
