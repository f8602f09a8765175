"""The safety and environment checklist (REFERENCE §5.5): every item S01-S27 with its severity,
legal basis and deadline; screening hides what does not apply; weighted scores written out; the
major hidden dangers found can be listed; trigger codes follow SA.<CATEGORY>.<NN>."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from diagnosis.assessment.scoring import relevant, score_area
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import Checklist
from diagnosis.checklists.load import load_checklist

S_IDS = [f"S{n:02d}" for n in range(1, 28)]
SCREENING = ["SC01", "SC02", "SC03", "SC04", "SC05", "SC06"]
# REFERENCE §5.5 severities: M -> major (M/H too), H -> serious, G -> general.
MAJOR = {"S01", "S02", "S03", "S04", "S05", "S06", "S07", "S08", "S09", "S10"}
GENERAL = {"S16", "S27"}
WEIGHT = {"major": 3, "serious": 2, "general": 1}
DEADLINE = {"major": 0, "serious": 30, "general": 90}
DUST_ITEMS = ["S04", "S05", "S06"]


@pytest.fixture(scope="module")
def safety() -> Checklist:
    return load_checklist("safety", "2026.1")  # 2026.2: tests/diagnosis/test_safety_relevance


def compliant(checklist: Checklist, screening: str = "yes") -> dict[str, object]:
    """Every screening answer set to ``screening``; every other yes/no item compliant."""
    answers: dict[str, object] = {sid: screening for sid in SCREENING}
    answers["EP01"] = "key"
    answers["MH01"] = {"flammable_gas": {"quantity": 2, "threshold": 50}}
    answers["MH02"] = "no"
    for item in checklist.items:
        if item.type == "yes_no" and item.id not in answers:
            answers[item.id] = "yes"
    return answers


def major_findings(checklist: Checklist, answers: Mapping[str, object]) -> list[str]:
    """What the app flags as "major hidden danger present": shown major items answered no."""
    return [
        item.id
        for item in relevant(checklist, answers)
        if item.severity == "major" and answers.get(item.id) == "no"
    ]


def measures(checklist: Checklist, answers: Mapping[str, object]) -> set[str]:
    return {
        trigger.measure
        for item in relevant(checklist, answers)
        for trigger in item.triggers
        if holds(trigger.when, answers)
    }


def test_safety_loads_as_latest_version(safety: Checklist) -> None:
    assert (safety.area, safety.version) == ("safety", "2026.1")
    assert load_checklist("safety").version == "2026.2"  # new visits take the newest
    ids = [item.id for item in safety.items]
    assert len(ids) == len(set(ids))
    assert ids[: len(SCREENING)] == SCREENING  # screening first, so relevance can use it
    assert "deadline_days" in (safety.sources or {})


def test_safety_items_s01_to_s27_carry_severity_basis_and_deadline(safety: Checklist) -> None:
    for sid in S_IDS:
        item = safety.item(sid)
        expected = "major" if sid in MAJOR else "general" if sid in GENERAL else "serious"
        assert item.type == "yes_no", sid
        assert item.severity == expected, sid
        assert item.weight == WEIGHT[expected], sid
        assert item.deadline_days == DEADLINE[expected], sid
        assert item.legal_basis.strip(), sid
        assert item.standard.strip(), sid
        assert item.confidence in ("V", "K"), sid
        assert item.required, sid
        assert item.help is not None and item.help.zh and item.help.en, sid
        assert [o.value for o in item.options] == ["yes", "no", "na"]
        assert [o.score for o in item.options] == [1.0, 0.0, None]


def test_safety_gb35181_major_fire_case_is_its_own_major_item(safety: Checklist) -> None:
    assert safety.item("S20").severity == "serious"
    major_fire = safety.item("S20A")
    assert (major_fire.severity, major_fire.weight, major_fire.deadline_days) == ("major", 3, 0)
    assert "GB 35181" in major_fire.legal_basis


def test_safety_screening_and_record_items_are_not_scored(safety: Checklist) -> None:
    for sid in [*SCREENING, "MH01", "MH02", "OH01", "OH02", "EP01", "EP02"]:
        item = safety.item(sid)
        assert item.weight == 0 and item.required and item.severity is None, sid
    table = safety.item("MH01")
    assert table.type == "table"
    assert [c.id for c in table.columns] == ["quantity", "threshold"]
    assert {c.unit for c in table.columns} == {"t"}
    permit = safety.item("EP01")
    assert [o.value for o in permit.options] == [
        "key",
        "simplified",
        "registration",
        "none",
        "unknown",
    ]


def test_safety_without_dust_hides_and_does_not_count_dust_items(safety: Checklist) -> None:
    answers = compliant(safety)
    answers["SC01"] = "no"
    shown = {item.id for item in relevant(safety, answers)}
    assert shown.isdisjoint(DUST_ITEMS)
    answers["S04"] = "no"  # a stale answer on a hidden item changes nothing
    result = score_area(safety, answers)
    assert result.score == pytest.approx(100)
    assert {c.item for c in result.contributions}.isdisjoint(DUST_ITEMS)
    assert major_findings(safety, answers) == []


def test_safety_with_dust_shows_dust_items(safety: Checklist) -> None:
    answers = compliant(safety)
    shown = {item.id for item in relevant(safety, answers)}
    assert set(DUST_ITEMS) <= shown


def test_safety_screening_hides_each_special_group(safety: Checklist) -> None:
    answers = compliant(safety, screening="no")
    shown = {item.id for item in relevant(safety, answers)}
    hidden = {"S04", "S05", "S06", "S07", "S08", "S09", "S10", "S11", "S12", "S21"}
    assert shown.isdisjoint(hidden | {"MH01", "MH02"})
    answers["SC02"] = "yes"  # ammonia is a hazardous chemical: S07 and the chemical items show
    shown = {item.id for item in relevant(safety, answers)}
    assert {"S07", "MH01", "MH02", "S10", "S21"} <= shown


def test_safety_all_compliant_scores_100(safety: Checklist) -> None:
    result = score_area(safety, compliant(safety))
    assert result.score == pytest.approx(100)
    assert result.answered == result.required


def test_safety_one_major_no_costs_its_weighted_share(safety: Checklist) -> None:
    answers = compliant(safety)
    # Everything relevant: majors S01-S10 + S20A = 11 x 3 = 33; generals S16, S27 = 2 x 1 = 2;
    # serious S11-S15, S17-S26 = 15 x 2 = 30. Total weight 65.
    total = sum(i.weight for i in relevant(safety, answers) if i.scored)
    assert total == 11 * 3 + 15 * 2 + 2 * 1 == 65
    answers["S02"] = "no"
    assert score_area(safety, answers).score == pytest.approx(100 * (65 - 3) / 65)  # 95.38
    # Without dust, S04-S06 (3 x 3) drop out of the denominator: 100 x 53 / 56.
    answers["SC01"] = "no"
    assert score_area(safety, answers).score == pytest.approx(100 * (56 - 3) / 56)
    # "na" is not counted: S12 (weight 2) leaves the denominator, 100 x 51 / 54.
    answers["S12"] = "na"
    assert score_area(safety, answers).score == pytest.approx(100 * (54 - 3) / 54)


def test_safety_major_findings_listed_from_answers(safety: Checklist) -> None:
    answers = compliant(safety)
    assert major_findings(safety, answers) == []
    answers.update({"S02": "no", "S05": "no", "S20A": "no", "S13": "no"})  # S13 is serious
    assert major_findings(safety, answers) == ["S02", "S05", "S20A"]
    answers["SC01"] = "no"  # no dust: the S05 answer no longer applies
    assert major_findings(safety, answers) == ["S02", "S20A"]


def test_safety_trigger_codes_and_what_fires_them(safety: Checklist) -> None:
    codes = {t.measure for item in safety.items for t in item.triggers}
    assert all(re.fullmatch(r"SA\.[A-Z]+\.\d{2}", code) for code in codes), codes
    assert {
        "SA.DUST.01",
        "SA.CONF.01",
        "SA.CHEM.01",
        "SA.EQUIP.01",
        "SA.FIRE.01",
        "SA.GAS.01",
        "SA.OH.01",
        "SA.ENV.01",
        "SA.ENV.02",
        "SA.WASTE.01",
        "SA.STD.01",
    } <= codes
    answers = compliant(safety)
    assert measures(safety, answers) == set()
    answers.update({"S05": "no", "OH01": "no", "EP02": "no"})
    assert measures(safety, answers) == {"SA.DUST.01", "SA.OH.01", "SA.ENV.01"}
    answers["SC01"] = "no"  # a hidden item proposes nothing
    assert measures(safety, answers) == {"SA.OH.01", "SA.ENV.01"}


def test_safety_every_finding_item_proposes_a_measure(safety: Checklist) -> None:
    for sid in [*S_IDS, "S20A"]:
        item = safety.item(sid)
        assert any(t.when == {"item": sid, "equals": "no"} for t in item.triggers), sid
