"""The economics of one measure (tce, CO2, water, money, simple payback) and its priority score.

Every figure keeps the calculator result it came from, so it can be explained; the priority's
weights and scales are data (``reference/priority.json``). Money is valued at the firm's own
price where it answered it (E34, E35, W22), else at a typical Ningbo 2024 price from
``reference/prices.json`` that is labelled "估算，待核实 / estimate, to be verified" wherever it
is used (``diagnosis.measures.estimating.prices``); without a money saving there is no payback. No
Qt,
no SQL.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from diagnosis.checklists.units import unit_text
from diagnosis.figures.coefficients import (
    CONFIDENCE_LABELS,
    CoefficientNotFound,
    Confidence,
    format_number,
)
from diagnosis.figures.indicators import EnergyUse, Figure, co2_emissions, total_energy
from diagnosis.measures.catalogue import Measure, Range
from diagnosis.measures.estimates import PAYBACK_BUCKETS, Estimate, payback_bucket, simple_payback
from diagnosis.messages import Bilingual, Lang
from diagnosis.reference_versions import table_path, wanted

PRIORITY_PATH = Path(__file__).parents[1] / "reference" / "priority.json"
PRIORITY_FORMAT = "enterprise-diagnosis-priority/1"
TERMS = ("payback", "investment", "safety", "compliance")
SEVERITY_LEVELS = ("major", "serious", "general", "none")  # gravest first
PaybackBasis = Literal["estimated", "typical"]
_num = format_number


# -- economics ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Economics:
    """Annual savings of one measure with the inputs as entered and each computed figure."""

    investment_10k_yuan: float | None
    energy_saved: tuple[EnergyUse, ...]
    water_saved_m3: float | None
    money_saved_yuan: float | None  # yuan/yr: the team's, or an estimate's (its prices named)
    year: int
    region: str
    tce: Figure | None  # 当量值 basis; None when no energy saving was entered
    co2: Figure | None
    payback: Estimate | None  # None without both an investment and a money saving

    @property
    def tce_saved(self) -> float | None:
        return None if self.tce is None else self.tce.value

    @property
    def co2_t(self) -> float | None:
        return None if self.co2 is None else self.co2.value

    @property
    def payback_years(self) -> float | None:
        return None if self.payback is None else self.payback.value

    @property
    def bucket(self) -> str | None:
        return None if self.payback is None else payback_bucket(self.payback.value)

    def explain(self, lang: Lang = "zh") -> str:
        """Each figure with its inputs, coefficients and sources, in the reader's language."""
        zh = lang == "zh"
        unknown = "未填" if zh else "not entered"

        def amount(value: float | None, unit: str) -> str:
            return unknown if value is None else f"{_num(value)} {unit_text(unit, lang)}"

        lines = [
            f"{'投资' if zh else 'Investment'}: {amount(self.investment_10k_yuan, '万元')}",
            f"{'年节约金额' if zh else 'Money saved'}: {amount(self.money_saved_yuan, 'yuan/yr')}",
            f"{'年节水量' if zh else 'Water saved'}: {amount(self.water_saved_m3, 'm³/yr')}",
        ]
        # the calculators title their figures as consumption; here they are what is saved
        for figure, saved in (
            (self.tce, ("节能量", "Energy saved")),
            (self.co2, ("减排", "CO2 avoided")),
        ):
            if figure is not None:
                lines += [f"{saved[0] if zh else saved[1]}:", figure.explain(lang)]
        if self.payback is not None:
            lines.append(self.payback.explain(lang))
            bucket = self.bucket
            lines.append(
                f"{'回收期区间' if zh else 'Payback bucket'}: {bucket} {'年' if zh else 'yr'}"
            )
        elif self.money_saved_yuan is None:
            lines.append(
                "无年节约金额（节约量尚未测算），不计算回收期"
                if zh
                else "no money saving (the saving is not estimated yet): no payback"
            )
        else:
            lines.append("无投资额，不计算回收期" if zh else "no investment entered: no payback")
        return "\n".join(lines)


