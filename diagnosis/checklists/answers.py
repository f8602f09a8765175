"""Whether a value is an answer an item can take: the checklist's types, options and ranges.

Used before an answer is stored, so a bad value is refused with the item and the reason and
nothing is written (DESIGN.md invariant 7).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

from diagnosis.checklists.format import Column, Item
from diagnosis.checklists.units import unit_text
from diagnosis.messages import Bilingual, Problem, problem
from diagnosis.plain import plain

MAX_TEXT = 4000


def check_answer(item: Item, value: object) -> Problem | None:
    """None when ``value`` fits ``item``; else what is wrong, naming the item."""
    field = item.id
    if item.type in ("single", "yes_no"):
        if item.option(value) is None:
            return problem(
                field,
                "answer.option",
                value=value,
                options=", ".join(o.value for o in item.options),
            )
        return None
    if item.type == "multiple":
        if not isinstance(value, list) or any(item.option(v) is None for v in value):
            return problem(
                field,
                "answer.options",
                value=value,
                options=", ".join(o.value for o in item.options),
            )
        if len(set(value)) != len(value):
            return problem(field, "answer.repeated", value=value)
        return None
    if item.type == "number":
        return _number(field, value, item.minimum, item.maximum, item.unit)
    if item.type == "table":
        return _table(item, value)
    if item.type == "text":
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            return problem(field, "answer.text", max=MAX_TEXT)
        return None
    if item.type == "date":
        try:
            date.fromisoformat(str(value))
        except ValueError:
            return problem(field, "answer.date", value=value)
        return None
    if item.type == "photo":
        from diagnosis.visits.photos import is_sha256

        if not isinstance(value, list) or not all(
            isinstance(v, str) and is_sha256(v) for v in value
        ):
            return problem(field, "answer.photos")
        return None
    return problem(field, "answer.type", type=item.type)


def _number(
    field: str, value: object, low: float | None, high: float | None, unit: str
) -> Problem | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return problem(field, "number.invalid", value=value)
    if (low is not None and value < low) or (high is not None and value > high):
        # The unit as the reader writes it ("年" reads "year" in English).
        words = Bilingual(unit_text(unit, "zh"), unit_text(unit, "en"))
        return problem(
            field, "number.range", min=_g(low), max=_g(high), unit=words, value=plain(value)
        )
    return None


def _g(x: float | None) -> str:
    return "…" if x is None else plain(x)  # 1e+15 would mean nothing to a consultant


def _table(item: Item, value: object) -> Problem | None:
    if not isinstance(value, Mapping):
        return problem(item.id, "answer.table")
    rows = {r.id for r in item.rows}
    columns = {c.id: c for c in item.columns}
    for row_id, cells in value.items():
        if row_id not in rows or not isinstance(cells, Mapping):
            return problem(item.id, "answer.table_row", row=row_id)
        for col_id, cell in cells.items():
            column = columns.get(col_id)
            if column is None:
                return problem(item.id, "answer.table_column", row=row_id, column=col_id)
            bad = _cell(item.id, row_id, column, cell)
            if bad is not None:
                return bad
    return None


def _cell(field: str, row: str, column: Column, cell: object) -> Problem | None:
    if cell is None:
        return None
    if column.kind == "number":
        bad = _number(field, cell, column.minimum, column.maximum, column.unit)
        if bad is not None:
            return problem(
                field, "answer.table_cell", row=row, column=column.id, reason=bad.message.text("en")
            )
        return None
    if column.kind == "choice" and cell not in {c.value for c in column.choices}:
        return problem(
            field,
            "answer.table_cell",
            row=row,
            column=column.id,
            reason=f"'{cell}' is not a choice",
        )
    if column.kind == "text" and not isinstance(cell, str):
        return problem(field, "answer.table_cell", row=row, column=column.id, reason="not text")
    return None
