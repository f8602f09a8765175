"""Sync in the app, driven from the keyboard against a fake sync service: the settings (token in
the keyring, or in the settings file when there is none), a sync with progress, cancel, errors
and its summary, the unsynced count in the status bar, and settling conflicts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from diagnosis.register.service import RegisterService
from diagnosis.sync.ports import ConflictSide, ConflictView, Progress, SyncError, SyncSummary
from gui.register.main_window import MainWindow
from gui.sync.actions import SyncActions
from gui.sync.conflicts_dialog import ConflictsDialog, pretty
from gui.sync.dialog import SyncDialog
from gui.sync.settings import KEYRING_SERVICE, SyncSettings, SyncSettingsDialog, normalise_server
from tests.gui.conftest import SEALER
from tests.gui.keys import commit_text

WAIT = 5000
SERVER = "https://sync.example.org:8443"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


class FakeSync:
    """The SyncService port, scripted: the stages it reports, an error, conflicts to settle.
    With ``hold`` it stops after the first report until the test lets it go on."""

    def __init__(
        self,
        stages: tuple[tuple[str, int, int], ...] = (("push", 0, 2), ("push", 2, 2)),
        summary: SyncSummary | None = None,
        error: Exception | None = None,
        conflicts: list[ConflictView] | None = None,
        hold: bool = False,
    ) -> None:
        self.stages = stages
        self.summary = summary or SyncSummary(sent=2, received=0, conflicts=0)
        self.error = error
        self.open = list(conflicts or [])
        self.resolved: list[tuple[str, str]] = []
        self.reported: list[tuple[str, int, int]] = []
        self.reached, self.go_on = threading.Event(), threading.Event()
        self.hold = hold
        self.count = 0

    def unsynced(self) -> int:
        return self.count

    def sync(self, progress: Progress) -> SyncSummary:
        for stage in self.stages:
            progress(*stage)  # raises when the user cancelled
            self.reported.append(stage)
            if self.hold and not self.reached.is_set():
                self.reached.set()
                self.go_on.wait(WAIT / 1000)
        if self.error is not None:
            raise self.error
        return self.summary

    def conflicts(self) -> list[ConflictView]:
        return list(self.open)

    def resolve(self, conflict_id: str, value: str) -> None:
        self.resolved.append((conflict_id, value))
        self.open = [c for c in self.open if c.id != conflict_id]


def conflict(cid: str, field: str, ours: str, theirs: str, context: str) -> ConflictView:
    return ConflictView(
        id=cid,
        table="enterprises",
        record_id=f"r-{cid}",
        field=field,
        context=context,
        base="old",
        ours=ConflictSide(ours, "wang", "2024-03-28T08:15:02Z"),
        theirs=ConflictSide(theirs, "chen", "2024-03-29T01:00:00Z"),
    )


CONFLICTS = [
    conflict("c1", "contact_phone", "0574-1111", "0574-2222", "宁波银行股份有限公司"),
    conflict("c2", "employees", "2500", "2600", "雅戈尔集团股份有限公司"),
    conflict("c3", "address", "宁波市鄞州区", "宁波市江北区", "宁波银行股份有限公司"),
]


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """No test here reaches the real keyring: the fail backend unless a test sets another."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def quick_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SyncActions, "FIRST_COUNT_DELAY_MS", 0)


def sync_window(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    fake: FakeSync,
    counter: Callable[[], int] | None = None,
    lang: str = "en",
) -> MainWindow:
    made: list[tuple[str, str]] = []

    def make(server: str, token: str, _cafile: str) -> Callable[[], FakeSync]:
        made.append((server, token))
        return lambda: fake

    make.sealer = SEALER  # type: ignore[attr-defined]  # as gui.app's _SyncMaker carries it
    window = MainWindow(
        service,
        factory,
        settings,
        lang,  # type: ignore[arg-type]
        "test.sqlite",
        sync_factory=make,  # type: ignore[arg-type]
        unsynced_counter=counter,
    )
    window.made = made  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # window shortcuts only fire in the active window
        window.show()
        window.activateWindow()
    return window


def configure(settings: QSettings, token: str = "tok-123") -> None:
    SyncSettings(settings, SEALER).save(SERVER, "王工", token)


