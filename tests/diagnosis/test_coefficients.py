"""The reference coefficient table: shipped values against REFERENCE.md §2.2-2.4, lookup by year
and region, and refusal of a malformed file with a message naming the entry."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnosis.figures.coefficients import (
    UNITS,
    CoefficientNotFound,
    CoefficientTable,
    CoefficientTableError,
    canonical_unit,
    coefficient_table,
    convert,
    load_coefficient_table,
)

KCAL_KJ = 4.1868


def value(key: str, **where: Any) -> float:
    return coefficient_table().lookup(key, **where).value


def test_coefficient_table_loads_shipped_file_once() -> None:
    table = coefficient_table()
    assert table is coefficient_table()
    assert table.version
    assert {"tce.electricity", "tce.electricity.equal_value", "co2.grid"} <= set(table.keys())


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("tce.electricity", 0.1229),
        ("tce.natural_gas", 1.2143),
        ("tce.natural_gas_oilfield", 1.3300),
        ("tce.raw_coal", 0.7143),
        ("tce.coke", 0.9714),
        ("tce.diesel", 1.4571),
        ("tce.gasoline", 1.4714),
        ("tce.fuel_oil", 1.4286),
        ("tce.lpg", 1.7143),
        ("tce.steam", 0.1286),
        ("tce.heat", 0.03412),
        ("tce.fresh_water", 0.0857),
        ("tce.compressed_air", 0.0400),
        ("co2.purchased_heat", 0.11),
        ("co2.natural_gas", 21.62),
        ("enthalpy.steam", 3763),
    ],
)
def test_coefficient_table_values_as_in_reference(key: str, expected: float) -> None:
    assert value(key) == expected


# REFERENCE §2.2 [C]: each coefficient equals NCV (kcal) / 7 000.
@pytest.mark.parametrize(
    ("key", "ncv_kcal"),
    [
        ("tce.raw_coal", 5000),
        ("tce.washed_coal", 6300),
        ("tce.coke", 6800),
        ("tce.crude_oil", 10000),
        ("tce.fuel_oil", 10000),
        ("tce.gasoline", 10300),
        ("tce.kerosene", 10300),
        ("tce.diesel", 10200),
        ("tce.lpg", 12000),
        ("tce.natural_gas_oilfield", 9310),
        ("tce.natural_gas", 8500),
        ("tce.electricity", 860),
        ("tce.steam", 900),
        ("tce.middling_coal", 8374 / KCAL_KJ),  # the table gives kJ only
        ("tce.refinery_gas", 46055 / KCAL_KJ),
    ],
)
def test_coefficient_table_ncv_over_7000(key: str, ncv_kcal: float) -> None:
    assert value(key) == pytest.approx(ncv_kcal / 7000, abs=1e-4)


def test_coefficient_table_heat_is_one_over_a_kgce_in_mj() -> None:
    assert value("tce.heat") == pytest.approx(1 / (7000 * KCAL_KJ / 1000), abs=1e-5)


# REFERENCE §2.4 [C]: factor = NCV × carbon content × oxidation × 44/12.
@pytest.mark.parametrize(
    ("key", "ncv", "tc_per_tj", "oxidation"),
    [
        ("co2.raw_coal", 20.908, 26.37, 0.94),
        ("co2.bituminous_coal", 19.570, 26.18, 0.93),
        ("co2.coke", 28.435, 29.5, 0.93),
        ("co2.fuel_oil", 41.816, 21.1, 0.98),
        ("co2.gasoline", 43.070, 18.9, 0.98),
        ("co2.diesel", 42.652, 20.2, 0.98),
        ("co2.lpg", 50.179, 17.2, 0.98),
        ("co2.natural_gas", 389.31, 15.3, 0.99),
    ],
)
def test_coefficient_table_fuel_co2_factor_from_its_inputs(
    key: str, ncv: float, tc_per_tj: float, oxidation: float
) -> None:
    c = coefficient_table().lookup(key)
    # rounded to four significant figures in REFERENCE
    assert c.value == pytest.approx(ncv * tc_per_tj * oxidation * 44 / 12 / 1000, rel=3e-4)
    assert c.confidence == "C"
    assert f"{ncv}" in c.note.en


@pytest.mark.parametrize(
    ("year", "region", "expected", "used_region"),
    [
        (2021, "national", 0.5568, "national"),
        (2022, "national", 0.5366, "national"),
        (2022, "east_china", 0.5617, "east_china"),
        (2023, "national", 0.5306, "national"),
        (2023, "east_china", 0.5500, "east_china"),
        (2021, "east_china", 0.5568, "national"),  # no East China figure for 2021
        (2022, None, 0.5366, "national"),
        (2022, "zhejiang", 0.5366, "national"),  # no provincial figures in the table
    ],
)
def test_lookup_grid_by_year_and_region(
    year: int, region: str | None, expected: float, used_region: str
) -> None:
    c = coefficient_table().lookup("co2.grid", year=year, region=region)
    assert (c.value, c.region) == (expected, used_region)
    assert c.valid_in(year)
    assert c.confidence == "V"
    assert "https://" in c.source


def test_lookup_year_past_table_takes_latest_earlier_entry() -> None:
    c = coefficient_table().lookup("co2.grid", year=2025, region="east_china")
    assert (c.value, c.region, c.year_from) == (0.5500, "east_china", 2023)
    assert not c.valid_in(2025)  # how the caller sees it is older


def test_lookup_without_year_takes_latest() -> None:
    assert coefficient_table().lookup("co2.grid").year_from == 2023
    assert coefficient_table().lookup("co2.grid", region="east_china").value == 0.5500


def test_lookup_open_years_valid_in_any_year() -> None:
    c = coefficient_table().lookup("tce.electricity", year=1999, region="east_china")
    assert c.value == 0.1229
    assert c.region is None and c.valid_in(1999)


def test_lookup_year_before_table_names_key_year_and_region() -> None:
    with pytest.raises(KeyError) as caught:
        coefficient_table().lookup("co2.grid", year=2019, region="east_china")
    assert isinstance(caught.value, CoefficientNotFound)
    message = str(caught.value)
    assert "co2.grid" in message and "2019" in message and "east_china" in message


def test_lookup_unknown_key_names_it() -> None:
    with pytest.raises(CoefficientNotFound, match=r"tce\.unobtainium.*2023"):
        coefficient_table().lookup("tce.unobtainium", year=2023)


def test_electricity_equal_value_is_unverified_and_says_so() -> None:
    c = coefficient_table().lookup("tce.electricity.equal_value", year=2020)
    assert (c.value, c.basis, c.confidence) == (0.3055, "equal_value", "K")
    assert "CEC/NBS" in c.note.en
    assert c.unverified


def test_confidence_tags_as_in_reference() -> None:
    table = coefficient_table()
    unverified = {c.key for c in table.unverified()}
    assert unverified == {
        "tce.electricity.equal_value",
        "tce.nitrogen_main_product",
        "tce.carbon_dioxide",
        "co2.purchased_heat",
    }
    assert "0.2571" in table.lookup("tce.fresh_water").note.en  # the other source's figure


def test_every_entry_names_a_source_and_both_languages() -> None:
    for c in coefficient_table().entries:
        assert c.source and c.note.zh and c.note.en, c.key
        assert c.describe("zh").startswith(f"系数 {c.key}")
        assert c.source in c.describe("en")


# -- a bad file is refused, naming the entry ----------------------------------------------------


def entry(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "key": "tce.test_fuel",
        "value": 1.0,
        "unit": "kgce/kg",
        "basis": None,
        "year_from": None,
        "year_to": None,
        "region": None,
        "source": "test",
        "confidence": "V",
        "note": {"zh": "测试", "en": "test"},
    }
    return base | changes


def write(tmp_path: Path, entries: list[dict[str, Any]]) -> Path:
    path = tmp_path / "coefficients.json"
    path.write_text(json.dumps({"version": "t", "entries": entries}), "utf-8")
    return path


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (entry(key="tce.bad", basis="gross"), r"entry 1 \(tce\.bad\).*unknown basis 'gross'"),
        (entry(key="tce.bad", confidence="X"), r"entry 1 \(tce\.bad\).*unknown confidence 'X'"),
        (entry(key="tce.bad", unit="kgce/barrel"), r"entry 1 \(tce\.bad\).*unit"),
        (entry(key="tce.bad", value=-1), r"entry 1 \(tce\.bad\).*positive"),
        (entry(key="tce.bad", year_from=2023, year_to=2021), r"entry 1 \(tce\.bad\).*after"),
        (entry(key="tce.bad", confidance="V"), r"entry 1 \(tce\.bad\).*confidance"),
        (entry(key="tce.bad", note={"zh": "只有中文"}), r"entry 1 \(tce\.bad\).*note"),
        (entry(key="Bad Key"), r"entry 1 \(Bad Key\).*dotted"),
    ],
)
def test_load_refuses_bad_entry_naming_it(
    tmp_path: Path, bad: dict[str, Any], message: str
) -> None:
    with pytest.raises(CoefficientTableError, match=message):
        load_coefficient_table(write(tmp_path, [entry(), bad]))


def test_load_refuses_overlapping_years_for_same_key_and_region(tmp_path: Path) -> None:
    entries = [
        entry(key="co2.test", unit="kgCO2/kWh", year_from=2021, year_to=2022, region="national"),
        entry(key="co2.test", unit="kgCO2/kWh", year_from=2022, year_to=2022, region="east_china"),
        entry(key="co2.test", unit="kgCO2/kWh", year_from=2022, year_to=None, region="national"),
    ]
    with pytest.raises(CoefficientTableError, match=r"entry 2 \(co2\.test\).*overlap entry 0"):
        load_coefficient_table(write(tmp_path, entries))


def test_load_refuses_one_key_in_two_units(tmp_path: Path) -> None:
    entries = [entry(year_to=2020), entry(unit="kgce/t", year_from=2021)]
    with pytest.raises(CoefficientTableError, match=r"entry 1 \(tce\.test_fuel\).*differ"):
        load_coefficient_table(write(tmp_path, entries))


def test_load_refuses_non_json(tmp_path: Path) -> None:
    path = tmp_path / "coefficients.json"
    path.write_text("{not json", "utf-8")
    with pytest.raises(CoefficientTableError, match=r"coefficients\.json: cannot be read"):
        load_coefficient_table(path)


def test_table_built_from_entries_is_validated_too() -> None:
    good = coefficient_table().lookup("co2.grid", year=2022, region="east_china")
    with pytest.raises(CoefficientTableError, match=r"entry 1 \(co2\.grid\).*overlap"):
        CoefficientTable([good, replace(good, value=0.6)])
    odd = replace(good, key="tce.x", basis="gross")  # type: ignore[arg-type]
    with pytest.raises(CoefficientTableError, match="unknown basis"):
        CoefficientTable([odd])


# -- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "src", "dst", "expected"),
    [
        (1, "10^4 kWh", "kWh", 10_000),
        (1, "万kWh", "kWh", 10_000),
        (5, "GWh", "kWh", 5_000_000),
        (1, "MWh", "kWh", 1_000),
        (3, "10^4 m³", "m³", 30_000),
        (3, "万 m3", "m³", 30_000),
        (30_000, "Nm³", "10^4 Nm³", 3),
        (2, "t", "kg", 2_000),
        (2, "GJ", "MJ", 2_000),
        (1_500, "kgce", "tce", 1.5),
    ],
)
def test_convert_units(quantity: float, src: str, dst: str, expected: float) -> None:
    assert convert(quantity, src, dst) == pytest.approx(expected)


def test_convert_refuses_other_dimension_and_unknown_unit() -> None:
    with pytest.raises(ValueError, match="cannot convert"):
        convert(1, "kWh", "kg")
    with pytest.raises(ValueError, match="unknown unit 'barrel'"):
        convert(1, "barrel", "kg")
    assert canonical_unit("barrel") is None


@settings(database=None)
@given(
    quantity=st.floats(0, 1e12),
    pair=st.sampled_from(
        [(a, b) for a in UNITS for b in UNITS if UNITS[a][0] == UNITS[b][0] and a != b]
    ),
)
def test_convert_round_trip(quantity: float, pair: tuple[str, str]) -> None:
    a, b = pair
    assert convert(convert(quantity, a, b), b, a) == pytest.approx(quantity, rel=1e-12)
