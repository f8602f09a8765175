"""What a new revision changes when it moves a finalised visit onto newer reference tables.

A finalised visit keeps the table versions it was computed with; its revision is computed with
the newest. Before the team edits anything, the difference is the tables' doing: which tables
moved, and which key figures, flags and measure figures came out otherwise. No Qt, no SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from diagnosis.assessment.assess import Assessment, assess
from diagnosis.display import figure, indicator
from diagnosis.messages import Bilingual, Lang
from diagnosis.reference_versions import TABLES, current_versions
from diagnosis.visits.document import Document

_TABLE_NAMES = {
    "coefficients": Bilingual("折标与排放系数表", "coefficient table"),
    "measures": Bilingual("措施目录", "measures catalogue"),
    "priority": Bilingual("措施优先级权重", "measure priority weights"),
    "plan_rules": Bilingual("方案规则", "plan rules"),
    "prices": Bilingual("典型能源与水价格", "typical prices"),
    "estimating": Bilingual("测算参数表", "estimating tables"),
}
_INDICATORS = {
    "energy.total_tce": Bilingual("综合能耗（当量值）", "total energy (当量值)"),
    "energy.total_tce_equal_value": Bilingual("综合能耗（等价值）", "total energy (等价值)"),
    "energy.co2_t": Bilingual("二氧化碳排放", "CO2 emissions"),
    "energy.intensity_tce_per_10k_yuan": Bilingual("万元产值综合能耗", "energy per 万元"),
    "water.intake_m3": Bilingual("取水量", "water intake"),
    "water.reuse_rate": Bilingual("重复利用率", "water reuse rate"),
    "water.intake_per_10k_yuan": Bilingual("万元产值取水量", "water per 万元"),
}


@dataclass(frozen=True)
class Change:
    """One thing that reads otherwise on the newer tables: what, before and after."""

    what: Bilingual
    before: str
    after: str

    def text(self, lang: Lang = "zh") -> str:
        what = self.what.zh if lang == "zh" else self.what.en
        return f"{what}: {self.before or '—'} → {self.after or '—'}"


def table_changes(finalised: Document) -> list[Change]:
    """How ``finalised`` (pinned to its tables) reads on the newest tables: the tables that
    moved, then the figures, flags and measures that came out otherwise. Empty when it was
    computed with the newest tables already."""
    now = current_versions()
    pinned = dict(finalised.visit.tables)
    moved = [n for n in TABLES if n in pinned and pinned[n] != now[n]]
    if not moved:
        return []
    out = [Change(_TABLE_NAMES[n], pinned[n], now[n]) for n in moved]
    old = assess(finalised)
    new = assess(replace(finalised, visit=replace(finalised.visit, tables={})))
    out += _indicators(old, new) + _flags(old, new) + _measures(old, new)
    return out


def _indicators(old: Assessment, new: Assessment) -> list[Change]:
    out = []
    for key, name in _INDICATORS.items():
        a, b = old.indicators.get(key), new.indicators.get(key)
        before = indicator(key, a.value if a else None)
        after = indicator(key, b.value if b else None)
        if before != after:
            out.append(Change(name, before, after))
    return out


def _flags(old: Assessment, new: Assessment) -> list[Change]:
    was = {f.key: f for f in old.flags}
    now = {f.key: f for f in new.flags}
    out = []
    for key in sorted(was.keys() | now.keys()):
        flag = now.get(key) or was[key]
        if (key in was) != (key in now):
            name = Bilingual(f"提示：{flag.reason.zh}", f"flag: {flag.reason.en}")
            out.append(Change(name, _yes(key in was), _yes(key in now)))
    return out


def _yes(raised: bool) -> str:
    return "✓" if raised else "✗"


def _measures(old: Assessment, new: Assessment) -> list[Change]:
    was = {v.code or v.title(): v for v in old.measures}
    out = []
    for v in new.measures:
        key = v.code or v.title()
        before = was.pop(key, None)
        name = Bilingual(f"措施 {key}", f"measure {key}")
        if before is None:
            out.append(Change(name, "", _money(v.investment_range, v.figures.investment_10k_yuan)))
            continue
        pairs = (
            (
                "投资（万元）",
                "investment (万元)",
                _money(before.investment_range, before.figures.investment_10k_yuan),
                _money(v.investment_range, v.figures.investment_10k_yuan),
            ),
            (
                "年节约（元）",
                "saving (yuan/yr)",
                figure(before.figures.money_saved_yuan, "money_saved_yuan"),
                figure(v.figures.money_saved_yuan, "money_saved_yuan"),
            ),
            (
                "节能量（tce）",
                "energy saved (tce)",
                figure(_tce(before), "tce"),
                figure(_tce(v), "tce"),
            ),
        )
        for zh, en, a, b in pairs:
            if a != b:
                out.append(Change(Bilingual(f"{name.zh} {zh}", f"{name.en} {en}"), a, b))
    for key, v in was.items():
        name = Bilingual(f"措施 {key}", f"measure {key}")
        out.append(Change(name, _money(v.investment_range, v.figures.investment_10k_yuan), ""))
    return out


def _tce(view: object) -> float | None:
    econ = getattr(view, "economics", None)
    value = None if econ is None else econ.tce_saved
    return None if value is None or not math.isfinite(value) else value


def _money(span: tuple[float, float] | None, value: float | None) -> str:
    if span is not None:
        low, high = span
        return f"{figure(low, 'investment_10k_yuan')}–{figure(high, 'investment_10k_yuan')}"
    return figure(value, "investment_10k_yuan")
