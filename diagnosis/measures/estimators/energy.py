"""Estimators of the classic energy measures (REFERENCE §2.10, formulas and checks of §2.11).

Pure functions returning a traceable Estimate; every default is a keyword parameter recorded as an
assumption with its source and confidence, coefficients come from the table. No Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from diagnosis.figures.coefficients import (
    CoefficientNotFound,
    CoefficientTable,
    coefficient_table,
    convert,
)
from diagnosis.figures.indicators import CARRIERS
from diagnosis.measures.estimates import (
    Default,
    Estimate,
    annual_hours,
    check,
    efficiency,
    from_coefficient,
    given,
    non_negative,
    positive,
    quantity,
)
from diagnosis.messages import Bilingual

_KWH = "kWh/yr"
# The printed source names a public standard or document, or says the figure is the diagnosis
# team's own estimate (待核实 / to be verified); where the figure stands in the team's domain
# reference (shared/domain/REFERENCE.md) is kept apart, in TRACE, and never printed.
_TEAM = Bilingual("诊断团队估算（待核实）", "the diagnosis team's estimate (to be verified)")
_R = "REFERENCE §2.11"


def _team(zh: str, en: str) -> Bilingual:
    return Bilingual(f"{_TEAM.zh}：{zh}", f"{_TEAM.en}: {en}")


# fmt: off
# A table, kept compact by hand: parameter, default, REFERENCE confidence tag, source (zh, en).
DRIVE_EFFICIENCY = Default("drive_efficiency", 0.97, "K", _team(
    "低压变频器额定负载效率的经验值",
    "a rule-of-thumb efficiency of an LV drive at rated load"))
_DAMPER = _team("出口风门调节经验规律 P/P_r ≈ 0.4 + 0.6·q",
                "outlet-damper rule of thumb P/P_r ≈ 0.4 + 0.6·q")
DAMPER_FIXED = Default("damper_rule_a", 0.4, "K", _DAMPER)
DAMPER_SLOPE = Default("damper_rule_b", 0.6, "K", _DAMPER)
STATIC_HEAD = Default("static_head_fraction", 0.0, "K", _team(
    "默认无静扬程（风机、闭式循环），即立方定律；有静扬程的泵节电较少",
    "no static head by default (fans, closed loops), i.e. the cube law; pumps lifting against "
    "a static head save less"))
DISCHARGE_COEFFICIENT = Default("discharge_coefficient", 0.65, "K", _team(
    "孔口流量系数；厂商表格流量更高（6 bar 时 1 mm 约 1.2 L/s），故作为参数",
    "orifice discharge coefficient; vendor tables quote higher flows (about 1.2 L/s for 1 mm "
    "at 6 bar), hence a parameter"))
SPECIFIC_POWER = Default("specific_power_kw_per_m3min", 7.0, "K", _team(
    "约 7 kW/(m³/min)；实际值按 GB 19153-2019《容积式空气压缩机能效限定值及能效等级》依机型、"
    "流量和压力查表",
    "about 7 kW per m³/min; the real value depends on type, flow and pressure (tables of "
    "GB 19153-2019 容积式空气压缩机能效限定值及能效等级)"))
LINE_TEMPERATURE = Default("line_temperature_c", 20.0, "K", _team(
    "管内空气温度取 20 °C", "line temperature taken as 20 °C"))
_FAD = _team("自由空气量按 1.013 bar、20 °C 计", "free air delivery at 1.013 bar, 20 °C")
ATMOSPHERIC = Default("atmospheric_bar", 1.013, "K", _FAD)  # also gauge -> absolute pressure
FAD_TEMPERATURE = Default("fad_temperature_c", 20.0, "K", _FAD)  # a definition: no parameter
_AIR = _team("干空气物性常数", "a property of dry air")
GAMMA = Default("gamma", 1.4, "K", _AIR)
GAS_CONSTANT = Default("gas_constant", 287.0, "K", _AIR)
ENERGISED_HOURS = Default("energised_hours", 8760.0, "K", _team(
    "空载损耗按全年 8 760 h 计", "no-load loss over 8 760 h a year"))
RECOVERABLE_FRACTION = Default("recoverable_fraction", 0.7, "K", _team(
    "经验范围为轴功率的 70–90 %，取下限", "rule of thumb 70-90 % of shaft power, the low end"))
HEAT_BOILER_EFFICIENCY = Default("boiler_efficiency", 0.9, "K", _team(
    "被替代燃气锅炉的效率", "efficiency of the gas boiler displaced"))
GAS_NCV = Default("gas_ncv_mj_per_m3", 38.931, "V", Bilingual(
    "国家行业企业温室气体核算指南 / GB/T 32151 系列天然气低位发热量缺省值 389.31 GJ/万Nm³"
    "（部分核实）；按 GB/T 2589-2020《综合能耗计算通则》气田天然气 35 588 kJ/m³"
    "（折标系数 1.2143 kgce/m³ 所依）计算，替代的燃气量会更大",
    "default natural-gas NCV of the national GHG accounting guides / GB/T 32151 series, "
    "389.31 GJ/10^4 Nm³ (partly verified); the gas-field 35 588 kJ/m³ of GB/T 2589-2020 "
    "综合能耗计算通则 (behind the 1.2143 kgce/m³ coefficient) would give a larger volume "
    "of gas displaced"))
PV_YIELD = Default("specific_yield", 1000.0, "L", _team(
    "宁波约 1 000–1 150 kWh/kWp·年，取下限，仅作占位",
    "about 1 000-1 150 kWh/kWp a year in Ningbo, the low end, a placeholder"))
DEFAULTS: tuple[Default, ...] = (
    DRIVE_EFFICIENCY, DAMPER_FIXED, DAMPER_SLOPE, STATIC_HEAD, DISCHARGE_COEFFICIENT,
    SPECIFIC_POWER, LINE_TEMPERATURE, ATMOSPHERIC, FAD_TEMPERATURE, GAMMA, GAS_CONSTANT,
    ENERGISED_HOURS, RECOVERABLE_FRACTION, HEAT_BOILER_EFFICIENCY, GAS_NCV, PV_YIELD,
)
# Where each default stands in the domain reference: for checking and correcting, not printed.
TRACE: dict[str, str] = {
    "drive_efficiency": f"{_R}(a) worked example [K]",
    "damper_rule_a": f"{_R}(a) outlet-damper rule [K]",
    "damper_rule_b": f"{_R}(a) outlet-damper rule [K]",
    "static_head_fraction": f"{_R}(a), pumps with static head [K]",
    "discharge_coefficient": f"{_R}(b) C_d 0.65; vendor tables differ [K]",
    "specific_power_kw_per_m3min": f"{_R}(b) ≈7 kW per m³/min; §2.5 GB 19153-2019",
    "line_temperature_c": f"{_R}(b) gives no line temperature; 20 °C reproduces its checks",
    "atmospheric_bar": f"{_R}(b) free air delivery at 1.013 bar, 20 °C",
    "fad_temperature_c": f"{_R}(b) free air delivery at 1.013 bar, 20 °C",
    "gamma": f"{_R}(b) γ = 1.4",
    "gas_constant": f"{_R}(b) R = 287 J/(kg·K)",
    "energised_hours": f"{_R}(e) P₀·8 760",
    "recoverable_fraction": "REFERENCE §2.10 item 7: 70-90 %, the low end [K]",
    "boiler_efficiency": f"{_R}(g) worked example (boiler η 0.9)",
    "gas_ncv_mj_per_m3": (
        f"REFERENCE §2.4 [V partial, a GB/T 32151 code sample]; only this NCV reproduces the "
        f"47 469 m³ of {_R}(g); the §2.2 gas-field 35 588 kJ/m³ would give 51 928 m³"
    ),
    "specific_yield": "REFERENCE §2.10 item 13 [L]: 1 000-1 150 in Ningbo, the low end",
}
# fmt: on


def _static_head(value: float) -> float:
    return check(value, "static_head_fraction", low=0, high=1, high_open=True, rule="H_s < 1")


def relative_power(flow_fraction: float, static_head_fraction: float = 0.0) -> float:
    """P/P_rated under speed control: q·(H_s + H_d·q²) with H_d = 1 − H_s (cube law at H_s 0)."""
    q = check(flow_fraction, "flow_fraction", low=0, high=1, rule="a share of rated flow")
    hs = _static_head(static_head_fraction)
    return q * (hs + (1 - hs) * q * q)


def vfd_saving(
    rated_kw: float,
    hours: float,
    profile: Sequence[tuple[float, float]],
    *,
    static_head_fraction: float = STATIC_HEAD.value,
    drive_efficiency: float = DRIVE_EFFICIENCY.value,
    damper_rule: tuple[float, float] = (DAMPER_FIXED.value, DAMPER_SLOPE.value),
) -> Estimate:
    """VFD on a fan or pump (§2.11a): outlet-damper baseline Σ t·(a + b·q) against speed
    control Σ t·q·(H_s + H_d·q²) / η_drive, both × rated power × hours. ``profile`` lists
    (share of time, flow fraction); the saving is negative when drive losses outweigh the gain."""
    rated = positive(rated_kw, "rated_kw")
    h = annual_hours(hours)
    eta = efficiency(drive_efficiency, "drive_efficiency")
    hs = _static_head(static_head_fraction)
    a = non_negative(damper_rule[0], "damper_rule a")
    b = non_negative(damper_rule[1], "damper_rule b")
    if not math.isclose(a + b, 1.0, abs_tol=1e-9):
        raise ValueError(f"damper_rule a + b must be 1 (rated power at full flow), got {a + b}")
    if not profile:
        raise ValueError("profile must list at least one (share_of_time, flow_fraction) step")
    inputs, results = list(given(rated_kw=rated, hours=h)), []
    base_sum = vfd_sum = 0.0
    for i, (share, flow) in enumerate(profile):
        t = check(share, f"profile[{i}] share_of_time", low=0, high=1, rule="a share of time")
        q = check(flow, f"profile[{i}] flow_fraction", low=0, high=1, rule="a share of flow")
        p_damper, p_vfd = a + b * q, relative_power(q, hs)
        base_sum, vfd_sum = base_sum + t * p_damper, vfd_sum + t * p_vfd
        inputs += [
            quantity(f"share_{i}", f"工况 {i} 时间占比 t", f"step {i} share of time t", t, ""),
            quantity(f"flow_{i}", f"工况 {i} 流量比 q", f"step {i} flow fraction q", q, ""),
        ]
        results += [
            quantity(
                f"damper_power_{i}", f"工况 {i} 风门 P/P_r", f"step {i} damper P/P_r", p_damper, ""
            ),
            quantity(f"vfd_power_{i}", f"工况 {i} 变频 P/P_r", f"step {i} VFD P/P_r", p_vfd, ""),
        ]
    total = math.fsum(t for t, _ in profile)
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"profile shares of time must sum to 1, got {total:g}")
    baseline, vfd = rated * h * base_sum, rated * h * vfd_sum / eta
    saving = baseline - vfd
    share = saving / baseline * 100 if baseline > 0 else 0.0  # no hours, or no flow with a = 0
    results += given(baseline_kwh=baseline, vfd_kwh=vfd, saving_share=share)
    formula = Bilingual(
        "节电量 = P_rated·h·[Σ t·(a + b·q) − Σ t·q·(H_s + (1 − H_s)·q²) / η_drive]",
        "saving = P_rated·h·[Σ t·(a + b·q) − Σ t·q·(H_s + (1 − H_s)·q²) / η_drive]",
    )
    assumed = tuple(
        d.used(v)
        for d, v in (
            (DAMPER_FIXED, a),
            (DAMPER_SLOPE, b),
            (STATIC_HEAD, hs),
            (DRIVE_EFFICIENCY, eta),
        )
    )
    title = Bilingual("风机/水泵变频改造年节电量", "VFD on a fan or pump: annual saving")
    return Estimate(
        "vfd.saving", title, saving, _KWH, tuple(inputs), assumed, formula, tuple(results)
    )


def air_leak(
    diameter_mm: float,
    pressure_bar_g: float,
    hours: float,
    *,
    discharge_coefficient: float = DISCHARGE_COEFFICIENT.value,
    specific_power_kw_per_m3min: float = SPECIFIC_POWER.value,
    line_temperature_c: float = LINE_TEMPERATURE.value,
    atmospheric_bar: float = ATMOSPHERIC.value,
) -> Estimate:
    """Energy lost through one hole (§2.11b): choked orifice mass flow ṁ = C_d·A·p₀·√(γ/(R·T₀))·
    (2/(γ+1))^((γ+1)/(2(γ−1))), as free air (atmospheric pressure, 20 °C), × specific power."""
    d = positive(diameter_mm, "diameter_mm")
    h = annual_hours(hours)
    cd = check(discharge_coefficient, "discharge_coefficient", low=0, high=1, low_open=True)
    sp = positive(specific_power_kw_per_m3min, "specific_power_kw_per_m3min")
    t0 = check(line_temperature_c, "line_temperature_c", low=-40, high=200, rule="°C")
    p_atm = check(atmospheric_bar, "atmospheric_bar", low=0.5, high=1.1, rule="bar absolute")
    g, r = GAMMA.value, GAS_CONSTANT.value
    choked_from = p_atm * (((g + 1) / 2) ** (g / (g - 1)) - 1)
    rule = "below it the flow is not choked and the orifice formula does not hold"
    p_g = check(pressure_bar_g, "pressure_bar_g", low=choked_from, rule=rule)
    area = math.pi * (d / 1000) ** 2 / 4
    choke = (2 / (g + 1)) ** ((g + 1) / (2 * (g - 1)))
    mass = cd * area * (p_g + p_atm) * 1e5 * math.sqrt(g / (r * (t0 + 273.15))) * choke
    free_air_density = p_atm * 1e5 / (r * (FAD_TEMPERATURE.value + 273.15))
    fad_l_s = mass / free_air_density * 1000
    kw = fad_l_s * 60 / 1000 * sp
    inputs = given(diameter_mm=d, pressure_bar_g=p_g, hours=h)
    assumed = (
        DISCHARGE_COEFFICIENT.used(cd),
        SPECIFIC_POWER.used(sp),
        LINE_TEMPERATURE.used(t0),
        ATMOSPHERIC.used(p_atm),
        FAD_TEMPERATURE.used(FAD_TEMPERATURE.value),
        GAMMA.used(g),
        GAS_CONSTANT.used(r),
    )
    results = given(mass_flow_g_s=mass * 1000, fad_l_s=fad_l_s, power_kw=kw)
    formula = Bilingual(
        "ṁ = C_d·A·p₀·√(γ/(R·T₀))·(2/(γ+1))^((γ+1)/(2(γ−1)))；FAD = ṁ/ρ_free air；"
        "P = FAD (m³/min) × 比功率；年损失 = P × h",
        "ṁ = C_d·A·p₀·√(γ/(R·T₀))·(2/(γ+1))^((γ+1)/(2(γ−1))); FAD = ṁ/ρ_free air; "
        "P = FAD (m³/min) × specific power; annual loss = P × h",
    )
    title = Bilingual("压缩空气泄漏年损失电量", "Compressed-air leak: annual energy lost")
    return Estimate("air_leak.energy", title, kw * h, _KWH, inputs, assumed, formula, results)


def leak_share(load_time: float, unload_time: float) -> Estimate:
    """Field method (§2.11b): with production stopped, leak share = T_load / (T_load + T_unload)
    of the compressor's output, in %; both times in seconds (any one unit will do)."""
    on = non_negative(load_time, "load_time")
    off = non_negative(unload_time, "unload_time")
    if on + off <= 0:
        raise ValueError("load_time + unload_time must be above 0 (nothing was timed)")
    formula = Bilingual(
        "泄漏率 = T_load / (T_load + T_unload) × 100 %（停产时测）",
        "leak share = T_load / (T_load + T_unload) × 100 % (timed with production stopped)",
    )
    title = Bilingual("压缩空气泄漏率（加卸载法）", "Compressed-air leak share (load/unload)")
    inputs = given(load_time=on, unload_time=off)
    return Estimate("air_leak.share", title, on / (on + off) * 100, "%", inputs, (), formula)


