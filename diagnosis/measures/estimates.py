"""Traceable saving estimates: the Estimate type, its defaults-as-assumptions, validation, payback.

The estimators themselves live in estimators_energy and estimators_water; every figure they use is
an input, a recorded assumption with its source and confidence tag, or a coefficient-table entry.
No Qt, no SQL, no report wording beyond the explanation of the arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from diagnosis.checklists.units import unit_text
from diagnosis.figures.coefficients import CONFIDENCE_LABELS, Coefficient, Confidence, format_number
from diagnosis.messages import Bilingual, Lang

HOURS_PER_LEAP_YEAR = 8784.0
_num = format_number


@dataclass(frozen=True)
class Quantity:
    """A named number with its unit: an input as entered, or an intermediate or derived result."""

    name: str
    label: Bilingual
    value: float
    unit: str


@dataclass(frozen=True)
class Assumption:
    """A figure the estimate relies on that the user did not measure.

    ``confidence`` is the REFERENCE tag (V/K/L/C) of the default or coefficient; None when the
    user entered the value in place of the default (site data, its quality is theirs to judge).
    """

    name: str
    label: Bilingual
    value: float
    unit: str
    source: Bilingual
    confidence: Confidence | None


@dataclass(frozen=True)
class Default:
    """The default of one keyword parameter, with where it comes from and how sure we are;
    its label and unit are the parameter's entry in ``QUANTITIES``."""

    name: str
    value: float
    confidence: Confidence
    source: Bilingual

    @property
    def label(self) -> Bilingual:
        return _worded(self.name)[0]

    @property
    def unit(self) -> str:
        return _worded(self.name)[1]

    def used(self, value: float) -> Assumption:
        """The assumption as applied: this default, or the value entered in its place."""
        if value == self.value:
            return Assumption(self.name, self.label, value, self.unit, self.source, self.confidence)
        zh, en = _amount(self.value, self.unit, "zh"), _amount(self.value, self.unit, "en")
        source = Bilingual(
            f"用户输入，替代默认值 {zh}（{self.source.zh}，[{self.confidence}]）",
            f"entered, in place of the default {en} ({self.source.en}, [{self.confidence}])",
        )
        return Assumption(self.name, self.label, value, self.unit, source, None)


def from_coefficient(
    coef: Coefficient, label: Bilingual, version: str, year: int | None = None
) -> Assumption:
    """A coefficient-table entry as an assumption; says so when it is not a value for ``year``."""
    stale_zh = stale_en = ""
    if year is not None and not coef.valid_in(year):
        stale_zh = f"；表中无 {year} 年数值，采用 {coef.validity()} 年数值"
        stale_en = f"; the table has no {year} value, the {coef.validity()} value was used"
    where = f"{coef.validity()} {coef.region or ''}".strip()
    scope_zh = f"（{where}）" if where else ""
    scope_en = f" ({where})" if where else ""
    source = Bilingual(
        f"系数表 {version} {coef.key}{scope_zh}：{coef.source}{stale_zh}",
        f"coefficient table {version} {coef.key}{scope_en}: {coef.source}{stale_en}",
    )
    return Assumption(coef.key, label, coef.value, coef.unit, source, coef.confidence)


@dataclass(frozen=True)
class Estimate:
    """An annual figure (saving, loss, payback ...) with everything needed to recompute it."""

    key: str
    title: Bilingual
    value: float
    unit: str
    inputs: tuple[Quantity, ...]
    assumptions: tuple[Assumption, ...]
    formula: Bilingual
    results: tuple[Quantity, ...] = ()  # intermediate and derived figures, in their own units
    note: Bilingual | None = None
    parts: tuple[Estimate, ...] = ()  # estimates this one was derived from

    def input(self, name: str) -> Quantity:
        return _find(self.inputs, name, self.key)

    def result(self, name: str) -> Quantity:
        return _find(self.results, name, self.key)

    def assumption(self, name: str) -> Assumption:
        for a in self.assumptions:
            if a.name == name:
                return a
        raise KeyError(f"{self.key} has no assumption '{name}'")

    def explain(self, lang: Lang = "zh") -> str:
        """The formula, each input, each assumption with its source and confidence tag, the
        intermediate results and the result, in the reader's language."""
        return "\n".join(_explain(self, lang, ""))


def _find(items: tuple[Quantity, ...], name: str, key: str) -> Quantity:
    for item in items:
        if item.name == name:
            return item
    raise KeyError(f"{key} has no quantity '{name}'")


