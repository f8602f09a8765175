"""Plausibility checks: answers the checklist accepts but a real firm would not give are
doubted (a warning naming the area, item, row and column), never refused; figures in the
messages read as grouped numbers, never 1e+15."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnosis.checklists.format import AREAS
from diagnosis.checklists.load import CHECKLIST_DIR, available_versions, load_checklist
from diagnosis.checklists.parse import parse_checklist
from diagnosis.plain import exact, plain
from diagnosis.plausibility.checks import Doubt, doubts_of, doubts_to_dict, find_doubts
from diagnosis.plausibility.rules import (
    RULES_PATH,
    PlausibilityDataError,
    parse_rules,
    plausibility_rules,
)
from diagnosis.register.enterprise import Enterprise
from diagnosis.visits.document import Document, Visit, with_answers

VERSIONS = dict.fromkeys(AREAS, "2026.1")
FIRM = Enterprise(
    id="e-1",
    name="宁波测试机械有限公司",
    credit_code="91330200711192037M",
    employees=200,
    land_area=30.0,  # mu: 20,000 m²
)


def document(answers: Mapping[str, Mapping[str, Any]], firm: Enterprise = FIRM) -> Document:
    visit = Visit("v-1", "2025-04-10", checklists=VERSIONS)
    return with_answers(Document(firm, visit, {}), answers)


def found(doc: Document) -> list[tuple[str, str, str | None, str | None, str]]:
    return [(d.area, d.item, d.row, d.column, d.rule) for d in doubts_of(doc)]


def one(doc: Document, rule: str) -> Doubt:
    matches = [d for d in doubts_of(doc) if d.rule == rule]
    assert len(matches) == 1, [(d.rule, d.text("en")) for d in doubts_of(doc)]
    return matches[0]


def test_plausibility_a_sound_visit_raises_no_doubt() -> None:
    doc = document(
        {
            "energy": {
                "E01": 2024,
                "E02": {
                    "electricity": {"quantity": 3_000_000},
                    "natural_gas": {"quantity": 200_000},
                },
                "E03": 25_000,
                "E07": {"p_7_5_45": {"count": 12, "total_kw": 264, "vfd_count": 4}},
                "E08": {
                    "group_1": {
                        "count": 2,
                        "kw": 37,
                        "fad": 6.2,
                        "specific_power": 6.8,
                        "pressure_bar": 7,
                    }
                },
                "E10": {"boiler_1": {"count": 1, "efficiency_pct": 88}},
            },
            "water": {"W01": {"tap": {"quantity": 40_000}}, "W18": 96, "W19": "level2"},
            "intelligent_manufacturing": {"IM06": "2", "IM_CNC_RATE": 42},
        }
    )
    assert found(doc) == []


def test_plausibility_counts_are_whole_numbers() -> None:
    doc = document(
        {
            "energy": {
                "E07": {"p_le_7_5": {"count": 2.5, "total_kw": 10}},
                "E11": {"led": {"count": 120, "watt": 18}},
            }
        }
    )
    d = one(doc, "counts")
    assert (d.area, d.item, d.row, d.column) == ("energy", "E07", "p_le_7_5", "count")
    assert "2.5" in d.text("zh") and "整数" in d.text("zh")
    assert "whole number" in d.text("en")


def test_plausibility_motor_power_must_fit_the_count_and_class() -> None:
    fits = document({"energy": {"E07": {"p_7_5_45": {"count": 10, "total_kw": 220}}}})
    assert found(fits) == []
    small = document({"energy": {"E07": {"p_le_7_5": {"count": 2, "total_kw": 30}}}})
    d = one(small, "motors")
    assert (d.row, d.column) == ("p_le_7_5", "total_kw")
    assert "15 kW" in d.text("en") and "0.12–7.5" in d.text("en")
    big_class = document({"energy": {"E07": {"p_160_375": {"count": 4, "total_kw": 300}}}})
    assert "75 kW" in one(big_class, "motors").text("en")
    no_count = document({"energy": {"E07": {"p_45_160": {"count": 0, "total_kw": 90}}}})
    assert one(no_count, "motors").message.code == "doubt.kw_without_count"


def test_plausibility_vfd_count_cannot_exceed_the_count() -> None:
    doc = document({"energy": {"E07": {"p_7_5_45": {"count": 3, "total_kw": 60, "vfd_count": 5}}}})
    d = one(doc, "motors")
    assert (d.column, d.message.code) == ("vfd_count", "doubt.vfd_count")


def test_plausibility_boiler_efficiency_between_40_and_100() -> None:
    low = document({"energy": {"E10": {"boiler_2": {"count": 1, "efficiency_pct": 15}}}})
    d = one(low, "boiler_efficiency")
    assert (d.row, d.column) == ("boiler_2", "efficiency_pct")
    assert "15 %" in d.text("en") and "40–100 %" in d.text("en")
    assert found(document({"energy": {"E10": {"boiler_1": {"efficiency_pct": 40}}}})) == []


def test_plausibility_compressor_pressure_and_specific_power() -> None:
    mpa = document({"energy": {"E08": {"group_1": {"count": 1, "pressure_bar": 0.8}}}})
    assert one(mpa, "compressor_pressure").column == "pressure_bar"
    odd = {"count": 1, "kw": 37, "fad": 6.2, "specific_power": 2.5, "pressure_bar": 7}
    doc = document({"energy": {"E08": {"group_2": odd}}})
    rules = {d.rule for d in doubts_of(doc)}
    assert rules == {"compressors", "compressor_specific_power"}
    ratio = one(doc, "compressors")
    assert (ratio.row, ratio.column) == ("group_2", "specific_power")
    assert "5.968" in ratio.text("en")  # 37 kW ÷ 6.2 m³/min
    swapped = {"count": 1, "kw": 6.2, "fad": 37}  # power and delivery typed in each other's place
    d = one(document({"energy": {"E08": {"group_1": swapped}}}), "compressors")
    assert d.message.code == "doubt.compressor_implied"


def test_plausibility_rate_against_the_band_of_an_earlier_answer() -> None:
    doc = document({"intelligent_manufacturing": {"IM06": "1", "IM_CNC_RATE": 85}})
    d = one(doc, "cnc_rate")
    assert d.item == "IM_CNC_RATE"  # beside the later answer
    assert "10%～30%" in d.text("zh") and "85 %" in d.text("zh")
    on_boundary = document({"intelligent_manufacturing": {"IM06": "1", "IM_CNC_RATE": 30}})
    assert found(on_boundary) == []
    water = document({"water": {"W18": 100, "W19": "level2_partial"}})
    d = one(water, "water_metering")
    assert d.item == "W19" and "W18" in d.text("en")


def test_plausibility_major_hazard_source_with_zero_quantity() -> None:
    zero = {"SC04": "yes", "MH01": {"toxic_gas": {"quantity": 0}}, "MH02": "yes"}
    d = one(document({"safety": zero}), "major_hazard")
    assert (d.item, d.message.code) == ("MH02", "doubt.hazard_zero")
    small = {
        "SC04": "yes",
        "MH01": {"flammable_gas": {"quantity": 2, "threshold": 10}},
        "MH02": "yes",
    }
    assert one(document({"safety": small}), "major_hazard").message.code == "doubt.hazard_below"
    large = {"SC04": "yes", "MH01": {"toxic_gas": {"quantity": 12, "threshold": 10}}, "MH02": "no"}
    d = one(document({"safety": large}), "major_hazard")
    assert d.message.code == "doubt.hazard_above" and "1.2" in d.text("en")
    hidden = {"SC04": "no", "SC02": "no", "MH01": {"toxic_gas": {"quantity": 0}}, "MH02": "yes"}
    assert found(document({"safety": hidden})) == []  # not shown: not the team's concern


def test_plausibility_absurd_magnitude_is_shown_as_a_plain_number() -> None:
    doc = document({"energy": {"E02": {"electricity": {"quantity": 1e15}}, "E03": 25_000}})
    d = one(doc, "electricity_ceiling")
    assert (d.item, d.row, d.column) == ("E02", "electricity", "quantity")
    for lang in ("zh", "en"):
        text = d.text(lang)
        assert "1,000,000,000,000,000 kWh" in text and "e+" not in text
    assert {x.rule for x in doubts_of(doc)} == {"electricity_ceiling"}  # not the ratios as well


def test_plausibility_intensity_far_outside_any_industry() -> None:
    doc = document({"energy": {"E02": {"electricity": {"quantity": 5e9}}, "E03": 1_000}})
    intensity = one(doc, "energy_intensity")
    assert (intensity.item, intensity.row) == ("E02", "electricity")
    assert "工业总产值（E03） 1,000 万元" in intensity.text("zh")
    assert one(doc, "electricity_per_output").column == "quantity"
    register = replace_firm(output_value=1_000.0)
    doc = document({"energy": {"E02": {"electricity": {"quantity": 5e9}}}}, register)
    assert "register's output value" in one(doc, "energy_intensity").text("en")


def replace_firm(**changes: object) -> Enterprise:
    from dataclasses import replace

    return replace(FIRM, **changes)  # type: ignore[arg-type]


def test_plausibility_water_and_output_against_the_firm_size() -> None:
    water = document({"water": {"W01": {"tap": {"quantity": 3e7}}}, "energy": {"E03": 1_000}})
    d = one(water, "water_per_output")
    assert (d.area, d.item, d.row) == ("water", "W01", "tap")
    tiny = document({"energy": {"E03": 20}})  # 20 万元 for 200 employees
    d = one(tiny, "output_per_employee")
    assert d.item == "E03" and "0.1 万元/人" in d.text("zh")
    costly = document({"energy": {"E03": 1_000, "E04": 1_500}})
    assert "150 %" in one(costly, "energy_cost_share").text("en")


def test_plausibility_data_year_after_the_visit() -> None:
    d = one(document({"energy": {"E01": 2026}}), "data_year")
    assert d.item == "E01" and "2025-04-10" in d.text("en")


# -- new checklist versions ------------------------------------------------------------------


def with_new_items(area: str, items: list[dict[str, Any]]) -> Any:
    raw = json.loads((CHECKLIST_DIR / area / "2026.1.json").read_text("utf-8"))
    raw = copy.deepcopy(raw)
    raw["version"] = "2026.2"
    section = raw["items"][-1]["section"]
    for item in items:
        raw["items"].append({"section": section, "type": "number", "min": 0, **item})
    return parse_checklist(raw)


def number_item(item_id: str, unit: str) -> dict[str, Any]:
    return {"id": item_id, "text": {"zh": item_id, "en": item_id}, "unit": unit}


def test_plausibility_applies_to_new_checklist_items() -> None:
    energy = with_new_items(
        "energy",
        [
            number_item("E33", "h/yr"),
            number_item("E34", "元/kWh"),
            number_item("E35", "元/m³"),
            number_item("E36", "kW"),
            number_item("E37", "%"),
            number_item("E38", "m²"),
        ],
    )
    water = with_new_items("water", [number_item("W22", "元/m³")])
    checklists = {a: load_checklist(a, "2026.1") for a in AREAS}
    checklists.update(energy=energy, water=water)
    answers: dict[str, dict[str, Any]] = {
        "energy": {
            "E07": {"p_7_5_45": {"count": 10, "total_kw": 200}},
            "E33": 9000,  # more hours than a year has
            "E34": 65,  # fen, not yuan
            "E35": 3.8,
            "E36": 450,  # more than all the motors
            "E37": 75,
            "E38": 40_000,  # twice the land (30 mu = 20,000 m²)
        },
        "water": {"W22": 0.5},
    }
    doc = document(answers)
    doubts = find_doubts(checklists, answers, FIRM, doc.activity, "2025-04-10")
    rules = {d.rule: d for d in doubts}
    assert set(rules) == {
        "operating_hours",
        "electricity_price",
        "motors_without_vfd",
        "leak_share",
        "roof_vs_land",
        "water_price",
    }
    assert "8,784" in rules["operating_hours"].text("en")
    assert rules["roof_vs_land"].item == "E38"
    # The same answers on the old version, which lacks the items, raise none of these.
    assert not [d for d in doubts_of(document(answers)) if d.item in ("E33", "E36", "W22")]


@pytest.mark.parametrize("area", AREAS)
def test_plausibility_rules_name_items_of_the_right_type(area: str) -> None:
    """Wherever a checklist version has an item a rule names, it has the type (and columns)
    the rule reads; a rule never silently reads the wrong thing."""
    r = plausibility_rules()
    for version in available_versions(area):
        items = {i.id: i for i in load_checklist(area, version).items}
        for rule in r.ranges:
            item = items.get(rule.item) if rule.area == area else None
            if item is not None:
                if rule.column is None:
                    assert item.type == "number", (version, rule.id)
                else:
                    assert rule.column in {c.id for c in item.columns}, (version, rule.id)
        for band in r.bands:
            if band.area == area and band.band_item in items:
                options = {o.value for o in items[band.band_item].options}
                assert options == set(band.bands), (version, band.id)


# -- the data and the numbers ------------------------------------------------------------------


def test_plausibility_every_threshold_has_a_source_and_confidence() -> None:
    r = plausibility_rules()
    sourced = [
        r.counts,
        r.motors,
        r.compressors,
        r.hazard,
        r.data_year,
        *r.ranges,
        *r.bands,
        *r.ratios,
    ]
    for rule in sourced:
        assert rule.source.strip() and rule.confidence in ("V", "K", "L", "C")
        assert "REFERENCE" not in rule.source and "§" not in rule.source  # printed sources
    raw = json.loads(RULES_PATH.read_text("utf-8"))
    del raw["ranges"][0]["source"]
    with pytest.raises(PlausibilityDataError, match="source"):
        parse_rules(raw)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_plain_numbers_never_use_an_exponent(value: float) -> None:
    text = plain(value)
    assert "e" not in text.lower()
    if abs(value) >= 1:
        assert math.isclose(float(text.replace(",", "")), value, rel_tol=1e-3, abs_tol=0.5)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_exact_numbers_read_back_without_an_exponent(value: float) -> None:
    for grouped in (False, True):
        text = exact(value, grouped)
        assert "e" not in text.lower()
        assert float(text.replace(",", "")) == float(f"{value:.10g}")


def test_doubts_to_dict_names_the_place_and_the_rule() -> None:
    doc = document({"energy": {"E10": {"boiler_1": {"efficiency_pct": 15}}}})
    assert doubts_to_dict(doubts_of(doc), "en") == [
        {
            "area": "energy",
            "item": "E10",
            "row": "boiler_1",
            "column": "efficiency_pct",
            "rule": "boiler_efficiency",
            "message": doubts_of(doc)[0].text("en"),
        }
    ]


def test_plausibility_on_the_2026_2_checklists() -> None:
    """The real 2026.2 files: their new items are checked where they are shown."""
    if "2026.2" not in available_versions("energy") or "2026.2" not in available_versions("water"):
        pytest.skip("no 2026.2 checklists")
    visit = Visit(
        "v-2", "2025-04-10", checklists={**VERSIONS, "energy": "2026.2", "water": "2026.2"}
    )
    answers = {
        "energy": {
            "E07": {"p_7_5_45": {"count": 10, "total_kw": 200}},
            "E08": {"group_1": {"count": 2, "kw": 37, "fad": 6.2}},
            "E15": "some",
            "E30": "suitable",
            "E33": 40,
            "E34": 65,
            "E36": 450,
            "E37": 75,
            "E38": 40_000,
        },
        "water": {"W22": 0.5},
    }
    doc = with_answers(Document(FIRM, visit, {}), answers)
    assert {d.rule for d in doubts_of(doc)} == {
        "operating_hours",
        "electricity_price",
        "motors_without_vfd",
        "leak_share",
        "roof_vs_land",
        "water_price",
    }
    hidden = with_answers(doc, {"energy": {"E30": "installed"}})  # E38 is no longer asked
    assert "roof_vs_land" not in {d.rule for d in doubts_of(hidden)}


def test_plausibility_every_rule_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "plausibility.md").read_text("utf-8")
    r = plausibility_rules()
    ids = ["counts", "motors", "compressors", "major_hazard", "data_year"]
    ids += [x.id for x in (*r.ranges, *r.bands, *r.ratios)]
    assert [i for i in ids if f"`{i}`" not in docs] == []


def test_plausibility_rechecking_one_area_gives_what_a_full_check_gives() -> None:
    """After each answer, re-running only the rules that read its area, over the doubts found
    before, finds exactly what checking everything finds."""
    steps: list[tuple[str, str, Any]] = [
        ("energy", "E07", {"p_le_7_5": {"count": 2.5, "total_kw": 30}}),
        ("energy", "E03", 20),  # output per employee
        ("water", "W01", {"tap": {"quantity": 3e7}}),  # water per output reads E03 too
        ("intelligent_manufacturing", "IM06", "1"),
        ("intelligent_manufacturing", "IM_CNC_RATE", 85),
        ("energy", "E03", 25_000),  # the water ratio goes with it
        ("safety", "SC04", "yes"),
        ("safety", "MH02", "yes"),
        ("energy", "E07", {"p_le_7_5": {"count": 2, "total_kw": 10}}),
        ("safety", "SC04", "no"),  # MH02 hidden again
        ("energy", "E02", {"electricity": {"quantity": 1e15}}),
    ]
    doc = document({})
    shown = doubts_of(doc)
    for area, item, value in steps:
        doc = with_answers(doc, {area: {item: value}})
        shown = doubts_of(doc, changed={area}, previous=shown)
        assert shown == doubts_of(doc), (area, item)
    assert {d.rule for d in shown} == {"cnc_rate", "electricity_ceiling"}