def motor_replacement(
    output_kw: float, load_factor: float, hours: float, efficiency_old: float, efficiency_new: float
) -> Estimate:
    """High-efficiency motor (§2.11c): ΔP = P_out·(1/η_old − 1/η_new), P_out = rating × load."""
    rated = positive(output_kw, "output_kw")
    load = check(load_factor, "load_factor", low=0, high=1, low_open=True, rule="a share of rating")
    h = annual_hours(hours)
    old = efficiency(efficiency_old, "efficiency_old")
    new = efficiency(efficiency_new, "efficiency_new")
    shaft = rated * load
    delta_kw = shaft * (1 / old - 1 / new)
    inputs = given(
        output_kw=rated, load_factor=load, hours=h, efficiency_old=old, efficiency_new=new
    )
    results = given(
        shaft_kw=shaft, input_old_kw=shaft / old, input_new_kw=shaft / new, power_saving_kw=delta_kw
    )
    formula = Bilingual(
        "ΔP = P_out·(1/η_old − 1/η_new)，P_out = 额定输出 × 负载率；节电量 = ΔP × h",
        "ΔP = P_out·(1/η_old − 1/η_new), P_out = rated output × load; saving = ΔP × h",
    )
    note = Bilingual(
        "效率应取实际负载率下的值；IEC 60034-30-1 名义效率为额定负载值 [K]",
        "use efficiencies at the actual load; IEC 60034-30-1 nominal values are at rated load [K]",
    )
    title = Bilingual("高效电机替换年节电量", "High-efficiency motor: annual saving")
    return Estimate("motor.saving", title, delta_kw * h, _KWH, inputs, (), formula, results, note)


