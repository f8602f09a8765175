"""The plan's energy_report context (issue 17): plain data for templates/plan/*/_energy.xml.j2.

The consumption structure by carrier (both bases, shares, costs where priced), the intensity per
万元 on both bases, and each product's energy per unit against its consumption limit; where no
limit covers any product, the 等价值 intensity beside the peers' quartiles (``peers``, the
``INTENSITY`` benchmarks of ``diagnosis.office.peers``). Strings only, formatted as the plan
formats figures (``diagnosis.display``); the templates hold the words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.display import figure
from diagnosis.figures.coefficients import Coefficient, format_number
from diagnosis.figures.energy_limits import NONE, UNIT_WORDS, Comparison, compare, energy_limits
from diagnosis.figures.energy_structure import (
    PRODUCTS_ITEM,
    PerUnit,
    Structure,
    per_unit,
    products_of,
    structure,
)
from diagnosis.figures.indicators import Figure
from diagnosis.messages import Lang
from diagnosis.office.peers import energy_intensities, plan_intensity_peers
from diagnosis.report.context_answers import pick
from diagnosis.report.numbers import compared
from diagnosis.visits.document import Document

EQUIVALENT, EQUAL_VALUE = "energy.total_tce", "energy.total_tce_equal_value"


def build(
    doc: Document,
    a: Assessment,
    lang: Lang,
    *,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Empty when the visit has no energy area: the template then prints nothing."""
    if "energy" not in a.areas:
        return {}
    answers = doc.answers.get("energy", {})
    eq, ev = a.indicators.get(EQUIVALENT), a.indicators.get(EQUAL_VALUE)
    s = structure(doc.energy_use, eq, ev, answers) if eq is not None and ev is not None else None
    raw_products = answers.get(PRODUCTS_ITEM)
    intensities = energy_intensities(doc, a)
    products = _products(raw_products, s, lang)
    # Peers only where no consumption limit covers a product (issue 17): lower is better.
    own = intensities[1].value if intensities is not None else None
    uncovered = not any(p["limit"] for p in products)
    return {
        "year": str(doc.year) if doc.year is not None else "",
        "structure": _structure(s, lang) if s is not None else None,
        "electricity": _electricity(s, eq.year if eq else None),
        "intensity": _intensity(doc, intensities),
        "products_text": raw_products.strip() if isinstance(raw_products, str) else "",
        "products": products,
        "levels_document": pick(energy_limits().levels_document, lang),
        "peers": plan_intensity_peers(own, peers) if uncovered else [],
    }


def _tce(v: float) -> str:
    return figure(v, "tce")


def _money(v: float | None) -> str:
    return "" if v is None else figure(v, "investment_10k_yuan")  # 万元, as the measures print


def _structure(s: Structure, lang: Lang) -> dict[str, Any]:
    rows = [
        {
            "carrier": r.carrier,
            "name": pick(r.label, lang),
            "quantity": format_number(r.quantity),
            "unit": r.unit,
            "tce_equivalent": _tce(r.tce_equivalent),
            "tce_equal_value": _tce(r.tce_equal_value),
            "share_equivalent": figure(r.share_equivalent, "percent"),
            "share_equal_value": figure(r.share_equal_value, "percent"),
            "chart": f"{r.tce_equivalent:.2f}",
            "cost": _money(r.cost_10k_yuan),
            "price": "" if r.price is None else format_number(r.price),
            "price_item": r.price_item or "",
        }
        for r in s.rows
    ]
    return {
        "rows": rows,
        "total_equivalent": _tce(s.total_equivalent),
        "total_equal_value": _tce(s.total_equal_value),
        "priced": _money(s.priced_10k_yuan),
        "energy_cost": _money(s.energy_cost_10k_yuan),
        "unallocated": _money(s.unallocated_10k_yuan),
        "priced_exceeds_total": s.priced_exceeds_total,
        "unpriced": [x["name"] for x in rows if not x["cost"]],
        "any_cost": s.priced_10k_yuan is not None or s.energy_cost_10k_yuan is not None,
    }


def _coefficient(c: Coefficient, year: int | None) -> dict[str, Any]:
    return {
        "value": format_number(c.value),
        "unit": c.unit,
        "years": c.validity(),
        "unverified": c.unverified,
        "stand_in": year is not None and not c.valid_in(year),
    }


