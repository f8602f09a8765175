"""Sync in the register window: what the Sync menu does (sync now, conflicts, offline bundles,
settings), and the number of changes not yet synced in the status bar, counted off the UI thread.

The menu itself is laid out by gui.register.deferred_actions, so its shortcuts work before this
module
loads (after the first paint). The window only builds this and says when it has written;
services come from factories made in services.py, each on its own connection. Nothing here syncs,
counts or resolves by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from diagnosis.messages import Lang
from diagnosis.sync.ports import BundleService, SyncService, SyncSummary
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from gui.sync.settings import SyncSettings, token_place_text
from gui.workers import start

if TYPE_CHECKING:
    from gui.sync.bundle_actions import BundleDialog

# (server, token, CA certificate file or "") -> a factory of sync services for workers, each on
# its own connection.
SyncFactoryMaker = Callable[[str, str, str], Callable[[], SyncService]]
# How many local changes are not on the server yet, and whether the store has ever synced
# (a bare count: it has); called on a worker thread.
UnsyncedCounter = Callable[[], "int | tuple[int, bool]"]


class SyncActions(QObject):
    """The sync commands of a window (its actions, made by the window) and the unsynced count."""

    # The first count waits until the first screen is up: start-up does not pay for it.
    FIRST_COUNT_DELAY_MS = 800

    def __init__(
        self,
        window: QMainWindow,
        settings: QSettings,
        lang: Lang,
        make_factory: SyncFactoryMaker | None,
        counter: UnsyncedCounter | None,
        reload: Callable[[], object],
        actions: tuple[QAction, QAction, QAction],
    ) -> None:
        """``actions``: sync now, conflicts and settings, already in the window's menus and
        triggering this object's ``sync``, ``show_conflicts`` and ``edit_settings``."""
        super().__init__(window)
        self.window = window
        # The store's sealer travels with the sync factory (gui.app): no keyring, no clear token.
        self.store = SyncSettings(settings, getattr(make_factory, "sealer", None))
        self.lang = lang
        self.make_factory = make_factory
        self.counter = counter
        self.reload = reload
        self.dialog: QWidget | None = None  # the sync running or last shown
        self._counting = False
        self._count_again = False
        self._counted_once = False
        # Photos the last sync from this window could not send or receive, shown by the count.
        self.photos_left = 0
        self.act_sync, self.act_conflicts, self.act_settings = actions
        self.status = QLabel()
        self.status.setObjectName("unsynced")
        self.status.hide()
        window.statusBar().addPermanentWidget(self.status)
        if counter is not None:
            window.installEventFilter(self)  # back from a visit editor: count again
            QTimer.singleShot(self.FIRST_COUNT_DELAY_MS, self.refresh_count)

    def actions(self) -> list[QAction]:
        return [self.act_sync, self.act_conflicts, self.act_settings]

    # Count
    def refresh_count(self) -> None:
        """Count the unsynced changes in a worker; a request while counting counts again."""
        if self.counter is None:
            return
        if self._counting:
            self._count_again = True
            return
        self._counting, self._count_again = True, False
        counter = self.counter
        start(
            lambda _signals: counter(),
            succeeded=self._on_count_succeeded,
            failed=self._on_count_failed,
            finished=self._on_count_finished,
        )

    def _on_count_succeeded(self, counted: int | tuple[int, bool]) -> None:
        count, synced = (counted, True) if isinstance(counted, int) else counted
        if not synced and not self.store.configured() and not self.photos_left:
            # Never synced and no office server yet (a new user, the demo): a count of "changes
            # not synced" would read as work at risk, when there is nowhere to sync to.
            self.status.setText(self.tr("Sync not set up"))
            self.status.setStyleSheet("")
            self.status.setToolTip(
                self.tr(
                    "%Ln change(s) kept on this laptop only. Set up the office server under "
                    "Sync, Settings to send them.",
                    "",
                    count,
                )
            )
            self.status.show()
            return
        if count:
            self.status.setText(
                self.tr("1 change not synced")
                if count == 1
                else self.tr("%1 changes not synced").replace("%1", f"{count:,}")
            )
            self.status.setStyleSheet("color: #8a4b00;")
        else:
            self.status.setText(self.tr("All changes synced"))
            self.status.setStyleSheet("")
        if self.photos_left:
            photos = (
                self.tr("1 photo not synced")
                if self.photos_left == 1
                else self.tr("%1 photos not synced").replace("%1", f"{self.photos_left:,}")
            )
            self.status.setText(f"{self.status.text()} · {photos}")
            self.status.setStyleSheet("color: #8a4b00;")
        keys = self.act_sync.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.status.setToolTip(self.tr("%1 syncs with the office server.").replace("%1", keys))
        self.status.show()

    def _on_count_failed(self, _exc: BaseException) -> None:
        self.status.hide()  # no count is better than a wrong one

    def _on_count_finished(self) -> None:
        self._counting = False
        self._counted_once = True
        if self._count_again:
            self.refresh_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.window
            and event.type() == QEvent.Type.WindowActivate
            and self._counted_once
        ):
            self.refresh_count()
        return super().eventFilter(watched, event)

    # Settings
    def edit_settings(
        self, then: Callable[[], object] | None = None, parent: QWidget | None = None
    ) -> QWidget:
        from gui.sync.settings import SyncSettingsDialog

        dialog = SyncSettingsDialog(self.store, parent or self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            self.window.statusBar().showMessage(
                token_place_text(dialog.saved_place, self.store), 8000
            )
            if then is not None:
                then()

        dialog.accepted.connect(saved)
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def _factory(self) -> Callable[[], SyncService] | None:
        """Services for the saved server and token; None when either is missing."""
        server, token = self.store.server(), self.store.token()
        if self.make_factory is None or not (server and token):
            return None
        return self.make_factory(server, token, self.store.cafile())

    # Sync
    def sync(self) -> None:
        """Sync in a dialog; with no server or token saved, ask for them first."""
        if self.make_factory is None:
            return
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        factory = self._factory()
        if factory is None:
            self.edit_settings(then=self.sync)
            return
        from gui.sync.dialog import SyncDialog

        dialog = SyncDialog(factory, self.store.server(), self.store.user(), self.window, self.lang)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.synced.connect(self._on_synced)
        dialog.stopped.connect(self._on_sync_stopped)
        dialog.conflicts_requested.connect(lambda: self.show_conflicts(dialog))
        dialog.settings_requested.connect(lambda: self._settings_then_retry(dialog))
        dialog.finished.connect(self._on_sync_dialog_finished)
        self.dialog = dialog
        self.act_sync.setEnabled(False)
        dialog.open()
        dialog.start()

    def _settings_then_retry(self, dialog: QWidget) -> None:
        from gui.sync.dialog import SyncDialog

        def retry() -> None:
            factory = self._factory()
            if isinstance(dialog, SyncDialog) and factory is not None:
                dialog.factory = factory
                self.act_sync.setEnabled(False)
                dialog.start()

        self.edit_settings(then=retry, parent=dialog)

    def _on_synced(self, summary: SyncSummary) -> None:
        self.photos_left = len(summary.photos_unsent) + len(summary.photos_missing)

    def _on_sync_stopped(self) -> None:
        # Even a cancelled or failed sync may have applied pages: show what is there now.
        self.act_sync.setEnabled(True)
        self.reload()
        self.refresh_count()

    def _on_sync_dialog_finished(self, _result: int) -> None:
        self.dialog = None

    # Conflicts
    def show_conflicts(self, parent: QWidget | None = None) -> QWidget | None:
        """The open conflicts, to settle one by one; with nothing saved, the settings first."""
        if self.make_factory is None:
            return None
        factory = self._factory()
        if factory is None:
            self.edit_settings(then=lambda: self.show_conflicts(parent))
            return None
        from gui.sync.conflicts_dialog import ConflictsDialog

        try:
            dialog = ConflictsDialog(factory(), self.lang, parent or self.window)
        except Exception as exc:  # the store or the sync client could not be opened
            self.window.statusBar().showMessage(
                self.tr("The conflicts could not be read: %1").replace("%1", str(exc)), 10000
            )
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_conflicts_finished)
        dialog.open()
        self.conflicts_dialog = dialog
        return dialog

    def _on_conflicts_finished(self, _result: int) -> None:
        # Each choice was a local edit: the register may show it, and it waits to be synced.
        self.reload()
        self.refresh_count()


