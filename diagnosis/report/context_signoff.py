"""The plan's sign-off context (issue 17 item 6): plain data for templates/plan/*/_signoff.xml.j2.

Each expert of the visit's team, the lead first (``team`` keeps that order), with the specialty
and organisation entered in the visit header (diagnosis.visits.experts); an expert without an
organisation of their own is of the visit's. A visit from before the experts were entered
(or from a laptop of an older version) has names alone: ``detailed`` is then False and the
template says where to enter the rest. The firm's acknowledgement names the enterprise; its
representative's name and title are written by hand (the register's contact person is not
necessarily who signs for the firm).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.messages import Lang
from diagnosis.visits.document import Document
from diagnosis.visits.experts import SPECIALTIES

# A suggested specialty typed in Chinese reads in English in the English plan; other text as typed.
_ENGLISH = {zh: en for zh, en in SPECIALTIES}


def specialty_in(text: str, lang: Lang) -> str:
    """``text`` as the plan in ``lang`` prints it: each suggested specialty (also in a list such as
    "节能、节水") in the plan's language."""
    if lang == "zh" or not text:
        return text
    parts = [p.strip() for p in text.replace("，", "、").replace(",", "、").split("、")]
    return ", ".join(_ENGLISH.get(p, p) for p in parts if p)


def build(
    doc: Document,
    a: Assessment,
    lang: Lang,
    *,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The experts (the lead first) and the firm's name; always a mapping with ``experts`` (an
    empty list when the header names nobody)."""
    v = doc.visit
    experts = [
        {
            "lead": i == 0,
            "name": e.name,
            "specialty": specialty_in(e.specialty, lang),
            "organisation": e.organisation or v.organisation,
        }
        for i, e in enumerate(v.experts_of_team)
    ]
    return {
        "experts": experts,
        # Whether any member has a specialty or an organisation to print beside the name.
        "detailed": any(e.specialty or e.organisation for e in v.experts_of_team),
        "organisation": v.organisation,
        "enterprise": doc.enterprise.name,
    }
