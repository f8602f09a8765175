"""One measure as ``visit score --json`` prints it: the figures in force, the proposal's ranges,
where the money came from, what is missing and the warnings on the team's figures.

The proposal's own figures and the team's stay apart: ``edited`` names the team's, ``proposed``
holds the rules' (never overwritten), and ``how_computed`` explains the proposal. No Qt, no SQL.
"""

from __future__ import annotations

import math
from typing import Any

from diagnosis.measures.estimating.prices import ESTIMATE
from diagnosis.measures.proposals import MeasureView
from diagnosis.messages import Lang


def _pair(values: tuple[float, float] | None, digits: int) -> list[float] | None:
    return None if values is None else [round(values[0], digits), round(values[1], digits)]


def _finite(value: float | None) -> float | None:
    return None if value is None or math.isinf(value) else value


def measure_to_dict(v: MeasureView, lang: Lang) -> dict[str, Any]:
    zh = lang == "zh"
    title = (
        (v.measure.title.zh if zh else v.measure.title.en)
        if v.measure
        else (v.decision.title if v.decision else "")
    )
    econ, est = v.economics, v.estimate
    money_basis = None
    if "money_saved_yuan" in v.edited:
        money_basis = "team"
    elif est is not None and est.money is not None:
        money_basis = "typical_price" if est.typical_price else "firm_price"
    proposed: dict[str, Any] | None = None
    if est is not None:
        invest = est.investment
        cost = invest.cost if invest is not None else None
        proposed = {
            "saving": None
            if est.saving is None
            else {"value": est.saving.value, "unit": est.saving.unit},
            "energy_saved": [
                {"carrier": u.carrier, "quantity": u.quantity, "unit": u.unit} for u in est.energy
            ],
            "water_saved_m3": est.water_m3,
            "money_saved_yuan": est.money_yuan,
            "investment_range_10k_yuan": None
            if invest is None
            else _pair((invest.low_10k_yuan, invest.high_10k_yuan), 4),
            "payback_range_years": _pair(est.payback_range(), 2),
            "unit_cost": None
            if cost is None
            else {
                "min": cost.min,
                "max": cost.max,
                "unit": cost.unit,
                "quantity": invest.quantity if invest is not None else None,
                "per": cost.what.zh if zh else cost.what.en,
                "source": cost.source.zh if zh else cost.source.en,
                "confidence": cost.confidence,
            },
        }
    return {
        "code": v.code,
        "title": title,
        "status": v.status,
        "triggered_by": list(v.proposal.triggered_by) if v.proposal else [],
        "priority": round(v.priority, 1),
        "payback_bucket": v.payback_bucket,
        "payback_basis": v.payback_basis,
        "edited": list(v.edited),
        "investment_10k_yuan": v.figures.investment_10k_yuan,
        "investment_range_10k_yuan": _pair(v.investment_range, 4),
        "money_saved_yuan": v.figures.money_saved_yuan,
        "money_basis": money_basis,
        "estimate_note": (ESTIMATE.zh if zh else ESTIMATE.en)
        if money_basis == "typical_price"
        else None,
        # JSON has no infinity: a saving of nothing that never pays back reads null
        "payback_years": _finite(econ.payback_years) if econ else None,
        "payback_range_years": _pair(v.payback_range, 2),
        "water_saved_m3": v.figures.water_saved_m3,
        "tce": econ.tce_saved if econ else None,
        "co2_t": econ.co2_t if econ else None,
        "compliance": v.measure.compliance if v.measure else False,
        "proposed": proposed,
        "missing_inputs": [
            {"item": n.item, "column": n.column or None, "text": n.text(lang)}
            for n in (est.needed if est is not None else ())
        ],
        "warnings": [{"code": w.code, "text": w.text(lang)} for w in v.warnings],
        "how_computed": est.explain(lang) if est is not None else None,
    }
