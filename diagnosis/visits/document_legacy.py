"""The activity blocks that sat beside the answers before format 2 (``year``,
``output_value_10k_yuan``, ``energy_use``, ``water_use``, ``water_reused_m3``): read, folded into
the answers where those are silent, and compared with the answers where both speak.

The answers are the one record (DESIGN.md invariant 6). An old block is never a second source:
it fills an unanswered question once (an old document's import, a stored visit's migration) and
is dropped; where the answer already says something else, the answer is kept and a notice says
so. A format-2 document's ``derived`` block is only compared: it is written for readers. No Qt,
no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from diagnosis.checklists.format import ChecklistError, Item
from diagnosis.checklists.load import load_checklist
from diagnosis.figures.coefficients import canonical_unit, convert
from diagnosis.figures.indicators import CARRIERS
from diagnosis.json_check import Checker
from diagnosis.messages import Message
from diagnosis.visits.activity import ENERGY, INTAKE, OUTPUT, REUSED, YEAR, Activity

FIELDS = ("year", "output_value_10k_yuan", "energy_use", "water_use", "water_reused_m3")
_WATER_UNITS = {"m3": 1.0, "m³": 1.0, "t": 1.0, "10^4 m3": 10_000.0, "万m3": 10_000.0}
_REL = 1e-9  # quantities that agree to this relative difference are the same


@dataclass(frozen=True)
class Blocks:
    """The activity blocks as a document or a stored visit held them; None: not given."""

    year: int | None = None
    output_value_10k_yuan: float | None = None
    energy_use: tuple[tuple[str, float, str], ...] | None = None  # carrier, quantity, unit
    water_use: tuple[tuple[str, float], ...] | None = None  # source, m³
    water_reused_m3: float | None = None

    def empty(self) -> bool:
        return (
            self.year is None
            and self.output_value_10k_yuan is None
            and not self.energy_use
            and not self.water_use
            and self.water_reused_m3 is None
        )


def read_blocks(c: Checker, raw: Mapping[str, Any], path: str) -> Blocks:
    """The blocks of ``raw`` (a document's top level, or its ``derived`` object), checked."""
    year = raw.get("year")
    if year is not None:
        c.need(
            isinstance(year, int) and not isinstance(year, bool) and 2000 <= year <= 2100,
            f"{path}.year",
            "must be a year 2000-2100",
        )
    output = c.num(raw.get("output_value_10k_yuan"), f"{path}.output_value_10k_yuan")
    energy = None
    if raw.get("energy_use") is not None:
        energy = []
        for i, e in enumerate(c.lst(raw.get("energy_use"), f"{path}.energy_use")):
            p = f"{path}.energy_use[{i}]"
            e = c.obj(e, p)
            carrier = e.get("carrier")
            c.need(carrier in CARRIERS, f"{p}.carrier", f"unknown carrier '{carrier}'")
            quantity = c.num(e.get("quantity"), f"{p}.quantity")
            c.need(quantity is not None, f"{p}.quantity", "is required")
            unit = c.text(e.get("unit"), f"{p}.unit")
            if unit and canonical_unit(unit) is None:
                c.need(False, f"{p}.unit", f"unknown unit '{unit}'")
            elif carrier in CARRIERS and quantity is not None and unit:
                energy.append((str(carrier), quantity, unit))
    water = None
    if raw.get("water_use") is not None:
        water = []
        for i, w in enumerate(c.lst(raw.get("water_use"), f"{path}.water_use")):
            p = f"{path}.water_use[{i}]"
            w = c.obj(w, p)
            source = c.text(w.get("source"), f"{p}.source")
            quantity = c.num(w.get("quantity"), f"{p}.quantity")
            unit = w.get("unit", "m3")
            ok = c.need(
                unit in _WATER_UNITS, f"{p}.unit", f"must be one of {', '.join(_WATER_UNITS)}"
            )
            if ok and quantity is not None and source:
                water.append((source, quantity * _WATER_UNITS[str(unit)]))
    reused = c.num(raw.get("water_reused_m3"), f"{path}.water_reused_m3")
    return Blocks(
        year if isinstance(year, int) and not isinstance(year, bool) else None,
        output,
        None if energy is None else tuple(energy),
        None if water is None else tuple(water),
        reused,
    )


def fold(
    answers: Mapping[str, Mapping[str, Any]],
    blocks: Blocks,
    versions: Mapping[str, str],
    path: str = "$",
) -> tuple[dict[str, dict[str, Any]], list[Message], list[str]]:
    """``answers`` with each unanswered activity question filled from ``blocks``; the notices
    (what was filled, what was kept against a block that disagrees) and the problems (a block
    the questions have no place for: the caller refuses the whole document)."""
    out = {area: dict(values) for area, values in answers.items()}
    notices: list[Message] = []
    problems: list[str] = []

    def settle(name: str, where: tuple[str, str], value: Any, same: bool, empty: bool) -> None:
        area, item = where
        if empty:
            out.setdefault(area, {})[item] = value
            notices.append(Message("document.legacy_filled", {"field": name, "item": item}))
        elif not same:
            notices.append(Message("document.legacy_kept", {"field": name, "item": item}))

    given = out.get("energy", {})
    if blocks.year is not None:
        current = given.get(YEAR[1])
        settle("year", YEAR, blocks.year, current == blocks.year, current is None)
    if blocks.output_value_10k_yuan is not None:
        current = out.get("energy", {}).get(OUTPUT[1])
        value = blocks.output_value_10k_yuan
        settle("output_value_10k_yuan", OUTPUT, value, _close(current, value), current is None)
    if blocks.energy_use:
        table = _table(
            ENERGY, versions, blocks.energy_use, f"{path}.energy_use", problems, "carrier"
        )
        if table is not None:
            current = out.get("energy", {}).get(ENERGY[1])
            merged = _merged(current, table)
            settle("energy_use", ENERGY, merged, _same(current, table), not _quantities(current))
    if blocks.water_use:
        rows = tuple((s, q, "m³") for s, q in blocks.water_use)
        table = _table(INTAKE, versions, rows, f"{path}.water_use", problems, "source")
        if table is not None:
            current = out.get("water", {}).get(INTAKE[1])
            merged = _merged(current, table)
            settle("water_use", INTAKE, merged, _same(current, table), not _quantities(current))
    if blocks.water_reused_m3 is not None:
        current = out.get("water", {}).get(REUSED[1])
        value = blocks.water_reused_m3
        settle("water_reused_m3", REUSED, value, _close(current, value), current is None)
    return out, notices, problems


def disagreements(blocks: Blocks, a: Activity) -> list[str]:
    """The names of the blocks that say something other than the answers' activity."""
    out = []
    if blocks.year is not None and blocks.year != a.year:
        out.append("year")
    if blocks.output_value_10k_yuan is not None and not _close(
        a.output_value_10k_yuan, blocks.output_value_10k_yuan
    ):
        out.append("output_value_10k_yuan")
    if blocks.energy_use is not None:
        said = _sums((c, _in(q, u, c)) for c, q, u in blocks.energy_use)
        have = _sums((u.carrier, _in(u.quantity, u.unit, u.carrier)) for u in a.energy_use)
        if not _same_sums(said, have):
            out.append("energy_use")
    have_water = _sums((w.source, w.quantity) for w in a.water_use)
    if blocks.water_use is not None and not _same_sums(_sums(blocks.water_use), have_water):
        out.append("water_use")
    if blocks.water_reused_m3 is not None and not _close(a.water_reused_m3, blocks.water_reused_m3):
        out.append("water_reused_m3")
    return out


def _in(quantity: float, unit: str, carrier: str) -> float:
    """A quantity in its dimension's base unit (kWh, m³, kg, MJ), to compare across units."""
    base = {"electricity": "kWh", "volume": "m³", "mass": "kg", "heat": "MJ"}
    from diagnosis.figures.coefficients import UNITS

    canonical = canonical_unit(unit)
    if canonical is None:
        return math.nan
    return convert(quantity, canonical, base.get(UNITS[canonical][0], canonical))


def _sums(pairs: Any) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, q in pairs:
        if q:
            out[key] = out.get(key, 0.0) + q
    return out


def _same_sums(a: Mapping[str, float], b: Mapping[str, float]) -> bool:
    return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)


