"""The checklist format: files are refused with JSON paths; relevance and scoring by the rules
of docs/checklists.md, on a small checklist whose arithmetic is written out."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnosis.assessment.scoring import item_fraction, score_area
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import ChecklistError
from diagnosis.checklists.load import available_versions
from diagnosis.checklists.parse import parse_checklist


def t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def opts(*scores: float | None) -> list[dict[str, Any]]:
    return [
        {"value": str(i), "text": t(f"档{i}", f"grade {i}"), "score": s, "level": i}
        for i, s in enumerate(scores)
    ]


SAMPLE: dict[str, Any] = {
    "format": "enterprise-diagnosis-checklist/1",
    "area": "energy",
    "version": "2026.1",
    "title": t("节能", "Energy"),
    "sections": [{"id": "s", "title": t("一", "One")}],
    "levels": [{"from": 0.8, "level": 1}, {"from": 1.8, "level": 2}, {"from": 2.8, "level": 3}],
    "items": [
        {
            "id": "A",
            "type": "single",
            "section": "s",
            "text": t("甲", "A"),
            "weight": 2,
            "required": True,
            "options": opts(0, 1, 2, 3),
            "subdomain": "x",
        },
        {
            "id": "B",
            "type": "yes_no",
            "section": "s",
            "text": t("乙", "B"),
            "weight": 1,
            "required": True,
        },
        {
            "id": "C",
            "type": "number",
            "section": "s",
            "text": t("丙", "C"),
            "unit": "%",
            "min": 0,
            "max": 100,
            "weight": 1,
            "score_bands": [
                {"upto": 50, "score": 0.25},
                {"upto": 80, "score": 0.5},
                {"upto": 100, "score": 1.0},
            ],
        },
        {
            "id": "D",
            "type": "multiple",
            "section": "s",
            "text": t("丁", "D"),
            "weight": 1,
            "options": opts(1, 1, 2),
            "relevant": {"item": "B", "equals": "yes"},
        },
        {
            "id": "E",
            "type": "table",
            "section": "s",
            "text": t("戊", "E"),
            "rows": [{"id": "electricity", "text": t("电", "Electricity"), "unit": "kWh"}],
            "columns": [
                {"id": "quantity", "text": t("量", "Quantity"), "kind": "number", "min": 0}
            ],
        },
        {
            "id": "F",
            "type": "yes_no",
            "section": "s",
            "text": t("己", "F"),
            "weight": 1,
            "relevant": {"item": "E", "row": "electricity", "gt": 1000},
            "triggers": [{"when": {"item": "F", "equals": "no"}, "measure": "EN.VFD.01"}],
        },
    ],
}


def parsed(**changes: Any) -> Any:
    raw = copy.deepcopy(SAMPLE)
    raw.update(changes)
    return parse_checklist(raw)


def test_checklist_sample_parses_into_records() -> None:
    c = parsed()
    assert c.key == "energy@2026.1"
    assert [i.id for i in c.items] == ["A", "B", "C", "D", "E", "F"]
    b = c.item("B")
    assert [(o.value, o.score) for o in b.options] == [("yes", 1.0), ("no", 0.0), ("na", None)]
    assert c.item("E").rows[0].unit == "kWh"
    assert c.item("F").triggers[0].measure == "EN.VFD.01"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda r: r.update(format="other/1"), "$.format"),
        (lambda r: r.update(area="marketing"), "$.area"),
        (
            lambda r: r["items"][0]["options"][2].update(score="high"),
            "$.items[0].options[2].score: must be a number",
        ),
        (lambda r: r["items"][1].update(type="slider"), "$.items[1].type"),
        (
            lambda r: r["items"][2].update(score_bands=None),
            "$.items[2].score_bands: a scored number needs score bands",
        ),
        (
            lambda r: r["items"][3].update(relevant={"item": "F", "equals": "x"}),
            "$.items[3].relevant.item: 'F' is not an earlier item",
        ),
        (
            lambda r: r["items"][3].update(relevant={"item": "B", "like": "y%"}),
            "$.items[3].relevant: needs exactly one of",
        ),
        (lambda r: r["items"][4].update(weight=2), "$.items[4].weight: a table item is recorded"),
        (lambda r: r["items"][4].update(rows=[]), "$.items[4].rows: a table needs its fixed rows"),
        (lambda r: r["items"][0]["text"].update(en=""), "$.items[0].text: needs non-empty"),
        (lambda r: r["items"][5].update(id="A"), "$.items[5].id: 'A' is used twice"),
        (lambda r: r["items"][0].update(section="nowhere"), "$.items[0].section"),
    ],
)
def test_checklist_bad_file_refused_with_json_path(mutate: Any, expected: str) -> None:
    raw = copy.deepcopy(SAMPLE)
    mutate(raw)
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(raw, "energy/2026.1.json")
    assert any(expected in p for p in caught.value.problems), caught.value.problems
    assert str(caught.value).startswith("energy/2026.1.json: ")


def test_checklist_every_problem_is_listed_at_once() -> None:
    raw = copy.deepcopy(SAMPLE)
    raw["items"][0]["weight"] = -1
    raw["items"][1]["confidence"] = "X"
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(raw)
    assert len(caught.value.problems) == 2


def test_checklist_versions_sort_as_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "energy"
    folder.mkdir()
    for version in ("2026.1", "2026.10", "2026.2"):
        (folder / f"{version}.json").write_text(json.dumps({}))
    assert available_versions("energy", tmp_path) == ["2026.1", "2026.2", "2026.10"]


def test_conditions_compare_answers_and_table_cells() -> None:
    answers = {"B": "yes", "C": 65.0, "D": ["0", "2"], "E": {"electricity": {"quantity": 5000}}}
    assert holds({"item": "B", "equals": "yes"}, answers)
    assert holds({"item": "C", "gt": 60}, answers)
    assert not holds({"item": "C", "le": 60}, answers)
    assert holds({"item": "D", "contains": "2"}, answers)
    assert holds({"item": "E", "row": "electricity", "ge": 5000}, answers)
    assert holds({"all": [{"item": "B", "in": ["yes"]}, {"not": {"item": "C", "lt": 10}}]}, answers)
    assert holds({"any": [{"item": "Z", "equals": 1}, {"item": "Z", "answered": False}]}, answers)
    assert not holds({"item": "Z", "equals": None}, answers)  # unanswered never compares


def test_scoring_weighted_example_with_gaps_and_level() -> None:
    """A=2 (of 3, weight 2), B=yes (weight 1), C=65 % (band 0.5, weight 1), D={0,2} (scores
    1+2 of 1+1+2, weight 1), F hidden (electricity 500 ≤ 1000).
    fractions: A 2/3, B 1, C 0.5, D 3/4; weights 2,1,1,1 → Σw = 5
    score = 100 × (2×2/3 + 1 + 0.5 + 0.75) / 5 = 100 × 3.5833/5 = 71.667"""
    c = parsed()
    answers = {
        "A": "2",
        "B": "yes",
        "C": 65.0,
        "D": ["0", "2"],
        "E": {"electricity": {"quantity": 500}},
    }
    result = score_area(c, answers)
    assert result.score == pytest.approx(100 * (2 * 2 / 3 + 1 + 0.5 + 0.75) / 5)
    assert result.score == pytest.approx(71.667, abs=1e-3)
    assert (result.answered, result.required) == (2, 2)
    assert [g.item for g in result.gaps()] == ["A", "C", "D"]
    assert result.gaps()[0].gap == pytest.approx(100 * 2 * (1 / 3) / 5)
    # One sub-domain answered: GB/T 39117's rule needs every sub-domain of a level, so no level
    # is reached whatever the mean (diagnosis/assessment/maturity.py).
    assert (result.mean_level, result.level) == (2.0, 0)


def test_scoring_relevance_changes_what_counts() -> None:
    """Electricity above 1 000 kWh shows F; answering it "no" adds weight 1 with fraction 0:
    A=3 (w2, 1.0) + F=no (w1, 0) → 100 × 2/3 = 66.667."""
    c = parsed()
    answers: dict[str, object] = {"A": "3", "E": {"electricity": {"quantity": 500}}, "F": "no"}
    assert score_area(c, answers).score == pytest.approx(100.0)  # F hidden: does not count
    answers["E"] = {"electricity": {"quantity": 5000}}
    assert score_area(c, answers).score == pytest.approx(100 * 2 / 3)


def test_scoring_not_applicable_and_unanswered_do_not_count() -> None:
    c = parsed()
    assert score_area(c, {}).score is None
    assert score_area(c, {"B": "na"}).score is None
    assert item_fraction(c.item("A"), "9") is None  # not an option
    assert item_fraction(c.item("C"), 120.0) == 1.0  # beyond the bands: the last one


@settings(max_examples=80, deadline=None, database=None)
@given(
    a=st.sampled_from(["0", "1", "2", "3", None]),
    b=st.sampled_from(["yes", "no", "na", None]),
    c=st.one_of(st.none(), st.floats(min_value=0, max_value=100)),
)
def test_scoring_is_a_share_of_100_and_points_add_up(
    a: str | None, b: str | None, c: float | None
) -> None:
    answers = {k: v for k, v in {"A": a, "B": b, "C": c}.items() if v is not None}
    result = score_area(parsed(), answers)
    if result.score is None:
        assert not result.contributions
        return
    assert 0 <= result.score <= 100
    total = sum(x.points + x.gap for x in result.contributions)
    assert total == pytest.approx(100.0)


def test_scoring_answer_on_a_hidden_item_never_shows_a_later_one() -> None:
    """G depends on D, which depends on B. With B "no", D is hidden: its stale answer must not
    make G show."""
    raw = copy.deepcopy(SAMPLE)
    raw["items"].append(
        {
            "id": "G",
            "type": "yes_no",
            "section": "s",
            "text": t("庚", "G"),
            "weight": 1,
            "relevant": {"item": "D", "contains": "2"},
        }
    )
    c = parse_checklist(raw)
    from diagnosis.assessment.scoring import relevant

    shown = {i.id for i in relevant(c, {"B": "no", "D": ["2"], "G": "no"})}
    assert "D" not in shown and "G" not in shown
    shown = {i.id for i in relevant(c, {"B": "yes", "D": ["2"], "G": "no"})}
    assert {"D", "G"} <= shown