def press_sync(qtbot: QtBot, window: MainWindow) -> SyncDialog:
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL_SHIFT)
    qtbot.waitUntil(lambda: window.sync_actions.dialog is not None, timeout=WAIT)
    dialog = window.sync_actions.dialog
    assert isinstance(dialog, SyncDialog)
    return dialog


# Settings


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("https://sync.example.org:8443/", "https://sync.example.org:8443"),
        ("http://192.168.1.20:8765", "http://192.168.1.20:8765"),
        (" https://office ", "https://office"),
        ("ftp://office", None),
        ("https://office/api", None),
        ("https://office:99999", None),
        ("https://user@office", None),
        ("office:8765", None),
        ("https://", None),
    ],
)
def test_sync_settings_server_address_is_checked(typed: str, saved: str | None) -> None:
    assert normalise_server(typed) == saved


def test_sync_settings_token_goes_to_the_keyring_and_is_never_shown(
    qtbot: QtBot, settings: QSettings, memory_keyring: MemoryKeyring
) -> None:
    dialog = SyncSettingsDialog(SyncSettings(settings))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "keyring" in dialog.note.text() and "MemoryKeyring" in dialog.note.text()
    qtbot.keyClicks(dialog.server, "https://sync.example.org:8443/")
    qtbot.keyClick(dialog.server, Qt.Key.Key_Tab)
    commit_text(dialog.user, "王工")
    qtbot.keyClick(dialog.user, Qt.Key.Key_Tab)
    assert dialog.token.hasFocus() or dialog.focusWidget() is dialog.token
    qtbot.keyClicks(dialog.token, "secret-token-1")
    qtbot.keyClick(dialog.token, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert memory_keyring.passwords == {(KEYRING_SERVICE, SERVER): "secret-token-1"}
    settings.sync()
    stored = Path(settings.fileName()).read_text(encoding="utf-8")
    assert "secret-token-1" not in stored
    saved = SyncSettings(settings)
    assert (saved.server(), saved.user(), saved.token()) == (SERVER, "王工", "secret-token-1")
    assert saved.token_place() == "keyring"

    again = SyncSettingsDialog(SyncSettings(settings))
    qtbot.addWidget(again)
    again.show()
    assert again.token.text() == ""  # only replaced, never shown
    assert "keyring" in again.token_state.text()
    texts = [w.text() for w in again.findChildren(type(again.token_state))]
    assert not any("secret-token-1" in t for t in texts)
    # Saving with the token field empty keeps the token; a new one replaces it.
    qtbot.keyClicks(again.token, "secret-token-2")
    qtbot.keyClick(again.token, Qt.Key.Key_Return)
    assert memory_keyring.passwords == {(KEYRING_SERVICE, SERVER): "secret-token-2"}


def test_sync_settings_without_keyring_uses_the_settings_file_and_says_so(
    qtbot: QtBot, settings: QSettings
) -> None:
    dialog = SyncSettingsDialog(SyncSettings(settings, SEALER))
    qtbot.addWidget(dialog)
    dialog.show()
    assert settings.fileName() in dialog.note.text()
    assert "encrypted with this store's key" in dialog.note.text()
    qtbot.keyClicks(dialog.server, "http://10.0.0.5:8765")
    qtbot.keyClicks(dialog.token, "tok-fallback")
    qtbot.keyClick(dialog.token, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = SyncSettings(settings, SEALER)
    assert saved.token_place() == "settings" and saved.token() == "tok-fallback"
    settings.sync()
    assert b"tok-fallback" not in Path(settings.fileName()).read_bytes()  # never in clear
    assert SyncSettings(settings).token() == ""  # without the store's key: nothing
    again = SyncSettingsDialog(saved)
    qtbot.addWidget(again)
    assert settings.fileName() in again.token_state.text()
    assert again.token.text() == ""


def test_sync_settings_seal_a_token_an_earlier_version_kept_in_clear(settings: QSettings) -> None:
    settings.setValue(SyncSettings.SERVER_KEY, SERVER)
    settings.setValue(SyncSettings.PLACE_KEY, "settings")
    settings.setValue(SyncSettings.TOKEN_KEY, "tok-in-clear")
    settings.sync()
    assert SyncSettings(settings, SEALER).token() == "tok-in-clear"
    settings.sync()
    assert b"tok-in-clear" not in Path(settings.fileName()).read_bytes()
    assert SyncSettings(settings, SEALER).token() == "tok-in-clear"


def test_sync_settings_refuses_a_bad_address_and_a_missing_token(
    qtbot: QtBot, settings: QSettings
) -> None:
    dialog = SyncSettingsDialog(SyncSettings(settings))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.server, "sync.example.org/api")
    qtbot.keyClick(dialog.server, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "https://host" in dialog.error.text()
    dialog.server.clear()
    qtbot.keyClicks(dialog.server, SERVER)
    qtbot.keyClick(dialog.server, Qt.Key.Key_Return)
    assert dialog.isVisible() and "token" in dialog.error.text()
    assert SyncSettings(settings).server() == ""


# Sync


def test_sync_shows_progress_then_the_summary(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    memory_keyring: MemoryKeyring,
) -> None:
    configure(settings)
    summary = SyncSummary(
        sent=7,
        received=12,
        conflicts=2,
        merged=3,
        photos_sent=4,
        photos_received=5,
        revisions=("雅戈尔集团股份有限公司 2024-03-28: revision 2",),
        rejected=("findings/f-1: a record of another district",),
    )
    fake = FakeSync(
        stages=(("push", 1, 3), ("photos", 1, 1), ("pull", 500, 1200)),
        summary=summary,
        conflicts=CONFLICTS,
        hold=True,
    )
    window = sync_window(qtbot, filled_service, factory, settings, fake)
    dialog = press_sync(qtbot, window)
    assert window.made == [(SERVER, "tok-123")]  # type: ignore[attr-defined]
    assert not window.sync_actions.act_sync.isEnabled()  # one sync at a time
    qtbot.waitUntil(lambda: "1 of 3" in dialog.heading.text(), timeout=WAIT)
    assert dialog.heading.text() == "Sending changes: 1 of 3"
    assert (dialog.progress.value(), dialog.progress.maximum()) == (1, 3)
    assert dialog.close_button.text() == "Cancel"
    fake.go_on.set()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=WAIT)
    assert "2 conflicts" in dialog.heading.text()
    shown = {key: label.text() for key, label in dialog.values.items()}
    assert shown == {
        "sent": "7",
        "received": "12",
        "merged": "3",
        "conflicts": "2",
        "photos": "4 / 5",
        "revisions": "1",
        "rejected": "1",
    }
    details = dialog.details.toPlainText()
    assert "findings/f-1: a record of another district" in details
    assert "雅戈尔集团股份有限公司 2024-03-28: revision 2" in details
    assert dialog.conflicts_button.isVisible() and dialog.conflicts_button.hasFocus()
    qtbot.waitUntil(lambda: window.sync_actions.act_sync.isEnabled(), timeout=WAIT)
    # Show conflicts, from the keyboard: the button has the focus.
    qtbot.keyClick(dialog.conflicts_button, Qt.Key.Key_Space)
    conflicts = window.sync_actions.conflicts_dialog
    assert isinstance(conflicts, ConflictsDialog) and conflicts.model.rowCount() == 3
    conflicts.close()
    dialog.close_button.click()
    qtbot.waitUntil(lambda: window.sync_actions.dialog is None, timeout=WAIT)


def test_sync_cancel_stops_and_says_the_next_sync_carries_on(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    memory_keyring: MemoryKeyring,
) -> None:
    configure(settings)
    fake = FakeSync(stages=(("push", 0, 4), ("push", 2, 4), ("pull", 0, 0)), hold=True)
    window = sync_window(qtbot, filled_service, factory, settings, fake)
    dialog = press_sync(qtbot, window)
    qtbot.waitUntil(fake.reached.is_set, timeout=WAIT)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels, as the Cancel button does
    assert "Cancelling" in dialog.heading.text()
    assert dialog.isVisible() and not dialog.close_button.isEnabled()
    fake.go_on.set()
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=WAIT)
    assert fake.reported == [("push", 0, 4)]  # stopped at the next report
    assert dialog.heading.text() == "Sync cancelled."
    assert "next sync carries on" in dialog.message.text()
    assert dialog.summary_box.isHidden()
    qtbot.waitUntil(lambda: dialog.close_button.text() == "Close", timeout=WAIT)
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # now Esc closes
    qtbot.waitUntil(lambda: window.sync_actions.dialog is None, timeout=WAIT)


