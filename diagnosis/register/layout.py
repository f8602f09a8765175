"""How a register's table is laid out: which column feeds which field in which unit, which
columns are not imported (and why), and the notes and unit lines around the table.

Decided once per file from the header and the lines around it; register_import applies it row by
row. Pure: no file reading, no store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from diagnosis.messages import Message
from diagnosis.register import credit_code
from diagnosis.register.columns import (
    AREA_FIELDS,
    MONEY_FIELDS,
    ORG_CODE,
    PSEUDO,
    REVENUE,
    factor,
    header_unit,
    unit_in_text,
    units_for,
)
from diagnosis.register.field_parsing import EMPTY_MARKS
from diagnosis.register.notes import note_text, units_row
from diagnosis.register.table_header import Table


@dataclass(frozen=True)
class Note:
    """A line of the file that is not an enterprise: a note, a unit line or a total."""

    row: int
    text: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "text": self.text}


@dataclass(frozen=True)
class ColumnWarning:
    """Something about a whole column, reported once at the header row."""

    field: str
    header: str
    message: Message


@dataclass
class Layout:
    fields: list[tuple[str, int, float]]  # (field, column, factor to the field's unit)
    code_column: int
    not_imported: tuple[str, ...]
    notes: list[Note] = field(default_factory=list)
    warnings: list[ColumnWarning] = field(default_factory=list)
    skip: frozenset[int] = frozenset()  # row numbers that are the units row

    @property
    def columns(self) -> frozenset[int]:
        return frozenset(col for _, col, _ in self.fields)

    def unused_row(self, cells: tuple[object, ...]) -> str | None:
        """For a row without a credit code: "" if it is blank for the import (only numbers
        outside the imported columns, such as a template's 序号), its text if it is a note,
        else None (an enterprise row missing its code)."""
        note = note_text(cells)
        if note is not None:
            return note
        used = self.columns
        texts: list[str] = []
        for index, cell in enumerate(cells):
            if cell is None or isinstance(cell, bool):
                continue
            text = cell.strip() if isinstance(cell, str) else str(cell)
            if not text or text in EMPTY_MARKS:
                continue
            if index in used:
                return None
            if isinstance(cell, str) and not _is_number(text):
                texts.append(text)
        return " ".join(texts)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def layout_of(table: Table) -> Layout:
    columns = dict(table.columns)
    headers = table.header_cells
    warnings: list[ColumnWarning] = []

    def header(col: int) -> str:
        return headers[col] if col < len(headers) else ""

    if "credit_code" in columns:
        code_column = columns["credit_code"]
    else:
        code_column = columns[ORG_CODE]
        warnings.append(
            ColumnWarning(
                "credit_code",
                header(code_column),
                Message("column.org_code", {"header": header(code_column)}),
            )
        )
        columns["credit_code"] = code_column
    not_imported = list(table.unknown_headers)
    for pseudo in PSEUDO:
        col = columns.pop(pseudo, None)
        if col is None or col == code_column:
            continue
        not_imported.append(header(col))
        if pseudo == REVENUE:
            warnings.append(
                ColumnWarning(
                    "output_value",
                    header(col),
                    Message("column.revenue", {"header": header(col)}),
                )
            )
    notes: list[Note] = []
    line_units: dict[str, str] = {}
    for number, cells in table.above:
        text = note_text(cells)
        if text is not None:
            notes.append(Note(number, text))
            for kind, written in unit_in_text(text).items():
                line_units.setdefault(kind, written)
    row_units, skip = _units_row(table, code_column)
    if row_units is not None:
        number, units = row_units
        notes.append(Note(number, " ".join(units.values())))
    fields: list[tuple[str, int, float]] = []
    # The data year first: it decides which cluster list a cluster name belongs to.
    for name, col in sorted(columns.items(), key=lambda item: item[0] != "data_year"):
        unit: str | None = header_unit(name, header(col))
        if unit is None and row_units is not None:
            unit = row_units[1].get(col)
        if unit is None and name in MONEY_FIELDS:
            unit = line_units.get("money")
        if unit is None and name in AREA_FIELDS:
            unit = line_units.get("area")
        if unit is not None and unit not in units_for(name):
            unit = None
        fields.append((name, col, factor(name, unit)))
    return Layout(fields, code_column, tuple(not_imported), notes, warnings, skip)


def _units_row(
    table: Table, code_column: int
) -> tuple[tuple[int, dict[int, str]] | None, frozenset[int]]:
    """The row of units right under the header, if there is one."""
    if not table.rows:
        return None, frozenset()
    number, cells = table.rows[0]
    code = cells[code_column] if code_column < len(cells) else None
    if code is not None and len(credit_code.normalise(str(code))) == 18:
        return None, frozenset()
    units = units_row(cells)
    if units is None:
        return None, frozenset()
    return (number, units), frozenset({number})
