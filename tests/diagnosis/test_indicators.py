"""Indicator calculators: the worked examples of REFERENCE.md §2.3, §2.4, §2.11 and §3.2, unit
handling, refusals, traceable explanations, and the algebra of total_energy (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnosis.figures.coefficients import CoefficientTable, coefficient_table
from diagnosis.figures.indicators import (
    CARRIERS,
    EnergyUse,
    Figure,
    co2_emissions,
    energy_intensity,
    total_energy,
    water_intake,
    water_intake_per_output,
    water_reuse_rate,
)

WORKED = (
    EnergyUse("electricity", 5, "GWh"),
    EnergyUse("natural_gas", 300_000, "m³"),
    EnergyUse("diesel", 20, "t"),
    EnergyUse("steam", 2_000, "t"),
)


def table_with_equal_value(value: float, year: int) -> CoefficientTable:
    """The shipped table with its electricity 等价值 replaced by one entry for ``year``."""
    shipped = coefficient_table()
    template = shipped.lookup("tce.electricity.equal_value", year=2020)
    entries = [c for c in shipped.entries if c.key != "tce.electricity.equal_value"]
    entries.append(replace(template, value=value, year_from=year, year_to=year))
    return CoefficientTable(entries, "test")


def test_total_energy_worked_example_equivalent() -> None:
    """REFERENCE §2.3 [C], 当量值:
    5 000 000 kWh × 0.1229 = 614 500 kgce; 300 000 m³ × 1.2143 = 364 290 kgce;
    20 000 kg × 1.4571 = 29 142 kgce; 2 000 000 kg × 0.1286 = 257 200 kgce;
    sum 1 265 132 kgce = 1 265.1 tce."""
    figure = total_energy(WORKED, basis="equivalent", year=2023)
    assert figure.value == pytest.approx(1265.1, abs=0.1)
    assert (figure.unit, figure.basis, figure.year) == ("tce", "equivalent", 2023)
    assert [t.contribution for t in figure.terms] == pytest.approx([614.5, 364.29, 29.142, 257.2])


def test_total_energy_worked_example_equal_value() -> None:
    """REFERENCE §2.3 [C], 等价值 at 0.300 kgce/kWh: electricity 5 000 000 × 0.300 = 1 500 tce,
    the rest unchanged (364.29 + 29.142 + 257.2) → 2 150.6 tce."""
    table = table_with_equal_value(0.300, 2024)
    figure = total_energy(WORKED, basis="equal_value", year=2024, table=table)
    assert figure.value == pytest.approx(2150.6, abs=0.1)
    assert figure.basis == "equal_value"
    electricity = figure.terms[0].coefficient
    assert electricity is not None
    assert (electricity.key, electricity.value) == ("tce.electricity.equal_value", 0.300)
    assert figure.stand_ins == ()  # the entry is for the year asked
    assert "has no" not in figure.explain("en")


def test_total_energy_equal_value_past_table_uses_older_year_and_says_so() -> None:
    figure = total_energy([EnergyUse("electricity", 1, "MWh")], basis="equal_value", year=2023)
    coef = figure.terms[0].coefficient
    assert coef is not None and coef.year_from == 2020 and not coef.valid_in(2023)
    assert [(x.coefficient, x.kind, x.asked, x.used) for x in figure.stand_ins] == [
        ("tce.electricity.equal_value", "year", "2023", "2020")
    ]
    # Said in words, without the table's key, in the app's "how computed" text.
    assert "电力的折标准煤系数无 2023 年数值，采用 2020 年数值" in figure.explain("zh")
    explained = figure.explain("en")
    assert "has no 2023 value, so the 2020 value was used" in explained
    assert "equal_value has no" not in explained
    assert "非 2023 年数值" in figure.explain("zh")
    assert "not a 2023 value" in figure.explain("en")


def test_total_energy_fuels_same_on_both_bases() -> None:
    fuels = WORKED[1:]
    table = table_with_equal_value(0.300, 2024)
    a = total_energy(fuels, basis="equivalent", year=2024, table=table)
    b = total_energy(fuels, basis="equal_value", year=2024, table=table)
    assert a.value == b.value


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (EnergyUse("electricity", 1, "10^4 kWh"), EnergyUse("electricity", 10_000, "kWh")),
        (EnergyUse("electricity", 1, "万kWh"), EnergyUse("electricity", 10, "MWh")),
        (EnergyUse("natural_gas", 3, "10^4 m³"), EnergyUse("natural_gas", 30_000, "m³")),
        (EnergyUse("diesel", 2, "t"), EnergyUse("diesel", 2_000, "kg")),
        (EnergyUse("heat", 5, "GJ"), EnergyUse("heat", 5_000, "MJ")),
        (EnergyUse("fresh_water", 1, "t"), EnergyUse("fresh_water", 1_000, "kg")),
    ],
)
def test_total_energy_same_in_any_unit(a: EnergyUse, b: EnergyUse) -> None:
    fa = total_energy([a], basis="equivalent", year=2023)
    fb = total_energy([b], basis="equivalent", year=2023)
    assert fa.value == pytest.approx(fb.value, rel=1e-12)
    assert fa.value > 0


def test_total_energy_keeps_quantity_as_entered() -> None:
    term = total_energy([EnergyUse("electricity", 1, "万kWh")], basis="equivalent", year=2023)
    assert (term.terms[0].quantity, term.terms[0].quantity_unit) == (1, "10^4 kWh")
    assert term.value == pytest.approx(1.229)


@pytest.mark.parametrize(
    ("use", "message"),
    [
        (EnergyUse("diesel", -1, "t"), "diesel: the quantity must be 0 or more"),
        (EnergyUse("diesel", float("nan"), "t"), "diesel: the quantity"),
        (EnergyUse("diesel", 1, "barrel"), "diesel: unknown unit 'barrel'"),
        (EnergyUse("diesel", 1, "kWh"), "diesel: unit 'kWh' does not fit tce.diesel"),
        (EnergyUse("steam", 1, "GJ"), "steam: unit 'GJ' does not fit tce.steam"),
        (EnergyUse("unobtainium", 1, "t"), "unknown energy carrier 'unobtainium'"),
    ],
)
def test_total_energy_refuses_bad_use_naming_carrier(use: EnergyUse, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        total_energy([use], basis="equivalent", year=2023)


def test_every_carrier_has_its_coefficients() -> None:
    table = coefficient_table()
    for carrier in CARRIERS.values():
        table.lookup(carrier.tce, year=2023)
        if carrier.co2:
            table.lookup(carrier.co2, year=2023, region="east_china")


# -- CO2 ----------------------------------------------------------------------------------------


def test_co2_one_gwh_east_china_2022() -> None:
    """1 000 000 kWh × 0.5617 kgCO2/kWh = 561 700 kg = 561.7 t."""
    figure = co2_emissions([EnergyUse("electricity", 1, "GWh")], year=2022, region="east_china")
    assert figure.value == pytest.approx(561.7)
    assert figure.unit == "tCO2"
    coef = figure.terms[0].coefficient
    assert coef is not None and (coef.region, coef.year_from) == ("east_china", 2022)


def test_co2_one_gwh_national_2023_as_reference_2_11() -> None:
    figure = co2_emissions([EnergyUse("electricity", 1, "GWh")], year=2023, region="national")
    assert figure.value == pytest.approx(530.6)


def test_co2_natural_gas_ten_thousand_nm3() -> None:
    figure = co2_emissions([EnergyUse("natural_gas", 1, "10^4 Nm³")], year=2023)
    assert figure.value == pytest.approx(21.62)
    same = co2_emissions([EnergyUse("natural_gas", 10_000, "m³")], year=2023)
    assert same.value == pytest.approx(21.62)


def test_co2_region_fallback_is_noted() -> None:
    figure = co2_emissions([EnergyUse("electricity", 1, "GWh")], year=2021)
    assert figure.value == pytest.approx(556.8)
    assert [(x.coefficient, x.kind, x.asked, x.used) for x in figure.stand_ins] == [
        ("co2.grid", "region", "east_china", "national")
    ]
    assert "电力的排放因子无华东区域数值，采用全国数值" in figure.explain("zh")


def test_co2_steam_uses_stated_enthalpy_assumption() -> None:
    """2 000 t × 3 763 MJ/t = 7 526 GJ; × 0.11 tCO2/GJ = 827.86 t."""
    figure = co2_emissions([EnergyUse("steam", 2_000, "t")], year=2023)
    assert figure.value == pytest.approx(827.86)
    term = figure.terms[0]
    assert term.conversion is not None and term.conversion.key == "enthalpy.steam"
    assert "3,763 MJ/t" in term.label.en and "3,763 MJ/t" in term.label.zh
    assert "assumed enthalpy" in term.label.en


def test_co2_worked_example_sums_terms() -> None:
    figure = co2_emissions(WORKED, year=2023)
    # 5 GWh × 0.5500 + 30 × 21.62 + 20 × 3.096 + 7 526 GJ × 0.11
    assert figure.value == pytest.approx(2750 + 648.6 + 61.92 + 827.86)


def test_co2_medium_not_counted_but_listed() -> None:
    figure = co2_emissions([EnergyUse("compressed_air", 1_000, "m³")], year=2023)
    assert figure.value == 0
    assert "not counted" in figure.terms[0].label.en


def test_co2_fuel_without_factor_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="kerosene: the coefficient table has no CO2 factor"):
        co2_emissions([EnergyUse("kerosene", 1, "t")], year=2023)


# -- intensity and water ------------------------------------------------------------------------


def test_energy_intensity_keeps_basis_and_input() -> None:
    total = total_energy(WORKED, basis="equivalent", year=2023)
    figure = energy_intensity(total, 12_000)
    assert figure.value == pytest.approx(total.value / 12_000)
    assert (figure.unit, figure.basis, figure.inputs) == ("tce/万元", "equivalent", (total,))
    with pytest.raises(ValueError, match="above 0"):
        energy_intensity(total, 0)
    co2 = co2_emissions(WORKED, year=2023)
    with pytest.raises(ValueError, match="tce"):
        energy_intensity(co2, 1)


def test_water_intake_sums_sources() -> None:
    figure = water_intake({"tap": 90_000, "ground": 25_000, "purchased": 5_000})
    assert (figure.value, figure.unit) == (120_000, "t/a")
    assert [t.label.zh for t in figure.terms] == ["自来水", "地下水", "外购水及水产品"]
    with pytest.raises(ValueError, match="water source 'tap'"):
        water_intake({"tap": -1})
    with pytest.raises(ValueError, match="at least one"):
        water_intake({})


def test_water_reuse_rate_reference_example() -> None:
    """REFERENCE §3.2 [C]: V_i 120 000, V_r 880 000 → 880 000 / 1 000 000 = 88.0 %."""
    figure = water_reuse_rate(880_000, 120_000)
    assert figure.value == pytest.approx(88.0)
    assert figure.unit == "%"


def test_water_reuse_rate_divides_by_all_water_used() -> None:
    """A plant takes 30 000 t/a, recirculates 150 000 t/a of cooling water and cascades
    20 000 t/a: V_r = 170 000; R = 170 000 / (170 000 + 30 000) = 85.0 % (not 170/30)."""
    intake = water_intake({"tap": 30_000})
    figure = water_reuse_rate(150_000 + 20_000, intake)
    assert figure.value == pytest.approx(85.0)
    assert figure.inputs == (intake,)
    with pytest.raises(ValueError, match="above 0"):
        water_reuse_rate(0, 0)
    with pytest.raises(ValueError, match="reused water"):
        water_reuse_rate(-1, 10)


def test_water_intake_per_output() -> None:
    """120 000 t / 8 000 万元 = 15 t/万元."""
    figure = water_intake_per_output(120_000, 8_000)
    assert (figure.value, figure.unit) == (15, "t/万元")
    with pytest.raises(ValueError, match="above 0"):
        water_intake_per_output(120_000, -5)


# -- explain ------------------------------------------------------------------------------------


def test_explain_names_coefficient_source_unit_and_basis() -> None:
    figure = total_energy(WORKED, basis="equivalent", year=2023)
    zh, en = figure.explain("zh"), figure.explain("en")
    for text in (zh, en):
        assert "tce.electricity = 0.1229 kgce/kWh" in text
        assert "5 GWh = 5,000,000 kWh × 0.1229 kgce/kWh = 614.5 tce" in text
        assert "GB/T 2589-2020" in text and "https://wanglu.net" in text
        assert "1,265.132 tce" in text
    assert "当量值" in zh and "来源" in zh and "可信度：V" in zh
    assert "calorific equivalent" in en and "source:" in en and "confidence: V" in en


def test_explain_shows_derivation_of_ratio() -> None:
    figure = energy_intensity(total_energy(WORKED, basis="equivalent", year=2023), 10_000)
    text = figure.explain("en")
    assert "Result = 0.1265132 tce/10k yuan" in text  # the unit in English (issue 18)
    assert "10,000 10k yuan" in text and "万元" not in text
    assert "结果 = 0.1265132 tce/万元" in figure.explain("zh")
    assert "Derived from:" in text and "tce.diesel" in text


def test_explain_flags_unverified_coefficient() -> None:
    text = co2_emissions([EnergyUse("heat", 10, "GJ")], year=2023).explain("en")
    assert "co2.purchased_heat = 0.11 tCO2/GJ" in text
    assert "confidence: K general knowledge" in text


# -- algebra --------------------------------------------------------------------------------------

carriers = st.sampled_from(sorted(CARRIERS))
quantities = st.floats(0, 1e9, allow_nan=False)
bases = st.sampled_from(["equivalent", "equal_value"])


def natural_unit(carrier: str) -> str:
    return coefficient_table().lookup(CARRIERS[carrier].tce).denominator


@settings(database=None)
@given(carrier=carriers, quantity=quantities, share=st.floats(0, 1), basis=bases)
def test_total_energy_additive_over_split(
    carrier: str, quantity: float, share: float, basis: str
) -> None:
    unit = natural_unit(carrier)
    whole = total_energy([EnergyUse(carrier, quantity, unit)], basis=basis, year=2023)  # type: ignore[arg-type]
    parts = [
        EnergyUse(carrier, quantity * share, unit),
        EnergyUse(carrier, quantity - quantity * share, unit),
    ]
    split = total_energy(parts, basis=basis, year=2023)  # type: ignore[arg-type]
    assert split.value == pytest.approx(whole.value, rel=1e-9, abs=1e-9)


@settings(database=None)
@given(
    uses=st.lists(st.tuples(carriers, quantities), max_size=6),
    factor=st.floats(1e-3, 1e3),
    basis=bases,
)
def test_total_energy_scales_with_quantities(
    uses: list[tuple[str, float]], factor: float, basis: str
) -> None:
    base = [EnergyUse(c, q, natural_unit(c)) for c, q in uses]
    scaled = [replace(u, quantity=u.quantity * factor) for u in base]
    a = total_energy(base, basis=basis, year=2023)  # type: ignore[arg-type]
    b = total_energy(scaled, basis=basis, year=2023)  # type: ignore[arg-type]
    assert b.value == pytest.approx(a.value * factor, rel=1e-9, abs=1e-9)


def test_figure_is_immutable() -> None:
    figure: Figure = water_intake({"tap": 1})
    with pytest.raises(AttributeError):
        figure.value = 2  # type: ignore[misc]
