"""Plausibility checks: answers a checklist accepts but a real firm is unlikely to give (a count
of 2.5 motors, 30 kW for a motor of the "up to 7.5 kW" class, a boiler at 15 %, 1e15 kWh against
its output). Each is a doubt beside the answer: a warning, never a refusal; the value is kept.

Rules are generic over the checklist versions: each names its items, and one whose items a
version lacks is skipped. Thresholds live in diagnosis/reference/plausibility.json with their
sources (plausibility_rules.py). Numbers in messages read as grouped figures, never 1e+15.
No Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from diagnosis.checklist import Checklist, ChecklistError, load_checklist
from diagnosis.enterprise import Enterprise
from diagnosis.messages import Bilingual, Lang, Message
from diagnosis.plain import plain
from diagnosis.plausibility_rules import PlausibilityRules, plausibility_rules
from diagnosis.plausibility_terms import Term, Terms
from diagnosis.scoring import relevant

if TYPE_CHECKING:
    from diagnosis.activity import Activity
    from diagnosis.document import Document

Answers = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Doubt:
    """A warning on one answer (or one cell of a table answer), with the rule that raised it."""

    area: str
    item: str
    row: str | None
    column: str | None
    rule: str
    message: Message

    def text(self, lang: Lang = "zh") -> str:
        return self.message.text(lang)


def doubts_of(doc: Document) -> tuple[Doubt, ...]:
    """Every open doubt on ``doc``'s answers, in checklist order."""
    checklists = {}
    for area in doc.visit.areas:
        try:
            checklists[area] = load_checklist(area, doc.visit.checklists.get(area))
        except ChecklistError:
            continue
    return find_doubts(checklists, doc.answers, doc.enterprise, doc.activity, doc.visit.date)


def find_doubts(
    checklists: Mapping[str, Checklist],
    answers: Answers,
    enterprise: Enterprise,
    activity: Activity,
    visit_date: str,
    rules: PlausibilityRules | None = None,
) -> tuple[Doubt, ...]:
    r = plausibility_rules() if rules is None else rules
    terms = Terms(checklists, answers, enterprise, activity)
    found = [
        *_counts(r, checklists, answers),
        *_motors(r, terms),
        *_compressors(r, terms),
        *_bands(r, checklists, answers),
        *_hazard(r, terms),
        *_year(r, terms, visit_date),
    ]
    ranged = list(_ranges(r, terms))
    found += ranged
    found += _ratios(r, terms, {(d.area, d.item) for d in ranged})
    return _in_order(found, checklists, answers)


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


def _in_order(
    found: list[Doubt], checklists: Mapping[str, Checklist], answers: Answers
) -> tuple[Doubt, ...]:
    """Doubts on items shown for these answers (an answer kept on a hidden item is not the
    team's concern), in the order of the areas and their checklists."""
    place: dict[tuple[str, str], int] = {}
    for a, (area, checklist) in enumerate(checklists.items()):
        for i, item in enumerate(relevant(checklist, answers.get(area, {}))):
            place[(area, item.id)] = a * 10_000 + i
    rows = {
        (area, item.id, row.id): n
        for area, c in checklists.items()
        for item in c.items
        for n, row in enumerate(item.rows)
    }
    kept = [d for d in found if (d.area, d.item) in place]
    kept.sort(key=lambda d: (place[(d.area, d.item)], rows.get((d.area, d.item, d.row or ""), -1)))
    unique = {(d.area, d.item, d.row, d.column, d.rule): d for d in reversed(kept)}
    return tuple(d for d in kept if unique[(d.area, d.item, d.row, d.column, d.rule)] is d)


def _doubt(t: Term, rule: str, code: str, **params: object) -> Doubt:
    return Doubt(t.area, t.item, t.row, t.column, rule, Message(code, params))


# -- whole counts ---------------------------------------------------------------------------


def _is_count(unit: str, column_id: str, r: PlausibilityRules) -> bool:
    return unit.split("/")[0].strip() in r.counts.units or column_id in r.counts.column_ids


def _counts(
    r: PlausibilityRules, checklists: Mapping[str, Checklist], answers: Answers
) -> Iterator[Doubt]:
    for area, checklist in checklists.items():
        given = answers.get(area, {})
        for item in checklist.items:
            value = given.get(item.id)
            if item.type == "number" and _is_count(item.unit, "", r) and not _whole(value):
                what = Bilingual(item.text.zh, item.text.en)
                yield Doubt(area, item.id, None, None, "counts", _whole_message(what, value))
            if item.type != "table" or not isinstance(value, Mapping):
                continue
            for row in item.rows:
                cells = value.get(row.id)
                if not isinstance(cells, Mapping):
                    continue
                for column in item.columns:
                    cell = cells.get(column.id)
                    counted = column.kind == "number" and _is_count(column.unit, column.id, r)
                    if counted and not _whole(cell):
                        message = _whole_message(_cell_name(row.text, column.text), cell)
                        yield Doubt(area, item.id, row.id, column.id, "counts", message)


