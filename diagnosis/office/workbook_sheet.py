"""The sheet layout every office workbook sheet shares (title, note, frozen bilingual header,
rows, totals) and the note naming the figures' filter.

Its own module so the summary sheets (diagnosis.office.workbook) and the full-data sheets
(diagnosis.office.workbook_data) both build on it without importing each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from diagnosis.messages import Lang
from diagnosis.office.figures import OfficeFigures
from diagnosis.office.labels import both, dimension_header, key_label
from diagnosis.sheet_cells import set_text

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Number formats by kind of figure, with the decimals of diagnosis.display.DECIMALS.
FORMATS = {
    "count": "#,##0",
    "investment_10k_yuan": "#,##0.00",
    "money_saved_yuan": "#,##0",
    "tce": "#,##0.00",
    "co2_t": "#,##0.0",
    "water_m3": "#,##0",
    "share": "0.0%",
    "score": "0.0",
    "text": "@",
    "general": "General",
}
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)


@dataclass(frozen=True)
class Col:
    header: str  # bilingual, with its unit
    width: float
    kind: str = "general"  # a key of FORMATS


class Sheet:
    """A write-only sheet laid out as: title, note, one frozen header row, rows, totals."""

    def __init__(self, wb: Workbook, name: str, title: str, note: str, cols: Sequence[Col]):
        self.ws: WriteOnlyWorksheet = wb.create_sheet(name)
        self.cols = cols
        header_row = 4
        self.ws.freeze_panes = f"A{header_row + 1}"  # rows scroll under the header
        for n, col in enumerate(cols, start=1):
            self.ws.column_dimensions[get_column_letter(n)].width = col.width
        self._cell_row([self.cell(title, font=_TITLE)])
        self._cell_row([self.cell(note)])
        self._cell_row([])
        header = []
        for col in cols:
            cell = self.cell(col.header, font=_BOLD)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        self._cell_row(header)

    def cell(self, value: Any, kind: str = "general", font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        # Excel has no NaN or infinity: such a number would make it call the file damaged.
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)
        if isinstance(value, str):
            set_text(cell, value)  # names come from anyone: text, never a formula
        else:
            cell.value = value
            if kind != "general" and value is not None:
                cell.number_format = FORMATS[kind]
        if font is not None:
            cell.font = font
        return cell

    def _cell_row(self, cells: list[WriteOnlyCell]) -> None:
        self.ws.append(cells)

    def row(self, values: Sequence[Any], bold: bool = False) -> None:
        font = _BOLD if bold else None
        self._cell_row([self.cell(v, c.kind, font) for v, c in zip(values, self.cols, strict=True)])


def filter_note(fig: OfficeFigures, lang: Lang) -> str:
    f = fig.filter
    parts = [
        f"{dimension_header(name)}: {key_label(name, str(value), lang)}"
        for name, value in (
            ("year", f.year),
            ("district", f.district),
            ("industry", f.industry),
            ("cluster", f.cluster),
        )
        if value is not None
    ]
    return f"{both('filter')}: {'; '.join(parts) if parts else both('all')}"
