"""The plan's cleaner-production flag and intelligent-manufacturing level, read as printed: the
audit's reason is a sentence of its own aware of the recorded stage, over-quota energy use
triggers it, the order's deadlines are given; the level follows GB/T 39117's rule with the 20
sub-domain profile and what the next level needs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import Lang
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, with_answers

FLAG = "cleaner_production.audit_mandatory"
NO_CASE = {"CP01": "no", "CP02": "no", "CP03": "no"}
IM_ITEMS = [f"IM{n:02d}" for n in range(1, 22)]


@pytest.fixture(scope="module")
def base() -> Document:
    doc = demo_document(next(iter(enterprises(1))), seed=3)
    return with_answers(doc, {"cleaner_production": NO_CASE, "energy": {"E29": "within"}})


def plan(doc: Document, lang: Lang) -> tuple[dict[str, Any], str]:
    context = plan_context(doc, assess(doc), lang, generated=date(2024, 3, 28))
    root = ET.fromstring(render_markup(context, lang).split("?>", 1)[1])
    return context, re.sub(r"\s+", " ", "".join(root.itertext()))


def audit_reason(doc: Document, lang: Lang) -> str:
    context, _ = plan(doc, lang)
    found = [f["reason"] for f in context["summary"]["flags"] if f["key"] == FLAG]
    assert len(found) <= 1
    return found[0] if found else ""


def test_plan_cp_no_case_recorded_raises_no_audit_flag(base: Document) -> None:
    assert audit_reason(base, "zh") == audit_reason(base, "en") == ""


def test_plan_cp_energy_over_quota_triggers_the_audit(base: Document) -> None:
    doc = with_answers(base, {"energy": {"E29": "above"}})
    zh, en = audit_reason(doc, "zh"), audit_reason(doc, "en")
    assert "能源消耗限额" in zh and "E29" in zh
    assert "energy-consumption limit" in en and "E29" in en
    _, text = plan(doc, "zh")
    assert "强制性清洁生产审核：诊断记录显示" in text  # the policy chapter gives the same reason


@pytest.mark.parametrize("item", ["CP01", "CP02", "CP03"])
def test_plan_cp_reason_is_a_sentence_not_the_question(base: Document, item: str) -> None:
    doc = with_answers(base, {"cleaner_production": {item: "yes"}})
    zh, en = audit_reason(doc, "zh"), audit_reason(doc, "en")
    for text in (zh, en):
        assert "？" not in text and "?" not in text and '")' not in text
        assert item in text
    assert zh.endswith("。") and en.endswith(".")
    assert zh.startswith("诊断记录显示：") and en.startswith("The diagnosis records that ")


def test_plan_cp_unknown_listing_says_may_be_listed_with_the_deadlines(base: Document) -> None:
    doc = with_answers(base, {"cleaner_production": {"CP01": "yes", "CP04": "never"}})
    zh, en = audit_reason(doc, "zh"), audit_reason(doc, "en")
    assert "可能被列入强制性清洁生产审核名单，请向生态环境部门确认" in zh
    assert "须" not in zh
    assert "1 个月内公布企业相关信息" in zh and "2 个月内启动审核" in zh
    assert "1 年内完成本轮审核并报送审核报告" in zh
    assert "may be on the list of firms required to audit" in en
    assert "confirm with the ecology and environment bureau" in en
    assert "within 2 months it starts the audit" in en and "within 1 year" in en


def test_plan_cp_audit_in_progress_says_so(base: Document) -> None:
    doc = with_answers(base, {"cleaner_production": {"CP01": "yes", "CP04": "stage_3"}})
    zh, en = audit_reason(doc, "zh"), audit_reason(doc, "en")
    assert "清洁生产审核正在进行（第 3 阶段 审核）" in zh
    assert "须" not in zh and "可能被列入" not in zh
    assert "audit is in progress (stage 3, assessment)" in en
    assert "may be on the list" not in en


def test_plan_cp_listed_not_started_gives_the_start_deadline(base: Document) -> None:
    doc = with_answers(base, {"cleaner_production": {"CP02": "yes", "CP04": "listed_not_started"}})
    zh, en = audit_reason(doc, "zh"), audit_reason(doc, "en")
    assert "已列入强制性清洁生产审核名单，尚未启动审核" in zh and "2 个月内启动审核" in zh
    assert "on the list for a mandatory audit and has not started it" in en


def test_plan_cp_accepted_double_toxic_gives_the_next_round(base: Document) -> None:
    doc = with_answers(
        base, {"cleaner_production": {"CP03": "yes", "CP04": "accepted", "CP05": 2020}}
    )
    zh, en = audit_reason(doc, "zh"), audit_reason(doc, "en")
    assert "已完成并通过评估验收" in zh and "间隔不得超过 5 年" in zh and "2025 年" in zh
    assert "assessed and accepted" in en and "due in 2025" in en


def im_doc(base: Document, answers: dict[str, str]) -> Document:
    return with_answers(base, {"intelligent_manufacturing": answers})


def test_plan_im_four_subdomains_at_0_is_not_level_2(base: Document) -> None:
    answers = dict.fromkeys(IM_ITEMS, "3")
    answers.update(dict.fromkeys(["IM01", "IM02", "IM06", "IM07"], "0"))
    context, zh = plan(im_doc(base, answers), "zh")
    im = next(a for a in context["areas"] if a["key"] == "intelligent_manufacturing")
    assert im["maturity"]["level"] == "0"
    assert "二级（规范级）" not in zh.split("（二）主要差距")[0].split("智能制造（数字化）诊断")[-1]
    assert "企业尚未达到一级（规划级）（参考等级）" in zh
    assert "组织战略（现为未达一级，需达到一级）" in zh
    _, en = plan(im_doc(base, answers), "en")
    assert "has not yet reached level 1 (planning) (indicative)" in en
    assert "Organisational strategy (now below level 1, needs level 1)" in en


def test_plan_im_all_at_2_is_level_2_with_profile_and_next_level(base: Document) -> None:
    answers = dict.fromkeys(IM_ITEMS, "2")
    answers["IM03"] = "3"
    context, zh = plan(im_doc(base, answers), "zh")
    im = next(a for a in context["areas"] if a["key"] == "intelligent_manufacturing")
    m = im["maturity"]
    assert (m["level"], m["next"], m["indicative"]) == ("2", "3", True)
    assert len(m["profile"]) == 20
    assert "企业处于二级（规范级）（参考等级）" in zh
    assert "达到三级（集成级）尚需提升的能力子域" in zh
    assert "数据（" not in zh.split("尚需提升的能力子域")[1].split("。")[0]  # data is at 3
    assert "能力子域现状（对照等级）对照三级要求" in zh
    assert "上述等级为参考等级" in zh
    _, en = plan(im_doc(base, answers), "en")
    assert "The enterprise is at level 2 (standardised) (indicative)" in en
    assert "To reach level 3 (integrated), these sub-domains still fall short" in en
    assert "Capability sub-domainCurrent (anchored level)Against level 3" in en
    assert "indicative" in en and "不" not in en.split("Capability sub-domain")[1][:2000]
