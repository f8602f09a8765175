"""The programme's conditions at and around each threshold (thresholds read from plan_rules)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from diagnosis.assessment.assess import Assessment, assess
from diagnosis.assessment.flags import plan_rules
from diagnosis.assessment.policy import Condition, conditions
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.register.enterprise import Enterprise
from diagnosis.visits.document import Document, Visit

CLASSES = "ABCD"


def empty_doc(enterprise: Enterprise | None = None, **changes: Any) -> Document:
    doc = Document(
        enterprise or Enterprise(name="测试企业"),
        Visit("v-policy", "2024-05-01"),
        {},
    )
    return dataclasses.replace(doc, **changes)


def by_key(e: Enterprise, a: Assessment, answers: Any = None) -> dict[str, Condition]:
    return {c.key: c for c in conditions(e, a, answers)}


@pytest.fixture(scope="module")
def blank() -> Assessment:
    return assess(empty_doc())


def test_policy_lists_the_five_conditions_in_the_plans_order(blank: Assessment) -> None:
    keys = [c.key for c in conditions(Enterprise(), blank)]
    assert keys == [
        "subsidy.eligible",
        "land.low_efficiency",
        "water.retrofit_required",
        "cleaner_production.audit_mandatory",
        "safety.major_hidden_danger",
    ]


def test_policy_conditions_are_frozen(blank: Assessment) -> None:
    c = conditions(Enterprise(), blank)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.state = "met"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.facts[0].value = "A"  # type: ignore[misc]


@pytest.mark.parametrize("cls", [*CLASSES, None])
@pytest.mark.parametrize("delta", [-1, 0, 1, None])
def test_policy_subsidy_at_and_around_the_thresholds(
    blank: Assessment, cls: str | None, delta: int | None
) -> None:
    rules = plan_rules()
    wanted = str(rules["subsidy.min_per_mu_class"].value)
    min_stars = int(rules["subsidy.min_green_stars"].value)
    stars = None if delta is None else min_stars + delta
    e = Enterprise(per_mu_class=cls, green_stars=stars)
    c = by_key(e, blank)["subsidy.eligible"]
    cls_ok = None if cls is None else CLASSES.index(cls) <= CLASSES.index(wanted)
    stars_ok = None if stars is None else stars >= min_stars
    if cls_ok is False or stars_ok is False:
        expected = "missed"
    elif cls_ok and stars_ok:
        expected = "met"
    else:
        expected = "unknown"
    assert c.state == expected
    assert c.favourable == {"met": True, "missed": False, "unknown": None}[expected]
    facts = {f.key: f for f in c.facts}
    assert (facts["per_mu_class"].value, facts["per_mu_class"].threshold) == (cls, wanted)
    assert (facts["green_stars"].value, facts["green_stars"].threshold) == (stars, min_stars)
    assert facts["per_mu_class"].holds is cls_ok
    assert facts["green_stars"].holds is stars_ok


@pytest.mark.parametrize(
    ("per_mu_offset", "expected"), [(-0.01, "met"), (0.0, "missed"), (0.01, "missed")]
)
def test_policy_low_efficiency_land_at_and_around_the_threshold(
    blank: Assessment, per_mu_offset: float, expected: str
) -> None:
    threshold = float(plan_rules()["land.low_efficiency_tax_per_mu"].value)
    land = 40.0
    tax = (threshold + per_mu_offset) * land
    c = by_key(Enterprise(tax=tax, land_area=land), blank)["land.low_efficiency"]
    assert c.state == expected
    assert c.benefit is False
    assert c.favourable is (expected == "missed")
    facts = {f.key: f for f in c.facts}
    assert facts["tax_per_mu"].threshold == threshold
    assert facts["tax_per_mu"].value == pytest.approx(threshold + per_mu_offset)
    # What would change the state: the yearly tax that lifts the plot to the threshold.
    assert facts["tax"].threshold == pytest.approx(threshold * land)
    assert facts["tax"].value == tax


@pytest.mark.parametrize(("tax", "land"), [(None, 10.0), (100.0, None), (100.0, 0.0), (None, None)])
def test_policy_low_efficiency_land_unknown_without_tax_or_land(
    blank: Assessment, tax: float | None, land: float | None
) -> None:
    c = by_key(Enterprise(tax=tax, land_area=land), blank)["land.low_efficiency"]
    assert c.state == "unknown"
    assert c.favourable is None


@pytest.mark.parametrize(("offset", "expected"), [(-1, "missed"), (0, "met"), (1, "met")])
def test_policy_water_retrofit_at_and_around_the_threshold(offset: int, expected: str) -> None:
    threshold = float(plan_rules()["water.retrofit_min_intake"].value)
    doc = empty_doc(answers={"water": {"W01": {"tap": {"quantity": threshold + offset}}}})
    a = assess(doc)
    c = by_key(doc.enterprise, a)["water.retrofit_required"]
    assert c.state == expected
    assert c.facts[0].value == threshold + offset
    assert c.facts[0].threshold == threshold
    assert c.favourable is (expected == "missed")


def test_policy_water_retrofit_unknown_without_intake(blank: Assessment) -> None:
    c = by_key(Enterprise(), blank)["water.retrofit_required"]
    assert (c.state, c.facts[0].value) == ("unknown", None)


def test_policy_mandatory_audit_from_the_answers() -> None:
    yes = {"cleaner_production": {"CP01": "no", "CP02": "yes", "CP03": "no"}}
    doc = empty_doc(answers=yes)
    c = by_key(doc.enterprise, assess(doc), doc.answers)["cleaner_production.audit_mandatory"]
    assert (c.state, c.items, c.favourable) == ("met", ("CP02",), False)

    no = {"cleaner_production": {"CP01": "no", "CP02": "no", "CP03": "no"}}
    doc = empty_doc(answers=no)
    c = by_key(doc.enterprise, assess(doc), doc.answers)["cleaner_production.audit_mandatory"]
    assert (c.state, c.favourable) == ("missed", True)

    partial = {"cleaner_production": {"CP01": "no", "CP02": "no"}}
    doc = empty_doc(answers=partial)
    c = by_key(doc.enterprise, assess(doc), doc.answers)["cleaner_production.audit_mandatory"]
    assert c.state == "unknown"


def test_policy_major_hidden_danger_from_the_answers() -> None:
    answers = {"safety": {"SC01": "no", "SC02": "no", "SC03": "no", "SC04": "no"}}
    majors = ("S01", "S02", "S03", "S20A")
    ok = {**answers["safety"], **dict.fromkeys(majors, "yes")}
    doc = empty_doc(answers={"safety": ok})
    c = by_key(doc.enterprise, assess(doc), doc.answers)["safety.major_hidden_danger"]
    assert (c.state, c.urgent, c.favourable) == ("missed", True, True)

    doc = empty_doc(answers={"safety": {**ok, "S01": "no"}})
    c = by_key(doc.enterprise, assess(doc), doc.answers)["safety.major_hidden_danger"]
    assert (c.state, c.items, c.favourable) == ("met", ("S01",), False)
    # S03 is major only in metal smelting (safety 2026.2; tests/diagnosis/test_safety_relevance)
    doc = empty_doc(answers={"safety": {**ok, "S03": "no"}})
    c = by_key(doc.enterprise, assess(doc), doc.answers)["safety.major_hidden_danger"]
    assert c.state == "missed"

    doc = empty_doc(answers={"safety": {k: v for k, v in ok.items() if k != "S20A"}})
    c = by_key(doc.enterprise, assess(doc), doc.answers)["safety.major_hidden_danger"]
    assert c.state == "unknown"


def test_policy_item_conditions_unknown_when_the_area_is_not_in_the_visit() -> None:
    doc = empty_doc(visit=Visit("v", "2024-05-01", areas=("energy",)))
    found = by_key(doc.enterprise, assess(doc), doc.answers)
    assert found["cleaner_production.audit_mandatory"].state == "unknown"
    assert found["safety.major_hidden_danger"].state == "unknown"


def test_policy_without_answers_a_complete_area_stands_for_answered_items() -> None:
    doc = demo_document(next(enterprises(1)), seed=3)
    a = assess(doc)
    with_answers = by_key(doc.enterprise, a, doc.answers)
    without = by_key(doc.enterprise, a)
    for key in ("cleaner_production.audit_mandatory", "safety.major_hidden_danger"):
        assert with_answers[key].state == without[key].state
    assert by_key(Enterprise(), assess(empty_doc()))["safety.major_hidden_danger"].state == (
        "unknown"
    )


@pytest.mark.parametrize("seed", range(1, 9))
def test_policy_met_exactly_when_the_plan_flag_is_raised(seed: int) -> None:
    e = list(enterprises(seed + 3, seed=seed))[-1]
    doc = demo_document(e, seed=seed)
    a = assess(doc)
    met = {c.key for c in conditions(doc.enterprise, a, doc.answers) if c.state == "met"}
    assert met == {f.key for f in a.flags}


def test_cited_names_a_document_once_for_its_consecutive_sections() -> None:
    from diagnosis.report.context_measures import cited

    plan = "《宁波市工业企业技术改造三年行动计划（2022–2024 年）》"
    sources = [
        f"{plan}重点任务（七）：亩均 B 档以上",
        f"{plan}重点任务（七）：亩均 B 档以上",  # the same source twice: once
        f"{plan}重点任务（六）：亩均税收 3 万元以下",
        "GB/T 2589-2020《综合能耗计算通则》",
        f"{plan}重点任务（四）：用水 3 万吨以上",
    ]
    assert cited(sources) == [
        f"{plan}重点任务（七）：亩均 B 档以上",
        "重点任务（六）：亩均税收 3 万元以下",
        "GB/T 2589-2020《综合能耗计算通则》",
        f"{plan}重点任务（四）：用水 3 万吨以上",  # after another document: named again
    ]
