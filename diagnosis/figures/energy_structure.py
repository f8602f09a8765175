"""The energy-consumption structure of a visit: each carrier's quantity, standard coal on both
bases (当量值/等价值), its share and its cost where the firm gave a price, and the energy per unit
of product from E06's rows.

It reads the assessment's own totals (``diagnosis.figures.indicators.total_energy``), so every
carrier's
tce here is a term of the figure the plan prints elsewhere: no coefficient is looked up or copied.
No Qt, no SQL, no wording.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from diagnosis.figures.coefficients import Coefficient
from diagnosis.figures.indicators import EnergyUse, Figure
from diagnosis.messages import Bilingual

# Carriers the checklist asks a price for (E34 electricity 元/kWh, E35 gas 元/m³). Other carriers
# have no price question: their cost is left in E04's remainder, never estimated here.
PRICE_ITEMS = {"electricity": "E34", "natural_gas": "E35"}
COST_ITEM = "E04"  # the year's total energy cost, 万元
PRODUCTS_ITEM = "E06"
PRODUCT_ROWS = tuple(f"product_{n}" for n in range(1, 6))
SHARE_TOLERANCE = 0.5  # percentage points: shares rounded by hand may add to 100.4

PerUnitHow = Literal["whole_site", "allocated"]
PerUnitWhyNot = Literal["no_energy", "no_output", "no_share", "shares_exceed"]


@dataclass(frozen=True)
class CarrierRow:
    carrier: str
    label: Bilingual
    quantity: float
    unit: str
    tce_equivalent: float
    tce_equal_value: float
    share_equivalent: float  # % of the total on that basis
    share_equal_value: float
    price: float | None  # 元 per unit, as answered
    price_item: str | None
    cost_10k_yuan: float | None


@dataclass(frozen=True)
class Structure:
    rows: tuple[CarrierRow, ...]
    total_equivalent: float
    total_equal_value: float
    electricity: tuple[Coefficient, Coefficient] | None  # (当量值, 等价值) coefficients used
    priced_10k_yuan: float | None  # sum of the priced carriers' costs; None: none priced
    energy_cost_10k_yuan: float | None  # E04 as answered
    unallocated_10k_yuan: float | None  # E04 − priced, where E04 is at least the priced sum
    priced_exceeds_total: bool  # the priced carriers alone cost more than E04 says


def _share(part: float, total: float) -> float:
    return part / total * 100 if total > 0 else 0.0


def structure(
    uses: Sequence[EnergyUse],
    equivalent: Figure,
    equal_value: Figure,
    answers: Mapping[str, Any],
) -> Structure:
    """``uses`` in the order the totals were computed from (``Document.energy_use``);
    ``answers``: the energy area's answers (E04, E34, E35)."""
    if not (len(uses) == len(equivalent.terms) == len(equal_value.terms)):
        raise ValueError("the totals were not computed from these energy uses")
    rows = []
    electricity = None
    for use, eq, ev in zip(uses, equivalent.terms, equal_value.terms, strict=True):
        item = PRICE_ITEMS.get(use.carrier)
        price = _positive(answers.get(item)) if item else None
        cost = use.quantity * price / 10_000 if price is not None else None
        if use.carrier == "electricity" and eq.coefficient and ev.coefficient:
            electricity = (eq.coefficient, ev.coefficient)
        rows.append(
            CarrierRow(
                use.carrier,
                eq.label,
                use.quantity,
                eq.quantity_unit,
                eq.contribution,
                ev.contribution,
                _share(eq.contribution, equivalent.value),
                _share(ev.contribution, equal_value.value),
                price,
                item if price is not None else None,
                cost,
            )
        )
    costs = [r.cost_10k_yuan for r in rows if r.cost_10k_yuan is not None]
    priced = math.fsum(costs) if costs else None
    total_cost = _positive(answers.get(COST_ITEM))
    rest, exceeds = None, False
    if total_cost is not None:
        rest = total_cost - (priced or 0.0)
        exceeds = rest < 0
        rest = None if exceeds else rest
    return Structure(
        tuple(rows),
        equivalent.value,
        equal_value.value,
        electricity,
        priced,
        total_cost,
        rest,
        exceeds,
    )


# -- per unit of product -------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    row: str
    name: str
    unit: str  # a checklist unit key: t, piece, m, m2, m3, kwh, other ("" when not chosen)
    output: float | None
    share_pct: float | None  # the share of the site's energy the team attributes to it
    limit: str  # an energy_limits key or "none"


@dataclass(frozen=True)
class PerUnit:
    product: Product
    how: PerUnitHow | None
    why_not: PerUnitWhyNot | None
    equivalent: float | None  # kgce per unit of product
    equal_value: float | None


def products_of(answer: object) -> tuple[Product, ...]:
    """E06's rows that name a product or give an output, in row order. A 2026.2 visit's E06 is
    text, not rows: it has none (the plan prints the text)."""
    if not isinstance(answer, Mapping):
        return ()
    out = []
    for row in PRODUCT_ROWS:
        cells = answer.get(row)
        if not isinstance(cells, Mapping):
            continue
        name = str(cells.get("name") or "").strip()
        output = _positive(cells.get("output"))
        if not name and output is None:
            continue
        out.append(
            Product(
                row,
                name,
                str(cells.get("unit") or ""),
                output,
                _positive(cells.get("share_pct")),
                str(cells.get("limit") or "none"),
            )
        )
    return tuple(out)


def per_unit(
    products: Sequence[Product], equivalent: float | None, equal_value: float | None
) -> tuple[PerUnit, ...]:
    """kgce per unit of each product. Defined only where the energy it takes is known: the
    whole site's for a single product, or the share the team attributed to it; never split
    between several products by guess."""
    shares = [p.share_pct for p in products if p.share_pct is not None]
    exceeds = math.fsum(shares) > 100 + SHARE_TOLERANCE
    out = []
    for p in products:
        how: PerUnitHow | None = None
        why: PerUnitWhyNot | None = None
        if equivalent is None or equal_value is None:
            why = "no_energy"
        elif p.output is None:
            why = "no_output"
        elif exceeds and p.share_pct is not None:
            why = "shares_exceed"
        elif p.share_pct is not None:
            how = "allocated"
        elif len(products) == 1:
            how = "whole_site"
        else:
            why = "no_share"
        if how is None or p.output is None or equivalent is None or equal_value is None:
            out.append(PerUnit(p, None, why, None, None))
            continue
        fraction = 1.0 if how == "whole_site" else (p.share_pct or 0.0) / 100
        out.append(
            PerUnit(
                p,
                how,
                None,
                equivalent * fraction * 1000 / p.output,  # tce -> kgce
                equal_value * fraction * 1000 / p.output,
            )
        )
    return tuple(out)


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _positive(value: object) -> float | None:
    v = _number(value)
    return v if v is not None and v > 0 else None
