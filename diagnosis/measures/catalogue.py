"""The coded catalogue of improvement measures (``reference/measures.json``), validated on load.

Code here only checks and looks measures up; every title, range and source lives in the data file,
so a corrected figure never needs a code change. No Qt, no SQL, no report wording.
"""

from __future__ import annotations

import importlib
import inspect
import json
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from diagnosis.figures.coefficients import CONFIDENCES, Confidence
from diagnosis.messages import Bilingual, Lang
from diagnosis.reference_versions import table_path, wanted

Area = Literal["IM", "EN", "WA", "CP", "SA"]
ProjectKind = Literal["technical_transformation", "digital_intelligent", "energy_emission"]
AREAS: tuple[str, ...] = get_args(Area)
PROJECT_KINDS: frozenset[str] = frozenset(get_args(ProjectKind))
CODE = re.compile(r"^(IM|EN|WA|CP|SA)\.[A-Z]+\.\d{2}$")
_INPUT_KEY = re.compile(r"^[a-z][a-z0-9_]*$")

CATALOGUE_PATH = Path(__file__).parents[1] / "reference" / "measures.json"
_FIELDS = (
    "code",
    "area",
    "category",
    "title",
    "description",
    "inputs",
    "estimator",
    "saving",
    "payback_years",
    "investment",
    "counts_as",
    "compliance",
    "source",
    "confidence",
)
_OPTIONAL = ("note", "unit_cost")
# What a unit cost is per: a quantity the estimate reads from the answers (kW, lamps, kWp, kVA,
# t/h of boiler) or one of something the measure needs once (a survey, the firm, a system).
COST_BASES = ("kw", "lamp", "kwp", "kva", "boiler_tph", "survey", "firm", "system")
ONCE = ("survey", "firm", "system")


class MeasuresCatalogueError(ValueError):
    """The catalogue file, or one measure in it, is malformed; the message names the entry."""


@dataclass(frozen=True)
class Range:
    """A typical range from REFERENCE; ``unit`` says what a saving is a share of (payback: yr,
    investment: 万元)."""

    min: float
    max: float
    unit: str


@dataclass(frozen=True)
class MeasureInput:
    """One figure the measure's saving is estimated from (an estimator parameter or the
    consumption a typical share applies to)."""

    key: str
    text: Bilingual
    unit: str


@dataclass(frozen=True)
class Source:
    reference: str  # the REFERENCE section(s) the figures come from
    cites: tuple[str, ...]  # the standards, documents and addresses that section cites


@dataclass(frozen=True)
class UnitCost:
    """Typical installed cost per unit (Ningbo, 2024) of what the measure buys, with its source
    and confidence: investment = unit cost × quantity, a range from ``min`` to ``max``."""

    min: float
    max: float
    unit: str  # 元/kW, 元/盏, 元/kWp, 元/kVA, 元/(t/h), 元/次, 元/家, 元/套
    per: str  # one of COST_BASES
    what: Bilingual  # what the quantity is, e.g. the power of the fans and pumps without VFD
    source: Bilingual
    confidence: Confidence


@dataclass(frozen=True)
class TeamCheck:
    """How far a team's figure may stray from the proposal's range before it is flagged."""

    factor: float  # flagged above range max × factor or below range min ÷ factor
    note: Bilingual


@dataclass(frozen=True)
class Measure:
    """One catalogue entry. A null range means REFERENCE gives no figure (``note`` says why)."""

    code: str
    area: Area
    category: str
    title: Bilingual
    description: Bilingual
    inputs: tuple[MeasureInput, ...]
    estimator: (
        str | None
    )  # a function in diagnosis.measures.estimates*; None: a share of a consumption
    saving: Range | None
    payback_years: Range | None
    investment: Range | None  # 万元
    counts_as: tuple[ProjectKind, ...]
    compliance: bool  # fixes a legal non-compliance (hidden danger, permit, mandatory audit)
    source: Source
    confidence: Confidence
    note: Bilingual | None = None
    unit_cost: UnitCost | None = None

    def label(self, lang: Lang = "zh") -> str:
        title = self.title.zh if lang == "zh" else self.title.en
        return f"{self.code} {title}"


