"""The main energy-using equipment as recorded in the energy checklist's tables (E07 motors, E08
compressors, E09 transformers, E10 boilers): each recorded row with its efficiency grade read
against its national standard, and the rows the obsolete-equipment catalogue may list.

The rules (which answer means which grade, which rows are catalogue candidates) are data in
``reference/equipment_grades.json``, pinned like the other tables. A row is only ever a
*candidate*: whether a unit is in the catalogue takes its nameplate model. No wording, no Qt,
no SQL.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted

TABLE = "equipment_grades"
FORMAT = "enterprise-diagnosis-equipment-grades/1"
KINDS = ("motors", "compressors", "transformers", "boilers")
CONFIDENCES = ("V", "K", "L", "C")
# grade: a grade 1-3 recorded; below_limit: below the standard's lowest grade (its 能效限定值);
# unknown: recorded as not known; not_graded: the table has no grade column (E08, E10), so the
# grade needs the standard's limit table, which the reference data does not hold.
Status = Literal["grade", "below_limit", "unknown", "not_graded"]


@dataclass(frozen=True)
class Standard:
    number: str
    title: Bilingual
    confidence: str

    @property
    def verified(self) -> bool:
        return self.confidence == "V"


@dataclass(frozen=True)
class KindRule:
    key: str
    item: str
    grade_column: str | None
    standard: Standard
    grades: Mapping[str, int]  # answer value -> grade
    below_limit: frozenset[str]
    unknown: frozenset[str]
    limit_grade: int
    equivalents: Mapping[int, str]  # grade -> IE class (motors)


@dataclass(frozen=True)
class Batch:
    n: int
    year: int
    announcement: Bilingual
    confidence: str


@dataclass(frozen=True)
class CatalogueRule:
    kind: str
    column: str
    values: frozenset[str]
    batches: tuple[int, ...]


@dataclass(frozen=True)
class GradeTable:
    version: str
    kinds: Mapping[str, KindRule]
    catalogue: Bilingual
    batches: Mapping[int, Batch]
    rules: tuple[CatalogueRule, ...]


@dataclass(frozen=True)
class Unit:
    """One recorded row of an equipment table."""

    kind: str
    row: str
    cells: Mapping[str, Any]
    status: Status
    grade: int | None
    candidate_batches: tuple[int, ...]  # () : not a catalogue candidate

    @property
    def candidate(self) -> bool:
        return bool(self.candidate_batches)


@dataclass(frozen=True)
class Inventory:
    kinds: tuple[tuple[str, tuple[Unit, ...]], ...]  # recorded kinds only, in KINDS order
    e12: str | None  # the E12 answer (catalogued or below-grade-3 equipment in service)
    table: GradeTable

    @property
    def candidates(self) -> tuple[Unit, ...]:
        return tuple(u for _, units in self.kinds for u in units if u.candidate)


def _problem(origin: str, where: str, what: str) -> ValueError:
    return ValueError(f"{origin}: {where}: {what}")


def _bilingual(raw: Mapping[str, Any], stem: str) -> Bilingual:
    return Bilingual(str(raw.get(f"{stem}_zh", "")), str(raw.get(f"{stem}_en", "")))


def _confidence(raw: Mapping[str, Any], origin: str, where: str) -> str:
    value = raw.get("confidence")
    if value not in CONFIDENCES or not str(raw.get("source", "")).strip():
        raise _problem(origin, where, "needs a source and a confidence of V, K, L or C")
    return str(value)


@cache
def load_grade_table(path: Path) -> GradeTable:
    """Read and check a grade table; ValueError names the file and the bad entry."""
    try:
        return _parse(json.loads(path.read_text("utf-8")), path.name)
    except (KeyError, TypeError, AttributeError) as exc:
        raise _problem(path.name, "structure", f"missing or malformed entry ({exc!r})") from None


def _parse(raw: Mapping[str, Any], origin: str) -> GradeTable:
    if raw.get("format") != FORMAT:
        raise _problem(origin, "format", f"expected {FORMAT}")
    kinds: dict[str, KindRule] = {}
    for i, k in enumerate(raw["kinds"]):
        where = f"kinds[{i}]"
        if k["key"] not in KINDS:
            raise _problem(origin, where, f"unknown kind {k['key']!r} (use {', '.join(KINDS)})")
        s = k["standard"]
        standard = Standard(s["number"], _bilingual(s, "title"), _confidence(s, origin, where))
        eq = k.get("equivalents") or {}
        if eq:
            _confidence(eq, origin, f"{where}.equivalents")
        kinds[k["key"]] = KindRule(
            k["key"],
            k["item"],
            k.get("grade_column"),
            standard,
            {value: int(g) for value, g in k["grades"].items()},
            frozenset(k["below_limit"]),
            frozenset(k["unknown"]),
            int(k["limit_grade"]),
            {int(g): str(ie) for g, ie in (eq.get("values") or {}).items()},
        )
    cat = raw["catalogue"]
    batches = {
        int(b["n"]): Batch(
            int(b["n"]),
            int(b["year"]),
            _bilingual(b, "announcement"),
            _confidence(b, origin, f"catalogue.batches[{i}]"),
        )
        for i, b in enumerate(cat["batches"])
    }
    rules = []
    for i, r in enumerate(cat["rules"]):
        where = f"catalogue.rules[{i}]"
        _confidence(r, origin, where)
        unknown = [n for n in r["batches"] if n not in batches]
        if r["kind"] not in kinds or unknown:
            raise _problem(origin, where, f"kind {r['kind']!r} or batches {unknown} not listed")
        rules.append(CatalogueRule(r["kind"], r["column"], frozenset(r["in"]), tuple(r["batches"])))
    return GradeTable(str(raw["version"]), kinds, _bilingual(cat, "title"), batches, tuple(rules))


def grade_table() -> GradeTable:
    """The table the current computation is pinned to (a finalised visit's), else the newest."""
    return load_grade_table(table_path(TABLE, wanted(TABLE)))


def _recorded(row: Mapping[str, Any]) -> bool:
    """A row the team filled: any cell other than empty, zero or a bare note."""
    return any(
        v not in (None, "", 0, 0.0) and not isinstance(v, bool)
        for k, v in row.items()
        if k != "note"
    )


def number(value: object) -> float | None:
    """A cell as a finite number; None when empty or not a number (the checklist validates
    answers, so anything else is shown as not recorded rather than guessed)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _status(rule: KindRule, row: Mapping[str, Any]) -> tuple[Status, int | None]:
    if rule.grade_column is None:
        return "not_graded", None
    value = row.get(rule.grade_column)
    if isinstance(value, str) and value in rule.grades:
        return "grade", rule.grades[value]
    if isinstance(value, str) and value in rule.below_limit:
        return "below_limit", None
    # "unknown", left empty, or a value this table does not know: the nameplate decides.
    return "unknown", None


def _batches(table: GradeTable, kind: str, row: Mapping[str, Any]) -> tuple[int, ...]:
    found: list[int] = []
    for r in table.rules:
        if r.kind == kind and row.get(r.column) in r.values:
            found += [n for n in r.batches if n not in found]
    return tuple(sorted(found))


def inventory(answers: Mapping[str, Any], table: GradeTable | None = None) -> Inventory:
    """The recorded equipment of the energy ``answers`` (one area's answers by item id)."""
    table = table or grade_table()
    kinds = []
    for kind in KINDS:
        rule = table.kinds.get(kind)
        if rule is None:
            continue
        raw = answers.get(rule.item)
        if not isinstance(raw, Mapping):
            continue
        units = tuple(
            Unit(kind, row_id, row, *_status(rule, row), _batches(table, kind, row))
            for row_id, row in raw.items()
            if isinstance(row, Mapping) and _recorded(row)
        )
        if units:
            kinds.append((kind, units))
    e12 = answers.get("E12")
    return Inventory(tuple(kinds), e12 if isinstance(e12, str) and e12 else None, table)


@dataclass(frozen=True)
class MotorTotals:
    count: float
    kw: float
    below_count: float
    below_kw: float

    @property
    def below_share(self) -> float | None:
        """Share of the rated motor power below grade 3, in %; None without any power."""
        return None if self.kw <= 0 else 100.0 * self.below_kw / self.kw


def motor_totals(units: tuple[Unit, ...]) -> MotorTotals:
    """Counts and rated power over the motor classes, and the part below grade 3."""

    def total(column: str, below: bool) -> float:
        return math.fsum(
            number(u.cells.get(column)) or 0.0
            for u in units
            if not below or u.status == "below_limit"
        )

    return MotorTotals(
        total("count", False),
        total("total_kw", False),
        total("count", True),
        total("total_kw", True),
    )
