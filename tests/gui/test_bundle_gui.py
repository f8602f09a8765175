"""The offline bundle in the app (Sync menu): export a request with the saved token, import the
reply and see the same summary as a sync; errors shown with their reason, a cancelled file dialog
changes nothing. Against a fake bundle service, then once through the real one and a real
central store answering the request in between."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMenu
from pytestqt.qtbot import QtBot

import services
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.service import RegisterService
from diagnosis.sync.ports import SyncError, SyncSummary
from gui.register.main_window import MainWindow
from gui.sync.bundle_actions import BundleDialog
from gui.sync.settings import SyncSettings, SyncSettingsDialog
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.photos import PhotoStore
from storage.sync.bundle import answer_request, export_request
from storage.sync.server_db import ServerStore
from tests.gui.conftest import BANK, SEALER, YOUNGOR

WAIT = 5000
SERVER = "https://sync.example.org:8443"
WRITTEN = {"path": "", "batches": 1, "changes": 7, "photos": 2, "since": 0}


class FakeBundles:
    """The BundleService port, scripted: what an export writes, an import's summary or error."""

    def __init__(self, summary: SyncSummary | None = None, error: Exception | None = None):
        self.summary = summary or SyncSummary(sent=3, received=5, conflicts=0)
        self.error = error
        self.exported: list[tuple[Path, str]] = []
        self.imported: list[Path] = []

    def export(self, out: Path, token: str) -> dict[str, Any]:
        self.exported.append((out, token))
        if self.error is not None:
            raise self.error
        out.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip will do for the dialog
        return {**WRITTEN, "path": str(out)}

    def import_reply(self, path: Path) -> SyncSummary:
        self.imported.append(path)
        if self.error is not None:
            raise self.error
        return self.summary


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """The token goes to the settings file: no test reaches the real keyring."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What the file dialogs answer ("" is Cancel); each call is counted."""
    answers = {"save": "", "open": "", "asked": ""}

    def save(*_args: object, **_kwargs: object) -> tuple[str, str]:
        answers["asked"] += "s"
        return answers["save"], ""

    def open_(*_args: object, **_kwargs: object) -> tuple[str, str]:
        answers["asked"] += "o"
        return answers["open"], ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_)
    return answers


def bundle_window(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    bundles: Callable[[], Any],
    counter: Callable[[], int] | None = None,
    lang: str = "en",
) -> MainWindow:
    def make(_server: str, _token: str, _cafile: str) -> Callable[[], None]:
        return lambda: None

    make.sealer = SEALER  # type: ignore[attr-defined]  # as gui.app's _SyncMaker carries it
    window = MainWindow(
        service,
        factory,
        settings,
        lang,  # type: ignore[arg-type]
        "test.sqlite",
        sync_factory=make,  # type: ignore[arg-type]
        unsynced_counter=counter,
        bundle_factory=bundles,
    )
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def configure(settings: QSettings, token: str = "tok-123") -> None:
    SyncSettings(settings, SEALER).save(SERVER, "王工", token)


def run_dialog(qtbot: QtBot, window: MainWindow, action: str) -> BundleDialog:
    getattr(window.bundle_actions, f"act_{action}").trigger()
    dialog = window.bundle_actions.dialog
    assert isinstance(dialog, BundleDialog)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=WAIT)
    return dialog


def test_bundle_menu_lists_export_and_import(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = bundle_window(qtbot, service, factory, settings, FakeBundles)
    menu = window.findChild(QMenu, "sync_menu")
    assert isinstance(menu, QMenu)
    texts = [a.text() for a in menu.actions()]
    assert texts == [
        "&Sync now…",
        "Sync &conflicts…",
        "",
        "&Export sync bundle…",
        "&Import sync reply…",
        "",
        "Sync se&ttings…",
    ]


def test_bundle_export_writes_the_file_and_says_what_went_in(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    chosen: dict[str, str],
    tmp_path: Path,
) -> None:
    configure(settings)
    fake = FakeBundles()
    window = bundle_window(qtbot, service, factory, settings, lambda: fake)
    chosen["save"] = str(tmp_path / "usb" / "office")  # no suffix typed: .zip is added
    (tmp_path / "usb").mkdir()
    dialog = run_dialog(qtbot, window, "export")
    out = tmp_path / "usb" / "office.zip"
    assert fake.exported == [(out, "tok-123")] and out.is_file()
    assert dialog.heading.text() == "Sync bundle written."
    assert (dialog.records.text(), dialog.photos.text()) == ("7", "2")
    assert "office.zip.reply" in dialog.hint.text()
    assert dialog.written_box.isVisible() and dialog.summary_box.isHidden()
    assert str(out) in dialog.where.text()
    assert dialog.close_button.isEnabled() and dialog.close_button.hasFocus()
    assert settings.value("sync/bundle_folder") == str(tmp_path / "usb")  # asked there next time
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.bundle_actions.dialog is None, timeout=WAIT)


