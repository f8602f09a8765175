"""The plan's safety context: the hazard list (隐患整改清单) rows and whether a major hidden
danger is open, which overrides the safety area's level, the summary's wording and every
green tick of the plan.

Plain data for the templates (they hold every word: grades, deadlines and duties are keys and
numbers here). No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.assessment.hazards import MAJOR_FLAG, Hazard, hazard_list
from diagnosis.measures.catalogue import measures_catalogue
from diagnosis.messages import Lang
from diagnosis.report.context_answers import pick
from diagnosis.visits.document import Document


def major_open(a: Assessment) -> bool:
    """Whether the visit's answers leave a major hidden danger open."""
    return any(f.key == MAJOR_FLAG for f in a.flags)


def safety_context(
    doc: Document,
    a: Assessment,
    lang: Lang,
    photo_available: Callable[[str], bool] | None = None,
) -> dict[str, Any]:
    checklist = a.checklists.get("safety")
    if checklist is None:
        return {"present": False, "major_open": False, "major_count": 0, "hazards": []}
    answers = doc.answers.get("safety", {})
    # Numbered as the safety chapter numbers its findings, so a row can point at a finding's
    # photos ("问题 2 照片") instead of printing them twice.
    numbers = {f.id: n for n, f in enumerate((f for f in doc.findings if f.area == "safety"), 1)}
    hazards = hazard_list(checklist, answers, doc.enterprise, doc.findings)
    rows = [_row(n, h, lang, numbers, photo_available) for n, h in enumerate(hazards, 1)]
    return {
        "present": True,
        "major_open": major_open(a),
        "major_count": sum(1 for h in hazards if h.grade == "major"),
        "general_count": sum(1 for h in hazards if h.grade != "major"),
        "hazards": rows,
    }


def _row(
    n: int,
    h: Hazard,
    lang: Lang,
    numbers: dict[str, int],
    photo_available: Callable[[str], bool] | None,
) -> dict[str, Any]:
    catalogue = measures_catalogue()
    measures = [
        f"{code} {pick(catalogue.get(code).title, lang)}" if code in catalogue else code
        for code in dict.fromkeys(h.measures)
    ]
    refs = [
        {
            "finding": str(numbers[f.id]),
            "photos": str(
                sum(1 for p in f.photos if photo_available is None or photo_available(p))
            ),
        }
        for f in h.findings
        if f.id in numbers
    ]
    return {
        "n": str(n),
        "id": h.item,
        "text": pick(h.text, lang),
        "grade": h.grade,  # major / general: the template words it
        "severity": h.severity,
        "location": [f.text for f in h.findings],
        "findings": refs,
        "basis": pick(h.legal_basis, lang),
        "deadline_days": "" if h.deadline_days is None else str(h.deadline_days),
        "measures": measures,
    }
