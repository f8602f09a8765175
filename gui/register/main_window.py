"""The register window: search as you type, filters, the lazy enterprise table, counts.

Every action has a shortcut; slow work (imports) runs in workers; writes go through the
register service and the table reloads only after them. What sync and plan exports do loads
after the first paint (gui.register.deferred_actions): start-up time is a figure we hold
(benchmarks:
startup).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from diagnosis.messages import DomainError, Lang
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QVBoxLayout, QWidget

from gui.register.deferred_actions import DeferredActions
from gui.register.enterprise_model import EnterpriseTableModel
from gui.register.filter_bar import FilterBar
from gui.register.main_actions import add_action, build_menus, dropped_register
from gui.register.register_table import EnterpriseTable
from gui.register.welcome import Welcome
from gui.register.work_columns import WorkLoader

if TYPE_CHECKING:
    from diagnosis.demo.fill import DemoFilled
    from diagnosis.office.service import OfficeService
    from diagnosis.register.enterprise import Enterprise
    from diagnosis.register.search import EnterpriseIndex
    from diagnosis.register.service import RegisterService
    from diagnosis.register.work_list import WorkList
    from diagnosis.sync.ports import BundleService
    from diagnosis.visits.service import VisitService

    from gui.report.actions import PlanExports, PlanFactoryMaker
    from gui.sync.actions import BundleActions, SyncActions, SyncFactoryMaker, UnsyncedCounter


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    database_requested = Signal(str)
    demo_requested = Signal()  # the welcome's "Open the demo" (gui.app opens the demo store)

    def __init__(
        self,
        service: RegisterService,
        service_factory: Callable[[], RegisterService],
        settings: QSettings,
        lang: Lang,
        db_path: str,
        desk: VisitService | Callable[[], VisitService] | None = None,
        plan_factory: PlanFactoryMaker | None = None,
        sync_factory: SyncFactoryMaker | None = None,
        unsynced_counter: UnsyncedCounter | None = None,
        bundle_factory: Callable[[], BundleService] | None = None,
        office_factory: Callable[[], OfficeService] | None = None,
    ) -> None:
        super().__init__()
        self.office_factory = office_factory
        self.office_page: QMainWindow | None = None
        # A desk, or how to make one when visits are first opened (it loads the whole engine).
        self._desk: VisitService | None = None
        self._make_desk: Callable[[], VisitService] | None = None
        if desk is not None and not hasattr(desk, "visits_of"):
            self._make_desk = desk
        else:
            self._desk = cast("VisitService | None", desk)
        self.editors: list[QMainWindow] = []
        self.service = service
        self.service_factory = service_factory
        self.settings = settings
        self.lang = lang
        self.db_path = db_path
        self.setWindowTitle(self.tr("Enterprise diagnosis workbench") + f" — {db_path}")
        self.setAcceptDrops(True)
        # The work list (last visit, follow-ups, accepted measures) is read on a thread after
        # the first paint, and again after every write and whenever the window comes back to
        # the front (a visit saved or finalised in an editor window).
        self.work_loader = WorkLoader(self._load_work)
        self._work_started = False
        # The sync and plan commands; their code loads after the first paint or on first use.
        self.deferred = DeferredActions(
            self, settings, lang, plan_factory, sync_factory, unsynced_counter, bundle_factory
        )
        # What needs no register data is built first: the store's first screen is still being
        # read on the open check's thread meanwhile, and the model waits for it.
        self._build_filters()
        self._build_actions()
        self._build_status()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.filter_bar)
        # The first-run welcome while the store has no enterprise.
        self.empty_hint = Welcome(self.act_import, self.act_new, self.demo_requested.emit, self)
        layout.addWidget(self.empty_hint)
        self.model = EnterpriseTableModel(service, lang, self._load_index)
        self.filter_bar.query_changed.connect(self.model.set_query)
        self.filter_bar.filters_changed.connect(self.model.set_filters)
        self._build_table()
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.model.counts_changed.connect(self._on_model_counts_changed)
        self._on_model_counts_changed(self.model.rowCount(), self.model.total())
        self.work_loader.loaded.connect(self.model.set_work)
        self.work_loader.failed.connect(self._on_work_failed)
        self.model.reloaded.connect(self.work_loader.load)
        self.model.work_changed.connect(self._on_work_changed)
        self._restore_state()
        self.search.setFocus()
        self.table.first_painted.connect(self._on_table_first_painted)

    def _load_index(self) -> EnterpriseIndex:
        """Runs on a thread: the search index from a connection of its own."""
        service = self.service_factory()
        try:
            return service.index()
        finally:
            service.close()

    def _load_work(self) -> WorkList | None:
        """Runs on a thread: the work list from a connection of its own."""
        from diagnosis.register.work_list import load_work_list

        service = self.service_factory()
        try:
            return load_work_list(service.repo)
        finally:
            service.close()

    def load_work(self) -> None:
        """Read the work list again (once the first screen is painted; never before)."""
        if self._work_started:
            self.work_loader.load()

    # Building
    def _build_filters(self) -> None:
        self.filter_bar = FilterBar(self.lang)
        # The parts, by name, for shortcuts and for tests that drive them.
        bar = self.filter_bar
        self.search, self.district, self.industry = bar.search, bar.district, bar.industry
        self.cluster, self.above, self.willing = bar.cluster, bar.above, bar.willing
        self.work_filter = bar.work
        bar.down_pressed.connect(self._on_search_return_pressed)

    def _build_table(self) -> None:
        self.table = EnterpriseTable(self.model)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        # Edit and delete act on the table; Return in the search box jumps to the table instead.
        self.act_edit.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.act_edit)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.act_delete)

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.act_import = add_action(
            self, self.tr("&Import register…"), "Ctrl+I", self.import_register, "import"
        )
        self.act_open = add_action(
            self, self.tr("&Open database…"), QKeySequence(key.Open), self.open_database, "open_db"
        )
        self.act_quit = add_action(self, self.tr("&Quit"), "Ctrl+Q", self.close, "quit")
        self.act_new = add_action(
            self, self.tr("&New enterprise…"), QKeySequence(key.New), self.new_enterprise, "new"
        )
        self.act_edit = add_action(
            self,
            self.tr("&Edit enterprise…"),
            [QKeySequence("Return"), QKeySequence("F2")],
            self.edit_selected,
            "edit",
        )
        self.act_delete = add_action(
            self,
            self.tr("&Delete enterprise…"),
            QKeySequence(key.Delete),
            self.delete_selected,
            "delete",
        )
        self.act_visits = add_action(
            self, self.tr("&Visits of the enterprise…"), "Ctrl+D", self.open_visits, "visits"
        )
        self.act_visits.setEnabled(self._desk is not None or self._make_desk is not None)
        self.act_plans = add_action(
            self,
            self.tr("Export &plans of selected enterprises…"),
            "Ctrl+Shift+P",
            self.export_plans,
            "export_plans",
        )
        self.act_plan_font = add_action(
            self,
            self.tr("Plan &font…"),
            "",
            self.deferred.choose_plan_font,
            "plan_font",
        )
        plans_possible = self.deferred.plan_factory is not None and self.act_visits.isEnabled()
        for action in (self.act_plans, self.act_plan_font):
            action.setEnabled(plans_possible)
        self.act_find = add_action(
            self, self.tr("&Search"), QKeySequence(key.Find), self.focus_search, "find"
        )
        self.act_clear = add_action(
            self, self.tr("&Clear search and filters"), "Ctrl+Shift+L", self.clear_filters, "clear"
        )
        self.act_reload = add_action(
            self, self.tr("&Reload"), QKeySequence(key.Refresh), self.reload_register, "reload"
        )
        self.act_office = add_action(
            self, self.tr("&Office overview"), "Ctrl+Shift+B", self.open_office, "office"
        )
        self.act_office.setEnabled(self.office_factory is not None)
        self.act_keys = add_action(
            self, self.tr("&Keyboard shortcuts"), "F1", self.show_shortcuts, "shortcuts"
        )
        self.search.returnPressed.connect(self._on_search_return_pressed)

        build_menus(self, self._on_language_triggered)
        self.deferred.add_sync_menu()

    def _build_status(self) -> None:
        self.count_label = QLabel()
        self.count_label.setObjectName("counts")
        self.statusBar().addWidget(self.count_label)
        self.work_label = QLabel()
        self.work_label.setObjectName("work_counts")
        self.work_label.setContentsMargins(16, 0, 0, 0)  # apart from the count it follows
        self.statusBar().addWidget(self.work_label)
        path_label = QLabel(self.db_path)
        path_label.setObjectName("db_path")
        self.statusBar().addPermanentWidget(path_label)

    def reload_register(self) -> None:
        self.model.reload()

    def _on_table_first_painted(self) -> None:
        # Once the paint has returned: the search index (on a thread, so it does not compete
        # with that paint for the interpreter), then the sync commands and the unsynced count.
        QTimer.singleShot(0, self.model.prefetch_index)
        QTimer.singleShot(0, self.deferred.build)
        self._work_started = True
        QTimer.singleShot(0, self.work_loader.load)

    @property
    def sync_actions(self) -> SyncActions:
        return self.deferred.sync

    @property
    def bundle_actions(self) -> BundleActions:
        return self.deferred.bundles

    @property
    def plans(self) -> PlanExports | None:
        return self.deferred.plans

    # State
    def _restore_state(self) -> None:
        geometry = self.settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        header = self.settings.value("main/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
            self.table.fit_headers()  # the saved widths may be the other language's

    def save_state(self) -> None:
        self.settings.setValue("main/geometry", self.saveGeometry())
        self.settings.setValue("main/state", self.saveState())
        self.settings.setValue("main/header", self.table.horizontalHeader().saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)

    # Search and filters
    def _on_search_return_pressed(self) -> None:
        if self.model.rowCount() > 0:
            self.table.setFocus()
            self.table.selectRow(0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.load_work()

    def _on_work_changed(self) -> None:
        from diagnosis.register.work_list import WORK_FILTERS, word

        work = self.model.work
        if work is None:
            self.work_label.clear()
            return
        counts = work.counts(self.model.live_ids())
        self.work_label.setText(
            " · ".join(f"{word(f + '.count', self.lang)} {counts[f]:,}" for f in WORK_FILTERS)
        )

    def fill_demo(self, job: Callable[[Callable[[int, int], None] | None], DemoFilled]) -> None:
        """Fill this (empty) store with the demo on a worker, then show it: ``job(progress)``
        writes the sample firms and visits on a connection of its own."""
        from gui import workers

        self.empty_hint.set_demo_busy(True)
        self.statusBar().showMessage(self.tr("Filling the demo store with sample enterprises…"))

        def progressed(done: int, total: int) -> None:
            self.statusBar().showMessage(
                self.tr("Filling the demo store: visit %1 of %2…")
                .replace("%1", str(done))
                .replace("%2", str(total))
            )

        def succeeded(filled: DemoFilled) -> None:
            self.empty_hint.set_demo_busy(False)
            self._after_write(None)
            self.statusBar().showMessage(
                self.tr("Demo ready: %1 sample enterprises and %2 complete visits.")
                .replace("%1", f"{filled.total:,}")
                .replace("%2", str(filled.visits)),
                15000,
            )

        def failed(exc: BaseException) -> None:
            from gui.error_details import describe, show_error  # only on this rare path

            self.empty_hint.set_demo_busy(False)
            self._after_write(None)  # what was written before the failure still shows
            reason, detail = describe(exc, self.lang, "demo.failed")
            self.statusBar().showMessage(reason, 15000)
            self.error_box = show_error(self, self.tr("Demo"), reason, detail)

        self._demo_job = workers.start(
            lambda signals: job(signals.report),
            succeeded=succeeded,
            failed=failed,
            progressed=progressed,
        )

    def _on_work_failed(self, error: str) -> None:
        self.statusBar().showMessage(
            self.tr("The work list could not be read: %1").replace("%1", error), 10000
        )

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def clear_filters(self) -> None:
        self.filter_bar.clear()

    def _on_model_counts_changed(self, shown: int, total: int) -> None:
        self.empty_hint.setVisible(total == 0)
        if shown == total:
            text = self.tr("%Ln enterprise(s)", "", total)
        else:
            text = self.tr("Showing %1 of %Ln enterprise(s)", "", total).replace("%1", f"{shown:,}")
        self.count_label.setText(text)

    # Actions
    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def new_enterprise(self) -> None:
        from gui.register.enterprise_editor import (
            EnterpriseDialog,
        )  # dialogs load when first opened

        dialog = EnterpriseDialog(self.service, self.lang, None, self)
        if dialog.exec():
            self._after_write(dialog.saved_id)

    def selected_enterprise(self) -> Enterprise | None:
        eid = self.selected_id()
        return self.service.get(eid) if eid else None

    def edit_selected(self) -> None:
        enterprise = self.selected_enterprise()
        if enterprise is None:
            return
        from gui.register.enterprise_editor import EnterpriseDialog

        dialog = EnterpriseDialog(self.service, self.lang, enterprise, self)
        if dialog.exec():
            self._after_write(dialog.saved_id)

    def delete_selected(self) -> None:
        # Message boxes and file dialogs are imported where used: PySide6 builds a class's
        # enums on first import, and theirs cost start-up time no user needs then.
        from PySide6.QtWidgets import QMessageBox

        enterprise = self.selected_enterprise()
        if enterprise is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete enterprise"),
            self.tr(
                "Delete “%1” (%2) from the register? Its history is kept and the deletion "
                "syncs to the office."
            )
            .replace("%1", enterprise.name)
            .replace("%2", enterprise.credit_code),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.delete(enterprise.id)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Delete enterprise"), exc.problems[0].text(self.lang))
        self._after_write(None)

    def _after_write(self, select_id: str | None) -> None:
        self.model.reload()
        self.sync_actions.refresh_count()
        if select_id is not None:
            row = self.model.row_of(select_id)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    @property
    def desk(self) -> VisitService | None:
        if self._desk is None and self._make_desk is not None:
            self._desk = self._make_desk()
        return self._desk

    def open_visits(self) -> None:
        """The selected enterprise's visits; the chosen one opens in the visit editor."""
        enterprise = self.selected_enterprise()
        if enterprise is None:
            self.statusBar().showMessage(
                self.tr("No enterprise selected: select one in the list, then Ctrl+D."), 8000
            )
            return
        if self.desk is None:  # the property builds it on first use
            return
        from gui.visit_editor.visit_list import VisitListDialog

        dialog = VisitListDialog(self.desk, enterprise, self.lang, self, self.plans)
        accepted = dialog.exec()
        self.load_work()  # a visit may have been started or followed up there
        if accepted and dialog.chosen:
            self.open_visit(dialog.chosen)

    def open_visit(self, visit_id: str) -> QMainWindow:
        from gui.key_help import editor_keys, install
        from gui.visit_editor.window import VisitEditor

        assert self.desk is not None
        editor = VisitEditor(self.desk, visit_id, self.lang, plans=self.plans)
        install(editor, editor_keys(self.lang))  # F1 there lists the editor's keys and its page's
        self.editors.append(editor)
        editor.closed.connect(lambda: self.editors.remove(editor))
        editor.closed.connect(self.load_work)
        editor.show()
        return editor

    def export_plans(self) -> None:
        """The latest plan of each selected enterprise, into one folder (gui.report.dialogs)."""
        from gui.report.dialogs import export_plans_of

        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        chosen = [e for r in rows if (e := self.service.get(self.model.id_at(r) or ""))]
        if self.plans is not None and self.desk is not None:
            self.plan_batch = export_plans_of(self, self.plans, self.desk, chosen, self.lang)

    def import_register(self, path: str = "") -> None:
        from gui.register.import_dialog import ImportDialog

        dialog = ImportDialog(self.service_factory, self.lang, self, path)
        dialog.imported.connect(lambda: self._after_write(None))
        if path:
            QTimer.singleShot(0, dialog.preview)  # a dropped file is previewed at once
        dialog.exec()

    # A register file dropped on the window opens the import with its preview.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_register(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_register(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            # After the drop has returned: a modal dialog inside a drop handler blocks the
            # source application on some platforms.
            QTimer.singleShot(0, lambda: self.import_register(path))

    def open_office(self) -> QMainWindow | None:
        """The office window (gui.office.page); an enterprise chosen there is selected here."""
        if self.office_factory is None:
            return None
        if self.office_page is None:
            from gui.office.page import OfficePage

            page = OfficePage(self.office_factory, self.lang, self._name_and_code, self)
            page.enterprise_chosen.connect(self.select_enterprise)
            page.reload()
            self.office_page = page
        self.office_page.show()
        _bring_forward(self.office_page)
        return self.office_page

    def _name_and_code(self, enterprise_id: str) -> tuple[str, str] | None:
        enterprise = self.service.get(enterprise_id)
        return None if enterprise is None else (enterprise.name, enterprise.credit_code)

    def select_enterprise(self, enterprise_id: str) -> None:
        """Show the enterprise in the register (clearing filters that hide it), selected."""
        if self.model.row_of(enterprise_id) is None:
            self.clear_filters()
        row = self.model.row_of(enterprise_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        _bring_forward(self)
        self.table.setFocus()

    def open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Open database"),
            "",
            self.tr("Diagnosis database (*.sqlite *.db);;All files (*)"),
        )
        if path:
            self.database_requested.emit(path)

    def _on_language_triggered(self, code: str) -> None:
        if code != self.lang:
            # Queued: the window is rebuilt in the new language once this slot has returned.
            QTimer.singleShot(0, lambda: self.language_requested.emit(code))

    def show_shortcuts(self) -> QDialog:
        """F1: every key of this window, read from what it has installed (gui.key_help)."""
        from gui.key_help import show_keys

        return show_keys(self)


def _bring_forward(window: QMainWindow) -> None:
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() != "offscreen":  # which has no stacking (and says so)
        window.raise_()
    window.activateWindow()
