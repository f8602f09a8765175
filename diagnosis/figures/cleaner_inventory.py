"""Cleaner production's inventory as the plan reads it: the discharge-permit class, each
pollutant's annual quantity beside its permitted quantity, the hazardous-waste categories (their
HW codes checked against the national catalogue's form) and the options split into no/low-cost
and medium/high-cost by the ceiling in reference/cleaner_production.json.

Pure: no Qt, no SQL, no wording (the templates word everything; codes and keys only here).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from diagnosis.checklists.format import Checklist
from diagnosis.measures.proposals import MeasureView
from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted

TABLE = "cleaner_production"
PERMIT_ITEM, POLLUTANT_ITEM, WASTE_ITEM = "CP18", "CP19", "CP20"
LEVEL_SYSTEM_ITEM, LEVEL_ITEM = "CP10", "CP11"
CostClass = Literal["low", "high", ""]  # "": not yet costed, nor typical
CodeProblem = Literal["", "form", "unlisted"]


@dataclass(frozen=True)
class CleanerRules:
    version: str
    hw_pattern: re.Pattern[str]
    hw_categories: frozenset[str]
    hw_source: Bilingual
    permit_source: Bilingual
    ceiling_10k_yuan: float  # no/low-cost options cost at most this
    ceiling_source: Bilingual
    ceiling_confidence: str
    ceiling_verified: bool
    typical_low: tuple[str, ...]  # measure-code prefixes typically no/low cost
    typical_source: Bilingual
    option_areas: tuple[str, ...]  # catalogue area codes whose measures are audit options


def _bilingual(raw: Mapping[str, str]) -> Bilingual:
    return Bilingual(raw["zh"], raw["en"])


@cache
def _load(path: Path) -> CleanerRules:
    raw = json.loads(path.read_text("utf-8"))
    hw, split, low = raw["hazardous_waste"], raw["option_split"], raw["typical_low_cost"]
    return CleanerRules(
        str(raw["version"]),
        re.compile(hw["pattern"]),
        frozenset(hw["categories"]),
        _bilingual(hw["source"]),
        _bilingual(raw["permit_classes"]["source"]),
        float(split["low_cost_ceiling_10k_yuan"]),
        _bilingual(split["source"]),
        str(split["confidence"]),
        bool(split["verified"]),
        tuple(low["categories"]),
        _bilingual(low["source"]),
        tuple(raw["option_areas"]["areas"]),
    )


def cleaner_rules() -> CleanerRules:
    """The version pinned for a finalised visit (reference_versions), else the newest."""
    return _load(table_path(TABLE, wanted(TABLE)))


@dataclass(frozen=True)
class Pollutant:
    key: str  # the checklist row id
    name: Bilingual
    unit: str
    annual: float | None
    permitted: float | None

    @property
    def share_pct(self) -> float | None:
        """The annual quantity as a percentage of the permitted one (None without both, or
        with a permitted quantity of 0, which no permit sets)."""
        if self.annual is None or not self.permitted:
            return None
        return self.annual / self.permitted * 100


@dataclass(frozen=True)
class Waste:
    row: str
    code: str  # as typed, stripped; upper-cased when it has the HWnn form
    problem: CodeProblem
    name: str
    quantity_t: float | None
    disposal: str  # a choice value of the checklist, or ""


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def pollutants(checklist: Checklist, answers: Mapping[str, object]) -> list[Pollutant]:
    """The rows the team filled in (an annual or a permitted quantity), in checklist order;
    [] when the checklist version has no pollutant table."""
    item = next((i for i in checklist.items if i.id == POLLUTANT_ITEM), None)
    table = answers.get(POLLUTANT_ITEM)
    if item is None or not isinstance(table, Mapping):
        return []
    out = []
    for row in item.rows:
        cells = table.get(row.id)
        if not isinstance(cells, Mapping):
            continue
        annual, permitted = _number(cells.get("annual")), _number(cells.get("permitted"))
        if annual is None and permitted is None:
            continue
        out.append(Pollutant(row.id, row.text, row.unit, annual, permitted))
    return out


def code_problem(code: str, rules: CleanerRules | None = None) -> CodeProblem:
    """'' for a code of the catalogue (HW08), 'form' when it is not 'HW' and two digits,
    'unlisted' when it has the form but the 2021 catalogue has no such category (HW42)."""
    rules = rules or cleaner_rules()
    normal = code.strip().upper()
    if not rules.hw_pattern.fullmatch(normal):
        return "form"
    return "" if normal in rules.hw_categories else "unlisted"


def hazardous_waste(
    answers: Mapping[str, object], rules: CleanerRules | None = None
) -> list[Waste]:
    """The categories recorded (any cell filled), in row order, each code checked."""
    rules = rules or cleaner_rules()
    table = answers.get(WASTE_ITEM)
    if not isinstance(table, Mapping):
        return []
    out = []
    for row in sorted(table, key=str):
        cells = table[row]
        if not isinstance(cells, Mapping) or not any(v not in (None, "") for v in cells.values()):
            continue
        code = str(cells.get("code") or "").strip()
        problem = code_problem(code, rules)
        out.append(
            Waste(
                row,
                code.upper() if problem != "form" else code,
                problem,
                str(cells.get("name") or "").strip(),
                _number(cells.get("quantity")),
                str(cells.get("disposal") or ""),
            )
        )
    return out


@dataclass(frozen=True)
class Option:
    view: MeasureView
    cost_class: CostClass
    # what decided the class: the team's "investment", the proposal's "range" (upper end),
    # the category's "typical" class, or "" (no figure yet)
    basis: Literal["investment", "range", "typical", ""]


def classify(view: MeasureView, rules: CleanerRules | None = None) -> Option:
    rules = rules or cleaner_rules()
    ceiling = rules.ceiling_10k_yuan
    # A proposal's figures carry the middle of its range; the range is what the plan prints
    # while the team has entered no figure of its own, so the range decides then.
    if view.investment_range is not None:
        return Option(view, "low" if view.investment_range[1] <= ceiling else "high", "range")
    invested = view.figures.investment_10k_yuan
    if invested is not None:
        return Option(view, "low" if invested <= ceiling else "high", "investment")
    code = view.code or ""
    if any(code.startswith(prefix + ".") for prefix in rules.typical_low):
        return Option(view, "low", "typical")
    return Option(view, "", "")


def options(
    views: Iterable[MeasureView], skip: Iterable[str], rules: CleanerRules | None = None
) -> list[Option]:
    """The plan's measures that are cleaner-production audit options (the areas the table
    names), without those whose status is in ``skip`` (declined), each classed."""
    rules = rules or cleaner_rules()
    left_out = set(skip)
    return [
        classify(v, rules)
        for v in views
        if v.measure is not None
        and v.measure.area in rules.option_areas
        and v.status not in left_out
    ]