def lighting(count: float, watts_old: float, watts_new: float, hours: float) -> Estimate:
    """LED retrofit (§2.11d): ΔkWh = (P_old − P_new)·n·h; watts per fitting, ballast included."""
    n = check(count, "count", low=1, rule="at least one fitting")
    old = non_negative(watts_old, "watts_old")
    new = non_negative(watts_new, "watts_new")
    h = annual_hours(hours)
    delta_kw = (old - new) * n / 1000
    inputs = given(count=n, watts_old=old, watts_new=new, hours=h)
    formula = Bilingual("ΔkWh = (P_old − P_new)·n·h", "ΔkWh = (P_old − P_new)·n·h")
    title = Bilingual("照明改造年节电量", "Lighting retrofit: annual saving")
    results = given(power_saving_kw=delta_kw)
    return Estimate("lighting.saving", title, delta_kw * h, _KWH, inputs, (), formula, results)


def transformer_losses(
    no_load_kw: float,
    load_loss_kw: float,
    load_factor: float,
    loss_hours: float,
    *,
    energised_hours: float = ENERGISED_HOURS.value,
) -> Estimate:
    """Annual transformer loss (§2.11e) = P₀·8 760 + β²·P_k·τ, τ = equivalent full-loss hours;
    P₀ and P_k from the nameplate or GB 20052."""
    p0 = non_negative(no_load_kw, "no_load_kw")
    pk = non_negative(load_loss_kw, "load_loss_kw")
    rule = "β = load / rated capacity, up to 150 % overload"
    beta = check(load_factor, "load_factor", low=0, high=1.5, rule=rule)
    on = annual_hours(energised_hours, "energised_hours")
    tau = check(loss_hours, "loss_hours", low=0, high=on, rule="τ cannot exceed energised_hours")
    fixed, variable = p0 * on, beta**2 * pk * tau
    inputs = given(no_load_kw=p0, load_loss_kw=pk, load_factor=beta, loss_hours=tau)
    formula = Bilingual("年损耗 = P₀·T_on + β²·P_k·τ", "annual loss = P₀·T_on + β²·P_k·τ")
    title = Bilingual("变压器年损耗电量", "Transformer: annual losses")
    assumed, results = (ENERGISED_HOURS.used(on),), given(no_load_kwh=fixed, load_kwh=variable)
    total = fixed + variable
    return Estimate("transformer.losses", title, total, _KWH, inputs, assumed, formula, results)


