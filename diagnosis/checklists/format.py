"""Checklists as data: the immutable records a checklist file is read into, and the format's
constants; it holds no questions itself. ``parse`` checks a file's JSON into these records
(every problem named by its JSON path), ``load`` finds a file by area and version. The format
is described in docs/checklists.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

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
