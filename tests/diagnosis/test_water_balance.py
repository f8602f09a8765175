"""The water balance (GB/T 12452) and the intake per unit of product against the intake quota:
each figure recomputed by hand from the answers (REFERENCE §3.2's worked example), the balance
that does not close never giving a negative consumption, and the quota table's provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnosis.checklists.load import available_versions, load_checklist
from diagnosis.figures.water_balance import BadQuantity, products, water_balance
from diagnosis.figures.water_quotas import QuotaTableError, _load, quota_table

# REFERENCE §3.2 [C]: V_i 120 000, V_r 880 000, leakage 3 000, reuse 15 000 vs discharge 60 000.
EXAMPLE = {"W12": 60_000.0, "W13": 15_000.0, "W16": 3_000.0}
PAPER = {"name": "瓦楞原纸", "unit": "t", "quota": "paper.corrugating_medium"}
TABLE = Path(__file__).parents[2] / "diagnosis" / "reference" / "water_quotas.json"


def test_water_balance_worked_example_closes_with_consumption_derived() -> None:
    b = water_balance(120_000.0, 0.0, EXAMPLE, 880_000.0)
    # V_co = V_i − V_d − V_l = 120 000 − 60 000 − 3 000 = 57 000 m³
    assert b.consumption == 57_000.0
    assert b.closes is True and b.excess == 0.0
    # V_t = V_i + V_r = 1 000 000 m³
    assert b.total_use == 1_000_000.0
    # K_l = 3 000 / 120 000 = 2.5 %
    assert b.leakage_rate == pytest.approx(2.5)
    # K_w = 15 000 / (60 000 + 15 000) = 20 %
    assert b.wastewater_reuse_rate == pytest.approx(20.0)
    # 57 000 / 120 000 = 47.5 %
    assert b.consumption_share == pytest.approx(47.5)


def test_water_balance_counts_non_conventional_water_in() -> None:
    # 120 000 + 10 000 rain − 60 000 − 3 000 = 67 000 m³
    b = water_balance(120_000.0, 10_000.0, EXAMPLE, None)
    assert b.consumption == 67_000.0
    assert b.total_use is None  # no V_r recorded


def test_water_balance_not_closing_gives_no_negative_consumption() -> None:
    # discharge 118 000 + leakage 5 000 = 123 000 > intake 120 000: 3 000 m³ too much out
    b = water_balance(120_000.0, 0.0, {"W12": 118_000.0, "W16": 5_000.0}, 880_000.0)
    assert b.consumption is None
    assert b.closes is False
    assert b.excess == 3_000.0
    assert b.consumption_share is None


def test_water_balance_names_the_missing_answers() -> None:
    b = water_balance(120_000.0, 0.0, {"W13": 1.0}, None)
    assert b.missing == ("W12", "W16")
    assert b.closes is None and b.consumption is None
    assert b.wastewater_reuse_rate is None  # needs W12


def test_water_balance_bad_quantity_says_which_answer() -> None:
    with pytest.raises(BadQuantity, match="W12") as err:
        water_balance(120_000.0, 0.0, {"W12": "lots", "W16": 1.0}, None)
    assert err.value.item == "W12"
    with pytest.raises(BadQuantity, match="W16"):
        water_balance(120_000.0, 0.0, {"W12": 1.0, "W16": -5.0}, None)


def test_products_one_product_takes_the_plant_intake() -> None:
    # 120 000 m³ ÷ 50 000 t = 2.40 m³/t; against 25 m³/t (瓦楞原纸, K): within
    rows = products({"product_1": {**PAPER, "output": 50_000}}, 120_000.0, quota_table())
    (p,) = rows
    assert p.intake_from == "plant" and p.per_unit == pytest.approx(2.4)
    assert p.status == "within" and p.quota is not None and p.quota.value == 25.0


def test_products_above_the_quota_by_how_much() -> None:
    # 120 000 m³ ÷ 4 000 t = 30 m³/t; 30 − 25 = 5 m³/t above, 30/25 − 1 = 20 %
    paper = {**PAPER, "unit": "吨", "output": 4_000}  # 吨 is t
    (p,) = products({"product_1": paper}, 120_000.0, quota_table())
    assert p.status == "above"
    assert p.per_unit == pytest.approx(30.0)
    assert p.excess == pytest.approx(5.0) and p.excess_pct == pytest.approx(20.0)


def test_products_metres_are_converted_to_the_quotas_100_m() -> None:
    # 18 000 m³ ÷ 1 000 000 m = 0.018 m³/m = 1.8 m³/100 m, within 2.0 m³/100 m
    (p,) = products(
        {"product_1": {"name": "布", "unit": "m", "output": 1_000_000, "quota": "textile.woven"}},
        18_000.0,
        quota_table(),
    )
    assert p.per_unit == pytest.approx(1.8) and p.status == "within"


def test_products_several_without_their_own_intake_are_not_split() -> None:
    table = quota_table()
    rows = products(
        {
            "product_1": {"name": "A", "unit": "t", "output": 100, "quota": "paper.linerboard"},
            "product_2": {"name": "B", "unit": "t", "output": 50, "intake": 1_000, "quota": "none"},
            "product_3": {"name": "", "unit": "", "output": 0},  # nothing recorded: left out
        },
        120_000.0,
        table,
    )
    assert [p.row for p in rows] == ["product_1", "product_2"]
    assert rows[0].status == "no_intake" and rows[0].per_unit is None
    # B: 1 000 m³ ÷ 50 t = 20 m³/t, no quota chosen
    assert rows[1].status == "no_quota" and rows[1].per_unit == pytest.approx(20.0)


def test_products_unit_that_is_not_the_quotas_is_not_compared() -> None:
    (p,) = products(
        {"product_1": {"name": "纸", "unit": "件", "output": 10, "quota": "paper.tissue"}},
        100.0,
        quota_table(),
    )
    assert p.status == "unit_mismatch"


def test_quota_table_names_the_source_and_confidence_of_every_value() -> None:
    raw = json.loads(TABLE.read_text("utf-8"))
    table = quota_table()
    assert set(table.entries) == {e["id"] for e in raw["entries"]}
    for q in table.entries.values():
        assert q.standard.startswith("GB/T 18916.") and str(q.year) in q.standard
        assert q.source and q.clause.zh and q.unit.startswith("m³/")
        # Entered from knowledge: unverified until a page showing the number is named.
        assert q.confidence == "K" and not q.verified


def test_quota_table_refuses_a_verified_value_without_its_address(tmp_path: Path) -> None:
    raw = json.loads(TABLE.read_text("utf-8"))
    raw["entries"][0]["confidence"] = "V"
    path = tmp_path / "water_quotas.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    with pytest.raises(QuotaTableError, match="address"):
        _load(path)


def test_water_checklist_2026_3_keeps_2026_2_and_adds_the_product_table() -> None:
    old, new = load_checklist("water", "2026.2"), load_checklist("water", "2026.3")
    assert available_versions("water")[-1] == "2026.3"
    for item in old.items:
        assert new.item(item.id) == item, item.id
    w23 = new.item("W23")
    assert {i.id for i in new.items} - {i.id for i in old.items} == {"W23"}
    assert w23.type == "table" and w23.weight == 0 and not w23.required
    assert [r.id for r in w23.rows] == ["product_1", "product_2", "product_3"]
    quota = next(c for c in w23.columns if c.id == "quota")
    # every choice but "none" is a quota of the table
    assert {o.value for o in quota.choices} - {"none"} == set(quota_table().entries)
