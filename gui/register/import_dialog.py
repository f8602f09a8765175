"""Import of a register file: preview what will happen, then write it, both off the UI thread.

The preview and the import each run in a worker with their own store connection; the report
lists every rejected row and every warning by spreadsheet row number, field, cell and reason (and
can be saved as CSV), the notes around the table and the columns not imported. A workbook's sheet
is chosen in the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from diagnosis.messages import Lang
from diagnosis.register.importer import ImportPlan
from diagnosis.register.service import RegisterService
from diagnosis.register.table_errors import ReadError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.key_help import install as install_key_help
from gui.register.import_report import ImportReportTabs
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
        self.job: WorkerSignals | None = None
        self._sheet: str | None = None  # the sheet chosen for the file now in the preview
        self.setWindowTitle(self.tr("Import enterprise register"))
        self.path_edit = QLineEdit(path)
        self.path_edit.setObjectName("import_path")
        self.path_edit.setPlaceholderText(self.tr("An .xlsx or .csv file (UTF-8 or GBK)"))
        self.path_edit.returnPressed.connect(self.preview)
        self.path_edit.textChanged.connect(self._on_path_edit_text_changed)
        browse = QPushButton(self.tr("&Choose file…"))
        browse.clicked.connect(self.choose_file)
        self.preview_button = QPushButton(self.tr("&Preview"))
        self.preview_button.setObjectName("preview")
        self.preview_button.clicked.connect(self.preview)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        row.addWidget(self.preview_button)
        self.sheet_box = QComboBox()
        self.sheet_box.setObjectName("sheet")
        self.sheet_box.activated.connect(self._on_sheet_box_activated)
        self.sheet_label = QLabel(self.tr("&Sheet:"))
        self.sheet_label.setBuddy(self.sheet_box)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_box, 1)
        self._show_sheets(None)
        self.progress = QProgressBar()
        self.progress.hide()
        self.summary = QLabel(
            self.tr("Choose a file to see what the import will do before anything is written.")
        )
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = ImportReportTabs()
        self.rejected_model = self.tabs.rejected_model
        self.warnings_model = self.tabs.warnings_model
        self.notes_model = self.tabs.notes_model
        self.table = self.tabs.rejected
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
        layout.addLayout(sheet_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 520)
        install_key_help(self)  # F1: this dialog's keys (gui.key_help)

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
        sheet = self._sheet

        def job(signals: WorkerSignals) -> ImportPlan:
            service = factory()
            try:
                if apply:
                    return service.import_file(path, signals.report, sheet)
                return service.plan_import(path, signals.report, sheet)
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
        self.sheet_box.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self._importable())
        self.close_button.setText(self.tr("Cancel") if busy else self.tr("Close"))

    def _importable(self) -> bool:
        return self.plan is not None and bool(self.plan.inserts or self.plan.updates)

    def _on_job_progressed(self, done: int, total: int) -> None:
        if total == 0:  # still reading: how far, not how much is left
            self.progress.setRange(0, 0)
            self.summary.setText(self.tr("Reading the file… %Ln row(s)", "", done))
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
        self.tabs.show_report(None)
        self.save_report_button.setEnabled(False)
        if isinstance(exc, Cancelled):
            self.summary.setText(self.tr("Cancelled; nothing was written."))
        elif isinstance(exc, ReadError):
            self.summary.setText(exc.message.text(self.lang))
        else:
            self.summary.setText(
                self.tr("The import failed and nothing was written: %1").replace("%1", str(exc))
            )

    def show_plan(self, plan: ImportPlan, applied: bool) -> None:
        report = plan.report(self.lang)
        table = plan.table
        if table.sheet:
            where = self.tr("Header found in row %1 of sheet “%2”.").replace("%2", table.sheet)
        elif table.encoding:
            encoding = _ENCODING_NAMES.get(table.encoding, table.encoding)
            where = self.tr("Header found in row %1 (%2 encoding).").replace("%2", encoding)
        else:
            where = self.tr("Header found in row %1.")
        where = where.replace("%1", str(table.header_row))
        # The rejected rows decide the plural (%n); the other counts read as amounts.
        rejected = plan.rejected_rows
        if applied:
            template = self.tr(
                "Imported: added %1, updated %2, %3 unchanged, %n row(s) rejected.", "", rejected
            )
        else:
            template = self.tr(
                "The import will add %1, update %2, leave %3 unchanged and reject %n row(s).",
                "",
                rejected,
            )
        counts = (
            template.replace("%1", str(report["inserted"]))
            .replace("%2", str(report["updated"]))
            .replace("%3", str(report["unchanged"]))
        )
        lines = [where, counts]
        if plan.warnings:
            lines.append(
                self.tr(
                    "Warnings: %1, in %n row(s). Those rows are taken; what is doubtful in them "
                    "is not.",
                    "",
                    plan.warned_rows,
                ).replace("%1", str(len(plan.warnings)))
            )
        if plan.not_imported:
            sep = "、" if self.lang == "zh" else ", "
            lines.append(
                self.tr("Columns not imported: %1").replace("%1", sep.join(plan.not_imported))
            )
        if plan.rejected and not applied:
            lines.append(
                self.tr("Rejected rows change nothing; fix them in the file and import it again.")
            )
        self.summary.setText("\n".join(lines))
        self.tabs.show_report(report)
        self.save_report_button.setEnabled(self.tabs.has_rows())
        self._show_sheets(plan)

    # The sheet of a workbook
    def _show_sheets(self, plan: ImportPlan | None) -> None:
        """One entry a sheet, "name (rows)", the one read selected; shown for several sheets."""
        sheets = plan.table.sheets if plan is not None else ()
        self.sheet_box.clear()
        for info in sheets:
            rows = "" if info.rows is None else self.tr(" (%Ln row(s))", "", info.rows)
            self.sheet_box.addItem(info.name + rows, info.name)
        if plan is not None and plan.table.sheet is not None:
            self.sheet_box.setCurrentIndex(self.sheet_box.findData(plan.table.sheet))
            self._sheet = plan.table.sheet
        visible = len(sheets) > 1
        self.sheet_box.setVisible(visible)
        self.sheet_label.setVisible(visible)

    def _on_sheet_box_activated(self, index: int) -> None:
        name = self.sheet_box.itemData(index)
        if isinstance(name, str) and name != self._sheet:
            self._sheet = name
            self.preview()

    def _on_path_edit_text_changed(self, _text: str) -> None:
        # Another file: its own sheets, the first with a header unless one is chosen.
        self._sheet = None

    def save_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report"), "import-report.csv", self.tr("CSV (*.csv)")
        )
        if path:
            self.tabs.save_csv(path)

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
            return
        super().reject()
