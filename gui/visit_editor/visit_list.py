"""An enterprise's visits: start one, open one, follow one up, or export its plan. Opens the
visit editor."""

from __future__ import annotations

from datetime import date

from diagnosis.messages import DomainError, Lang
from diagnosis.ports import VisitSummary
from diagnosis.register.enterprise import Enterprise
from diagnosis.visits.document import Document
from diagnosis.visits.experts import Expert
from diagnosis.visits.service import VisitService
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStatusBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.key_help import install as install_key_help
from gui.report.actions import PlanExporter, PlanExports
from gui.rows_model import RowsModel
from gui.visit_editor.header_dialog import VisitHeaderDialog

STATUS_NAMES = {
    "draft": ("草稿", "draft"),
    "finalised": ("已定稿", "finalised"),
    "revision": ("修订中", "revision"),
    "follow_up": ("回访", "follow-up"),
}


class VisitListDialog(QDialog):
    def __init__(
        self,
        desk: VisitService,
        enterprise: Enterprise,
        lang: Lang,
        parent: QWidget | None = None,
        plans: PlanExports | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.enterprise = enterprise
        self.lang = lang
        self.chosen: str | None = None
        self.setWindowTitle(self.tr("Visits of %1").replace("%1", enterprise.name))
        self.model: RowsModel[VisitSummary] = RowsModel(
            [self.tr("Date"), self.tr("Status"), self.tr("Revision")], self._render
        )
        self.table = QTableView()
        self.table.setObjectName("visits")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Every action here takes one visit; a held modifier must not turn a pick into a range.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.new_button = buttons.addButton(
            self.tr("&New visit"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button = buttons.addButton(
            self.tr("&Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.copy_button = buttons.addButton(
            self.tr("Start from &this visit"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.duplicate)
        self.follow_button = buttons.addButton(
            self.tr("&Follow-up visit"), QDialogButtonBox.ButtonRole.ActionRole
        )
        # The selected visit's plan, as from the editor; the status bar below reports it.
        self.status = QStatusBar()
        self.status.setSizeGripEnabled(False)
        self.exporter = PlanExporter(self, self.status, plans, lang, self._selected_document)
        self.export_button = buttons.addButton(
            self.tr("&Export plan…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setEnabled(plans is not None)
        self.export_button.setToolTip(
            self.exporter.act_export_other.text().replace("&", "")
            + " "
            + self.exporter.act_export_other.shortcut().toString()
        )
        self.export_button.clicked.connect(self.exporter.act_export.trigger)
        act = self.exporter.act_export
        act.changed.connect(lambda: self.export_button.setEnabled(act.isEnabled()))
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.new_button.clicked.connect(self.new_visit)
        self.open_button.clicked.connect(self.open_selected)
        self.follow_button.clicked.connect(self.follow_up)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        layout.addWidget(self.status)
        self.resize(640, 380)
        install_key_help(self)  # F1: this dialog's keys (gui.key_help)
        self.refresh()

    def _render(self, v: VisitSummary) -> tuple[str, str, str]:
        zh, en = STATUS_NAMES.get(v.status, (v.status, v.status))
        return (v.date, zh if self.lang == "zh" else en, f"r{v.revision}")

    def refresh(self) -> None:
        self.model.set_rows(self.desk.visits_of(self.enterprise.id))
        if self.model.rowCount():
            self.table.selectRow(0)
        # Enter does the likely thing: open the latest visit, or start the first one.
        (self.open_button if self.model.rowCount() else self.new_button).setDefault(True)
        self.table.setFocus()

    def selected(self) -> VisitSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selected_document(self) -> Document | None:
        visit = self.selected()
        return self.desk.open(visit.id) if visit is not None else None

    def new_visit(self) -> None:
        """Ask for the header first: today, and the team and organisation of the latest visit
        in this store (a team visits many firms); Enter starts the visit, Esc does not."""
        team, organisation = self.desk.header_defaults()
        enterprise = self.enterprise.id

        def start(when: str, names: list[str], org: str, experts: list[Expert]) -> Document:
            return self.desk.start(enterprise, when, names, org, experts)

        dialog = VisitHeaderDialog(
            self.lang,
            date.today().isoformat(),
            team,
            organisation,
            start,
            self,
            experts=self.desk.expert_defaults(),
        )
        dialog.setWindowTitle(self.tr("New visit of %1").replace("%1", self.enterprise.name))
        self.header_dialog = dialog
        if dialog.exec() and isinstance(dialog.result_value, Document):
            self.chosen = dialog.result_value.visit.id
            self.accept()

    def open_selected(self) -> None:
        visit = self.selected()
        if visit is not None:
            self.chosen = visit.id
            self.accept()

    def duplicate(self) -> None:
        """A new draft with the selected visit's answers, to update rather than retype."""
        visit = self.selected()
        if visit is None:
            return
        doc = self.desk.duplicate(visit.id, date.today().isoformat())
        self.chosen = doc.visit.id
        self.accept()

    def follow_up(self) -> None:
        visit = self.selected()
        if visit is None:
            return
        try:
            doc = self.desk.follow_up(visit.id, date.today().isoformat())
        except DomainError as exc:
            self.message.setText(exc.problems[0].text(self.lang))
            return
        self.chosen = doc.visit.id
        self.accept()