class BundleActions(QObject):
    """The Sync menu's offline bundle, for an office with no network to the server: export a
    request with the saved token, import the reply the server machine wrote
    (gui.sync.bundle_actions).
    """

    def __init__(
        self,
        window: QMainWindow,
        sync: SyncActions,
        factory: Callable[[], BundleService] | None,
        actions: tuple[QAction, QAction],
    ) -> None:
        """``actions``: export and import, in the Sync menu, triggering ``export`` and
        ``import_reply``."""
        super().__init__(window)
        self.window = window
        self.sync = sync
        self.factory = factory
        self.dialog: QWidget | None = None  # the export or import running or last shown
        self.act_export, self.act_import = actions

    def export(self) -> None:
        """Write a request bundle where the user chooses; with no token saved, ask for it."""
        if self.factory is None:
            return
        token = self.sync.store.token()
        if not token:
            self.sync.edit_settings(then=self.export)
            return
        from gui.sync.bundle_actions import BundleDialog, choose_export_path

        path = choose_export_path(self.window, self.sync.store.settings)
        if path is not None:
            self._run(
                BundleDialog("export", self.factory, path, token, self.sync.lang, self.window)
            )

    def import_reply(self) -> None:
        """Apply a reply bundle the user chooses, then show the register as it is now."""
        if self.factory is None:
            return
        from gui.sync.bundle_actions import BundleDialog, choose_reply_path

        path = choose_reply_path(self.window, self.sync.store.settings)
        if path is None:
            return
        dialog = BundleDialog("import", self.factory, path, "", self.sync.lang, self.window)
        dialog.conflicts_requested.connect(lambda: self.sync.show_conflicts(dialog))
        self._run(dialog)

    def _run(self, dialog: BundleDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settings_requested.connect(lambda: self.sync.edit_settings(parent=dialog))
        dialog.stopped.connect(lambda: self._on_bundle_stopped(dialog.kind))
        dialog.finished.connect(self._on_bundle_dialog_finished)
        self.dialog = dialog
        dialog.open()
        dialog.start()

    def _on_bundle_stopped(self, kind: str) -> None:
        # Even a failed import may have applied its first steps: show what is there now.
        if kind == "import":
            self.sync.reload()
        self.sync.refresh_count()

    def _on_bundle_dialog_finished(self, _result: int) -> None:
        self.dialog = None
