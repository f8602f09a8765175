"""The plausibility rules over tables: whole counts in any table or number counted in units,
motors against their count and power class, compressors' specific power against kW/FAD, and a
major hazard source against its quantities (plausibility.py runs them with the others).
No Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from diagnosis.checklists.format import Checklist, Column, Item
from diagnosis.messages import Bilingual, Message
from diagnosis.plain import Plain
from diagnosis.plausibility.rules import PlausibilityRules
from diagnosis.plausibility.terms import Doubt, Term, Terms, doubt

Answers = Mapping[str, Mapping[str, Any]]
CountPlace = tuple[Item, list[Column] | None]  # a number item (None), or a table's count columns


# -- whole counts ---------------------------------------------------------------------------


def _is_count(unit: str, column_id: str, r: PlausibilityRules) -> bool:
    return unit.split("/")[0].strip() in r.counts.units or column_id in r.counts.column_ids


# id(checklist) -> (the checklist, kept alive; its count places: (item, column ids or None))
_COUNTED: dict[int, tuple[Checklist, list[CountPlace]]] = {}


def _count_places(checklist: Checklist, r: PlausibilityRules) -> list[CountPlace]:
    """The number items counted in whole units, and the tables with their count columns."""
    found = _COUNTED.get(id(checklist))
    if found is None:
        places: list[CountPlace] = []
        for item in checklist.items:
            if item.type == "number" and _is_count(item.unit, "", r):
                places.append((item, None))
            columns = [c for c in item.columns if c.kind == "number" and _is_count(c.unit, c.id, r)]
            if item.type == "table" and columns:
                places.append((item, columns))
        found = _COUNTED[id(checklist)] = (checklist, places)
    return found[1]


def counts(
    r: PlausibilityRules, checklists: Mapping[str, Checklist], answers: Answers
) -> Iterator[Doubt]:
    for area, checklist in checklists.items():
        given = answers.get(area, {})
        for item, columns in _count_places(checklist, r):
            value = given.get(item.id)
            if columns is None:
                if not _whole(value):
                    what = Bilingual(item.text.zh, item.text.en)
                    yield Doubt(area, item.id, None, None, "counts", _whole_message(what, value))
                continue
            if not isinstance(value, Mapping):
                continue
            for row in item.rows:
                cells = value.get(row.id)
                if not isinstance(cells, Mapping):
                    continue
                for column in columns:
                    cell = cells.get(column.id)
                    if not _whole(cell):
                        message = _whole_message(_cell_name(row.text, column.text), cell)
                        yield Doubt(area, item.id, row.id, column.id, "counts", message)


def _whole(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return True  # not a number: nothing to doubt here
    return not math.isfinite(value) or abs(value - round(value)) < 1e-9


def _whole_message(what: Bilingual, value: object) -> Message:
    return Message("doubt.count_whole", {"what": what, "value": Plain(float(value))})  # type: ignore[arg-type]


def _cell_name(row: Bilingual, column: Bilingual) -> Bilingual:
    return Bilingual(f"{row.zh} · {column.zh}", f"{row.en} · {column.en}")


# -- equipment tables -----------------------------------------------------------------------


def motors(r: PlausibilityRules, terms: Terms) -> Iterator[Doubt]:
    m = r.motors
    for row_id, (low, high) in m.classes.items():
        count = terms.cell(m.area, m.item, row_id, m.count)
        total = terms.cell(m.area, m.item, row_id, m.total_kw)
        vfd = terms.cell(m.area, m.item, row_id, m.vfd_count)
        if total is not None and count is not None:
            if count.value == 0 and total.value > 0:
                yield doubt(
                    total,
                    "motors",
                    "doubt.kw_without_count",
                    row=total.row_text,
                    total=Plain(total.value),
                )
            elif count.value > 0:
                mean = total.value / count.value
                if mean < low * (1 - m.tolerance) or mean > high * (1 + m.tolerance):
                    yield doubt(
                        total,
                        "motors",
                        "doubt.motor_class",
                        row=total.row_text,
                        count=Plain(count.value),
                        total=Plain(total.value),
                        mean=Plain(mean),
                        low=Plain(low),
                        high=Plain(high),
                    )
        if vfd is not None and count is not None and vfd.value > count.value:
            yield doubt(
                vfd,
                "motors",
                "doubt.vfd_count",
                row=vfd.row_text,
                vfd=Plain(vfd.value),
                count=Plain(count.value),
            )


def compressors(r: PlausibilityRules, terms: Terms) -> Iterator[Doubt]:
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
                yield doubt(
                    sp,
                    "compressors",
                    "doubt.compressor_ratio",
                    row=sp.row_text,
                    sp=Plain(sp.value),
                    implied=Plain(implied),
                    low=Plain(low),
                    high=Plain(high),
                )
        elif not k.implied[0] <= implied <= k.implied[1]:
            yield doubt(
                fad,
                "compressors",
                "doubt.compressor_implied",
                row=fad.row_text,
                kw=Plain(kw.value),
                fad=Plain(fad.value),
                implied=Plain(implied),
                low=Plain(k.implied[0]),
                high=Plain(k.implied[1]),
            )


def hazard(r: PlausibilityRules, terms: Terms) -> Iterator[Doubt]:
    h = r.hazard
    table, answer_item = terms.item(h.area, h.table), terms.item(h.area, h.answer)
    if table is None or answer_item is None:
        return
    answer = terms.answers.get(h.area, {}).get(h.answer)
    at = Term(h.area, h.answer, None, None, 0.0, Bilingual("", ""), Bilingual("", ""))
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
            yield doubt(
                t, "major_hazard", "doubt.hazard_threshold", row=t.row_text, q=Plain(q.value)
            )
    ids = {"answer_item": h.answer, "table_item": h.table}
    if answer == "yes" and not present:
        yield doubt(at, "major_hazard", "doubt.hazard_zero", **ids)
        return
    known = [(q.value, t.value) for q, t in present if t is not None and t.value > 0]
    if answer == "yes" and len(known) == len(present):
        total = sum(q / t for q, t in known)
        if total < 1:
            yield doubt(at, "major_hazard", "doubt.hazard_below", sum=Plain(total), **ids)
    if answer == "no":
        for q, t in present:
            if t is not None and t.value > 0 and q.value / t.value >= 1:
                yield doubt(
                    at,
                    "major_hazard",
                    "doubt.hazard_above",
                    row=q.row_text,
                    ratio=Plain(q.value / t.value),
                    **ids,
                )