def transformer_replacement(old: Estimate, new: Estimate) -> Estimate:
    """Saving of a replacement: the old unit's annual losses less the new one's, both from
    ``transformer_losses`` over the same hours (the same load profile)."""
    for name, est in (("old", old), ("new", new)):
        if est.key != "transformer.losses":
            raise ValueError(f"{name} must come from transformer_losses, not {est.key}")
    pairs = (
        ("loss_hours", old.input("loss_hours").value, new.input("loss_hours").value),
        (
            "energised_hours",
            old.assumption("energised_hours").value,
            new.assumption("energised_hours").value,
        ),
    )
    for hours, a, b in pairs:
        if a != b:
            raise ValueError(f"old and new must use the same {hours}, got {a:g} and {b:g}")
    inputs = given(old_loss_kwh=old.value, new_loss_kwh=new.value)
    formula = Bilingual(
        "节电量 = 原年损耗 − 新年损耗", "saving = old annual loss − new annual loss"
    )
    title = Bilingual("变压器更换年节电量", "Transformer replacement: annual saving")
    saving = old.value - new.value
    return Estimate(
        "transformer.saving", title, saving, _KWH, inputs, (), formula, parts=(old, new)
    )


def boiler_efficiency(
    fuel_quantity: float,
    efficiency_old: float,
    efficiency_new: float,
    *,
    fuel: str = "natural_gas",
    table: CoefficientTable | None = None,
) -> Estimate:
    """Better boiler (§2.11f): F_new = F_old·η_old/η_new; the fuel saved also in tce (当量值)
    through the table. ``fuel_quantity`` is per year, in the unit of the fuel's coefficient."""
    table = coefficient_table() if table is None else table
    try:
        coef = table.lookup(f"tce.{fuel}")
    except CoefficientNotFound:
        raise ValueError(f"fuel must have a 'tce.<fuel>' coefficient, got {fuel!r}") from None
    f_old = non_negative(fuel_quantity, "fuel_quantity")
    old = efficiency(efficiency_old, "efficiency_old")
    new = efficiency(efficiency_new, "efficiency_new")
    f_new = f_old * old / new
    saving = f_old - f_new
    tce = convert(saving * coef.value, coef.numerator, "tce")
    name, unit = (
        CARRIERS[fuel].name if fuel in CARRIERS else Bilingual(fuel, fuel),
        coef.denominator,
    )
    fuel_in = quantity("fuel_quantity", f"原年耗{name.zh}", f"{name.en} used", f_old, f"{unit}/yr")
    inputs = (fuel_in, *given(efficiency_old=old, efficiency_new=new))
    label = Bilingual(f"{name.zh}折标准煤系数（当量值）", f"{name.en} to standard coal (当量值)")
    assumed = (from_coefficient(coef, label, table.version),)
    fuel_out = quantity("fuel_new", "改造后年耗量", "fuel used after", f_new, f"{unit}/yr")
    results = (fuel_out, *given(saving_tce=tce))
    formula = Bilingual(
        "F_new = F_old·η_old/η_new；节约量 = F_old − F_new；折标煤 = 节约量 × 折标系数",
        "F_new = F_old·η_old/η_new; saving = F_old − F_new; tce = saving × coefficient",
    )
    title = Bilingual("锅炉效率提升年节约燃料", "Boiler efficiency: annual fuel saving")
    return Estimate("boiler.saving", title, saving, f"{unit}/yr", inputs, assumed, formula, results)


