"""The improvement plan's context: everything the templates show, built from one visit.

Plain data only (strings already formatted through ``diagnosis.display``, lists, bools, keys):
the templates hold every word and call nothing. No wording, no layout here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.assessment.flags import plan_rules
from diagnosis.assessment.maturity import maturity_view
from diagnosis.display import DECIMALS, amount, figure
from diagnosis.messages import Lang
from diagnosis.office.peers import plan_peers
from diagnosis.reference_versions import pinned
from diagnosis.register.enterprise import FIELDS, Enterprise, FieldSpec
from diagnosis.register.industry_table import industry_label
from diagnosis.register.reference_data import register_reference
from diagnosis.report import (
    context_cleaner,
    context_energy,
    context_equipment,
    context_im,
    context_projects,
    context_signoff,
    context_water,
)
from diagnosis.report.citations import merged
from diagnosis.report.context_answers import answer, appendix_area, pick
from diagnosis.report.context_figures import FIGURES, indicator
from diagnosis.report.context_measures import AREA_OF_CODE, DECLINED, measures, policy
from diagnosis.report.context_safety import major_open, safety_context
from diagnosis.report.numbers import beside
from diagnosis.visits.document import Document

# How a score reads in prose: a reading aid of this plan, not a grade of the programme.
BANDS = ((80.0, "good"), (60.0, "fair"), (0.0, "weak"))
# The register says whether the firm was willing to be diagnosed: true of every firm holding
# its plan, so the profile leaves it out. Its output value is left out too: the profile shows
# one output value, the one the figures use, with its source named (E03, else the register's).
_PROFILE_SKIP = ("willing", "output_value")
TOP_GAPS = 8
_PARTS = {
    "energy_report": context_energy,
    "equipment_report": context_equipment,
    "water_report": context_water,
    "cleaner_report": context_cleaner,
    "im_report": context_im,
    "projects": context_projects,
    "signoff": context_signoff,
}


def plan_context(
    doc: Document,
    assessment: Assessment,
    lang: Lang,
    *,
    generated: date,
    photo_available: Callable[[str], bool] | None = None,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """``peers``: the enterprise's peer benchmarks (``diagnosis.office.peers.peer_to_dict``
    of each), printed in each area's chapter; None prints none. The words and rules come from
    the reference tables the visit is pinned to, as its assessment's figures did."""
    with pinned(doc.visit.tables):
        return _plan_context(doc, assessment, lang, generated, photo_available, peers)


def _plan_context(
    doc: Document,
    assessment: Assessment,
    lang: Lang,
    generated: date,
    photo_available: Callable[[str], bool] | None,
    peers: Sequence[Mapping[str, Any]] | None,
) -> dict[str, Any]:
    names = {area: pick(c.title, lang) for area, c in assessment.checklists.items()}
    figures = {key: indicator(key, doc, assessment, lang) for key, *_ in FIGURES}
    plan_measures = measures(assessment, lang, names)
    conditions = policy(doc.enterprise, assessment, doc.answers, lang)
    return {
        "lang": lang,
        "document": _document(doc, generated),
        "enterprise": _enterprise(doc, lang),
        "summary": _summary(assessment, lang, names, figures, plan_measures),
        "areas": [
            _area(area, doc, assessment, lang, names, figures, photo_available, peers)
            for area in doc.visit.areas
            if area in assessment.areas
        ],
        "measures": plan_measures,
        "policy": conditions,
        "safety": safety_context(doc, assessment, lang, photo_available),
        # The chapters of a professional diagnosis report, one module each (issue 17).
        **{key: part.build(doc, assessment, lang, peers=peers) for key, part in _PARTS.items()},
        # Printable citations only (diagnosis.report.citations), each document once.
        "policy_sources": merged((src for c in conditions for src in c["sources"]), lang),
        "appendix": [
            {
                "key": area,
                "name": names[area],
                "version": assessment.checklists[area].version,
                "sections": appendix_area(
                    assessment.checklists[area],
                    doc.answers.get(area, {}),
                    doc.notes.get(area, {}),
                    lang,
                ),
            }
            for area in doc.visit.areas
            if area in assessment.checklists
        ],
    }


def _date(value: date | str) -> dict[str, str]:
    try:
        d = value if isinstance(value, date) else date.fromisoformat(value)
    except ValueError:
        return {"iso": str(value), "year": "", "month": "", "day": ""}
    return {"iso": d.isoformat(), "year": str(d.year), "month": str(d.month), "day": str(d.day)}


def _document(doc: Document, generated: date) -> dict[str, Any]:
    v = doc.visit
    return {
        "id": v.id,
        "revision": str(v.revision),
        "status": v.status,
        "visit_date": _date(v.date),
        "generated": _date(generated),
        "team": list(v.team),
        "lead": v.team[0] if v.team else "",  # the team lists its lead first
        "organisation": v.organisation,
        "year": str(doc.year) if doc.year is not None else "",
        "previous": v.previous or "",
    }


def _register_value(e: Enterprise, spec: FieldSpec, lang: Lang) -> str:
    value = getattr(e, spec.name)
    ref = register_reference()
    if spec.kind == "bool":
        return "yes" if value else "no"  # the template words it
    if spec.kind == "district":
        return ref.districts.label(value, lang)
    if spec.kind == "industry":
        return industry_label(value, lang)  # 3484 机械零部件加工（34 通用设备制造业）
    if spec.kind == "cluster":
        return ref.clusters.label(value, lang)
    if spec.kind == "class":
        return ref.per_mu_classes.label(value, lang)
    if spec.kind == "float":  # as the register table shows it: two decimals at most
        return amount(float(value), 2).rstrip("0").rstrip(".")
    if spec.kind == "int":
        return f"{value:,}"
    return str(value)


