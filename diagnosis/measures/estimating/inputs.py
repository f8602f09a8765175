"""What the answers say that an estimate needs, and what is missing, named by the question.

A missing input is never guessed: it becomes a ``Needed`` that names the checklist item (and
column) to answer, so "待测算" always says what would complete it. No Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from diagnosis.messages import Bilingual, Lang, Message

Answers = Mapping[str, Mapping[str, Any]]

# Short names of the inputs, by (item, column): the words of "缺少 E33 年运行小时".
WHAT: dict[tuple[str, str], Bilingual] = {
    ("E02", "natural_gas"): Bilingual("天然气年消费量", "natural gas used a year"),
    ("E02", "raw_coal"): Bilingual("煤炭年消费量", "coal used a year"),
    ("E02", "fuel_oil"): Bilingual("燃料油年消费量", "fuel oil used a year"),
    ("E02", "diesel"): Bilingual("柴油年消费量", "diesel used a year"),
    ("E07", ""): Bilingual(
        "低于 3 级电机的台数和总功率", "count and total power of motors below grade 3"
    ),
    ("E07", "grade"): Bilingual("电机能效等级", "motors' efficiency grade"),
    ("E08", "kw"): Bilingual("空压机台数和单台功率", "compressors' count and power per unit"),
    ("E09", ""): Bilingual(
        "需更换变压器（S13 及更早系列）的容量和型号系列",
        "capacity and series of the transformers to replace (S13 or older)",
    ),
    ("E09", "family"): Bilingual("变压器型号系列", "transformer series"),
    ("E09", "load_pct"): Bilingual("变压器平均负载率", "transformers' average load"),
    ("E10", ""): Bilingual("锅炉台数和燃料", "boilers' count and fuel"),
    ("E10", "fuel"): Bilingual("燃气、燃煤或燃油锅炉", "a gas, coal or oil boiler"),
    ("E10", "efficiency_pct"): Bilingual("锅炉热效率", "boiler efficiency"),
    ("E10", "capacity_tph"): Bilingual("锅炉单台额定蒸发量", "boilers' rated output per unit"),
    ("E11", ""): Bilingual("非 LED 灯具数量和单灯功率", "count and power of non-LED fittings"),
    ("E11", "watt"): Bilingual("单灯功率", "power per fitting"),
    ("E11", "hours"): Bilingual("年点亮时间", "hours lit a year"),
    ("E33", ""): Bilingual("年运行小时", "annual operating hours"),
    ("E36", ""): Bilingual("未变频风机水泵总功率", "total power of fans and pumps without VFD"),
    ("E37", ""): Bilingual("压缩空气泄漏率", "compressed-air leak share"),
    ("E38", ""): Bilingual("适合光伏的屋顶面积", "roof area suitable for PV"),
    ("W05", ""): Bilingual("年循环冷却水量", "cooling water recirculated a year"),
    ("W07", ""): Bilingual(
        "冷却塔浓缩倍数（需实测）", "cooling-tower concentration ratio (measure it)"
    ),
}


@dataclass(frozen=True)
class Needed:
    """An input an estimate lacks: the question (and table column) to answer."""

    area: str
    item: str
    column: str = ""
    invalid: bool = False  # answered, but outside what the estimator can take

    @property
    def what(self) -> Bilingual:
        return WHAT.get((self.item, self.column)) or WHAT.get((self.item, ""), Bilingual("", ""))

    def message(self) -> Message:
        code = "measure.input_invalid" if self.invalid else "measure.missing_input"
        return Message(code, {"item": self.item, "what": self.what})

    def text(self, lang: Lang = "zh") -> str:
        return self.message().text(lang)


def energy(item: str, column: str = "") -> Needed:
    return Needed("energy", item, column)


def positive(answers: Answers, area: str, item: str) -> float | None:
    """A finite answer above 0, else None (unanswered, 0, text)."""
    return _positive(answers.get(area, {}).get(item))


def _positive(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value > 0 else None


def rows(answers: Answers, area: str, item: str) -> dict[str, Mapping[str, Any]]:
    """A table answer's rows that are objects (in the order given)."""
    table = answers.get(area, {}).get(item)
    if not isinstance(table, Mapping):
        return {}
    return {k: v for k, v in table.items() if isinstance(v, Mapping)}


def cell(row: Mapping[str, Any], column: str) -> float | None:
    return _positive(row.get(column))


def hours(answers: Answers, needed: list[Needed]) -> float | None:
    """E33, the annual operating hours (a year has at most 8 784); noted as needed if absent."""
    h = positive(answers, "energy", "E33")
    if h is None or h > 8784:
        needed.append(energy("E33"))
        return None
    return h


def compressor_kw(answers: Answers) -> float | None:
    """Σ count × rated kW over E08's groups; None when no group gives both."""
    total = 0.0
    for row in rows(answers, "energy", "E08").values():
        count, kw = cell(row, "count"), cell(row, "kw")
        if count is not None and kw is not None:
            total += count * kw
    return total or None