def compressor_heat_recovery(
    shaft_kw: float,
    hours: float,
    *,
    recoverable_fraction: float = RECOVERABLE_FRACTION.value,
    boiler_efficiency: float = HEAT_BOILER_EFFICIENCY.value,
    gas_ncv_mj_per_m3: float = GAS_NCV.value,
) -> Estimate:
    """Compressor heat recovery (§2.11g): Q = P·f·h (× 3.6 MJ/kWh) displaces gas Q/(η·NCV)."""
    p = positive(shaft_kw, "shaft_kw")
    h = annual_hours(hours)
    f = check(recoverable_fraction, "recoverable_fraction", low=0, high=1, rule="a share")
    eta = efficiency(boiler_efficiency, "boiler_efficiency")
    ncv = positive(gas_ncv_mj_per_m3, "gas_ncv_mj_per_m3")
    heat_gj = p * f * h * 3.6 / 1000
    gas = heat_gj * 1000 / (eta * ncv)
    assumed = (RECOVERABLE_FRACTION.used(f), HEAT_BOILER_EFFICIENCY.used(eta), GAS_NCV.used(ncv))
    formula = Bilingual(
        "Q = P·f·h × 3.6 MJ/kWh；替代天然气 V = Q / (η_boiler·NCV)",
        "Q = P·f·h × 3.6 MJ/kWh; gas displaced V = Q / (η_boiler·NCV)",
    )
    title = Bilingual("空压机余热回收年替代天然气", "Compressor heat recovery: gas displaced")
    inputs, results = given(shaft_kw=p, hours=h), given(heat_gj=heat_gj)
    return Estimate("heat_recovery.gas", title, gas, "m³/yr", inputs, assumed, formula, results)


