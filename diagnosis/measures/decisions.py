"""The team's measure decisions in the portable document: JSON in, records out, and back.

Kept to the document's plain shape (lists of energy uses a person can write by hand); a bad
entry names its JSON path, like every other part of the document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.proposals import Decision

_FIELDS = (
    "code",
    "status",
    "investment_10k_yuan",
    "energy_saved",
    "water_saved_m3",
    "money_saved_yuan",
    "note",
    "custom",
    "title",
    "counts_as",
    "realised_money_yuan",
    "realised_energy",
    "project_category",
    "start_month",
    "duration_months",
)


def decision_from_dict(
    raw: Mapping[str, Any], path: str = "$"
) -> tuple[Decision | None, list[str]]:
    """The decision in ``raw``, or None and the problems, each with its JSON path."""
    problems = [f"{path}.{k}: not a field of a measure decision" for k in raw if k not in _FIELDS]
    values: dict[str, Any] = {k: raw[k] for k in _FIELDS if k in raw}
    for name in ("energy_saved", "realised_energy"):
        if values.get(name) is not None:
            uses, bad = _uses(values[name], f"{path}.{name}")
            problems += bad
            values[name] = uses
    if "counts_as" in values:
        values["counts_as"] = (
            tuple(values["counts_as"])
            if isinstance(values["counts_as"], list)
            else values["counts_as"]
        )
    if problems:
        return None, problems
    try:
        return Decision(**values), []
    except (TypeError, ValueError) as exc:
        return None, [f"{path}: {exc}"]


def _uses(raw: object, path: str) -> tuple[tuple[EnergyUse, ...], list[str]]:
    if not isinstance(raw, list):
        return (), [f"{path}: must be a list of {{carrier, quantity, unit}}"]
    out, problems = [], []
    for i, u in enumerate(raw):
        if (
            not isinstance(u, Mapping)
            or not isinstance(u.get("carrier"), str)
            or isinstance(u.get("quantity"), bool)
            or not isinstance(u.get("quantity"), (int, float))
            or not isinstance(u.get("unit"), str)
        ):
            problems.append(f"{path}[{i}]: needs carrier, quantity and unit")
            continue
        out.append(EnergyUse(u["carrier"], float(u["quantity"]), u["unit"]))
    return tuple(out), problems


def decision_to_dict(d: Decision) -> dict[str, Any]:
    out: dict[str, Any] = {"code": d.code, "status": d.status}
    for name in _FIELDS[2:]:
        value = getattr(d, name)
        if name in ("energy_saved", "realised_energy") and value is not None:
            value = [{"carrier": u.carrier, "quantity": u.quantity, "unit": u.unit} for u in value]
        elif name == "counts_as":
            value = list(value)
        if value not in (None, "", False, []):
            out[name] = value
    return out