def economics(
    investment_10k_yuan: float | None,
    energy_saved: Sequence[EnergyUse],
    water_saved_m3: float | None,
    money_saved_yuan: float | None,
    *,
    year: int,
    region: str = "east_china",
) -> Economics:
    """tce saved (当量值, ``total_energy``), CO2 avoided (``co2_emissions`` for ``year`` and
    ``region``), water and money saved, simple payback (years) and its bucket.

    ValueError names the figure that is negative, not finite or of an unknown carrier/unit."""
    investment = _optional(investment_10k_yuan, "investment_10k_yuan", minimum=0.0)
    water = _optional(water_saved_m3, "water_saved_m3", minimum=0.0)
    money = _optional(money_saved_yuan, "money_saved_yuan", minimum=None)
    uses = tuple(energy_saved)
    tce = co2 = None
    if uses:
        tce = total_energy(uses, basis="equivalent", year=year)
        try:
            co2 = co2_emissions(uses, year=year, region=region)
        except CoefficientNotFound:
            # No emission factor for the data year (the grid factors start in 2021, and a
            # year before the table is never given a later year's factor unasked): the CO2
            # stays uncounted, as the visit's own CO2 indicator does, while the tce, water
            # and money saved still count.
            co2 = None
    payback = None
    if investment is not None and money is not None:
        payback = simple_payback(investment, money)
    return Economics(investment, uses, water, money, year, region, tce, co2, payback)