def _enterprise(doc: Document, lang: Lang) -> dict[str, Any]:
    e = doc.enterprise
    profile = [
        {
            "key": spec.name,
            "label": spec.label(lang),
            "value": _register_value(e, spec, lang),
            "unit": spec.unit(lang),
            "kind": spec.kind,
        }
        for spec in FIELDS
        if spec.name not in _PROFILE_SKIP and getattr(e, spec.name) not in (None, "")
    ]
    per_mu = e.tax / e.land_area if e.tax is not None and e.land_area else None
    return {
        "name": e.name,
        "credit_code": e.credit_code,
        "profile": profile,
        "above_scale": e.above_scale,
        "contact_person": e.contact_person,
        # As the low-efficiency-land line prints it beside its threshold (2.996, not 3.00).
        "tax_per_mu": "" if per_mu is None else beside(per_mu, _land_threshold()),
        "output_value": figure(doc.output_value_10k_yuan, "investment_10k_yuan"),
        # "answer" (E03), "register" (standing in for E03; its data year) or None
        "output_from": doc.activity.output_from,
        "output_year": "" if doc.activity.output_year is None else str(doc.activity.output_year),
        "year_from": doc.activity.year_from,
    }


def _land_threshold() -> float:
    return float(plan_rules()["land.low_efficiency_tax_per_mu"].value)


def _band(score: float | None) -> str:
    if score is None:
        return ""
    return next(band for lower, band in BANDS if score >= lower)


def _score_entry(area: str, a: Assessment, names: dict[str, str]) -> dict[str, Any]:
    s = a.areas[area]
    return {
        "key": area,
        "name": names[area],
        "score": figure(s.score, "score"),
        "chart": "" if s.score is None else f"{s.score:.{DECIMALS['score']}f}",
        "scored": s.score is not None,
        "level": "" if s.level is None else str(s.level),
        "has_levels": any(i.subdomain for i in a.checklists[area].items),
        "band": _band(s.score),
        "answered": str(s.answered),
        "required": str(s.required),
        "complete": s.answered == s.required,
    }


def _summary(
    a: Assessment,
    lang: Lang,
    names: dict[str, str],
    figures: dict[str, dict[str, Any]],
    plan_measures: dict[str, Any],
) -> dict[str, Any]:
    areas = [_score_entry(area, a, names) for area in a.areas]
    scored = [(s.score, area) for area, s in a.areas.items() if s.score is not None]
    mean = math.fsum(v for v, _ in scored) / len(scored) if scored else None
    ranked = sorted(scored, key=lambda x: (-x[0], x[1]))
    # With a major hidden danger open, safety is never the area "relatively good".
    best = [x for x in ranked if not (x[1] == "safety" and major_open(a))]
    return {
        "overall": figure(mean, "score"),
        "overall_band": _band(mean),
        "bands": {band: figure(lower, "score") for lower, band in BANDS},
        "scored": len(scored),
        "area_count": len(areas),
        "areas": areas,
        # Area keys: the templates name areas shortly in prose.
        "strongest": best[0][1] if len(ranked) > 1 and best and best[0] != ranked[-1] else "",
        "weakest": ranked[-1][1] if len(ranked) > 1 else "",
        "figures": list(figures.values()),
        "flags": [
            {
                "key": f.key,
                "reason": pick(f.reason, lang),
                "urgent": f.urgent,
                "checklist_items": list(f.items),
            }
            for f in a.flags
        ],
        "top_measures": plan_measures["top"],
    }


def _area(
    area: str,
    doc: Document,
    a: Assessment,
    lang: Lang,
    names: dict[str, str],
    figures: dict[str, dict[str, Any]],
    photo_available: Callable[[str], bool] | None,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    s = a.areas[area]
    checklist = a.checklists[area]
    answers = doc.answers.get(area, {})
    gaps = [
        {
            "id": g.item,
            "text": pick(checklist.item(g.item).text, lang),
            "points": amount(g.gap, 1),
            "answer": answer(checklist.item(g.item), answers.get(g.item), lang),
        }
        for g in s.gaps(TOP_GAPS)
    ]
    findings = []
    for f in doc.findings:
        if f.area != area:
            continue
        shown = [p for p in f.photos if photo_available is None or photo_available(p)]
        item = next((i for i in checklist.items if i.id == f.item), None)
        findings.append(
            {
                "id": f.id,
                "severity": f.severity,
                "text": f.text,
                "item": f.item or "",
                "item_text": pick(item.text, lang) if item is not None else "",
                "photos": shown,
                "photos_omitted": len(f.photos) - len(shown),
            }
        )
    area_measures = [
        v
        for v in a.measures
        if v.status not in DECLINED
        and v.measure is not None
        and AREA_OF_CODE.get(v.measure.area) == area
    ]
    return {
        **_score_entry(area, a, names),
        "maturity": maturity_view(s.maturity, lang),
        "version": checklist.version,
        "gaps": gaps,
        "findings": findings,
        "figures": [e for e in figures.values() if e["area"] == area],
        "measure_count": len(area_measures),
        "peers": plan_peers(area, s.score, peers),
    }
