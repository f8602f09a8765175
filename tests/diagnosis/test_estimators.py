"""Saving estimators: the worked checks of REFERENCE.md §2.11 and §3.2 (arithmetic written out),
refusals naming the parameter and the rule, assumptions with their confidence in both languages,
and hypothesis properties of the formulas."""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnosis.checklists.units import unit_text
from diagnosis.figures.coefficients import CoefficientTable, coefficient_table, format_number
from diagnosis.measures.estimates import (
    QUANTITIES,
    Assumption,
    Estimate,
    payback_bucket,
    simple_payback,
)
from diagnosis.measures.estimators.energy import (
    DEFAULTS as ENERGY_DEFAULTS,
)
from diagnosis.measures.estimators.energy import (
    TRACE,
    air_leak,
    boiler_efficiency,
    compressor_heat_recovery,
    leak_share,
    lighting,
    motor_replacement,
    relative_power,
    rooftop_pv,
    transformer_losses,
    transformer_replacement,
    vfd_saving,
)
from diagnosis.measures.estimators.water import DEFAULTS as WATER_DEFAULTS
from diagnosis.measures.estimators.water import cooling_tower_makeup, cooling_tower_saving
from diagnosis.messages import Lang

FAN_PROFILE = ((0.2, 1.0), (0.5, 0.8), (0.3, 0.6))