def quantity(name: str, zh: str, en: str, value: float, unit: str) -> Quantity:
    return Quantity(name, Bilingual(zh, en), value, unit)


def given(**values: float) -> tuple[Quantity, ...]:
    """Quantities worded and measured as their ``QUANTITIES`` entries say, in call order."""
    out = []
    for name, value in values.items():
        label, unit = _worded(name)
        out.append(Quantity(name, label, value, unit))
    return tuple(out)


def _worded(name: str) -> tuple[Bilingual, str]:
    """``QUANTITIES[name]`` as a label and a unit; the label made once per entry (a Bilingual
    is a tuple: the same words whichever instance)."""
    entry = QUANTITIES[name]
    words = _WORDED.get(name)
    if words is None or words[0] is not entry:
        words = _WORDED[name] = (entry, Bilingual(entry[0], entry[1]), entry[2])
    return words[1], words[2]


# name -> (its QUANTITIES entry, kept: a replaced entry is worded anew; label; unit)
_WORDED: dict[str, tuple[tuple[str, str, str], Bilingual, str]] = {}


_KWH = "kWh/yr"
# name -> (Chinese, English, unit): one wording and one unit for each quantity of every estimator.
QUANTITIES: dict[str, tuple[str, str, str]] = {
    "hours": ("年运行小时", "operating hours per year", "h/yr"),
    "rated_kw": ("满流量时的功率", "power drawn at full flow", "kW"),
    "baseline_kwh": ("基准年耗电（风门调节）", "baseline energy (outlet damper)", _KWH),
    "vfd_kwh": ("变频后年耗电", "energy with the VFD", _KWH),
    "saving_share": ("节电率", "saving share", "%"),
    "damper_rule_a": ("风门规律 P/P_rated ≈ a+b·q 的 a", "damper rule P/P_rated ≈ a+b·q: a", ""),
    "damper_rule_b": ("风门规律 P/P_rated ≈ a+b·q 的 b", "damper rule P/P_rated ≈ a+b·q: b", ""),
    "static_head_fraction": ("静扬程占额定扬程比例 H_s", "static head share of rated head H_s", ""),
    "drive_efficiency": ("变频器效率 η_drive", "drive efficiency η_drive", ""),
    "diameter_mm": ("漏孔直径", "hole diameter", "mm"),
    "pressure_bar_g": ("管网压力（表压）", "line pressure (gauge)", "bar(g)"),
    "discharge_coefficient": ("孔口流量系数 C_d", "orifice discharge coefficient C_d", ""),
    "specific_power_kw_per_m3min": ("空压站比功率", "compressor specific power", "kW/(m³/min)"),
    "line_temperature_c": ("管内空气温度 T₀", "air temperature in the line T₀", "°C"),
    "atmospheric_bar": ("大气压力（自由空气状态）", "atmospheric pressure (free air)", "bar"),
    "fad_temperature_c": ("自由空气温度", "free air temperature", "°C"),
    "gamma": ("空气绝热指数 γ", "ratio of specific heats of air γ", ""),
    "gas_constant": ("空气气体常数 R", "gas constant of air R", "J/(kg·K)"),
    "mass_flow_g_s": ("泄漏质量流量", "leak mass flow", "g/s"),
    "fad_l_s": ("泄漏量（自由空气）", "leak as free air delivery", "L/s"),
    "power_kw": ("对应空压机功率", "compressor power wasted", "kW"),
    "load_time": ("加载时间（停产时）", "load time (production stopped)", "s"),
    "unload_time": ("卸载时间（停产时）", "unload time (production stopped)", "s"),
    "output_kw": ("电机额定输出功率", "motor rated output", "kW"),
    "load_factor": ("负载率 β", "load factor β", ""),
    "efficiency_old": ("原效率 η_old", "old efficiency η_old", ""),
    "efficiency_new": ("新效率 η_new", "new efficiency η_new", ""),
    "shaft_kw": ("轴功率", "shaft power", "kW"),
    "input_old_kw": ("原输入功率", "old input power", "kW"),
    "input_new_kw": ("新输入功率", "new input power", "kW"),
    "power_saving_kw": ("节约功率", "power saved", "kW"),
    "count": ("灯具数量", "number of fittings", ""),
    "watts_old": ("原灯具功率（含镇流器）", "old fitting power (with ballast)", "W"),
    "watts_new": ("新灯具功率", "new fitting power", "W"),
    "no_load_kw": ("空载损耗 P₀", "no-load loss P₀", "kW"),
    "load_loss_kw": ("额定负载损耗 P_k", "load loss at rated load P_k", "kW"),
    "loss_hours": ("最大负载损耗小时 τ", "equivalent full-loss hours τ", "h/yr"),
    "energised_hours": ("年投运小时 T_on", "hours energised per year T_on", "h/yr"),
    "no_load_kwh": ("空载损耗电量", "no-load loss energy", _KWH),
    "load_kwh": ("负载损耗电量", "load loss energy", _KWH),
    "old_loss_kwh": ("原变压器年损耗", "old transformer's annual loss", _KWH),
    "new_loss_kwh": ("新变压器年损耗", "new transformer's annual loss", _KWH),
    "saving_tce": ("折标准煤（当量值）", "standard coal (当量值)", "tce/yr"),
    "co2_t": ("二氧化碳减排", "CO2 avoided", "tCO2/yr"),
    "recoverable_fraction": ("可回收热量占轴功率比例 f", "share of shaft power recoverable f", ""),
    "boiler_efficiency": ("被替代锅炉效率 η_boiler", "efficiency of the boiler displaced", ""),
    "gas_ncv_mj_per_m3": ("天然气低位发热量 NCV", "natural gas net calorific value", "MJ/m³"),
    "heat_gj": ("年回收热量 Q", "heat recovered Q", "GJ/yr"),
    "kwp": ("光伏装机容量", "PV capacity", "kWp"),
    "specific_yield": ("年等效发电量", "specific yield", "kWh/(kWp·yr)"),
    "circulation_m3h": ("循环水量 Q_circ", "circulating flow Q_circ", "m³/h"),
    "delta_t_c": ("进出水温差 ΔT", "cooling range ΔT", "°C"),
    "concentration_ratio": ("浓缩倍数 C", "cycles of concentration C", ""),
    "ratio_before": ("改造前浓缩倍数", "concentration ratio before", ""),
    "ratio_after": ("改造后浓缩倍数", "concentration ratio after", ""),
    "evaporation_per_degree": ("每 °C 温差蒸发比例", "evaporation per °C of range", "1/°C"),
    "evaporation_m3": ("蒸发量 E", "evaporation E", "m³/yr"),
    "blowdown_m3": ("排污量 B", "blowdown B", "m³/yr"),
    "compressor_kw": ("空压机额定功率合计", "compressors' total rated power", "kW"),
    "compressor_load_factor": ("空压站平均负载率", "compressor station's average load", ""),
    "leak_share_pct": ("泄漏率（加卸载测试）", "leak share (load/unload test)", "%"),
    "leak_target_share": ("检漏修复后的泄漏率", "leak share after repair", "%"),
    "station_kwh": ("空压站年耗电", "compressor station's annual energy", _KWH),
    "motor_load_factor": ("电机平均负载率", "motors' average load", ""),
    "pv_density": ("每平方米屋面装机容量", "PV capacity per m² of roof", "kWp/m²"),
    "circulated_m3": ("年循环冷却水量 V_cr", "cooling water recirculated a year V_cr", "m³/yr"),
    "makeup_m3": ("补水量 M", "make-up water M", "m³/yr"),
    "investment_10k_yuan": ("投资", "investment", "万元"),
    "annual_saving_yuan": ("年节约金额", "annual saving", "yuan/yr"),
}