def test_sync_error_reason_is_shown_in_the_dialog(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    memory_keyring: MemoryKeyring,
) -> None:
    configure(settings)
    fake = FakeSync(error=SyncError("auth.invalid", "This token is unknown or was revoked."))
    window = sync_window(qtbot, filled_service, factory, settings, fake)
    dialog = press_sync(qtbot, window)
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=WAIT)
    assert dialog.heading.text() == "The sync stopped."
    assert "This token is unknown or was revoked." in dialog.message.text()
    assert dialog.message.toolTip() == "auth.invalid"
    assert dialog.settings_button.isVisible()  # a new token is one click away
    qtbot.waitUntil(lambda: dialog.close_button.text() == "Close", timeout=WAIT)


def test_sync_without_settings_asks_for_them_first(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    memory_keyring: MemoryKeyring,
) -> None:
    fake = FakeSync()
    window = sync_window(qtbot, filled_service, factory, settings, fake)
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL_SHIFT)
    asked = window.sync_actions.settings_dialog
    assert isinstance(asked, SyncSettingsDialog) and asked.isVisible()
    assert window.sync_actions.dialog is None
    qtbot.keyClicks(asked.server, SERVER)
    qtbot.keyClicks(asked.token, "tok-new")
    qtbot.keyClick(asked.token, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.sync_actions.dialog is not None, timeout=WAIT)
    assert window.made == [(SERVER, "tok-new")]  # type: ignore[attr-defined]
    assert "keyring" in window.statusBar().currentMessage()
    dialog = window.sync_actions.dialog
    assert isinstance(dialog, SyncDialog)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=WAIT)


