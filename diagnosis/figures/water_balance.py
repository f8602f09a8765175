"""A simple water balance after GB/T 12452 and the intake per unit of product against the
intake quota (GB/T 18916, provincial 用水定额), from a visit's water answers.

Consumption is never measured in a diagnosis: it is what the intake leaves once discharge
and leakage are taken off, so it is derived and said to be. When discharge and leakage exceed
what came in, the inputs do not balance: no consumption is computed (never a negative one),
and the answers to check are named. Pure: no wording, no Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from diagnosis.figures.water_quotas import Quota, QuotaTable

# The questions each quantity is asked in (water checklist), named when one is missing or off.
DISCHARGE, LEAKAGE, WASTEWATER_REUSED, PRODUCTS = "W12", "W16", "W13", "W23"

Status = Literal["within", "above", "no_quota", "not_covered", "unit_mismatch", "no_intake"]


@dataclass(frozen=True)
class Balance:
    intake: float  # V_i, m³ a year
    non_conventional: float  # rain and other sources used (W01), counted in with the intake
    reused: float | None  # V_r
    discharge: float | None  # V_d
    leakage: float | None  # V_l
    wastewater_reused: float | None  # V_w
    consumption: float | None  # V_co, derived; None when not computable or not balancing
    missing: tuple[str, ...]  # items whose answer the consumption needs and lacks
    excess: float  # by how much discharge + leakage exceed the water in (0 when they do not)

    @property
    def water_in(self) -> float:
        return self.intake + self.non_conventional

    @property
    def closes(self) -> bool | None:
        """True: consumption not negative; False: out exceeds in; None: not computable."""
        if self.missing:
            return None
        return self.excess <= 0

    @property
    def total_use(self) -> float | None:
        """V_t = V_i + V_r, the denominator of the repeated-utilisation rate."""
        return None if self.reused is None else self.intake + self.reused

    @property
    def leakage_rate(self) -> float | None:
        """K_l = V_l / V_i × 100 % (GB/T 7119)."""
        if self.leakage is None or self.intake <= 0:
            return None
        return self.leakage / self.intake * 100

    @property
    def wastewater_reuse_rate(self) -> float | None:
        """K_w = V_w / (V_d + V_w) × 100 % (GB/T 7119)."""
        if self.wastewater_reused is None or self.discharge is None:
            return None
        whole = self.discharge + self.wastewater_reused
        return None if whole <= 0 else self.wastewater_reused / whole * 100

    @property
    def consumption_share(self) -> float | None:
        """V_co as a share of the water taken in (V_i plus non-conventional water)."""
        if self.consumption is None or self.water_in <= 0:
            return None
        return self.consumption / self.water_in * 100


def water_balance(
    intake: float, non_conventional: float, answers: Mapping[str, Any], reused: float | None
) -> Balance:
    """V_co = V_i + V_u − V_d − V_l, where V_u is the non-conventional water used (0 for most
    firms, giving GB/T 12452's V_i − V_d − V_l)."""
    discharge = number(answers.get(DISCHARGE), DISCHARGE)
    leakage = number(answers.get(LEAKAGE), LEAKAGE)
    wastewater = number(answers.get(WASTEWATER_REUSED), WASTEWATER_REUSED)
    missing = tuple(i for i, v in ((DISCHARGE, discharge), (LEAKAGE, leakage)) if v is None)
    consumption, excess = None, 0.0
    if not missing:
        assert discharge is not None and leakage is not None
        rest = intake + non_conventional - discharge - leakage
        if rest >= 0:
            consumption = rest
        else:
            excess = -rest
    return Balance(
        intake, non_conventional, reused, discharge, leakage, wastewater, consumption, missing,
        excess,
    )  # fmt: skip


@dataclass(frozen=True)
class ProductIntake:
    row: str  # product_1..
    name: str
    unit: str  # as written
    output: float
    intake: float | None  # m³ a year attributed to the product
    intake_from: Literal["row", "plant", ""]  # its own answer, or the plant's V_i (one product)
    per_unit: float | None  # m³ per unit written (per quota unit when compared)
    quota: Quota | None
    quota_key: str  # as answered ("" or "none": no quota chosen)
    status: Status
    excess: float  # per_unit − quota, when above
    excess_pct: float  # (per_unit / quota − 1) × 100, when above


def products(answer: object, intake: float | None, table: QuotaTable) -> list[ProductIntake]:
    """The product rows of W23 with an output above 0, each compared with its quota. A row
    without its own intake takes the plant's only when it is the one product recorded: the
    plant's water cannot be split between products without sub-meters."""
    rows = answer if isinstance(answer, Mapping) else {}
    given = [
        (row_id, cells)
        for row_id, cells in rows.items()
        if isinstance(cells, Mapping)
        and (q := number(cells.get("output"), PRODUCTS, row_id)) is not None
        and q > 0
    ]
    out: list[ProductIntake] = []
    for row_id, cells in given:
        output = number(cells.get("output"), PRODUCTS, row_id) or 0.0
        own = number(cells.get("intake"), PRODUCTS, row_id)
        source: Literal["row", "plant", ""] = "row" if own is not None else ""
        used = own
        if used is None and len(given) == 1 and intake is not None:
            used, source = intake, "plant"
        out.append(_compared(row_id, cells, output, used, source, table))
    return out


def _compared(
    row_id: str,
    cells: Mapping[str, Any],
    output: float,
    intake: float | None,
    source: Literal["row", "plant", ""],
    table: QuotaTable,
) -> ProductIntake:
    unit = str(cells.get("unit") or "").strip()
    key = str(cells.get("quota") or "")
    quota = table.entries.get(key)
    per_unit = None if intake is None else intake / output
    status: Status
    excess = excess_pct = 0.0
    if key in ("", "none"):
        status = "no_quota"
    elif quota is None:
        status = "not_covered"  # a choice this version of the table no longer holds
    elif (factor := table.factor(unit, quota.output_unit)) is None:
        status = "unit_mismatch"
    elif per_unit is None:
        status = "no_intake"
    else:
        per_unit = per_unit / factor  # m³ per m -> m³ per 100 m
        status = "within" if per_unit <= quota.value else "above"
        if status == "above":
            excess = per_unit - quota.value
            excess_pct = (per_unit / quota.value - 1) * 100
    return ProductIntake(
        row_id, str(cells.get("name") or "").strip(), unit, output, intake, source, per_unit,
        quota, key, status, excess, excess_pct,
    )  # fmt: skip


class BadQuantity(ValueError):
    """A recorded quantity that is not a number of 0 or more: the item (and table row) and
    the value, for the plan to name the answer to correct."""

    def __init__(self, item: str, row: str, value: object) -> None:
        where = f"{item} {row}".strip()
        super().__init__(f"{where}: {value!r} is not a quantity of 0 or more")
        self.item, self.row, self.value = item, row, value


def number(value: object, item: str, row: str = "") -> float | None:
    """A recorded quantity: None when not answered; BadQuantity for one that is not a number
    of 0 or more (the checklist's ranges keep these out; an imported file may not)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadQuantity(item, row, value)
    if not math.isfinite(value) or value < 0:
        raise BadQuantity(item, row, value)
    return float(value)
