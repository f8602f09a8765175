"""The app started as main.py starts it (services.app_opener): the register's first screen comes
from the open check's thread (storage.first_screen), and the window shows the store's own
enterprises in name order; what the user then writes shows at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import services
from diagnosis.demo.enterprises import enterprises
from gui.app import App
from storage import enterprises as enterprise_sql
from storage.store_file import BackgroundCheck


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    store = services.open_store(path)
    services.register_service(store).repo.save(list(enterprises(400)), [])
    store.close()
    return path


@pytest.fixture
def shell(tmp_path: Path, store_path: Path) -> Iterator[App]:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    opener = services.app_opener(store_path)
    app = App(qapp, settings, opener, services.register_service, services.service_factory)
    yield app
    if app.window is not None:
        app.window.close()
        app.window.deleteLater()
    if app.store is not None:
        app.store.close()


def test_first_screen_app_shows_the_early_read_in_name_order(
    shell: App, store_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    BackgroundCheck.running[store_path.resolve()].thread.join()

    def refused(*_args: object) -> None:
        raise AssertionError("the first screen was read again on the main thread")

    with monkeypatch.context() as patched:
        patched.setattr(enterprise_sql, "read_ids_by_name", refused)
        patched.setattr(enterprise_sql, "read_display_rows", refused)
        window = shell.show(store_path, "en")
        assert window is not None
        qtbot.waitUntil(lambda: window.table.isVisible())
        qtbot.waitExposed(window)
    expected = enterprise_sql.read_ids_by_name(shell.store.conn)
    model = window.model
    assert model.rowCount() == 400
    assert [model.id_at(r) for r in range(model.rowCount())] == expected
    names = enterprise_sql.read_display_rows(shell.store.conn, expected[:3])
    shown = [model.index(r, 0).data() for r in range(3)]
    assert shown == [names[i].name for i in expected[:3]]
    # The user's own write shows at once, whatever was read early.
    first = model.enterprise_at(0)
    assert first is not None
    window.service.save(replace(first, name="重命名企业 Renamed"))
    model.reload()
    row = model.row_of(first.id)
    assert row is not None and model.index(row, 0).data() == "重命名企业 Renamed"
