"""The project list's rules (diagnosis.measures.projects, diagnosis.measures.project_categories):
which accepted
measures are projects, the category derived from the catalogue or chosen by the team, the
support each may apply for against the plan's conditions, and the new Decision fields read,
checked and written back losslessly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.decisions import decision_from_dict, decision_to_dict
from diagnosis.measures.project_categories import (
    ProjectTableError,
    _load,
    category_keys,
    parse_month,
    project_table,
)
from diagnosis.measures.projects import is_project, projects
from diagnosis.measures.proposals import Decision, MeasureView, merge
from diagnosis.reference_versions import REFERENCE, TABLES


def views(*decisions: Decision) -> list[MeasureView]:
    return merge([], list(decisions), year=2024)


def test_projects_rule_counts_accepted_investments_and_project_kinds() -> None:
    vs = views(
        Decision("EN.VFD.01", "accepted"),  # kinds TT + energy: a project without figures yet
        Decision("IM.PLAN.01", "accepted"),  # writing a plan: no kind, no investment
        Decision(None, "accepted", custom=True, title="x", investment_10k_yuan=0),
        Decision("EN.LIGHT.01", "rejected", investment_10k_yuan=5),
        Decision("IM.MES.01", "planned", investment_10k_yuan=0),  # zero cost: not a project
        Decision(None, "accepted", custom=True, title="屋顶隔热", investment_10k_yuan=20),
        Decision("SA.CERT.01", "accepted", project_category="safety"),  # the team says so
    )
    got = [(v.code or v.title(), is_project(v)) for v in vs]
    assert got == [
        ("EN.VFD.01", True),
        ("IM.PLAN.01", False),
        ("x", False),
        ("EN.LIGHT.01", False),
        ("IM.MES.01", False),
        ("屋顶隔热", True),
        ("SA.CERT.01", True),
    ]


def test_projects_category_from_code_then_area_then_kinds_and_team_override() -> None:
    found = projects(
        views(
            Decision("EN.MOTOR.01", "accepted"),  # a code rule: equipment renewal
            Decision("EN.VFD.01", "accepted"),  # the area rule: energy
            Decision("IM.MES.01", "accepted"),
            Decision("WA.LEAK.01", "accepted"),
            Decision("SA.ENV.02", "accepted"),  # pollution control: cleaner production
            Decision("EN.AIR.01", "accepted", project_category="equipment"),
            Decision(
                None, "accepted", custom=True, title="MES 二期", counts_as=("digital_intelligent",)
            ),
            Decision(None, "accepted", custom=True, title="新厂房", investment_10k_yuan=300),
        )
    )
    assert [(p.code or p.title("zh"), p.category, p.derived) for p in found] == [
        ("EN.MOTOR.01", "equipment", "equipment"),
        ("EN.VFD.01", "energy", "energy"),
        ("IM.MES.01", "digital", "digital"),
        ("WA.LEAK.01", "water", "water"),
        ("SA.ENV.02", "cleaner", "cleaner"),
        ("EN.AIR.01", "equipment", "energy"),  # overridden by the team
        ("MES 二期", "digital", "digital"),
        ("新厂房", "other", None),
    ]


@pytest.mark.parametrize(
    ("states", "city"),
    [
        ({"subsidy.eligible": "met"}, ("city_subsidy", "met")),
        ({}, ("city_subsidy", "unknown")),  # not known: offered with its prerequisite to check
        ({"subsidy.eligible": "missed"}, None),  # prerequisites missed: not offered
    ],
)
def test_projects_support_follows_the_subsidy_condition(
    states: dict[str, str], city: tuple[str, str] | None
) -> None:
    (p,) = projects(views(Decision("IM.MES.01", "accepted")), states)  # type: ignore[arg-type]
    lines = [(s.support.key, s.state) for s in p.support]
    assert (lines[0] == city) if city else all(k != "city_subsidy" for k, _ in lines)
    assert ("digital_recognition", "met") in lines  # the digital category's own line
    assert ("district_equipment", "met") in lines


def test_projects_water_priority_only_when_intake_is_not_below_the_threshold() -> None:
    def keys(states: dict[str, str]) -> list[str]:
        (p,) = projects(views(Decision("WA.LEAK.01", "accepted")), states)  # type: ignore[arg-type]
        return [s.support.key for s in p.support]

    assert "water_retrofit" in keys({"water.retrofit_required": "met"})
    assert "water_retrofit" not in keys({"water.retrofit_required": "missed"})


def test_projects_figures_are_the_views_in_force() -> None:
    # 100,000 kWh x 0.1229 kgce/kWh (当量值) = 12,290 kgce = 12.29 tce
    (p,) = projects(
        views(
            Decision(
                "EN.VFD.01",
                "accepted",
                investment_10k_yuan=12.5,
                energy_saved=(EnergyUse("electricity", 100_000, "kWh"),),
                money_saved_yuan=80_000,
                start_month="2026-04",
                duration_months=3,
            )
        )
    )
    assert p.investment_10k_yuan == 12.5 and p.money_saved_yuan == 80_000
    assert p.tce == pytest.approx(12.29)
    assert (p.start_month, p.start_year, p.duration_months) == ("2026-04", 2026, 3)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("start_month", "2025-13", "start_month '2025-13': the month must be 01 to 12"),
        ("start_month", "2025/04", "start_month '2025/04' is not a month written YYYY-MM"),
        ("start_month", "1999-01", "the year must be 2000 to 2100"),
        ("duration_months", 0, "duration_months 0 months: use 1 to 120"),
        ("duration_months", 6.5, "duration_months 6.5 is not a whole number of months"),
        ("duration_months", True, "is not a whole number of months"),
        ("project_category", "roads", "project_category 'roads' is not one of"),
    ],
)
def test_projects_bad_fields_are_refused_naming_the_field(
    field: str, value: object, words: str
) -> None:
    raw = {"code": "EN.VFD.01", "status": "accepted", field: value}
    decision, problems = decision_from_dict(raw, "$.measures[2]")
    assert decision is None
    assert len(problems) == 1 and problems[0].startswith("$.measures[2]: EN.VFD.01: ")
    assert words in problems[0]


def test_projects_fields_round_trip_through_the_document_json() -> None:
    raw = {
        "code": "EN.VFD.01",
        "status": "planned",
        "project_category": "equipment",
        "start_month": "2026-11",
        "duration_months": 14,
    }
    decision, problems = decision_from_dict(json.loads(json.dumps(raw)))
    assert problems == [] and decision is not None
    assert decision_to_dict(decision) == raw
    # an older decision without them reads as before and writes nothing new
    old, _ = decision_from_dict({"code": "EN.VFD.01", "status": "accepted"})
    assert old is not None and decision_to_dict(old) == {"code": "EN.VFD.01", "status": "accepted"}


def test_projects_month_parser() -> None:
    assert parse_month(" 2026-01 ") == (2026, 1)
    with pytest.raises(ValueError, match="01 to 12"):
        parse_month("2026-00")


def test_projects_table_is_pinned_sourced_and_complete() -> None:
    assert "project_categories" in TABLES  # a finalised visit keeps the table it was made with
    t = project_table()
    assert set(category_keys()) >= {"digital", "energy", "equipment", "safety", "water", "cleaner"}
    for s in t.support.values():
        assert s.source.startswith("《宁波市工业企业技术改造三年行动计划")
        assert s.confidence in ("V", "K")
    # the one support whose district schemes nobody has verified says so
    assert t.support["district_equipment"].confidence == "K"
    raw = json.loads((REFERENCE / "project_categories.json").read_text("utf-8"))
    for c in raw["categories"]:
        assert c["label"]["zh"] and c["label"]["en"]


def test_projects_table_refuses_an_unknown_category(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = json.loads((REFERENCE / "project_categories.json").read_text("utf-8"))
    raw["rules"].append({"area": "IM", "category": "roads"})
    path = tmp_path / "t.json"
    path.write_text(json.dumps(raw), "utf-8")
    monkeypatch.setattr("diagnosis.measures.project_categories.table_path", lambda _n, _v: path)
    _load.cache_clear()
    try:
        with pytest.raises(ProjectTableError, match="roads"):
            _load(None)
    finally:
        _load.cache_clear()
