"""The plan's project-list context (issue 17 item 5): plain data for
templates/plan/*/_projects.xml.j2, one row per accepted measure that is a project.

Figures are formatted as everywhere in the plan (``diagnosis.display``); the support a project
may apply for comes from ``diagnosis.measures.projects`` with its source and confidence, so the
template
can say which lines are unverified. No wording here beyond the table's own labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.assessment.policy import conditions
from diagnosis.display import figure
from diagnosis.measures.project_categories import project_table
from diagnosis.measures.projects import Project, projects
from diagnosis.measures.proposals import COUNTED
from diagnosis.messages import Lang
from diagnosis.visits.document import Document


def _tenk(yuan: float | None) -> str:
    """Money saved in 万元, as the investment beside it."""
    return figure(None if yuan is None else yuan / 10_000, "investment_10k_yuan")


def _sum(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _row(n: int, p: Project, lang: Lang) -> dict[str, Any]:
    label = project_table().categories[p.category].label
    return {
        "n": str(n),
        "code": p.code,
        "title": p.title(lang),
        "category": label.zh if lang == "zh" else label.en,
        "overridden": p.derived is not None and p.category != p.derived,
        "investment": figure(p.investment_10k_yuan, "investment_10k_yuan"),
        "start": p.start_month,
        "duration": "" if p.duration_months is None else str(p.duration_months),
        "savings": _tenk(p.money_saved_yuan),
        "tce": figure(p.tce, "tce"),
        "tce_eq": figure(p.tce_eq, "tce"),
        "support": [
            {
                "key": s.support.key,
                "short": s.support.short.zh if lang == "zh" else s.support.short.en,
                "pending": s.state == "unknown",
            }
            for s in p.support
            if s.support.kind != "procedure"
        ],
    }


def build(
    doc: Document,
    a: Assessment,
    lang: Lang,
    *,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """{} when the team accepted no measure (the chapter is left out); a context with no rows
    when it accepted only measures that are not projects (the chapter says so)."""
    accepted = [v for v in a.measures if v.status in COUNTED]
    if not accepted:
        return {}
    conds = conditions(doc.enterprise, a, doc.answers)
    found = projects(accepted, conds)
    table = project_table()
    used: list[str] = []
    for p in found:
        for s in p.support:
            if s.support.key not in used:
                used.append(s.support.key)
    supports = [table.support[k] for k in table.support if k in used]
    zh = lang == "zh"
    rows = [_row(i, p, lang) for i, p in enumerate(found, 1)]
    tce_eq = _sum([p.tce_eq for p in found])
    return {
        "accepted": str(len(accepted)),
        "rows": rows,
        "totals": {
            "count": str(len(found)),
            "investment": figure(
                _sum([p.investment_10k_yuan for p in found]), "investment_10k_yuan"
            ),
            "savings": _tenk(_sum([p.money_saved_yuan for p in found])),
            "tce": figure(_sum([p.tce for p in found]), "tce"),
            "tce_eq": figure(tce_eq, "tce"),
            "without_investment": str(sum(p.investment_10k_yuan is None for p in found)),
            "without_start": str(sum(not p.start_month for p in found)),
        },
        "has_tce_eq": tce_eq is not None,
        "any_pending": any(s["pending"] for r in rows for s in r["support"]),
        "any_overridden": any(r["overridden"] for r in rows),
        "subsidy": next((c.state for c in conds if c.key == "subsidy.eligible"), "unknown"),
        "supports": [
            {
                "key": s.key,
                "kind": s.kind,
                "short": s.short.zh if zh else s.short.en,
                "text": s.text.zh if zh else s.text.en,
                "source": s.source if zh else f"{s.source_en} ({s.source})",
                "unverified": s.confidence != "V",
            }
            for s in supports
        ],
    }