def rooftop_pv(
    kwp: float,
    *,
    specific_yield: float = PV_YIELD.value,
    grid_year: int = 2023,
    grid_region: str = "national",
    table: CoefficientTable | None = None,
) -> Estimate:
    """Rooftop PV (§2.11h): kWh/yr = kWp × specific yield; also tce (当量值) and tCO2 at the grid
    factor of ``grid_year`` and ``grid_region``, both from the coefficient table."""
    table = coefficient_table() if table is None else table
    size = positive(kwp, "kwp")
    rule = "kWh per kWp cannot exceed the hours of a year"
    y = check(specific_yield, "specific_yield", low=0, high=8784, low_open=True, rule=rule)
    tce_coef = table.lookup("tce.electricity")
    co2_coef = table.lookup("co2.grid", year=grid_year, region=grid_region)
    kwh = size * y
    tce = convert(kwh * tce_coef.value, tce_coef.numerator, "tce")
    co2 = convert(kwh * co2_coef.value, co2_coef.numerator, "tCO2")
    tce_label = Bilingual("电力折标准煤系数（当量值）", "electricity to standard coal (当量值)")
    co2_label = Bilingual(f"{grid_year} 年电网排放因子", f"{grid_year} grid emission factor")
    assumed = (
        PV_YIELD.used(y),
        from_coefficient(tce_coef, tce_label, table.version),
        from_coefficient(co2_coef, co2_label, table.version, grid_year),
    )
    formula = Bilingual(
        "发电量 = kWp × 年等效发电量；tce = kWh × 电力折标系数；CO2 = kWh × 电网排放因子",
        "generation = kWp × specific yield; tce = kWh × electricity coefficient; "
        "CO2 = kWh × grid factor",
    )
    title = Bilingual("屋顶光伏年发电量", "Rooftop PV: annual generation")
    inputs, results = given(kwp=size), given(saving_tce=tce, co2_t=co2)
    return Estimate("pv.generation", title, kwh, _KWH, inputs, assumed, formula, results)
