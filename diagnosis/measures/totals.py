"""Plan totals over a visit's measures: sums of the figures in force over the counted statuses,
with the count of measures still without a figure so a partial total is never taken for whole.

A proposal's investment is a range until the team enters its own figure; the totals carry the
range beside the sum at the ranges' middles. No Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from diagnosis.measures.catalogue import PROJECT_KINDS
from diagnosis.measures.estimates import PAYBACK_BUCKETS
from diagnosis.measures.proposals import COUNTED, STATUSES, MeasureView


@dataclass(frozen=True)
class Totals:
    """Sums over the measures with a counted status; a measure without a figure adds nothing
    to that sum and is counted in ``without_*`` so a partial total is never taken for whole."""

    count: int
    measures: tuple[str, ...]  # code or title of each counted measure
    investment_10k_yuan: float
    money_saved_yuan: float  # yuan/yr
    tce: float  # tce/yr, 当量值
    co2_t: float  # tCO2/yr
    water_saved_m3: float  # m³/yr
    by_bucket: Mapping[str, int]  # PAYBACK_BUCKETS and "unknown"
    by_kind: Mapping[str, int]  # programme project kind (catalogue counts_as)
    without_investment: int
    without_money: int
    realised_money_yuan: float = 0.0
    realised_tce: float = 0.0
    statuses: tuple[str, ...] = field(default=COUNTED)
    # low-high of the investment where some of it is a proposal's range (None: all figures)
    investment_range: tuple[float, float] | None = None


def totals(views: Iterable[MeasureView], *, statuses: Sequence[str] = COUNTED) -> Totals:
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise ValueError(f"unknown statuses {unknown} (use {', '.join(STATUSES)})")
    counted = [v for v in views if v.status in statuses]
    by_bucket = dict.fromkeys((*PAYBACK_BUCKETS, "unknown"), 0)
    by_kind = dict.fromkeys(sorted(PROJECT_KINDS), 0)
    for v in counted:
        by_bucket[v.payback_bucket or "unknown"] += 1
        for kind in v.counts_as:
            by_kind[kind] += 1

    def total(values: Iterable[float | None]) -> float:
        return math.fsum(x for x in values if x is not None)

    econ = [v.economics for v in counted if v.economics is not None]
    spans = [
        v.investment_range or (v.figures.investment_10k_yuan,) * 2
        for v in counted
        if v.investment_range is not None or v.figures.investment_10k_yuan is not None
    ]
    ranged = any(v.investment_range is not None for v in counted)
    realised = [v.realised for v in counted if v.realised is not None]
    return Totals(
        count=len(counted),
        measures=tuple(v.code or v.title() for v in counted),
        investment_10k_yuan=total(v.figures.investment_10k_yuan for v in counted),
        money_saved_yuan=total(v.figures.money_saved_yuan for v in counted),
        tce=total(e.tce_saved for e in econ),
        co2_t=total(e.co2_t for e in econ),
        water_saved_m3=total(v.figures.water_saved_m3 for v in counted),
        by_bucket=by_bucket,
        by_kind=by_kind,
        without_investment=sum(v.figures.investment_10k_yuan is None for v in counted),
        without_money=sum(v.figures.money_saved_yuan is None for v in counted),
        realised_money_yuan=total(e.money_saved_yuan for e in realised),
        realised_tce=total(e.tce_saved for e in realised),
        statuses=tuple(statuses),
        investment_range=(
            (total(lo for lo, _ in spans), total(hi for _, hi in spans)) if ranged else None
        ),
    )