class MeasuresCatalogue:
    """All measures of one catalogue version, in file order."""

    def __init__(
        self, measures: tuple[Measure, ...], version: str, team_check: TeamCheck | None = None
    ) -> None:
        self.version = version
        self.measures = measures
        self.team_check = team_check or TeamCheck(
            3.0, Bilingual("超出典型范围 3 倍", "three times outside the typical range")
        )
        self._by_code = {m.code: m for m in measures}

    def __len__(self) -> int:
        return len(self.measures)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def codes(self) -> list[str]:
        return list(self._by_code)

    def get(self, code: str) -> Measure:
        """The measure with this code; KeyError naming the code when there is none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"no measure '{code}' in catalogue {self.version}") from None

    def by_area(self, area: str) -> tuple[Measure, ...]:
        if area not in AREAS:
            raise ValueError(f"unknown area '{area}' (use {', '.join(AREAS)})")
        return tuple(m for m in self.measures if m.area == area)

    @classmethod
    def from_data(
        cls,
        raw: Any,
        origin: str = "measures.json",
        estimators: Collection[str] | None = None,
    ) -> MeasuresCatalogue:
        """Build and validate a catalogue from parsed JSON; ``estimators`` are the known
        estimator names (default: the public functions of diagnosis.measures.estimates*)."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("measures"), list):
            raise MeasuresCatalogueError(f"{origin}: needs an object with a 'measures' list")
        version = raw.get("version")
        if not isinstance(version, str) or not version:
            raise MeasuresCatalogueError(f"{origin}: needs a 'version' string")
        known = estimator_names() if estimators is None else frozenset(estimators)
        measures: list[Measure] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(raw["measures"]):
            code = item.get("code") if isinstance(item, Mapping) else None
            where = f"{origin} measure {i}" + (f" ({code})" if isinstance(code, str) else "")
            try:
                measure = _measure(item, known)
            except (TypeError, ValueError) as exc:
                raise MeasuresCatalogueError(f"{where}: {exc}") from None
            if measure.code in seen:
                raise MeasuresCatalogueError(
                    f"{where}: duplicate code, already used by measure {seen[measure.code]}"
                )
            seen[measure.code] = i
            measures.append(measure)
        return cls(tuple(measures), version, _team_check(raw.get("team_check"), origin))


def estimator_names() -> frozenset[str]:
    """Public functions of the estimator modules that return an Estimate (imported here,
    lazily, so an estimator module may itself use the catalogue)."""
    from diagnosis.measures.estimators import MODULES

    names: set[str] = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        names.update(
            name
            for name, obj in vars(module).items()
            if not name.startswith("_")
            and inspect.isfunction(obj)
            and obj.__module__ == module.__name__
            and _returns_estimate(obj)
        )
    return frozenset(names)


def _returns_estimate(function: Callable[..., object]) -> bool:
    returns = inspect.signature(function).return_annotation
    # a string under ``from __future__ import annotations``, else the class itself
    return returns == "Estimate" or getattr(returns, "__name__", None) == "Estimate"


# -- parsing one entry: each helper raises ValueError/TypeError saying what is wrong ------------


def _text(raw: Any, name: str) -> Bilingual:
    if not isinstance(raw, Mapping) or not all(
        isinstance(raw.get(k), str) and raw[k].strip() for k in ("zh", "en")
    ):
        raise ValueError(f"{name} needs non-empty 'zh' and 'en' texts")
    return Bilingual(raw["zh"], raw["en"])


