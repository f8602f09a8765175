"""F1 lists every key of the window it is pressed in (issue 18 item 1): the register window with
Ctrl+D, the visit editor with its question keys, the measures and findings pages, and dialogs
that have keys; read from what each window installed, in the UI's language."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

import services
from diagnosis.register.service import RegisterService
from gui.key_help import KeyHelpDialog, clashes
from gui.register.main_window import MainWindow
from storage.database import Store
from tests.gui.example_visit import example_desk
from tests.gui.keys import focused
from tests.gui.mnemonics import mnemonic_problems

CJK = re.compile(r"[\u4e00-\u9fff]")
NATIVE = QKeySequence.SequenceFormat.NativeText


@pytest.fixture
def window(
    qtbot: QtBot,
    store: Store,
    factory: Callable[[], RegisterService],
    tmp_path: Path,
    chinese: None,  # the default UI language, installed before the window is built
) -> Iterator[MainWindow]:
    desk = example_desk(store)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(services.register_service(store), factory, settings, "zh", "x.sqlite", desk)
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    yield win
    for editor in list(win.editors):
        editor.close()


def press_f1(qtbot: QtBot, widget: QWidget) -> KeyHelpDialog:
    qtbot.keyClick(widget, Qt.Key.Key_F1)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, KeyHelpDialog), dialog
    return dialog


def listed(dialog: KeyHelpDialog) -> dict[str, str]:
    """What each key does, by every key named in a row ('Return / F2' is two)."""
    return {k: what for _s, keys, what in dialog.rows for k in keys.split(" / ")}


def close(qtbot: QtBot, dialog: KeyHelpDialog) -> None:
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def action_keys(window: QWidget) -> dict[str, str]:
    """Every shortcut of the window's own actions, with the action's text."""
    return {
        k.toString(NATIVE): a.text().replace("&", "")
        for a in window.findChildren(QAction)
        for k in a.shortcuts()
        if not k.isEmpty() and a.parent() is window
    }


def test_f1_in_the_register_window_lists_its_keys_with_ctrl_d(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.table.setFocus()
    dialog = press_f1(qtbot, window.table)
    keys = listed(dialog)
    assert keys["Ctrl+D"].rstrip("…") in window.act_visits.text()
    assert CJK.search(keys["Ctrl+D"]), keys["Ctrl+D"]  # the UI's language
    for key in ("Ctrl+I", "Ctrl+F", "Ctrl+N", "F2", "Return", "Del", "Ctrl+Shift+P", "F1"):
        assert QKeySequence(key).toString(NATIVE) in keys, key  # as the UI writes it
    assert "Ctrl+Shift+Y" in keys  # the sync menu, laid out after the window's own actions
    assert {k for k in action_keys(window) if k} <= set(keys)
    assert any(k.startswith("Alt+") for k in keys)  # the menus' Alt keys
    assert clashes(window) == {}
    close(qtbot, dialog)
    assert mnemonic_problems(window) == []


def open_visit_by_keys(qtbot: QtBot, window: MainWindow) -> QMainWindow:
    """Ctrl+D on the example's enterprise, Alt+O in the visit list (Open)."""
    window.table.setFocus()
    window.table.selectRow(0)  # the store's one enterprise, the example's

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        try:
            qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts fire in the active window
            problems.extend(mnemonic_problems(dialog))
            f1 = press_f1(qtbot, focused())  # the visit list's own keys
            seen.update(listed(f1))
            close(qtbot, f1)
            qtbot.keyClick(focused(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # &Open
            qtbot.waitUntil(lambda: not dialog.isVisible())  # the button clicks on a timer
        finally:
            if dialog.isVisible():
                dialog.done(0)

    seen: dict[str, str] = {}
    problems: list[str] = []
    QTimer.singleShot(0, choose)
    qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert any(k.startswith("Alt+") for k in seen) and "F1" in seen
    assert problems == []
    assert window.editors
    editor = window.editors[-1]
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def test_f1_in_the_visit_editor_lists_the_question_keys_and_each_page_its_own(
    qtbot: QtBot, window: MainWindow
) -> None:
    editor = open_visit_by_keys(qtbot, window)
    dialog = press_f1(qtbot, focused())
    keys = listed(dialog)
    for key in ("F8", "Shift+F8", "Ctrl+M", "Ctrl+PgDown", "Ctrl+Z", "Ctrl+Shift+F"):
        assert QKeySequence(key).toString(NATIVE) in keys, key
    assert "Enter" in keys  # handled by the questions: listed from gui.visit_editor.keys
    assert any(k.startswith("1") for k in keys) and "Y" in keys  # digits, Y/N/A
    assert {k for k in action_keys(editor) if k} <= set(keys)
    close(qtbot, dialog)

    seen_findings = False
    measures = editor.measures_page  # type: ignore[attr-defined]
    findings = editor.findings_page  # type: ignore[attr-defined]
    while editor.pages.currentWidget() is not measures:  # type: ignore[attr-defined]
        qtbot.keyClick(focused(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        if editor.pages.currentWidget() is findings:  # type: ignore[attr-defined]
            findings.table.setFocus()
            keys = listed(dialog := press_f1(qtbot, focused()))
            assert QKeySequence("Ctrl+Return").toString(NATIVE) in keys
            assert "F2" in keys and "Delete" in keys
            assert "(no description)" not in keys.values()
            close(qtbot, dialog)
            seen_findings = True
    assert seen_findings
    measures.table.setFocus()
    dialog = press_f1(qtbot, measures.table)
    keys = listed(dialog)
    assert {"A", "R", "Esc", "Alt+I", "Alt+E", "Alt+W", "Alt+M"} <= set(keys)
    assert QKeySequence("Ctrl+Return").toString(NATIVE) in keys
    assert keys["Alt+I"].endswith(measures.form.name_of("investment"))
    assert {k for k in action_keys(measures) if k} <= set(keys)
    close(qtbot, dialog)


def test_f1_in_the_enterprise_dialog_lists_save(qtbot: QtBot, window: MainWindow) -> None:
    seen: dict[str, str] = {}
    problems: list[str] = []

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        try:
            qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts fire in the active window
            problems.extend(mnemonic_problems(dialog))
            f1 = press_f1(qtbot, focused())
            seen.update(listed(f1))
            close(qtbot, f1)
        finally:
            dialog.reject()

    QTimer.singleShot(0, inside)
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert {QKeySequence(k).toString(NATIVE) for k in ("Ctrl+S", "Ctrl+Return")} <= set(seen)
    assert "(no description)" not in seen.values()
    assert problems == []
