"""The plan's measures, roadmap and policy chapters as plain data (numbers formatted, keys for
every word the templates supply). Part of ``diagnosis.report.context``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.assessment.policy import Condition, Fact, conditions
from diagnosis.checklists.format import Checklist
from diagnosis.display import amount, figure
from diagnosis.figures.coefficients import coefficient_table, format_number
from diagnosis.measures.estimates import PAYBACK_BUCKETS, Assumption, Estimate
from diagnosis.measures.estimating.costing import format_range
from diagnosis.measures.estimating.prices import price_table
from diagnosis.measures.estimating.proposals import ProposalEstimate
from diagnosis.measures.proposals import COUNTED, MeasureView
from diagnosis.measures.tce import equal_value_tce
from diagnosis.messages import Lang
from diagnosis.register.enterprise import Enterprise
from diagnosis.report.citations import line as source_line
from diagnosis.report.context_answers import pick
from diagnosis.report.context_savings import bases as tce_bases
from diagnosis.report.numbers import compared

# The catalogue's area codes and the checklists' area keys name the same five areas.
AREA_OF_CODE = {
    "IM": "intelligent_manufacturing",
    "EN": "energy",
    "WA": "water",
    "CP": "cleaner_production",
    "SA": "safety",
}
# Statuses the plan schedules: a rejected measure is out, and an implemented (or, at a
# follow-up, a not implemented) one is history rather than a step still to take.
SCHEDULED = ("proposed", "accepted", "planned", "in_progress")
DECLINED = ("rejected", "not_implemented")
BUCKETS = (*PAYBACK_BUCKETS, "unknown")


def _urgent_items(a: Assessment) -> set[str]:
    return {item for f in a.flags if f.urgent for item in f.items}


def _span(values: tuple[float, float] | None, kind: str) -> str:
    """A range as the app shows it (''  for none)."""
    return "" if values is None else format_range(values, kind)


def _tenk(yuan: float | None) -> str:
    """Money in 万元 with two decimals, as the investment beside it: a table or a sentence of
    the plan prints one money unit (12,284,725 元 a year reads 1,228.47 万元)."""
    return figure(None if yuan is None else yuan / 10_000, "investment_10k_yuan")


def _plain(value: float) -> str:
    return format_number(round(value, 4))


def _leaves(e: Estimate) -> list[Estimate]:
    return [e] + [x for p in e.parts for x in _leaves(p)]


def how(e: ProposalEstimate | None, lang: Lang) -> dict[str, Any] | None:
    """How a proposal's figures were computed, for the plan's "basis of the estimates": the
    answers used, the method, the saving, the prices, the unit cost and the payback range."""
    if e is None or (e.saving is None and e.investment is None):
        return None
    out: dict[str, Any] = {"saving": None, "money": None, "investment": None, "payback": ""}
    if e.saving is not None:
        s = e.saving
        out["saving"] = {
            "value": amount(s.value, 0),
            "unit": s.unit,
            "method": pick(s.formula, lang),
            "inputs": [
                {"label": pick(q.label, lang), "value": _plain(q.value), "unit": q.unit}
                for q in s.inputs
            ],
            "sources": _sources(
                (a for leaf in _leaves(s) for a in leaf.assumptions if a.confidence is not None),
                lang,
            ),
        }
    if e.money is not None:
        out["money"] = {
            "value": _tenk(e.money.value),
            "prices": [
                {
                    "label": pick(a.label, lang),
                    "value": _plain(a.value),
                    "unit": a.unit,
                    "typical": a.confidence is not None,
                    "item": _price_item(a.name),
                }
                for a in e.money.assumptions
            ],
        }
    if e.investment is not None:
        i, c = e.investment, e.investment.cost
        out["investment"] = {
            "range": _span((i.low_10k_yuan, i.high_10k_yuan), "investment_10k_yuan"),
            "unit_cost": f"{_plain(c.min)}–{_plain(c.max)}",
            "unit": c.unit,
            "quantity": _plain(i.quantity),
            "quantity_unit": c.unit.split("/", 1)[1].strip("()"),
            "what": pick(c.what, lang),
            "source": source_line(c.source, c.confidence, lang),
        }
    out["payback"] = _span(e.payback_range(), "payback_years")
    return out


def _sources(found: Iterable[Assumption], lang: Lang) -> list[dict[str, str]]:
    """Each table or default the saving rests on, once, as ``citations`` prints it (a
    standard, or "estimate, to be verified" in words; never an internal source or tag); the
    standard-coal and emission coefficients are left out (the indicators cite them, and their
    table keys are never printed)."""
    keys = coefficient_table().keys()
    lines = (source_line(a.source, a.confidence, lang) for a in found if a.name not in keys)
    return [{"text": text} for text in dict.fromkeys(lines)]


def _price_item(name: str) -> str:
    """The question where the firm gives the price behind ``price.<key>`` ('' if none)."""
    price = price_table().prices.get(name.removeprefix("price."))
    return "" if price is None or price.answer is None else price.answer[1]


def measure(
    v: MeasureView, lang: Lang, urgent_items: set[str], names: Mapping[str, str]
) -> dict[str, Any]:
    m = v.measure
    econ = v.economics
    triggered = v.proposal.triggered_by if v.proposal is not None else ()
    area = AREA_OF_CODE.get(m.area, "") if m is not None else ""
    years = econ.payback_years if econ is not None else None
    est = v.estimate
    typical_price = est is not None and est.typical_price and "money_saved_yuan" not in v.edited
    missing = [] if est is None or "money_saved_yuan" in v.edited else list(est.needed)
    return {
        "code": v.code or "",
        "title": pick(m.title, lang) if m is not None else v.title(lang),
        "status": v.status,
        "area": area,
        "area_name": names.get(area, ""),
        "category": m.category if m is not None else "",
        "compliance": bool(m is not None and m.compliance),
        "investment": figure(v.figures.investment_10k_yuan, "investment_10k_yuan"),
        "savings": _tenk(v.figures.money_saved_yuan),
        "tce": figure(econ.tce_saved if econ is not None else None, "tce"),
        # 等价值 beside the 当量值 (GB/T 13234; diagnosis.measures.tce), for the project list
        "tce_eq": figure(equal_value_tce(econ), "tce"),
        "co2": figure(econ.co2_t if econ is not None else None, "co2_t"),
        "water": figure(v.figures.water_saved_m3, "water_m3"),
        "payback": v.payback_bucket or "",
        "basis": v.payback_basis or "",
        "payback_years": figure(years, "payback_years"),
        "priority": figure(v.priority, "priority"),
        "urgent": bool(urgent_items.intersection(triggered)),
        "triggered_by": list(triggered),
        "edited": bool(v.edited),
        "custom": v.decision is not None and v.decision.custom,
        "no_longer_proposed": v.no_longer_proposed,
        # the proposal's ranges while the team has not entered its own figure
        "investment_range": _span(v.investment_range, "investment_10k_yuan"),
        "payback_range": _span(v.payback_range, "payback_years"),
        "typical_price": typical_price,  # money at a typical price: an estimate to verify
        "missing": [
            {"item": n.item, "what": pick(n.what, lang), "text": n.text(lang)} for n in missing
        ],
        "warnings": [w.text(lang) for w in v.warnings],
        "how": how(est, lang) if not v.edited else None,
    }


def by_priority(views: Iterable[MeasureView]) -> list[MeasureView]:
    return sorted(views, key=lambda v: (-v.priority, v.code or v.title()))


def measures(a: Assessment, lang: Lang, names: Mapping[str, str]) -> dict[str, Any]:
    urgent = _urgent_items(a)

    def rows(views: Iterable[MeasureView]) -> list[dict[str, Any]]:
        return [measure(v, lang, urgent, names) for v in views]

    listed = [v for v in a.measures if v.status not in DECLINED]
    counts = dict.fromkeys(BUCKETS, 0)
    for v in listed:
        counts[v.payback_bucket or "unknown"] += 1
    t = a.totals
    return {
        "listed": rows(listed),
        "accepted": rows(v for v in a.measures if v.status in COUNTED),
        "proposed": rows(v for v in a.measures if v.status == "proposed"),
        "declined": rows(v for v in a.measures if v.status in DECLINED),
        "top": rows(by_priority(listed)[:5]),
        "totals": {
            "count": t.count,
            "investment": figure(t.investment_10k_yuan, "investment_10k_yuan"),
            "investment_range": _span(t.investment_range, "investment_10k_yuan"),
            "savings": _tenk(t.money_saved_yuan),
            "tce": figure(t.tce, "tce"),
            **tce_bases(v for v in a.measures if v.status in t.statuses),
            "co2": figure(t.co2_t, "co2_t"),
            "water": figure(t.water_saved_m3, "water_m3"),
            "without_investment": t.without_investment,
            "without_money": t.without_money,
            "by_kind": dict(t.by_kind),
            "has_savings": bool(t.tce or t.co2_t or t.water_saved_m3),
        },
        # Over every measure still in the plan (proposed as well as accepted), as the measures
        # table beside it lists them; the accepted ones alone are in totals.by_kind and the
        # score JSON's by_payback.
        "buckets": [{"key": k, "count": str(n)} for k, n in counts.items()],
        "roadmap": roadmap(a, lang, names),
    }


def roadmap(a: Assessment, lang: Lang, names: Mapping[str, str]) -> dict[str, list[Any]]:
    """Three steps, each by priority.

    - quick wins: pay back within a year, or need no investment, so nothing stands in the way;
      compliance measures are left out because they are owed, not chosen, and go with this year.
    - this year: compliance (the law sets the date, not the payback), measures behind an urgent
      flag (a major hidden danger must be rectified at once) and those paying back in 1-2 years,
      which budget holders approve within the year.
    - next years: the rest, longer paybacks or no figure yet, to be costed and planned.
    """
    urgent = _urgent_items(a)
    groups: dict[str, list[Any]] = {"quick_wins": [], "this_year": [], "next_years": []}
    for v in by_priority(v for v in a.measures if v.status in SCHEDULED):
        compliance = v.measure is not None and v.measure.compliance
        triggered = set(v.proposal.triggered_by) if v.proposal is not None else set()
        free = v.figures.investment_10k_yuan == 0
        if (v.payback_bucket == "<1" or free) and not compliance:
            group = "quick_wins"
        elif compliance or triggered & urgent or v.payback_bucket == "1-2":
            group = "this_year"
        else:
            group = "next_years"
        groups[group].append(measure(v, lang, urgent, names))
    return groups


def _pair(fact: Fact) -> tuple[str, str]:
    """The fact's value and threshold as printed side by side: a number is compared unrounded
    and printed precisely enough that the sentence around it reads true (29,999.6 below
    30,000), through the one helper every threshold sentence uses."""
    value, threshold = fact.value, fact.threshold
    if isinstance(threshold, str) or fact.key == "green_stars":
        shown = "" if value is None else str(value if isinstance(value, str) else int(value))
        return shown, str(threshold if isinstance(threshold, str) else int(threshold))
    kind = "water_m3" if fact.key == "water_intake" else "indicator"
    if value is None or isinstance(value, str):
        return value or "", compared(float(threshold), float(threshold), kind)[1]
    return compared(float(value), float(threshold), kind)


def _item_text(lists: Iterable[Checklist], item: str, lang: Lang) -> str:
    for checklist in lists:
        found = next((i for i in checklist.items if i.id == item), None)
        if found is not None:
            return pick(found.text, lang)
    return item


def policy(
    enterprise: Enterprise,
    a: Assessment,
    answers: Mapping[str, Mapping[str, object]],
    lang: Lang,
) -> list[dict[str, Any]]:
    def entry(c: Condition) -> dict[str, Any]:
        area = "safety" if c.key.startswith("safety.") else "cleaner_production"
        # An item may stand in another area (E29, energy over the quota, behind the audit).
        home: Checklist | None = a.checklists.get(area)
        lists = [x for x in (home, *a.checklists.values()) if x is not None]
        items = [{"id": i, "text": _item_text(lists, i, lang)} for i in c.items]
        facts = [
            {
                "key": f.key,
                "value": _pair(f)[0],
                "threshold": _pair(f)[1],
                "unit": f.unit,
                "holds": f.holds,
                "source": f.rule.source,
            }
            for f in c.facts
        ]
        sources = list(dict.fromkeys(f["source"] for f in facts))
        return {
            "key": c.key,
            "state": c.state,
            "benefit": c.benefit,
            "favourable": c.favourable,
            "urgent": c.urgent,
            "facts": {f["key"]: f for f in facts},
            "checklist_items": items,
            "sources": sources,
        }

    return [entry(c) for c in conditions(enterprise, a, answers)]


def cited(sources: Iterable[str]) -> list[str]:
    """The policy sources once each, in order; a source from the same 《document》 as the one
    before it drops the title (the plan printed the action plan's full name four times over)."""
    out: list[str] = []
    title = ""
    for source in dict.fromkeys(sources):
        named = source.startswith("《") and "》" in source
        this = source[: source.index("》") + 1] if named else ""
        out.append(source[len(this) :] if this and this == title else source)
        title = this
    return out
