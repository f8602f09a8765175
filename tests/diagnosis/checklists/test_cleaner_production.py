"""The cleaner-production checklist (REFERENCE §4): the three mandatory-audit triggers of the
2016 audit measures as unscored yes/no flags, the audit's 7 stages, the sector indicator levels,
weighted scores written out; trigger codes follow CP.<CATEGORY>.<NN>."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from diagnosis.assessment.scoring import relevant, score_area
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import Checklist
from diagnosis.checklists.load import load_checklist

FLAGS = ("CP01", "CP02", "CP03")  # 双超, 高耗能, 双有
CODE = re.compile(r"^(WA|CP)\.[A-Z]+\.\d{2}$")


@pytest.fixture(scope="module")
def cp() -> Checklist:
    return load_checklist("cleaner_production", "2026.1")


def shown(checklist: Checklist, answers: Mapping[str, object]) -> set[str]:
    return {item.id for item in relevant(checklist, answers)}


def measures(checklist: Checklist, answers: Mapping[str, object]) -> set[str]:
    return {
        trigger.measure
        for item in relevant(checklist, answers)
        for trigger in item.triggers
        if holds(trigger.when, answers)
    }


def test_loads_with_its_sections_and_items(cp: Checklist) -> None:
    assert (cp.area, cp.version) == ("cleaner_production", "2026.1")
    assert 15 <= len(cp.items) <= 20
    assert len({item.id for item in cp.items}) == len(cp.items)
    assert all(item.confidence in "VKLC" and item.standard for item in cp.items)


def test_the_three_mandatory_audit_triggers_are_unscored_yes_no_flags(cp: Checklist) -> None:
    for item_id, clause in zip(FLAGS, ("（一）", "（二）", "（三）"), strict=True):
        item = cp.item(item_id)
        assert item.type == "yes_no" and item.required
        assert item.weight == 0 and not item.scored
        assert item.section == "mandatory"
        assert "清洁生产审核办法" in item.standard and "2016" in item.standard
        assert clause in item.standard
        assert item.confidence == "V" and item.help is not None
        assert sorted(o.value for o in item.options) == ["na", "no", "yes"]
    # Flags do not move the score.
    assert score_area(cp, {f: "yes" for f in FLAGS}).score is None


def test_audit_status_has_the_seven_stages(cp: Checklist) -> None:
    status = cp.item("CP04")
    values = [o.value for o in status.options]
    assert values == [
        "never",
        "listed_not_started",
        *(f"stage_{n}" for n in range(1, 8)),
        "reported",
        "accepted",
    ]
    assert "审核准备" in status.options[2].text.zh
    assert "持续清洁生产" in status.options[8].text.zh
    scores = [o.score for o in status.options]
    assert scores == sorted(scores)  # further along never scores less


def test_indicator_levels_use_the_reference_wording(cp: Checklist) -> None:
    level = cp.item("CP11")
    texts = {o.value: o.text.zh for o in level.options}
    assert "国际清洁生产领先水平" in texts["class_I"]
    assert "国内清洁生产先进水平" in texts["class_II"]
    assert "国内清洁生产一般水平" in texts["class_III"]  # official wording, not 基本水平
    assert level.option("not_assessed").score is None  # type: ignore[union-attr]


def test_relevance(cp: Checklist) -> None:
    # The 5-year interval matters only for 双有 and once a last audit year is known.
    assert "CP06" not in shown(cp, {"CP03": "yes", "CP04": "accepted"})
    assert "CP06" not in shown(cp, {"CP03": "no", "CP04": "accepted", "CP05": 2019})
    assert "CP06" in shown(cp, {"CP03": "yes", "CP04": "accepted", "CP05": 2019})
    # Last audit year: not for an enterprise that never audited.
    assert "CP05" not in shown(cp, {"CP04": "never"})
    assert "CP05" in shown(cp, {"CP04": "listed_not_started"})
    # Option counts: no/low cost from pre-assessment, medium/high cost from implementation.
    assert {"CP07", "CP08", "CP09"}.isdisjoint(shown(cp, {"CP04": "stage_1"}))
    assert "CP07" in shown(cp, {"CP04": "stage_3"})
    assert "CP08" not in shown(cp, {"CP04": "stage_5"})
    assert {"CP07", "CP08", "CP09"} <= shown(cp, {"CP04": "stage_6"})
    # Indicator level only where a sector system exists; substitution only for 双有.
    assert "CP11" not in shown(cp, {"CP10": "no"})
    assert "CP11" in shown(cp, {"CP10": "yes"})
    assert "CP12" not in shown(cp, {"CP03": "no"})
    assert "CP12" in shown(cp, {"CP03": "yes"})


def test_mandatory_audit_is_proposed_only_when_due(cp: Checklist) -> None:
    assert "CP.AUDIT.01" in measures(cp, {"CP03": "yes", "CP04": "never"})
    assert "CP.AUDIT.01" in measures(cp, {"CP01": "no", "CP04": "listed_not_started"})
    assert "CP.AUDIT.01" not in measures(
        cp, {"CP01": "no", "CP02": "no", "CP03": "no", "CP04": "never"}
    )
    # 双有, last round 4 years ago: the next must be done within 5, a round takes up to a year.
    assert "CP.AUDIT.01" in measures(
        cp, {"CP03": "yes", "CP04": "accepted", "CP05": 2022, "CP06": 4}
    )
    assert "CP.AUDIT.01" not in measures(
        cp, {"CP03": "yes", "CP04": "accepted", "CP05": 2024, "CP06": 2}
    )


def test_scoring_example_with_the_weights_written_out(cp: Checklist) -> None:
    answers: dict[str, object] = {
        "CP01": "no",  # flags: weight 0
        "CP02": "no",
        "CP03": "yes",
        "CP04": "accepted",  # weight 3 x 1.0
        "CP05": 2020,
        "CP06": 6,  # weight 2 x 0 (over the 5-year interval)
        "CP08": 3,
        "CP09": "most",  # weight 2 x 0.6
        "CP10": "yes",
        "CP11": "class_II",  # weight 3 x 0.75
        "CP12": "evaluated",  # weight 2 x 0.4
        "CP13": "no_solvent",  # not applicable: not counted
        "CP14": "sop",  # weight 2 x 0.5
        "CP15": "systematic",  # weight 2 x 1.0
        "CP16": "adhoc",  # weight 1 x 0.5
        "CP17": "tracked",  # weight 2 x 0.5
    }
    result = score_area(cp, answers)
    points = 3 * 1 + 2 * 0 + 2 * 0.6 + 3 * 0.75 + 2 * 0.4 + 2 * 0.5 + 2 * 1 + 1 * 0.5 + 2 * 0.5
    weights = 3 + 2 + 2 + 3 + 2 + 2 + 2 + 1 + 2  # = 19
    assert points == pytest.approx(11.75)
    assert result.score == pytest.approx(100 * points / weights)
    assert result.score == pytest.approx(61.842, abs=1e-3)
    assert result.gaps(1)[0].item == "CP06"  # 2 x (1 - 0) / 19 x 100 = 10.5 points
    assert (result.answered, result.required) == (4, 4)  # CP01-CP04
    assert measures(cp, answers) == {
        "CP.AUDIT.01",
        "CP.AUDIT.02",
        "CP.MAT.01",
        "CP.PROC.01",
        "CP.TRAIN.01",
        "CP.WASTE.02",
    }


def test_audit_in_progress_scores_by_stage(cp: Checklist) -> None:
    # Only CP04 (weight 3) and CP16 (weight 1) answered: (3 x 0.4 + 1 x 1) / 4 = 55 %.
    result = score_area(cp, {"CP04": "stage_4", "CP16": "planned"})
    assert result.score == pytest.approx(100 * (3 * 0.4 + 1 * 1) / 4)
    assert result.score == pytest.approx(55.0)


def test_trigger_codes_follow_the_catalogue_pattern(cp: Checklist) -> None:
    codes = {t.measure for item in cp.items for t in item.triggers}
    assert {"CP.AUDIT.01", "CP.AUDIT.02", "CP.MAT.01", "CP.WASTE.01", "CP.VOC.01"} <= codes
    assert all(CODE.match(code) and code.startswith("CP.") for code in codes)


def test_cleaner_production_any_trigger_answered_yes_raises_the_audit_flag() -> None:
    from diagnosis.assessment.flags import plan_flags

    checklist = load_checklist("cleaner_production")
    flagged = [i.id for i in checklist.items if i.flag == "cleaner_production.audit_mandatory"]
    assert flagged == ["CP01", "CP02", "CP03"]
    answers = {"CP01": "no", "CP02": "yes", "CP03": "no"}
    flags = plan_flags(None, {"cleaner_production": checklist}, {"cleaner_production": answers})
    assert [f.key for f in flags] == ["cleaner_production.audit_mandatory"]
    assert flags[0].items == ("CP02",)
    none = {"CP01": "no", "CP02": "no", "CP03": "na"}
    assert plan_flags(None, {"cleaner_production": checklist}, {"cleaner_production": none}) == []
