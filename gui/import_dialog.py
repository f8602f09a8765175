"""Import of a register file: preview what will happen, then write it, both off the UI thread.

The preview and the import each run in a worker with their own store connection; the report
lists every rejected row by spreadsheet row number, field and reason, and can be saved as CSV.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from diagnosis.messages import Lang
from diagnosis.register import RegisterService
from diagnosis.register_import import ImportPlan
from diagnosis.sheet_cells import csv_field
from diagnosis.table_reader import ReadError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.rows_model import RowsModel
from gui.workers import Cancelled, WorkerSignals, start

_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 BOM",
    "utf-16": "UTF-16",
    "gb18030": "GBK/GB18030",
}


class ImportDialog(QDialog):
    imported = Signal()

    def __init__(
        self,
        service_factory: Callable[[], RegisterService],
        lang: Lang,
        parent: QWidget | None = None,
        path: str = "",
    ) -> None:
        super().__init__(parent)
        self.service_factory = service_factory
        self.lang = lang
        self.plan: ImportPlan | None = None
        self._last_rejected: list[dict[str, Any]] = []
        self.job: WorkerSignals | None = None
        self.setWindowTitle(self.tr("Import enterprise register"))
        self.path_edit = QLineEdit(path)
        self.path_edit.setObjectName("import_path")
        self.path_edit.setPlaceholderText(self.tr("An .xlsx or .csv file (UTF-8 or GBK)"))
        self.path_edit.returnPressed.connect(self.preview)
        browse = QPushButton(self.tr("&Choose file…"))
        browse.clicked.connect(self.choose_file)
        self.preview_button = QPushButton(self.tr("&Preview"))
        self.preview_button.setObjectName("preview")
        self.preview_button.clicked.connect(self.preview)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        row.addWidget(self.preview_button)
        self.progress = QProgressBar()
        self.progress.hide()
        self.summary = QLabel(
            self.tr("Choose a file to see what the import will do before anything is written.")
        )
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rejected_model: RowsModel[dict[str, Any]] = RowsModel(
            [self.tr("Row"), self.tr("Field"), self.tr("Reason")],
            lambda r: (str(r["row"]), r["field_label"], r["reason"]),
        )
        table = QTableView()
        table.setObjectName("rejected")
        table.setModel(self.rejected_model)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, 60)
        table.setColumnWidth(1, 160)
        self.table = table
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("do_import")
        self.import_button.setEnabled(False)
        self.save_report_button = self.buttons.addButton(
            self.tr("Save &report…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_report_button.setEnabled(False)
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.import_button.clicked.connect(self.run_import)
        self.save_report_button.clicked.connect(self.save_report)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(table, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 520)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a register file"),
            "",
            self.tr("Registers (*.xlsx *.csv);;All files (*)"),
        )
        if path:
            self.path_edit.setText(path)
            self.preview()

    # Running the two steps
    def preview(self) -> None:
        self._run(apply=False)

    def run_import(self) -> None:
        self._run(apply=True)

    def _run(self, apply: bool) -> None:
        if self.job is not None:
            return
        path = Path(self.path_edit.text().strip())
        factory = self.service_factory

        def job(signals: WorkerSignals) -> ImportPlan:
            service = factory()
            try:
                if apply:
                    return service.import_file(path, signals.report)
                return service.plan_import(path, signals.report)
            finally:
                service.close()

        self._busy(True)
        self.summary.setText(self.tr("Importing…") if apply else self.tr("Reading the file…"))
        self.job = start(
            job,
            progressed=self._on_job_progressed,
            succeeded=lambda plan: self._on_job_succeeded(plan, apply),
            failed=self._on_job_failed,
            finished=lambda: self._busy(False),
        )

    def _busy(self, busy: bool) -> None:
        if not busy:
            self.job = None
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.preview_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self._importable())
        self.close_button.setText(self.tr("Cancel") if busy else self.tr("Close"))

    def _importable(self) -> bool:
        return self.plan is not None and bool(self.plan.inserts or self.plan.updates)

    def _on_job_progressed(self, done: int, total: int) -> None:
        if total == 0:  # still reading: how far, not how much is left
            self.progress.setRange(0, 0)
            self.summary.setText(self.tr("Reading the file… %1 rows").replace("%1", f"{done:,}"))
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.summary.setText(
            self.tr("Checking rows… %1 of %2")
            .replace("%1", f"{done:,}")
            .replace("%2", f"{total:,}")
        )

    def _on_job_succeeded(self, plan: ImportPlan, applied: bool) -> None:
        self.plan = None if applied else plan
        self.show_plan(plan, applied)
        if applied:
            self.imported.emit()

    def _on_job_failed(self, exc: BaseException) -> None:
        self.plan = None
        self.rejected_model.set_rows([])
        if isinstance(exc, Cancelled):
            self.summary.setText(self.tr("Cancelled; nothing was written."))
        elif isinstance(exc, ReadError):
            self.summary.setText(exc.message.text(self.lang))
        else:
            self.summary.setText(
                self.tr("The import failed and nothing was written: %1").replace("%1", str(exc))
            )

    def show_plan(self, plan: ImportPlan, applied: bool) -> None:
        s = plan.summary(self.lang)
        table = plan.table
        if table.sheet:
            where = self.tr("Header found in row %1 of sheet “%2”.").replace("%2", table.sheet)
        elif table.encoding:
            encoding = _ENCODING_NAMES.get(table.encoding, table.encoding)
            where = self.tr("Header found in row %1 (%2 encoding).").replace("%2", encoding)
        else:
            where = self.tr("Header found in row %1.")
        where = where.replace("%1", str(table.header_row))
        if applied:
            template = self.tr("Imported: added %1, updated %2, %3 unchanged, %4 row(s) rejected.")
        else:
            template = self.tr(
                "The import will add %1, update %2, leave %3 unchanged and reject %4 row(s)."
            )
        counts = (
            template.replace("%1", str(s["inserted"]))
            .replace("%2", str(s["updated"]))
            .replace("%3", str(s["unchanged"]))
            .replace("%4", str(plan.rejected_rows))
        )
        lines = [where, counts]
        if table.unknown_headers:
            lines.append(
                self.tr("Columns not used: %1").replace(
                    "%1", ("、" if self.lang == "zh" else ", ").join(table.unknown_headers)
                )
            )
        if plan.rejected and not applied:
            lines.append(
                self.tr("Rejected rows change nothing; fix them in the file and import it again.")
            )
        self.summary.setText("\n".join(lines))
        self.rejected_model.set_rows(s["rejected"])
        self.save_report_button.setEnabled(bool(plan.rejected))
        self._last_rejected = s["rejected"]

    def save_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the rejected rows"), "rejected.csv", self.tr("CSV (*.csv)")
        )
        if not path:
            return
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([self.tr("Row"), self.tr("Field"), self.tr("Reason")])
            # Reasons quote cells of the file: written as text, as every sheet the app writes.
            for r in self._last_rejected:
                writer.writerow([r["row"], *map(csv_field, (r["field_label"], r["reason"]))])

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
            return
        super().reject()
