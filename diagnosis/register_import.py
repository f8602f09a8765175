"""Import of an enterprise register from .xlsx or .csv: plan first, then apply in one go.

A plan says, row by row, what would happen (insert, update, unchanged, rejected with the
spreadsheet row number, field and reason) without writing; applying it writes every good row in
one transaction, so a second import of the same file finds everything unchanged. A blank cell
never erases a stored value: registers handed out by districts leave unknown cells empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from diagnosis import credit_code
from diagnosis.enterprise import FIELD_BY_NAME, FIELDS, Enterprise, validate
from diagnosis.field_parsing import clean_text, parse_value
from diagnosis.messages import Lang, Message, Problem, problem
from diagnosis.ports import EnterpriseRepository
from diagnosis.reference_data import RegisterReference, register_reference
from diagnosis.table_reader import ReadError, Table, read_table

ALIASES = {f.name: f.aliases for f in FIELDS}
REQUIRED_COLUMNS = ("name", "credit_code")


@dataclass(frozen=True)
class RejectedRow:
    row: int
    field: str
    message: Message

    def as_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        spec = FIELD_BY_NAME.get(self.field)
        return {
            "row": self.row,
            "field": self.field,
            "field_label": spec.label(lang) if spec else self.field,
            "code": self.message.code,
            "reason": self.message.text(lang),
        }


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

    @property
    def rejected_rows(self) -> int:
        return len({r.row for r in self.rejected})

    def summary(self, lang: Lang = "zh") -> dict[str, Any]:
        """The JSON contract of ``import-enterprises --json``."""
        return {
            "inserted": len(self.inserts),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "rejected": [r.as_dict(lang) for r in self.rejected],
        }


Progress = Callable[[int, int], None]  # (rows done, rows in all)


def plan_import(
    path: Path,
    repo: EnterpriseRepository,
    ref: RegisterReference | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """Read ``path`` and decide every row's fate; raises ReadError if the file is unusable."""
    ref = ref or register_reference()
    # While reading, the total is unknown: (rows read, 0). Then (rows planned, rows in all).
    on_read = None if progress is None else (lambda n: progress(n, 0))
    table = read_table(path, ALIASES, REQUIRED_COLUMNS, progress=on_read)
    plan = ImportPlan(path, table)
    parsed: list[tuple[int, dict[str, object]]] = []
    seen: dict[str, int] = {}
    for row_number, cells in table.rows:
        values, problems = _parse_row(table, cells, ref)
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
        if problems:
            plan.rejected.extend(RejectedRow(row_number, p.field, p.message) for p in problems)
        else:
            parsed.append((row_number, values))
    existing = repo.by_codes({str(v["credit_code"]) for _, v in parsed})
    total = len(parsed)
    for done, (row_number, values) in enumerate(parsed, start=1):
        code = str(values["credit_code"])
        _plan_row(plan, row_number, values, existing.get(code), ref)
        if progress is not None and done % 1000 == 0:
            progress(done, total)
    plan.rejected.sort(key=lambda r: r.row)
    if progress is not None:
        progress(total, total)
    return plan


def _parse_order(table: Table) -> list[tuple[str, int]]:
    """The data year first: it decides which cluster list a cluster name belongs to."""
    return sorted(table.columns.items(), key=lambda item: item[0] != "data_year")


def _parse_row(
    table: Table, cells: tuple[object, ...], ref: RegisterReference
) -> tuple[dict[str, object], list[Problem]]:
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for name, col in _parse_order(table):
        raw = cells[col] if col < len(cells) else None
        if raw is None or (isinstance(raw, str) and (not raw or clean_text(raw) == "")):
            continue
        year = values.get("data_year")
        value, bad = parse_value(
            FIELD_BY_NAME[name], raw, ref, year if isinstance(year, int) else _this_year()
        )
        if bad is None and isinstance(value, str):
            # A line break typed in a cell (Alt+Enter) is a space in a one-line field.
            value = _BREAKS.sub(" ", value)
            bad = _control(name, value)
        if bad is not None:
            problems.append(bad)
        else:
            values[name] = value
    for name in REQUIRED_COLUMNS:
        if name not in values and not any(p.field == name for p in problems):
            problems.append(problem(name, "required"))
    if "credit_code" in values:
        check = credit_code.check(str(values["credit_code"]))
        problems.extend(p for p in check.problems if p.severity == "error")
    return values, problems


_BREAKS = re.compile(r"\s*[\t\n\r]+\s*")


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
    current: Enterprise | None,
    ref: RegisterReference,
) -> None:
    candidate = (current or Enterprise()).with_values(**values)
    found = validate(candidate, ref)
    bad = [p for p in found if p.severity == "error"]
    if bad:
        plan.rejected.extend(RejectedRow(row_number, p.field, p.message) for p in bad)
        return
    plan.warnings.extend(RejectedRow(row_number, p.field, p.message) for p in found)
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
