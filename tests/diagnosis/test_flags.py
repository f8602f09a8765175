"""The plan's flags at their boundaries (thresholds from plan_rules.json, quoted from the plan)."""

from __future__ import annotations

from typing import Any

import pytest

from diagnosis.assessment.flags import plan_flags, plan_rules
from diagnosis.checklists.parse import parse_checklist
from diagnosis.register.enterprise import Enterprise


def keys(flags: list[Any]) -> list[str]:
    return [f.key for f in flags]


def t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def checklist(area: str, items: list[dict[str, Any]]) -> Any:
    return parse_checklist(
        {
            "format": "enterprise-diagnosis-checklist/1",
            "area": area,
            "version": "9.9",
            "title": t("测", "Test"),
            "sections": [{"id": "s", "title": t("一", "One")}],
            "items": [{"section": "s", "type": "yes_no", **i} for i in items],
        }
    )


def test_flags_rules_quote_the_plan() -> None:
    rules = plan_rules()
    assert rules["water.retrofit_min_intake"].value == 30000
    assert "3万吨" in rules["water.retrofit_min_intake"].source
    assert rules["land.low_efficiency_tax_per_mu"].value == 3
    assert (rules["subsidy.min_per_mu_class"].value, rules["subsidy.min_green_stars"].value) == (
        "B",
        3,
    )
    assert all(r.confidence == "V" for r in rules.values())


@pytest.mark.parametrize(
    ("intake", "flagged"), [(29_999.0, False), (30_000.0, True), (120_000.0, True), (None, False)]
)
def test_flags_water_retrofit_from_30000_t(intake: float | None, flagged: bool) -> None:
    flags = plan_flags(None, {}, {}, water_intake_t=intake)
    assert ("water.retrofit_required" in keys(flags)) is flagged
    if flagged:
        assert "30,000 m³" in flags[0].reason.en and "30,000 m³" in flags[0].reason.zh


@pytest.mark.parametrize(
    ("tax", "land", "flagged"),
    [
        (89.99, 30.0, True),  # 89.99 / 30 = 2.9997 万元/亩 < 3
        (90.0, 30.0, False),  # exactly 3 万元/亩: not below
        (900.0, 60.0, False),  # REFERENCE §6.1 example: 15 万元/亩
        (None, 30.0, False),
        (10.0, None, False),
    ],
)
def test_flags_low_efficiency_land_below_3_per_mu(
    tax: float | None, land: float | None, flagged: bool
) -> None:
    e = Enterprise(name="甲", credit_code="91330200711192037M", tax=tax, land_area=land)
    assert ("land.low_efficiency" in keys(plan_flags(e, {}, {}))) is flagged


@pytest.mark.parametrize(
    ("cls", "stars", "eligible"),
    [
        ("A", 3, True),
        ("B", 3, True),
        ("B", 5, True),
        ("C", 5, False),
        ("A", 2, False),
        (None, 5, False),
        ("B", None, False),
    ],
)
def test_flags_subsidy_needs_class_b_and_three_stars(
    cls: str | None, stars: int | None, eligible: bool
) -> None:
    e = Enterprise(name="甲", credit_code="91330200711192037M", per_mu_class=cls, green_stars=stars)
    assert ("subsidy.eligible" in keys(plan_flags(e, {}, {}))) is eligible


def test_flags_mandatory_audit_from_any_trigger_answered_yes() -> None:
    cp = checklist(
        "cleaner_production",
        [
            {
                "id": "CP01",
                "text": t("双超", "Over limits"),
                "flag": "cleaner_production.audit_mandatory",
            },
            {
                "id": "CP02",
                "text": t("双有", "Toxic"),
                "flag": "cleaner_production.audit_mandatory",
            },
            {"id": "CP03", "text": t("培训", "Training"), "weight": 1},
        ],
    )
    none = plan_flags(
        None,
        {"cleaner_production": cp},
        {"cleaner_production": {"CP01": "no", "CP02": "na", "CP03": "no"}},
    )
    assert keys(none) == []
    found = plan_flags(
        None, {"cleaner_production": cp}, {"cleaner_production": {"CP01": "no", "CP02": "yes"}}
    )
    assert keys(found) == ["cleaner_production.audit_mandatory"]
    # The reason names the case in words of its own (plan_rules.json), never the question.
    assert found[0].items == ("CP02",) and "CP02" in found[0].reason.zh
    assert "Toxic" not in found[0].reason.en and "？" not in found[0].reason.zh


def test_flags_major_hidden_danger_only_for_relevant_major_items() -> None:
    safety = checklist(
        "safety",
        [
            {"id": "D0", "text": t("有粉尘", "Dust"), "required": True},
            {
                "id": "S04",
                "text": t("粉尘", "Dust room"),
                "severity": "major",
                "legal_basis": "应急管理部令第10号",
                "weight": 3,
                "relevant": {"item": "D0", "equals": "yes"},
            },
            {
                "id": "S16",
                "text": t("培训", "Training"),
                "severity": "general",
                "legal_basis": "GB/T 33000",
                "weight": 1,
            },
        ],
    )
    hidden = plan_flags(
        None, {"safety": safety}, {"safety": {"D0": "no", "S04": "no", "S16": "no"}}
    )
    assert keys(hidden) == []  # S04 is not relevant without dust; S16 is not major
    found = plan_flags(None, {"safety": safety}, {"safety": {"D0": "yes", "S04": "no"}})
    assert keys(found) == ["safety.major_hidden_danger"]
    assert found[0].urgent and found[0].items == ("S04",)


def test_flags_flag_key_only_on_yes_no_items() -> None:
    from diagnosis.checklists.format import ChecklistError

    with pytest.raises(ChecklistError) as caught:
        checklist(
            "cleaner_production", [{"id": "X", "text": t("甲", "A"), "flag": "subsidy.eligible"}]
        )
    assert "$.items[0].flag" in caught.value.problems[0]
