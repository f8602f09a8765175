"""The project-categories table (``reference/project_categories.json``): categories of
technical-transformation projects, the rules deriving one from a catalogue measure, and the
programme support each category may apply for, with sources. Loading and checking only; which
measures are projects is ``diagnosis.measures.projects``. No Qt, no SQL, no report wording.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from diagnosis.figures.coefficients import CONFIDENCES, Confidence
from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted

FORMAT = "enterprise-diagnosis-project-categories/1"
SUPPORT_KINDS = ("funding", "recognition", "priority", "procedure")
# The plan conditions (diagnosis.assessment.policy) a support can depend on.
NEEDS = ("subsidy.eligible", "water.retrofit_required")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MAX_DURATION_MONTHS = 120  # ten years: longer is a programme, not one project


@dataclass(frozen=True)
class Support:
    key: str
    kind: str  # one of SUPPORT_KINDS
    needs: str | None  # a plan condition that must not be missed; None: the category suffices
    short: Bilingual
    text: Bilingual
    source: str  # the document's own title and section, as printed in both plans
    source_en: str  # what the English plan prints before the original in brackets
    confidence: Confidence


@dataclass(frozen=True)
class Category:
    key: str
    label: Bilingual
    support: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    category: str
    codes: tuple[str, ...] = ()
    area: str | None = None

    def matches(self, code: str, area: str) -> bool:
        return code in self.codes if self.codes else self.area == area


@dataclass(frozen=True)
class ProjectTable:
    version: str
    categories: dict[str, Category]
    rules: tuple[Rule, ...]
    custom_kinds: tuple[tuple[str, str], ...]  # (counts_as kind, category), first match wins
    support: dict[str, Support]

    def derive(self, code: str | None, area: str | None, kinds: tuple[str, ...]) -> str | None:
        """The category of a catalogue measure (by code, else area) or of a custom one (by
        the project kinds it counts as); None when nothing matches."""
        if code is not None and area is not None:
            for rule in self.rules:
                if rule.matches(code, area):
                    return rule.category
        for kind, category in self.custom_kinds:
            if kind in kinds:
                return category
        return None


class ProjectTableError(ValueError):
    """The table is malformed; the message names the entry."""


def project_table() -> ProjectTable:
    """The table at the version pinned for the current computation (the newest for a draft)."""
    return _load(wanted("project_categories"))


def category_keys() -> tuple[str, ...]:
    return tuple(project_table().categories)


@cache
def _load(version: str | None) -> ProjectTable:
    raw = json.loads(table_path("project_categories", version).read_text("utf-8"))
    if raw.get("format") != FORMAT:
        raise ProjectTableError(f"project_categories: format must be {FORMAT}")
    support = {s["key"]: _support(s) for s in raw["support"]}
    categories: dict[str, Category] = {}
    for c in raw["categories"]:
        unknown = [k for k in c["support"] if k not in support]
        if unknown:
            raise ProjectTableError(f"category {c['key']}: unknown support {unknown}")
        categories[c["key"]] = Category(c["key"], _bi(c["label"]), tuple(c["support"]))
    rules = tuple(
        Rule(r["category"], tuple(r.get("codes", ())), r.get("area")) for r in raw["rules"]
    )
    kinds = tuple((k["kind"], k["category"]) for k in raw["custom_kinds"])
    for name in [r.category for r in rules] + [c for _, c in kinds]:
        if name not in categories:
            raise ProjectTableError(f"a rule names unknown category {name!r}")
    return ProjectTable(str(raw["version"]), categories, rules, kinds, support)


def _bi(raw: dict[str, Any]) -> Bilingual:
    return Bilingual(raw["zh"], raw["en"])


def _support(raw: dict[str, Any]) -> Support:
    if raw["kind"] not in SUPPORT_KINDS or raw["needs"] not in (None, *NEEDS):
        raise ProjectTableError(f"support {raw['key']}: bad kind or needs")
    if raw["confidence"] not in CONFIDENCES:
        raise ProjectTableError(f"support {raw['key']}: bad confidence {raw['confidence']!r}")
    return Support(
        raw["key"],
        raw["kind"],
        raw["needs"],
        _bi(raw["short"]),
        _bi(raw["text"]),
        raw["source"],
        raw["source_en"],
        raw["confidence"],
    )


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) of ``YYYY-MM``; ValueError saying what is wrong otherwise."""
    m = _MONTH.match(text.strip())
    if m is None:
        raise ValueError(f"'{text}' is not a month written YYYY-MM")
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}': the month must be 01 to 12")
    if not 2000 <= year <= 2100:
        raise ValueError(f"'{text}': the year must be 2000 to 2100")
    return year, month


def check_duration(value: object) -> int:
    """A duration in whole months, 1 to MAX_DURATION_MONTHS; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number of months")
    if not 1 <= value <= MAX_DURATION_MONTHS:
        raise ValueError(f"{value} months: use 1 to {MAX_DURATION_MONTHS}")
    return value