# Status bar


def test_sync_status_bar_counts_unsynced_changes_after_saves_and_syncs(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    memory_keyring: MemoryKeyring,
    quick_count: None,
) -> None:
    configure(settings)
    counts = [12]
    fake = FakeSync()
    window = sync_window(qtbot, filled_service, factory, settings, fake, counter=lambda: counts[-1])
    label = window.sync_actions.status
    qtbot.waitUntil(lambda: label.text() == "12 changes not synced", timeout=WAIT)
    assert label.isVisible()
    counts.append(13)  # a save
    window._after_write(None)
    qtbot.waitUntil(lambda: label.text() == "13 changes not synced", timeout=WAIT)
    counts.append(1)
    window._after_write(None)
    qtbot.waitUntil(lambda: label.text() == "1 change not synced", timeout=WAIT)
    counts.append(0)  # the sync sent them
    dialog = press_sync(qtbot, window)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: label.text() == "All changes synced", timeout=WAIT)


def test_sync_status_bar_hides_a_count_that_failed(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    quick_count: None,
) -> None:
    calls: list[int] = []

    def broken() -> int:
        calls.append(1)
        raise RuntimeError("no sync tables yet")

    window = sync_window(qtbot, filled_service, factory, settings, FakeSync(), counter=broken)
    qtbot.waitUntil(lambda: bool(calls), timeout=WAIT)
    qtbot.waitUntil(lambda: window.sync_actions._counted_once, timeout=WAIT)
    assert window.sync_actions.status.isHidden()


