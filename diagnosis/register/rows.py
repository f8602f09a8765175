"""One register row's cells parsed into field values, with what is wrong with them: the part of
an import (diagnosis.register.importer) that runs once per row, 100,000 times for a city's list.
"""

from __future__ import annotations

import re

from diagnosis.messages import Problem, problem
from diagnosis.register import credit_code
from diagnosis.register.columns import factor, split_amount, units_for
from diagnosis.register.enterprise import FIELD_BY_NAME
from diagnosis.register.field_parsing import EMPTY_MARKS, clean_text, parse_value
from diagnosis.register.layout import Layout
from diagnosis.register.reference_data import RegisterReference

REQUIRED_COLUMNS = ("name", "credit_code")
# A problem in one of these makes the row unusable; in any other field it is a warning.
KEY_FIELDS = frozenset(REQUIRED_COLUMNS)


def parse_row(
    layout: Layout,
    cells: tuple[object, ...],
    ref: RegisterReference,
    this_year: int,
    memo: dict[tuple[object, ...], Cell] | None = None,
) -> tuple[dict[str, object], dict[str, str], list[Problem], list[Problem]]:
    """(values, cell texts, problems that reject the row, doubts that leave a field empty).

    ``memo``: the cells of the fields with few distinct values already parsed in this file
    (a district's list names its districts and divisions 100,000 times over)."""
    values: dict[str, object] = {}
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    doubts: list[Problem] = []
    for name, col, scale in layout.fields:
        raw = cells[col] if col < len(cells) else None
        if raw is None:
            continue
        year = values.get("data_year")
        year = year if isinstance(year, int) else this_year
        if memo is not None and name in _REPEATING:
            # The type too: True and 1 are equal keys, but not the same cell.
            key = (name, type(raw), raw, scale, year)
            cell = memo.get(key)
            if cell is None:
                cell = memo[key] = _parse_cell(name, raw, scale, ref, year)
        else:
            cell = _parse_cell(name, raw, scale, ref, year)
        text, value, bad = cell
        if not text:
            continue
        texts[name] = text
        if bad is not None:
            (problems if name in KEY_FIELDS else doubts).append(bad)
        else:
            values[name] = value
    for name in REQUIRED_COLUMNS:
        if name not in values and not any(p.field == name for p in problems):
            problems.append(problem(name, "required"))
    if "credit_code" in values:
        check = credit_code.check(str(values["credit_code"]))
        errors = [p for p in check.problems if p.severity == "error"]
        if errors and _is_org_code(check.code):
            errors = [problem("credit_code", "code.org_code", value=texts["credit_code"])]
        problems.extend(errors)
    return values, texts, problems, doubts


Cell = tuple[str, object, Problem | None]  # (cell text, "" if empty; value; problem)
# Fields whose cells repeat down a register (a parse depends only on the cell, its column's
# unit and the record's year), parsed once per distinct cell in an import.
_REPEATING = frozenset(
    name
    for name, spec in FIELD_BY_NAME.items()
    if spec.kind in ("district", "industry", "cluster", "bool", "year", "class", "stars")
)


def _parse_cell(name: str, raw: object, scale: float, ref: RegisterReference, year: int) -> Cell:
    text = clean_text(raw)
    if not text or text in EMPTY_MARKS:
        return "", None, None
    cleaned: str | None = text
    if isinstance(raw, str) and name in _UNIT_FIELDS:
        # A unit written in the cell ("1.2亿元", "8000㎡") wins over the column's.
        number, unit = split_amount(name, text.replace(",", ""))
        if unit is not None:
            raw, scale, cleaned = number, factor(name, unit), None
    value, bad = parse_value(FIELD_BY_NAME[name], raw, ref, year, text=cleaned)
    if bad is None and isinstance(value, str) and not value.isprintable():
        # A line break typed in a cell (Alt+Enter) is a space in a one-line field. (Text
        # with neither is printable: the common case skips both checks.)
        value = _BREAKS.sub(" ", value)
        bad = _control(name, value)
    if bad is None and scale != 1.0 and isinstance(value, float):
        value = float(f"{value * scale:.10g}")
    return text, value, bad


def _is_org_code(code: str) -> bool:
    """A 9-character organisation code (GB 11714): 8 characters and their check character."""
    return len(code) == 9 and credit_code.body_check_character(code[:8]) == code[8]


_BREAKS = re.compile(r"\s*[\t\n\r]+\s*")
# The fields whose cells may carry a unit of their own (money, areas, head counts).
_UNIT_FIELDS = frozenset(name for name in FIELD_BY_NAME if units_for(name))


def _control(name: str, value: str) -> Problem | None:
    """A control character in a register field: the server refuses the record (record.invalid)
    and a workbook cannot hold it, so the row is refused here, by the same rule."""
    from diagnosis.sync.record_text import text_problem

    found = text_problem(name, value)
    if found is None:
        return None
    at = next(i for i, ch in enumerate(value) if text_problem(name, ch) is not None)
    return problem(name, "text.control", pos=at + 1, char=f"U+{ord(value[at]):04X}")