# -- validation: every refusal names the parameter and the rule ---------------------------------


def check(
    value: float,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    rule: str = "",
) -> float:
    """``value`` if it is a finite number inside the interval, else ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if below or above:
        left = ("(" if low_open else "[") + (_num(low) if low is not None else "-inf")
        right = f"{_num(high)}{')' if high_open else ']'}" if high is not None else "inf)"
        why = f" ({rule})" if rule else ""
        raise ValueError(f"{name} must be in {left}, {right}{why}, got {value!r}")
    return float(value)


def positive(value: float, name: str) -> float:
    return check(value, name, low=0, low_open=True, rule="above 0")


def non_negative(value: float, name: str) -> float:
    return check(value, name, low=0, rule="0 or more")


def efficiency(value: float, name: str) -> float:
    return check(value, name, low=0, high=1, low_open=True, rule="an efficiency, 0 < η ≤ 1")


def annual_hours(value: float, name: str = "hours") -> float:
    return check(
        value, name, low=0, high=HOURS_PER_LEAP_YEAR, rule="a year has at most 8 784 hours"
    )


# -- payback ------------------------------------------------------------------------------------

PAYBACK_BUCKETS = ("<1", "1-2", "2-3", ">3")


def simple_payback(investment_10k_yuan: float, annual_saving_yuan: float) -> Estimate:
    """Simple payback in years = investment (万元 × 10 000) / annual saving (yuan/yr).

    Rules: investment must be 0 or more and the saving finite (ValueError otherwise); a saving
    of 0 or less never pays back (inf years); no investment with a positive saving is 0 years.
    """
    investment = non_negative(investment_10k_yuan, "investment_10k_yuan")
    saving = check(annual_saving_yuan, "annual_saving_yuan")
    if saving <= 0:
        years = math.inf
        note = Bilingual(
            "年节约金额不大于 0，投资无法回收",
            "the annual saving is not above 0: it never pays back",
        )
    else:
        years = investment * 10_000 / saving
        note = None
    inputs = given(investment_10k_yuan=investment, annual_saving_yuan=saving)
    formula = Bilingual(
        "静态回收期 = 投资（万元）× 10 000 / 年节约金额（元/年）",
        "simple payback = investment (10k yuan) × 10 000 / annual saving (yuan/yr)",
    )
    title = Bilingual("静态投资回收期", "Simple payback")
    return Estimate("payback", title, years, "yr", inputs, (), formula, note=note)


def payback_bucket(years: float) -> str:
    """'<1', '1-2', '2-3' or '>3'; each bucket holds its lower bound (exactly 3 years is '>3')."""
    if isinstance(years, bool) or not isinstance(years, int | float) or not years >= 0:
        raise ValueError(f"years must be 0 or more (inf: never pays back), got {years!r}")
    return PAYBACK_BUCKETS[3] if years >= 3 else PAYBACK_BUCKETS[int(years)]


# -- explanation --------------------------------------------------------------------------------


def _pick(text: Bilingual, lang: Lang) -> str:
    return text.zh if lang == "zh" else text.en


def _amount(value: float, unit: str, lang: Lang) -> str:
    """A figure and its unit as the reader's language writes it ("kWh/年", "yuan/kWh")."""
    return f"{'∞' if math.isinf(value) else _num(value)} {unit_text(unit, lang)}".rstrip()


