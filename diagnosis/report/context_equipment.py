"""The plan's equipment context (issue 17): templates/plan/*/_equipment.xml.j2.

Each recorded equipment table of the energy checklist (E07-E10) as rows of formatted cells, the
grade each row reaches against its standard (``diagnosis.figures.equipment_inventory``), the rows
to check
against the obsolete-equipment catalogue and the team's own answer to that check (E12). Row and
choice words come from the visit's checklist; every other word is the templates'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.checklists.format import Item
from diagnosis.display import amount, figure
from diagnosis.figures.equipment_inventory import (
    GradeTable,
    Unit,
    inventory,
    motor_totals,
    number,
)
from diagnosis.messages import Lang
from diagnosis.report.context_answers import pick
from diagnosis.visits.document import Document

# Decimals of each column as the tables print them (counts whole, powers and rates as recorded).
_DECIMALS = {
    "count": 0,
    "vfd_count": 0,
    "total_kw": 1,
    "kw": 1,
    "capacity_kva": 0,
    "load_pct": 0,
    "pressure_bar": 1,
    "fad": 1,
    "specific_power": 2,
    "capacity_tph": 1,
    "efficiency_pct": 1,
}


def _cell(item: Item, row: Mapping[str, Any], column: str, lang: Lang) -> str:
    """A cell as printed: a number with its column's decimals, a choice's words, typed text."""
    value = row.get(column)
    col = next((c for c in item.columns if c.id == column), None)
    if col is not None and col.kind == "choice":
        chosen = next((o for o in col.choices if o.value == value), None)
        return pick(chosen.text, lang) if chosen is not None else ""
    if column in _DECIMALS:
        return amount(number(value), _DECIMALS[column])
    return value.strip() if isinstance(value, str) else ""


def _row(item: Item, u: Unit, lang: Lang) -> dict[str, Any]:
    label = next((r.text for r in item.rows if r.id == u.row), None)
    return {
        "id": u.row,
        "label": pick(label, lang) if label is not None else u.row,
        "cells": {c.id: _cell(item, u.cells, c.id, lang) for c in item.columns},
        "status": u.status,
        "grade": "" if u.grade is None else str(u.grade),
        "candidate": u.candidate,
        "batches": [str(n) for n in u.candidate_batches],
    }


def _batch(table: GradeTable, n: int, lang: Lang) -> dict[str, Any]:
    b = table.batches[n]
    return {
        "n": str(b.n),
        "year": str(b.year),
        "announcement": pick(b.announcement, lang),
        "verified": b.confidence == "V",
    }


def _motor_summary(units: tuple[Unit, ...]) -> dict[str, str]:
    t = motor_totals(units)
    return {
        "count": amount(t.count, 0),
        "kw": amount(t.kw, 1),
        "below_count": amount(t.below_count, 0),
        "below_kw": amount(t.below_kw, 1),
        "below_share": figure(t.below_share, "percent"),
    }


def build(
    doc: Document,
    a: Assessment,
    lang: Lang,
    *,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Empty (the template prints nothing) when the visit has no energy area."""
    checklist = a.checklists.get("energy")
    if checklist is None or "energy" not in doc.visit.areas:
        return {}
    inv = inventory(doc.answers.get("energy", {}))
    table = inv.table
    kinds: list[dict[str, Any]] = []
    for kind, units in inv.kinds:
        rule = table.kinds[kind]
        item = checklist.item(rule.item)
        order = {r.id: i for i, r in enumerate(item.rows)}
        s = rule.standard
        kinds.append(
            {
                "key": kind,
                "item": rule.item,
                "standard": {
                    "number": s.number,
                    "title": pick(s.title, lang),
                    "verified": s.verified,
                },
                "limit_grade": str(rule.limit_grade),
                "equivalents": {str(g): ie for g, ie in rule.equivalents.items()},
                # in the checklist's row order (the answer keeps the order it was typed in)
                "rows": [
                    _row(item, u, lang)
                    for u in sorted(units, key=lambda u: order.get(u.row, len(order)))
                ],
                "summary": _motor_summary(units) if kind == "motors" else None,
                "below_limit": sum(u.status == "below_limit" for u in units),
                "unknown": sum(u.status == "unknown" for u in units),
            }
        )
    batches = sorted({n for u in inv.candidates for n in u.candidate_batches})
    e12 = checklist.item("E12")
    chosen = e12.option(inv.e12) if inv.e12 is not None else None
    return {
        "kinds": kinds,
        "catalogue": pick(table.catalogue, lang),
        "candidates": [{"kind": k["key"], **r} for k in kinds for r in k["rows"] if r["candidate"]],
        "batches": {str(n): _batch(table, n, lang) for n in batches},
        "e12": None if chosen is None else {"value": chosen.value, "text": pick(chosen.text, lang)},
        "version": table.version,
    }
