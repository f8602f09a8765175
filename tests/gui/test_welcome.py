"""The first-run welcome: an empty store says how to import a register (Ctrl+I), add a firm or
open the demo; its buttons are reached with Tab and pressed with Space; "Open the demo" opens a
store of sample firms and complete visits beside this one (which stays empty); the welcome is
gone once there are enterprises."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import services
from diagnosis.register.service import RegisterService
from gui.app import DEMO_STORE_NAME, App
from gui.register.main_window import MainWindow
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
    assert "Ctrl+I" in text and "Ctrl+N" in text and "demo" in text
    # By keyboard: Tab to the demo button, Space asks the app for the demo.
    asked: list[bool] = []
    window.demo_requested.connect(lambda: asked.append(True))
    _tab_to(qtbot, window, "welcome_demo")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert asked == [True]


@pytest.fixture
def shell(tmp_path: Path, qtbot: QtBot) -> App:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    app = App(
        qapp,
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        functools.partial(services.open_store, writer="app"),
        services.register_service,
        services.service_factory,
        build_desk=services.visit_service,
        build_demo=services.demo_filler,
    )
    yield app  # type: ignore[misc]
    if app.window is not None:
        app.window.close()
        app.window.deleteLater()
    app.translations.use("en")
    if app.store is not None:
        app.store.close()


def test_welcome_opens_the_demo_store_beside_the_empty_one(
    shell: App, qtbot: QtBot, tmp_path: Path
) -> None:
    own = tmp_path / "diagnosis.sqlite"
    window = shell.show(own, "en")
    assert window is not None and window.empty_hint.isVisible()
    with qtbot.waitActive(window):
        window.activateWindow()
    _tab_to(qtbot, window, "welcome_demo")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    demo = shell.window
    assert demo is not None and demo is not window
    assert demo.db_path == str(tmp_path / DEMO_STORE_NAME)
    # Filled on a worker while the window is up; then the register shows the sample firms.
    qtbot.waitUntil(lambda: demo.model.rowCount() > 0, timeout=120_000)
    assert not demo.empty_hint.isVisible()
    assert demo.model.total() == 200
    assert "200" in demo.statusBar().currentMessage()
    first = demo.model.enterprise_at(0)
    assert first is not None and first.name
    # Complete visits came with it.
    store = services.open_store(tmp_path / DEMO_STORE_NAME, verify=False)
    try:
        assert len(services.visit_service(store).list()) == 30
    finally:
        store.close()
    # The consultant's own store is untouched: still empty.
    own_store = services.open_store(own, verify=False)
    try:
        assert services.register_service(own_store).count() == 0
    finally:
        own_store.close()


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
