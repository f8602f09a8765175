"""The import preview's lists: rejected rows, warnings (fields left empty, rows kept) and the
notes found around the table, one tab each with its count; and the report saved as CSV.
"""

from __future__ import annotations

import csv
from typing import Any

from diagnosis.sheet_cells import csv_field
from PySide6.QtWidgets import QHeaderView, QTableView, QTabWidget, QWidget

from gui.rows_model import RowsModel


def _table(model: RowsModel[dict[str, Any]], name: str, stretch: int) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setColumnWidth(0, 60)
    return table


class ImportReportTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report_tabs")
        self.rejected_model: RowsModel[dict[str, Any]] = RowsModel(
            [self.tr("Row"), self.tr("Field"), self.tr("Cell"), self.tr("Reason")],
            lambda r: (str(r["row"]), r["field_label"], r["value"], r["reason"]),
        )
        self.warnings_model: RowsModel[dict[str, Any]] = RowsModel(
            [self.tr("Row"), self.tr("Field"), self.tr("Cell"), self.tr("Reason")],
            lambda r: (str(r["row"]), r["field_label"], r["value"], self._reason(r)),
        )
        self.notes_model: RowsModel[dict[str, Any]] = RowsModel(
            [self.tr("Row"), self.tr("Text")], lambda r: (str(r["row"]), r["text"])
        )
        self.rejected = _table(self.rejected_model, "rejected", 3)
        self.warnings = _table(self.warnings_model, "warnings", 3)
        self.notes = _table(self.notes_model, "notes", 1)
        for table in (self.rejected, self.warnings):
            table.setColumnWidth(1, 140)
            table.setColumnWidth(2, 140)
        self.addTab(self.rejected, "")
        self.addTab(self.warnings, "")
        self.addTab(self.notes, "")
        self.show_report(None)

    def _reason(self, r: dict[str, Any]) -> str:
        if not r.get("left_empty"):
            return str(r["reason"])
        return self.tr("%1 (cell not taken)").replace("%1", str(r["reason"]))

    def show_report(self, report: dict[str, Any] | None) -> None:
        """The lists of ``plan.report()``; None empties them."""
        rejected = report["rejected"] if report else []
        warnings = report["warnings"] if report else []
        notes = report["notes"] if report else []
        self.rejected_model.set_rows(rejected)
        self.warnings_model.set_rows(warnings)
        self.notes_model.set_rows(notes)
        rows = len({r["row"] for r in rejected})
        self.setTabText(0, self.tr("Rejected rows (%1)").replace("%1", str(rows)))
        self.setTabText(1, self.tr("Warnings (%1)").replace("%1", str(len(warnings))))
        self.setTabText(2, self.tr("Notes (%1)").replace("%1", str(len(notes))))
        # The list that needs looking at first: rejections, else warnings.
        if rejected:
            self.setCurrentIndex(0)
        elif warnings:
            self.setCurrentIndex(1)

    def has_rows(self) -> bool:
        return bool(self.rejected_model.rows or self.warnings_model.rows)

    def save_csv(self, path: str) -> None:
        """Every rejection and warning, one a line, as text cells (reasons quote the file)."""
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(
                [
                    self.tr("Row"),
                    self.tr("Kind"),
                    self.tr("Field"),
                    self.tr("Cell"),
                    self.tr("Reason"),
                ]
            )
            kinds = (
                (self.tr("rejected"), self.rejected_model),
                (self.tr("warning"), self.warnings_model),
            )
            for kind, model in kinds:
                for r in model.rows:
                    texts = (kind, r["field_label"], r["value"], model.render(r)[3])
                    writer.writerow([r["row"], *map(csv_field, texts)])
