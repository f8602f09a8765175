"""How figures read, in the app and in the printed plan alike, so the two always agree."""

from __future__ import annotations

# Decimals per kind of figure; the app's tables and the plan both format through ``amount``.
DECIMALS = {
    "investment_10k_yuan": 2,
    "money_saved_yuan": 0,
    "tce": 2,
    "co2_t": 1,
    "water_m3": 0,
    "payback_years": 1,
    "indicator": 2,
    "score": 0,
    "priority": 0,
    "intensity": 4,  # tce per 10k yuan is typically 0.05-0.15: two decimals would hide it
    "percent": 1,
    "per_output": 2,
}

# The kind each calculator figure reads as, by its key (the assessment's indicator keys).
INDICATOR_KINDS = {
    "energy.total_tce": "tce",
    "energy.total_tce_equal_value": "tce",
    "energy.co2_t": "co2_t",
    "energy.intensity_tce_per_10k_yuan": "intensity",
    "water.intake_m3": "water_m3",
    "water.reuse_rate": "percent",
    "water.intake_per_10k_yuan": "per_output",
}


def amount(value: float | None, decimals: int) -> str:
    """``value`` with thousands separators and fixed decimals; '' when unknown."""
    return "" if value is None else f"{value:,.{decimals}f}"


def figure(value: float | None, kind: str) -> str:
    """``value`` formatted as the figures of ``kind`` (a key of DECIMALS) are everywhere."""
    return amount(value, DECIMALS[kind])


def indicator(key: str, value: float | None) -> str:
    """A calculator figure (by its indicator key) as the results panel and the plan show it."""
    return figure(value, INDICATOR_KINDS.get(key, "indicator"))