def _close(a: object, b: float) -> bool:
    return (
        isinstance(a, int | float)
        and not isinstance(a, bool)
        and math.isclose(float(a), b, rel_tol=_REL, abs_tol=1e-9)
    )


def _item(where: tuple[str, str], versions: Mapping[str, str]) -> Item | None:
    try:
        return load_checklist(where[0], versions.get(where[0])).item(where[1])
    except (ChecklistError, KeyError):
        return None


def _table(
    where: tuple[str, str],
    versions: Mapping[str, str],
    rows: tuple[tuple[str, float, str], ...],
    path: str,
    problems: list[str],
    what: str,
) -> dict[str, float] | None:
    """The block as quantities per row of the question, each in the row's unit; a row the
    question lacks, or a unit that does not convert, is a problem."""
    item = _item(where, versions)
    if item is None:
        problems.append(f"{path}: the checklist has no question {where[1]} to hold it")
        return None
    units = {r.id: r.unit.removesuffix("/yr") or "m³" for r in item.rows}
    out: dict[str, float] = {}
    for i, (key, quantity, unit) in enumerate(rows):
        if key not in units:
            problems.append(
                f"{path}[{i}].{what}: '{key}' has no row in question {where[1]} "
                f"({', '.join(units)}); record it in the answers"
            )
            continue
        try:
            out[key] = out.get(key, 0.0) + convert(quantity, unit, units[key])
        except ValueError as exc:
            problems.append(f"{path}[{i}].unit: {exc}")
    return out


def _quantities(table: object) -> dict[str, float]:
    if not isinstance(table, Mapping):
        return {}
    out = {}
    for row, cells in table.items():
        q = cells.get("quantity") if isinstance(cells, Mapping) else None
        if isinstance(q, int | float) and not isinstance(q, bool) and q > 0:
            out[str(row)] = float(q)
    return out


def _same(current: object, table: Mapping[str, float]) -> bool:
    return _same_sums(_quantities(current), {k: v for k, v in table.items() if v})


def _merged(current: object, table: Mapping[str, float]) -> dict[str, dict[str, Any]]:
    """The block's quantities written into the table, keeping each row's other cells."""
    out: dict[str, dict[str, Any]] = {}
    if isinstance(current, Mapping):
        out = {str(k): dict(v) for k, v in current.items() if isinstance(v, Mapping)}
    for row, quantity in table.items():
        out.setdefault(row, {})["quantity"] = quantity
    return out
