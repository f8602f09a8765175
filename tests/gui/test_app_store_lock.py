"""A second app on a store another app has open is refused, saying why (issue 13, item 2)."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import services
from gui.app import App
from storage.store_lock import holder_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_app_second_instance_on_a_store_is_refused_with_a_message(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    store = tmp_path / "diagnosis.sqlite"
    first = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "gui", "--db", str(store), "--lang", lang],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        deadline = time.monotonic() + 60
        while holder_of(store) is None:
            assert first.poll() is None and time.monotonic() < deadline, "the first app died"
            time.sleep(0.1)
        qapp = QApplication.instance()
        assert isinstance(qapp, QApplication)
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        opener = functools.partial(services.open_store, writer="app")
        second = App(qapp, settings, opener, services.register_service, services.service_factory)
        told: list[str] = []
        monkeypatch.setattr(App, "_ask_other_file", lambda _self, text: told.append(text))
        assert second.show(store, lang) is None  # type: ignore[arg-type]
        assert second.window is None
        assert str(first.pid) in told[0]
        if lang == "zh":
            assert "工作台程序正在使用数据库" in told[0]
        else:
            assert "The workbench app is using the store" in told[0]
        second.translations.use("en")
    finally:
        first.kill()
        first.wait(timeout=30)
