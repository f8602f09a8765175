"""The CA certificate in the app's sync settings, against the real server over TLS in its own
process: a sync refused on the office's self-signed certificate says what to set and where; the
certificate chosen in the settings (its fingerprint shown to compare) is what the next sync
trusts, and that sync goes through."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

import services
from diagnosis.register.service import RegisterService
from diagnosis.sync.ports import SyncService
from gui.register.main_window import MainWindow
from gui.sync.dialog import SyncDialog
from gui.sync.settings import SyncSettings, SyncSettingsDialog
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.sync import server_cert
from tests.gui.conftest import BANK, SEALER
from tests.storage.sync.conftest import ServerProcess, running_server

WAIT = 20_000


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    made = server_cert.make(tmp_path / "tls", ["localhost", "127.0.0.1"], 30)
    return made.cert, made.key


@pytest.fixture
def tls_server(tmp_path: Path, certificate: tuple[Path, Path]) -> Iterator[ServerProcess]:
    yield from running_server(tmp_path, certificate)


def settings_dialog(qtbot: QtBot, settings: QSettings) -> SyncSettingsDialog:
    dialog = SyncSettingsDialog(SyncSettings(settings, SEALER))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_sync_settings_keep_the_ca_certificate_and_show_its_fingerprint(
    qtbot: QtBot, settings: QSettings, certificate: tuple[Path, Path]
) -> None:
    crt, key = certificate
    dialog = settings_dialog(qtbot, settings)
    assert dialog.certificate.fingerprint.isHidden()  # nothing chosen: nothing to compare
    qtbot.keyClicks(dialog.server, "https://127.0.0.1:8443")
    qtbot.keyClicks(dialog.token, "tok-1")

    # Not a certificate (the key, by mistake): refused, said, nothing saved.
    qtbot.keyClicks(dialog.cafile, str(key))
    assert dialog.certificate.fingerprint.text() == "This file holds no certificate."
    qtbot.keyClick(dialog.cafile, Qt.Key.Key_Return)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "certificate file the office gave you" in dialog.error.text()
    assert SyncSettings(settings).cafile() == ""

    dialog.cafile.clear()
    qtbot.keyClicks(dialog.cafile, str(crt))
    expected = server_cert.file_fingerprint(crt)
    assert expected is not None and expected in dialog.certificate.fingerprint.text()
    qtbot.keyClick(dialog.cafile, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert SyncSettings(settings).cafile() == str(crt)

    again = settings_dialog(qtbot, settings)
    assert again.cafile.text() == str(crt)  # shown again, kept when saved as it is
    assert expected in again.certificate.fingerprint.text()
    # A CA certificate means https: a plain http address with it is refused.
    again.server.setText("http://127.0.0.1:8765")
    qtbot.keyClick(again.server, Qt.Key.Key_Return)
    assert again.result() != again.DialogCode.Accepted
    assert "https://" in again.error.text()
    again.server.setText("https://127.0.0.1:8443")
    again.cafile.clear()  # emptied: the system's authorities again
    qtbot.keyClick(again.server, Qt.Key.Key_Return)
    assert again.result() == again.DialogCode.Accepted
    assert SyncSettings(settings).cafile() == ""


def test_the_ca_certificate_set_in_the_settings_is_what_sync_trusts(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    tls_server: ServerProcess,
    certificate: tuple[Path, Path],
) -> None:
    service = RegisterService(SqliteEnterpriseRepository(store))
    service.repo.save([BANK], [])
    token = tls_server.add_user("wang", "office")
    SyncSettings(settings, SEALER).save(tls_server.url, "王工", token)  # no CA certificate yet

    def make(server: str, token: str, cafile: str) -> Callable[[], SyncService]:
        return services.sync_factory(store_path, server, token, cafile)

    make.sealer = SEALER  # type: ignore[attr-defined]  # as gui.app's _SyncMaker carries it
    window = MainWindow(service, factory, settings, "en", "test.sqlite", sync_factory=make)
    qtbot.addWidget(window)
    window.show()
    window.sync_actions.sync()
    sync = window.sync_actions.dialog
    assert isinstance(sync, SyncDialog)
    qtbot.waitUntil(lambda: sync.error is not None, timeout=WAIT)
    # Said in words, with where to set the certificate; the settings one click away.
    assert sync.message.toolTip() == "network.untrusted"
    assert "certificate is not trusted" in sync.message.text()
    assert "Sync settings › CA certificate" in sync.message.text()
    assert "Traceback" not in sync.message.text()
    assert sync.settings_button.isVisible()
    assert tls_server.query("SELECT count(*) FROM records") == [(0,)]

    qtbot.waitUntil(lambda: sync.settings_button.isEnabled(), timeout=WAIT)
    sync.settings_button.click()
    dialog = window.sync_actions.settings_dialog
    assert isinstance(dialog, SyncSettingsDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    qtbot.keyClicks(dialog.cafile, str(certificate[0]))
    qtbot.keyClick(dialog.cafile, Qt.Key.Key_Return)  # saved: the sync runs again

    qtbot.waitUntil(lambda: sync.summary is not None, timeout=WAIT)
    assert sync.summary is not None and sync.summary.sent == 1
    assert SyncSettings(settings).cafile() == str(certificate[0])
    [(count,)] = tls_server.query("SELECT count(*) FROM records WHERE tbl = 'enterprises'")
    assert count == 1