def _whole(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return True  # not a number: nothing to doubt here
    return not math.isfinite(value) or abs(value - round(value)) < 1e-9


def _whole_message(what: Bilingual, value: object) -> Message:
    return Message("doubt.count_whole", {"what": what, "value": plain(float(value))})  # type: ignore[arg-type]


def _cell_name(row: Bilingual, column: Bilingual) -> Bilingual:
    return Bilingual(f"{row.zh} · {column.zh}", f"{row.en} · {column.en}")


# -- equipment tables -----------------------------------------------------------------------


def _motors(r: PlausibilityRules, terms: Terms) -> Iterator[Doubt]:
    m = r.motors
    for row_id, (low, high) in m.classes.items():
        count = terms.cell(m.area, m.item, row_id, m.count)
        total = terms.cell(m.area, m.item, row_id, m.total_kw)
        vfd = terms.cell(m.area, m.item, row_id, m.vfd_count)
        if total is not None and count is not None:
            if count.value == 0 and total.value > 0:
                yield _doubt(
                    total,
                    "motors",
                    "doubt.kw_without_count",
                    row=total.row_text,
                    total=plain(total.value),
                )
            elif count.value > 0:
                mean = total.value / count.value
                if mean < low * (1 - m.tolerance) or mean > high * (1 + m.tolerance):
                    yield _doubt(
                        total,
                        "motors",
                        "doubt.motor_class",
                        row=total.row_text,
                        count=plain(count.value),
                        total=plain(total.value),
                        mean=plain(mean),
                        low=plain(low),
                        high=plain(high),
                    )
        if vfd is not None and count is not None and vfd.value > count.value:
            yield _doubt(
                vfd,
                "motors",
                "doubt.vfd_count",
                row=vfd.row_text,
                vfd=plain(vfd.value),
                count=plain(count.value),
            )


def _compressors(r: PlausibilityRules, terms: Terms) -> Iterator[Doubt]:
    k = r.compressors
    item = terms.item(k.area, k.item)
    if item is None:
        return
    for row in item.rows:
        kw = terms.cell(k.area, k.item, row.id, k.kw)
        fad = terms.cell(k.area, k.item, row.id, k.fad)
        sp = terms.cell(k.area, k.item, row.id, k.specific_power)
        if kw is None or fad is None or kw.value <= 0 or fad.value <= 0:
            continue
        implied = kw.value / fad.value
        if sp is not None and sp.value > 0:
            low, high = k.ratio
            if not low <= sp.value / implied <= high:
                yield _doubt(
                    sp,
                    "compressors",
                    "doubt.compressor_ratio",
                    row=sp.row_text,
                    sp=plain(sp.value),
                    implied=plain(implied),
                    low=plain(low),
                    high=plain(high),
                )
        elif not k.implied[0] <= implied <= k.implied[1]:
            yield _doubt(
                fad,
                "compressors",
                "doubt.compressor_implied",
                row=fad.row_text,
                kw=plain(kw.value),
                fad=plain(fad.value),
                implied=plain(implied),
                low=plain(k.implied[0]),
                high=plain(k.implied[1]),
            )


def _hazard(r: PlausibilityRules, terms: Terms) -> Iterator[Doubt]:
    h = r.hazard
    table, answer_item = terms.item(h.area, h.table), terms.item(h.area, h.answer)
    if table is None or answer_item is None:
        return
    answer = terms.answers.get(h.area, {}).get(h.answer)
    at = Term(h.area, h.answer, None, None, 0.0, Bilingual("", ""), "")
    rows = [
        (
            terms.cell(h.area, h.table, row.id, h.quantity),
            terms.cell(h.area, h.table, row.id, h.threshold),
        )
        for row in table.rows
    ]
    present = [(q, t) for q, t in rows if q is not None and q.value > 0]
    for q, t in present:
        if t is not None and t.value == 0:
            yield _doubt(
                t, "major_hazard", "doubt.hazard_threshold", row=t.row_text, q=plain(q.value)
            )
    ids = {"answer_item": h.answer, "table_item": h.table}
    if answer == "yes" and not present:
        yield _doubt(at, "major_hazard", "doubt.hazard_zero", **ids)
        return
    known = [(q.value, t.value) for q, t in present if t is not None and t.value > 0]
    if answer == "yes" and len(known) == len(present):
        total = sum(q / t for q, t in known)
        if total < 1:
            yield _doubt(at, "major_hazard", "doubt.hazard_below", sum=plain(total), **ids)
    if answer == "no":
        for q, t in present:
            if t is not None and t.value > 0 and q.value / t.value >= 1:
                yield _doubt(
                    at,
                    "major_hazard",
                    "doubt.hazard_above",
                    row=q.row_text,
                    ratio=plain(q.value / t.value),
                    **ids,
                )


# -- ranges, bands, ratios, the data year ---------------------------------------------------


def _ranges(r: PlausibilityRules, terms: Terms) -> Iterator[Doubt]:
    for rule in r.ranges:
        for t in terms.values_for(rule.area, rule.item, rule.row, rule.column):
            low, high = rule.minimum, rule.maximum
            if (low is None or t.value >= low) and (high is None or t.value <= high):
                continue
            code = (
                "doubt.range"
                if low is not None and high is not None
                else ("doubt.above" if high is not None else "doubt.below")
            )
            yield _doubt(
                t,
                rule.id,
                code,
                what=t.label,
                value=plain(t.value),
                unit=t.unit,
                min=plain(low or 0),
                max=plain(high or 0),
                why=rule.why,
            )


def _bands(
    r: PlausibilityRules, checklists: Mapping[str, Checklist], answers: Answers
) -> Iterator[Doubt]:
    for rule in r.bands:
        checklist = checklists.get(rule.area)
        if checklist is None:
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
                "value": plain(float(rate)),
                "band_item": rule.band_item,
                "band": text,
                "low": plain(bounds[0]),
                "high": plain(bounds[1]),
            },
        )
        yield Doubt(rule.area, later, None, None, rule.id, message)


def _ratios(r: PlausibilityRules, terms: Terms, ranged: set[tuple[str, str]]) -> Iterator[Doubt]:
    for rule in r.ratios:
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
        shown = (lambda x: plain(100 * x)) if share else plain
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
                    "unit": "%" if share else rule.unit,
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
        yield _doubt(t, "data_year", "doubt.year_after_visit", year=plain(t.value), date=visit_date)
