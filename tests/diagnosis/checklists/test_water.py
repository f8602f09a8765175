"""The water-saving checklist (REFERENCE §3): the intake table and reuse items feed the GB/T 7119
calculators directly and reproduce the §3.2 worked example; cooling and condensate questions
appear only where they apply; weighted scores written out; trigger codes follow WA.<CAT>.<NN>."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from diagnosis.assessment.scoring import relevant, score_area
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import Checklist
from diagnosis.checklists.load import load_checklist
from diagnosis.figures.indicators import water_intake, water_reuse_rate

# Rows whose sum is the intake V_i (GB/T 7119): tap, surface, ground, purchased water products.
INTAKE_ROWS = ("tap", "surface", "ground", "purchased")
CODE = re.compile(r"^(WA|CP)\.[A-Z]+\.\d{2}$")


@pytest.fixture(scope="module")
def water() -> Checklist:
    return load_checklist("water", "2026.1")


def shown(checklist: Checklist, answers: Mapping[str, object]) -> set[str]:
    return {item.id for item in relevant(checklist, answers)}


def measures(checklist: Checklist, answers: Mapping[str, object]) -> set[str]:
    return {
        trigger.measure
        for item in relevant(checklist, answers)
        for trigger in item.triggers
        if holds(trigger.when, answers)
    }


def intake_sources(answer: Mapping[str, Mapping[str, object]]) -> dict[str, float]:
    """The V_i rows of a W01 answer, as water_intake takes them."""
    return {
        row: float(cells["quantity"])  # type: ignore[arg-type]
        for row, cells in answer.items()
        if row in INTAKE_ROWS and cells.get("quantity") is not None
    }


def test_loads_with_its_sections_and_about_twenty_items(water: Checklist) -> None:
    assert (water.area, water.version, water.key) == ("water", "2026.1", "water@2026.1")
    assert 15 <= len(water.items) <= 22
    assert len({item.id for item in water.items}) == len(water.items)
    assert {s.id for s in water.sections} >= {item.section for item in water.items}
    assert all(item.confidence in "VKLC" and item.standard for item in water.items)


def test_intake_table_has_fixed_source_rows_in_cubic_metres(water: Checklist) -> None:
    table = water.item("W01")
    assert table.type == "table" and table.required
    assert [r.id for r in table.rows] == [*INTAKE_ROWS, "rain", "other"]
    assert {r.unit for r in table.rows} == {"m³/yr"}
    quantity, note = table.columns
    assert (quantity.id, quantity.kind, quantity.unit, quantity.minimum) == (
        "quantity",
        "number",
        "m³/yr",
        0,
    )
    assert (note.id, note.kind) == ("note", "text")
    for item_id in ("W03", "W05", "W06", "W12", "W13", "W16"):
        item = water.item(item_id)
        assert (item.type, item.unit, item.minimum) == ("number", "m³/yr", 0)
    assert (water.item("W09").unit, water.item("W10").unit) == ("t/yr", "t/yr")
    assert (water.item("W18").minimum, water.item("W18").maximum) == (0, 100)


def test_intake_rows_are_the_sources_the_calculator_knows(water: Checklist) -> None:
    figure = water_intake({row: 1.0 for row in INTAKE_ROWS})
    # A known source gets its own label; an unknown one would be labelled with its id.
    assert [t.label.en for t in figure.terms] == [
        "tap water",
        "surface water",
        "groundwater",
        "purchased water and water products",
    ]


def test_worked_example_of_reference_3_2(water: Checklist) -> None:
    answers: dict[str, object] = {
        "W01": {
            "tap": {"quantity": 100_000, "note": "水费单"},
            "ground": {"quantity": 20_000},
            "surface": {"quantity": 0},
            "purchased": {"quantity": 0},
            "rain": {"quantity": 0},
        },
        "W03": 880_000,
        "W09": 20_000,
        "W10": 12_000,
        "W12": 60_000,
        "W13": 15_000,
        "W16": 3_000,
    }
    intake = water_intake(intake_sources(answers["W01"]))  # type: ignore[arg-type]
    assert intake.value == 100_000 + 20_000 == 120_000
    assert intake.unit == "t/a"  # 1 t = 1 m³
    numbers = {k: float(v) for k, v in answers.items() if isinstance(v, int)}
    reuse = water_reuse_rate(numbers["W03"], intake)
    # R = V_r / (V_i + V_r) = 880 000 / (120 000 + 880 000) = 0.88
    assert reuse.value == pytest.approx(88.0)
    assert reuse.inputs == (intake,)
    # Leakage K_l = V_l / V_i = 3 000 / 120 000 = 2.5 %
    assert numbers["W16"] / intake.value * 100 == pytest.approx(2.5)
    # Wastewater reuse K_w = V_w / (V_d + V_w) = 15 000 / (60 000 + 15 000) = 20 %
    assert numbers["W13"] / (numbers["W12"] + numbers["W13"]) * 100 == pytest.approx(20.0)
    # Condensate recovery = recovered / steam = 12 000 / 20 000 = 60 %
    assert numbers["W10"] / numbers["W09"] * 100 == pytest.approx(60.0)
    # Both condensate items are shown because steam is used.
    assert {"W10", "W11"} <= shown(water, answers)


def test_cooling_tower_questions_only_with_cooling_towers(water: Checklist) -> None:
    tower_items = {"W05", "W06", "W07"}
    assert not tower_items & shown(water, {})
    assert not tower_items & shown(water, {"W04": "no"})
    assert tower_items <= shown(water, {"W04": "yes"})
    assert "W08" in shown(water, {"W04": "no"})  # once-through cooling is asked regardless


def test_condensate_questions_only_when_steam_is_used(water: Checklist) -> None:
    assert not {"W10", "W11"} & shown(water, {})  # unanswered: hidden
    assert not {"W10", "W11"} & shown(water, {"W09": 0})
    assert {"W10", "W11"} <= shown(water, {"W09": 5_000})


def test_once_through_cooling_yes_is_the_bad_answer(water: Checklist) -> None:
    item = water.item("W08")
    assert item.type == "yes_no" and item.weight > 0
    assert [(o.value, o.score) for o in item.options] == [("yes", 0), ("no", 1), ("na", None)]
    assert "WA.COOL.01" in measures(water, {"W08": "yes"})
    assert "WA.COOL.01" not in measures(water, {"W08": "no"})


def test_scoring_example_with_the_weights_written_out(water: Checklist) -> None:
    answers: dict[str, object] = {
        "W02": "within",  # weight 3 x 1.0
        "W04": "no",
        "W07": "ge5",  # not counted: no cooling towers, so the item is hidden
        "W08": "yes",  # weight 2 x 0 (once-through cooling present)
        "W09": 0,
        "W11": "most",  # not counted: no steam
        "W14": "non_process",  # weight 2 x 0.5
        "W15": "no_rinse",  # not applicable: not counted
        "W17": "reactive",  # weight 2 x 0.3
        "W19": "level2",  # weight 2 x 0.7
        "W20": "older",  # weight 3 x 0.4
        "W21": "some",  # weight 1 x 0.5
    }
    result = score_area(water, answers)
    points = 3 * 1 + 2 * 0 + 2 * 0.5 + 2 * 0.3 + 2 * 0.7 + 3 * 0.4 + 1 * 0.5  # = 7.7
    weights = 3 + 2 + 2 + 2 + 2 + 3 + 1  # = 15
    assert result.score == pytest.approx(100 * points / weights)
    assert result.score == pytest.approx(51.3333, abs=1e-3)
    assert {c.item for c in result.contributions} == {
        "W02",
        "W08",
        "W14",
        "W17",
        "W19",
        "W20",
        "W21",
    }
    # The biggest gap: once-through cooling, 2 x (1 - 0) / 15 x 100 = 13.33 points.
    assert result.gaps(1)[0].item == "W08"
    assert result.gaps(1)[0].gap == pytest.approx(100 * 2 / 15)
    # Required and relevant: W01, W02, W03, W04, W08, W09, W12, W20; five answered.
    assert (result.answered, result.required) == (5, 8)


def test_cooling_tower_answers_count_once_towers_exist(water: Checklist) -> None:
    answers = {"W04": "yes", "W07": "2to3", "W08": "no"}
    # (2 x 0.4 + 2 x 1) / (2 + 2) = 2.8 / 4 = 70 %
    assert score_area(water, answers).score == pytest.approx(70.0)
    assert measures(water, answers) == {"WA.COOL.02"}


def test_triggers_propose_the_expected_measures(water: Checklist) -> None:
    answers: dict[str, object] = {
        "W01": {"tap": {"quantity": 40_000}, "rain": {"quantity": 0}},
        "W02": "unknown",
        "W04": "yes",
        "W07": "unknown",
        "W08": "yes",
        "W09": 8_000,
        "W11": "partial",
        "W14": "none",
        "W15": "overflow",
        "W17": "none",
        "W18": 80,
        "W19": "boundary",
        "W20": "never",
        "W21": "none",
    }
    assert measures(water, answers) == {
        "WA.RAIN.01",
        "WA.QUOTA.01",
        "WA.COOL.01",
        "WA.COOL.02",
        "WA.COND.01",
        "WA.REUSE.01",
        "WA.RINSE.01",
        "WA.LEAK.01",
        "WA.METER.01",
        "WA.FIX.01",
    }
    best: dict[str, object] = {
        "W01": {"tap": {"quantity": 40_000}, "rain": {"quantity": 5_000}},
        "W02": "within",
        "W04": "yes",
        "W07": "ge5",
        "W08": "no",
        "W09": 8_000,
        "W11": "most",
        "W14": "process",
        "W15": "counter_current",
        "W17": "programme",
        "W18": 100,
        "W19": "level3",
        "W20": "within3",
        "W21": "all",
    }
    assert measures(water, best) == set()
    assert score_area(water, best).score == pytest.approx(100.0)


def test_trigger_codes_follow_the_catalogue_pattern(water: Checklist) -> None:
    codes = [t.measure for item in water.items for t in item.triggers]
    assert codes
    assert all(CODE.match(code) and code.startswith("WA.") for code in codes)
