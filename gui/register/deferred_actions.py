"""The register window's commands whose code loads later: what the Sync menu does, with the
unsynced count (gui.sync.actions, just after the first paint), and the plan exports
(gui.report.actions, on first use). Start-up time is a figure we hold (benchmarks: startup).

The Sync menu itself is laid out at once, a few actions, so its shortcuts work from the first
moment and the menu is there when the window is. Nothing here syncs, counts or exports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from diagnosis.messages import Lang
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMenu, QToolBar

from gui.register.main_actions import add_action

if TYPE_CHECKING:
    from diagnosis.sync.ports import BundleService

    from gui.register.main_window import MainWindow
    from gui.report.actions import PlanExports, PlanFactoryMaker
    from gui.sync.actions import BundleActions, SyncActions, SyncFactoryMaker, UnsyncedCounter


class DeferredActions:
    """The window's sync commands and plan exports; what they do is built once, on first need."""

    def __init__(
        self,
        window: MainWindow,
        settings: QSettings,
        lang: Lang,
        plan_factory: PlanFactoryMaker | None = None,
        sync_factory: SyncFactoryMaker | None = None,
        unsynced_counter: UnsyncedCounter | None = None,
        bundle_factory: Callable[[], BundleService] | None = None,
    ) -> None:
        self.window = window
        self.settings = settings
        self.lang = lang
        self.plan_factory = plan_factory
        self.sync_factory = sync_factory
        self.unsynced_counter = unsynced_counter
        self.bundle_factory = bundle_factory
        self._sync: SyncActions | None = None
        self._bundles: BundleActions | None = None
        self._plans: PlanExports | None = None

    def add_sync_menu(self) -> None:
        """A Sync menu before Help, the settings in the File menu too (above Quit), and sync on
        the toolbar; each action builds what it does when first triggered."""
        window = self.window
        translate = QCoreApplication.translate  # in the contexts of gui.sync.actions' classes
        self.act_sync = add_action(
            window,
            translate("SyncActions", "&Sync now…"),
            "Ctrl+Shift+Y",
            lambda: self.sync.sync(),
            "sync",
        )
        self.act_conflicts = add_action(
            window,
            translate("SyncActions", "Sync &conflicts…"),
            "Ctrl+Shift+K",
            lambda: self.sync.show_conflicts(),
            "sync_conflicts",
        )
        self.act_settings = add_action(
            window,
            translate("SyncActions", "Sync se&ttings…"),
            "",
            lambda: self.sync.edit_settings(),
            "sync_settings",
        )
        self.act_export = add_action(
            window,
            translate("BundleActions", "&Export sync bundle…"),
            "",
            lambda: self.bundles.export(),
            "sync_bundle_export",
        )
        self.act_import = add_action(
            window,
            translate("BundleActions", "&Import sync reply…"),
            "",
            lambda: self.bundles.import_reply(),
            "sync_bundle_import",
        )
        for action in (self.act_sync, self.act_conflicts):
            action.setEnabled(self.sync_factory is not None)
        for action in (self.act_export, self.act_import):
            action.setEnabled(self.bundle_factory is not None)
        toolbar = window.findChild(QToolBar, "main_toolbar")
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.act_sync)
        menu = QMenu(translate("SyncActions", "&Sync"), window)
        menu.setObjectName("sync_menu")
        menu.addActions([self.act_sync, self.act_conflicts])
        menu.addSeparator()
        menu.addActions([self.act_export, self.act_import])
        menu.addSeparator()
        menu.addAction(self.act_settings)
        bar = window.menuBar()
        menus = [a for a in bar.actions() if a.menu() is not None]
        if not menus:
            bar.addMenu(menu)
            return
        bar.insertMenu(menus[-1], menu)
        file_menu = menus[0].menu()
        if isinstance(file_menu, QMenu):
            separators = [a for a in file_menu.actions() if a.isSeparator()]
            if separators:
                file_menu.insertAction(separators[-1], self.act_settings)
            else:
                file_menu.addAction(self.act_settings)

    @property
    def built(self) -> bool:
        return self._sync is not None

    def build(self) -> None:
        """What the Sync menu does, and the unsynced count (its first count follows a moment
        later, on a worker); once."""
        if self._sync is not None:
            return
        from gui.sync.actions import BundleActions, SyncActions

        self._sync = SyncActions(
            self.window,
            self.settings,
            self.lang,
            self.sync_factory,
            self.unsynced_counter,
            self.window.model.reload,  # a sync may bring changes
            (self.act_sync, self.act_conflicts, self.act_settings),
        )
        self._bundles = BundleActions(
            self.window, self._sync, self.bundle_factory, (self.act_export, self.act_import)
        )

    @property
    def sync(self) -> SyncActions:
        self.build()
        assert self._sync is not None
        return self._sync

    @property
    def bundles(self) -> BundleActions:
        self.build()
        assert self._bundles is not None
        return self._bundles

    @property
    def plans(self) -> PlanExports | None:
        """Plan services in the chosen font; None when the app makes no plans."""
        if self._plans is None and self.plan_factory is not None:
            from gui.report.actions import PlanExports

            self._plans = PlanExports(self.plan_factory, self.settings, self.lang)
        return self._plans

    def choose_plan_font(self) -> Path | None:
        from gui.report.actions import choose_plan_font

        return choose_plan_font(self.window, self.plans)
