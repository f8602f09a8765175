"""A visit begun as a consultant begins one, by keyboard, for the GUI tests: the register
window on a store with a firm selected, then Ctrl+D, Enter in the empty visit list and the
header typed, up to the visit editor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import services
from diagnosis.demo.enterprises import enterprises
from diagnosis.register.service import RegisterService
from gui.register.main_window import MainWindow
from gui.visit_editor.header_dialog import VisitHeaderDialog
from gui.visit_editor.visit_list import VisitListDialog
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.keys import commit_text, focused

TEAM = "王建国、陈静"
ORGANISATION = "宁波市工业企业诊断服务中心"


def register_on_a_demo_firm(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    factory: Callable[[], RegisterService],
    seed: int,
) -> MainWindow:
    """The register (in Chinese) over one demo firm, never visited, its row selected."""
    service = services.register_service(store)
    service.repo.save(list(enterprises(1, seed=seed)), [])
    window = MainWindow(
        service,
        factory,
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        "zh",
        "x.sqlite",
        services.visit_service(store),
    )
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.table.setFocus()
    window.table.selectRow(0)
    return window


def open_new_visit(qtbot: QtBot, window: MainWindow) -> VisitEditor:
    """Ctrl+D on the register, Enter in the (empty) visit list, the header typed (the date is
    today's; the team and organisation are asked): the editor of the new visit."""

    def fill_header() -> None:
        header = QApplication.activeModalWidget()
        assert isinstance(header, VisitHeaderDialog)
        try:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is header)
            assert focused() is header.team
            commit_text(header.team, TEAM)
            qtbot.keyClick(header.team, Qt.Key.Key_Tab)
            commit_text(focused(), ORGANISATION)
            qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter saves and starts the visit
        finally:
            if header.isVisible():
                header.done(0)

    def start_new_visit() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VisitListDialog) and dialog.model.rowCount() == 0
        try:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            QTimer.singleShot(0, fill_header)
            qtbot.keyClick(focused(), Qt.Key.Key_Return)  # no visit yet: Enter starts one
        finally:
            if dialog.isVisible():  # never leave a modal dialog behind a failed test
                dialog.done(0)

    QTimer.singleShot(0, start_new_visit)
    qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(window.editors) == 1
    editor = window.editors[0]
    assert isinstance(editor, VisitEditor)
    with qtbot.waitActive(editor):
        editor.activateWindow()
    return editor