def test_bundle_export_without_a_token_asks_for_the_settings_first(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    chosen: dict[str, str],
) -> None:
    fake = FakeBundles()
    window = bundle_window(qtbot, service, factory, settings, lambda: fake)
    window.bundle_actions.act_export.trigger()
    asked = window.sync_actions.settings_dialog
    assert isinstance(asked, SyncSettingsDialog) and asked.isVisible()
    assert chosen["asked"] == "" and fake.exported == []
    asked.reject()


def test_bundle_import_shows_the_sync_summary_and_refreshes_the_register(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    chosen: dict[str, str],
    tmp_path: Path,
) -> None:
    summary = SyncSummary(
        sent=7,
        received=12,
        conflicts=1,
        merged=0,
        photos_sent=2,
        photos_received=3,
        revisions=("雅戈尔集团股份有限公司 2024-03-28: revision 2",),
        rejected=("findings/f-1: a record of another district",),
    )
    fake = FakeBundles(summary=summary)
    counts = [7]
    window = bundle_window(qtbot, service, factory, settings, lambda: fake, lambda: counts[-1])
    reloaded: list[int] = []
    window.sync_actions.reload = lambda: reloaded.append(1)  # type: ignore[method-assign]
    counts.append(0)
    chosen["open"] = str(tmp_path / "office.zip.reply")
    dialog = run_dialog(qtbot, window, "import")
    assert fake.imported == [tmp_path / "office.zip.reply"]
    assert dialog.heading.text() == "Reply imported; 1 conflict needs you."
    shown = {key: label.text() for key, label in dialog.values.items()}
    assert shown == {
        "sent": "7",
        "received": "12",
        "merged": "0",
        "conflicts": "1",
        "photos": "2 / 3",
        "revisions": "1",
        "rejected": "1",
    }
    assert "findings/f-1: a record of another district" in dialog.details.toPlainText()
    assert dialog.written_box.isHidden()
    assert dialog.conflicts_button.isVisible() and dialog.conflicts_button.hasFocus()
    assert reloaded == [1]
    label = window.sync_actions.status
    qtbot.waitUntil(lambda: label.text() == "All changes synced", timeout=WAIT)


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (
            SyncError("bundle.foreign", "office.zip.reply answers another request"),
            "another laptop's",
        ),
        (
            SyncError("bundle.unusable", "office.zip.reply is not a sync bundle: bad zip"),
            "damaged",
        ),
        (
            SyncError("auth.invalid", "The token is unknown or has been revoked."),
            "refused the token",
        ),
    ],
)
def test_bundle_import_error_shows_its_reason_in_the_dialog(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    chosen: dict[str, str],
    tmp_path: Path,
    error: SyncError,
    said: str,
) -> None:
    fake = FakeBundles(error=error)
    window = bundle_window(qtbot, service, factory, settings, lambda: fake)
    chosen["open"] = str(tmp_path / "office.zip.reply")
    dialog = run_dialog(qtbot, window, "import")
    assert dialog.heading.text() == "The reply was not imported."
    assert said in dialog.message.text()
    assert f"Reason: {error.reason}" in dialog.message.text()
    assert dialog.message.toolTip() == error.code
    assert dialog.summary_box.isHidden() and dialog.message.isVisible()
    assert dialog.settings_button.isVisible() == error.code.startswith("auth.")
    assert dialog.close_button.isEnabled()


def test_bundle_export_error_shows_its_reason(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    chosen: dict[str, str],
    tmp_path: Path,
) -> None:
    configure(settings)
    error = SyncError("bundle.unwritable", "cannot write /media/usb/office.zip: read-only")
    window = bundle_window(qtbot, service, factory, settings, lambda: FakeBundles(error=error))
    chosen["save"] = str(tmp_path / "office.zip")
    dialog = run_dialog(qtbot, window, "export")
    assert dialog.heading.text() == "The sync bundle was not written."
    assert "read-only" in dialog.message.text() and "another folder" in dialog.message.text()
    assert dialog.written_box.isHidden()


def test_bundle_cancelled_file_dialog_does_nothing(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    chosen: dict[str, str],
) -> None:
    configure(settings)
    made: list[int] = []
    fake = FakeBundles()

    def bundles() -> FakeBundles:
        made.append(1)
        return fake

    window = bundle_window(qtbot, service, factory, settings, bundles)
    window.bundle_actions.act_export.trigger()
    window.bundle_actions.act_import.trigger()
    assert chosen["asked"] == "so"
    assert window.bundle_actions.dialog is None
    assert made == [] and fake.exported == [] and fake.imported == []
    assert settings.value("sync/bundle_folder") is None


