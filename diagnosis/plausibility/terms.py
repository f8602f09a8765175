"""What the plausibility checks read and write: the figures (an answer, a table cell, a
column's sum, a register field, or a figure computed from the answers: total energy, water
intake, output value), each with the place it was typed, its name and its unit; and the Doubt
each check raises there. No Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from diagnosis.checklists.format import Checklist, Column, Item, Row
from diagnosis.checklists.units import unit_text
from diagnosis.figures.coefficients import CoefficientNotFound
from diagnosis.messages import Bilingual, Lang, Message
from diagnosis.plain import plain
from diagnosis.plausibility.rules import Quantity
from diagnosis.register.enterprise import FIELD_BY_NAME, Enterprise

if TYPE_CHECKING:
    from diagnosis.visits.activity import Activity

_NO_TEXT = Bilingual("", "")
_ENERGY_TABLE = ("energy", "E02")
_WATER_TABLE = ("water", "W01")
_OUTPUT = ("energy", "E03")


def _words(code: str, **params: object) -> Bilingual:
    message = Message(code, params)
    return Bilingual(message.text("zh"), message.text("en"))


def unit_words(unit: str) -> Bilingual:
    """A checklist's (or a rule's) unit as each language writes it: "h/yr" is "h/年" in a
    Chinese message, "元/kWh" "yuan/kWh" in an English one (diagnosis.checklists.units)."""
    return Bilingual(unit_text(unit, "zh"), unit_text(unit, "en"))


@dataclass(frozen=True)
class Term:
    """A figure and where it was typed (item "" when it was not: the register)."""

    area: str
    item: str
    row: str | None
    column: str | None
    value: float
    label: Bilingual
    unit: Bilingual  # in each language (``unit_words``)
    row_text: Bilingual = _NO_TEXT

    def phrase(self) -> Bilingual:
        zh, en = (f" {u}" if u else "" for u in self.unit)
        return Bilingual(
            f"{self.label.zh} {plain(self.value)}{zh}",
            f"{self.label.en} {plain(self.value)}{en}",
        )


@dataclass(frozen=True)
class Indexed:
    """One item of a checklist with its rows and columns by id (looked up many times a
    keystroke: a linear search of each checklist cost a millisecond)."""

    item: Item
    rows: Mapping[str, Row]
    columns: Mapping[str, Column]


# id(checklist) -> (the checklist, kept alive so the id stays its own; its items by id)
_INDEX: dict[int, tuple[Checklist, dict[str, Indexed]]] = {}


def index(checklist: Checklist) -> dict[str, Indexed]:
    found = _INDEX.get(id(checklist))
    if found is None:
        items = {
            i.id: Indexed(i, {r.id: r for r in i.rows}, {c.id: c for c in i.columns})
            for i in checklist.items
        }
        found = _INDEX[id(checklist)] = (checklist, items)
    return found[1]


def number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


class Terms:
    """Looks figures up in one visit's answers, on its own checklist versions."""

    def __init__(
        self,
        checklists: Mapping[str, Checklist],
        answers: Mapping[str, Mapping[str, Any]],
        enterprise: Enterprise,
        activity: Activity,
    ) -> None:
        self.checklists = checklists
        self.answers = answers
        self.enterprise = enterprise
        self.activity = activity

    def item(self, area: str, item_id: str) -> Item | None:
        found = self._indexed(area, item_id)
        return None if found is None else found.item

    def _indexed(self, area: str, item_id: str) -> Indexed | None:
        checklist = self.checklists.get(area)
        return None if checklist is None else index(checklist).get(item_id)

    def answer(self, area: str, item_id: str) -> Term | None:
        item = self.item(area, item_id)
        if item is None or item.type != "number":
            return None
        value = number(self.answers.get(area, {}).get(item_id))
        if value is None:
            return None
        label = Bilingual(item.text.zh, item.text.en)
        return Term(area, item_id, None, None, value, label, unit_words(item.unit))

    def cell(self, area: str, item_id: str, row_id: str, column_id: str) -> Term | None:
        table = self.answers.get(area, {}).get(item_id)
        cells = table.get(row_id) if isinstance(table, Mapping) else None
        value = number(cells.get(column_id)) if isinstance(cells, Mapping) else None
        found = self._indexed(area, item_id) if value is not None else None
        if found is None or value is None or found.item.type != "table":
            return None
        row, column = found.rows.get(row_id), found.columns.get(column_id)
        if row is None or column is None:
            return None
        row_text = Bilingual(row.text.zh, row.text.en)
        label = Bilingual(f"{row.text.zh} · {column.text.zh}", f"{row.text.en} · {column.text.en}")
        unit = (column.unit or row.unit).removesuffix("/yr") if column.unit or row.unit else ""
        return Term(area, item_id, row_id, column_id, value, label, unit_words(unit), row_text)

    def values_for(
        self, area: str, item_id: str, row_id: str | None, column_id: str | None
    ) -> list[Term]:
        """The answer (no column), one cell, or a column's cells in every row (no row)."""
        if column_id is None:
            found = self.answer(area, item_id)
            return [] if found is None else [found]
        if row_id is not None:
            cell = self.cell(area, item_id, row_id, column_id)
            return [] if cell is None else [cell]
        item = self.item(area, item_id)
        rows = item.rows if item is not None else ()
        return [c for r in rows if (c := self.cell(area, item_id, r.id, column_id)) is not None]

    def quantity(self, q: Quantity) -> Term | None:
        if q.kind == "answer":
            return self.answer(*q.ref[:2])
        if q.kind == "cell":
            return self.cell(*q.ref[:4])
        if q.kind == "column_sum":
            area, item_id, column_id = q.ref[:3]
            cells = self.values_for(area, item_id, None, column_id)
            item = self.item(area, item_id)
            if not cells or item is None:
                return None
            column = next(c for c in item.columns if c.id == column_id)
            label = Bilingual(f"{item.id} {column.text.zh}", f"{item.id} {column.text.en}")
            total = sum(c.value for c in cells)
            return Term(area, item_id, None, column_id, total, label, cells[0].unit)
        if q.kind == "register":
            return self._register(q.ref[0], q.factor)
        return self._computed(q.ref[0])

    def _register(self, name: str, factor: float) -> Term | None:
        value = number(getattr(self.enterprise, name, None))
        spec = FIELD_BY_NAME.get(name)
        if value is None or value <= 0 or spec is None:
            return None
        label = _words("quantity.register", field=Bilingual(spec.zh, spec.en))
        unit = (
            Bilingual("m²", "m²")
            if factor != 1.0 and name == "land_area"
            else Bilingual(spec.unit_zh, spec.unit_en)
        )
        return Term("", "", None, None, value * factor, label, unit)

    def _computed(self, name: str) -> Term | None:
        a = self.activity
        if name == "output_10k_yuan":
            if a.output_value_10k_yuan is None:
                return None
            if a.output_from == "answer":
                return Term(
                    *_OUTPUT,
                    None,
                    None,
                    a.output_value_10k_yuan,
                    _words("quantity.output_answer"),
                    unit_words("万元"),
                )
            return Term(
                "",
                "",
                None,
                None,
                a.output_value_10k_yuan,
                _words("quantity.output_register"),
                unit_words("万元"),
            )
        if name == "water_intake_m3":
            if not a.water_use:
                return None
            biggest = max(a.water_use, key=lambda w: w.quantity)
            total = sum(w.quantity for w in a.water_use)
            return Term(
                *_WATER_TABLE,
                biggest.source,
                "quantity",
                total,
                _words("quantity.water_intake"),
                unit_words("m³"),
            )
        return self._energy()

    def _energy(self) -> Term | None:
        from diagnosis.figures.indicators import total_energy

        a = self.activity
        if not a.energy_use:
            return None
        try:
            figure = total_energy(a.energy_use, basis="equivalent", year=a.year)
        except (ValueError, CoefficientNotFound):
            return None
        contributions = [t.contribution for t in figure.terms]
        biggest = a.energy_use[contributions.index(max(contributions))]
        return Term(
            *_ENERGY_TABLE,
            biggest.carrier,
            "quantity",
            figure.value,
            _words("quantity.energy_tce"),
            unit_words("tce"),
        )


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


def doubt(t: Term, rule: str, code: str, **params: object) -> Doubt:
    return Doubt(t.area, t.item, t.row, t.column, rule, Message(code, params))
