"""A proposal's investment as a range (the catalogue's unit cost × the quantity the answers give),
its payback range, and the check of a team's own figure against that range.

The team's figures are never changed here: a figure far outside the proposal's range is kept and
flagged, since it is usually a slip of unit or decimal point. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from diagnosis.checklists.units import unit_text
from diagnosis.figures.coefficients import format_number
from diagnosis.measures.catalogue import ONCE, UnitCost
from diagnosis.measures.estimates import confidence_tag
from diagnosis.messages import Bilingual, Lang, Message

_ONCE_WORDS = {
    "survey": Bilingual("次", "survey"),
    "firm": Bilingual("家", "firm"),
    "system": Bilingual("套", "system"),
}
_FIGURES = {
    "investment_10k_yuan": (Bilingual("投资", "investment"), "万元"),
    "money_saved_yuan": (Bilingual("年节约金额", "money saving"), "元/年"),
}


@dataclass(frozen=True)
class Investment:
    """Unit cost × quantity; the range in 万元."""

    cost: UnitCost
    quantity: float

    @property
    def low_10k_yuan(self) -> float:
        return self.cost.min * self.quantity / 10_000

    @property
    def high_10k_yuan(self) -> float:
        return self.cost.max * self.quantity / 10_000

    @property
    def midpoint_10k_yuan(self) -> float:
        return (self.low_10k_yuan + self.high_10k_yuan) / 2

    def payback_range(self, money_yuan: float | None) -> tuple[float, float] | None:
        """(low, high) years at the money saving in force; None without a saving above 0."""
        if money_yuan is None or money_yuan <= 0:
            return None
        return (self.low_10k_yuan * 1e4 / money_yuan, self.high_10k_yuan * 1e4 / money_yuan)

    def explain(self, lang: Lang = "zh") -> str:
        zh, c = lang == "zh", self.cost
        unit = unit_text(c.unit, lang)  # "元/kW" reads "yuan/kW" in English
        per = unit_text(c.unit.split("/", 1)[1], lang)
        what = c.what.zh if zh else c.what.en
        low, high = format_number(c.min), format_number(c.max)
        if c.per in ONCE:
            words = _ONCE_WORDS[c.per]
            amount = f"1 {words.zh if zh else words.en}"
        else:
            amount = f"{format_number(round(self.quantity, 6))} {per}"
        head = "投资" if zh else "Investment"
        lo, hi = (
            format_number(round(self.low_10k_yuan, 4)),
            format_number(round(self.high_10k_yuan, 4)),
        )
        source = c.source.zh if zh else c.source.en
        colon = "：" if zh else ": "
        return (
            f"{head} = {low}–{high} {unit} × {amount}（{what}）= {lo}–{hi} "
            f"{unit_text('万元', lang)}\n"
            f"  {confidence_tag(c.confidence, lang)}{'；来源' if zh else '; source'}{colon}"
            f"{source}"
        )


def format_range(values: tuple[float, float], kind: str) -> str:
    """A range as the app and the plan both show it: '3.3–5.5' (万元) or '0.4–0.7' (years),
    one figure when both ends read the same. An investment keeps three significant figures at
    most of its top end (1,693–3,387, 130–393, 3.3–5.5); a payback one decimal, '<0.1' below."""
    low, high = values
    if kind == "payback_years":
        if high == 0:
            return "0"
        if high < 0.05:
            return "<0.1"
        decimals = 1
    else:
        decimals = 0 if high >= 100 else 1 if high >= 10 else 2
    a, b = (_trim(f"{v:,.{decimals}f}") for v in (low, high))
    return a if a == b else f"{a}–{b}"


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def investment_of(cost: UnitCost | None, quantities: Mapping[str, float]) -> Investment | None:
    """The investment range where the measure has a unit cost and its quantity is known."""
    if cost is None:
        return None
    quantity = 1.0 if cost.per in ONCE else quantities.get(cost.per)
    return None if quantity is None or quantity <= 0 else Investment(cost, quantity)


def far_outside(value: float, low: float, high: float, factor: float) -> bool:
    """Above ``high`` × factor, or below ``low`` ÷ factor (a range starting at 0 has no floor)."""
    return value > high * factor or (low > 0 and value < low / factor)


def team_warning(name: str, value: float, low: float, high: float, factor: float) -> Message | None:
    """A warning naming the team's figure and the proposal's range, when far outside it."""
    if not far_outside(value, low, high, factor):
        return None
    figure, unit = _FIGURES[name]
    return Message(
        "measure.team_figure_far",
        {
            "field": name,  # which figure, for a front end to mark
            "figure": figure,
            "value": format_number(round(value, 4)),
            "low": format_number(round(low, 4)),
            "high": format_number(round(high, 4)),
            "unit": Bilingual(unit_text(unit, "zh"), unit_text(unit, "en")),
        },
    )
