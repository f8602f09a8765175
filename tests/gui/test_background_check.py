"""The whole-file check in the app (gui.store_check_ui): after the first paint when due (here:
after an unclean shutdown), on demand from the File menu; damage found after the window is up
is reported in the status bar and a message saying what to do, and nothing more is written."""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

import services
from diagnosis.demo.enterprises import enterprises
from gui import store_check_ui
from gui.app import App
from storage import sqlite_cipher
from storage.keys import key_for
from storage.store_messages import StoreError
from tests.main_process import ROOT

_KILLED_APP = """
import os, sys
from pathlib import Path
import services
services.open_store(Path(sys.argv[1]), writer="app")
os._exit(9)
"""


@pytest.fixture
def app(tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    monkeypatch.setattr(store_check_ui, "START_DELAY_MS", 0)
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    opener = functools.partial(services.open_store, background=True, writer="app")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    shell = App(qapp, settings, opener, services.register_service, services.service_factory)
    yield shell
    if shell.window is not None:
        shell.window.close()
        shell.window.deleteLater()
    shell.translations.use("en")  # the application's translators outlive this test
    if shell.store is not None:
        shell.store.close()


def _store(path: Path, *, damaged: bool = False) -> None:
    store = services.open_store(path)
    services.register_service(store).repo.save(list(enterprises(200)), [])
    store.conn.execute("CREATE TABLE t (x INTEGER, y INTEGER)")
    store.conn.execute("CREATE INDEX t_x ON t(x)")
    store.conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, 500 - i) for i in range(40)])
    store.close()
    if damaged:  # only the whole-file check finds it: index t_x disagrees with its table
        conn = sqlite_cipher.connect(path, key_for(path, create=False).raw)
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX t_x ON t(y)' WHERE name='t_x'")
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
        conn.close()
    # The app that had it open was killed: the next start owes it the whole-file check.
    subprocess.run([sys.executable, "-c", _KILLED_APP, str(path)], cwd=ROOT, check=False)


def _label(app: App) -> str:
    assert app.window is not None
    label = app.window.statusBar().findChild(QLabel, "store_check")
    assert label is not None
    return label.text()


def test_background_check_after_unclean_shutdown_passes(
    app: App, tmp_path: Path, qtbot: QtBot
) -> None:
    db = tmp_path / "store.sqlite"
    _store(db)
    window = app.show(db, "en")
    assert window is not None and window.isVisible()
    assert app.store.full_check_due == "unclean"
    qtbot.waitUntil(lambda: _label(app) == "Store checked: no damage", timeout=30_000)
    assert app.store.full_check_due is None


def test_background_check_reports_damage_found_after_open(
    app: App, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.sqlite"
    _store(db, damaged=True)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: told.append(text))
    window = app.show(db, "en")
    assert window is not None and window.isVisible()  # the open check passed: work goes on
    qtbot.waitUntil(lambda: bool(told), timeout=30_000)
    assert "damaged" in told[0] and "t_x" in told[0] and "Make a copy" in told[0]
    assert "damaged" in _label(app)
    assert window.isVisible()  # reported, the window stays
    with pytest.raises(StoreError):  # and nothing more is written to the damaged file
        app.store.write("enterprises", [{"id": "x", "name": "新企业", "credit_code": "X1"}])


def test_background_check_on_demand_from_the_file_menu(
    app: App, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.sqlite"
    store = services.open_store(db)
    services.register_service(store).repo.save(list(enterprises(50)), [])
    store.close()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    window = app.show(db, "zh")
    assert window is not None
    action = window.findChild(QAction, "store_check")
    assert action is not None
    menus = [w for w in action.associatedObjects() if w is not window]
    assert menus, "the action is in the File menu"
    action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=30_000)
    assert app.store.full_check_due is None
