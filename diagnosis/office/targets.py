"""The programme's targets (``reference/programme_targets.json``), with the source of each.

Code only looks targets up: a corrected figure or a new year is a data change. No SQL, no Qt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from diagnosis.measures.catalogue import PROJECT_KINDS
from diagnosis.messages import Bilingual

TARGETS_PATH = Path(__file__).parents[1] / "reference" / "programme_targets.json"


class TargetsError(ValueError):
    """The targets file is malformed; the message names the entry."""


@dataclass(frozen=True)
class ProjectTarget:
    kind: str  # a programme project kind (measures catalogue ``counts_as``)
    value: int  # projects a year
    years: tuple[int, ...]  # years the target applies to
    stated_years: tuple[int, ...]  # years the plan itself states it for; others carry it
    confidence: str
    source: str
    note: Bilingual

    def applies(self, year: int) -> bool:
        return year in self.years

    def stated(self, year: int) -> bool:
        return year in self.stated_years


@dataclass(frozen=True)
class CoverageTarget:
    share: float  # of the willing above-scale enterprises
    by_year: int
    confidence: str
    source: str
    note: Bilingual


@dataclass(frozen=True)
class ProgrammeTargets:
    version: str
    programme: Bilingual
    source: str
    projects: tuple[ProjectTarget, ...]
    coverage: CoverageTarget

    def project(self, kind: str, year: int) -> ProjectTarget | None:
        return next((t for t in self.projects if t.kind == kind and t.applies(year)), None)


def _text(raw: Any, where: str) -> Bilingual:
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("zh", "en")):
        raise TargetsError(f"{where}: needs zh and en text")
    return Bilingual(raw["zh"], raw["en"])


def _years(raw: Any, where: str) -> tuple[int, ...]:
    if not isinstance(raw, list) or not all(isinstance(y, int) for y in raw):
        raise TargetsError(f"{where}: needs a list of years")
    return tuple(raw)


def parse_targets(raw: Any, origin: str = "<targets>") -> ProgrammeTargets:
    if not isinstance(raw, dict) or not isinstance(raw.get("projects"), list):
        raise TargetsError(f"{origin}: needs a 'projects' list")
    projects = []
    for n, item in enumerate(raw["projects"]):
        where = f"{origin} projects[{n}]"
        if item.get("kind") not in PROJECT_KINDS:
            raise TargetsError(f"{where}: kind must be one of {sorted(PROJECT_KINDS)}")
        value = item.get("value")
        if not isinstance(value, int) or value <= 0:
            raise TargetsError(f"{where}: value must be a positive whole number")
        years = _years(item.get("years"), where)
        stated = _years(item.get("stated_years", list(years)), where)
        if not set(stated) <= set(years):
            raise TargetsError(f"{where}: stated_years must be among years")
        projects.append(
            ProjectTarget(
                item["kind"],
                value,
                years,
                stated,
                str(item.get("confidence", "")),
                str(item.get("source", "")),
                _text(item.get("note"), where),
            )
        )
    cov = raw.get("coverage")
    if not isinstance(cov, dict):
        raise TargetsError(f"{origin}: needs a 'coverage' object")
    coverage = CoverageTarget(
        float(cov["share"]),
        int(cov["by_year"]),
        str(cov.get("confidence", "")),
        str(cov.get("source", "")),
        _text(cov.get("note"), f"{origin} coverage"),
    )
    return ProgrammeTargets(
        str(raw.get("version", "")),
        _text(raw.get("programme"), f"{origin} programme"),
        str(raw.get("source", "")),
        tuple(projects),
        coverage,
    )


@cache
def programme_targets() -> ProgrammeTargets:
    return parse_targets(json.loads(TARGETS_PATH.read_text("utf-8")), TARGETS_PATH.name)
