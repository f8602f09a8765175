"""Indicator calculators: standard coal (当量值/等价值), CO2, energy intensity and GB/T 7119 water.

Each returns a Figure that keeps its inputs, coefficients and sources, so every number can be
explained and recomputed from stored activity data; no figure is written in code, no Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from diagnosis.figures.coefficients import (
    BASIS_LABELS,
    Basis,
    Coefficient,
    CoefficientTable,
    canonical_unit,
    coefficient_table,
    convert,
    format_number,
    units_like,
)
from diagnosis.figures.explain import explain_lines
from diagnosis.messages import Bilingual, Lang

_num = format_number


@dataclass(frozen=True)
class EnergyUse:
    """Raw activity data as recorded: a carrier id from ``CARRIERS``, a quantity and its unit."""

    carrier: str
    quantity: float
    unit: str


@dataclass(frozen=True)
class Term:
    """One input of a figure: the quantity as entered and what it contributed."""

    label: Bilingual
    quantity: float
    quantity_unit: str
    coefficient: Coefficient | None
    contribution: float
    contribution_unit: str
    conversion: Coefficient | None = None  # applied to the quantity first (steam enthalpy)


# What a coefficient converts to, by its key's first part, and the regions of the table: the
# words a stand-in note uses instead of table keys.
_COEFFICIENT_KINDS = {
    "tce": Bilingual("折标准煤系数", "standard-coal coefficient"),
    "co2": Bilingual("排放因子", "emission factor"),
    "enthalpy": Bilingual("焓值", "enthalpy"),
}
_REGIONS = {
    "national": Bilingual("全国", "national"),
    "east_china": Bilingual("华东区域", "East China"),
    "zhejiang": Bilingual("浙江省", "Zhejiang"),
}


@dataclass(frozen=True)
class StandIn:
    """A coefficient of another year or region, used where the table has none for the one asked
    for (``CoefficientTable.lookup``): said beside the figure, in words, never silently."""

    input: Bilingual  # the energy it converts, as the figure's term names it
    coefficient: str  # the table key
    kind: Literal["year", "region"]
    asked: str  # a year, or a region key
    used: str

    def words(self) -> Bilingual:
        what = _COEFFICIENT_KINDS.get(
            self.coefficient.split(".", 1)[0], Bilingual("系数", "coefficient")
        )
        if self.kind == "year":
            return Bilingual(
                f"{self.input.zh}的{what.zh}无 {self.asked} 年数值，采用 {self.used} 年数值",
                f"the {what.en} of {self.input.en} has no {self.asked} value, so the "
                f"{self.used} value was used",
            )
        asked, used = (_REGIONS.get(r, Bilingual(r, r)) for r in (self.asked, self.used))
        return Bilingual(
            f"{self.input.zh}的{what.zh}无{asked.zh}数值，采用{used.zh}数值",
            f"the {what.en} of {self.input.en} has no {asked.en} value, so the {used.en} value "
            "was used",
        )


@dataclass(frozen=True)
class Figure:
    key: str
    value: float
    unit: str
    basis: Basis | None
    terms: tuple[Term, ...]
    note: Bilingual
    year: int | None = None
    inputs: tuple[Figure, ...] = ()  # figures this one was derived from
    stand_ins: tuple[StandIn, ...] = ()  # coefficients of another year or region used

    def explain(self, lang: Lang = "zh") -> str:
        """How this figure was computed: each term with its coefficient, unit, source and
        confidence, then the result with its unit and basis."""
        return "\n".join(explain_lines(self, lang, ""))


@dataclass(frozen=True)
class _Carrier:
    name: Bilingual
    tce: str
    co2: str | None = None  # None: no CO2 factor in the table
    tce_equal_value: str | None = None  # electricity only: the per-year 等价值
    medium: bool = False  # energy-carrying medium (耗能工质): no CO2 counted
    via_enthalpy: bool = False  # tonnes of steam -> heat before the heat factor


# Carrier id, name, CO2 factor key (None: the table has none). The standard-coal key is
# "tce.<id>"; every figure lives in the coefficient table, this only says which one to use.
_FUELS: tuple[tuple[str, str, str, str | None], ...] = (
    ("natural_gas", "天然气（气田）", "natural gas (gas field)", "co2.natural_gas"),
    ("natural_gas_oilfield", "天然气（油田）", "natural gas (oil field)", "co2.natural_gas"),
    ("raw_coal", "原煤", "raw coal", "co2.raw_coal"),
    ("washed_coal", "洗精煤", "washed coal", None),
    ("middling_coal", "洗中煤", "middlings", None),
    ("coke", "焦炭", "coke", "co2.coke"),
    ("crude_oil", "原油", "crude oil", None),
    ("fuel_oil", "燃料油", "fuel oil", "co2.fuel_oil"),
    ("gasoline", "汽油", "gasoline", "co2.gasoline"),
    ("kerosene", "煤油", "kerosene", None),
    ("diesel", "柴油", "diesel", "co2.diesel"),
    ("lpg", "液化石油气", "LPG", "co2.lpg"),
    ("refinery_gas", "炼厂干气", "refinery dry gas", None),
    ("blast_furnace_gas", "高炉煤气", "blast-furnace gas", None),
    ("heat", "热力（外购）", "heat (purchased)", "co2.purchased_heat"),
)
_MEDIA: tuple[tuple[str, str, str], ...] = (
    ("fresh_water", "新水", "fresh water"),
    ("softened_water", "软水", "softened water"),
    ("deaerated_water", "除氧水", "deaerated water"),
    ("compressed_air", "压缩空气", "compressed air"),
    ("blast_air", "鼓风", "blast air"),
    ("oxygen", "氧气", "oxygen"),
    ("nitrogen", "氮气（副产品）", "nitrogen (by-product)"),
    ("nitrogen_main_product", "氮气（主产品）", "nitrogen (main product)"),
    ("carbon_dioxide", "二氧化碳", "carbon dioxide"),
    ("acetylene", "乙炔", "acetylene"),
    ("calcium_carbide", "电石", "calcium carbide"),
)
CARRIERS: dict[str, _Carrier] = {
    "electricity": _Carrier(
        Bilingual("电力", "electricity"),
        "tce.electricity",
        "co2.grid",
        tce_equal_value="tce.electricity.equal_value",
    ),
    "steam": _Carrier(
        Bilingual("蒸汽（低压）", "steam (low pressure)"),
        "tce.steam",
        "co2.purchased_heat",
        via_enthalpy=True,
    ),
    **{k: _Carrier(Bilingual(zh, en), f"tce.{k}", co2) for k, zh, en, co2 in _FUELS},
    **{k: _Carrier(Bilingual(zh, en), f"tce.{k}", medium=True) for k, zh, en in _MEDIA},
}
STEAM_ENTHALPY_KEY = "enthalpy.steam"

_WATER_SOURCES: dict[str, tuple[str, str]] = {
    "tap": ("自来水", "tap water"),
    "surface": ("地表水", "surface water"),
    "ground": ("地下水", "groundwater"),
    "purchased": ("外购水及水产品", "purchased water and water products"),
}
_EQUAL_VALUE_NOTE = Bilingual(
    "等价值仅电力按当年供电标准煤耗，热力、蒸汽等按同一（当量）系数",
    "on this basis only electricity uses its yearly primary-energy equivalent (等价值); heat, "
    "steam and the rest keep their single (calorific) coefficient",
)


def _carrier(use: EnergyUse) -> _Carrier:
    carrier = CARRIERS.get(use.carrier)
    if carrier is None:
        raise ValueError(f"unknown energy carrier '{use.carrier}' (known: {', '.join(CARRIERS)})")
    if not math.isfinite(use.quantity) or use.quantity < 0:
        raise ValueError(f"{use.carrier}: the quantity must be 0 or more, not {use.quantity}")
    if canonical_unit(use.unit) is None:
        raise ValueError(f"{use.carrier}: unknown unit '{use.unit}'")
    return carrier


def _term(
    use: EnergyUse,
    label: Bilingual,
    coef: Coefficient,
    out_unit: str,
    conversion: Coefficient | None = None,
) -> Term:
    unit = canonical_unit(use.unit) or use.unit
    amount, amount_unit = use.quantity, unit
    try:
        if conversion is not None:
            amount = convert(amount, unit, conversion.denominator) * conversion.value
            amount_unit = conversion.numerator
        amount = convert(amount, amount_unit, coef.denominator)
    except ValueError:
        wanted = (conversion or coef).denominator
        raise ValueError(
            f"{use.carrier}: unit '{use.unit}' does not fit {(conversion or coef).key} "
            f"({(conversion or coef).unit}); use one of {', '.join(units_like(wanted))}"
        ) from None
    contribution = convert(amount * coef.value, coef.numerator, out_unit)
    return Term(label, use.quantity, unit, coef, contribution, out_unit, conversion)


def _stand_ins(terms: Iterable[Term], year: int, region: str | None) -> tuple[StandIn, ...]:
    """Where a coefficient from another year or region stood in for the one asked for; each
    coefficient once, named after the first term that used it."""
    found: list[StandIn] = []
    seen: set[tuple[str, str | None, int | None, int | None]] = set()
    for t in terms:
        for coef in (t.coefficient, t.conversion):
            if coef is None or (ident := _ident(coef)) in seen:
                continue
            seen.add(ident)
            if not coef.valid_in(year):
                found.append(StandIn(t.label, coef.key, "year", str(year), coef.validity()))
            if region is not None and coef.region not in (region, None):
                found.append(StandIn(t.label, coef.key, "region", region, str(coef.region)))
    return tuple(found)


def _ident(c: Coefficient) -> tuple[str, str | None, int | None, int | None]:
    return (c.key, c.region, c.year_from, c.year_to)


def _join(*parts: Bilingual) -> Bilingual:
    return Bilingual("；".join(p.zh for p in parts), "; ".join(p.en for p in parts))


def total_energy(
    uses: Iterable[EnergyUse],
    *,
    basis: Basis,
    year: int,
    table: CoefficientTable | None = None,
) -> Figure:
    """综合能耗 in tce (GB/T 2589): Σ quantity × coefficient. On the 等价值 basis electricity
    takes the per-year 等价值; every other carrier has one coefficient for both bases."""
    table = coefficient_table() if table is None else table
    terms = []
    for use in uses:
        carrier = _carrier(use)
        key = carrier.tce
        if basis == "equal_value" and carrier.tce_equal_value:
            key = carrier.tce_equal_value
        terms.append(_term(use, carrier.name, table.lookup(key, year=year), "tce"))
    note = _join(
        Bilingual(
            f"综合能耗按{BASIS_LABELS[basis].zh}计：边界内各种能源实物量 × 折标准煤系数之和"
            "（GB/T 2589）；向外输出的能源须另行扣减，此处未扣减",
            f"total energy on the {BASIS_LABELS[basis].en} basis: the sum of each energy used "
            "within the boundary × its coefficient (GB/T 2589); energy exported must be deducted "
            "separately, it is not deducted here",
        ),
        *([_EQUAL_VALUE_NOTE] if basis == "equal_value" else []),
    )
    value = math.fsum(t.contribution for t in terms)
    stand_ins = _stand_ins(terms, year, None)
    return Figure("energy.total", value, "tce", basis, tuple(terms), note, year, (), stand_ins)


def energy_intensity(
    total: Figure, output_value_10k_yuan: float, output_source: Bilingual | None = None
) -> Figure:
    """万元产值综合能耗 (tce/万元) = 综合能耗 / 工业总产值; keeps the basis of ``total``."""
    if total.unit != "tce":
        raise ValueError(f"energy intensity needs a total in tce, not {total.unit}")
    output = _positive(output_value_10k_yuan, "output value (万元)")
    terms = (
        _given("综合能耗", "total energy", total.value, "tce"),
        _output_term(output, output_source),
    )
    note = Bilingual(
        "综合能耗 ÷ 工业总产值；同比时用不变价产值",
        "total energy ÷ industrial output value; use constant prices to compare years",
    )
    value = total.value / output
    return Figure(
        "energy.intensity", value, "tce/万元", total.basis, terms, note, total.year, (total,)
    )


def co2_emissions(
    uses: Iterable[EnergyUse],
    *,
    year: int,
    region: str = "east_china",
    table: CoefficientTable | None = None,
) -> Figure:
    """CO2 in t: electricity × grid factor (year, region), fuels × fuel factor, purchased heat
    × heat factor (steam first converted to heat at the table's assumed enthalpy)."""
    table = coefficient_table() if table is None else table
    terms = []
    for use in uses:
        carrier = _carrier(use)
        if carrier.co2 is None:
            if not carrier.medium:
                raise ValueError(
                    f"{use.carrier}: the coefficient table has no CO2 factor for "
                    f"{carrier.name.en}; add one before computing emissions"
                )
            unit = canonical_unit(use.unit) or use.unit
            label = Bilingual(
                f"{carrier.name.zh}（耗能工质，表中无排放因子，未计入）",
                f"{carrier.name.en} (energy-carrying medium, no CO2 factor, not counted)",
            )
            terms.append(Term(label, use.quantity, unit, None, 0.0, "tCO2"))
            continue
        coef = table.lookup(carrier.co2, year=year, region=region)
        if carrier.via_enthalpy:
            h = table.lookup(STEAM_ENTHALPY_KEY, year=year)
            label = Bilingual(
                f"{carrier.name.zh}，按假设焓值 {_num(h.value)} {h.unit} 折为热量",
                f"{carrier.name.en}, converted to heat at an assumed enthalpy of "
                f"{_num(h.value)} {h.unit}",
            )
            terms.append(_term(use, label, coef, "tCO2", conversion=h))
        else:
            terms.append(_term(use, carrier.name, coef, "tCO2"))
    note = Bilingual(
        "电力 × 电网排放因子 + 化石燃料 × 燃料排放因子 + 外购热力 × 热力排放因子",
        "electricity × grid factor + fuels × fuel factors + purchased heat × heat factor",
    )
    value = math.fsum(t.contribution for t in terms)
    stand_ins = _stand_ins(terms, year, region)
    return Figure("co2.total", value, "tCO2", None, tuple(terms), note, year, (), stand_ins)


def water_intake(sources: Mapping[str, float]) -> Figure:
    """取水量 (t/a, 1 t = 1 m³): the sum over sources (tap, surface, ground, purchased water
    and water products, GB/T 7119)."""
    if not sources:
        raise ValueError("water intake needs at least one source")
    terms = tuple(
        _given(
            *_WATER_SOURCES.get(name, (name, name)),
            _non_negative(q, f"water source '{name}'"),
            "t/a",
        )
        for name, q in sources.items()
    )
    note = Bilingual(
        "取水量 = 各水源取水之和（GB/T 7119）；1 t 按 1 m³ 计",
        "intake = the sum of all sources (GB/T 7119); 1 t is taken as 1 m³",
    )
    return Figure(
        "water.intake", math.fsum(t.contribution for t in terms), "t/a", None, terms, note
    )


def water_reuse_rate(reused_t: float, intake_t: float | Figure) -> Figure:
    """重复利用率 R = V_r / (V_r + V_i) × 100 % (GB/T 7119): the reused share of all water used,
    not reused ÷ intake."""
    reused = _non_negative(reused_t, "reused water")
    intake, inputs = _intake(intake_t)
    if reused + intake <= 0:
        raise ValueError("reuse rate needs reused or intake water above 0")
    terms = (
        _given(
            "重复利用水量 V_r（循环 + 串联）",
            "reused water V_r (recirculated + cascaded)",
            reused,
            "t/a",
        ),
        _given("取水量 V_i", "water intake V_i", intake, "t/a"),
    )
    note = Bilingual(
        "R = V_r / (V_r + V_i) × 100 %（GB/T 7119-2018），分母为总用水量",
        "R = V_r / (V_r + V_i) × 100 % (GB/T 7119-2018); the denominator is all water used",
    )
    value = reused / (reused + intake) * 100
    return Figure("water.reuse_rate", value, "%", None, terms, note, inputs=inputs)


def water_intake_per_output(
    intake_t: float | Figure, output_value_10k_yuan: float, output_source: Bilingual | None = None
) -> Figure:
    """万元产值取水量 (t/万元) = 取水量 / 工业总产值."""
    intake, inputs = _intake(intake_t)
    output = _positive(output_value_10k_yuan, "output value (万元)")
    terms = (
        _given("取水量", "water intake", intake, "t/a"),
        _output_term(output, output_source),
    )
    note = Bilingual(
        "取水量 ÷ 工业总产值（1 t 按 1 m³ 计）", "intake ÷ industrial output value (1 t = 1 m³)"
    )
    value = intake / output
    return Figure("water.intake_per_output", value, "t/万元", None, terms, note, inputs=inputs)


def _output_term(output: float, source: Bilingual | None) -> Term:
    """The output value as a term, saying where it came from when it was not the visit's own
    answer (the register's figure standing in for E03)."""
    if source is None:
        return _given("工业总产值", "industrial output value", output, "万元")
    return _given(
        f"工业总产值（{source.zh}）", f"industrial output value ({source.en})", output, "万元"
    )


def _given(zh: str, en: str, quantity: float, unit: str) -> Term:
    """A term taken as given (no coefficient): it contributes itself."""
    return Term(Bilingual(zh, en), quantity, unit, None, quantity, unit)


def _intake(intake: float | Figure) -> tuple[float, tuple[Figure, ...]]:
    if isinstance(intake, Figure):
        if intake.unit != "t/a":
            raise ValueError(f"water intake must be in t/a, not {intake.unit}")
        return intake.value, (intake,)
    return _non_negative(intake, "water intake"), ()


def _non_negative(value: float, what: str) -> float:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be 0 or more, not {value}")
    return value


def _positive(value: float, what: str) -> float:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{what} must be above 0, not {value}")
    return value
