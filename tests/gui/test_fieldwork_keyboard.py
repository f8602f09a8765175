"""A whole diagnosis recorded with the keyboard alone, from the register window to a finalised
visit: F8 walks to each required question, keys answer it (digits, Y/N, numbers, a table, Chinese
text from an input method), Enter moves on; then the store, reopened as after a crash, holds
every answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import services
from diagnosis.checklists.format import Item
from diagnosis.register.service import RegisterService
from gui.visit_editor.question_widgets import QuestionWidget
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.keys import commit_text, focused
from tests.gui.visit_by_keys import open_new_visit, register_on_a_demo_firm

_CHINESE_NAME = "铝合金压铸件（汽车零部件）"


def question_in_focus(editor: VisitEditor) -> QuestionWidget:
    widget = focused()
    return next(w for w in editor.widgets.values() if w is widget or w.isAncestorOf(widget))


def number_for(item: Item) -> float:
    low = item.minimum if item.minimum is not None else 0.0
    return low + 1 if item.maximum is None or low + 1 <= item.maximum else low


def answer_by_keys(qtbot: QtBot, editor: VisitEditor, question: QuestionWidget) -> Any:
    """Answer the question in focus the way a consultant would; the value it should store."""
    item, target = question.item, focused()
    if item.type == "yes_no":
        qtbot.keyClick(target, Qt.Key.Key_Y)
        return "yes"
    if item.type == "single":
        qtbot.keyClick(target, Qt.Key.Key_1)  # the first option, by position (issue 18)
        return item.options[0].value
    if item.type == "multiple":
        qtbot.keyClick(target, Qt.Key.Key_1)
        return [item.options[0].value]
    if item.type == "number":
        value = number_for(item)
        qtbot.keyClicks(target, f"{value:g}")
        qtbot.keyClick(target, Qt.Key.Key_Return)  # commits, then Enter moves on
        return value
    if item.type == "table":
        # Typing opens the first cell's editor; Tab commits it and moves to the next cell.
        qtbot.keyClick(target, Qt.Key.Key_4)
        qtbot.keyClick(focused(), Qt.Key.Key_2)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        return {item.rows[0].id: {item.columns[0].id: 42.0}} if item.rows else None
    raise AssertionError(f"no keyboard recipe for {item.type} ({item.id})")


def test_a_whole_visit_recorded_by_keyboard_alone(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    tmp_path: Path,
    factory: Callable[[], RegisterService],
) -> None:
    # one demo firm, never visited
    window = register_on_a_demo_firm(qtbot, store, tmp_path, factory, seed=3)
    editor = open_new_visit(qtbot, window)
    visit_id = editor.doc.visit.id
    assert editor.doc.visit.team == ("王建国", "陈静")
    assert editor.doc.visit.organisation == "宁波市工业企业诊断服务中心"

    expected: dict[tuple[str, str], Any] = {}
    for _step in range(300):
        if not services.visit_service(store).missing(editor.doc):
            break
        qtbot.keyClick(focused(), Qt.Key.Key_F8)
        question = question_in_focus(editor)
        area = next(a for (a, i), w in editor.widgets.items() if w is question)
        expected[(area, question.item.id)] = answer_by_keys(qtbot, editor, question)
        if question.item.id == "E03":
            # Enter went on to the optional figures after it: answer them, then the first
            # product's name (E06, energy 2026.3: a text cell), in Chinese through the input
            # method in the cell's editor (F2), left with Tab.
            for item_id in ("E04", "E05"):
                nxt = question_in_focus(editor)
                assert nxt.item.id == item_id
                expected[("energy", item_id)] = answer_by_keys(qtbot, editor, nxt)
            products = question_in_focus(editor)
            assert products.item.id == "E06" and products.item.columns[0].kind == "text"
            qtbot.keyClick(focused(), Qt.Key.Key_F2)
            commit_text(focused(), _CHINESE_NAME)
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)
            expected[("energy", "E06")] = {"product_1": {"name": _CHINESE_NAME}}
    else:
        raise AssertionError("F8 did not run out of required questions")
    assert ("energy", "E06") in expected and ("energy", "E02") in expected  # text and a table

    qtbot.keyClick(
        focused(),
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    # 1 万元 of output for the firm's head count is doubted: listed, and finalised anyway.
    doubts = editor.flow.doubts_dialog
    assert doubts is not None and doubts.isVisible()
    assert doubts.listing.count() == 1
    assert doubts.listing.item(0).data(Qt.ItemDataRole.UserRole) == ("energy", "E03")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is doubts)
    qtbot.keyClick(doubts, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.doc.visit.status == "finalised")

    # Another connection, as after the app was killed, finds every answer as given.
    other = services.visit_service(Store(store_path, verify=False)).open(visit_id)
    for (area, item_id), value in expected.items():
        stored = other.answers[area][item_id]
        if isinstance(value, dict):  # a table: the typed cell, whatever else the row holds
            row, cells = next(iter(value.items()))
            assert {k: stored[row][k] for k in cells} == cells, (area, item_id)
        else:
            assert stored == value, (area, item_id)
    assert other.visit.status == "finalised"
