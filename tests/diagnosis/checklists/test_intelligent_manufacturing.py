"""The intelligent-manufacturing checklist 2026.1: it loads, carries the 25 screening questions of
REFERENCE §1.6 on the 20 GB/T 39116 sub-domains, and scores, levels, hides and proposes measures
as the worked numbers below say."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from diagnosis.assessment.scoring import relevant, score_area
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import Checklist
from diagnosis.checklists.load import load_checklist

AREA = "intelligent_manufacturing"
VERSION = "2026.1"
IM_IDS = [f"IM{n:02d}" for n in range(1, 26)]
SCORED_IDS = IM_IDS[:23]  # IM24 (recognition) and IM25 (formal assessment) are recorded only
SUBDOMAIN_IDS = IM_IDS[:21]
MEASURE = re.compile(r"^IM\.[A-Z]+\.\d{2}$")


@pytest.fixture(scope="module")
def im() -> Checklist:
    return load_checklist(AREA, VERSION)


def proposed(checklist: Checklist, answers: Mapping[str, object]) -> set[str]:
    """Measure codes the answers propose (triggers of the items shown)."""
    return {
        t.measure
        for item in relevant(checklist, answers)
        for t in item.triggers
        if holds(t.when, answers)
    }


def test_im_checklist_loads_as_latest_and_pinned() -> None:
    latest = load_checklist(AREA)  # raises ChecklistError if the file is refused
    assert latest.area == AREA
    pinned = load_checklist(AREA, VERSION)
    assert pinned.key == f"{AREA}@{VERSION}"
    assert len(pinned.items) == 30


def test_im_sections_follow_the_capability_elements(im: Checklist) -> None:
    assert [s.id for s in im.sections] == [
        "people",
        "technology",
        "resources",
        "design",
        "production",
        "logistics",
        "sales",
        "service",
        "cloud_5g",
        "recognition",
    ]
    assert [s.title.zh for s in im.sections][:8] == [
        "人员",
        "技术",
        "资源",
        "设计",
        "生产",
        "物流",
        "销售",
        "服务",
    ]
    used = {item.section for item in im.items}
    assert used == {s.id for s in im.sections}  # no empty section


def test_im_has_the_25_questions_anchored_0_to_5(im: Checklist) -> None:
    ids = [item.id for item in im.items if re.fullmatch(r"IM\d{2}", item.id)]
    assert ids == IM_IDS
    for item_id in IM_IDS:
        item = im.item(item_id)
        assert item.type == "single", item_id
        assert item.required, item_id
        assert item.confidence == "K", item_id
        assert [o.value for o in item.options] == ["0", "1", "2", "3", "4", "5"], item_id
        for o in item.options:
            assert o.score == int(o.value) == o.level, (item_id, o.value)
        assert item.weight == (1 if item_id in SCORED_IDS else 0), item_id
    for item_id in SUBDOMAIN_IDS:
        assert im.item(item_id).standard.startswith("GB/T 39116-2020 "), item_id


def test_im_covers_the_20_subdomains(im: Checklist) -> None:
    subdomains = [im.item(i).subdomain for i in SUBDOMAIN_IDS]
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", s) for s in subdomains), subdomains
    assert len(set(subdomains)) == 20
    assert im.item("IM12").subdomain == im.item("IM13").subdomain == "production_operations"
    assert im.item("IM01").subdomain == "organisational_strategy"
    # Only IM01-IM21 feed the maturity level.
    assert {item.id for item in im.items if item.subdomain} == set(SUBDOMAIN_IDS)


def test_im_every_text_is_bilingual(im: Checklist) -> None:
    texts = [im.title] + [s.title for s in im.sections]
    for item in im.items:
        texts.append(item.text)
        if item.help is not None:
            texts.append(item.help)
        texts.extend(o.text for o in item.options)
    for text in texts:
        assert text.zh.strip() and text.en.strip(), text
    assert sum(1 for item in im.items if item.help is not None) >= 10


def test_im_benchmark_percentages_follow_their_questions(im: Checklist) -> None:
    order = [item.id for item in im.items]
    assert order.index("IM_CNC_RATE") == order.index("IM06") + 1
    assert order.index("IM_NET_RATE") == order.index("IM07") + 1
    for item_id, benchmark in (("IM_CNC_RATE", "70"), ("IM_NET_RATE", "55")):
        item = im.item(item_id)
        assert item.type == "number"
        assert (item.unit, item.minimum, item.maximum) == ("%", 0.0, 100.0)
        assert item.weight == 0 and not item.required
        assert item.confidence == "V"
        assert item.help is not None
        assert benchmark in item.help.zh and benchmark in item.help.en


def test_im_levels_and_sources(im: Checklist) -> None:
    assert im.levels == ((0.8, 1), (1.8, 2), (2.8, 3), (3.8, 4), (4.8, 5))
    assert im.sources is not None
    urls = list(im.sources.values())
    assert all(u.startswith(("http://", "https://")) for u in urls)
    assert any("GBT39117-2020" in u for u in urls)
    assert any("koreaqb.com" in u for u in urls)  # the Ningbo CNC / networking benchmark


def test_im_all_fives_score_100_at_level_5(im: Checklist) -> None:
    result = score_area(im, dict.fromkeys(IM_IDS, "5"))
    assert result.score == pytest.approx(100.0)
    assert (result.mean_level, result.level) == (5.0, 5)


def test_im_all_zeros_score_0_at_no_level(im: Checklist) -> None:
    result = score_area(im, dict.fromkeys(IM_IDS, "0"))
    assert result.score == pytest.approx(0.0)
    assert (result.mean_level, result.level) == (0.0, 0)


def test_im_worked_example_mean_level_2_3_is_no_level_with_half_unanswered(im: Checklist) -> None:
    """Ten sub-domain items answered: IM01-IM03 at "3", IM04-IM10 at "2".
    mean anchored level = (3×3 + 7×2) / 10 = 23 / 10 = 2.3, which the old mapping of the mean
    called level 2; by GB/T 39117's rule the unanswered sub-domains (IM11-IM21) keep level 1
    from being reached (tests/diagnosis/test_maturity_rule.py).
    score = 100 × Σ(answer/5) / 10 = 100 × (23/5) / 10 = 46.0 (all weights 1)."""
    answers: dict[str, object] = dict.fromkeys(["IM01", "IM02", "IM03"], "3")
    answers.update(dict.fromkeys([f"IM{n:02d}" for n in range(4, 11)], "2"))
    result = score_area(im, answers)
    assert result.mean_level == pytest.approx(2.3)
    assert result.level == 0
    assert result.score == pytest.approx(46.0)
    assert result.gaps(1)[0].item == "IM04"  # 0.6 of 1 open, ties broken by id
    assert result.gaps(1)[0].gap == pytest.approx(100 * 0.6 / 10)

    # IM22 (cloud) is scored but has no sub-domain: the level stays, the score moves.
    # score = 100 × (23/5 + 5/5) / 11 = 100 × 5.6 / 11 = 50.909
    answers["IM22"] = "5"
    result = score_area(im, answers)
    assert result.mean_level == pytest.approx(2.3)
    assert result.score == pytest.approx(100 * 5.6 / 11)
    assert result.score == pytest.approx(50.909, abs=1e-3)

    # IM24 / IM25 are recorded, not scored: nothing moves.
    answers.update({"IM24": "5", "IM25": "5"})
    after = score_area(im, answers)
    assert (after.score, after.mean_level) == (result.score, result.mean_level)


@pytest.mark.parametrize("low", [0, 1, 2, 3, 4])
def test_im_level_is_the_lowest_subdomain_not_the_mean(im: Checklist, low: int) -> None:
    """Every sub-domain item at "5" but IM01 at ``low``: the mean stays above 4.7, the level
    is ``low`` (the one sub-domain short bounds it; IM01 is required from level 1)."""
    answers = {i.id: "5" for i in im.items if i.subdomain}
    answers["IM01"] = str(low)
    result = score_area(im, answers)
    assert result.mean_level is not None and result.mean_level > 4.7
    assert result.level == low


def test_im_erp_mes_integration_shows_only_with_both_systems(im: Checklist) -> None:
    """IM01-IM23 all at "3": 23 items at 3/5 → 100 × 23×0.6 / 23 = 60.
    ERP–MES shown and "yes": 100 × (13.8 + 1) / 24 = 61.667; "no": 100 × 13.8 / 24 = 57.5."""
    item = im.item("IM_ERP_MES")
    assert item.type == "yes_no" and item.weight == 1
    answers: dict[str, object] = dict.fromkeys(SCORED_IDS, "3")
    answers["IM_ERP_MES"] = "yes"  # a stale answer does not count while the item is hidden
    base = score_area(im, answers)
    assert item not in relevant(im, answers)
    assert base.score == pytest.approx(60.0)

    answers["IM_SYSTEMS"] = ["erp", "plm"]
    assert item not in relevant(im, answers)
    assert score_area(im, answers).score == pytest.approx(60.0)
    # IM01-IM25 and the systems list are required: 24 answered of 26.
    assert (score_area(im, answers).answered, score_area(im, answers).required) == (24, 26)

    answers["IM_SYSTEMS"] = ["erp", "mes", "plm"]
    assert item in relevant(im, answers)
    shown = score_area(im, answers)
    assert shown.score == pytest.approx(100 * (23 * 0.6 + 1) / 24)
    assert shown.score == pytest.approx(61.667, abs=1e-3)
    assert (shown.answered, shown.required) == (25, 27)

    answers["IM_ERP_MES"] = "no"
    assert score_area(im, answers).score == pytest.approx(57.5)
    assert "IM.INT.01" in proposed(im, answers)

    del answers["IM_ERP_MES"]  # shown but unanswered: back to 60, one required item open
    unanswered = score_area(im, answers)
    assert unanswered.score == pytest.approx(60.0)
    assert (unanswered.answered, unanswered.required) == (24, 27)


def test_im_systems_list_is_recorded_not_scored(im: Checklist) -> None:
    item = im.item("IM_SYSTEMS")
    assert item.type == "multiple" and item.weight == 0
    values = {o.value for o in item.options}
    assert {"erp", "mes", "plm", "wms", "scada", "aps", "crm", "srm", "qms", "ems"} <= values
    assert "oa_finance" in values
    answers = dict.fromkeys(SCORED_IDS, "3")
    with_list = {**answers, "IM_SYSTEMS": ["erp", "mes", "ems"]}
    # The list itself adds nothing; only the follow-up it reveals can.
    assert score_area(im, with_list).contributions == score_area(im, answers).contributions


def test_im_identifier_follow_up_needs_iiot_level_2(im: Checklist) -> None:
    item = im.item("IM_IIOT_ID")
    assert item.type == "yes_no"
    order = [i.id for i in im.items]
    assert order.index("IM_IIOT_ID") > order.index("IM23")
    assert item not in relevant(im, {})
    assert item not in relevant(im, {"IM23": "1"})
    for grade in ("2", "3", "4", "5"):
        assert item in relevant(im, {"IM23": grade})
    assert "IM.IIOT.02" in proposed(im, {"IM23": "2", "IM_IIOT_ID": "no"})
    assert "IM.IIOT.02" not in proposed(im, {"IM23": "1", "IM_IIOT_ID": "no"})


def test_im_triggers_use_catalogue_codes(im: Checklist) -> None:
    codes = {t.measure for item in im.items for t in item.triggers}
    assert all(MEASURE.match(c) for c in codes), sorted(codes)
    assert {
        "IM.PLAN.01",
        "IM.MES.01",
        "IM.NET.01",
        "IM.CLOUD.01",
        "IM.SEC.01",
        "IM.EMS.01",
        "IM.WMS.01",
        "IM.MAINT.01",
    } <= codes
    for item in im.items:
        for t in item.triggers:
            assert t.when.get("item") == item.id  # each trigger judges its own answer


def test_im_low_answers_propose_measures_and_top_answers_none(im: Checklist) -> None:
    assert "IM.MES.01" in proposed(im, {"IM12": "2"})
    assert "IM.MES.01" not in proposed(im, {"IM12": "3"})
    low = proposed(im, dict.fromkeys(IM_IDS, "0"))
    assert {"IM.PLAN.01", "IM.MES.01", "IM.SEC.01", "IM.EMS.01", "IM.CLOUD.01"} <= low
    assert proposed(im, dict.fromkeys(IM_IDS, "5")) == set()
    # The Ningbo benchmarks: CNC share below 70 %, networked share below 55 %.
    assert proposed(im, {"IM_CNC_RATE": 65.0, "IM_NET_RATE": 55.0}) == {"IM.AUTO.01"}
    assert proposed(im, {"IM_CNC_RATE": 70.0, "IM_NET_RATE": 40.0}) == {"IM.NET.01"}
