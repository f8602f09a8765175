"""Issue 18's acceptance: a whole visit of all five areas filled from the visit list with the
keyboard alone, walked with Enter from question to question and area to area: choices by digit
(by position), yes/no by letter, numbers, table cells (Tab between them), Chinese by input
method, a note (Ctrl+M), F8 / Shift+F8 to what was skipped, and a finding (Ctrl+Shift+N, then
Ctrl+Return). Another connection to the store then finds every answer as given.

It fails on each break the issue lists: a digit read as the option's value, Enter stalling on a
photo item or at an area's end, F8 going back to the visit's first gap."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

import services
from diagnosis.register.service import RegisterService
from gui.visit_editor.question_base import QuestionWidget
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.keys import commit_text, focused
from tests.gui.visit_by_keys import open_new_visit, register_on_a_demo_firm

IM = "intelligent_manufacturing"
AREAS = (IM, "energy", "water", "cleaner_production", "safety")
PRODUCT = "铝合金压铸件（汽车零部件）"
NOTE = "焊工证已过期两人，已要求补证"
FINDING = "二号车间配电柜前堆放杂物，未保持通道畅通"
SKIPPED = {(IM, "IM05"), ("water", "W09")}  # left for F8 / Shift+F8 to find again
Key = tuple[str, str]
ANSWERED_NO = {("safety", "S02"), ("safety", "S27")}


def in_focus(editor: VisitEditor) -> Key:
    widget = focused()
    return next(k for k, w in editor.widgets.items() if w is widget or w.isAncestorOf(widget))


def press(
    qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifiers)


def shown_inputs(editor: VisitEditor, area: str) -> list[str]:
    """The ids of ``area``'s questions that are shown and take input, in page order."""
    return [
        i.id
        for i in editor.checklists[area].items
        if (w := editor.widgets.get((area, i.id))) is not None
        and not w.isHidden()
        and w.takes_input()
    ]


def type_in_cell(qtbot: QtBot, text: str) -> None:
    """Type into the table's current cell: the first key opens its editor, the rest go there."""
    press(qtbot, getattr(Qt.Key, f"Key_{text[0]}"))
    qtbot.keyClicks(focused(), text[1:])


def commit_cell(qtbot: QtBot) -> None:
    """Return in a cell's editor: the cell is committed and the editor closed once the event
    loop runs (as between a person's keys)."""
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(focused(), QTableView))


def answer(qtbot: QtBot, question: QuestionWidget, key: Key) -> tuple[Any, bool]:
    """Answer the question in focus by keys; what it should store, and whether the keys
    already moved on (Return after a number commits it and moves on at once)."""
    item = question.item
    if item.type == "yes_no":
        # "no" where a note or a finding follows; else yes (which asks for the hazard table)
        press(qtbot, Qt.Key.Key_N if key in ANSWERED_NO else Qt.Key.Key_Y)
        return ("no" if key in ANSWERED_NO else "yes"), False
    if item.type == "single":
        # The second option (never the option whose value is "2"); E15 the first.
        digit = 1 if key == ("energy", "E15") or len(item.options) == 1 else 2
        press(qtbot, getattr(Qt.Key, f"Key_{digit}"))
        return item.options[digit - 1].value, False
    if item.type == "multiple":
        press(qtbot, Qt.Key.Key_1)
        press(qtbot, Qt.Key.Key_3)
        return sorted([item.options[0].value, item.options[2].value]), False
    if item.type == "number":
        low = item.minimum if item.minimum is not None else 0.0
        value = low + 1 if item.maximum is None or low + 1 <= item.maximum else low
        qtbot.keyClicks(focused(), f"{value:g}")
        press(qtbot, Qt.Key.Key_Return)
        return value, True
    if item.type == "table":
        first = item.rows[0].id, item.columns[0].id
        if key == ("energy", "E02"):  # two carriers: Tab from cell to cell
            type_in_cell(qtbot, "1200000")
            press(qtbot, Qt.Key.Key_Tab)  # the note cell
            press(qtbot, Qt.Key.Key_Tab)  # natural gas
            qtbot.keyClicks(focused(), "35000")
            commit_cell(qtbot)  # the next Return moves on
            return {
                "electricity": {"quantity": 1200000.0},
                "natural_gas": {"quantity": 35000.0},
            }, False
        type_in_cell(qtbot, "12")
        commit_cell(qtbot)
        return {first[0]: {first[1]: 12.0}}, False
    raise AssertionError(f"no keyboard recipe for {item.type} ({item.id})")


def products_by_keys(qtbot: QtBot) -> dict[str, dict[str, object]]:
    """E06, the first product: its name in Chinese through the input method (F2 opens the
    cell), Tab to its unit, chosen by its digit in the drop-down, Return to commit."""
    press(qtbot, Qt.Key.Key_F2)
    commit_text(focused(), PRODUCT)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_2)  # "2 · 件"
    commit_cell(qtbot)
    return {"product_1": {"name": PRODUCT, "unit": "piece"}}