def _optional(value: float | None, name: str, *, minimum: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be {minimum:g} or more, not {value!r}")
    return float(value)


def midpoint(r: Range | None) -> float | None:
    return None if r is None else (r.min + r.max) / 2


def payback_of(
    measure: Measure | None, econ: Economics | None
) -> tuple[str | None, PaybackBasis | None]:
    """The payback bucket and where it comes from: the economics when a payback is known, else
    the midpoint of the catalogue's typical range, else none."""
    if econ is not None and econ.payback is not None:
        return econ.bucket, "estimated"
    typical = midpoint(measure.payback_years) if measure is not None else None
    if typical is not None:
        return payback_bucket(typical), "typical"
    return None, None


# -- priority -----------------------------------------------------------------------------------


class PriorityConfigError(ValueError):
    """A priority file that cannot be used; lists every problem with its JSON path."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        super().__init__(f"{origin}: " + "; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PriorityConfig:
    version: str
    confidence: Confidence
    note: Bilingual
    weights: Mapping[str, float]  # by TERMS, summing to 1
    payback: Mapping[str, float]  # bucket -> score
    payback_unknown: float
    investment_bands: tuple[tuple[float, float], ...]  # (upper bound in 万元, inclusive; score)
    investment_unknown: float
    safety: Mapping[str, float]  # SEVERITY_LEVELS -> score
    compliance: tuple[float, float]  # (score when false, score when true)


@dataclass(frozen=True)
class PriorityTerm:
    """One term of the priority: what it was read from, its 0-1 score and its weight."""

    key: str  # one of TERMS
    weight: float
    score: float
    input: str  # "2-3" (yr), "12" (万元), "major", "true", or "unknown"
    basis: str  # estimated | typical | unknown | severity | catalogue

    @property
    def points(self) -> float:
        return 100 * self.weight * self.score


_TERM_LABELS = {
    "payback": Bilingual("回收期", "payback"),
    "investment": Bilingual("投资", "investment"),
    "safety": Bilingual("安全风险", "safety risk"),
    "compliance": Bilingual("合规紧迫性", "compliance urgency"),
}
_BASIS_LABELS = {
    "estimated": Bilingual("测算值", "estimated"),
    "typical": Bilingual("典型范围中值", "typical range midpoint"),
    "unknown": Bilingual("未知，取中性分", "unknown, neutral score"),
    "severity": Bilingual("触发条目的隐患等级", "severity of the triggering items"),
    "catalogue": Bilingual("措施目录", "catalogue"),
}


def priority(
    measure: Measure | None,
    severity: str | None,
    econ: Economics | None,
    config: PriorityConfig | None = None,
) -> tuple[float, tuple[PriorityTerm, ...]]:
    """priority = 100 × Σ weight × score (0-100) and its terms, so the number is explainable."""
    c = priority_config() if config is None else config
    if econ is not None:
        return _priority(measure, severity, econ, c)
    # Without economics the priority is the catalogue's and the weights' alone: most of a
    # visit's proposals, scored alike for every visit, are worked out once per weights table.
    key = (id(c), id(measure), severity)
    known = _BY_CATALOGUE.get(key)
    if known is not None and known[0] is c and known[1] is measure:
        return known[2]
    found = _priority(measure, severity, None, c)
    if len(_BY_CATALOGUE) >= _BY_CATALOGUE_MAX:
        _BY_CATALOGUE.clear()
    _BY_CATALOGUE[key] = (c, measure, found)
    return found


# (weights, measure, severity) -> the priority without economics; the weights and the measure
# kept, so an id is never taken for another object's. Bounded: tables load once per version.
_BY_CATALOGUE: dict[
    tuple[int, int, str | None],
    tuple[PriorityConfig, Measure | None, tuple[float, tuple[PriorityTerm, ...]]],
] = {}
_BY_CATALOGUE_MAX = 4096


def _priority(
    measure: Measure | None, severity: str | None, econ: Economics | None, c: PriorityConfig
) -> tuple[float, tuple[PriorityTerm, ...]]:
    bucket, basis = payback_of(measure, econ)
    payback = (
        PriorityTerm("payback", c.weights["payback"], c.payback[bucket], bucket, basis)
        if bucket is not None and basis is not None
        else PriorityTerm("payback", c.weights["payback"], c.payback_unknown, "unknown", "unknown")
    )
    invest: float | None = None if econ is None else econ.investment_10k_yuan
    invest_basis = "estimated"
    if invest is None and measure is not None:
        invest, invest_basis = midpoint(measure.investment), "typical"
    if invest is None:
        investment = PriorityTerm(
            "investment", c.weights["investment"], c.investment_unknown, "unknown", "unknown"
        )
    else:
        score = next(s for upto, s in c.investment_bands if invest <= upto)
        investment = PriorityTerm(
            "investment", c.weights["investment"], score, _num(invest), invest_basis
        )
    level = severity or "none"
    safety = PriorityTerm("safety", c.weights["safety"], c.safety[level], level, "severity")
    fixes = measure is not None and measure.compliance
    compliance = PriorityTerm(
        "compliance",
        c.weights["compliance"],
        c.compliance[1 if fixes else 0],
        "true" if fixes else "false",
        "catalogue",
    )
    terms = (payback, investment, safety, compliance)
    return 100 * math.fsum(t.weight * t.score for t in terms), terms


def explain_priority(
    terms: Sequence[PriorityTerm], lang: Lang = "zh", config: PriorityConfig | None = None
) -> str:
    """Each term's input, score, weight and points, then what the weighting is (and is not)."""
    zh = lang == "zh"
    total = 100 * math.fsum(t.weight * t.score for t in terms)
    head = "优先级 = 100 × Σ 权重 × 得分" if zh else "priority = 100 × Σ weight × score"
    lines = [f"{head} = {_num(round(total, 6))}"]
    for t in terms:
        label = _TERM_LABELS[t.key].zh if zh else _TERM_LABELS[t.key].en
        basis = _BASIS_LABELS.get(t.basis, Bilingual(t.basis, t.basis))
        lines.append(
            f"- {label}: {t.input} ({basis.zh if zh else basis.en}) → "
            f"{_num(t.score)} × {_num(t.weight)} = {_num(round(t.points, 6))}"
        )
    c = priority_config() if config is None else config
    tag = CONFIDENCE_LABELS[c.confidence]
    lines.append(f"[{tag.zh if zh else tag.en}] {c.note.zh if zh else c.note.en}")
    return "\n".join(lines)


def parse_priority_config(raw: Any, origin: str = "priority.json") -> PriorityConfig:
    """Check a priority file whole: weights of the four terms summing to 1, scores within 0-1
    and every scale monotone (a worse case never scores higher)."""
    problems: list[str] = []

    def score(value: Any, path: str) -> float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not 0 <= value <= 1:
            problems.append(f"{path}: must be a number from 0 to 1, not {value!r}")
            return 0.0
        return float(value)

    def falling(values: Sequence[float], names: Sequence[str], path: str) -> None:
        for i in range(1, len(values)):
            if values[i] > values[i - 1]:
                problems.append(
                    f"{path}: not monotone, {names[i]} ({values[i]:g}) scores above "
                    f"{names[i - 1]} ({values[i - 1]:g})"
                )

    def section(value: Any, path: str, keys: Sequence[str]) -> Mapping[str, Any]:
        if not isinstance(value, Mapping) or set(value) != set(keys):
            problems.append(f"{path}: must be an object with exactly {', '.join(keys)}")
            return {k: 0.0 for k in keys}
        return value

    if not isinstance(raw, Mapping):
        raise PriorityConfigError(origin, ["$: must be an object"])
    if raw.get("format") != PRIORITY_FORMAT:
        problems.append(f'$.format: must be "{PRIORITY_FORMAT}"')
    version = raw.get("version")
    if not isinstance(version, str) or not version:
        problems.append("$.version: must be a non-empty string")
    confidence: Confidence = "L"
    if raw.get("confidence") in CONFIDENCE_LABELS:
        confidence = raw["confidence"]
    else:
        problems.append(f"$.confidence: must be V, K, L or C, not {raw.get('confidence')!r}")
    note = raw.get("note")
    if not isinstance(note, Mapping) or not all(
        isinstance(note.get(k), str) and note[k].strip() for k in ("zh", "en")
    ):
        problems.append("$.note: needs non-empty 'zh' and 'en' texts saying what the weights are")
        note = {"zh": "", "en": ""}
    before = len(problems)
    given = section(raw.get("weights"), "$.weights", TERMS)
    weights = {k: score(given[k], f"$.weights.{k}") for k in TERMS}
    sound = len(problems) == before
    if sound and not math.isclose(math.fsum(weights.values()), 1.0, abs_tol=1e-9):
        total = math.fsum(weights.values())
        problems.append(f"$.weights: must sum to 1, they sum to {total:g}")
    scales = section(raw.get("scales"), "$.scales", TERMS)
    pay = section(scales["payback"], "$.scales.payback", ("buckets", "unknown"))
    buckets = section(pay["buckets"], "$.scales.payback.buckets", PAYBACK_BUCKETS)
    payback = {b: score(buckets[b], f"$.scales.payback.buckets.{b}") for b in PAYBACK_BUCKETS}
    falling(list(payback.values()), PAYBACK_BUCKETS, "$.scales.payback.buckets")
    inv = section(scales["investment"], "$.scales.investment", ("unit", "bands", "unknown"))
    if inv["unit"] != "万元":
        problems.append(f"$.scales.investment.unit: must be 万元, not {inv['unit']!r}")
    bands: list[tuple[float, float]] = []
    raw_bands = inv["bands"] if isinstance(inv["bands"], list) else []
    for i, band in enumerate(raw_bands):
        p = f"$.scales.investment.bands[{i}]"
        band = section(band, p, ("upto", "score"))
        upto = band["upto"]
        last = i == len(raw_bands) - 1
        if last and upto is not None:
            problems.append(f"{p}.upto: the last band must be open (null)")
        elif not last and (
            isinstance(upto, bool)
            or not isinstance(upto, int | float)
            or not math.isfinite(upto)
            or upto < 0
            or (bands and upto <= bands[-1][0])
        ):
            problems.append(f"{p}.upto: must be a number above the band before, not {upto!r}")
        number = isinstance(upto, int | float) and not isinstance(upto, bool)
        bound = float(upto) if number else math.inf
        bands.append((bound, score(band["score"], f"{p}.score")))
    if not bands:
        problems.append("$.scales.investment.bands: must be a non-empty list")
    names = [f"≤{_num(u)}" if math.isfinite(u) else "more" for u, _ in bands]
    falling([s for _, s in bands], names, "$.scales.investment.bands")
    levels = section(scales["safety"], "$.scales.safety", SEVERITY_LEVELS)
    safety = {k: score(levels[k], f"$.scales.safety.{k}") for k in SEVERITY_LEVELS}
    falling(list(safety.values()), SEVERITY_LEVELS, "$.scales.safety")
    comp = section(scales["compliance"], "$.scales.compliance", ("true", "false"))
    compliance = (
        score(comp["false"], "$.scales.compliance.false"),
        score(comp["true"], "$.scales.compliance.true"),
    )
    if compliance[0] > compliance[1]:
        problems.append("$.scales.compliance: not monotone, false scores above true")
    unknown_pay = score(pay["unknown"], "$.scales.payback.unknown")
    unknown_inv = score(inv["unknown"], "$.scales.investment.unknown")
    if problems:
        raise PriorityConfigError(origin, problems)
    return PriorityConfig(
        str(version),
        confidence,
        Bilingual(note["zh"], note["en"]),
        weights,
        payback,
        unknown_pay,
        tuple(bands),
        unknown_inv,
        safety,
        compliance,
    )


def load_priority_config(path: Path = PRIORITY_PATH) -> PriorityConfig:
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PriorityConfigError(path.name, [f"cannot be read: {exc}"]) from exc
    return parse_priority_config(raw, path.name)


def priority_config() -> PriorityConfig:
    """The weights at the version pinned for this computation, else the newest."""
    return _priority_config(wanted("priority"))


@cache
def _priority_config(version: str | None) -> PriorityConfig:
    return load_priority_config(table_path("priority", version))
