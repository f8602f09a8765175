"""Consumption limits per unit of product (能耗限额) and the NDRC 2023 benchmark/baseline levels,
from reference/energy_limits.json, and where a firm's per-unit figure stands against them.

Only the reference table holds numbers; this module reads it (at the version the visit is pinned
to) and compares. Lower is better everywhere: a figure at or below a level reaches it. No Qt, no
SQL, no wording beyond the table's own names.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted

TABLE = "energy_limits"
FORMAT = "enterprise-diagnosis-energy-limits/1"
NONE = "none"  # the checklist's choice for a product no limit covers
# The checklist's product units (E06 ``unit`` column) as a limit's value unit writes them.
UNIT_WORDS = {"t": "t", "piece": "件", "m": "m", "m2": "m²", "m3": "m³", "kwh": "kWh"}

Grade = Literal["1", "2", "3", "above"]


class EnergyLimitsError(ValueError):
    """The table is malformed; the message names the entry."""


@dataclass(frozen=True)
class Standard:
    code: str  # "GB 16780-2021"
    title: Bilingual
    clause: Bilingual
    confidence: str


@dataclass(frozen=True)
class Limit:
    key: str
    name: Bilingual
    indicator: Bilingual
    product_unit: str  # a checklist unit key ("t", "m2") or one the checklist lacks
    value_unit: Bilingual  # "kgce/t"; kWh/t for an electricity-only indicator
    electricity_basis: str | None  # "equivalent" / "equal_value"; None: not a kgce indicator
    standard: Standard
    grades: tuple[tuple[str, float], ...]  # ("1", 100.0), ... best first; () when not recorded
    grades_confidence: str | None
    benchmark: float | None  # 标杆水平
    baseline: float | None  # 基准水平
    levels_confidence: str | None
    note: Bilingual

    @property
    def unverified(self) -> bool:
        tags = (self.standard.confidence, self.grades_confidence, self.levels_confidence)
        return any(t in ("K", "L", "C") for t in tags if t is not None)


@dataclass(frozen=True)
class Limits:
    version: str
    levels_document: Bilingual
    products: dict[str, Limit]


@dataclass(frozen=True)
class Comparison:
    """Where a per-unit figure stands. ``comparable`` False: ``why`` says which unit differs."""

    limit: Limit
    value: float | None
    comparable: bool
    why: Literal["", "indicator", "unit"] = ""
    grade: Grade | None = None  # None when the table records no grades
    benchmark_reached: bool | None = None
    baseline_reached: bool | None = None


def energy_limits() -> Limits:
    """The table at the version pinned for this computation, else the newest."""
    return _load(wanted(TABLE))


@cache
def _load(version: str | None) -> Limits:
    path: Path = table_path(TABLE, version)
    return limits_from_data(json.loads(path.read_text("utf-8")))


def limits_from_data(raw: dict[str, Any]) -> Limits:
    if raw.get("format") != FORMAT:
        raise EnergyLimitsError(f"energy_limits: format must be {FORMAT}")
    products: dict[str, Limit] = {}
    for i, entry in enumerate(raw.get("products", [])):
        try:
            limit = _limit(entry)
        except (KeyError, TypeError, ValueError) as exc:
            raise EnergyLimitsError(f"energy_limits: products[{i}]: {exc}") from exc
        if limit.key in products or limit.key == NONE:
            raise EnergyLimitsError(f"energy_limits: products[{i}]: key {limit.key!r} repeated")
        products[limit.key] = limit
    return Limits(str(raw["version"]), _bi(raw["levels_document"]), products)


def _bi(d: dict[str, str]) -> Bilingual:
    return Bilingual(str(d["zh"]), str(d["en"]))


def _unit(u: str | dict[str, str]) -> Bilingual:
    """A unit the same in both languages ("kgce/t"), or one with words ({"zh", "en"})."""
    return Bilingual(u, u) if isinstance(u, str) else _bi(u)


def _value(v: object, what: str) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v <= 0:
        raise ValueError(f"{what} must be a number above 0, not {v!r}")
    return float(v)


def _limit(e: dict[str, Any]) -> Limit:
    s = e["standard"]
    grades = tuple(
        (g, v)
        for g in ("1", "2", "3")
        if (v := _value((e.get("grades") or {}).get(g), f"grade {g}")) is not None
    )
    if any(a[1] > b[1] for a, b in itertools.pairwise(grades)):
        raise ValueError("grade 1 must be the lowest figure, grade 3 the highest")
    benchmark = _value(e.get("benchmark"), "benchmark")
    baseline = _value(e.get("baseline"), "baseline")
    if benchmark is not None and baseline is not None and benchmark > baseline:
        raise ValueError("the benchmark (标杆) must not exceed the baseline (基准)")
    for tag in (s["confidence"], e.get("grades_confidence"), e.get("levels_confidence")):
        if tag not in (None, "V", "K", "L", "C"):
            raise ValueError(f"confidence must be V, K, L or C, not {tag!r}")
    return Limit(
        str(e["key"]),
        _bi(e["name"]),
        _bi(e["indicator"]),
        str(e["product_unit"]),
        _unit(e["value_unit"]),
        e.get("electricity_basis"),
        Standard(str(s["code"]), _bi(s["title"]), _bi(s["clause"]), str(s["confidence"])),
        grades,
        e.get("grades_confidence"),
        benchmark,
        baseline,
        e.get("levels_confidence"),
        _bi(e["note"]),
    )


def compare(limit: Limit, value: float | None, product_unit: str) -> Comparison:
    """``value``: the firm's kgce per ``product_unit`` on the limit's electricity basis."""
    if limit.electricity_basis is None or not limit.value_unit.zh.startswith("kgce/"):
        return Comparison(limit, value, False, "indicator")
    if product_unit != limit.product_unit:
        return Comparison(limit, value, False, "unit")
    if value is None:
        return Comparison(limit, None, True)
    grade: Grade | None = None
    if limit.grades:
        grade = cast(Grade, next((g for g, v in limit.grades if value <= v), "above"))
    return Comparison(
        limit,
        value,
        True,
        "",
        grade,
        None if limit.benchmark is None else value <= limit.benchmark,
        None if limit.baseline is None else value <= limit.baseline,
    )
