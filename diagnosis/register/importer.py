"""Import of an enterprise register from .xlsx or .csv: plan first, then apply in one go.

A plan says, row by row, what would happen (insert, update, unchanged, rejected with the
spreadsheet row number, field and reason) without writing; applying it writes every good row in
one transaction, so a second import of the same file finds everything unchanged. A blank cell
never erases a stored value: registers handed out by districts leave unknown cells empty. Only a
row without a usable name or credit code is rejected; any other doubtful cell is a warning and
its field is left as it was (docs/register.md, "What an import keeps").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from diagnosis.messages import Lang, Message, Problem
from diagnosis.ports import EnterpriseRepository
from diagnosis.register import credit_code
from diagnosis.register.columns import ORG_CODE, import_aliases
from diagnosis.register.enterprise import FIELD_BY_NAME, Enterprise, validate
from diagnosis.register.field_parsing import clean_text
from diagnosis.register.layout import Note, layout_of
from diagnosis.register.notes import note_text
from diagnosis.register.reference_data import RegisterReference, register_reference
from diagnosis.register.rows import KEY_FIELDS, REQUIRED_COLUMNS, RowParser
from diagnosis.register.table_errors import ReadError
from diagnosis.register.table_reader import Sheet, Table, read_table

ALIASES = import_aliases()
# Without a credit-code column, an 组织机构代码 column is read in its place (and said so).
_ALTERNATIVES = {"credit_code": (ORG_CODE,)}


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
    parsed: list[Parsed] = []
    seen: dict[str, int] = {}
    parse_row = RowParser(layout, ref, _this_year())
    code_col = layout.code_column
    total = len(table.rows)
    for done, (row_number, cells) in enumerate(table.rows, start=1):
        # Planned a chunk at a time, right after it is parsed: the chunk's codes are looked
        # up in one query.
        if len(parsed) >= _CHUNK:
            _plan_rows(plan, parsed, repo, ref)
            parsed = []
        if progress is not None and done % 1000 == 0:
            progress(done, total)
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
        values, texts, problems, doubts, check = parse_row(cells)
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
            assert check is not None  # a row with a code, or a problem saying it has none
            parsed.append((row_number, values, texts, check))
    _plan_rows(plan, parsed, repo, ref)
    plan.rejected.sort(key=lambda r: r.row)
    plan.warnings.sort(key=lambda r: r.row)
    plan.notes.sort(key=lambda n: n.row)
    if progress is not None:
        progress(total, total)
    return plan


# Rows planned together: one lookup of their codes, and a bound on the rows held parsed.
_CHUNK = 5000
# A row parsed and free of problems: its number, values, cell texts and the check of its code.
Parsed = tuple[int, dict[str, object], dict[str, str], credit_code.CodeCheck]


def _plan_rows(
    plan: ImportPlan, parsed: list[Parsed], repo: EnterpriseRepository, ref: RegisterReference
) -> None:
    existing = repo.by_codes({str(v["credit_code"]) for _, v, _, _ in parsed})
    for row_number, values, texts, check in parsed:
        current = existing.get(str(values["credit_code"]))
        _plan_row(plan, row_number, values, texts, check, current, ref)


def _this_year() -> int:
    return date.today().year


def _plan_row(
    plan: ImportPlan,
    row_number: int,
    values: dict[str, object],
    texts: dict[str, str],
    check: credit_code.CodeCheck,
    current: Enterprise | None,
    ref: RegisterReference,
) -> None:
    candidate = _candidate(current, values)
    found = validate(candidate, ref, check)
    if found:  # most rows of a register have nothing to report: they skip this
        bad = [p for p in found if p.severity == "error"]
        if any(p.field in KEY_FIELDS for p in bad):
            plan.rejected.extend(
                RejectedRow(row_number, p.field, p.message, texts.get(p.field, ""))
                for p in bad
                if p.field in KEY_FIELDS
            )
            return
        # A value out of range (or otherwise refused) is not taken: the stored one stays. A
        # stored value that is itself doubtful is not this file's to report.
        dropped = {p.field for p in bad if p.field in values}
        if dropped:
            plan.warnings.extend(
                RejectedRow(row_number, p.field, p.message, texts.get(p.field, ""), True)
                for p in bad
                if p.field in dropped
            )
            values = {k: v for k, v in values.items() if k not in dropped}
            candidate = _candidate(current, values)
            found = validate(candidate, ref, check)
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


def _candidate(current: Enterprise | None, values: dict[str, object]) -> Enterprise:
    """The stored record with the row's values, or a new one with them, whose id derives from
    its credit code (``enterprise_id_for``) as a registration typed in does: the same firm
    imported on two laptops is one record after a sync, and a deleted firm imported again
    comes back as its own record."""
    if current is None:
        return Enterprise(**values)  # type: ignore[arg-type]
    return current.with_values(**values)


def apply_import(plan: ImportPlan, repo: EnterpriseRepository) -> None:
    """Write every good row of the plan in one transaction."""
    repo.save(plan.inserts, plan.updates)


__all__ = ["ImportPlan", "ReadError", "RejectedRow", "apply_import", "plan_import"]
