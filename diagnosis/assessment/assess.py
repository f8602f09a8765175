"""Everything computed from one diagnosis document: area scores, indicators, plan flags.

Recomputed from the raw activity data and answers every time, so a corrected coefficient or
checklist version changes old results too; the output is what ``visit score --json`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from diagnosis.assessment.flags import Flag, plan_flags
from diagnosis.assessment.scoring import AreaScore, relevant, score_area
from diagnosis.checklists.format import Checklist
from diagnosis.checklists.load import load_checklist
from diagnosis.figures.coefficients import CoefficientNotFound
from diagnosis.figures.indicators import (
    Figure,
    co2_emissions,
    energy_intensity,
    total_energy,
    water_intake,
    water_intake_per_output,
    water_reuse_rate,
)
from diagnosis.measures.as_json import measure_to_dict
from diagnosis.measures.decisions import decision_from_dict
from diagnosis.measures.proposals import MeasureView, merge, propose
from diagnosis.measures.totals import Totals, totals
from diagnosis.messages import Bilingual, Lang
from diagnosis.reference_versions import pinned
from diagnosis.visits.document import Document

# The stable keys of the score JSON (issue 3), by the calculator figure behind each.
INDICATOR_KEYS = {
    "energy.total.equivalent": "energy.total_tce",
    "energy.total.equal_value": "energy.total_tce_equal_value",
    "co2.total": "energy.co2_t",
    "energy.intensity": "energy.intensity_tce_per_10k_yuan",
    "water.intake": "water.intake_m3",
    "water.reuse_rate": "water.reuse_rate",
    "water.intake_per_output": "water.intake_per_10k_yuan",
}


@dataclass(frozen=True)
class Assessment:
    areas: dict[str, AreaScore]
    checklists: dict[str, Checklist]
    indicators: dict[str, Figure]  # by the score JSON's key
    missing: dict[str, str]  # indicator key -> why it could not be computed
    flags: list[Flag]
    measures: list[MeasureView]  # proposed by the rules beside the team's decisions
    totals: Totals  # over the accepted (planned, in progress, implemented) measures


def assess(doc: Document) -> Assessment:
    """Everything computed from ``doc``, with the reference tables it is pinned to (a finalised
    revision's, ``Visit.tables``) or else the newest."""
    with pinned(doc.visit.tables):
        return _assess(doc)


def _assess(doc: Document) -> Assessment:
    checklists = {
        area: load_checklist(area, doc.visit.checklists.get(area)) for area in doc.visit.areas
    }
    # Which items show is worked out once per area: scoring and the proposals read the same.
    shown = {area: relevant(c, doc.answers.get(area, {})) for area, c in checklists.items()}
    areas = {
        area: score_area(c, doc.answers.get(area, {}), shown[area])
        for area, c in checklists.items()
    }
    year = doc.year or date.fromisoformat(doc.visit.date).year
    figures: dict[str, Figure] = {}
    missing: dict[str, str] = {}

    def compute(key: str, make: Any) -> Figure | None:
        try:
            figure: Figure = make()
        except (ValueError, CoefficientNotFound) as exc:
            missing[key] = str(exc)
            return None
        figures[key] = figure
        return figure

    if doc.energy_use:
        total = compute(
            "energy.total_tce", lambda: total_energy(doc.energy_use, basis="equivalent", year=year)
        )
        compute(
            "energy.total_tce_equal_value",
            lambda: total_energy(doc.energy_use, basis="equal_value", year=year),
        )
        compute("energy.co2_t", lambda: co2_emissions(doc.energy_use, year=year))
        if total is not None and doc.output_value_10k_yuan:
            output = doc.output_value_10k_yuan
            compute(
                "energy.intensity_tce_per_10k_yuan",
                lambda: energy_intensity(total, output, output_source(doc)),
            )
    else:
        missing["energy.total_tce"] = "no energy_use recorded"
    if doc.water_use:
        intake = compute("water.intake_m3", lambda: water_intake(_by_source(doc)))
        if intake is not None and doc.water_reused_m3 is not None:
            reused = doc.water_reused_m3
            compute("water.reuse_rate", lambda: water_reuse_rate(reused, intake))
        elif intake is not None:
            missing["water.reuse_rate"] = "no water_reused_m3 recorded"
        if intake is not None and doc.output_value_10k_yuan:
            output = doc.output_value_10k_yuan
            compute(
                "water.intake_per_10k_yuan",
                lambda: water_intake_per_output(intake, output, output_source(doc)),
            )
    else:
        missing["water.intake_m3"] = "no water_use recorded"
    intake_fig = figures.get("water.intake_m3")
    flags = plan_flags(
        doc.enterprise, checklists, doc.answers, intake_fig.value if intake_fig else None, shown
    )
    decisions = []
    for raw in doc.measures:
        decision, _problems = decision_from_dict(raw)  # the document checked them already
        if decision is not None:
            decisions.append(decision)
    views = merge(propose(doc, shown=shown), decisions, year=year)
    return Assessment(areas, checklists, figures, missing, flags, views, totals(views))


def output_source(doc: Document) -> Bilingual | None:
    """Where the output value comes from when it is not the visit's answer to E03: the
    register's figure (of its data year), said beside every figure divided by it."""
    a = doc.activity
    if a.output_from != "register":
        return None
    year = a.output_year
    return Bilingual(
        f"E03 未填，取自企业名录{f' {year} 年' if year else ''}数据",
        f"E03 not answered: the register's{f' {year}' if year else ''} figure",
    )


def _by_source(doc: Document) -> dict[str, float]:
    """Water intake by source (a document may list a source twice)."""
    totals: dict[str, float] = {}
    for w in doc.water_use:
        totals[w.source] = totals.get(w.source, 0.0) + w.quantity
    return totals


def assessment_to_dict(a: Assessment, lang: Lang = "zh") -> dict[str, Any]:
    """The ``visit score --json`` contract: areas, indicators (with inputs and sources), flags."""
    return {
        "areas": {
            area: {
                "score": None if s.score is None else round(s.score, 2),
                "level": s.level,
                "checklist": s.version,
                "answered": s.answered,
                "required": s.required,
                "gaps": [{"item": g.item, "points": round(g.gap, 2)} for g in s.gaps()],
            }
            for area, s in a.areas.items()
        },
        "indicators": [_figure(key, f, lang) for key, f in a.indicators.items()],
        "missing": a.missing,
        "measures": [measure_to_dict(v, lang) for v in a.measures],
        "measure_totals": {
            "count": a.totals.count,
            "investment_10k_yuan": a.totals.investment_10k_yuan,
            "investment_range_10k_yuan": (
                None if a.totals.investment_range is None else list(a.totals.investment_range)
            ),
            "money_saved_yuan": a.totals.money_saved_yuan,
            "tce": a.totals.tce,
            "co2_t": a.totals.co2_t,
            "water_saved_m3": a.totals.water_saved_m3,
            "by_payback": dict(a.totals.by_bucket),
            "by_project_kind": dict(a.totals.by_kind),
            "without_investment": a.totals.without_investment,
            "without_money": a.totals.without_money,
        },
        "flags": [
            {
                "key": f.key,
                "reason": f.reason.zh if lang == "zh" else f.reason.en,
                "urgent": f.urgent,
                "items": list(f.items),
            }
            for f in a.flags
        ],
    }


def _figure(key: str, f: Figure, lang: Lang) -> dict[str, Any]:
    inputs = []
    sources = _sources(f)
    if not sources:  # measured data only: the source is the definition the figure follows
        sources = [f.note.zh if lang == "zh" else f.note.en]
    for t in f.terms:
        entry: dict[str, Any] = {
            "label": t.label.zh if lang == "zh" else t.label.en,
            "quantity": t.quantity,
            "unit": t.quantity_unit,
            "contribution": t.contribution,
            "contribution_unit": t.contribution_unit,
        }
        for name, coef in (("coefficient", t.coefficient), ("conversion", t.conversion)):
            if coef is not None:
                entry[name] = {
                    "key": coef.key,
                    "value": coef.value,
                    "unit": coef.unit,
                    "source": coef.source,
                    "confidence": coef.confidence,
                }
        inputs.append(entry)
    # 1 t of water is 1 m³ (GB/T 7119); the key promises cubic metres, so say them.
    return {
        "key": key,
        "value": f.value,
        "unit": "m³/a" if key == "water.intake_m3" else f.unit,
        "basis": f.basis,
        "year": f.year,
        "inputs": inputs,
        "source": sources,
        "explain": f.explain(lang),
    }


def _sources(f: Figure) -> list[str]:
    """Every coefficient source behind a figure, through the figures it was derived from."""
    out: list[str] = []
    for t in f.terms:
        for coef in (t.coefficient, t.conversion):
            if coef is not None and coef.source not in out:
                out.append(coef.source)
    for inner in f.inputs:
        out.extend(s for s in _sources(inner) if s not in out)
    return out
