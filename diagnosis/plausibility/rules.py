"""The thresholds of the plausibility checks, read from diagnosis/reference/plausibility.json
into typed records, each with its source and confidence. Code holds no threshold; a corrected
figure is a data change. No Qt, no SQL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from diagnosis.messages import Bilingual

RULES_PATH = Path(__file__).parents[1] / "reference" / "plausibility.json"
FORMAT = "plausibility/1"
CONFIDENCE = ("V", "K", "L", "C")


class PlausibilityDataError(ValueError):
    """The thresholds file is malformed; the message names the entry."""


@dataclass(frozen=True)
class Sourced:
    source: str
    confidence: str


@dataclass(frozen=True)
class CountRule(Sourced):
    units: frozenset[str]
    column_ids: frozenset[str]


@dataclass(frozen=True)
class MotorRule(Sourced):
    area: str
    item: str
    count: str
    total_kw: str
    vfd_count: str
    classes: Mapping[str, tuple[float, float]]  # row -> kW per motor (low, high)
    tolerance: float


@dataclass(frozen=True)
class CompressorRule(Sourced):
    area: str
    item: str
    kw: str
    fad: str
    specific_power: str
    ratio: tuple[float, float]  # specific power ÷ (kW ÷ FAD)
    implied: tuple[float, float]  # kW ÷ FAD alone, kW/(m³/min)


@dataclass(frozen=True)
class RangeRule(Sourced):
    id: str
    area: str
    item: str
    row: str | None  # a table's row (None: every row)
    column: str | None  # a table's column (None: a number item)
    minimum: float | None
    maximum: float | None
    why: Bilingual


@dataclass(frozen=True)
class BandRule(Sourced):
    id: str
    area: str
    band_item: str
    rate_item: str
    bands: Mapping[str, tuple[float, float]]  # option value -> rate (low, high), in %


@dataclass(frozen=True)
class HazardRule(Sourced):
    area: str
    table: str
    answer: str
    quantity: str
    threshold: str


@dataclass(frozen=True)
class Quantity:
    """Where a ratio's term comes from: an answer, a table cell, a column's sum, a register
    field (times a factor), or a figure computed from the answers."""

    kind: str  # answer | cell | column_sum | register | computed
    ref: tuple[str, ...]
    factor: float = 1.0


@dataclass(frozen=True)
class RatioRule(Sourced):
    id: str
    area: str
    numerator: Quantity
    denominator: Quantity
    minimum: float | None
    maximum: float | None
    unit: str
    what: Bilingual
    why: Bilingual


@dataclass(frozen=True)
class YearRule(Sourced):
    area: str
    item: str


@dataclass(frozen=True)
class PlausibilityRules:
    version: str
    counts: CountRule
    motors: MotorRule
    compressors: CompressorRule
    ranges: tuple[RangeRule, ...]
    bands: tuple[BandRule, ...]
    hazard: HazardRule
    ratios: tuple[RatioRule, ...]
    data_year: YearRule


COMPUTED = ("energy_tce", "water_intake_m3", "output_10k_yuan")
_QUANTITY_KINDS = {"answer": 2, "cell": 4, "column_sum": 3, "register": 1, "computed": 1}


def _sourced(raw: Mapping[str, Any], where: str) -> dict[str, str]:
    source, confidence = raw.get("source"), raw.get("confidence")
    if not isinstance(source, str) or not source.strip():
        raise PlausibilityDataError(f"{where}: needs a source")
    if confidence not in CONFIDENCE:
        raise PlausibilityDataError(f"{where}: confidence must be one of {', '.join(CONFIDENCE)}")
    return {"source": source, "confidence": str(confidence)}


def _bilingual(raw: object, where: str) -> Bilingual:
    if not isinstance(raw, Mapping) or not raw.get("zh") or not raw.get("en"):
        raise PlausibilityDataError(f"{where}: needs zh and en text")
    return Bilingual(str(raw["zh"]), str(raw["en"]))


def _pair(raw: object, where: str) -> tuple[float, float]:
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(isinstance(x, int | float) for x in raw)
        or raw[0] > raw[1]
    ):
        raise PlausibilityDataError(f"{where}: must be [low, high]")
    return float(raw[0]), float(raw[1])


def _bound(raw: Mapping[str, Any], key: str) -> float | None:
    value = raw.get(key)
    return None if value is None else float(value)


def _quantity(raw: object, where: str) -> Quantity:
    if not isinstance(raw, Mapping):
        raise PlausibilityDataError(f"{where}: must be an object")
    kind = next((k for k in _QUANTITY_KINDS if k in raw), None)
    if kind is None:
        raise PlausibilityDataError(f"{where}: needs one of {', '.join(_QUANTITY_KINDS)}")
    ref = raw[kind]
    parts = tuple(str(p) for p in ref) if isinstance(ref, list) else (str(ref),)
    if len(parts) != _QUANTITY_KINDS[kind] or (kind == "computed" and parts[0] not in COMPUTED):
        raise PlausibilityDataError(f"{where}.{kind}: malformed reference {ref!r}")
    return Quantity(kind, parts, float(raw.get("factor", 1.0)))


def parse_rules(raw: Mapping[str, Any]) -> PlausibilityRules:
    if raw.get("format") != FORMAT:
        raise PlausibilityDataError(f'$.format: must be "{FORMAT}"')
    c, m, k, h, y = (
        raw["counts"],
        raw["motors"],
        raw["compressors"],
        raw["major_hazard"],
        raw["data_year"],
    )
    counts = CountRule(
        **_sourced(c, "$.counts"),
        units=frozenset(c["units"]),
        column_ids=frozenset(c["column_ids"]),
    )
    motors = MotorRule(
        **_sourced(m, "$.motors"),
        area=m["area"],
        item=m["item"],
        count=m["count"],
        total_kw=m["total_kw"],
        vfd_count=m["vfd_count"],
        classes={r: _pair(v, f"$.motors.classes.{r}") for r, v in m["classes"].items()},
        tolerance=float(m["tolerance"]),
    )
    compressors = CompressorRule(
        **_sourced(k, "$.compressors"),
        area=k["area"],
        item=k["item"],
        kw=k["kw"],
        fad=k["fad"],
        specific_power=k["specific_power"],
        ratio=_pair(k["ratio"], "$.compressors.ratio"),
        implied=_pair(k["implied"], "$.compressors.implied"),
    )
    ranges = tuple(
        RangeRule(
            **_sourced(r, f"$.ranges[{i}]"),
            id=r["id"],
            area=r["area"],
            item=r["item"],
            row=r.get("row"),
            column=r.get("column"),
            minimum=_bound(r, "min"),
            maximum=_bound(r, "max"),
            why=_bilingual(r.get("why"), f"$.ranges[{i}].why"),
        )
        for i, r in enumerate(raw["ranges"])
    )
    bands = tuple(
        BandRule(
            **_sourced(b, f"$.bands[{i}]"),
            id=b["id"],
            area=b["area"],
            band_item=b["band_item"],
            rate_item=b["rate_item"],
            bands={o: _pair(v, f"$.bands[{i}].bands.{o}") for o, v in b["bands"].items()},
        )
        for i, b in enumerate(raw["bands"])
    )
    hazard = HazardRule(
        **_sourced(h, "$.major_hazard"),
        area=h["area"],
        table=h["table"],
        answer=h["answer"],
        quantity=h["quantity"],
        threshold=h["threshold"],
    )
    ratios = tuple(
        RatioRule(
            **_sourced(r, f"$.ratios[{i}]"),
            id=r["id"],
            area=r["area"],
            numerator=_quantity(r["numerator"], f"$.ratios[{i}].numerator"),
            denominator=_quantity(r["denominator"], f"$.ratios[{i}].denominator"),
            minimum=_bound(r, "min"),
            maximum=_bound(r, "max"),
            unit=str(r.get("unit", "")),
            what=_bilingual(r.get("what"), f"$.ratios[{i}].what"),
            why=_bilingual(r.get("why"), f"$.ratios[{i}].why"),
        )
        for i, r in enumerate(raw["ratios"])
    )
    year = YearRule(**_sourced(y, "$.data_year"), area=y["area"], item=y["item"])
    ids = [r.id for r in ranges] + [b.id for b in bands] + [r.id for r in ratios]
    if len(set(ids)) != len(ids):
        raise PlausibilityDataError("rule ids must be unique")
    return PlausibilityRules(
        str(raw["version"]), counts, motors, compressors, ranges, bands, hazard, ratios, year
    )


@cache
def plausibility_rules() -> PlausibilityRules:
    return parse_rules(json.loads(RULES_PATH.read_text("utf-8")))
