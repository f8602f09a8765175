"""Import of an enterprise register from .xlsx or .csv: plan first, then apply in one go.

A plan says, row by row, what would happen (insert, update, unchanged, rejected with the
spreadsheet row number, field and reason) without writing; applying it writes every good row in
one transaction, so a second import of the same file finds everything unchanged. A blank cell
never erases a stored value: registers handed out by districts leave unknown cells empty. Only a
row without a usable name or credit code is rejected; any other doubtful cell is a warning and
its field is left as it was (docs/register.md, "What an import keeps").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from diagnosis import credit_code
from diagnosis.enterprise import FIELD_BY_NAME, Enterprise, validate
from diagnosis.field_parsing import EMPTY_MARKS, clean_text, parse_value
from diagnosis.messages import Lang, Message, Problem, problem
from diagnosis.ports import EnterpriseRepository
from diagnosis.reference_data import RegisterReference, register_reference
from diagnosis.register_columns import ORG_CODE, factor, import_aliases, split_amount, units_for
from diagnosis.register_layout import Layout, Note, layout_of
from diagnosis.register_notes import note_text
from diagnosis.table_reader import ReadError, Sheet, Table, read_table

ALIASES = import_aliases()
REQUIRED_COLUMNS = ("name", "credit_code")
# Without a credit-code column, an 组织机构代码 column is read in its place (and said so).
_ALTERNATIVES = {"credit_code": (ORG_CODE,)}
# A problem in one of these makes the row unusable; in any other field it is a warning.
KEY_FIELDS = frozenset(REQUIRED_COLUMNS)


@dataclass(frozen=True)
class RejectedRow:
    """A rejection or a warning: the row as the spreadsheet numbers it, the field, the reason,
    and the cell's text as the file holds it."""

    row: int
    field: str
    message: Message
    value: str = ""
    left_empty: bool = False  # a warning whose field was not taken from the file

    def as_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        spec = FIELD_BY_NAME.get(self.field)
        return {
            "row": self.row,
            "field": self.field,
            "field_label": spec.label(lang) if spec else self.field,
            "value": self.value,
            "code": self.message.code,
            "reason": self.message.text(lang),
        }

    def warning_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        return {**self.as_dict(lang), "left_empty": self.left_empty}


@dataclass
class ImportPlan:
    path: Path
    table: Table
    inserts: list[Enterprise] = field(default_factory=list)
    updates: list[tuple[Enterprise, dict[str, object]]] = field(default_factory=list)
    update_rows: list[int] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[RejectedRow] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    not_imported: tuple[str, ...] = ()

    @property
    def rejected_rows(self) -> int:
        return len({r.row for r in self.rejected})

    @property
    def warned_rows(self) -> int:
        return len({r.row for r in self.warnings})

    def summary(self, lang: Lang = "zh") -> dict[str, Any]:
        """The counts and the rejected rows."""
        return {
            "inserted": len(self.inserts),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "rejected": [r.as_dict(lang) for r in self.rejected],
        }

    def report(self, lang: Lang = "zh") -> dict[str, Any]:
        """The JSON contract of ``import-enterprises --json``: the summary, the warnings, the
        columns not imported, the notes, and the sheet read with the workbook's other sheets."""
        sheets = [s.name for s in self.table.sheets]
        return {
            **self.summary(lang),
            "warnings": [w.warning_dict(lang) for w in self.warnings],
            "not_imported": list(self.not_imported),
            "notes": [n.as_dict() for n in self.notes],
            "header_row": self.table.header_row,
            "sheet": self.table.sheet,
            "other_sheets": [name for name in sheets if name != self.table.sheet],
        }


Progress = Callable[[int, int], None]  # (rows done, rows in all)


def plan_import(
    path: Path,
    repo: EnterpriseRepository,
    ref: RegisterReference | None = None,
    progress: Progress | None = None,
    sheet: Sheet = None,
) -> ImportPlan:
    """Read ``path`` and decide every row's fate; raises ReadError if the file is unusable.

    ``sheet``: a workbook's sheet by name or number from 1; None takes the first sheet that has
    a header row."""
    ref = ref or register_reference()
    # While reading, the total is unknown: (rows read, 0). Then (rows planned, rows in all).
    on_read = None if progress is None else (lambda n: progress(n, 0))
    table = read_table(
        path, ALIASES, REQUIRED_COLUMNS, progress=on_read, sheet=sheet, alternatives=_ALTERNATIVES
    )
    layout = layout_of(table)
    plan = ImportPlan(path, table, notes=list(layout.notes), not_imported=layout.not_imported)
    plan.warnings.extend(
        RejectedRow(table.header_row, w.field, w.message, w.header) for w in layout.warnings
    )
    parsed: list[tuple[int, dict[str, object], dict[str, str]]] = []
    seen: dict[str, int] = {}
    this_year = _this_year()
    code_col = layout.code_column
    for row_number, cells in table.rows:
        if row_number in layout.skip:
            continue
        code_cell = cells[code_col] if code_col < len(cells) else None
        if code_cell is None or (isinstance(code_cell, str) and clean_text(code_cell) == ""):
            unused = layout.unused_row(cells)
            if unused is not None:
                if unused:
                    plan.notes.append(Note(row_number, unused))
                continue
        elif len(credit_code.normalise(str(code_cell))) != 18 and (note := note_text(cells)):
            # "填报人：… 制表：…" spread over the columns, one of them the code's.
            plan.notes.append(Note(row_number, note))
            continue
        values, texts, problems, doubts = _parse_row(layout, cells, ref, this_year)
        code = values.get("credit_code")
        # A valid code belongs to the first row that carries it even when that row is refused
        # for another field; otherwise the later row would win now and be the duplicate once
        # the first row is corrected.
        if isinstance(code, str) and not any(p.field == "credit_code" for p in problems):
            if code in seen:
                duplicate = Message("code.duplicate_in_file", {"row": seen[code]})
                problems.append(Problem("credit_code", duplicate))
            else:
                seen[code] = row_number
        # A rejected row's doubtful cells are reported too: the file is corrected once.
        plan.warnings.extend(
            RejectedRow(row_number, p.field, p.message, texts.get(p.field, ""), True)
            for p in doubts
        )
        if problems:
            plan.rejected.extend(
                RejectedRow(row_number, p.field, p.message, texts.get(p.field, ""))
                for p in problems
            )
        else:
            parsed.append((row_number, values, texts))
    existing = repo.by_codes({str(v["credit_code"]) for _, v, _ in parsed})
    total = len(parsed)
    for done, (row_number, values, texts) in enumerate(parsed, start=1):
        code = str(values["credit_code"])
        _plan_row(plan, row_number, values, texts, existing.get(code), ref)
        if progress is not None and done % 1000 == 0:
            progress(done, total)
    plan.rejected.sort(key=lambda r: r.row)
    plan.warnings.sort(key=lambda r: r.row)
    plan.notes.sort(key=lambda n: n.row)
    if progress is not None:
        progress(total, total)
    return plan


