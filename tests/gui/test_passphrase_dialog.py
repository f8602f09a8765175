"""A fresh machine has no keyring: the app asks for the store's passphrase (issue 13, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import services
from gui.app import App
from gui.passphrase_dialog import PassphraseDialog
from storage import keys


def _app(tmp_path: Path) -> App:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return App(
        qapp, settings, services.open_store, services.register_service, services.service_factory
    )


def _answer(qtbot: QtBot, typed: list[tuple[str, str]], seen: list[str]) -> None:
    """Type into the next passphrase dialogs as a user would (each in turn), noting them."""

    def fill() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, PassphraseDialog)), None
        )
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, fill)
            return
        first, again = typed.pop(0)
        seen.append(dialog.findChild(type(dialog.error), "passphrase_intro").text())
        seen.append(dialog.error.text() if dialog.error.isVisible() else "")
        dialog.passphrase.clear()
        dialog.again.clear()
        qtbot.keyClicks(dialog.passphrase, first)
        if dialog.new:
            qtbot.keyClicks(dialog.again, again)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        if typed:
            QTimer.singleShot(20, fill)

    QTimer.singleShot(20, fill)


@pytest.fixture
def no_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIAGNOSIS_STORE_PASSPHRASE")
    monkeypatch.setattr(keys, "_unlocked", {})  # as a new process


def test_passphrase_new_store_asks_for_one_twice(
    tmp_path: Path, qtbot: QtBot, no_passphrase: None
) -> None:
    app = _app(tmp_path)
    seen: list[str] = []
    _answer(qtbot, [("short", "short"), ("field laptop 7", "field laptop 7")], seen)
    window = app.show(tmp_path / "new.sqlite", "zh")
    assert window is not None
    assert "请设定一个口令" in seen[0]
    assert "至少需要 8 个字符" in seen[3]  # the too short one, refused by the dialog itself
    app.store.close()
    window.close()
    app.translations.use("en")
    # Another start: the passphrase opens it, a wrong one is refused with the store's words.
    keys._unlocked.clear()
    again = _app(tmp_path)
    seen.clear()
    _answer(qtbot, [("wrong passphrase", ""), ("field laptop 7", "")], seen)
    window = again.show(tmp_path / "new.sqlite", "en")
    assert window is not None
    assert "Type its passphrase" in seen[0]
    assert "Wrong passphrase" in seen[3]
    again.store.close()
    window.close()
    again.translations.use("en")


def test_passphrase_given_up_opens_nothing(
    tmp_path: Path, qtbot: QtBot, no_passphrase: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PassphraseDialog, "exec", lambda _self: 0)
    app = _app(tmp_path)
    assert app.show(tmp_path / "new.sqlite", "en") is None
    assert not (tmp_path / "new.sqlite").exists()