def _electricity(s: Structure | None, year: int | None) -> dict[str, Any] | None:
    if s is None or s.electricity is None:
        return None
    eq, ev = s.electricity
    return {"equivalent": _coefficient(eq, year), "equal_value": _coefficient(ev, year)}


def _intensity(doc: Document, found: tuple[Figure, Figure] | None) -> dict[str, Any] | None:
    output = doc.output_value_10k_yuan
    if found is None or not output:
        return None
    # The same calculator as the assessment's 当量值 figure, applied to the 等价值 total too; the
    # office facts keep these very figures (diagnosis.office.counting), so peers compare alike.
    i_eq, i_ev = found
    return {
        "equivalent": figure(i_eq.value, "intensity"),
        "equal_value": figure(i_ev.value, "intensity"),
        "output": figure(output, "investment_10k_yuan"),
        "output_from": doc.activity.output_from or "",
        "output_year": "" if doc.activity.output_year is None else str(doc.activity.output_year),
    }


def _per_unit_value(v: float | None) -> str:
    if v is None:
        return ""
    # kgce per tonne reads in hundreds, per piece in hundredths: two decimals, or four
    # significant digits below 1 so that a small figure never prints as 0.00.
    return figure(v, "indicator") if v >= 1 else format_number(float(f"{v:.4g}"))


def _products(raw: object, s: Structure | None, lang: Lang) -> list[dict[str, Any]]:
    found = products_of(raw)
    totals = (s.total_equivalent, s.total_equal_value) if s is not None else (None, None)
    table = energy_limits().products
    out = []
    for pu in per_unit(found, *totals):
        p = pu.product
        limit = table.get(p.limit) if p.limit != NONE else None
        on_equal_value = limit is not None and limit.electricity_basis == "equal_value"
        value = pu.equal_value if on_equal_value else pu.equivalent
        out.append(
            {
                "row": p.row,
                "name": p.name,
                "unit": p.unit,
                "unit_word": UNIT_WORDS.get(p.unit, ""),
                "output": "" if p.output is None else format_number(p.output),
                "share": "" if p.share_pct is None else figure(p.share_pct, "percent"),
                "how": pu.how or "",
                "why_not": pu.why_not or "",
                "equivalent": _per_unit_value(pu.equivalent),
                "equal_value": _per_unit_value(pu.equal_value),
                "limit_key": p.limit,
                "limit": _comparison(compare(limit, value, p.unit), pu, lang) if limit else None,
            }
        )
    return out


def _comparison(c: Comparison, pu: PerUnit, lang: Lang) -> dict[str, Any]:
    lim = c.limit
    levels = [("grade_" + g, v) for g, v in lim.grades]
    levels += [(k, v) for k, v in (("benchmark", lim.benchmark), ("baseline", lim.baseline)) if v]
    shown = dict.fromkeys(("grade_1", "grade_2", "grade_3", "benchmark", "baseline"), "")
    shown.update({k: format_number(v) for k, v in levels})
    value = ""
    if c.comparable and c.value is not None:
        # Beside its nearest level, precisely enough that "at or below" reads true.
        nearest = min((v for _, v in levels), key=lambda v: abs(v - (c.value or 0)), default=None)
        value = compared(c.value, nearest, "indicator")[0] if nearest else _per_unit_value(c.value)
    return {
        "key": lim.key,
        "name": pick(lim.name, lang),
        "indicator": pick(lim.indicator, lang),
        "code": lim.standard.code,
        "title": pick(lim.standard.title, lang),
        "clause": pick(lim.standard.clause, lang),
        "value_unit": pick(lim.value_unit, lang),
        "basis": lim.electricity_basis or "",
        "levels": shown,
        "has_grades": bool(lim.grades),
        "unverified": lim.unverified,
        "note": pick(lim.note, lang),
        "comparable": c.comparable,
        "why": c.why,
        "value": value,
        "computed": c.value is not None,
        "grade": c.grade or "",
        "benchmark_reached": c.benchmark_reached,
        "baseline_reached": c.baseline_reached,
        "whole_site": pu.how == "whole_site",
    }
