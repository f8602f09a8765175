"""Which failed safety items are major hidden dangers for which enterprise (safety 2026.2):
S03 (managers not assessed) only in metal smelting (MEM Order 10 art. 3(3): GB/T 4754
divisions 31-32, foundries, or SC06); checks read so that "yes" is always the compliant state;
2026.1 visits keep their grading."""

from __future__ import annotations

import re
from typing import Any

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.assessment.hazards import MAJOR_FLAG, grade, hazard_list, major_hidden_dangers
from diagnosis.assessment.policy import conditions
from diagnosis.checklists.format import ChecklistError
from diagnosis.checklists.load import load_checklist
from diagnosis.checklists.parse import parse_checklist
from diagnosis.register.enterprise import Enterprise
from diagnosis.visits.document import Document, Visit

SCREENING = {"SC01": "yes", "SC02": "yes", "SC03": "yes", "SC04": "yes", "SC05": "yes"}


def compliant(version: str = "2026.2", **changes: Any) -> dict[str, Any]:
    """Every check answered compliant ("yes"), every screening question "yes" but SC06."""
    checklist = load_checklist("safety", version)
    answers: dict[str, Any] = {**SCREENING, "EP01": "key", "MH02": "no"}
    answers["MH01"] = {"flammable_gas": {"quantity": 2, "threshold": 50}}
    for item in checklist.items:
        if item.type == "yes_no" and item.id not in answers and item.id != "SC06":
            answers[item.id] = "yes"
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def doc(industry: str | None, answers: dict[str, Any], version: str = "2026.2") -> Document:
    return Document(
        Enterprise(name="测试企业", industry=industry),
        Visit("v-safety", "2024-05-01", areas=("safety",), checklists={"safety": version}),
        {"safety": answers},
    )


def flagged(d: Document) -> tuple[str, ...]:
    flag = next((f for f in assess(d).flags if f.key == MAJOR_FLAG), None)
    return () if flag is None else flag.items


@pytest.mark.parametrize("sc06", [None, "no"])
@pytest.mark.parametrize("industry", ["3484", "34", "3360", None])
def test_s03_failed_is_not_major_outside_metal_smelting(
    sc06: str | None, industry: str | None
) -> None:
    d = doc(industry, compliant(S03="no", SC06=sc06))
    assert "S03" not in flagged(d)
    assert flagged(d) == ()  # nothing else failed: no major hidden danger at all
    c = next(c for c in conditions(d.enterprise, assess(d), d.answers) if c.key == MAJOR_FLAG)
    assert c.state == "missed"
    rows = hazard_list(load_checklist("safety"), d.answers["safety"], d.enterprise)
    assert [(h.item, h.grade, h.deadline_days) for h in rows] == [("S03", "general", 30)]


@pytest.mark.parametrize("industry", ["3120", "31", "3211", "32", "3391", "3392"])
@pytest.mark.parametrize("sc06", [None, "no"])
def test_s03_failed_is_major_in_metal_smelting_by_industry(industry: str, sc06: str | None) -> None:
    d = doc(industry, compliant(S03="no", SC06=sc06))
    assert flagged(d) == ("S03",)
    rows = hazard_list(load_checklist("safety"), d.answers["safety"], d.enterprise)
    assert [(h.item, h.grade, h.deadline_days) for h in rows] == [("S03", "major", 0)]


def test_s03_failed_is_major_where_the_team_records_smelting() -> None:
    assert flagged(doc("3484", compliant(S03="no", SC06="yes"))) == ("S03",)


def test_s03_passed_or_unanswered_is_no_hidden_danger_even_in_smelting() -> None:
    assert flagged(doc("3120", compliant(S03="yes"))) == ()
    d = doc("3120", compliant(S03=None))
    assert flagged(d) == ()
    # Unanswered is not "missed": the major items are not all answered yet.
    c = next(c for c in conditions(d.enterprise, assess(d), d.answers) if c.key == MAJOR_FLAG)
    assert c.state == "unknown"


def test_the_order_10_general_items_stay_major_for_every_enterprise() -> None:
    for item in ("S01", "S02"):
        assert flagged(doc("3484", compliant(**{item: "no"}))) == (item,)


