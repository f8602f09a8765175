"""The plan's water_report context (issue 17): intake per 万元 output and per unit of product
against the intake quota, and a simple water balance, as plain data for
templates/plan/*/_water.xml.j2. Figures come from diagnosis.figures.water_balance (and the
assessment's intake, reuse rate and intake per output, reused as they are); no wording here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.display import figure
from diagnosis.figures.water_balance import (
    PRODUCTS,
    BadQuantity,
    Balance,
    ProductIntake,
    products,
    water_balance,
)
from diagnosis.figures.water_quotas import Quota, QuotaTable, quota_table
from diagnosis.messages import Lang
from diagnosis.report.context_answers import pick
from diagnosis.report.context_figures import indicator
from diagnosis.report.numbers import compared
from diagnosis.visits.document import Document

AREA = "water"


def build(
    doc: Document,
    a: Assessment,
    lang: Lang,
    *,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Empty when the visit has no water area; else ``available`` False (no intake recorded:
    the template says what to record), an ``error`` naming a bad answer, or the figures."""
    if AREA not in doc.visit.areas or AREA not in a.checklists:
        return {}
    answers = doc.answers.get(AREA, {})
    intake = a.indicators.get("water.intake_m3")
    if intake is None:
        return {"available": False, "error": None}
    table = quota_table()
    reuse = a.indicators.get("water.reuse_rate")
    try:
        rows = products(answers.get(PRODUCTS), intake.value, table)
        bal = water_balance(intake.value, doc.activity.non_conventional_m3, answers, _reused(doc))
    except BadQuantity as e:
        return {
            "available": True,
            "error": {"item": e.item, "row": e.row, "value": str(e.value)},
        }
    used = {p.quota.id: p.quota for p in rows if p.quota is not None}
    return {
        "available": True,
        "error": None,
        "per_output": indicator("water.intake_per_10k_yuan", doc, a, lang),
        "asks_products": any(i.id == PRODUCTS for i in a.checklists[AREA].items),
        "products": [_product(p, table, lang) for p in rows],
        "quotas": [_quota(q, table, lang) for q in used.values()],
        "unverified": any(not q.verified for q in used.values()),
        "covered": [_quota(q, table, lang) for q in table.entries.values()],
        "table_version": table.version,
        "balance": _balance(bal, None if reuse is None else reuse.value),
    }


def _reused(doc: Document) -> float | None:
    return doc.water_reused_m3


def _qty(value: float) -> str:
    """An output as the team wrote it: thousands separators, no trailing zeros."""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text or "0"


def _unit_label(table: QuotaTable, key: str, lang: Lang) -> str:
    spec = table.output_units.get(key)
    return pick(spec[0], lang) if spec else key


def _quota(q: Quota, table: QuotaTable, lang: Lang) -> dict[str, Any]:
    return {
        "id": q.id,
        "product": pick(q.product, lang),
        "value": _qty(q.value),
        "unit": f"m³/{_unit_label(table, q.output_unit, lang)}",
        "output_unit": _unit_label(table, q.output_unit, lang),
        "applies_to": pick(q.applies_to, lang),
        "standard": q.standard,
        "title": pick(q.standard_title, lang),
        "year": str(q.year),
        "clause": pick(q.clause, lang),
        "confidence": q.confidence,
        "verified": q.verified,
        "source": q.source,
        "note": pick(q.note, lang),
    }


def _product(p: ProductIntake, table: QuotaTable, lang: Lang) -> dict[str, Any]:
    per_unit = limit = ""
    if p.per_unit is not None:
        if p.status in ("within", "above") and p.quota is not None:
            per_unit, limit = compared(p.per_unit, p.quota.value, "indicator")
        else:
            per_unit = figure(p.per_unit, "indicator")
    compared_unit = p.status in ("within", "above") and p.quota is not None
    return {
        "row": p.row,
        "name": p.name,
        "unit": p.unit,
        "output": _qty(p.output),
        "intake": "" if p.intake is None else figure(p.intake, "water_m3"),
        "intake_from": p.intake_from,
        "per_unit": per_unit,
        # m³ per the quota's unit once compared (metres converted to 100 m), else as written
        "per_unit_unit": (
            f"m³/{_unit_label(table, p.quota.output_unit, lang)}"
            if compared_unit and p.quota is not None
            else (f"m³/{p.unit}" if p.unit else "")
        ),
        "quota": None if p.quota is None else _quota(p.quota, table, lang),
        "quota_value": limit,
        "status": p.status,
        "excess": figure(p.excess, "indicator") if p.status == "above" else "",
        "excess_pct": figure(p.excess_pct, "percent") if p.status == "above" else "",
    }


def _balance(b: Balance, reuse_rate: float | None) -> dict[str, Any]:
    def m3(v: float | None) -> str:
        return "" if v is None else figure(v, "water_m3")

    def pct(v: float | None) -> str:
        return "" if v is None else figure(v, "percent")

    return {
        "intake": m3(b.intake),
        "non_conventional": m3(b.non_conventional) if b.non_conventional > 0 else "",
        "water_in": m3(b.water_in),
        "reused": m3(b.reused),
        "total_use": m3(b.total_use),
        "discharge": m3(b.discharge),
        "leakage": m3(b.leakage),
        "out": m3(None if b.missing else (b.discharge or 0) + (b.leakage or 0)),
        "consumption": m3(b.consumption),
        "wastewater_reused": m3(b.wastewater_reused),
        "closes": b.closes,
        "missing": list(b.missing),
        "excess": m3(b.excess) if b.closes is False else "",
        # The reuse rate is the assessment's own figure (GB/T 7119), as section (四) prints it.
        "reuse_rate": pct(reuse_rate),
        "leakage_rate": pct(b.leakage_rate),
        "wastewater_reuse_rate": pct(b.wastewater_reuse_rate),
        "consumption_share": pct(b.consumption_share),
        # Bar lengths: where the water taken in goes, only when the balance closes.
        "chart": [
            {"key": key, "value": f"{v:.0f}"}
            for key, v in (
                ("consumption", b.consumption),
                ("discharge", b.discharge),
                ("leakage", b.leakage),
            )
            if b.closes and v is not None
        ],
    }
