"""Estimators of the classic water measures (REFERENCE §3.2, §3.4): cooling-tower make-up.

Pure functions returning a traceable Estimate; every default is a keyword parameter recorded as an
assumption with its source and confidence. No Qt, no SQL.
"""

from __future__ import annotations

from diagnosis.measures.estimates import (
    Default,
    Estimate,
    annual_hours,
    check,
    given,
    positive,
    quantity,
)
from diagnosis.messages import Bilingual

# The printed source names a public document or says the figure is the diagnosis team's own
# estimate; where it stands in the domain reference is kept apart, in TRACE, never printed.
EVAPORATION_PER_DEGREE = Default(
    "evaporation_per_degree",
    0.0015,
    "K",
    Bilingual(
        "诊断团队估算（待核实）：冷却塔蒸发近似 E ≈ Q_circ × ΔT × 0.0015（每 °C），未见原文",
        "the diagnosis team's estimate (to be verified): cooling-tower approximation "
        "E ≈ Q_circ × ΔT × 0.0015 per °C, text not seen",
    ),
)
DEFAULTS: tuple[Default, ...] = (EVAPORATION_PER_DEGREE,)
TRACE: dict[str, str] = {
    "evaporation_per_degree": "REFERENCE §3.2 cooling tower [K approximation, C example]",
}
_M3 = "m³/yr"


def _ratio(value: float, name: str) -> float:
    rule = "C = blowdown salinity / make-up salinity, above 1"
    return check(value, name, low=1, high=100, low_open=True, rule=rule)


def cooling_tower_makeup(
    circulation_m3h: float,
    delta_t_c: float,
    concentration_ratio: float,
    hours: float,
    *,
    evaporation_per_degree: float = EVAPORATION_PER_DEGREE.value,
) -> Estimate:
    """Annual make-up of an open cooling tower: E = Q_circ·ΔT·k·h, B = E/(C − 1), M = E + B
    (drift is neglected, as in the approximation)."""
    q = positive(circulation_m3h, "circulation_m3h")
    dt = check(delta_t_c, "delta_t_c", low=0, high=50, low_open=True, rule="°C of cooling range")
    c = _ratio(concentration_ratio, "concentration_ratio")
    h = annual_hours(hours)
    k = check(evaporation_per_degree, "evaporation_per_degree", low=0, high=0.01, low_open=True)
    evaporation = q * dt * k * h
    blowdown = evaporation / (c - 1)
    inputs = given(circulation_m3h=q, delta_t_c=dt, concentration_ratio=c, hours=h)
    formula = Bilingual(
        "E = Q_circ × ΔT × k × h；B = E / (C − 1)；补水量 M = E + B",
        "E = Q_circ × ΔT × k × h; B = E / (C − 1); make-up M = E + B",
    )
    title = Bilingual("冷却塔年补水量", "Cooling tower: annual make-up water")
    return Estimate(
        "cooling_tower.makeup",
        title,
        evaporation + blowdown,
        _M3,
        inputs,
        (EVAPORATION_PER_DEGREE.used(k),),
        formula,
        given(evaporation_m3=evaporation, blowdown_m3=blowdown),
    )


def cooling_tower_saving(
    circulation_m3h: float,
    delta_t_c: float,
    hours: float,
    ratio_before: float,
    ratio_after: float,
    *,
    evaporation_per_degree: float = EVAPORATION_PER_DEGREE.value,
) -> Estimate:
    """Make-up water saved by raising the concentration ratio (better water treatment): the
    evaporation is unchanged, only the blowdown E/(C − 1) shrinks. Negative if C is lowered."""
    c_before = _ratio(ratio_before, "ratio_before")
    c_after = _ratio(ratio_after, "ratio_after")
    k = evaporation_per_degree
    before = cooling_tower_makeup(
        circulation_m3h, delta_t_c, c_before, hours, evaporation_per_degree=k
    )
    after = cooling_tower_makeup(
        circulation_m3h, delta_t_c, c_after, hours, evaporation_per_degree=k
    )
    formula = Bilingual("节水量 = M(C_before) − M(C_after)", "saving = M(C_before) − M(C_after)")
    title = Bilingual("提高浓缩倍数年节水量", "Higher concentration ratio: annual water saving")
    q, dt, h = (before.input(n).value for n in ("circulation_m3h", "delta_t_c", "hours"))
    inputs = given(
        circulation_m3h=q, delta_t_c=dt, hours=h, ratio_before=c_before, ratio_after=c_after
    )
    return Estimate(
        "cooling_tower.saving",
        title,
        before.value - after.value,
        _M3,
        inputs,
        (),
        formula,
        parts=(before, after),
    )


def tower_ratio_saving(
    circulated_m3: float,
    ratio_before: float,
    ratio_after: float,
    *,
    delta_t_c: float = 5.0,
    evaporation_per_degree: float = EVAPORATION_PER_DEGREE.value,
) -> Estimate:
    """The same saving as ``cooling_tower_saving`` from the year's recirculated volume (W05)
    rather than an hourly flow and hours: E = V_cr·ΔT·k, M = E·C/(C − 1), saving = M(C_before)
    − M(C_after). ΔT defaults to 5 °C (the tables' default replaces it where they differ)."""
    v = positive(circulated_m3, "circulated_m3")
    dt = check(delta_t_c, "delta_t_c", low=0, high=50, low_open=True, rule="°C of cooling range")
    c_before = _ratio(ratio_before, "ratio_before")
    c_after = _ratio(ratio_after, "ratio_after")
    k = check(evaporation_per_degree, "evaporation_per_degree", low=0, high=0.01, low_open=True)
    evaporation = v * dt * k
    before = evaporation * c_before / (c_before - 1)
    after = evaporation * c_after / (c_after - 1)
    formula = Bilingual(
        "E = V_cr × ΔT × k；补水量 M = E × C / (C − 1)；节水量 = M(C_before) − M(C_after)",
        "E = V_cr × ΔT × k; make-up M = E × C / (C − 1); saving = M(C_before) − M(C_after)",
    )
    title = Bilingual("提高浓缩倍数年节水量", "Higher concentration ratio: annual water saving")
    inputs = given(circulated_m3=v, delta_t_c=dt, ratio_before=c_before, ratio_after=c_after)
    results = (
        *given(evaporation_m3=evaporation),
        quantity("makeup_before", "改造前补水量", "make-up before", before, _M3),
        quantity("makeup_after", "改造后补水量", "make-up after", after, _M3),
    )
    return Estimate(
        "cooling_tower.ratio_saving",
        title,
        before - after,
        _M3,
        inputs,
        (EVAPORATION_PER_DEGREE.used(k),),
        formula,
        results,
    )
