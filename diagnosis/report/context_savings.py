"""The accepted measures' energy saving on both bases (templates/plan/*/_savings.xml.j2): the
等价值 total beside the 当量值 one and the electricity coefficients behind them, each saying
whether it is an estimate still to be verified. Part of ``diagnosis.report.context_measures``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from diagnosis.display import figure
from diagnosis.figures.coefficients import Coefficient, format_number
from diagnosis.measures.proposals import MeasureView
from diagnosis.measures.tce import basis_totals
from diagnosis.report.citations import UNVERIFIED


def _coefficient(c: Coefficient | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "value": format_number(c.value),
        "unit": c.unit,
        "years": c.validity() or "",
        # an unverified coefficient says so in words where it prints (citations.UNVERIFIED)
        "estimate": c.confidence in UNVERIFIED,
    }


def bases(counted: Iterable[MeasureView]) -> dict[str, Any]:
    """``tce_eq``: the 等价值 total ('' when some measure's year has no 等价值 coefficient);
    ``bases``: how electricity was counted on each basis (None: no electricity saved)."""
    b = basis_totals(v.economics for v in counted)
    electricity = None
    if b.equivalent is not None:
        electricity = {
            "equivalent": _coefficient(b.equivalent),
            "equal_value": _coefficient(b.equal),
            "year": "" if b.year is None else str(b.year),
            "stand_in": b.stand_in,
        }
    return {
        "tce_eq": figure(b.equal_value, "tce"),
        "tce_eq_missing": b.missing,
        "energy_saved": b.year is not None,  # some counted measure saves energy
        "bases": electricity,
    }
