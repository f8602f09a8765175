"""The plan's cleaner_report context (issue 17): plain data for templates/plan/*/_cleaner.xml.j2.

The permit class, the pollutants beside their permitted quantities, the hazardous waste, the
sector cleaner-production level and the options split by cost (diagnosis.figures.cleaner_inventory).
Numbers formatted, keys for every word the templates supply; row and choice labels come from
the checklist in the reader's language, as the appendix prints them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.assessment.scoring import relevant
from diagnosis.display import amount, figure
from diagnosis.figures.cleaner_inventory import (
    LEVEL_ITEM,
    LEVEL_SYSTEM_ITEM,
    PERMIT_ITEM,
    WASTE_ITEM,
    Option,
    cleaner_rules,
    hazardous_waste,
    options,
    pollutants,
)
from diagnosis.measures.estimating.costing import format_range
from diagnosis.messages import Lang
from diagnosis.report.context_answers import pick
from diagnosis.report.context_measures import AREA_OF_CODE, DECLINED, measure
from diagnosis.visits.document import Document

AREA = "cleaner_production"
_KIND = "investment_10k_yuan"


def _quantity(value: float | None, unit: str) -> str:
    """Cubic metres whole, tonnes to three decimals at most (0.125 t of VOCs stays 0.125)."""
    if value is None:
        return ""
    if unit == "m³":
        return amount(value, 0)
    return amount(value, 3).rstrip("0").rstrip(".")


def build(
    doc: Document,
    a: Assessment,
    lang: Lang,
    *,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Empty when the visit has no cleaner-production area."""
    if AREA not in a.areas or AREA not in a.checklists:
        return {}
    checklist = a.checklists[AREA]
    given = doc.answers.get(AREA, {})
    shown = {item.id for item in relevant(checklist, given)}
    answers = {k: v for k, v in given.items() if k in shown}
    rules = cleaner_rules()
    return {
        "version": checklist.version,
        # False for a visit on a checklist version without the permit and pollutant questions
        "asked": any(item.id == PERMIT_ITEM for item in checklist.items),
        "permit": str(answers.get(PERMIT_ITEM, "")),
        "permit_source": pick(rules.permit_source, lang),
        "pollutants": _pollutants(checklist, answers, lang),
        "audit_case_recorded": str(answers.get("CP01", "")),  # 双超 as the team recorded it
        **_waste(checklist, answers, lang),
        "level_system": str(answers.get(LEVEL_SYSTEM_ITEM, "")),
        "level": str(answers.get(LEVEL_ITEM, "")),
        "options": _options(a, lang),
    }


def _pollutants(checklist: Any, answers: Mapping[str, Any], lang: Lang) -> list[dict[str, Any]]:
    out = []
    for p in pollutants(checklist, answers):
        share = p.share_pct
        out.append(
            {
                "key": p.key,
                "name": pick(p.name, lang),
                "unit": p.unit,
                "annual": _quantity(p.annual, p.unit),
                "permitted": _quantity(p.permitted, p.unit),
                "share": figure(share, "percent"),
                "over": share is not None and share > 100,
            }
        )
    return out


def _waste(checklist: Any, answers: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    item = next((i for i in checklist.items if i.id == WASTE_ITEM), None)
    rows = hazardous_waste(answers)
    if item is None or not rows:
        return {"waste": [], "waste_total": "", "waste_bad": []}
    disposal = next(c for c in item.columns if c.id == "disposal")
    label = {o.value: pick(o.text, lang) for o in disposal.choices}
    quantities = [w.quantity_t for w in rows if w.quantity_t is not None]
    return {
        "waste": [
            {
                "code": w.code,
                "problem": w.problem,
                "name": w.name,
                "quantity": _quantity(w.quantity_t, "t"),
                "disposal": label.get(w.disposal, w.disposal),
                "stored": w.disposal == "stored",
            }
            for w in rows
        ],
        # The total of the quantities given; a row without one is left out and said so.
        "waste_total": _quantity(sum(quantities), "t") if quantities else "",
        "waste_partial": len(quantities) < len(rows),
        "waste_bad": [{"code": w.code, "problem": w.problem} for w in rows if w.problem],
    }


def _options(a: Assessment, lang: Lang) -> dict[str, Any]:
    rules = cleaner_rules()
    names = {area: pick(c.title, lang) for area, c in a.checklists.items()}
    found = options(a.measures, DECLINED, rules)

    def rows(cost: str) -> list[dict[str, Any]]:
        return [
            {**measure(o.view, lang, set(), names), "cost_basis": o.basis}
            for o in found
            if o.cost_class == cost
        ]

    return {
        "low": rows("low"),
        "high": rows("high"),
        "unclassed": rows(""),
        "totals": {c: _total([o for o in found if o.cost_class == c]) for c in ("low", "high")},
        "ceiling": amount(rules.ceiling_10k_yuan, 2).rstrip("0").rstrip("."),
        "ceiling_source": pick(rules.ceiling_source, lang),
        "ceiling_verified": rules.ceiling_verified,
        "typical_source": pick(rules.typical_source, lang),
        "areas": [AREA_OF_CODE[code] for code in rules.option_areas],
    }


def _total(found: list[Option]) -> dict[str, Any]:
    """The class's investment: the team's figures plus the proposals' ranges (lower ends
    added, upper ends added); measures with neither are counted apart."""
    low = high = 0.0
    without = 0
    for o in found:
        invested = o.view.figures.investment_10k_yuan
        if o.view.investment_range is not None:  # a proposal's range (its figure: the middle)
            low, high = low + o.view.investment_range[0], high + o.view.investment_range[1]
        elif invested is not None:
            low, high = low + invested, high + invested
        else:
            without += 1
    costed = len(found) - without
    text = ""
    if costed:
        # One figure as the measures table prints a team's, a range as it prints a proposal's.
        same = low == high
        text = figure(low, "investment_10k_yuan") if same else format_range((low, high), _KIND)
    return {"count": len(found), "investment": text, "without_investment": without}
