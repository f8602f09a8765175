"""A year of activity as the answers record it: the data year, the output value, energy by
carrier, water intake by source and the water reused (DESIGN.md invariant 6).

Every figure of a visit (standard coal, CO2, intensity, reuse rate, the water-retrofit flag,
the estimators' base) starts here, read from the answers to E01, E02, E03, W01 and W03 of the
visit's own checklist versions; nothing else is a source. The register's output value stands in
for a missing E03 and says so. No Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from diagnosis.checklists.format import ChecklistError, Item
from diagnosis.checklists.load import load_checklist
from diagnosis.figures.indicators import CARRIERS, EnergyUse
from diagnosis.register.enterprise import Enterprise

# Where each figure is asked, by (area, item): the questions of every checklist version so far.
YEAR = ("energy", "E01")
ENERGY = ("energy", "E02")
OUTPUT = ("energy", "E03")
INTAKE = ("water", "W01")
REUSED = ("water", "W03")
# GB/T 7119 intake V_i: tap, surface, ground and purchased water (and water products). Rain and
# other sources are non-conventional water, recorded apart and not counted in V_i (W01's help).
INTAKE_SOURCES = ("tap", "surface", "ground", "purchased")
NON_CONVENTIONAL = ("rain", "other")

YearFrom = Literal["answer", "visit_date"]
OutputFrom = Literal["answer", "register"]


@dataclass(frozen=True)
class WaterUse:
    source: str
    quantity: float  # m³ (= t) a year
    unit: str = "m3"


@dataclass(frozen=True)
class Activity:
    """What the answers say about the data year; ``*_from`` names where a figure came from."""

    year: int
    year_from: YearFrom
    output_value_10k_yuan: float | None
    output_from: OutputFrom | None
    output_year: int | None  # the register's data year when the register's figure stands in
    energy_use: tuple[EnergyUse, ...]
    water_use: tuple[WaterUse, ...]  # intake sources only (V_i)
    non_conventional_m3: float  # rain and other sources: recorded, not intake
    water_reused_m3: float | None


def activity_of(
    enterprise: Enterprise,
    visit_date: str,
    versions: Mapping[str, str],
    answers: Mapping[str, Mapping[str, Any]],
) -> Activity:
    """The activity of a visit, from its answers on its own checklist versions."""
    year_answer = _number(answers, YEAR)
    year_from: YearFrom = "answer"
    if year_answer is not None and 2000 <= year_answer <= 2100 and year_answer == int(year_answer):
        year = int(year_answer)
    else:  # the data year defaults to the year before the visit (a full year of bills)
        year, year_from = _visit_year(visit_date) - 1, "visit_date"
    output = _number(answers, OUTPUT)
    output_from: OutputFrom | None = "answer" if output is not None and output > 0 else None
    output_year = None
    if output_from is None:
        output = None
        if enterprise.output_value is not None and enterprise.output_value > 0:
            output, output_from = float(enterprise.output_value), "register"
            output_year = enterprise.data_year
    energy = tuple(
        EnergyUse(row_id, quantity, unit)
        for row_id, quantity, unit in _rows(answers, ENERGY, versions)
        if row_id in CARRIERS
    )
    intake, other = [], 0.0
    for row_id, quantity, _unit in _rows(answers, INTAKE, versions):
        if row_id in INTAKE_SOURCES:
            intake.append(WaterUse(row_id, quantity))
        else:
            other += quantity
    reused = _number(answers, REUSED)
    return Activity(
        year,
        year_from,
        output,
        output_from,
        output_year,
        energy,
        tuple(intake),
        other,
        reused if reused is not None and reused >= 0 else None,
    )


def derived_block(a: Activity) -> dict[str, Any]:
    """The activity as the document's ``derived`` block: written for readers, never read back
    as a source (import recomputes it from the answers)."""
    return {
        "year": a.year,
        "year_from": a.year_from,
        "output_value_10k_yuan": a.output_value_10k_yuan,
        "output_value_from": a.output_from,
        "energy_use": [
            {"carrier": u.carrier, "quantity": u.quantity, "unit": u.unit} for u in a.energy_use
        ],
        "water_use": [
            {"source": w.source, "quantity": w.quantity, "unit": w.unit} for w in a.water_use
        ],
        "water_reused_m3": a.water_reused_m3,
    }


def _visit_year(visit_date: str) -> int:
    try:
        return date.fromisoformat(visit_date).year
    except ValueError:
        return date.today().year


def _number(answers: Mapping[str, Mapping[str, Any]], where: tuple[str, str]) -> float | None:
    return _float(answers.get(where[0], {}).get(where[1]))


def _float(value: object) -> float | None:
    """A finite number as a float; None for anything else (text, a bool, NaN)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _rows(
    answers: Mapping[str, Mapping[str, Any]],
    where: tuple[str, str],
    versions: Mapping[str, str],
) -> list[tuple[str, float, str]]:
    """(row id, quantity, unit) of each row of a quantity table answered above 0, in the
    checklist's row order; the unit is the row's own (kWh, m³, t, GJ)."""
    table = answers.get(where[0], {}).get(where[1])
    if not isinstance(table, Mapping):
        return []
    item = _item(where, versions.get(where[0]))
    if item is None:
        return []
    out = []
    for row in item.rows:
        cells = table.get(row.id)
        quantity = _float(cells.get("quantity")) if isinstance(cells, Mapping) else None
        if quantity is not None and quantity > 0:
            out.append((row.id, quantity, row.unit.removesuffix("/yr") or "m³"))
    return out


def _item(where: tuple[str, str], version: str | None) -> Item | None:
    try:
        return load_checklist(where[0], version).item(where[1])
    except (ChecklistError, KeyError):
        return None
