"""Findings and the answers they come from: what a finding must hold (an area of the visit, a
severity, a text, a question of that area's checklist, photos that exist), and which answers
failed, so the editor can offer "make a finding from this question". No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from diagnosis.assessment.hazards import enterprise_facts, grade
from diagnosis.assessment.scoring import item_fraction, relevant
from diagnosis.checklists.conditions import Condition
from diagnosis.checklists.format import Checklist, ChecklistError, Item
from diagnosis.checklists.load import load_checklist
from diagnosis.messages import DomainError, Message, Problem
from diagnosis.ports import PhotoRepository
from diagnosis.visits.document import SEVERITIES, Document, Finding


def _refuse(field: str, code: str, **params: object) -> DomainError:
    return DomainError([Problem(field, Message(code, params))])


def check_finding(
    doc: Document,
    area: str,
    severity: str,
    text: str,
    item: str | None,
    photos: PhotoRepository,
    hashes: Sequence[str] = (),
    kept: Sequence[str] = (),
) -> None:
    """Refuse a finding ``doc`` cannot hold. A photo must be in the store, unless it is one of
    ``kept`` (already on the finding: synced here without its file, it stays)."""
    if area not in doc.visit.areas or severity not in SEVERITIES or not text.strip():
        raise _refuse("finding", "finding.invalid", area=area, severity=severity)
    if item is not None:
        try:
            load_checklist(area, doc.visit.checklists.get(area)).item(item)
        except (ChecklistError, KeyError):
            raise _refuse("item", "finding.unknown_item", item=item, area=area) from None
    for sha in hashes:
        if sha not in kept and not photos.has(sha):
            raise _refuse("photos", "photo.missing", sha=sha, path="—")


def finding_of(doc: Document, finding_id: str) -> Finding:
    found = next((f for f in doc.findings if f.id == finding_id), None)
    if found is None:
        raise _refuse("finding", "finding.missing")
    return found


def _named(cond: Condition | None) -> set[str]:
    """Items a relevance condition reads."""
    if cond is None:
        return set()
    out: set[str] = set()
    for key in ("all", "any"):
        for part in cond.get(key, ()):
            out |= _named(part)
    if "not" in cond:
        out |= _named(cond["not"])
    if isinstance(cond.get("item"), str):
        out.add(cond["item"])
    return out


# id(checklist) -> (the checklist, kept alive so the id stays its own; its screening items)
_SCREENING: dict[int, tuple[Checklist, frozenset[str]]] = {}


def screening(checklist: Checklist) -> frozenset[str]:
    """Items asked to decide which others apply ("are hazardous chemicals used?"): a "no"
    there is a fact, not a failure. Worked out once a checklist (it is asked per keystroke)."""
    found = _SCREENING.get(id(checklist))
    if found is None:
        out: set[str] = set()
        for item in checklist.items:
            out |= _named(item.relevant) - {item.id}
        found = _SCREENING[id(checklist)] = (checklist, frozenset(out))
    return found[1]


def failed(item: Item, value: object, screens: Collection[str] = ()) -> bool:
    """Whether an answer falls short: a scored item below its full score, a safety item with
    a severity failing, or a "no" (or a "yes" where yes is the bad answer) on a yes/no that is
    not a screening question. Unanswered and not applicable never fail."""
    fraction = item_fraction(item, value)
    if fraction is None or fraction >= 1:
        return False
    if item.scored or item.severity:
        return True
    return item.type == "yes_no" and item.id not in screens


def failed_items(checklist: Checklist, answers: Mapping[str, Any]) -> list[str]:
    """Ids of the shown items whose answer failed, in checklist order."""
    screens = screening(checklist)
    return [i.id for i in relevant(checklist, answers) if failed(i, answers.get(i.id), screens)]


def suggested_severity(item: Item, doc: Document | None = None, area: str | None = None) -> str:
    """A finding's severity from its question: a safety item's own, graded for the visit's
    enterprise and answers where ``doc`` is given (S03 is major in metal smelting only), else
    general."""
    severity = item.severity
    if doc is not None:
        answers = doc.answers.get(area or "", {})
        severity = grade(item, answers, enterprise_facts(doc.enterprise))
    return severity if severity in SEVERITIES else "general"