def _number(raw: Any, name: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ValueError(f"{name} must be a finite number, not {raw!r}")
    if raw < 0:
        raise ValueError(f"{name} must not be negative, not {raw!r}")
    return float(raw)


def _range(raw: Any, name: str, unit: str | None) -> Range | None:
    if raw is None:
        return None
    allowed = {"min", "max"} | ({"unit"} if unit is None else set())
    if not isinstance(raw, Mapping) or set(raw) != allowed:
        raise ValueError(f"{name} must be null or an object with exactly {sorted(allowed)}")
    low, high = _number(raw["min"], f"{name}.min"), _number(raw["max"], f"{name}.max")
    if low > high:
        raise ValueError(f"{name}: min {low:g} is above max {high:g}")
    if unit is None:
        unit = raw["unit"]
        if not isinstance(unit, str) or not unit.strip():
            raise ValueError(f"{name}.unit must say what the range is of, e.g. '% of ...'")
    return Range(low, high, unit)


def _inputs(raw: Any) -> tuple[MeasureInput, ...]:
    if not isinstance(raw, list):
        raise ValueError("inputs must be a list")
    out: list[MeasureInput] = []
    for j, item in enumerate(raw):
        name = f"inputs[{j}]"
        if not isinstance(item, Mapping) or set(item) != {"key", "text", "unit"}:
            raise ValueError(f"{name} must be an object with exactly key, text, unit")
        key, unit = item["key"], item["unit"]
        if not isinstance(key, str) or not _INPUT_KEY.fullmatch(key):
            raise ValueError(f"{name}.key must be a snake_case name, not {key!r}")
        if any(i.key == key for i in out):
            raise ValueError(f"{name}.key '{key}' is repeated")
        if not isinstance(unit, str) or not unit.strip():
            raise ValueError(f"{name}.unit is required")
        out.append(MeasureInput(key, _text(item["text"], f"{name}.text"), unit))
    return tuple(out)


def _source(raw: Any) -> Source:
    if not isinstance(raw, Mapping) or set(raw) != {"reference", "cites"}:
        raise ValueError("source must be an object with exactly reference and cites")
    ref, cites = raw["reference"], raw["cites"]
    if not isinstance(ref, str) or not ref.strip():
        raise ValueError("source.reference must name the REFERENCE section")
    if not isinstance(cites, list) or not all(isinstance(c, str) and c.strip() for c in cites):
        raise ValueError("source.cites must be a list of non-empty texts")
    return Source(ref, tuple(cites))


def _unit_cost(raw: Any) -> UnitCost | None:
    if raw is None:
        return None
    keys = {"min", "max", "unit", "per", "what", "source", "confidence"}
    if not isinstance(raw, Mapping) or set(raw) != keys:
        raise ValueError(f"unit_cost must be null or an object with exactly {sorted(keys)}")
    low, high = _number(raw["min"], "unit_cost.min"), _number(raw["max"], "unit_cost.max")
    if low > high:
        raise ValueError(f"unit_cost: min {low:g} is above max {high:g}")
    unit, per = raw["unit"], raw["per"]
    if not isinstance(unit, str) or not unit.startswith("元/"):
        raise ValueError(f"unit_cost.unit must read 元/<unit>, not {unit!r}")
    if per not in COST_BASES:
        raise ValueError(f"unit_cost.per must be one of {', '.join(COST_BASES)}, not {per!r}")
    if raw["confidence"] not in CONFIDENCES:
        raise ValueError(f"unit_cost.confidence must be V, K, L or C, not {raw['confidence']!r}")
    return UnitCost(
        low,
        high,
        unit,
        per,
        _text(raw["what"], "unit_cost.what"),
        _text(raw["source"], "unit_cost.source"),
        raw["confidence"],
    )


def _team_check(raw: Any, origin: str) -> TeamCheck | None:
    if raw is None:
        return None
    try:
        if not isinstance(raw, Mapping) or set(raw) != {"factor", "note"}:
            raise ValueError("must be an object with exactly factor and note")
        factor = _number(raw["factor"], "factor")
        if factor <= 1:
            raise ValueError(f"factor must be above 1, not {factor:g}")
        return TeamCheck(factor, _text(raw["note"], "note"))
    except (TypeError, ValueError) as exc:
        raise MeasuresCatalogueError(f"{origin} team_check: {exc}") from None


def _measure(item: Any, estimators: frozenset[str]) -> Measure:
    if not isinstance(item, Mapping):
        raise ValueError("must be an object")
    missing = [f for f in _FIELDS if f not in item]
    unknown = sorted(set(item) - set(_FIELDS) - set(_OPTIONAL))
    if missing or unknown:
        raise ValueError(f"missing fields {missing}, unknown fields {unknown}")
    code, area, category = item["code"], item["area"], item["category"]
    if not isinstance(code, str) or not CODE.fullmatch(code):
        raise ValueError(f"code {code!r} must look like 'EN.AIR.01' (AREA.CATEGORY.NN)")
    prefix, middle, _ = code.split(".")
    if area != prefix:
        raise ValueError(f"area {area!r} does not match the code prefix '{prefix}'")
    if category != middle:
        raise ValueError(f"category {category!r} does not match the code's '{middle}'")
    estimator = item["estimator"]
    if estimator is not None and (not isinstance(estimator, str) or estimator not in estimators):
        raise ValueError(
            f"estimator {estimator!r} is not a function of diagnosis.measures.estimates* "
            "(use null for a saving estimated as a share of a consumption)"
        )
    counts = item["counts_as"]
    if not isinstance(counts, list) or len(set(map(str, counts))) != len(counts):
        raise ValueError("counts_as must be a list without repeats")
    bad = [c for c in counts if c not in PROJECT_KINDS]
    if bad:
        raise ValueError(f"counts_as has unknown kinds {bad} (use {sorted(PROJECT_KINDS)})")
    if not isinstance(item["compliance"], bool):
        raise ValueError("compliance must be true or false")
    confidence = item["confidence"]
    if confidence not in CONFIDENCES:
        raise ValueError(f"confidence must be V, K, L or C, not {confidence!r}")
    note = item.get("note")
    return Measure(
        code=code,
        area=area,
        category=category,
        title=_text(item["title"], "title"),
        description=_text(item["description"], "description"),
        inputs=_inputs(item["inputs"]),
        estimator=estimator,
        saving=_range(item["saving"], "saving", None),
        payback_years=_range(item["payback_years"], "payback_years", "yr"),
        investment=_range(item["investment"], "investment", "万元"),
        counts_as=tuple(counts),
        compliance=item["compliance"],
        source=_source(item["source"]),
        confidence=confidence,
        note=None if note is None else _text(note, "note"),
        unit_cost=_unit_cost(item.get("unit_cost")),
    )


def load_measures_catalogue(path: Path = CATALOGUE_PATH) -> MeasuresCatalogue:
    """Read and validate a catalogue file; MeasuresCatalogueError names the bad entry."""
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise MeasuresCatalogueError(f"{path.name}: cannot be read: {exc}") from exc
    return MeasuresCatalogue.from_data(raw, origin=path.name)


def measures_catalogue() -> MeasuresCatalogue:
    """The catalogue at the version pinned for this computation (reference_versions), else
    the newest."""
    return _measures_catalogue(wanted("measures"))


@cache
def _measures_catalogue(version: str | None) -> MeasuresCatalogue:
    # A path beside this module, not importlib.resources: that costs imports at start-up.
    return load_measures_catalogue(table_path("measures", version))


def get(code: str) -> Measure:
    """The shipped catalogue's measure ``code``; KeyError when there is none."""
    return measures_catalogue().get(code)


def by_area(area: str) -> tuple[Measure, ...]:
    """The shipped catalogue's measures of one area (IM, EN, WA, CP, SA), in file order."""
    return measures_catalogue().by_area(area)
