"""Photos that did not get through a sync, shown in the app: the sync dialog names them and the
status bar counts them, until a later sync gets them through. Driven from the keyboard against
the real central server (in a thread of this process) and the app's own sync wiring."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

import services
from diagnosis.register.service import RegisterService
from diagnosis.sync.ports import SyncService
from gui.register.main_window import MainWindow
from gui.sync.actions import SyncActions
from gui.sync.dialog import SyncDialog
from gui.sync.settings import SyncSettings
from storage.database import Store
from storage.sync import client_photos
from storage.sync.client import SyncClient
from storage.sync.server_db import ServerStore
from storage.sync.server_photos import TIMEOUT_ENV, PhotoUpload
from storage.sync.transport import HttpTransport
from tests.gui.conftest import SEALER
from tests.storage.sync.test_server_support import served

WAIT = 30_000
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
DISTRICT = "330206"
CODES = ("91330200711192037M", "91330200704800698F")


def picture(path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    Image.frombytes("RGB", (96, 72), rng.randbytes(96 * 72 * 3)).save(path, "JPEG")
    return path


def visit_with_photos(store: Store, tmp: Path, code: str, seeds: tuple[int, ...]) -> list[str]:
    """An enterprise, a visit and one finding per photo, typed in through the app's services."""
    from diagnosis.register.enterprise import Enterprise

    register, desk = services.register_service(store), services.visit_service(store)
    eid = register.save(
        Enterprise(name=f"宁波测试企业 {code[-4:]}", credit_code=code, district=DISTRICT),
        create=True,
    ).enterprise.id
    vid = desk.start(eid, "2024-03-28", ["王工"]).visit.id
    shas: list[str] = []
    for seed in seeds:
        found = desk.add_finding(
            vid, "energy", "major", f"问题 {seed}", [picture(tmp / f"{seed}.jpg", seed)]
        )
        shas += found.photos
    return shas


@pytest.fixture
def central(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ServerStore, str]]:
    """The real server on loopback, with uploads held for a minute before they expire."""
    monkeypatch.setenv(TIMEOUT_ENV, "60")
    monkeypatch.setattr(client_photos, "RETRY_PAUSE", 0.05)
    store = ServerStore(tmp_path / "central" / "central.sqlite")
    with served(store) as url:
        yield store, url
    store.close()


def hold(store: ServerStore, sha: str) -> PhotoUpload:
    """An upload of ``sha`` that has begun and sends nothing (another laptop's, stalled)."""
    return store.photos.begin(sha, 0, size=10_000)


def press_sync(qtbot: QtBot, window: MainWindow) -> SyncDialog:
    window.activateWindow()  # window shortcuts only fire in the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL_SHIFT)
    qtbot.waitUntil(lambda: isinstance(window.sync_actions.dialog, SyncDialog), timeout=WAIT)
    dialog = window.sync_actions.dialog
    assert isinstance(dialog, SyncDialog)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=WAIT)
    return dialog


def test_sync_photos_not_through_are_shown_then_cleared_by_a_later_sync(
    qtbot: QtBot,
    tmp_path: Path,
    central: tuple[ServerStore, str],
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, url = central
    monkeypatch.setattr(SyncActions, "FIRST_COUNT_DELAY_MS", 0)
    # chen, a consultant, sends a visit with two photos; one of them is held by a stalled upload.
    chen_token = server.add_user("chen", "consultant", [DISTRICT])
    chen_store = Store(tmp_path / "chen" / "diagnosis.sqlite", user="chen")
    (tmp_path / "pics").mkdir()
    chen_shas = visit_with_photos(chen_store, tmp_path / "pics", CODES[0], (1, 2))
    held = [hold(server, chen_shas[1])]
    chen_line = HttpTransport(url, chen_token)
    chen = SyncClient(chen_store, chen_line, chen_store.photos())
    assert chen.sync(lambda *_: None).photos_unsent == (chen_shas[1],)

    # The office's own laptop has a finding whose photo is held too.
    office_db = tmp_path / "office" / "diagnosis.sqlite"
    office_store = Store(office_db, user="office")
    (own,) = visit_with_photos(office_store, tmp_path / "pics", CODES[1], (3,))
    office_store.close()
    held.append(hold(server, own))

    token = server.add_user("office", "office", [])
    SyncSettings(settings, SEALER).save(url, "办公室", token)

    def make(server_url: str, tok: str, *tls: str) -> Callable[[], SyncService]:
        return services.sync_factory(office_db, server_url, tok, *tls)

    make.sealer = SEALER  # type: ignore[attr-defined]  # as gui.app's _SyncMaker carries it
    window = MainWindow(
        filled_service,
        factory,
        settings,
        "en",
        "test.sqlite",
        sync_factory=make,
        unsynced_counter=services.unsynced_counter(office_db),
    )
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()

    dialog = press_sync(qtbot, window)
    assert dialog.heading.text() == "Sync finished; 2 photos did not get through."
    assert dialog.values["photos"].text() == "0 / 1"  # chen's first photo came
    assert dialog.photos_left.isVisibleTo(dialog)
    assert dialog.photos_left.text() == "1 to send, 1 missing; the next sync tries again"
    details = dialog.details.toPlainText()
    assert "Photos not on the server yet (sent at the next sync):\n  " + own in details
    assert "Photos not received" in details and chen_shas[1] in details
    label = window.sync_actions.status
    qtbot.waitUntil(
        lambda: label.text() == "All changes synced · 2 photos not synced", timeout=WAIT
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closes the finished sync
    qtbot.waitUntil(lambda: window.sync_actions.dialog is None, timeout=WAIT)

    for upload in held:  # the stalled uploads end; chen's laptop sends its photo again
        upload.close()
    assert chen.sync(lambda *_: None).photos_unsent == ()
    chen_line.close()
    chen_store.close()
    dialog = press_sync(qtbot, window)
    assert dialog.heading.text() == "Sync finished."
    assert dialog.values["photos"].text() == "1 / 1"
    assert not dialog.photos_left.isVisibleTo(dialog)
    assert "Photos not" not in dialog.details.toPlainText()
    qtbot.waitUntil(lambda: label.text() == "All changes synced", timeout=WAIT)
