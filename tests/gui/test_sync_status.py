"""The status bar's sync line as a new user meets it: a demo store that was never synced, with
no office server set up, says sync is not set up (its thousands of local records are no work at
risk), the count one hover away; once the store has synced, the count of changes not synced."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

import main
import services
from gui.sync.actions import SyncActions
from storage.sync.client_meta import SINCE, put_meta
from tests.gui.test_app import make_app


def _demo(db: Path) -> None:
    assert main.main(["demo", "--db", str(db), "--enterprises", "30", "--visits", "2"]) == 0


def _status(tmp_path: Path, db: Path, qtbot: QtBot) -> QLabel:
    app = make_app(tmp_path / "settings.ini")
    app.build_counter = services.unsynced_counter
    window = app.show(db, "en")
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.deferred.built, timeout=10_000)
    label = window.findChild(QLabel, "unsynced")
    assert isinstance(label, QLabel)
    qtbot.waitUntil(lambda: label.isVisible() and label.text() != "", timeout=10_000)
    return label


def test_a_never_synced_demo_store_says_sync_is_not_set_up(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SyncActions, "FIRST_COUNT_DELAY_MS", 0)
    db = tmp_path / "demo.sqlite"
    _demo(db)
    label = _status(tmp_path, db, qtbot)
    assert label.text() == "Sync not set up"
    assert "not synced" not in label.text()
    tip = label.toolTip()
    assert "changes are kept on this laptop only" in tip
    assert int(tip.split(" ", 1)[0].replace(",", "")) > 100  # the demo's records, counted


def test_a_store_that_has_synced_counts_its_changes(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SyncActions, "FIRST_COUNT_DELAY_MS", 0)
    db = tmp_path / "demo.sqlite"
    _demo(db)
    store = services.open_store(db)
    with store.conn:
        put_meta(store.conn, SINCE, "7")  # as after a bundle reply or a pull
    store.close()
    label = _status(tmp_path, db, qtbot)
    assert label.text().endswith("changes not synced")
    assert int(label.text().split(" ", 1)[0].replace(",", "")) > 100
