"""The savings of boilers, lighting and cooling towers computed from the visit's answers (the
rest of ``savings``): fuel from E02 with the boilers of E10, the fittings of E11, the cooling
circuit of W04-W07. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diagnosis.figures.coefficients import coefficient_table, convert
from diagnosis.figures.indicators import CARRIERS, EnergyUse
from diagnosis.measures.estimating.inputs import Needed, cell, energy, positive, rows
from diagnosis.measures.estimating.prices import Saved
from diagnosis.measures.estimating.savings import Built, Context, answered, electricity, wrap
from diagnosis.measures.estimators.energy import boiler_efficiency, lighting
from diagnosis.measures.estimators.water import tower_ratio_saving
from diagnosis.messages import Bilingual

# E10's fuel choices -> the E02 carrier they burn ("oil": fuel oil, or diesel where only that
# is recorded); biomass, electric and other boilers have no estimate here.
_FUEL = {"natural_gas": "natural_gas", "coal": "raw_coal"}


def _carrier(fuel: object, answers: Mapping[str, Mapping[str, Any]]) -> str | None:
    if fuel == "oil":
        e02 = rows(answers, "energy", "E02")
        has_diesel = cell(e02.get("diesel", {}), "quantity") is not None
        has_oil = cell(e02.get("fuel_oil", {}), "quantity") is not None
        return "diesel" if has_diesel and not has_oil else "fuel_oil"
    return _FUEL.get(str(fuel))


def boilers(c: Context) -> Built:
    t, needed = c.tables, []
    groups: dict[str, list[tuple[float, float | None, float | None]]] = {}
    for row in rows(c.answers, "energy", "E10").values():
        count = cell(row, "count")
        carrier = _carrier(row.get("fuel"), c.answers)
        if count is None or carrier is None or carrier not in t.boiler_targets:
            continue
        groups.setdefault(carrier, []).append(
            (count, cell(row, "capacity_tph"), cell(row, "efficiency_pct"))
        )
    if not groups:
        needed.append(energy("E10", "fuel"))
    tph = [n * cap for g in groups.values() for n, cap, _ in g if cap is not None]
    if any(cap is None for g in groups.values() for _, cap, _ in g):
        needed.append(energy("E10", "capacity_tph"))
    e02 = rows(c.answers, "energy", "E02")
    parts, inputs, assumed, uses, saved = [], [], [], [], []
    for carrier, units in groups.items():
        fuel = cell(e02.get(carrier, {}), "quantity")
        if fuel is None:
            needed.append(energy("E02", carrier))
        if any(eff is None for _, _, eff in units):
            needed.append(energy("E10", "efficiency_pct"))
        if fuel is None or any(eff is None for _, _, eff in units):
            continue
        # the groups' efficiencies weighted by output (by count where an output is missing)
        weights = [n * (cap or 1.0) for n, cap, _ in units]
        old = sum(w * (eff or 0.0) for w, (_, _, eff) in zip(weights, units, strict=True))
        old = old / sum(weights) / 100
        new = t.boiler_targets[carrier]
        unit = "m³" if carrier == "natural_gas" else "t"  # as E02's rows record them
        name = CARRIERS[carrier].name
        inputs.append(answered("E02", Bilingual(name.zh, name.en), fuel, f"{unit}/yr"))
        label = Bilingual(f"{name.zh}锅炉目标热效率", f"target efficiency of {name.en} boilers")
        assumed.append(t.boiler.assumption(f"target.{carrier}", label, new, ""))
        if old >= new:
            continue
        denominator = coefficient_table().lookup(f"tce.{carrier}").denominator
        part = boiler_efficiency(convert(fuel, unit, denominator), old, new, fuel=carrier)
        parts.append(part)
        amount = convert(part.value, denominator, unit)
        uses.append(EnergyUse(carrier, amount, unit))
        saved.append(Saved(carrier, amount, Bilingual(f"节约{name.zh}", f"{name.en} saved")))
    needed = list(dict.fromkeys(needed))
    quantities = {"boiler_tph": sum(tph)} if tph else {}
    if any(n.item in ("E02", "E10") and n.column != "capacity_tph" for n in needed) or not (groups):
        return Built(None, quantities=quantities, needed=tuple(needed))
    est = wrap(
        "answers.boiler_efficiency",
        Bilingual("锅炉效率提升年节约燃料", "Boiler efficiency: annual fuel saving"),
        tuple(parts),
        tuple(inputs),
        tuple(assumed),
        Bilingual(
            "E10 各燃料锅炉按出力加权的热效率提升到目标热效率，燃料量取 E02 该燃料的年消费量",
            "each fuel's boilers in E10, their output-weighted efficiency raised to the target, "
            "on E02's annual use of that fuel",
        ),
        "/".join(dict.fromkeys(u.unit for u in uses)) + "/yr" if uses else "m³/yr",
    )
    return Built(est, tuple(uses), saved=tuple(saved), quantities=quantities, needed=tuple(needed))


def lights(c: Context) -> Built:
    t, needed = c.tables, []
    fittings = []
    for row_id, row in rows(c.answers, "energy", "E11").items():
        count = cell(row, "count")
        if row_id not in t.led_share or count is None or count < 1:
            continue
        watt, lit = cell(row, "watt"), cell(row, "hours")
        if watt is None:
            needed.append(energy("E11", "watt"))
        fittings.append((row_id, count, watt, lit))
    if not fittings:
        needed.append(energy("E11"))
    if any(lit is None for *_, lit in fittings):
        fallback = positive(c.answers, "energy", "E33")
        if fallback is None:
            needed.append(energy("E11", "hours"))
    else:
        fallback = None
    quantities = {"lamp": sum(n for _, n, _, _ in fittings)} if fittings else {}
    if needed:
        return Built(None, quantities=quantities, needed=tuple(dict.fromkeys(needed)))
    parts, inputs, assumed = [], [], []
    for row_id, count, watt, lit in fittings:
        assert watt is not None
        h = lit if lit is not None else fallback
        assert h is not None
        words = c.row_text("energy", "E11", row_id)
        share = t.led_share[row_id]
        inputs += [
            answered("E11", Bilingual(f"{words.zh} 数量", f"{words.en} count"), count, "盏"),
            answered("E11", Bilingual(f"{words.zh} 单灯功率", f"{words.en} power"), watt, "W"),
            answered(
                "E11" if lit is not None else "E33",
                Bilingual(f"{words.zh} 年点亮时间", f"{words.en} hours lit"),
                h,
                "h/yr",
            ),
        ]
        label = Bilingual(f"{words.zh} 换 LED 后功率比例", f"{words.en} LED power share")
        assumed.append(t.lighting.assumption(f"led_share.{row_id}", label, share, ""))
        parts.append(lighting(count, watt, watt * share, min(h, 8784.0)))
    est = wrap(
        "answers.lighting",
        Bilingual("照明改造年节电量", "Lighting retrofit: annual saving"),
        tuple(parts),
        tuple(inputs),
        tuple(assumed),
        Bilingual(
            "E11 各类非 LED 灯具：新功率 = 原功率 × LED 功率比例，逐类计算后相加",
            "each kind of non-LED fitting in E11: new power = old power × LED share, summed",
        ),
    )
    return electricity(est, quantities)


def tower(c: Context) -> Built:
    t, needed = c.tables, []
    water = c.answers.get("water", {})
    circulated = positive(c.answers, "water", "W05")
    if circulated is None:
        needed.append(Needed("water", "W05"))
    before = t.tower_bands.get(str(water.get("W07")))
    if before is None:
        needed.append(Needed("water", "W07"))
    if circulated is None or before is None:
        return Built(None, quantities={"system": 1.0}, needed=tuple(needed))
    dt = t.defaults["delta_t_c"]
    after = max(before, t.tower_target)
    part = tower_ratio_saving(circulated, before, after, delta_t_c=dt.value)
    label = Bilingual("现浓缩倍数（按 W07 分档上限）", "present ratio (top of W07's band)")
    assumed = (
        t.tower.assumption("ratio_before", label, before, ""),
        t.tower.assumption("ratio_after", Bilingual("目标浓缩倍数", "target ratio"), after, ""),
        dt.used(dt.value),
    )
    what = Needed("water", "W05").what
    est = wrap(
        "answers.tower_ratio_saving",
        Bilingual("提高浓缩倍数年节水量", "Higher concentration ratio: annual water saving"),
        (part,),
        (answered("W05", what, circulated, "m³/yr"),),
        assumed,
        Bilingual(
            "蒸发量 E = W05 循环水量 × ΔT × k，补水量 M = E × C/(C - 1)，"
            "浓缩倍数由 W07 分档提高到目标值",
            "evaporation E = W05's recirculated water × ΔT × k, make-up M = E × C/(C - 1), "
            "the ratio raised from W07's band to the target",
        ),
        "m³/yr",
    )
    m3 = max(est.value, 0.0)
    saved = (Saved("water", m3, Bilingual("节约水量", "water saved")),)
    return Built(est, water_m3=m3, saved=saved, quantities={"system": 1.0})
