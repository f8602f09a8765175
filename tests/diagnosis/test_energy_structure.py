"""The energy-consumption structure, per-unit energy and the consumption-limit comparison, each
recomputed by hand from the answers (REFERENCE §2.3's worked example)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from diagnosis.checklists.answers import check_answer
from diagnosis.checklists.load import available_versions, load_checklist
from diagnosis.figures.energy_limits import (
    UNIT_WORDS,
    EnergyLimitsError,
    compare,
    energy_limits,
    limits_from_data,
)
from diagnosis.figures.energy_structure import Product, per_unit, products_of, structure
from diagnosis.figures.indicators import EnergyUse, total_energy
from diagnosis.reference_versions import REFERENCE, TABLES

# 5 GWh + 300 000 m³ gas + 20 t diesel + 2 000 t LP steam in 2020 (the table's 等价值 year):
#   当量值: 5e6 × 0.1229/1000 = 614.5; 3e5 × 1.2143/1000 = 364.29; 20 × 1.4571 = 29.142;
#           2000 × 0.1286 = 257.2                              -> 1 265.132 tce
#   等价值: 5e6 × 0.3055/1000 = 1 527.5, the rest unchanged    -> 2 178.132 tce
USES = (
    EnergyUse("electricity", 5_000_000, "kWh"),
    EnergyUse("natural_gas", 300_000, "m³"),
    EnergyUse("diesel", 20, "t"),
    EnergyUse("steam", 2_000, "t"),
)
EQ, EV = 1265.132, 2178.132


def make(answers: dict[str, Any]) -> Any:
    eq = total_energy(USES, basis="equivalent", year=2020)
    ev = total_energy(USES, basis="equal_value", year=2020)
    return structure(USES, eq, ev, answers)


def test_structure_worked_example_on_both_bases() -> None:
    s = make({})
    assert s.total_equivalent == pytest.approx(EQ)
    assert s.total_equal_value == pytest.approx(EV)
    elec, gas, diesel, steam = s.rows
    assert diesel.tce_equivalent == pytest.approx(29.142)
    assert (elec.tce_equivalent, elec.tce_equal_value) == pytest.approx((614.5, 1527.5))
    assert gas.tce_equivalent == gas.tce_equal_value == pytest.approx(364.29)
    assert steam.tce_equal_value == pytest.approx(257.2)
    # shares on each basis: 614.5 / 1 265.132 = 48.57 %; 1 527.5 / 2 178.132 = 70.13 %
    assert elec.share_equivalent == pytest.approx(48.5722, abs=1e-3)
    assert elec.share_equal_value == pytest.approx(70.1289, abs=1e-3)
    assert sum(r.share_equivalent for r in s.rows) == pytest.approx(100)
    assert s.electricity is not None and s.electricity[1].value == 0.3055
    assert s.priced_10k_yuan is None and s.energy_cost_10k_yuan is None


def test_structure_costs_from_the_firms_prices_and_the_rest_of_e04() -> None:
    # electricity 5e6 kWh × 0.7 元 = 350 万元; gas 3e5 m³ × 3.8 元 = 114 万元; priced 464 万元;
    # E04 600 万元 leaves 136 万元 not allocated (diesel and steam have no price question)
    s = make({"E34": 0.7, "E35": 3.8, "E04": 600})
    elec, gas, diesel, steam = s.rows
    assert (elec.cost_10k_yuan, elec.price_item) == (pytest.approx(350), "E34")
    assert (gas.cost_10k_yuan, gas.price_item) == (pytest.approx(114), "E35")
    assert diesel.cost_10k_yuan is None and steam.cost_10k_yuan is None
    assert s.priced_10k_yuan == pytest.approx(464)
    assert s.unallocated_10k_yuan == pytest.approx(136)
    assert not s.priced_exceeds_total


def test_structure_says_when_the_priced_costs_exceed_e04() -> None:
    s = make({"E34": 0.7, "E35": 3.8, "E04": 400})
    assert s.priced_exceeds_total and s.unallocated_10k_yuan is None


def test_structure_refuses_totals_of_other_uses() -> None:
    eq = total_energy(USES[:2], basis="equivalent", year=2020)
    with pytest.raises(ValueError, match="not computed from these"):
        structure(USES, eq, eq, {})


def product(row: int, output: float | None, share: float | None = None, **kw: Any) -> Product:
    return Product(f"product_{row}", f"P{row}", kw.get("unit", "t"), output, share, "none")


def test_per_unit_single_product_takes_the_whole_site() -> None:
    # 1 265.132 tce × 1000 / 10 000 t = 126.5132 kgce/t; 等价值 2 178.132 → 217.8132
    [pu] = per_unit([product(1, 10_000)], EQ, EV)
    assert pu.how == "whole_site"
    assert (pu.equivalent, pu.equal_value) == pytest.approx((126.5132, 217.8132))


def test_per_unit_several_products_need_the_teams_shares() -> None:
    # 60 % of 1 265.132 tce over 6 000 t = 126.5132; 40 % over 2 000 t = 253.0264 kgce/t
    a, b = per_unit([product(1, 6_000, 60), product(2, 2_000, 40)], EQ, EV)
    assert (a.how, b.how) == ("allocated", "allocated")
    assert a.equivalent == pytest.approx(126.5132) and b.equivalent == pytest.approx(253.0264)
    unsplit = per_unit([product(1, 6_000), product(2, 2_000)], EQ, EV)
    assert [p.why_not for p in unsplit] == ["no_share", "no_share"]
    assert all(p.equivalent is None for p in unsplit)
    over = per_unit([product(1, 6_000, 70), product(2, 2_000, 40)], EQ, EV)
    assert [p.why_not for p in over] == ["shares_exceed", "shares_exceed"]


def test_per_unit_without_output_or_energy_is_not_computed() -> None:
    assert per_unit([product(1, None)], EQ, EV)[0].why_not == "no_output"
    assert per_unit([product(1, 5)], None, None)[0].why_not == "no_energy"


def test_products_of_reads_rows_and_ignores_old_text() -> None:
    assert products_of("主要产品：齿轮，年产 5 万件") == ()
    rows = products_of(
        {
            "product_1": {"name": "熟料", "unit": "t", "output": 1000, "limit": "cement_clinker"},
            "product_2": {"name": "", "unit": "t"},  # nothing recorded: skipped
            "product_3": {"output": 20, "share_pct": 0},  # a share of 0 is no share
        }
    )
    assert [(p.row, p.limit, p.share_pct) for p in rows] == [
        ("product_1", "cement_clinker", None),
        ("product_3", "none", None),
    ]


# -- limits --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "grade", "benchmark", "baseline"),
    [
        (126.5132, "above", False, False),  # over 117 (grade 3 = 基准)
        (117.0, "3", False, True),  # at a level reaches it
        (104.0, "2", False, True),
        (100.0, "1", True, True),
    ],
)
def test_compare_cement_clinker_grades(
    value: float, grade: str, benchmark: bool, baseline: bool
) -> None:
    limit = energy_limits().products["cement_clinker"]
    c = compare(limit, value, "t")
    assert c.comparable and (c.grade, c.benchmark_reached, c.baseline_reached) == (
        grade,
        benchmark,
        baseline,
    )


def test_compare_refuses_other_units_and_non_kgce_indicators() -> None:
    table = energy_limits().products
    assert compare(table["cement_clinker"], 50.0, "piece").why == "unit"
    assert compare(table["electrolytic_aluminium"], 50.0, "t").why == "indicator"
    assert compare(table["ceramic_tile"], 6.0, "m2").grade is None  # no grades recorded


def test_every_limit_names_its_standard_and_confidence() -> None:
    raw = json.loads((REFERENCE / "energy_limits.json").read_text("utf-8"))
    assert "energy_limits" in TABLES
    for entry in raw["products"]:
        assert entry["standard"]["code"].startswith("GB ")
        assert entry["standard"]["confidence"] in ("V", "K")
        if entry["grades"]:
            assert entry["grades_confidence"] in ("V", "K")
        if entry["benchmark"] or entry["baseline"]:
            assert entry["levels_confidence"] in ("V", "K")
    # REFERENCE §11: nothing verified yet, so everything reads as unverified
    assert all(limit.unverified for limit in energy_limits().products.values())


def test_limits_table_refuses_inverted_levels() -> None:
    raw = json.loads((REFERENCE / "energy_limits.json").read_text("utf-8"))
    raw["products"][0]["benchmark"] = 200
    with pytest.raises(EnergyLimitsError, match=r"products\[0\].*benchmark"):
        limits_from_data(raw)
    raw = json.loads((REFERENCE / "energy_limits.json").read_text("utf-8"))
    raw["products"][0]["grades"] = {"1": 120, "2": 105, "3": 117}
    with pytest.raises(EnergyLimitsError, match="grade 1"):
        limits_from_data(raw)


# -- checklist 2026.3 ----------------------------------------------------------------------------


def test_checklist_2026_3_changes_only_e06_into_product_rows() -> None:
    old, new = load_checklist("energy", "2026.2"), load_checklist("energy", "2026.3")
    assert available_versions("energy")[-1] == "2026.3" == load_checklist("energy").version
    assert [i.id for i in new.items] == [i.id for i in old.items]
    assert all(new.item(i.id) == i for i in old.items if i.id != "E06")
    e06 = new.item("E06")
    assert e06.type == "table" and e06.weight == 0 and not e06.required
    assert [r.id for r in e06.rows] == [f"product_{n}" for n in range(1, 6)]
    columns = {c.id: c for c in e06.columns}
    assert [c.kind for c in columns.values()] == ["text", "choice", "number", "number", "choice"]
    units = {ch.value for ch in columns["unit"].choices}
    assert units == set(UNIT_WORDS) | {"other"}
    limits = {ch.value for ch in columns["limit"].choices}
    assert limits == set(energy_limits().products) | {"none"}
    assert (columns["share_pct"].minimum, columns["share_pct"].maximum) == (0, 100)


def test_checklist_2026_3_e06_refuses_unknown_choices() -> None:
    e06 = load_checklist("energy", "2026.3").item("E06")
    good = {"product_1": {"name": "熟料", "unit": "t", "output": 10, "limit": "cement_clinker"}}
    assert check_answer(e06, good) is None
    bad_limit = {"product_1": {"limit": "gold_bars"}}
    assert check_answer(e06, bad_limit) is not None
    assert check_answer(e06, {"product_1": {"share_pct": 120}}) is not None
    assert check_answer(e06, {"product_1": {"output": -1}}) is not None
