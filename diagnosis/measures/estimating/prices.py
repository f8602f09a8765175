"""What a saving is worth: the firm's own price where it answered it (E34, E35, W22), else a
labelled typical Ningbo 2024 price from ``reference/prices.json`` ("估算，待核实").

A typical price is never passed off as the firm's: every estimate that uses one carries it as
an assumption with its source and confidence, and says it is an estimate to be verified. No
Qt, no SQL.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from diagnosis.figures.coefficients import CONFIDENCES, Confidence
from diagnosis.measures.estimates import Assumption, Estimate, Quantity
from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted

PRICES_PATH = Path(__file__).parents[2] / "reference" / "prices.json"
FORMAT = "enterprise-diagnosis-prices/1"
ESTIMATE = Bilingual("估算，待核实", "estimate, to be verified")


class PriceTableError(ValueError):
    """The price file cannot be used; the message names the entry."""


@dataclass(frozen=True)
class Price:
    key: str  # an E02 carrier (electricity, natural_gas ...) or "water"
    label: Bilingual
    value: float
    unit: str  # 元/kWh, 元/m³, 元/t
    answer: tuple[str, str] | None  # (area, item) where the firm gives its own price
    source: Bilingual
    confidence: Confidence
    note: Bilingual

    @property
    def per(self) -> str:
        """The physical unit one price is for (kWh, m³, t)."""
        return self.unit.split("/", 1)[1]


@dataclass(frozen=True)
class PriceTable:
    version: str
    region: Bilingual
    year: int
    prices: Mapping[str, Price]


@dataclass(frozen=True)
class PriceUsed:
    """The price a saving was valued at: the firm's answer, or the typical price."""

    price: Price
    value: float
    typical: bool

    @property
    def item(self) -> str | None:
        return None if self.price.answer is None else self.price.answer[1]

    def assumption(self, table: PriceTable) -> Assumption:
        p = self.price
        if not self.typical:
            source = Bilingual(f"企业填报（{self.item}）", f"the firm's answer ({self.item})")
            return Assumption(f"price.{p.key}", p.label, self.value, p.unit, source, None)
        asked_zh = f"企业未填报 {self.item}，" if self.item else "清单不问此价格，"
        asked_en = f"the firm did not answer {self.item}; " if self.item else "not asked; "
        source = Bilingual(
            f"{ESTIMATE.zh}：{asked_zh}采用{table.region.zh} {table.year} 年典型价格；"
            f"{p.source.zh}",
            f"{ESTIMATE.en}: {asked_en}a typical {table.region.en} {table.year} price; "
            f"{p.source.en}",
        )
        return Assumption(f"price.{p.key}", p.label, self.value, p.unit, source, p.confidence)


def _fail(where: str, why: str) -> PriceTableError:
    return PriceTableError(f"prices.json {where}: {why}")


def _text(raw: Any, where: str) -> Bilingual:
    if not isinstance(raw, Mapping) or not all(
        isinstance(raw.get(k), str) and raw[k].strip() for k in ("zh", "en")
    ):
        raise _fail(where, "needs non-empty 'zh' and 'en' texts")
    return Bilingual(raw["zh"], raw["en"])


def parse_prices(raw: Any) -> PriceTable:
    if not isinstance(raw, Mapping) or raw.get("format") != FORMAT:
        raise _fail("$.format", f'must be "{FORMAT}"')
    prices: dict[str, Price] = {}
    for i, e in enumerate(raw.get("prices") or []):
        where = f"$.prices[{i}]"
        if not isinstance(e, Mapping) or not isinstance(e.get("key"), str):
            raise _fail(where, "needs a key")
        value, unit, answer = _above_zero(e.get("value")), e.get("unit"), e.get("answer")
        if value is None:
            raise _fail(f"{where}.value", f"must be a price above 0, not {e.get('value')!r}")
        if not isinstance(unit, str) or not unit.startswith("元/"):
            raise _fail(f"{where}.unit", f"must read 元/<unit>, not {unit!r}")
        if answer is not None and not (
            isinstance(answer, Mapping) and {"area", "item"} == set(answer)
        ):
            raise _fail(f"{where}.answer", "must be null or {area, item}")
        if e.get("confidence") not in CONFIDENCES:
            raise _fail(f"{where}.confidence", "must be V, K, L or C")
        if e["key"] in prices:
            raise _fail(f"{where}.key", f"'{e['key']}' is repeated")
        prices[e["key"]] = Price(
            e["key"],
            _text(e.get("label"), f"{where}.label"),
            value,
            unit,
            None if answer is None else (str(answer["area"]), str(answer["item"])),
            _text(e.get("source"), f"{where}.source"),
            e["confidence"],
            _text(e.get("note"), f"{where}.note"),
        )
    version, year = raw.get("version"), raw.get("year")
    if not isinstance(version, str) or not isinstance(year, int):
        raise _fail("$", "needs a version string and a year")
    return PriceTable(version, _text(raw.get("region"), "$.region"), year, prices)


def price_table() -> PriceTable:
    """The prices at the version pinned for this computation, else the newest."""
    return _price_table(wanted("prices"))


@cache
def _price_table(version: str | None) -> PriceTable:
    path = table_path("prices", version)
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PriceTableError(f"{path.name}: cannot be read: {exc}") from exc
    return parse_prices(raw)


def price_of(key: str, answers: Mapping[str, Mapping[str, Any]]) -> PriceUsed | None:
    """The firm's price for ``key`` where answered (above 0), else the typical one; None when
    the table has no price for it."""
    p = price_table().prices.get(key)
    if p is None:
        return None
    if p.answer is not None:
        given = _above_zero(answers.get(p.answer[0], {}).get(p.answer[1]))
        if given is not None:
            return PriceUsed(p, given, typical=False)
    return PriceUsed(p, p.value, typical=True)


def _above_zero(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value > 0 else None


@dataclass(frozen=True)
class Saved:
    """One quantity a measure saves a year, in the unit its price is per."""

    key: str  # price key
    quantity: float
    label: Bilingual


def money_saving(saved: Sequence[Saved], answers: Mapping[str, Mapping[str, Any]]) -> Estimate:
    """yuan/yr = Σ quantity × price, each price the firm's or a labelled typical one.
    ValueError names a quantity with no price in the table."""
    table = price_table()
    inputs: list[Quantity] = []
    assumptions: list[Assumption] = []
    total, typical = 0.0, False
    for s in saved:
        used = price_of(s.key, answers)
        if used is None:
            raise ValueError(f"no price for '{s.key}' in prices {table.version}")
        unit = used.price.per
        inputs.append(Quantity(f"saved.{s.key}", s.label, s.quantity, f"{unit}/yr"))
        assumptions.append(used.assumption(table))
        total += s.quantity * used.value
        typical = typical or used.typical
    note = None
    if typical:
        note = Bilingual(
            f"含典型价格，{ESTIMATE.zh}；填报企业实际单价后自动重算",
            f"uses a typical price: an {ESTIMATE.en}; it is recomputed once the firm's "
            "own price is answered",
        )
    formula = Bilingual("年节约金额 = Σ 节约量 × 单价", "money saved = Σ quantity saved × price")
    title = Bilingual("年节约金额", "Money saved a year")
    return Estimate(
        "money.saving",
        title,
        total,
        "yuan/yr",
        tuple(inputs),
        tuple(assumptions),
        formula,
        note=note,
    )


def uses_typical_price(money: Estimate | None) -> bool:
    """True when a money estimate took at least one typical price (its note says so)."""
    return money is not None and any(
        a.name.startswith("price.") and a.confidence is not None for a in money.assumptions
    )