def _parse_row(
    layout: Layout, cells: tuple[object, ...], ref: RegisterReference, this_year: int
) -> tuple[dict[str, object], dict[str, str], list[Problem], list[Problem]]:
    """(values, cell texts, problems that reject the row, doubts that leave a field empty)."""
    values: dict[str, object] = {}
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    doubts: list[Problem] = []
    for name, col, scale in layout.fields:
        raw = cells[col] if col < len(cells) else None
        if raw is None:
            continue
        text = clean_text(raw)
        if not text or text in EMPTY_MARKS:
            continue
        texts[name] = text
        cleaned: str | None = text
        if isinstance(raw, str) and name in _UNIT_FIELDS:
            # A unit written in the cell ("1.2亿元", "8000㎡") wins over the column's.
            number, unit = split_amount(name, text.replace(",", ""))
            if unit is not None:
                raw, scale, cleaned = number, factor(name, unit), None
        year = values.get("data_year")
        value, bad = parse_value(
            FIELD_BY_NAME[name],
            raw,
            ref,
            year if isinstance(year, int) else this_year,
            text=cleaned,
        )
        if bad is None and isinstance(value, str) and not value.isprintable():
            # A line break typed in a cell (Alt+Enter) is a space in a one-line field. (Text
            # with neither is printable: the common case skips both checks.)
            value = _BREAKS.sub(" ", value)
            bad = _control(name, value)
        if bad is None and scale != 1.0 and isinstance(value, float):
            value = float(f"{value * scale:.10g}")
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


def _is_org_code(code: str) -> bool:
    """A 9-character organisation code (GB 11714): 8 characters and their check character."""
    return len(code) == 9 and credit_code.body_check_character(code[:8]) == code[8]


_BREAKS = re.compile(r"\s*[\t\n\r]+\s*")
# The fields whose cells may carry a unit of their own (money, areas, head counts).
_UNIT_FIELDS = frozenset(name for name in FIELD_BY_NAME if units_for(name))


def _control(name: str, value: str) -> Problem | None:
    """A control character in a register field: the server refuses the record (record.invalid)
    and a workbook cannot hold it, so the row is refused here, by the same rule."""
    from diagnosis.record_text import text_problem

    found = text_problem(name, value)
    if found is None:
        return None
    at = next(i for i, ch in enumerate(value) if text_problem(name, ch) is not None)
    return problem(name, "text.control", pos=at + 1, char=f"U+{ord(value[at]):04X}")


def _this_year() -> int:
    return date.today().year


def _plan_row(
    plan: ImportPlan,
    row_number: int,
    values: dict[str, object],
    texts: dict[str, str],
    current: Enterprise | None,
    ref: RegisterReference,
) -> None:
    candidate = (current or Enterprise()).with_values(**values)
    found = validate(candidate, ref)
    bad = [p for p in found if p.severity == "error"]
    if any(p.field in KEY_FIELDS for p in bad):
        plan.rejected.extend(
            RejectedRow(row_number, p.field, p.message, texts.get(p.field, ""))
            for p in bad
            if p.field in KEY_FIELDS
        )
        return
    # A value out of range (or otherwise refused) is not taken: the stored one stays. A stored
    # value that is itself doubtful is not this file's to report.
    dropped = {p.field for p in bad if p.field in values}
    if dropped:
        plan.warnings.extend(
            RejectedRow(row_number, p.field, p.message, texts.get(p.field, ""), True)
            for p in bad
            if p.field in dropped
        )
        values = {k: v for k, v in values.items() if k not in dropped}
        candidate = (current or Enterprise()).with_values(**values)
        found = validate(candidate, ref)
    plan.warnings.extend(
        RejectedRow(row_number, p.field, p.message, texts.get(p.field, ""))
        for p in found
        if p.severity == "warning"
    )
    if current is None:
        plan.inserts.append(candidate)
        return
    changed = candidate.changed_fields(current)
    if changed:
        plan.updates.append((candidate, changed))
        plan.update_rows.append(row_number)
    else:
        plan.unchanged += 1


def apply_import(plan: ImportPlan, repo: EnterpriseRepository) -> None:
    """Write every good row of the plan in one transaction."""
    repo.save(plan.inserts, plan.updates)


__all__ = ["ImportPlan", "ReadError", "RejectedRow", "apply_import", "plan_import"]
