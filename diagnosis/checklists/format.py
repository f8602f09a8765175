"""Checklists as data: one versioned JSON file per area and version under diagnosis/checklists/.

This module reads and checks a file (every problem named by its JSON path) into immutable
records; it holds no questions itself. The format is described in docs/checklists.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from diagnosis.checklists.conditions import Condition
from diagnosis.messages import Bilingual

FORMAT = "enterprise-diagnosis-checklist/1"
AREAS = ("intelligent_manufacturing", "energy", "water", "cleaner_production", "safety")
ItemType = Literal["single", "multiple", "yes_no", "number", "table", "text", "date", "photo"]
ITEM_TYPES: tuple[str, ...] = (
    "single",
    "multiple",
    "yes_no",
    "number",
    "table",
    "text",
    "date",
    "photo",
)
YES_NO = ("yes", "no", "na")
CONFIDENCE = ("V", "K", "L", "C")
SEVERITIES = ("major", "serious", "general")
CHECKLIST_DIR = Path(__file__).parent  # the data files sit beside this module, by area


class ChecklistError(ValueError):
    """A checklist file that cannot be used; lists every problem with its JSON path."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


@dataclass(frozen=True)
class Option:
    value: str
    text: Bilingual
    score: float | None  # None: the option is not scored (e.g. "not applicable")
    level: int | None = None  # maturity level the option is anchored to, where it applies


@dataclass(frozen=True)
class Column:
    id: str
    text: Bilingual
    kind: Literal["number", "text", "choice"]
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Row:
    id: str
    text: Bilingual
    unit: str = ""  # the unit of this row's quantity where rows differ (energy carriers)


@dataclass(frozen=True)
class Trigger:
    when: Condition
    measure: str  # a code of the measures catalogue


@dataclass(frozen=True)
class Item:
    id: str
    type: ItemType
    text: Bilingual
    section: str
    required: bool = False
    weight: float = 0.0  # 0: recorded but not scored
    help: Bilingual | None = None
    standard: str = ""  # the standard or document the item comes from
    confidence: str = "K"
    options: tuple[Option, ...] = ()
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    score_bands: tuple[tuple[float, float], ...] = ()  # (upper bound, score) for numbers
    rows: tuple[Row, ...] = ()
    columns: tuple[Column, ...] = ()
    relevant: Condition | None = None
    triggers: tuple[Trigger, ...] = ()
    severity: str | None = None  # safety items: major / serious / general hidden danger
    # The item is a major hidden danger only where this holds (over the answers and the
    # enterprise's facts: diagnosis.assessment.hazards.grade); elsewhere ``severity`` stands.
    major_if: Condition | None = None
    legal_basis: str = ""
    deadline_days: int | None = None  # rectification deadline when the item fails
    subdomain: str = ""  # GB/T 39116 capability sub-domain, for the maturity level
    flag: str = ""  # a yes/no item whose "yes" raises this plan flag (diagnosis.assessment.flags)

    def option(self, value: object) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def scored(self) -> bool:
        return self.weight > 0


@dataclass(frozen=True)
class Section:
    id: str
    title: Bilingual


@dataclass(frozen=True)
class Checklist:
    area: str
    version: str
    title: Bilingual
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    levels: tuple[tuple[float, int], ...] = ()  # (lower bound of mean level, level) for IM
    sources: Mapping[str, str] | None = None

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"{self.area} {self.version} has no item {item_id}")

    @property
    def key(self) -> str:
        return f"{self.area}@{self.version}"


def available_versions(area: str, folder: Path = CHECKLIST_DIR) -> list[str]:
    """Versions on disk for ``area``, oldest first (versions sort as dotted numbers)."""
    found = [p.stem for p in (folder / area).glob("*.json")]
    return sorted(found, key=lambda v: tuple(int(x) if x.isdigit() else 0 for x in v.split(".")))


@cache
def load_checklist(area: str, version: str | None = None) -> Checklist:
    """The checklist of ``area`` at ``version`` (latest when None); a visit keeps its version."""
    if area not in AREAS:
        raise ChecklistError(area, [f"unknown area '{area}' (one of {', '.join(AREAS)})"])
    versions = available_versions(area)
    if not versions:
        raise ChecklistError(area, [f"no checklist file in {CHECKLIST_DIR / area}"])
    chosen = version or versions[-1]
    path = CHECKLIST_DIR / area / f"{chosen}.json"
    if not path.exists():
        raise ChecklistError(area, [f"no version {chosen} (have {', '.join(versions)})"])
    checklist = parse_checklist(json.loads(path.read_text("utf-8")), str(path))
    if (checklist.area, checklist.version) != (area, chosen):
        raise ChecklistError(
            str(path),
            [f"$.area/$.version: the file says {checklist.key}, its place says {area}@{chosen}"],
        )
    return checklist


def parse_checklist(raw: Mapping[str, Any], source: str = "<checklist>") -> Checklist:
    from diagnosis.checklists.parse import parse  # the checks are long; kept in their own module

    return parse(raw, source)
