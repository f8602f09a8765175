"""The equipment inventory (issue 17): each recorded row of E07-E10 with its grade read against
its standard, the obsolete-catalogue candidates, and the accepted measures' tce on both bases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnosis.figures.equipment_inventory import (
    KINDS,
    grade_table,
    inventory,
    load_grade_table,
    motor_totals,
)
from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.economics import economics
from diagnosis.measures.tce import basis_totals, equal_value_tce
from diagnosis.reference_versions import REFERENCE, TABLES

ANSWERS = {
    "E07": {
        "p_le_7_5": {"count": 20, "total_kw": 80.0, "grade": "g2", "vfd_count": 2},
        "p_7_5_45": {"count": 30, "total_kw": 600.0, "grade": "below_g3"},
        "p_45_160": {"count": 4, "total_kw": 320.0, "grade": "unknown"},
        "p_160_375": {"count": 0, "total_kw": 0},  # an empty row: not recorded
    },
    "E08": {"group_1": {"count": 2, "kw": 75.0, "type": "oil_injected_screw"}},
    "E09": {
        "t1": {"capacity_kva": 1250.0, "family": "s9_or_older", "grade": "unknown"},
        "t2": {"capacity_kva": 1250.0, "family": "s13", "grade": "g3", "load_pct": 55.0},
    },
    "E12": "planned",
}


def test_inventory_reads_each_recorded_row_against_its_standard() -> None:
    inv = inventory(ANSWERS)
    kinds = dict(inv.kinds)
    assert list(kinds) == ["motors", "compressors", "transformers"]  # no boiler recorded
    motors = {u.row: (u.status, u.grade) for u in kinds["motors"]}
    assert motors == {
        "p_le_7_5": ("grade", 2),
        "p_7_5_45": ("below_limit", None),
        "p_45_160": ("unknown", None),
    }
    assert [u.status for u in kinds["compressors"]] == ["not_graded"]  # E08 has no grade
    assert {u.row: u.status for u in kinds["transformers"]} == {"t1": "unknown", "t2": "grade"}
    assert inv.e12 == "planned"


def test_candidates_are_motors_below_grade_3_and_s9_or_older_transformers() -> None:
    inv = inventory(ANSWERS)
    found = {(u.kind, u.row): u.candidate_batches for u in inv.candidates}
    # a motor class below grade 3: batches 3 and 4 list motors; an S9 transformer, batch 4,
    # whatever grade was recorded for it (here "unknown")
    assert found == {("motors", "p_7_5_45"): (3, 4), ("transformers", "t1"): (4,)}


def test_motor_totals_worked_example() -> None:
    units = dict(inventory(ANSWERS).kinds)["motors"]
    t = motor_totals(units)
    # count 20 + 30 + 4 = 54; kW 80 + 600 + 320 = 1 000; below grade 3: 30 units, 600 kW
    assert (t.count, t.kw, t.below_count, t.below_kw) == (54, 1000.0, 30, 600.0)
    assert t.below_share == pytest.approx(60.0)  # 600 / 1 000


def test_nothing_recorded_gives_no_kind() -> None:
    inv = inventory({"E07": {"p_le_7_5": {"count": 0, "note": "无"}}, "E12": ""})
    assert inv.kinds == () and inv.e12 is None


def test_the_table_is_pinned_with_the_others_and_every_entry_has_a_source() -> None:
    assert "equipment_grades" in TABLES
    raw = json.loads((REFERENCE / "equipment_grades.json").read_text("utf-8"))
    assert {k["key"] for k in raw["kinds"]} == set(KINDS)
    for entry in [k["standard"] for k in raw["kinds"]] + raw["catalogue"]["batches"]:
        assert entry["source"] and entry["confidence"] in ("V", "K", "L", "C")
    # No limit value is claimed: compressors and boilers are not graded from the answers.
    table = grade_table()
    assert table.kinds["compressors"].grade_column is None
    assert table.kinds["boilers"].grade_column is None


def test_a_bad_table_names_the_file_and_the_entry(tmp_path: Path) -> None:
    raw = json.loads((REFERENCE / "equipment_grades.json").read_text("utf-8"))
    del raw["kinds"][0]["standard"]["confidence"]
    bad = tmp_path / "equipment_grades.json"
    bad.write_text(json.dumps(raw), "utf-8")
    with pytest.raises(ValueError, match=r"equipment_grades\.json: kinds\[0\]: needs a source"):
        load_grade_table(bad)
    bad.write_text(json.dumps({"format": "enterprise-diagnosis-equipment-grades/1"}), "utf-8")
    with pytest.raises(ValueError, match=r"equipment_grades\.json: structure"):
        load_grade_table(bad)


# --- tce on both bases (GB/T 13234) --------------------------------------------------------------

SAVED = (EnergyUse("electricity", 100_000.0, "kWh"), EnergyUse("natural_gas", 10_000.0, "m³"))


def test_a_measure_saving_electricity_and_gas_on_both_bases() -> None:
    econ = economics(10.0, SAVED, None, 100_000.0, year=2024)
    # 当量值: 100 000 kWh × 0.1229 kgce/kWh = 12 290 kgce; 10 000 m³ × 1.2143 = 12 143 kgce;
    # 24 433 kgce = 24.433 tce
    assert econ.tce_saved == pytest.approx(24.433)
    # 等价值: electricity at the 供电煤耗 the table holds for 2024 or before (0.3055, the 2020
    # value standing in): 100 000 × 0.3055 = 30 550 kgce, + 12 143 = 42 693 kgce = 42.693 tce
    assert equal_value_tce(econ) == pytest.approx(42.693)
    b = basis_totals([econ, None])
    assert b.equal_value == pytest.approx(42.693) and b.missing == 0
    assert b.equivalent is not None and b.equivalent.value == 0.1229
    assert b.equal is not None and b.equal.value == 0.3055 and b.stand_in


def test_no_equal_value_before_the_table_starts() -> None:
    econ = economics(None, SAVED, None, None, year=2019)  # the 供电煤耗 starts in 2020
    assert equal_value_tce(econ) is None
    b = basis_totals([econ])
    assert b.equal_value is None and b.missing == 1 and b.equal is None


def test_gas_only_is_the_same_on_both_bases() -> None:
    econ = economics(None, SAVED[1:], None, None, year=2024)
    assert equal_value_tce(econ) == pytest.approx(econ.tce_saved) == pytest.approx(12.143)
    assert basis_totals([econ]).equivalent is None  # no electricity: nothing to explain
