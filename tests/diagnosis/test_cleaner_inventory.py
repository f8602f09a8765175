"""Cleaner production's inventory (issue 17 item 3): checklist 2026.2 keeps every 2026.1 item
and adds the permit class, the pollutant table and the hazardous-waste table; shares of the
permit, HW codes and the no/low- versus medium/high-cost split are computed as worked out by
hand here; the reference tables carry their sources and are pinned with a finalised visit."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from diagnosis.assessment.scoring import score_area
from diagnosis.checklists.load import available_versions, load_checklist
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.figures.cleaner_inventory import (
    classify,
    cleaner_rules,
    code_problem,
    hazardous_waste,
    pollutants,
)
from diagnosis.reference_versions import REFERENCE, TABLES

AREA = "cleaner_production"


def test_cp_2026_2_keeps_every_2026_1_item_and_is_the_newest() -> None:
    old, new = load_checklist(AREA, "2026.1"), load_checklist(AREA, "2026.2")
    assert available_versions(AREA)[-1] == "2026.2"
    assert load_checklist(AREA).version == "2026.2"  # new visits take the newest
    assert new.items[: len(old.items)] == old.items
    added = [i.id for i in new.items[len(old.items) :]]
    assert added == ["CP18", "CP19", "CP20"]
    for item in new.items[len(old.items) :]:
        assert item.weight == 0 and item.help is not None and item.standard
        assert item.confidence in "VKLC"
    # Unscored: the same answers score the same on both versions.
    answers = {"CP04": "stage_2", "CP13": "solvent", "CP16": "adhoc"}
    assert score_area(old, answers).score == score_area(new, answers).score


def test_cp_2026_2_tables_have_units_and_ranges() -> None:
    cp = load_checklist(AREA, "2026.2")
    table = cp.item("CP19")
    assert [r.id for r in table.rows] == [
        "wastewater",
        "cod",
        "nh3n",
        "so2",
        "nox",
        "particulates",
        "vocs",
    ]
    assert [r.unit for r in table.rows] == ["m³", "t", "t", "t", "t", "t", "t"]
    assert all(c.minimum == 0 and c.maximum for c in table.columns)
    waste = cp.item("CP20")
    assert len(waste.rows) == 5
    kinds = {c.id: c.kind for c in waste.columns}
    assert kinds == {"code": "text", "name": "text", "quantity": "number", "disposal": "choice"}
    disposal = next(c for c in waste.columns if c.id == "disposal")
    assert [o.value for o in disposal.choices] == ["licensed", "own_use", "stored"]
    assert [o.value for o in cp.item("CP18").options] == [
        "key",
        "simplified",
        "registration",
        "none",
    ]


def test_share_of_the_permit_is_annual_over_permitted() -> None:
    cp = load_checklist(AREA, "2026.2")
    answers: dict[str, Any] = {
        "CP19": {
            "cod": {"annual": 18.924, "permitted": 36.87},  # 18.924 / 36.87 = 51.326... %
            "nh3n": {"annual": 1.2, "permitted": 1.0},  # 120 %: over the permit
            "vocs": {"annual": 0.125},  # no permitted quantity: no share
            "so2": {"annual": None, "permitted": None},  # nothing given: left out
            "nox": {"annual": 3.0, "permitted": 0},  # no permit sets 0: no share
        }
    }
    rows = {p.key: p for p in pollutants(cp, answers)}
    assert list(rows) == ["cod", "nh3n", "nox", "vocs"]  # checklist order
    assert rows["cod"].share_pct == pytest.approx(51.3262815, rel=1e-6)
    assert rows["nh3n"].share_pct == pytest.approx(120.0)
    assert rows["vocs"].share_pct is None and rows["nox"].share_pct is None
    assert pollutants(load_checklist(AREA, "2026.1"), answers) == []  # not asked there


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("HW08", ""),
        (" hw49 ", ""),  # case and spaces forgiven
        ("HW50", ""),
        ("HW42", "unlisted"),  # HW41-HW44 are not categories of the 2021 catalogue
        ("HW51", "unlisted"),
        ("HW8", "form"),
        ("HW-08", "form"),
        ("900-249-08", "form"),  # a waste code, not a category
        ("", "form"),
    ],
)
def test_hw_codes_are_checked_against_the_catalogue(code: str, problem: str) -> None:
    assert code_problem(code) == problem


def test_hazardous_waste_rows_keep_their_order_and_report_bad_codes() -> None:
    answers = {
        "CP20": {
            "hw2": {"code": "HW8", "name": "废矿物油", "quantity": 1.25, "disposal": "stored"},
            "hw1": {"code": "hw49", "name": "废包装桶", "quantity": 2.5, "disposal": "licensed"},
            "hw3": {"code": None, "name": None, "quantity": None, "disposal": None},  # empty
        }
    }
    rows = hazardous_waste(answers)
    assert [(w.row, w.code, w.problem) for w in rows] == [
        ("hw1", "HW49", ""),
        ("hw2", "HW8", "form"),
    ]
    assert [w.quantity_t for w in rows] == [2.5, 1.25]


def view(code: str, invested: float | None = None, span: Any = None) -> Any:
    """What ``classify`` reads of a MeasureView."""
    return SimpleNamespace(
        code=code, figures=SimpleNamespace(investment_10k_yuan=invested), investment_range=span
    )


@pytest.mark.parametrize(
    ("measure", "cost", "basis"),
    [
        (view("CP.TECH.01", 5.0), "low", "investment"),  # at the 5 万元 line: no/low cost
        (view("CP.TECH.01", 5.01), "high", "investment"),
        (view("EN.AIR.01", 3.0, (1.0, 5.0)), "low", "range"),  # the range, not its middle
        (view("EN.VFD.01", 3.0, (1.0, 5.5)), "high", "range"),  # may cost more: medium/high
        (view("CP.MGMT.01"), "low", "typical"),  # management: typically no/low cost
        (view("CP.TECH.01"), "", ""),  # no figure: classed once costed
    ],
)
def test_options_split_at_the_ceiling(measure: Any, cost: str, basis: str) -> None:
    assert cleaner_rules().ceiling_10k_yuan == 5.0
    option = classify(measure)
    assert (option.cost_class, option.basis) == (cost, basis)


def test_reference_table_names_its_sources_and_is_pinned() -> None:
    assert "cleaner_production" in TABLES and "im_route" in TABLES
    raw = json.loads((REFERENCE / "cleaner_production.json").read_text("utf-8"))
    for part in ("permit_classes", "hazardous_waste", "option_split", "typical_low_cost"):
        assert raw[part]["source"]["zh"] and raw[part]["source"]["en"]
        assert raw[part]["confidence"] in "VKLC"
    assert raw["option_split"]["verified"] is False  # the plan says so in words
    assert len(raw["hazardous_waste"]["categories"]) == 46


def test_demo_fills_the_new_questions_plausibly() -> None:
    for e in enterprises(6):
        answers = demo_document(e, seed=2).answers[AREA]
        assert answers["CP18"] in ("key", "simplified", "registration")
        for w in hazardous_waste(answers):
            assert w.problem == "" and w.quantity_t and w.disposal
        if answers["CP18"] == "key":
            rows = pollutants(load_checklist(AREA), answers)
            assert rows and all(p.permitted for p in rows)