def sig(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` significant figures, the precision REFERENCE quotes."""
    return float(f"{value:.{digits}g}")


# -- (a) VFD ------------------------------------------------------------------------------------


def test_vfd_worked_check() -> None:
    """REFERENCE §2.11(a): 55 kW fan, 6 000 h; 20 % at q 1.0, 50 % at 0.8, 30 % at 0.6.
    Damper (0.4 + 0.6·q): 0.2·1.00 + 0.5·0.88 + 0.3·0.76 = 0.868; 55 × 6 000 × 0.868 = 286 440.
    VFD (q³): 0.2·1 + 0.5·0.512 + 0.3·0.216 = 0.5208; 330 000 × 0.5208 / 0.97 = 177 179.4.
    Saving 286 440 − 177 179.4 = 109 260.6 ≈ 109 261 kWh/yr = 38 % of the baseline."""
    est = vfd_saving(55, 6000, FAN_PROFILE)
    assert (est.key, est.unit) == ("vfd.saving", "kWh/yr")
    assert round(est.result("baseline_kwh").value) == 286_440
    assert round(est.result("vfd_kwh").value) == 177_179
    assert round(est.value) == 109_261
    assert round(est.result("saving_share").value) == 38
    assert est.result("vfd_power_1").value == pytest.approx(0.512)
    assert est.result("damper_power_2").value == pytest.approx(0.76)


def test_vfd_static_head_relative_power() -> None:
    """REFERENCE §2.11(a): 40 % static head, q 0.8: 0.8 × (0.4 + 0.6 × 0.8²) = 0.8 × 0.784
    = 0.6272 ≈ 0.627, not the cube law's 0.8³ = 0.512."""
    assert round(relative_power(0.8, 0.4), 3) == 0.627
    assert relative_power(0.8) == pytest.approx(0.512)
    est = vfd_saving(55, 6000, FAN_PROFILE, static_head_fraction=0.4)
    assert round(est.result("vfd_power_1").value, 3) == 0.627
    assert est.value < vfd_saving(55, 6000, FAN_PROFILE).value  # static head saves less


# -- (b) compressed-air leaks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("diameter", "l_s", "kw", "kwh", "digits"),
    [
        # ṁ = 0.65 · π(d/2)² · 8.013e5 Pa · √(1.4/(287·293.15)) · 0.5283^3 (= 0.5787 choke factor)
        # 1 mm: ṁ = 0.966 g/s; / ρ_free (1.013e5/(287·293.15) = 1.204 kg/m³) = 0.802 L/s;
        #       × 60/1000 × 7 kW/(m³/min) = 0.337 kW; × 8 000 h = 2 695 ≈ 2 700 kWh
        (1, 0.80, 0.34, 2_700, 2),
        # 3 mm: 9 × the 1 mm flow: 7.22 L/s, 3.03 kW, 24 254 ≈ 24 300 kWh
        (3, 7.2, 3.0, 24_300, 3),
        # 5 mm: 25 × the 1 mm flow: 20.05 L/s, 8.42 kW, 67 371 ≈ 67 000 kWh
        (5, 20, 8.4, 67_000, 2),
    ],
)
def test_air_leak_worked_checks(
    diameter: float, l_s: float, kw: float, kwh: float, digits: int
) -> None:
    """REFERENCE §2.11(b) at 7 bar(g), C_d 0.65, 8 000 h, free air at 1.013 bar and 20 °C."""
    est = air_leak(diameter, 7, 8000)
    assert sig(est.result("fad_l_s").value, 2) == l_s
    assert sig(est.result("power_kw").value, 2) == kw
    assert sig(est.value, digits) == kwh
    assert est.unit == "kWh/yr" and est.result("fad_l_s").unit == "L/s"


def test_leak_share_field_method() -> None:
    """T_load / (T_load + T_unload) = 30 / (30 + 90) = 25 %."""
    est = leak_share(30, 90)
    assert (est.value, est.unit) == (25, "%")


# -- (c)-(e) motors, lighting, transformers -----------------------------------------------------


def test_motor_worked_checks() -> None:
    """REFERENCE §2.11(c): P_out = 37 × 0.75 = 27.75 kW.
    IE2 → IE4: 27.75 × (1/0.930 − 1/0.952) = 27.75 × 0.024849 = 0.6896 kW; × 6 000 = 4 137 kWh.
    IE3 → IE4: 27.75 × (1/0.939 − 1/0.952) = 27.75 × 0.014543 = 0.4036 kW; × 6 000 = 2 421 kWh."""
    ie2 = motor_replacement(37, 0.75, 6000, 0.930, 0.952)
    assert round(ie2.result("power_saving_kw").value, 2) == 0.69
    assert round(ie2.value) == 4_137
    assert round(motor_replacement(37, 0.75, 6000, 0.939, 0.952).value) == 2_421


def test_lighting_worked_check() -> None:
    """REFERENCE §2.11(d): (45 − 18) W × 500 × 4 000 h = 54 000 000 Wh = 54 000 kWh/yr."""
    est = lighting(500, 45, 18, 4000)
    assert est.value == pytest.approx(54_000)
    assert est.result("power_saving_kw").value == pytest.approx(13.5)


def test_transformer_losses_and_replacement() -> None:
    """Old: 1.7 kW × 8 760 h = 14 892; 0.6² × 10.3 kW × 4 000 h = 14 832; total 29 724 kWh/yr.
    New (amorphous core, same load loss): 0.48 × 8 760 = 4 204.8; + 14 832 = 19 036.8 kWh/yr.
    Saving 29 724 − 19 036.8 = 10 687.2 kWh/yr."""
    old = transformer_losses(1.7, 10.3, 0.6, 4000)
    new = transformer_losses(0.48, 10.3, 0.6, 4000)
    assert old.value == pytest.approx(29_724)
    assert old.result("no_load_kwh").value == pytest.approx(14_892)
    assert new.value == pytest.approx(19_036.8)
    saving = transformer_replacement(old, new)
    assert saving.value == pytest.approx(10_687.2)
    assert saving.parts == (old, new)


def test_transformer_replacement_needs_same_hours() -> None:
    old = transformer_losses(1.7, 10.3, 0.6, 4000)
    with pytest.raises(ValueError, match="old and new must use the same loss_hours"):
        transformer_replacement(old, transformer_losses(0.48, 10.3, 0.6, 3000))
    with pytest.raises(ValueError, match="new must come from transformer_losses"):
        transformer_replacement(old, lighting(1, 45, 18, 10))


# -- (f)-(h) fuels, heat recovery, PV -----------------------------------------------------------


def test_boiler_worked_check_through_the_table() -> None:
    """REFERENCE §2.11(f): F_new = 500 000 × 0.85 / 0.95 = 447 368.4 m³; saving 52 631.6
    ≈ 52 632 m³/yr; × 1.2143 kgce/m³ (tce.natural_gas) = 63 910 kgce = 63.9 tce."""
    est = boiler_efficiency(500_000, 0.85, 0.95)
    assert (round(est.value), est.unit) == (52_632, "m³/yr")
    assert round(est.result("saving_tce").value, 1) == 63.9
    coef = coefficient_table().lookup("tce.natural_gas")
    assert est.assumption("tce.natural_gas").value == coef.value
    # Computed through the table, not a literal: another table gives another tce.
    table = CoefficientTable(
        [
            replace(c, value=2.0) if c.key == "tce.natural_gas" else c
            for c in coefficient_table().entries
        ],
        "test",
    )
    other = boiler_efficiency(500_000, 0.85, 0.95, table=table)
    assert other.result("saving_tce").value == pytest.approx(52_631.58 * 2.0 / 1000)


def test_compressor_heat_recovery_worked_check() -> None:
    """REFERENCE §2.11(g): 110 kW × 0.7 × 6 000 h = 462 000 kWh × 3.6 MJ = 1 663.2 GJ/yr;
    / (0.9 × 38.931 MJ/m³) = 47 468.6 ≈ 47 469 m³. The gas-field NCV of §2.2 (35.588 MJ/m³)
    would give 1 663 200 / (0.9 × 35.588) = 51 927.6 m³: REFERENCE used the §2.4 NCV."""
    est = compressor_heat_recovery(110, 6000)
    assert round(est.result("heat_gj").value) == 1_663
    assert (round(est.value), est.unit) == (47_469, "m³/yr")
    ncv = est.assumption("gas_ncv_mj_per_m3")
    assert (ncv.value, ncv.confidence) == (38.931, "V")
    assert "35 588" in ncv.source.en and "GB/T 32151" in ncv.source.en
    assert "51 928" in TRACE["gas_ncv_mj_per_m3"]  # the worked check, kept off the page
    assert round(compressor_heat_recovery(110, 6000, gas_ncv_mj_per_m3=35.588).value) == 51_928


def test_rooftop_pv_worked_check() -> None:
    """REFERENCE §2.11(h): 1 000 kWp × 1 000 kWh/kWp = 1 000 000 kWh = 1 GWh/yr;
    × 0.1229 kgce/kWh = 122 900 kgce = 122.9 tce; × 0.5306 kgCO2/kWh = 530.6 t ≈ 531 tCO2."""
    est = rooftop_pv(1000)
    assert est.value == pytest.approx(1_000_000) and est.unit == "kWh/yr"
    assert round(est.result("saving_tce").value, 1) == 122.9
    assert round(est.result("co2_t").value) == 531
    assert est.assumption("co2.grid").value == 0.5306
    assert est.assumption("specific_yield").confidence == "L"


def test_rooftop_pv_later_year_says_which_factor_was_used() -> None:
    est = rooftop_pv(1000, grid_year=2025)
    assert "the table has no 2025 value, the 2023 value was used" in (
        est.assumption("co2.grid").source.en
    )


# -- water --------------------------------------------------------------------------------------


def test_cooling_tower_worked_check() -> None:
    """REFERENCE §3.2: E = 500 m³/h × 5 °C × 0.0015 × 8 000 h = 30 000 m³/yr.
    C = 3: B = 30 000 / 2 = 15 000, M = 45 000; C = 5: B = 30 000 / 4 = 7 500, M = 37 500.
    Saving 45 000 − 37 500 = 7 500 m³/yr."""
    at3 = cooling_tower_makeup(500, 5, 3, 8000)
    assert at3.result("evaporation_m3").value == pytest.approx(30_000)
    assert at3.result("blowdown_m3").value == pytest.approx(15_000)
    assert at3.value == pytest.approx(45_000) and at3.unit == "m³/yr"
    saving = cooling_tower_saving(500, 5, 8000, ratio_before=3, ratio_after=5)
    assert [p.value for p in saving.parts] == pytest.approx([45_000, 37_500])
    assert saving.value == pytest.approx(7_500)


# -- payback ------------------------------------------------------------------------------------


def test_simple_payback() -> None:
    """10 万元 = 100 000 yuan / 50 000 yuan/yr = 2 years."""
    est = simple_payback(10, 50_000)
    assert (est.value, est.unit) == (2, "yr")
    assert simple_payback(0, 1_000).value == 0
    assert simple_payback(10, 0).value == math.inf
    assert simple_payback(10, -5).value == math.inf
    assert "never pays back" in simple_payback(10, 0).explain("en")


@pytest.mark.parametrize(
    ("years", "bucket"),
    [
        (0, "<1"),
        (0.99, "<1"),
        (1, "1-2"),
        (1.5, "1-2"),
        (2, "2-3"),
        (2.99, "2-3"),
        (3, ">3"),
        (12, ">3"),
        (math.inf, ">3"),
    ],
)
def test_payback_bucket(years: float, bucket: str) -> None:
    assert payback_bucket(years) == bucket


# -- refusals -----------------------------------------------------------------------------------

REFUSALS: list[tuple[Callable[[], object], str]] = [
    (lambda: vfd_saving(-55, 6000, FAN_PROFILE), "rated_kw must be in (0, inf)"),
    (lambda: vfd_saving(55, 9000, FAN_PROFILE), "hours must be in [0, 8,784] (a year has at most"),
    (lambda: vfd_saving(55, 6000, ((0.5, 1), (0.4, 0.8))), "shares of time must sum to 1, got 0.9"),
    (lambda: vfd_saving(55, 6000, ((1, 1.2),)), "profile[0] flow_fraction must be in [0, 1]"),
    (lambda: vfd_saving(55, 6000, ((-0.1, 1), (1.1, 1))), "profile[0] share_of_time"),
    (lambda: vfd_saving(55, 6000, ()), "profile must list at least one"),
    (lambda: vfd_saving(55, 6000, FAN_PROFILE, drive_efficiency=0), "drive_efficiency must be"),
    (lambda: vfd_saving(55, 6000, FAN_PROFILE, damper_rule=(0.5, 0.6)), "damper_rule a + b"),
    (lambda: vfd_saving(55, 6000, FAN_PROFILE, static_head_fraction=1), "static_head_fraction"),
    (lambda: air_leak(3, 0.5, 8000), "pressure_bar_g must be in [0.9"),
    (lambda: air_leak(-1, 7, 8000), "diameter_mm must be in (0, inf)"),
    (lambda: air_leak(3, 7, 8000, discharge_coefficient=0), "discharge_coefficient"),
    (lambda: air_leak(3, float("nan"), 8000), "pressure_bar_g must be a finite number"),
    (lambda: leak_share(0, 0), "load_time + unload_time must be above 0"),
    (lambda: leak_share(-1, 5), "load_time must be in [0, inf)"),
    (lambda: motor_replacement(37, 0.75, 6000, 1.2, 0.95), "efficiency_old must be in (0, 1]"),
    (lambda: motor_replacement(37, 0.75, 6000, 0.93, 0), "efficiency_new must be in (0, 1]"),
    (lambda: motor_replacement(-37, 0.75, 6000, 0.93, 0.95), "output_kw must be in (0, inf)"),
    (lambda: motor_replacement(37, 0, 6000, 0.93, 0.95), "load_factor must be in (0, 1]"),
    (lambda: lighting(0, 45, 18, 4000), "count must be in [1, inf)"),
    (lambda: lighting(10, -45, 18, 4000), "watts_old must be in [0, inf)"),
    (lambda: transformer_losses(-1, 10, 0.5, 3000), "no_load_kw must be in [0, inf)"),
    (lambda: transformer_losses(1, 10, 0.5, 9000), "loss_hours must be in [0, 8,760]"),
    (lambda: transformer_losses(1, 10, 1.6, 3000), "load_factor must be in [0, 1.5]"),
    (lambda: boiler_efficiency(1000, 0.85, 1.05), "efficiency_new must be in (0, 1]"),
    (lambda: boiler_efficiency(1000, 0.85, 0.95, fuel="plutonium"), "fuel must have a"),
    (lambda: compressor_heat_recovery(110, 6000, recoverable_fraction=1.5), "recoverable_frac"),
    (lambda: compressor_heat_recovery(110, 8785), "hours must be in [0, 8,784]"),
    (lambda: rooftop_pv(0), "kwp must be in (0, inf)"),
    (lambda: rooftop_pv(100, specific_yield=9000), "specific_yield must be in (0, 8,784]"),
    (lambda: cooling_tower_makeup(500, 5, 1, 8000), "concentration_ratio must be in (1, 100]"),
    (lambda: cooling_tower_makeup(500, 0, 3, 8000), "delta_t_c must be in (0, 50]"),
    (lambda: cooling_tower_saving(500, 5, 8000, 3, 0.5), "ratio_after must be in (1, 100]"),
    (lambda: simple_payback(-1, 1000), "investment_10k_yuan must be in [0, inf)"),
    (lambda: simple_payback(1, float("inf")), "annual_saving_yuan must be a finite number"),
    (lambda: payback_bucket(-1), "years must be 0 or more"),
    (lambda: payback_bucket(float("nan")), "years must be 0 or more"),
]


@pytest.mark.parametrize(("call", "message"), REFUSALS)
def test_invalid_input_refused_naming_parameter_and_rule(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


# -- traceability -------------------------------------------------------------------------------


def all_estimates() -> list[Estimate]:
    """One estimate of every kind, with every default in force."""
    old = transformer_losses(1.7, 10.3, 0.6, 4000)
    return [
        vfd_saving(55, 6000, FAN_PROFILE),
        air_leak(3, 7, 8000),
        leak_share(30, 90),
        motor_replacement(37, 0.75, 6000, 0.93, 0.952),
        lighting(500, 45, 18, 4000),
        transformer_replacement(old, transformer_losses(0.48, 10.3, 0.6, 4000)),
        boiler_efficiency(500_000, 0.85, 0.95),
        compressor_heat_recovery(110, 6000),
        rooftop_pv(1000),
        cooling_tower_saving(500, 5, 8000, 3, 5),
        simple_payback(10, 50_000),
    ]


def assumptions_of(est: Estimate) -> Iterator[Assumption]:
    yield from est.assumptions
    for part in est.parts:
        yield from assumptions_of(part)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("est", all_estimates(), ids=lambda e: e.key)
def test_explain_lists_each_assumption_with_its_confidence(est: Estimate, lang: Lang) -> None:
    text = est.explain(lang)
    lines = text.splitlines()
    for a in assumptions_of(est):
        label = a.label.zh if lang == "zh" else a.label.en
        source = a.source.zh if lang == "zh" else a.source.en
        hit = [line for line in lines if label in line and f"({a.name})" in line]
        assert hit, f"{a.name} missing from {lang} explanation"
        assert f"= {format_number(a.value)}" in hit[0]
        assert f"[{a.confidence}]" in hit[0] and source in hit[0]
    for q in est.inputs:
        assert f"({q.name}) = {format_number(q.value)}" in text
    assert (est.formula.zh if lang == "zh" else est.formula.en) in text
    # the unit as the reader's language writes it: "kWh/年", "年" in Chinese (issue 18)
    assert format_number(est.value) in lines[0] and unit_text(est.unit, lang) in lines[0]
    if lang == "zh":
        assert not re.search(r"(?<![A-Za-z_])(yr|yuan)(?![A-Za-z_])", text), text  # not in ids


def test_every_default_is_a_keyword_default_and_an_assumption() -> None:
    """Each keyword default of an estimator equals its recorded Default; with defaults in force
    every Default shows up as an assumption carrying its tag."""
    defaults = {d.name: d for d in (*ENERGY_DEFAULTS, *WATER_DEFAULTS)}
    functions = (vfd_saving, air_leak, transformer_losses, compressor_heat_recovery, rooftop_pv)
    for fn in (*functions, cooling_tower_makeup, cooling_tower_saving):
        for p in inspect.signature(fn).parameters.values():
            if p.kind is p.KEYWORD_ONLY and p.name in defaults:
                assert p.default == defaults[p.name].value, (fn.__name__, p.name)
    assert inspect.signature(vfd_saving).parameters["damper_rule"].default == (0.4, 0.6)
    used = {a.name: a for e in all_estimates() for a in assumptions_of(e)}
    for d in defaults.values():
        assert d.name in QUANTITIES
        assert used[d.name].confidence == d.confidence in ("V", "K", "L", "C"), d.name
        assert used[d.name].value == d.value


def test_overridden_default_is_marked_entered() -> None:
    est = air_leak(1, 6, 8000, discharge_coefficient=0.8)
    cd = est.assumption("discharge_coefficient")
    assert (cd.value, cd.confidence) == (0.8, None)
    assert "in place of the default 0.65" in cd.source.en and "[K]" in cd.source.en
    assert "[entered]" in est.explain("en") and "[输入]" in est.explain("zh")


# -- properties ---------------------------------------------------------------------------------

hours = st.floats(min_value=0, max_value=8784)
efficiencies = st.floats(min_value=0.5, max_value=1.0)


@settings(max_examples=200)
@given(
    kw=st.floats(min_value=0.1, max_value=1000),
    load=st.floats(min_value=0.1, max_value=1),
    eta=efficiencies,
    h=hours,
)
def test_motor_saving_zero_at_equal_efficiency(
    kw: float, load: float, eta: float, h: float
) -> None:
    assert motor_replacement(kw, load, h, eta, eta).value == 0


@settings(max_examples=200)
@given(
    kw=st.floats(min_value=0.1, max_value=1000),
    load=st.floats(min_value=0.1, max_value=1),
    old=efficiencies,
    gain=st.floats(min_value=0.001, max_value=0.2),
    h1=hours,
    h2=hours,
)
def test_motor_saving_grows_with_hours(
    kw: float, load: float, old: float, gain: float, h1: float, h2: float
) -> None:
    new = min(old + gain, 1.0)
    low, high = sorted((h1, h2))
    s_low = motor_replacement(kw, load, low, old, new).value
    s_high = motor_replacement(kw, load, high, old, new).value
    assert 0 <= s_low <= s_high


@given(
    kw=st.floats(min_value=0.1, max_value=1000),
    h=hours,
    eta=st.floats(min_value=0.8, max_value=1.0),
)
def test_vfd_at_full_flow_only_loses_the_drive(kw: float, h: float, eta: float) -> None:
    """At 100 % flow all the time both draw rated power, the VFD also its own losses: the
    'saving' is −P·h·(1/η − 1), negative, and exactly 0 only for a lossless drive."""
    est = vfd_saving(kw, h, ((1.0, 1.0),), drive_efficiency=eta)
    assert est.value == pytest.approx(-kw * h * (1 / eta - 1), abs=1e-6)
    assert est.value <= 0
    assert vfd_saving(kw, h, ((1.0, 1.0),), drive_efficiency=1.0).value == 0


@given(
    steps=st.lists(
        st.tuples(st.floats(min_value=0.01, max_value=1), st.floats(min_value=0, max_value=1)),
        min_size=1,
        max_size=6,
    )
)
def test_vfd_never_worse_than_damper_without_losses(steps: list[tuple[float, float]]) -> None:
    """q³ ≤ q ≤ 0.4 + 0.6·q on [0, 1]: with a lossless drive the cube law never loses."""
    total = sum(w for w, _ in steps)
    profile = [(w / total, q) for w, q in steps]
    assert vfd_saving(10, 1000, profile, drive_efficiency=1.0).value >= -1e-9


@given(
    d=st.floats(min_value=0.1, max_value=20),
    k=st.floats(min_value=1.1, max_value=5),
    p=st.floats(min_value=1, max_value=15),
)
def test_leak_flow_grows_with_diameter_squared(d: float, k: float, p: float) -> None:
    small = air_leak(d, p, 1000).result("fad_l_s").value
    big = air_leak(d * k, p, 1000).result("fad_l_s").value
    assert big == pytest.approx(small * k * k, rel=1e-9)


@given(
    d=st.floats(min_value=0.1, max_value=20),
    p1=st.floats(min_value=1, max_value=15),
    p2=st.floats(min_value=1, max_value=15),
)
def test_leak_flow_grows_with_pressure(d: float, p1: float, p2: float) -> None:
    low, high = sorted((p1, p2))
    flows = [air_leak(d, p, 1000).result("fad_l_s").value for p in (low, high)]
    assert flows[0] <= flows[1]
    if high > low * (1 + 1e-9):  # a last-bit difference in pressure may round to the same flow
        assert flows[0] < flows[1]


@given(c1=st.floats(min_value=1.1, max_value=20), c2=st.floats(min_value=1.1, max_value=20))
def test_cooling_tower_makeup_falls_as_concentration_rises(c1: float, c2: float) -> None:
    low, high = sorted((c1, c2))
    assert cooling_tower_makeup(500, 5, low, 8000).value >= (
        cooling_tower_makeup(500, 5, high, 8000).value
    )
    assert cooling_tower_saving(500, 5, 8000, low, high).value >= 0


@given(y1=st.floats(min_value=0, max_value=50), y2=st.floats(min_value=0, max_value=50))
def test_payback_bucket_is_monotone(y1: float, y2: float) -> None:
    low, high = sorted((y1, y2))
    order = ["<1", "1-2", "2-3", ">3"]
    assert order.index(payback_bucket(low)) <= order.index(payback_bucket(high))
