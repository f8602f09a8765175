"""Energy saved by measures in tce on both bases, as GB/T 13234-2018 (用能单位节能量计算方法)
counts a measure's saving: the physical quantity of each energy saved × the standard-coal
coefficient of GB/T 2589 that the visit's own figures use, summed. Both bases differ only for
electricity: 当量值 at its calorific equivalent, 等价值 at the data year's coal use per kWh
supplied (供电标准煤耗), which ``indicators.total_energy`` looks up per year.

The 当量值 figure stays the one ``measure_economics`` computes; this adds the 等价值 beside it.
No Qt, no SQL, no wording.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from diagnosis.figures.coefficients import Coefficient, CoefficientNotFound, coefficient_table
from diagnosis.figures.indicators import CARRIERS, total_energy
from diagnosis.measures.economics import Economics

_ELECTRICITY = CARRIERS["electricity"]


def equal_value_tce(econ: Economics | None) -> float | None:
    """The tce a measure saves on the 等价值 basis; None without an energy saving, or when the
    table has no 等价值 coefficient for the data year or before it (nothing is extrapolated)."""
    if econ is None or not econ.energy_saved:
        return None
    try:
        return total_energy(econ.energy_saved, basis="equal_value", year=econ.year).value
    except CoefficientNotFound:
        return None


@dataclass(frozen=True)
class BasisTotals:
    """The 等价值 total over measures, and the electricity coefficients behind both bases."""

    equal_value: float | None  # None: some measure's saving has no 等价值 (see ``missing``)
    missing: int  # measures with an energy saving but no 等价值 coefficient for their year
    year: int | None  # the data year the coefficients are read for
    equivalent: Coefficient | None  # electricity 当量值 (None: no electricity saved)
    equal: Coefficient | None  # electricity 等价值 used (None: none for the year)

    @property
    def stand_in(self) -> bool:
        """The 等价值 coefficient is another year's (the latest before the data year)."""
        return (
            self.equal is not None and self.year is not None and not self.equal.valid_in(self.year)
        )


def basis_totals(econs: Iterable[Economics | None]) -> BasisTotals:
    """Over the measures counted in the plan's totals (pass their economics)."""
    with_energy = [e for e in econs if e is not None and e.energy_saved]
    values = [equal_value_tce(e) for e in with_energy]
    missing = sum(v is None for v in values)
    total = None if missing else math.fsum(v for v in values if v is not None)
    electric = [e for e in with_energy if any(u.carrier == "electricity" for u in e.energy_saved)]
    if not electric:
        return BasisTotals(total, missing, with_energy[0].year if with_energy else None, None, None)
    year = electric[0].year  # one visit: one data year for all its measures
    table = coefficient_table()
    equivalent = table.lookup(_ELECTRICITY.tce, year=year)
    try:
        equal: Coefficient | None = table.lookup(str(_ELECTRICITY.tce_equal_value), year=year)
    except CoefficientNotFound:
        equal = None
    return BasisTotals(total, missing, year, equivalent, equal)
