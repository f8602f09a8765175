"""The intelligent-manufacturing level by GB/T 39117's rule: a level is reached only when every
sub-domain it and the levels below require meets the threshold, never from the mean of anchors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnosis.assessment.maturity import TABLE_PATH, assess_maturity, maturity_rules
from diagnosis.assessment.scoring import relevant, score_area
from diagnosis.checklists.format import Checklist
from diagnosis.checklists.load import load_checklist


@pytest.fixture(scope="module")
def im() -> Checklist:
    return load_checklist("intelligent_manufacturing")


def subdomain_items(im: Checklist) -> list[str]:
    return [i.id for i in im.items if i.subdomain]


def test_maturity_four_subdomains_at_0_and_a_high_mean_is_not_level_2(im: Checklist) -> None:
    """Organisational strategy, personnel skills, equipment and network at 0, the rest at 3: the
    mean anchored level (2.4) mapped to level 2 before; level 1 itself needs all four."""
    answers: dict[str, object] = dict.fromkeys(subdomain_items(im), "3")
    answers.update(dict.fromkeys(["IM01", "IM02", "IM06", "IM07"], "0"))
    result = score_area(im, answers)
    assert result.mean_level is not None and result.mean_level >= 1.8  # the old level 2
    assert result.level == 0
    assert result.maturity is not None and result.maturity.next_level == 1
    short = {(s.subdomain, s.current, s.needed) for s in result.maturity.missing}
    assert short == {
        ("organisational_strategy", 0, 1),
        ("personnel_skills", 0, 1),
        ("equipment", 0, 1),
        ("network", 0, 1),
    }


def test_maturity_all_required_at_2_is_level_2_and_names_what_level_3_needs(
    im: Checklist,
) -> None:
    answers: dict[str, object] = dict.fromkeys(subdomain_items(im), "2")
    answers.update({"IM03": "3", "IM04": "4"})  # data and integration already above
    result = score_area(im, answers)
    assert result.level == 2
    m = result.maturity
    assert m is not None and m.next_level == 3
    missing = {s.subdomain for s in m.missing}
    assert "data" not in missing and "integration" not in missing
    assert len(missing) == 18 and all((s.current, s.needed) == (2, 3) for s in m.missing)


def test_maturity_one_subdomain_short_keeps_the_level_below(im: Checklist) -> None:
    answers: dict[str, object] = dict.fromkeys(subdomain_items(im), "4")
    answers["IM17"] = "1"  # energy management
    result = score_area(im, answers)
    assert result.level == 1
    assert result.maturity is not None
    assert [(s.subdomain, s.current, s.needed) for s in result.maturity.missing] == [
        ("energy_management", 1, 2)
    ]


def test_maturity_level_1_does_not_ask_for_data_integration_or_security(im: Checklist) -> None:
    answers: dict[str, object] = dict.fromkeys(subdomain_items(im), "1")
    answers.update({"IM03": "0", "IM04": "0", "IM05": "0"})
    result = score_area(im, answers)
    assert result.level == 1
    assert result.maturity is not None
    missing = {s.subdomain: (s.current, s.needed) for s in result.maturity.missing}
    assert len(missing) == 20  # level 2 asks for every sub-domain
    assert missing["data"] == (0, 2) and missing["sales"] == (1, 2)


def test_maturity_two_items_of_one_subdomain_both_count(im: Checklist) -> None:
    """Production operations has IM12 and IM13: with one at 1 the sub-domain scores 0.5 at
    level 2, below the 0.8 threshold."""
    answers: dict[str, object] = dict.fromkeys(subdomain_items(im), "2")
    answers["IM13"] = "1"
    result = score_area(im, answers)
    assert result.level == 1
    assert result.maturity is not None
    profile = {p.subdomain: p.level for p in result.maturity.profile}
    assert profile["production_operations"] == 1
    assert [s.subdomain for s in result.maturity.missing] == ["production_operations"]


def test_maturity_unanswered_subdomain_is_not_met(im: Checklist) -> None:
    answers: dict[str, object] = dict.fromkeys(subdomain_items(im), "3")
    del answers["IM19"]  # sales
    result = score_area(im, answers)
    assert result.level == 0
    assert result.maturity is not None
    assert [(s.subdomain, s.current) for s in result.maturity.missing] == [("sales", None)]
    assert score_area(im, {}).maturity is None and score_area(im, {}).level is None


def test_maturity_all_fives_is_level_5_with_nothing_next(im: Checklist) -> None:
    result = score_area(im, dict.fromkeys(subdomain_items(im), "5"))
    assert result.level == 5
    assert result.maturity is not None
    assert (result.maturity.next_level, result.maturity.missing) == (None, ())


def test_maturity_table_covers_the_checklists_20_subdomains(im: Checklist) -> None:
    rules = maturity_rules()
    assert len(rules.names) == 20
    assert set(rules.names) == {i.subdomain for i in im.items if i.subdomain}
    assert [r.level for r in rules.levels] == [1, 2, 3, 4, 5]
    assert all(set(r.requires) <= set(rules.names) for r in rules.levels)


def test_maturity_unverified_table_makes_the_level_indicative(
    im: Checklist, tmp_path: Path
) -> None:
    raw = json.loads(TABLE_PATH.read_text("utf-8"))
    assert raw["verified"] is False and raw["confidence"] == "K"
    assert all(e["verified"] is False and e["threshold"] == 0.8 for e in raw["levels"])
    answers: dict[str, object] = dict.fromkeys(subdomain_items(im), "2")
    shown = relevant(im, answers)
    found = assess_maturity(shown, answers)
    assert found is not None and found.indicative
    raw["verified"] = True
    for entry in raw["levels"]:
        entry["verified"] = True
    checked = tmp_path / "maturity_levels.json"
    checked.write_text(json.dumps(raw), "utf-8")
    confirmed = assess_maturity(shown, answers, maturity_rules(checked))
    assert confirmed is not None and not confirmed.indicative and confirmed.level == 2