def test_special_items_are_major_only_where_screening_shows_them() -> None:
    assert flagged(doc("3484", compliant(S04="no"))) == ("S04",)
    assert flagged(doc("3484", compliant(S04="no", SC01="no"))) == ()  # no combustible dust
    assert flagged(doc("3484", compliant(S07="no", SC02="no"))) == ()  # no ammonia
    assert flagged(doc("3484", compliant(S09="no", SC03="no"))) == ()  # no confined space


def test_hazardous_chemical_papers_are_general_and_their_major_criteria_asked_apart() -> None:
    checklist = load_checklist("safety")
    assert checklist.item("S10").severity == "serious"
    assert flagged(doc("2614", compliant(S10="no"))) == ()
    assert flagged(doc("2614", compliant(S10A="no"))) == ("S10A",)
    assert checklist.item("S10A").relevant == checklist.item("S10").relevant


def test_checks_read_yes_for_the_compliant_state() -> None:
    checklist = load_checklist("safety")
    for item in checklist.items:
        if item.severity is None:
            continue  # screening and record items ask a fact
        assert not re.search(r"是否(未|不|无)", item.text.zh), (item.id, item.text.zh)
        yes = item.option("yes")
        assert yes is not None and yes.score == 1.0, item.id


def test_2026_1_is_kept_for_the_visits_made_on_it() -> None:
    old = load_checklist("safety", "2026.1")
    assert old.item("S03").severity == "major" and old.item("S03").major_if is None
    assert load_checklist("safety").version == "2026.2"
    # A 2026.1 visit keeps the old grading: the data of its version decide.
    assert flagged(doc("3484", compliant("2026.1", S03="no"), "2026.1")) == ("S03",)


def test_grade_of_an_item_without_major_if_is_its_severity() -> None:
    checklist = load_checklist("safety")
    assert grade(checklist.item("S17"), {}, {"division": "31"}) == "serious"
    assert grade(checklist.item("S03"), {}, {}) == "serious"
    assert grade(checklist.item("S03"), {}, {"division": "32"}) == "major"
    assert major_hidden_dangers(checklist, compliant(S03="no"), None) == ()


def _minimal(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "enterprise-diagnosis-checklist/1",
        "area": "safety",
        "version": "9.9",
        "title": {"zh": "安全", "en": "Safety"},
        "sections": [{"id": "s", "title": {"zh": "节", "en": "Section"}}],
        "items": [
            {"id": "A", "type": "yes_no", "section": "s", "text": {"zh": "甲", "en": "A"}},
            {"id": "B", "type": "yes_no", "section": "s", "text": {"zh": "乙", "en": "B"}, **item},
        ],
    }


def test_enterprise_conditions_only_decide_a_grade_never_relevance() -> None:
    cond = {"enterprise": "division", "in": ["31"]}
    ok = _minimal({"severity": "serious", "legal_basis": "x", "major_if": cond})
    assert parse_checklist(ok).item("B").major_if == cond
    with pytest.raises(ChecklistError, match=r"relevant\.enterprise"):
        parse_checklist(_minimal({"relevant": cond}))
    with pytest.raises(ChecklistError, match="major_if"):
        parse_checklist(_minimal({"severity": "major", "legal_basis": "x", "major_if": cond}))
    with pytest.raises(ChecklistError, match="enterprise: must be one of"):
        parse_checklist(
            _minimal(
                {
                    "severity": "serious",
                    "legal_basis": "x",
                    "major_if": {"enterprise": "district", "equals": "x"},
                }
            )
        )


def test_measure_severity_and_suggested_finding_grade_s03_for_the_enterprise() -> None:
    # The measure S03 triggers, and the severity a finding made from S03 starts with, follow
    # the enterprise's grade as the hazard list does: major in metal smelting, serious elsewhere.
    from diagnosis.measures.proposals import propose
    from diagnosis.visits.findings import suggested_severity

    answers = compliant(S03="no")
    smelting, machinery = doc("3120", answers), doc("3484", answers)
    item = load_checklist("safety").item("S03")
    assert suggested_severity(item, smelting, "safety") == "major"
    assert suggested_severity(item, machinery, "safety") == "serious"

    def severity(d: Document) -> str | None:
        return next(p.severity for p in propose(d) if p.code == "SA.STD.01")

    assert severity(smelting) == "major"
    assert severity(machinery) == "serious"
