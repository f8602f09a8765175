"""The plan's im_report context (issue 17): plain data for templates/plan/*/_im.xml.j2.

The 20 sub-domain profile as chart points (the same levels the maturity table of "（一）"
prints), the current and target level, the measures that close each shortfall of the target
(diagnosis.assessment.im_route) and the Zhejiang steps with their criteria and sources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.assessment.im_route import route, route_rules
from diagnosis.display import amount
from diagnosis.messages import Lang
from diagnosis.report.context_answers import pick
from diagnosis.report.context_measures import DECLINED, measure
from diagnosis.visits.document import Document

AREA = "intelligent_manufacturing"


def _level(value: int | None) -> str:
    return "" if value is None else str(value)


def _figure(value: float | None) -> str:
    """A threshold as the notice writes it: 2 000 万元, level 2.0."""
    return "" if value is None else amount(value, 0)


def build(
    doc: Document,
    a: Assessment,
    lang: Lang,
    *,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Empty when the visit has no intelligent-manufacturing area or no maturity answer yet
    (the maturity table of the chapter then says what is missing)."""
    score = a.areas.get(AREA)
    maturity = score.maturity if score is not None else None
    if maturity is None:
        return {}
    rules = route_rules()
    names = {area: pick(c.title, lang) for area, c in a.checklists.items()}
    im = [
        v
        for v in a.measures
        if v.measure is not None and v.measure.area == "IM" and v.status not in DECLINED
    ]
    r = route(maturity, im, rules)
    sub_names = {p.subdomain: pick(p.name, lang) for p in maturity.profile}

    def row(v: Any) -> dict[str, Any]:
        return {
            **measure(v, lang, set(), names),
            "subdomains": [sub_names.get(s, s) for s in rules.measures.get(v.code or "", ())],
        }

    return {
        # The chart's bars are the profile's levels, in the standard's order ("" unanswered).
        "chart": [
            {"label": pick(p.name, lang), "value": _level(p.level)} for p in maturity.profile
        ],
        "level": str(r.current),
        "target": _level(r.target),
        "indicative": r.indicative,
        "steps": [
            {
                "name": pick(s.name, lang),
                "current": _level(s.current),
                "needed": str(s.needed),
                "measures": [row(v) for v in s.measures],
            }
            for s in r.steps
        ],
        "uncovered": sum(1 for s in r.steps if not s.measures),
        "further": [row(v) for v in r.further],
        "stages": [
            {
                "key": s.key,
                "name": pick(s.name, lang),
                "meaning": pick(s.meaning, lang),
                "investment": _figure(s.investment_10k_yuan),
                "investment_mountain_island": _figure(s.investment_mountain_island_10k_yuan),
                "digital_level": f"{s.digital_level:.1f}",
                # this plan's screening level against the notice's threshold, for comparison
                "level_met": r.current >= s.digital_level,
                "source": pick(s.source, lang),
            }
            for s in rules.steps
        ],
        "scale_note": pick(rules.scale_note, lang),
        "measures_source": pick(rules.measures_source, lang),
    }
