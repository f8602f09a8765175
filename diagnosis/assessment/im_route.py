"""The intelligent-manufacturing route: the target level (the next one: GB/T 39117 levels are
reached one at a time), the plan's measures that close each sub-domain short of it, and the
Zhejiang steps (digital workshop, smart factory, future factory) with their criteria.

The steps, their thresholds and which sub-domains each measure raises live in
reference/im_route.json with their sources. Pure: no Qt, no SQL, no wording.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from diagnosis.assessment.maturity import Maturity
from diagnosis.measures.proposals import MeasureView
from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted

TABLE = "im_route"


@dataclass(frozen=True)
class Step:
    key: str
    name: Bilingual
    meaning: Bilingual
    investment_10k_yuan: float | None  # software and hardware over five years, civil works out
    investment_mountain_island_10k_yuan: float | None
    digital_level: float  # the digitalisation level an applicant needs
    source: Bilingual
    confidence: str


@dataclass(frozen=True)
class RouteRules:
    version: str
    steps: tuple[Step, ...]
    measures: Mapping[str, tuple[str, ...]]  # measure code -> sub-domain ids
    measures_source: Bilingual
    scale_note: Bilingual  # the notices' level scale beside this plan's screening level
    scale_verified: bool


def _bilingual(raw: Mapping[str, str]) -> Bilingual:
    return Bilingual(raw["zh"], raw["en"])


def _opt(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


@cache
def _load(path: Path) -> RouteRules:
    raw = json.loads(path.read_text("utf-8"))
    steps = tuple(
        Step(
            s["id"],
            _bilingual(s["name"]),
            _bilingual(s["meaning"]),
            _opt(s["investment_10k_yuan"]),
            _opt(s["investment_mountain_island_10k_yuan"]),
            float(s["digital_level"]),
            _bilingual(s["source"]),
            str(s["confidence"]),
        )
        for s in raw["steps"]
    )
    m = raw["measures"]
    return RouteRules(
        str(raw["version"]),
        steps,
        {code: tuple(subs) for code, subs in m["map"].items()},
        _bilingual(m["source"]),
        _bilingual(raw["level_scale"]["note"]),
        bool(raw["level_scale"]["verified"]),
    )


def route_rules() -> RouteRules:
    """The version pinned for a finalised visit (reference_versions), else the newest."""
    return _load(table_path(TABLE, wanted(TABLE)))


@dataclass(frozen=True)
class RouteStep:
    """One shortfall of the target level and the plan's measures that address it."""

    subdomain: str
    name: Bilingual
    current: int | None
    needed: int
    measures: tuple[MeasureView, ...]


@dataclass(frozen=True)
class Route:
    current: int
    target: int | None  # None at level 5
    indicative: bool
    steps: tuple[RouteStep, ...]  # the target's shortfalls, in the standard's order
    further: tuple[MeasureView, ...]  # the plan's IM measures that close no shortfall


def route(
    maturity: Maturity, views: Iterable[MeasureView], rules: RouteRules | None = None
) -> Route:
    """``views``: the plan's intelligent-manufacturing measures still in it (not declined)."""
    rules = rules or route_rules()
    listed = list(views)
    steps = tuple(
        RouteStep(
            s.subdomain,
            s.name,
            s.current,
            s.needed,
            tuple(v for v in listed if s.subdomain in rules.measures.get(v.code or "", ())),
        )
        for s in maturity.missing
    )
    used = {id(v) for step in steps for v in step.measures}
    return Route(
        maturity.level,
        maturity.next_level,
        maturity.indicative,
        steps,
        tuple(v for v in listed if id(v) not in used),
    )
