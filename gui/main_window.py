"""The register window: search as you type, filters, the lazy enterprise table, counts.

Every action has a shortcut; slow work (imports) runs in workers; writes go through the
register service and the table reloads only after them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from diagnosis.enterprise import FIELDS, Enterprise
from diagnosis.messages import DomainError, Lang
from diagnosis.register import RegisterService
from diagnosis.search import EnterpriseIndex
from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.enterprise_model import EnterpriseTableModel
from gui.filter_bar import FilterBar
from gui.report_actions import PlanExports, PlanFactoryMaker, choose_plan_font

if TYPE_CHECKING:
    from diagnosis.visit_desk import VisitDesk

_COLUMN_WIDTHS = {"name": 260, "credit_code": 170, "industry": 210, "address": 300}
_KIND_WIDTHS = {
    "bool": 60,
    "year": 60,
    "class": 60,
    "stars": 80,
    "district": 100,
    "cluster": 110,
    "phone": 120,
}


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    database_requested = Signal(str)

    def __init__(
        self,
        service: RegisterService,
        service_factory: Callable[[], RegisterService],
        settings: QSettings,
        lang: Lang,
        db_path: str,
        desk: VisitDesk | Callable[[], VisitDesk] | None = None,
        plan_factory: PlanFactoryMaker | None = None,
    ) -> None:
        super().__init__()
        self.plans = PlanExports(plan_factory, settings, lang) if plan_factory else None
        # A desk, or how to make one when visits are first opened (it loads the whole engine).
        self._desk: VisitDesk | None = None
        self._make_desk: Callable[[], VisitDesk] | None = None
        if desk is not None and not hasattr(desk, "visits_of"):
            self._make_desk = desk
        else:
            self._desk = cast("VisitDesk | None", desk)
        self.editors: list[QMainWindow] = []
        self.service = service
        self.service_factory = service_factory
        self.settings = settings
        self.lang = lang
        self.db_path = db_path
        self.setWindowTitle(self.tr("Enterprise diagnosis workbench") + f" — {db_path}")
        self.setAcceptDrops(True)
        self.model = EnterpriseTableModel(service, lang, self._load_index)
        self._build_filters()
        self._build_table()
        self._build_actions()
        self._build_status()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.filter_bar)
        self.empty_hint = QLabel(
            self.tr(
                "The register is empty. Import the district's list with Ctrl+I, or add an "
                "enterprise with Ctrl+N."
            )
        )
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("padding: 12px; font-size: 14px;")
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.model.counts_changed.connect(self._on_model_counts_changed)
        self._on_model_counts_changed(self.model.rowCount(), self.model.total())
        self._restore_state()
        self.search.setFocus()
        # The search index loads on a thread once the first screen has been painted, so the
        # load does not compete with that paint for the interpreter.
        self.table.viewport().installEventFilter(self)

    def _load_index(self) -> EnterpriseIndex:
        """Runs on a thread: the search index from a connection of its own."""
        service = self.service_factory()
        try:
            return service.index()
        finally:
            service.close()

    # Building
    def _build_filters(self) -> None:
        self.filter_bar = FilterBar(self.lang)
        self.filter_bar.query_changed.connect(self.model.set_query)
        self.filter_bar.filters_changed.connect(self.model.set_filters)
        # The parts, by name, for shortcuts and for tests that drive them.
        bar = self.filter_bar
        self.search, self.district, self.industry = bar.search, bar.district, bar.industry
        self.cluster, self.above, self.willing = bar.cluster, bar.above, bar.willing

    def _build_table(self) -> None:
        self.table = _EnterpriseTable()
        self.table.setObjectName("enterprises")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line a cell; wrapping lays out every cell twice
        # Unsorted indicator first: enabling sorting re-sorts by the indicator's column.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionsMovable(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header = self.table.horizontalHeader()
        for column, spec in enumerate(FIELDS):
            # Wide enough for the header and typical content; never measured over 20,000 rows.
            width = max(
                _COLUMN_WIDTHS.get(spec.name, _KIND_WIDTHS.get(spec.kind, 100)),
                header.sectionSizeHint(column),
            )
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | str | list[QKeySequence],
        slot: Callable[[], object],
        name: str,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.act_import = self._action(
            self.tr("&Import register…"), "Ctrl+I", self.import_register, "import"
        )
        self.act_open = self._action(
            self.tr("&Open database…"), QKeySequence(key.Open), self.open_database, "open_db"
        )
        self.act_quit = self._action(self.tr("&Quit"), "Ctrl+Q", self.close, "quit")
        self.act_new = self._action(
            self.tr("&New enterprise…"), QKeySequence(key.New), self.new_enterprise, "new"
        )
        self.act_edit = self._action(
            self.tr("&Edit enterprise…"),
            [QKeySequence("Return"), QKeySequence("F2")],
            self.edit_selected,
            "edit",
        )
        self.act_delete = self._action(
            self.tr("&Delete enterprise…"), QKeySequence(key.Delete), self.delete_selected, "delete"
        )
        self.act_visits = self._action(
            self.tr("&Visits of the enterprise…"), "Ctrl+D", self.open_visits, "visits"
        )
        self.act_visits.setEnabled(self._desk is not None or self._make_desk is not None)
        self.act_plans = self._action(
            self.tr("Export &plans of selected enterprises…"),
            "Ctrl+Shift+P",
            self.export_plans,
            "export_plans",
        )
        self.act_plan_font = self._action(
            self.tr("Plan &font…"), "", lambda: choose_plan_font(self, self.plans), "plan_font"
        )
        for action in (self.act_plans, self.act_plan_font):
            action.setEnabled(self.plans is not None and self.act_visits.isEnabled())
        self.act_find = self._action(
            self.tr("&Search"), QKeySequence(key.Find), self.focus_search, "find"
        )
        self.act_clear = self._action(
            self.tr("&Clear search and filters"), "Ctrl+Shift+L", self.clear_filters, "clear"
        )
        self.act_reload = self._action(
            self.tr("&Reload"), QKeySequence(key.Refresh), self.model.reload, "reload"
        )
        self.act_keys = self._action(
            self.tr("&Keyboard shortcuts"), "F1", self.show_shortcuts, "shortcuts"
        )
        # Edit and delete act on the table; Return in the search box jumps to the table instead.
        self.act_edit.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.act_edit)
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.act_delete)
        self.search.returnPressed.connect(self._on_search_return_pressed)

        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addActions([self.act_import, self.act_open, self.act_plan_font])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        ent_menu = bar.addMenu(self.tr("&Enterprise"))
        ent_menu.addActions([self.act_new, self.act_edit, self.act_delete])
        ent_menu.addSeparator()
        ent_menu.addActions([self.act_visits, self.act_plans])
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions([self.act_find, self.act_clear, self.act_reload])
        lang_menu = bar.addMenu(self.tr("&Language / 语言"))
        group = QActionGroup(self)
        for code, label, shortcut in (
            ("zh", "中文", "Ctrl+Shift+C"),
            ("en", "English", "Ctrl+Shift+E"),
        ):
            act = QAction(label, self, checkable=True)
            act.setObjectName(f"lang_{code}")
            act.setShortcut(QKeySequence(shortcut))
            act.setChecked(code == self.lang)
            act.triggered.connect(lambda _c=False, c=code: self._on_language_triggered(c))
            group.addAction(act)
            lang_menu.addAction(act)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_keys)
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.addActions([self.act_new, self.act_edit, self.act_delete])
        toolbar.addSeparator()
        toolbar.addAction(self.act_import)

    def _build_status(self) -> None:
        self.count_label = QLabel()
        self.count_label.setObjectName("counts")
        self.statusBar().addWidget(self.count_label)
        path_label = QLabel(self.db_path)
        path_label.setObjectName("db_path")
        self.statusBar().addPermanentWidget(path_label)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.model.prefetch_index)
        return super().eventFilter(watched, event)

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
            text = (
                self.tr("Showing %1 of %2 enterprises")
                .replace("%1", f"{shown:,}")
                .replace("%2", f"{total:,}")
            )
        self.count_label.setText(text)

    # Actions
    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def new_enterprise(self) -> None:
        from gui.enterprise_editor import EnterpriseDialog  # dialogs load when first opened

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
        from gui.enterprise_editor import EnterpriseDialog

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
        if select_id is not None:
            row = self.model.row_of(select_id)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    @property
    def desk(self) -> VisitDesk | None:
        if self._desk is None and self._make_desk is not None:
            self._desk = self._make_desk()
        return self._desk

    def open_visits(self) -> None:
        """The selected enterprise's visits; the chosen one opens in the visit editor."""
        enterprise = self.selected_enterprise()
        if enterprise is None or self.desk is None:  # the property builds it on first use
            return
        from gui.visit_list import VisitListDialog

        dialog = VisitListDialog(self.desk, enterprise, self.lang, self, self.plans)
        if dialog.exec() and dialog.chosen:
            self.open_visit(dialog.chosen)

    def open_visit(self, visit_id: str) -> QMainWindow:
        from gui.visit_editor import VisitEditor

        assert self.desk is not None
        editor = VisitEditor(self.desk, visit_id, self.lang, plans=self.plans)
        self.editors.append(editor)
        editor.closed.connect(lambda: self.editors.remove(editor))
        editor.show()
        return editor

    def export_plans(self) -> None:
        """The latest plan of each selected enterprise, into one folder (gui.report_dialogs)."""
        from gui.report_dialogs import export_plans_of

        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        chosen = [e for r in rows if (e := self.service.get(self.model.id_at(r) or ""))]
        if self.plans is not None and self.desk is not None:
            self.plan_batch = export_plans_of(self, self.plans, self.desk, chosen, self.lang)

    def import_register(self, path: str = "") -> None:
        from gui.import_dialog import ImportDialog

        dialog = ImportDialog(self.service_factory, self.lang, self, path)
        dialog.imported.connect(lambda: self._after_write(None))
        if path:
            QTimer.singleShot(0, dialog.preview)  # a dropped file is previewed at once
        dialog.exec()

    # A register file dropped on the window opens the import with its preview.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_register(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_register(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            # After the drop has returned: a modal dialog inside a drop handler blocks the
            # source application on some platforms.
            QTimer.singleShot(0, lambda: self.import_register(path))

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

    def show_shortcuts(self) -> None:
        lines = [
            (
                a.text().replace("&", ""),
                a.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
            )
            for a in (
                self.act_find,
                self.act_new,
                self.act_edit,
                self.act_delete,
                self.act_import,
                self.act_plans,
                self.act_clear,
                self.act_reload,
                self.act_open,
                self.act_quit,
            )
        ]
        text = "\n".join(f"{shortcut:>14}   {label}" for label, shortcut in lines)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, self.tr("Keyboard shortcuts"), text)


class _EnterpriseTable(QTableView):
    """Several rows may be selected (Shift/Ctrl with keys or mouse) for a batch of plans; a row
    chosen by code (Return in the search box) replaces the selection, whatever key is down."""

    def selectionCommand(
        self, index: QModelIndex | QPersistentModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        if event is None:
            flag = QItemSelectionModel.SelectionFlag
            return flag.ClearAndSelect | flag.Rows
        return super().selectionCommand(index, event)


def _dropped_register(mime: QMimeData) -> str | None:
    """The one local .xlsx or .csv file being dragged, if that is what it is."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = urls[0].toLocalFile()
    return path if path.lower().endswith((".xlsx", ".csv")) else None
