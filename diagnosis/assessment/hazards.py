"""Hidden dangers (事故隐患) of a visit: each failed safety item graded under the law for this
enterprise, and the rows of the hazard list (隐患整改清单) the plan prints, major ones first.

The grade follows the data: an item's ``severity``, raised to major where its ``major_if``
holds over the answers and the enterprise's register facts (MEM Order 10 art. 3(3) makes an
unassessed manager major only in metal smelting). No wording, no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from diagnosis.assessment.scoring import relevant
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import Checklist, Item
from diagnosis.messages import Bilingual
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.industry_table import division_of

if TYPE_CHECKING:
    # A type only: the document checks its measure decisions (diagnosis.measures.decisions),
    # whose proposals grade hazards here; importing it at run time would close a loop.
    from diagnosis.visits.document import Finding

MAJOR_FLAG = "safety.major_hidden_danger"
# Gravest first: the order of the list. "serious" and "general" are both 一般事故隐患 in the
# two grades of the hidden-danger rules (SAWS Order 16); serious ones carry a shorter deadline.
_ORDER = {"major": 0, "serious": 1, "general": 2}


@dataclass(frozen=True)
class Hazard:
    """One row of the hazard list: a relevant item with a severity, answered "no"."""

    item: str
    text: Bilingual  # the question, whose "yes" is the compliant state
    severity: str  # major / serious / general, for this enterprise
    legal_basis: Bilingual
    deadline_days: int | None  # 0: at once
    findings: tuple[Finding, ...]  # the team's findings on the item: where, and its photos
    measures: tuple[str, ...]  # catalogue codes its triggers propose

    @property
    def grade(self) -> str:
        """``major`` (重大) or ``general`` (一般): the two grades of the law."""
        return "major" if self.severity == "major" else "general"


def enterprise_facts(enterprise: Enterprise | None) -> dict[str, object]:
    """What a grade condition may ask of the register: the finest industry code and its
    division (GB/T 4754-2017); empty when the register gives no industry."""
    if enterprise is None or not enterprise.industry:
        return {}
    return {"industry": enterprise.industry, "division": division_of(enterprise.industry)}


def grade(item: Item, answers: Mapping[str, object], facts: Mapping[str, object]) -> str | None:
    """The item's severity for this enterprise and these answers."""
    if item.major_if is not None and holds(item.major_if, answers, facts):
        return "major"
    return item.severity


def major_items(
    checklist: Checklist,
    answers: Mapping[str, object],
    enterprise: Enterprise | None,
    shown: Sequence[Item] | None = None,
) -> list[Item]:
    """The shown items that are major hidden dangers for this enterprise if they fail.
    ``shown``: ``relevant(checklist, answers)`` when the caller has it already."""
    facts = enterprise_facts(enterprise)
    items = relevant(checklist, answers) if shown is None else shown
    return [i for i in items if grade(i, answers, facts) == "major"]


def major_hidden_dangers(
    checklist: Checklist,
    answers: Mapping[str, object],
    enterprise: Enterprise | None,
    shown: Sequence[Item] | None = None,
) -> tuple[str, ...]:
    """The ids of the major hidden dangers found: major items answered "no"."""
    return tuple(
        i.id
        for i in major_items(checklist, answers, enterprise, shown)
        if answers.get(i.id) == "no"
    )


def hazard_list(
    checklist: Checklist,
    answers: Mapping[str, object],
    enterprise: Enterprise | None,
    findings: Sequence[Finding] = (),
) -> list[Hazard]:
    """Every hidden danger found, major first, then by deadline and the checklist's order."""
    facts = enterprise_facts(enterprise)
    out: list[Hazard] = []
    for item in relevant(checklist, answers):
        severity = grade(item, answers, facts)
        if severity is None or answers.get(item.id) != "no":
            continue
        # A major hidden danger is rectified at once whatever the item's own deadline (which
        # is its deadline as a general one where major_if decides): the data's rule, sources.
        deadline = 0 if severity == "major" else item.deadline_days
        out.append(
            Hazard(
                item.id,
                item.text,
                severity,
                split_basis(item.legal_basis),
                deadline,
                tuple(f for f in findings if f.area == checklist.area and f.item == item.id),
                tuple(t.measure for t in item.triggers if holds(t.when, answers)),
            )
        )
    order = {item.id: n for n, item in enumerate(checklist.items)}
    return sorted(out, key=lambda h: (_ORDER.get(h.severity, 3), order[h.item]))


def split_basis(text: str) -> Bilingual:
    """A checklist's legal basis is written "中文 / English"; one language alone serves both."""
    zh, sep, en = text.partition(" / ")
    return Bilingual(zh.strip(), en.strip()) if sep else Bilingual(text, text)