def confidence_tag(confidence: Confidence | None, lang: Lang) -> str:
    """'[K] general knowledge ...' or, for a value entered by the user, '[输入]'/'[entered]'."""
    if confidence is None:
        return "[输入]" if lang == "zh" else "[entered]"
    label = _pick(CONFIDENCE_LABELS[confidence], lang).removeprefix(f"{confidence} ")
    return f"[{confidence}] {label}"


def _explain(est: Estimate, lang: Lang, indent: str) -> list[str]:
    zh = lang == "zh"
    colon, sep, pad = ("：" if zh else ": "), ("；" if zh else "; "), indent + "  "

    def head(zh_text: str, en_text: str) -> str:
        return f"{pad}{zh_text if zh else en_text}{colon}".rstrip()

    lines = [f"{indent}{_pick(est.title, lang)} = {_amount(est.value, est.unit, lang)}"]
    lines.append(f"{pad}{'公式' if zh else 'Formula'}{colon}{_pick(est.formula, lang)}")
    if est.inputs:
        lines.append(head("输入", "Inputs"))
        lines += [
            f"{pad}- {_pick(q.label, lang)} ({q.name}) = {_amount(q.value, q.unit, lang)}"
            for q in est.inputs
        ]
    if est.assumptions:
        lines.append(head("假设", "Assumptions"))
        lines += [
            f"{pad}- {_pick(a.label, lang)} ({a.name}) = {_amount(a.value, a.unit, lang)} "
            f"{confidence_tag(a.confidence, lang)}{sep}{'来源' if zh else 'source'}{colon}"
            f"{_pick(a.source, lang)}"
            for a in est.assumptions
        ]
    if est.results:
        lines.append(head("中间及派生结果", "Intermediate and derived results"))
        lines += [
            f"{pad}- {_pick(q.label, lang)} = {_amount(q.value, q.unit, lang)}" for q in est.results
        ]
    lines.append(f"{pad}{'结果' if zh else 'Result'} = {_amount(est.value, est.unit, lang)}")
    if est.note is not None:
        lines.append(f"{pad}{'说明' if zh else 'Note'}{colon}{_pick(est.note, lang)}")
    for part in est.parts:
        lines.append(head("依据", "Derived from"))
        lines += _explain(part, lang, pad + "  ")
    return lines
