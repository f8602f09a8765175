"""One register row's cells parsed into field values, with what is wrong with them: the part of
an import (diagnosis.register.importer) that runs once per row, 100,000 times for a city's list.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable

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
Cell = tuple[str, object, Problem | None]  # (cell text, "" if empty; value; problem)
Parsed = tuple[dict[str, object], dict[str, str], list[Problem], list[Problem]]
# parse_row's four, and the check of the row's code (None without one).
Checked = tuple[
    dict[str, object], dict[str, str], list[Problem], list[Problem], credit_code.CodeCheck | None
]


def parse_row(
    layout: Layout,
    cells: tuple[object, ...],
    ref: RegisterReference,
    this_year: int,
    memo: dict[tuple[object, ...], Cell] | None = None,
) -> Parsed:
    """(values, cell texts, problems that reject the row, doubts that leave a field empty).

    What a row means, cell by cell through ``_parse_cell``; an import reads its rows with
    ``RowParser``, which gives exactly this, quicker.

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
        _check_code(values, texts, problems)
    return values, texts, problems, doubts


def _check_code(
    values: dict[str, object],
    texts: dict[str, str],
    problems: list[Problem],
    check: Callable[[str], credit_code.CodeCheck] = credit_code.check,
) -> credit_code.CodeCheck:
    found = check(str(values["credit_code"]))
    errors = [p for p in found.problems if p.severity == "error"]
    if errors and _is_org_code(found.code):
        errors = [problem("credit_code", "code.org_code", value=texts["credit_code"])]
    problems.extend(errors)
    return found


class RowParser:
    """``parse_row`` for the rows of one file: each column's parser is chosen once, from its
    field's kind, rather than per cell. A cell of the common form (a string: a name, a code, a
    plain number) is parsed inline; a cell that repeats down the register (a district, a
    division, 是/否, a year) is parsed once per distinct cell; any other cell takes
    ``_parse_cell``, the one definition of what a cell means. Gives exactly what ``parse_row``
    gives (tests/diagnosis/test_register_rows.py)."""

    def __init__(self, layout: Layout, ref: RegisterReference, this_year: int) -> None:
        self._steps = [
            (name, col, _cell_parser(name, scale, ref, this_year))
            for name, col, scale in layout.fields
        ]

    def __call__(self, cells: tuple[object, ...]) -> Checked:
        """``parse_row``'s (values, texts, problems, doubts), and the check of the row's code
        (None without one), for the record's validation: each code is checked once."""
        values: dict[str, object] = {}
        texts: dict[str, str] = {}
        problems: list[Problem] = []
        doubts: list[Problem] = []
        width = len(cells)
        for name, col, parse in self._steps:
            if col >= width:
                continue
            raw = cells[col]
            if raw is None:
                continue
            text, value, bad = parse(raw, values)
            if not text:
                continue
            texts[name] = text
            if bad is None:
                values[name] = value
            else:
                (problems if name in KEY_FIELDS else doubts).append(bad)
        if "name" not in values or "credit_code" not in values:
            for name in REQUIRED_COLUMNS:
                if name not in values and not any(p.field == name for p in problems):
                    problems.append(problem(name, "required"))
        if "credit_code" not in values:
            return values, texts, problems, doubts, None
        # Not through check's cache: the row's check goes with it to its validation, and a
        # register's codes are all different (100,000 of them only churned the cache).
        return values, texts, problems, doubts, _check_code(values, texts, problems, _uncached)


_uncached = credit_code.check.__wrapped__
# (the raw cell, the row's values parsed so far) -> the cell parsed. The values give a cluster
# its data year: a layout lists the data year first.
CellParser = Callable[[object, dict[str, object]], Cell]
_EMPTY: Cell = ("", None, None)


def _cell_parser(name: str, scale: float, ref: RegisterReference, this_year: int) -> CellParser:
    """The parser of one column: ``_parse_cell`` with its field, unit and reference bound, and
    a shortcut for the cells that make up most of a register."""
    kind = FIELD_BY_NAME[name].kind

    def slow(raw: object, values: dict[str, object]) -> Cell:
        year = values.get("data_year")
        return _parse_cell(name, raw, scale, ref, year if isinstance(year, int) else this_year)

    if name in _REPEATING:
        return _remembered(slow, by_year=kind == "cluster")
    if kind in ("text", "phone"):
        return _text_parser(slow)
    if kind == "code":
        return _code_parser(slow)
    if kind in ("int", "float"):
        return _number_parser(slow, scale, whole=kind == "int")
    return slow


def _remembered(slow: CellParser, *, by_year: bool) -> CellParser:
    # The type in the key too (True and 1 are equal keys, but not the same cell). Of the
    # record, only a cluster depends on its data year (the list of that year).
    memo: dict[object, Cell] = {}

    def parse(raw: object, values: dict[str, object]) -> Cell:
        key: object = raw if type(raw) is str else (type(raw), raw)
        if by_year:
            key = (key, values.get("data_year"))
        cell = memo.get(key)
        if cell is None:
            cell = memo[key] = slow(raw, values)
        return cell

    return parse


# The shortcuts below take a string cell's clean_text inline: (raw if raw.isascii() else
# NFKC(raw)).strip().


def _text_parser(slow: CellParser) -> CellParser:
    nfkc = unicodedata.normalize

    def parse(raw: object, values: dict[str, object]) -> Cell:
        if type(raw) is not str:
            return slow(raw, values)
        text = (raw if raw.isascii() else nfkc("NFKC", raw)).strip()
        if not text or text in EMPTY_MARKS:
            return _EMPTY
        # The original (not NFKC) text, its runs of spaces one space; a line break or a
        # control character takes the long way.
        value = " ".join(raw.split())
        return (text, value, None) if value.isprintable() else slow(raw, values)

    return parse


def _code_parser(slow: CellParser) -> CellParser:
    def parse(raw: object, values: dict[str, object]) -> Cell:
        if type(raw) is str and raw.isascii():
            text = raw.strip()
            if text.isalnum():  # credit_code.normalise's own common case
                return text, text.upper(), None
        return slow(raw, values)

    return parse


def _number_parser(slow: CellParser, scale: float, *, whole: bool) -> CellParser:
    # A text cell that float() reads whole carries no unit of its own and no thousands
    # separator, and a workbook's number is itself: either means what _parse_cell makes of it,
    # the number at the column's unit, with the cell's text as clean_text writes it.
    isfinite = math.isfinite
    nfkc = unicodedata.normalize

    def parse(raw: object, values: dict[str, object]) -> Cell:
        if isinstance(raw, str):
            text = (raw if raw.isascii() else nfkc("NFKC", raw)).strip()
            try:
                number = float(text)
            except ValueError:
                return slow(raw, values)
            if not isfinite(number):
                return slow(raw, values)
        elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
            number = float(raw)
            if not isfinite(number):
                return slow(raw, values)
            text = str(int(number)) if isinstance(raw, float) and number.is_integer() else str(raw)
        else:
            return slow(raw, values)
        if whole:
            return (text, int(number), None) if number.is_integer() else slow(raw, values)
        value = float(f"{number:.10g}")
        if scale != 1.0:
            value = float(f"{value * scale:.10g}")
        return text, value, None

    return parse


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
