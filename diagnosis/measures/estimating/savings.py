"""The saving of each estimator measure computed from the visit's answers.

One builder per catalogue estimator: it reads the equipment tables and numbers the checklist
asks (E07-E11, E33-E38, W04-W07), takes every figure it does not ask from the tables with their
sources, calls the estimator, and wraps the result in an Estimate whose inputs name the
questions. What is missing is returned as ``Needed``, never guessed. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from diagnosis.figures.coefficients import CoefficientNotFound
from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.estimates import Assumption, Estimate, Quantity
from diagnosis.measures.estimating.inputs import (
    Answers,
    Needed,
    cell,
    compressor_kw,
    energy,
    hours,
    positive,
    rows,
)
from diagnosis.measures.estimating.prices import Saved
from diagnosis.measures.estimating.tables import EstimatingTables
from diagnosis.measures.estimators.air import leak_repair
from diagnosis.measures.estimators.energy import (
    compressor_heat_recovery,
    motor_replacement,
    rooftop_pv,
    transformer_losses,
    transformer_replacement,
    vfd_saving,
)
from diagnosis.messages import Bilingual

RowText = Callable[[str, str, str], Bilingual]  # (area, item, row id) -> the row's words
_KWH = "kWh/yr"
_ELECTRICITY = Bilingual("节约电量", "electricity saved")


@dataclass(frozen=True)
class Context:
    answers: Answers
    year: int
    tables: EstimatingTables
    row_text: RowText


@dataclass(frozen=True)
class Built:
    """What one builder found: the saving (None while an input is missing), what it saves,
    the quantities its unit cost can apply to, and what is missing."""

    saving: Estimate | None
    energy: tuple[EnergyUse, ...] = ()
    water_m3: float | None = None
    saved: tuple[Saved, ...] = ()  # the quantities money is counted on
    quantities: Mapping[str, float] = field(default_factory=dict)
    needed: tuple[Needed, ...] = ()


def answered(item: str, what: Bilingual, value: float, unit: str) -> Quantity:
    return Quantity(item, Bilingual(f"{item} {what.zh}", f"{item} {what.en}"), value, unit)


def wrap(
    key: str,
    title: Bilingual,
    parts: tuple[Estimate, ...],
    inputs: tuple[Quantity, ...],
    assumptions: tuple[Assumption, ...],
    formula: Bilingual,
    unit: str = _KWH,
) -> Estimate:
    value = sum(p.value for p in parts)
    return Estimate(key, title, value, unit, inputs, assumptions, formula, parts=parts)


def electricity(est: Estimate, quantities: Mapping[str, float]) -> Built:
    kwh = max(est.value, 0.0)
    return Built(
        est,
        (EnergyUse("electricity", kwh, "kWh"),),
        saved=(Saved("electricity", kwh, _ELECTRICITY),),
        quantities=quantities,
    )


def vfd(c: Context) -> Built:
    needed: list[Needed] = []
    kw = positive(c.answers, "energy", "E36")
    if kw is None:
        needed.append(energy("E36"))
    h = hours(c.answers, needed)
    quantities = {"kw": kw} if kw is not None else {}
    if kw is None or h is None:
        return Built(None, quantities=quantities, needed=tuple(needed))
    steps = ", ".join(f"{t:.0%}@{q:.0%}" for t, q in c.tables.vfd_profile)
    profile = c.tables.vfd.assumption(
        "vfd_profile",
        Bilingual(f"运行工况（时间占比@流量比）{steps}", f"duty profile (time@flow) {steps}"),
        len(c.tables.vfd_profile),
        "",
    )
    part = vfd_saving(kw, h, c.tables.vfd_profile)
    est = wrap(
        "answers.vfd_saving",
        Bilingual("变频调速年节电量", "Variable-speed drives: annual saving"),
        (part,),
        (answered("E36", what("E36"), kw, "kW"), answered("E33", what("E33"), h, "h/yr")),
        (profile,),
        Bilingual(
            "E36 功率按 E33 小时和典型工况，以相似定律比较风门调节与变频调速的耗电",
            "E36's power over E33's hours at a typical duty: damper control against speed "
            "control by the affinity laws",
        ),
    )
    return electricity(est, quantities)


def motors(c: Context) -> Built:
    t, needed = c.tables, []
    table = rows(c.answers, "energy", "E07")
    chosen = []
    for row_id, row in table.items():
        count, total = cell(row, "count"), cell(row, "total_kw")
        if row.get("grade") in t.motor_replace and count is not None and total is not None:
            chosen.append((row_id, count, total, str(row["grade"])))
    if not chosen:
        unknown = any(
            cell(r, "count") and r.get("grade") in (None, "unknown") for r in table.values()
        )
        needed.append(energy("E07", "grade" if unknown else ""))
    h = hours(c.answers, needed)
    quantities = {"kw": sum(total for _, _, total, _ in chosen)} if chosen else {}
    if needed or h is None:
        return Built(None, quantities=quantities, needed=tuple(needed))
    load = t.defaults["motor_load_factor"]
    parts, inputs, assumed = [], [], [load.used(load.value)]
    for row_id, count, total, grade in chosen:
        words = c.row_text("energy", "E07", row_id)
        unit_kw = total / count
        old_class = t.motor_grades[grade]
        old, at = t.motor_efficiency(old_class, unit_kw)
        new, _ = t.motor_efficiency(t.motor_target, unit_kw)
        inputs += [
            answered("E07", Bilingual(f"{words.zh} 台数", f"{words.en} count"), count, "台"),
            answered(
                "E07", Bilingual(f"{words.zh} 总功率", f"{words.en} total power"), total, "kW"
            ),
        ]
        at_zh, at_en = f"{words.zh}，{at:g} kW 档", f"{words.en}, at {at:g} kW"
        assumed += [
            t.motor.assumption(
                f"efficiency_old.{row_id}",
                Bilingual(f"{old_class} 效率（{at_zh}）", f"{old_class} efficiency ({at_en})"),
                old,
                "",
            ),
            t.motor.assumption(
                f"efficiency_new.{row_id}",
                Bilingual(
                    f"{t.motor_target} 效率（{at_zh}）", f"{t.motor_target} efficiency ({at_en})"
                ),
                new,
                "",
            ),
        ]
        parts.append(motor_replacement(total, load.value, h, old, new))
    inputs.append(answered("E33", what("E33"), h, "h/yr"))
    est = wrap(
        "answers.motor_replacement",
        Bilingual("高效电机替换年节电量", "High-efficiency motors: annual saving"),
        tuple(parts),
        tuple(inputs),
        tuple(assumed),
        Bilingual(
            "E07 中低于 3 级的各功率段：按平均单机功率查原等级与 IE4 的效率，逐段计算后相加",
            "each power class of E07 below grade 3: efficiencies of its grade and of IE4 at the "
            "average unit power, summed over the classes",
        ),
    )
    return electricity(est, quantities)


def leak(c: Context) -> Built:
    needed: list[Needed] = []
    kw = compressor_kw(c.answers)
    if kw is None:
        needed.append(energy("E08", "kw"))
    share = c.answers.get("energy", {}).get("E37")
    ok = isinstance(share, int | float) and not isinstance(share, bool) and 0 <= share <= 100
    if not ok:
        needed.append(energy("E37"))
    h = hours(c.answers, needed)
    if needed or kw is None or h is None:
        return Built(None, quantities={"survey": 1.0}, needed=tuple(needed))
    assert isinstance(share, int | float)
    part = leak_repair(kw, h, float(share))
    est = wrap(
        "answers.leak_repair",
        Bilingual("压缩空气检漏修复年节电量", "Compressed-air leak repair: annual saving"),
        (part,),
        (
            answered("E08", what("E08", "kw"), kw, "kW"),
            answered("E37", what("E37"), float(share), "%"),
            answered("E33", what("E33"), h, "h/yr"),
        ),
        (),
        Bilingual(
            "空压站耗电 = E08 各组台数 × 单台功率 × 平均负载率 × E33 小时；"
            "节电 = 耗电 × (E37 泄漏率 - 修复后泄漏率)",
            "station energy = E08's count × power per unit × average load × E33's hours; "
            "saving = energy × (E37 leak share - share after repair)",
        ),
    )
    return electricity(est, {"survey": 1.0})


def heat_recovery(c: Context) -> Built:
    needed: list[Needed] = []
    kw = compressor_kw(c.answers)
    if kw is None:
        needed.append(energy("E08", "kw"))
    h = hours(c.answers, needed)
    quantities = {"kw": kw} if kw is not None else {}
    if kw is None or h is None:
        return Built(None, quantities=quantities, needed=tuple(needed))
    part = compressor_heat_recovery(kw, h)
    est = wrap(
        "answers.compressor_heat_recovery",
        Bilingual("空压机余热回收年替代天然气", "Compressor heat recovery: gas displaced"),
        (part,),
        (answered("E08", what("E08", "kw"), kw, "kW"), answered("E33", what("E33"), h, "h/yr")),
        (),
        Bilingual(
            "回收热量 Q = E08 空压机功率 × 可回收比例 × E33 小时；"
            "替代天然气 = Q ÷ (锅炉效率 × 低位发热量)",
            "heat Q = E08's compressor power × recoverable share × E33's hours; gas "
            "displaced = Q ÷ (boiler efficiency × net calorific value)",
        ),
        "m³/yr",
    )
    gas = Bilingual("节约天然气", "natural gas saved")
    return Built(
        est,
        (EnergyUse("natural_gas", est.value, "m³"),),
        saved=(Saved("natural_gas", est.value, gas),),
        quantities=quantities,
    )


def what(item: str, column: str = "") -> Bilingual:
    return Needed("energy", item, column).what


def pv(c: Context) -> Built:
    roof = positive(c.answers, "energy", "E38")
    if roof is None:
        return Built(None, needed=(energy("E38"),))
    density = c.tables.defaults["pv_density"]
    kwp = roof * density.value
    try:
        part = rooftop_pv(kwp, grid_year=c.year, grid_region="east_china")
    except CoefficientNotFound:  # a data year before the grid factors: the latest is named
        part = rooftop_pv(kwp)
    est = wrap(
        "answers.rooftop_pv",
        Bilingual("屋顶光伏年发电量", "Rooftop PV: annual generation"),
        (part,),
        (answered("E38", what("E38"), roof, "m²"),),
        (density.used(density.value),),
        Bilingual(
            "装机容量 = E38 屋顶面积 × 每平方米装机容量；发电量 = 装机容量 × 年等效发电小时",
            "capacity = E38 roof area × capacity per m²; generation = capacity × specific yield",
        ),
    )
    return electricity(est, {"kwp": kwp})


def transformers(c: Context) -> Built:
    t, needed = c.tables, []
    replaced = []
    for row_id, row in rows(c.answers, "energy", "E09").items():
        kva = cell(row, "capacity_kva")
        family = row.get("family")
        if kva is None or family in ("s20_or_better", "amorphous"):
            continue
        series = t.transformer_families.get(str(family))
        load = cell(row, "load_pct")
        if series is None:
            needed.append(energy("E09", "family"))
        elif load is None:
            needed.append(energy("E09", "load_pct"))
        else:
            replaced.append((row_id, kva, series, load))
    if not replaced and not needed:
        needed.append(energy("E09"))
    h = hours(c.answers, needed)
    quantities = {"kva": sum(kva for _, kva, _, _ in replaced)} if replaced else {}
    if needed or h is None:
        return Built(None, quantities=quantities, needed=tuple(dict.fromkeys(needed)))
    parts, inputs, assumed = [], [], []
    for row_id, kva, series, load in replaced:
        old, new = (
            t.transformer_losses(series, kva),
            t.transformer_losses(t.transformer_target, kva),
        )
        if old is None or new is None:
            return Built(None, quantities=quantities, needed=(energy("E09"),))
        words = c.row_text("energy", "E09", row_id)
        inputs += [
            answered("E09", Bilingual(f"{words.zh} 容量", f"{words.en} capacity"), kva, "kVA"),
            answered("E09", Bilingual(f"{words.zh} 负载率", f"{words.en} load"), load, "%"),
        ]
        for name, series_name, losses in (("old", series, old), ("new", t.transformer_target, new)):
            label = Bilingual(
                f"{words.zh} {series_name} P₀/P_k（{losses[2]:g} kVA）",
                f"{words.en} {series_name} P₀/P_k ({losses[2]:g} kVA)",
            )
            assumed.append(t.transformer.assumption(f"{name}.{row_id}", label, losses[0], "kW"))
        beta = load / 100
        parts.append(
            transformer_replacement(
                transformer_losses(old[0], old[1], beta, h),
                transformer_losses(new[0], new[1], beta, h),
            )
        )
    inputs.append(answered("E33", what("E33"), h, "h/yr"))
    est = wrap(
        "answers.transformer_replacement",
        Bilingual("变压器更换年节电量", "Transformer replacement: annual saving"),
        tuple(parts),
        tuple(inputs),
        tuple(assumed),
        Bilingual(
            "E09 中 S13 及更早的各台：按型号系列和容量查损耗，换为非晶合金变压器；"
            "最大负载损耗小时 τ 取 E33 年运行小时",
            "each unit of E09 of series S13 or older: losses by series and capacity, replaced "
            "by an amorphous-core unit; the equivalent full-loss hours τ are E33's hours",
        ),
    )
    return electricity(est, quantities)