def test_a_whole_visit_of_five_areas_by_keyboard_alone(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    tmp_path: Path,
    factory: Callable[[], RegisterService],
) -> None:
    window = register_on_a_demo_firm(qtbot, store, tmp_path, factory, seed=5)
    editor = open_new_visit(qtbot, window)
    desk = services.visit_service(store)
    visit_id = editor.doc.visit.id

    press(qtbot, Qt.Key.Key_F8)  # the first unanswered required question
    assert in_focus(editor) == (IM, "IM01")
    expected: dict[Key, Any] = {}
    walked: list[Key] = []
    for _step in range(400):
        key = in_focus(editor)
        walked.append(key)
        question = editor.widgets[key]
        moved = False
        if key in desk.missing(editor.doc) and key not in SKIPPED:
            expected[key], moved = answer(qtbot, question, key)
        elif key == ("energy", "E06"):
            expected[key] = products_by_keys(qtbot)
        if key == ("energy", "E12"):
            assert expected[key] == "planned"  # the second option: its nameplate photo asked
            assert not editor.widgets[("energy", "E13")].isHidden()
        if key == ("energy", "E15"):
            # F8 goes on from here, not back to the visit's first gap (IM05) ...
            press(qtbot, Qt.Key.Key_F8)
            assert in_focus(editor) == ("energy", "E25")
            # ... Shift+F8 goes back to it, answered by digit; F8 returns.
            press(qtbot, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
            assert in_focus(editor) == (IM, "IM05")
            press(qtbot, Qt.Key.Key_2)
            expected[(IM, "IM05")] = "1"
            press(qtbot, Qt.Key.Key_F8)
            assert in_focus(editor) == ("energy", "E25")
            continue
        if key == ("safety", "S02"):  # a note on the "no", typed in Chinese; Enter saves
            press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
            note = editor.note_edits[key]
            assert note.hasFocus() and note.isVisibleTo(editor)
            commit_text(note, NOTE)
        if not moved:
            press(qtbot, Qt.Key.Key_Return)
        if in_focus(editor) == key:
            break  # the visit's last question: Enter has nowhere to go
    else:
        raise AssertionError("Enter never reached the visit's last question")

    # Enter visited every area in order, crossing each boundary from the last question of
    # one area to the first of the next, and never stalled (no question twice in a row) ...
    areas_in_order = [a for n, (a, _i) in enumerate(walked) if n == 0 or walked[n - 1][0] != a]
    assert areas_in_order == list(AREAS), walked[-5:]
    for before, after in itertools.pairwise(walked):
        if before[0] != after[0]:
            assert before[1] == shown_inputs(editor, before[0])[-1], (before, after)
            assert after[1] == shown_inputs(editor, after[0])[0], (before, after)
    # ... passing over the photo item (E13) straight from E12 to E15.
    at = walked.index(("energy", "E12"))
    assert walked[at + 1] == ("energy", "E15")
    assert walked[-1] == ("safety", "S27")

    # The last answer failed: a finding made of it, typed in Chinese, added by Ctrl+Return.
    press(
        qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    page = editor.findings_page
    assert page.text.hasFocus()
    commit_text(page.text, FINDING)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.form.job is None and bool(desk.open(visit_id).findings))

    # F8 from the findings page: what Enter's walk left behind, W09, and then nothing.
    press(qtbot, Qt.Key.Key_F8)
    assert in_focus(editor) == ("water", "W09")
    expected[("water", "W09")], _moved = answer(
        qtbot, editor.widgets[("water", "W09")], ("water", "W09")
    )
    for _step in range(20):  # anything a later answer made required on an earlier page
        if not desk.missing(editor.doc):
            break
        press(qtbot, Qt.Key.Key_F8)
        key = in_focus(editor)
        expected[key], _moved = answer(qtbot, editor.widgets[key], key)
    press(qtbot, Qt.Key.Key_F8)
    assert "必答题" in editor.statusBar().currentMessage() or not desk.missing(editor.doc)
    assert not desk.missing(editor.doc)

    # Another connection, as after the app was killed, finds every answer, the note and the
    # finding as given.
    other = services.visit_service(Store(store_path, verify=False)).open(visit_id)
    assert {a for a, _i in expected} == set(AREAS)
    for (area, item_id), value in expected.items():
        stored = other.answers[area][item_id]
        if isinstance(value, dict):  # a table: the typed cells, whatever else the row holds
            for row, cells in value.items():
                assert {k: stored[row][k] for k in cells} == cells, (area, item_id)
        else:
            assert stored == value, (area, item_id)
    assert other.answers[IM]["IM01"] == "1"  # "2" picked the second option, not the value "2"
    assert other.notes["safety"]["S02"] == NOTE
    finding = other.findings[0]
    assert finding.text == FINDING and finding.area == "safety" and finding.item == "S27"