def test_bundle_menu_speaks_chinese(
    qtbot: QtBot,
    chinese: None,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    chosen: dict[str, str],
    tmp_path: Path,
) -> None:
    window = bundle_window(qtbot, service, factory, settings, FakeBundles, lang="zh")
    actions = window.bundle_actions
    assert (actions.act_export.text(), actions.act_import.text()) == (
        "导出同步包(&E)…",
        "导入同步回复(&I)…",
    )
    chosen["open"] = str(tmp_path / "office.zip.reply")
    dialog = run_dialog(qtbot, window, "import")
    assert dialog.heading.text() == "回复已导入。"
    assert dialog.close_button.text() == "关闭"


# Through the real bundle service, with a real central store answering in between


def test_bundle_round_trip_with_the_real_service_and_central_store(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    chosen: dict[str, str],
    tmp_path: Path,
) -> None:
    central = ServerStore(tmp_path / "central" / "store.sqlite")
    try:
        # Another laptop has put an enterprise on the server already.
        chen = Store(tmp_path / "chen" / "store.sqlite", user="chen")
        theirs = Enterprise(name="宁波甬明精密机械有限公司", credit_code="91330206MA2GQ5XK3D")
        SqliteEnterpriseRepository(chen).save([theirs.with_values(district="330206")], [])
        request = tmp_path / "chen.zip"
        chen_token = central.add_user("chen", "office", [])
        export_request(chen, PhotoStore(tmp_path / "chen" / "photos"), request, chen_token)
        chen.close()
        answer_request(central, request, tmp_path / "chen.zip.reply")

        # This laptop: two enterprises, one edited since it was entered.
        service = RegisterService(SqliteEnterpriseRepository(store))
        service.repo.save([BANK, YOUNGOR], [])
        service.save(BANK.with_values(employees=2600))
        token = central.add_user("wang", "office", [])
        configure(settings, token)
        window = bundle_window(
            qtbot,
            service,
            factory,
            settings,
            services.bundle_factory(store_path),
            services.unsynced_counter(store_path),
        )
        assert window.model.total() == 2

        chosen["save"] = str(tmp_path / "usb" / "wang.zip")
        exported = run_dialog(qtbot, window, "export")
        assert exported.error is None, exported.message.text()
        assert (exported.records.text(), exported.photos.text()) == ("2", "0")
        exported.close_button.click()
        qtbot.waitUntil(lambda: window.bundle_actions.dialog is None, timeout=WAIT)

        # On the server machine.
        answered = answer_request(central, tmp_path / "usb" / "wang.zip", tmp_path / "usb" / "r")
        assert answered["user"] == "wang" and answered["changes"] == 2
        wang = central.authenticate(central.add_user("reader", "office", []))
        assert wang is not None
        on_server = {
            c["data"]["credit_code"]: c["data"]
            for c in central.pull(wang, 0, 100)["changes"]
            if c["table"] == "enterprises"
        }
        assert on_server[BANK.credit_code]["employees"] == 2600  # the laptop's edit

        chosen["open"] = str(tmp_path / "usb" / "r")
        imported = run_dialog(qtbot, window, "import")
        assert imported.summary is not None, imported.message.text()
        assert (imported.summary.sent, imported.summary.conflicts) == (2, 0)
        assert imported.summary.rejected == ()
        assert imported.values["received"].text() == str(imported.summary.received)
        assert service.repo.by_codes([theirs.credit_code])  # the server's record, here
        qtbot.waitUntil(lambda: window.model.total() == 3, timeout=WAIT)
        label = window.sync_actions.status
        qtbot.waitUntil(lambda: label.text() == "All changes synced", timeout=WAIT)
        imported.close_button.click()
        qtbot.waitUntil(lambda: window.bundle_actions.dialog is None, timeout=WAIT)

        # The same reply again: refused with its reason, nothing changed.
        again = run_dialog(qtbot, window, "import")
        assert again.summary is None and again.message.toolTip() == "bundle.stale"

        # Another laptop's reply while this one waits on an answer of its own: not applied.
        service.save(YOUNGOR.with_values(employees=9100))
        bundles = services.bundle_factory(store_path)()
        assert bundles.export(tmp_path / "usb" / "wang-2.zip", token)["changes"] == 1
        with pytest.raises(SyncError) as caught:
            bundles.import_reply(tmp_path / "chen.zip.reply")
        assert caught.value.code == "bundle.foreign"
    finally:
        central.close()
