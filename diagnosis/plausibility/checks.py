"""Plausibility checks: answers a checklist accepts but a real firm is unlikely to give (a count
of 2.5 motors, 30 kW for a motor of the "up to 7.5 kW" class, a boiler at 15 %, 1e15 kWh against
its output). Each is a doubt beside the answer: a warning, never a refusal; the value is kept.

Rules are generic over the checklist versions: each names its items, and one whose items a
version lacks is skipped. Thresholds live in diagnosis/reference/plausibility.json with their
sources (plausibility_rules.py). Numbers in messages read as grouped figures, never 1e+15.
No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from diagnosis.assessment.scoring import relevant
from diagnosis.checklists.format import Checklist, ChecklistError
from diagnosis.checklists.load import load_checklist
from diagnosis.messages import Bilingual, Lang, Message
from diagnosis.plain import Plain, exact
from diagnosis.plausibility.rules import PlausibilityRules, Quantity, plausibility_rules
from diagnosis.plausibility.tables import compressors, counts, hazard, motors
from diagnosis.plausibility.terms import Doubt, Terms, doubt, index, unit_words
from diagnosis.register.enterprise import Enterprise

if TYPE_CHECKING:
    from diagnosis.visits.activity import Activity
    from diagnosis.visits.document import Document

__all__ = ["Doubt", "doubts_of", "doubts_to_dict", "find_doubts"]
Answers = Mapping[str, Mapping[str, Any]]


def doubts_of(
    doc: Document, changed: Collection[str] | None = None, previous: Sequence[Doubt] = ()
) -> tuple[Doubt, ...]:
    """Every open doubt on ``doc``'s answers, in checklist order; ``changed`` and
    ``previous`` as in ``find_doubts``."""
    checklists = {}
    for area in doc.visit.areas:
        try:
            checklists[area] = load_checklist(area, doc.visit.checklists.get(area))
        except ChecklistError:
            continue
    return find_doubts(
        checklists,
        doc.answers,
        doc.enterprise,
        doc.activity,
        doc.visit.date,
        changed=changed,
        previous=previous,
    )


def find_doubts(
    checklists: Mapping[str, Checklist],
    answers: Answers,
    enterprise: Enterprise,
    activity: Activity,
    visit_date: str,
    rules: PlausibilityRules | None = None,
    *,
    changed: Collection[str] | None = None,
    previous: Sequence[Doubt] = (),
) -> tuple[Doubt, ...]:
    """Every doubt, in checklist order. With ``changed`` (the areas whose answers changed
    since ``previous`` was found for the same visit), only the rules that read those areas
    run again, and the other rules' doubts in ``previous`` stand: a keystroke re-checks its
    own area and what depends on it."""
    r = plausibility_rules() if rules is None else rules
    reads = _reads(r)

    def runs(rule: str) -> bool:
        return changed is None or bool(reads.get(rule, frozenset()) & set(changed))

    def stale(d: Doubt) -> bool:
        return changed is None or (d.area in changed if d.rule == "counts" else runs(d.rule))

    kept = [d for d in previous if not stale(d)]
    terms = Terms(checklists, answers, enterprise, activity)
    counted = {a: c for a, c in checklists.items() if changed is None or a in changed}
    found = [*counts(r, counted, answers), *_bands(r, checklists, answers, runs)]
    found += motors(r, terms) if runs("motors") else ()
    found += compressors(r, terms) if runs("compressors") else ()
    found += hazard(r, terms) if runs("major_hazard") else ()
    found += _year(r, terms, visit_date) if runs("data_year") else ()
    found += _ranges(r, terms, runs)
    ranged = {(d.area, d.item) for d in (*kept, *found) if d.rule in reads["_ranges"]}
    found += _ratios(r, terms, ranged, runs)
    return _in_order(kept, _shown(found, checklists, answers), checklists)


def _reads(r: PlausibilityRules) -> dict[str, frozenset[str]]:
    """The areas whose answers each rule reads (counts read the doubted area's own); under
    "_ranges", the ids of the range rules."""
    out = {
        "motors": frozenset({r.motors.area}),
        "compressors": frozenset({r.compressors.area}),
        "major_hazard": frozenset({r.hazard.area}),
        "data_year": frozenset({r.data_year.area}),
        "_ranges": frozenset(x.id for x in r.ranges),
    }
    out.update({x.id: frozenset({x.area}) for x in r.ranges})
    out.update({x.id: frozenset({x.area}) for x in r.bands})
    out.update({x.id: _areas(x.numerator) | _areas(x.denominator) for x in r.ratios})
    return out


def _areas(q: Quantity) -> frozenset[str]:
    if q.kind == "register":
        return frozenset()
    if q.kind == "computed":
        return frozenset({"water" if q.ref[0] == "water_intake_m3" else "energy"})
    return frozenset({q.ref[0]})


def doubts_to_dict(doubts: Sequence[Doubt], lang: Lang = "zh") -> list[dict[str, Any]]:
    """The ``doubts`` list of ``visit score --json``."""
    return [
        {
            "area": d.area,
            "item": d.item,
            "row": d.row,
            "column": d.column,
            "rule": d.rule,
            "message": d.text(lang),
        }
        for d in doubts
    ]


def _shown(
    found: list[Doubt], checklists: Mapping[str, Checklist], answers: Answers
) -> list[Doubt]:
    """The doubts on items shown for these answers: an answer kept on a hidden item is not
    the team's concern. Relevance is worked out only in the areas doubted."""
    shown: set[tuple[str, str]] = set()
    for area in {d.area for d in found}:
        if area in checklists:
            shown |= {(area, i.id) for i in relevant(checklists[area], answers.get(area, {}))}
    return [d for d in found if (d.area, d.item) in shown]


def _in_order(
    kept: list[Doubt], found: list[Doubt], checklists: Mapping[str, Checklist]
) -> tuple[Doubt, ...]:
    """All the doubts, each once, in the order of the areas, their items and rows."""
    areas = list(checklists)

    def place(d: Doubt) -> tuple[int, int, int]:
        items = index(checklists[d.area]) if d.area in checklists else {}
        item = items.get(d.item)
        position = list(items).index(d.item) if item is not None else -1
        rows = list(item.rows) if item is not None else []
        row = rows.index(d.row) if d.row in rows else -1
        return (areas.index(d.area) if d.area in areas else -1, position, row)

    unique = {(d.area, d.item, d.row, d.column, d.rule): d for d in (*kept, *found)}
    return tuple(sorted(unique.values(), key=place))


# -- ranges, bands, ratios, the data year ---------------------------------------------------


def _ranges(r: PlausibilityRules, terms: Terms, runs: Callable[[str], bool]) -> Iterator[Doubt]:
    for rule in r.ranges:
        if not runs(rule.id):
            continue
        for t in terms.values_for(rule.area, rule.item, rule.row, rule.column):
            low, high = rule.minimum, rule.maximum
            if (low is None or t.value >= low) and (high is None or t.value <= high):
                continue
            code = (
                "doubt.range"
                if low is not None and high is not None
                else ("doubt.above" if high is not None else "doubt.below")
            )
            yield doubt(
                t,
                rule.id,
                code,
                what=t.label,
                value=Plain(t.value),
                unit=t.unit,
                min=Plain(low or 0),
                max=Plain(high or 0),
                why=rule.why,
            )


def _bands(
    r: PlausibilityRules,
    checklists: Mapping[str, Checklist],
    answers: Answers,
    runs: Callable[[str], bool],
) -> Iterator[Doubt]:
    for rule in r.bands:
        checklist = checklists.get(rule.area)
        if checklist is None or not runs(rule.id):
            continue
        ids = [i.id for i in checklist.items]
        if rule.band_item not in ids or rule.rate_item not in ids:
            continue
        given = answers.get(rule.area, {})
        band, rate = given.get(rule.band_item), given.get(rule.rate_item)
        bounds = rule.bands.get(str(band)) if band is not None else None
        if bounds is None or not isinstance(rate, int | float) or isinstance(rate, bool):
            continue
        if bounds[0] <= rate <= bounds[1]:
            continue
        option = checklist.item(rule.band_item).option(band)
        text = (
            Bilingual(option.text.zh, option.text.en) if option else Bilingual(str(band), str(band))
        )
        later = max(rule.band_item, rule.rate_item, key=ids.index)
        message = Message(
            "doubt.band",
            {
                "rate_item": rule.rate_item,
                "value": Plain(float(rate)),
                "band_item": rule.band_item,
                "band": text,
                "low": Plain(bounds[0]),
                "high": Plain(bounds[1]),
            },
        )
        yield Doubt(rule.area, later, None, None, rule.id, message)


def _ratios(
    r: PlausibilityRules,
    terms: Terms,
    ranged: set[tuple[str, str]],
    runs: Callable[[str], bool],
) -> Iterator[Doubt]:
    for rule in r.ratios:
        if not runs(rule.id):
            continue
        num, den = terms.quantity(rule.numerator), terms.quantity(rule.denominator)
        if num is None or den is None or den.value <= 0 or num.value < 0:
            continue
        if any((t.area, t.item) in ranged for t in (num, den) if t.item):
            continue  # the term itself is out of range: that doubt says enough
        at = num if num.item else den
        if not at.item:
            continue
        value = num.value / den.value
        low, high = rule.minimum, rule.maximum
        if (low is None or value >= low) and (high is None or value <= high):
            continue
        share = rule.unit == ""  # a share reads as a percentage
        shown = (lambda x: Plain(100 * x)) if share else Plain
        yield Doubt(
            at.area,
            at.item,
            at.row,
            at.column,
            rule.id,
            Message(
                "doubt.ratio",
                {
                    "what": rule.what,
                    "value": shown(value),
                    "unit": unit_words("%" if share else rule.unit),
                    "num": num.phrase(),
                    "den": den.phrase(),
                    "min": shown(low or 0),
                    "max": shown(high) if high is not None else "∞",
                    "why": rule.why,
                },
            ),
        )


def _year(r: PlausibilityRules, terms: Terms, visit_date: str) -> Iterator[Doubt]:
    y = r.data_year
    t = terms.answer(y.area, y.item)
    try:
        visited = date.fromisoformat(visit_date)
    except ValueError:
        return
    if t is not None and t.value > visited.year:
        # a year reads 2026, never grouped as a figure (2,026)
        yield doubt(t, "data_year", "doubt.year_after_visit", year=exact(t.value), date=visit_date)
