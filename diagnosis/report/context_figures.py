"""The plan's indicator figures as plain data: each value, its inputs with their coefficients
and numbered sources, or why it could not be computed. Part of ``diagnosis.report.context``.

No wording: a coefficient that stood in for one of another year or region goes to the
templates as data (``stand_ins``), for them to word.
"""

from __future__ import annotations

import math
from typing import Any

from diagnosis.assessment.assess import Assessment
from diagnosis.display import figure
from diagnosis.figures.coefficients import Coefficient, format_number
from diagnosis.figures.indicators import Figure, Term
from diagnosis.messages import Lang
from diagnosis.report.citations import line as source_line
from diagnosis.report.context_answers import pick
from diagnosis.visits.document import Document

# The seven figures of the score JSON, in the plan's order: (key, plain key for the templates,
# area, display kind, unit). Every one reads as the app's results panel shows it (the kinds of
# display.INDICATOR_KINDS), so the plan and the screen agree. 1 t of water is 1 m³ (GB/T 7119).
FIGURES: tuple[tuple[str, str, str, str, str], ...] = (
    ("energy.total_tce", "tce", "energy", "tce", "tce"),
    ("energy.total_tce_equal_value", "tce_equal_value", "energy", "tce", "tce"),
    ("energy.co2_t", "co2", "energy", "co2_t", "tCO2"),
    ("energy.intensity_tce_per_10k_yuan", "intensity", "energy", "intensity", "tce/万元"),
    ("water.intake_m3", "water", "water", "water_m3", "m³/a"),
    ("water.reuse_rate", "reuse_rate", "water", "percent", "%"),
    ("water.intake_per_10k_yuan", "water_per_output", "water", "per_output", "m³/万元"),
)
# The calculators count water in t (1 t = 1 m³, GB/T 7119); the plan prints one water unit, m³.
_WATER_UNITS = {"t": "m³", "t/a": "m³/a", "t/yr": "m³/a", "t/万元": "m³/万元"}
_KIND_OF = {plain: kind for _key, plain, _area, kind, _unit in FIGURES}
# A figure derived from another cannot be computed when that one could not.
_DEPENDS = {
    "energy.intensity_tce_per_10k_yuan": "energy.total_tce",
    "water.reuse_rate": "water.intake_m3",
    "water.intake_per_10k_yuan": "water.intake_m3",
}
_PER_OUTPUT = ("energy.intensity_tce_per_10k_yuan", "water.intake_per_10k_yuan")


def _coefficient(
    c: Coefficient | None, lang: Lang, refs: dict[tuple[str, str], str]
) -> dict[str, str] | None:
    """A coefficient with ``ref``, the number of its source among the figure's sources: a
    source cited by several inputs is printed once under the table, as ``citations`` prints
    it (never the internal source or its confidence tag)."""
    if c is None:
        return None
    ref = refs.setdefault((source_line(c.source, c.confidence, lang), ""), str(len(refs) + 1))
    return {
        "key": c.key,
        "value": format_number(c.value),
        "unit": c.unit,
        "ref": ref,
        # Internal provenance, for tests and the app; the templates print only ``ref``.
        "source": c.source,
        "confidence": c.confidence,
        "years": c.validity(),
        "region": c.region or "",
    }


def _plain_key(f: Figure) -> str:
    """The plain key of a figure another one was derived from (total energy, water intake)."""
    if f.key == "energy.total":
        return "tce_equal_value" if f.basis == "equal_value" else "tce"
    return {"water.intake": "water", "co2.total": "co2"}.get(f.key, "")


def _term(
    t: Term,
    kind: str,
    lang: Lang,
    refs: dict[tuple[str, str], str],
    derived: tuple[Figure, ...] = (),
    water: bool = False,
) -> dict[str, Any]:
    inner = next(
        (f for f in derived if f.unit == t.quantity_unit and math.isclose(f.value, t.quantity)),
        None,
    )
    plain = _plain_key(inner) if inner is not None else ""
    # A figure of this plan used as an input reads as it does in its own table (664.44 tce).
    quantity = figure(t.quantity, _KIND_OF[plain]) if plain in _KIND_OF else None
    return {
        "label": pick(t.label, lang),
        "quantity": quantity or format_number(t.quantity),
        "unit": _WATER_UNITS.get(t.quantity_unit, t.quantity_unit) if water else t.quantity_unit,
        "conversion": _coefficient(t.conversion, lang, refs),
        "coefficient": _coefficient(t.coefficient, lang, refs),
        "contribution": figure(t.contribution, kind)
        if t.coefficient is not None
        else quantity or format_number(t.contribution),
        "contribution_unit": _WATER_UNITS.get(t.contribution_unit, t.contribution_unit)
        if water
        else t.contribution_unit,
        # The figure of this plan this input is, where it is one: its own table shows its
        # inputs, so the template points there instead of calling it measured data.
        "figure": plain,
    }


def _reason(key: str, doc: Document, a: Assessment) -> tuple[str, str]:
    """Why a figure is missing, as a key the templates word, and the calculator's own text."""
    said = a.missing.get(key, "")
    if key.startswith("energy.") and not doc.energy_use:
        return "no_energy", said
    if key.startswith("water.") and not doc.water_use:
        return "no_water", said
    depends = _DEPENDS.get(key)
    if depends is not None and depends not in a.indicators:
        return "depends", a.missing.get(depends, "")
    if said.startswith("no water_reused"):
        return "no_reuse", said
    if said.startswith("no coefficient '"):  # CoefficientNotFound: the message names a table key
        return "no_coefficient", ""
    if key in _PER_OUTPUT and not doc.output_value_10k_yuan:
        return "no_output", said
    return "error", said


def _stand_ins(f: Figure, lang: Lang) -> list[dict[str, str]]:
    """The input, what the coefficient is (its key's first part: tce, co2, enthalpy), the year or
    region asked for and the one used."""
    return [
        {
            "input": pick(x.input, lang),
            "coefficient": x.coefficient.split(".", 1)[0],
            "kind": x.kind,
            "asked": x.asked,
            "used": x.used,
        }
        for x in f.stand_ins
    ]


def indicator(key: str, doc: Document, a: Assessment, lang: Lang) -> dict[str, Any]:
    plain, area, kind, unit = next(row[1:] for row in FIGURES if row[0] == key)
    f: Figure | None = a.indicators.get(key)
    entry: dict[str, Any] = {
        "key": plain,
        "indicator": key,
        "area": area,
        "computed": f is not None,
        "value": "",
        "unit": unit,
        "basis": "",
        "year": "",
        "method": "",
        "stand_ins": [],
        "inputs": [],
        "sources": [],
        "reason": "",
        "detail": "",
        "depends_on": "",
    }
    if f is None:
        reason, detail = _reason(key, doc, a)
        depends = _DEPENDS.get(key, "")
        entry.update(
            reason=reason,
            detail=detail,
            depends_on=next((p for k, p, *_ in FIGURES if k == depends), ""),
        )
        return entry
    refs: dict[tuple[str, str], str] = {}
    inputs = [_term(t, kind, lang, refs, f.inputs, area == "water") for t in f.terms]
    entry.update(
        value=figure(f.value, kind),
        basis=f.basis or "",
        year="" if f.year is None else str(f.year),
        method=pick(f.note, lang),
        stand_ins=_stand_ins(f, lang),
        inputs=inputs,
        sources=[{"ref": ref, "text": text} for (text, _), ref in refs.items()],
    )
    return entry
