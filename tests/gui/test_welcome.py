"""The first-run welcome: an empty store says how to import a register (Ctrl+I), add a firm or
try the demo (its command for this store, copied by keyboard); its buttons are reached with Tab
and pressed with Space; it is gone once there are enterprises."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from diagnosis.register import RegisterService
from gui.main_window import MainWindow
from gui.welcome import demo_command
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from tests.gui.conftest import BANK


def _window(
    qtbot: QtBot, store_path: Path, settings: QSettings
) -> tuple[MainWindow, RegisterService]:
    service = RegisterService(SqliteEnterpriseRepository(Store(store_path, verify=False)))

    def factory() -> RegisterService:
        return RegisterService(SqliteEnterpriseRepository(Store(store_path, verify=False)))

    window = MainWindow(service, factory, settings, "en", str(store_path))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1280, 720)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window, service


def _tab_to(qtbot: QtBot, window: MainWindow, name: str) -> None:
    for _ in range(30):
        focused = QApplication.focusWidget()
        if focused is not None and focused.objectName() == name:
            return
        qtbot.keyClick(focused or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}")


def test_welcome_on_an_empty_store_says_how_to_start(
    qtbot: QtBot, store_path: Path, settings: QSettings
) -> None:
    window, _service = _window(qtbot, store_path, settings)
    welcome = window.empty_hint
    assert welcome.isVisible()
    text = welcome.text()
    assert "Ctrl+I" in text and "Ctrl+N" in text
    assert demo_command(str(store_path)) in text and "main.py demo --db" in text
    # By keyboard: Tab to the copy button, Space copies the command for this store.
    _tab_to(qtbot, window, "welcome_copy")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert QApplication.clipboard().text() == demo_command(str(store_path))


def test_welcome_import_button_opens_the_import_by_keyboard(
    qtbot: QtBot, store_path: Path, settings: QSettings
) -> None:
    window, _service = _window(qtbot, store_path, settings)
    asked: list[bool] = []
    window.act_import.triggered.disconnect()
    window.act_import.triggered.connect(lambda: asked.append(True))
    _tab_to(qtbot, window, "welcome_import")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert asked == [True]


def test_welcome_goes_once_there_are_enterprises(
    qtbot: QtBot, store_path: Path, settings: QSettings
) -> None:
    window, service = _window(qtbot, store_path, settings)
    assert window.empty_hint.isVisible()
    service.repo.save([BANK], [])
    window.model.reload()
    assert not window.empty_hint.isVisible()