def test_sync_menu_speaks_chinese(
    qtbot: QtBot,
    chinese: None,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = sync_window(qtbot, filled_service, factory, settings, FakeSync(), lang="zh")
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[-2:] == ["同步(&S)", "帮助(&H)"]
    file_menu = window.menuBar().actions()[0].menu()
    assert "同步设置(&T)…" in [a.text() for a in file_menu.actions()]  # type: ignore[union-attr]


# Conflicts


def open_conflicts(qtbot: QtBot, fake: FakeSync, lang: str = "en") -> ConflictsDialog:
    dialog = ConflictsDialog(fake, lang)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_conflicts_keep_ours_keep_theirs_or_type_a_third(qtbot: QtBot) -> None:
    fake = FakeSync(conflicts=list(CONFLICTS))
    dialog = open_conflicts(qtbot, fake)
    assert dialog.model.rowCount() == 3 and dialog.heading.text() == "3 conflicts to settle."
    assert dialog.table.hasFocus()
    assert dialog.what.text() == "宁波银行股份有限公司 — field “Contact phone”"
    assert dialog.ours_view.toPlainText() == "0574-1111"
    assert dialog.theirs_view.toPlainText() == "0574-2222"
    assert "wang" in dialog.ours_who.text() and "chen" in dialog.theirs_who.text()
    assert dialog.ours_view.isReadOnly() and dialog.theirs_view.isReadOnly()

    qtbot.keyClick(dialog.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # ours
    assert fake.resolved == [("c1", "0574-1111")]
    assert dialog.model.rowCount() == 2 and dialog.current() == CONFLICTS[1]

    qtbot.keyClick(dialog.table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # theirs
    assert fake.resolved[-1] == ("c2", "2600")
    assert dialog.model.rowCount() == 1 and dialog.current() == CONFLICTS[2]

    qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # "&Other value"
    assert dialog.other.hasFocus()
    commit_text(dialog.other, "宁波市海曙区")
    qtbot.keyClick(dialog.other, Qt.Key.Key_Return)  # Enter applies
    assert fake.resolved[-1] == ("c3", "宁波市海曙区")
    assert dialog.model.rowCount() == 0
    assert dialog.heading.text().startswith("No conflicts left.")
    assert dialog.detail.isHidden() and dialog.close_button.hasFocus()
    assert fake.conflicts() == []


def test_conflicts_keep_with_mnemonics_after_moving_down_the_list(qtbot: QtBot) -> None:
    fake = FakeSync(conflicts=list(CONFLICTS))
    dialog = open_conflicts(qtbot, fake)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.current() == CONFLICTS[1]
    assert dialog.ours_view.toPlainText() == "2500"
    qtbot.keyClick(dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # "Keep t&his"
    qtbot.waitUntil(lambda: bool(fake.resolved), timeout=WAIT)  # a mnemonic animates a click
    assert fake.resolved == [("c2", "2600")]
    assert [c.id for c in dialog.model.conflicts] == ["c1", "c3"]
    assert dialog.current() == CONFLICTS[2]  # the next one is selected
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # "&Keep this"
    qtbot.waitUntil(lambda: len(fake.resolved) == 2, timeout=WAIT)
    assert fake.resolved[-1] == ("c3", "宁波市鄞州区")


def test_conflicts_structured_values_pretty_and_a_third_must_be_json(qtbot: QtBot) -> None:
    team = ConflictView(
        id="t1",
        table="visits",
        record_id="v1",
        field="team",
        context="雅戈尔集团股份有限公司, visit of 2024-03-28",
        base='["王工"]',
        ours=ConflictSide('["王工","陈工"]', "wang", "2024-03-28T08:15:02Z"),
        theirs=ConflictSide('{"lead":"陈工","members":["李工"]}', "chen", "2024-03-28T09:00:00Z"),
    )
    fake = FakeSync(conflicts=[team])
    dialog = open_conflicts(qtbot, fake)
    assert dialog.ours_view.toPlainText() == '[\n  "王工",\n  "陈工"\n]'
    assert dialog.theirs_view.toPlainText() == pretty(team.theirs.value)
    assert "Team" in dialog.what.text()
    dialog.other.setFocus()
    qtbot.keyClicks(dialog.other, "Wang and Chen")
    qtbot.keyClick(dialog.other, Qt.Key.Key_Return)
    assert fake.resolved == [] and dialog.error.isVisible() and "JSON" in dialog.error.text()
    dialog.other.clear()
    qtbot.keyClicks(dialog.other, '["Wang", "Chen"]')
    qtbot.keyClick(dialog.other, Qt.Key.Key_Return)
    assert fake.resolved == [("t1", '["Wang", "Chen"]')]


def test_conflicts_empty_and_a_refused_resolve_say_so(qtbot: QtBot) -> None:
    dialog = open_conflicts(qtbot, FakeSync())
    assert dialog.heading.text() == "No conflicts to settle."
    assert dialog.detail.isHidden()

    class Refusing(FakeSync):
        def resolve(self, conflict_id: str, value: str) -> None:
            raise SyncError("store.busy", "The database is busy; try again.")

    refusing = Refusing(conflicts=[CONFLICTS[0]])
    dialog = open_conflicts(qtbot, refusing)
    qtbot.keyClick(dialog.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert "The database is busy; try again." in dialog.error.text()
    assert dialog.model.rowCount() == 1


def test_conflicts_in_chinese(qtbot: QtBot, chinese: None) -> None:
    dialog = open_conflicts(qtbot, FakeSync(conflicts=list(CONFLICTS)), lang="zh")
    assert dialog.windowTitle() == "同步冲突"
    assert dialog.keep_ours.text() == "保留此值(&K)"
    assert "联系电话" in dialog.what.text()
