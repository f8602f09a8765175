"""A major hidden danger overrides (issue 16): with three open, the safety area's level reads
"存在重大事故隐患" whatever its score, the summary never calls safety relatively good, no line of
the plan shows a green tick, and the hazard list prints each hazard's clause and deadline. The
subsidy line reads as a prerequisite of an application, never as a grant."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.assessment.flags import plan_flags
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import Lang
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, Finding
from tests.diagnosis.test_safety_relevance import compliant

GENERATED = date(2024, 5, 2)
PHOTO = "a" * 64
MAJOR_S08 = "一号污水池入口未设警示标识，无有限空间台账。"


def _doc(safety: dict[str, Any], **enterprise: Any) -> Document:
    base = demo_document(next(enterprises(1)), seed=1)
    answers = {**base.answers, "safety": safety}
    findings = (
        Finding("f-s08", "safety", "major", MAJOR_S08, "S08", (PHOTO, PHOTO.replace("a", "b"))),
    )
    e = dataclasses.replace(base.enterprise, industry="3484", per_mu_class="A", green_stars=3)
    return dataclasses.replace(
        base,
        answers=answers,
        findings=findings,
        enterprise=dataclasses.replace(e, **enterprise),
    )


@pytest.fixture(scope="module")
def three_majors() -> Document:
    return _doc(compliant(S01="no", S02="no", S08="no", S17="no"))


def render(doc: Document, lang: Lang) -> str:
    context = plan_context(doc, assess(doc), lang, generated=GENERATED, photo_available=bool)
    return render_markup(context, lang)


def chapter(markup: str, start: str, end: str) -> str:
    text = "".join(ET.fromstring(markup.encode("utf-8")).itertext())
    return text[text.index(start) : text.index(end, text.index(start))]


def test_three_majors_keep_a_high_safety_score(three_majors: Document) -> None:
    # The premise of the override: the score alone would call safety good and strongest.
    a = assess(three_majors)
    assert a.areas["safety"].score is not None and a.areas["safety"].score >= 80
    assert max(a.areas, key=lambda k: a.areas[k].score or 0) == "safety"


@pytest.mark.parametrize(
    ("lang", "level", "good"),
    [
        ("zh", "本领域水平判定为：存在重大事故隐患", "安全环保领域相对较好"),
        (
            "en",
            "its level reads: Major hidden danger present",
            "Safety and environment is the strongest",
        ),
    ],
)
def test_major_hidden_danger_overrides_level_and_summary(
    three_majors: Document, lang: Lang, level: str, good: str
) -> None:
    markup = render(three_majors, lang)
    text = "".join(ET.fromstring(markup.encode("utf-8")).itertext())
    assert level in text
    assert good not in text
    assert ("存在重大事故隐患 3 项" if lang == "zh" else "3 major hidden dangers open") in text
    # the area's score band is not printed for safety while a major one is open
    safety = chapter(markup, *(("七、", "八、") if lang == "zh" else ("7 Safety", "8 Improvement")))
    assert ("总体水平较好" if lang == "zh" else "which is good") not in safety


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_green_tick_while_a_major_hidden_danger_is_open(
    three_majors: Document, lang: Lang
) -> None:
    markup = render(three_majors, lang)
    assert 'mark="miss"' in markup  # the urgent line
    assert 'mark="ok"' not in markup
    # Closing the majors brings the ticks back (the subsidy prerequisites are met).
    fixed = _doc(compliant(S17="no"))
    assert 'mark="ok"' in render(fixed, lang)


@pytest.mark.parametrize(
    ("lang", "heads", "major", "clause", "deadlines"),
    [
        (
            "zh",
            [
                "隐患（检查项）",
                "位置及照片",
                "等级",
                "依据条款",
                "整改措施",
                "整改期限",
                "责任人",
                "复查",
            ],
            "重大",
            "第三条第（一）项",
            ["立即", "立即", "立即", "30 日内"],
        ),
        (
            "en",
            [
                "Hidden danger (question)",
                "Location and photos",
                "Grade",
                "Legal basis",
                "Measure",
                "Deadline",
                "Owner",
                "Re-check",
            ],
            "Major",
            "Article 3(1)",
            ["At once", "At once", "At once", "Within 30 days"],
        ),
    ],
)
def test_hazard_list_prints_clause_grade_deadline_and_blank_owner(
    three_majors: Document,
    lang: Lang,
    heads: list[str],
    major: str,
    clause: str,
    deadlines: list[str],
) -> None:
    root = ET.fromstring(render(three_majors, lang).encode("utf-8"))
    table = next(
        t for t in root.iter("table") if [("".join(c.itertext())) for c in t[0]][1:] == heads
    )
    rows = [["".join(c.itertext()).strip() for c in tr] for tr in table[1:]]
    assert [r[1].split()[0] for r in rows] == ["S01", "S02", "S08", "S17"]  # majors first
    assert [r[3] for r in rows] == [major] * 3 + ["一般" if lang == "zh" else "General"]
    assert clause in rows[0][4]
    assert [r[6] for r in rows] == deadlines
    assert all(r[7] == "" and r[8] == "" for r in rows)  # filled in by the firm
    assert MAJOR_S08 in rows[2][2]
    assert ("见问题 1 照片（2 张）" if lang == "zh" else "finding 1 (2)") in rows[2][2]
    assert "SA." in rows[0][5]  # the measure its trigger proposes
    text = "".join(root.itertext())
    duty = "第四十一条" if lang == "zh" else "Article 41 of the Work Safety Law"
    report = "须向负有安全生产监督管理职责的部门报告" if lang == "zh" else "must be reported"
    assert duty in text and report in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_hazard_list_rows_without_a_failed_check(lang: Lang) -> None:
    text = "".join(ET.fromstring(render(_doc(compliant()), lang).encode("utf-8")).itertext())
    assert ("本次诊断未发现事故隐患" if lang == "zh" else "found no hidden danger") in text
    assert ("本领域水平判定为" if lang == "zh" else "its level reads") not in text


@pytest.mark.parametrize(
    ("lang", "met", "grant"),
    [
        (
            "zh",
            "具备申请市级投资补助的前提条件",
            ["符合市级投资补助条件", "可按程序申报市级投资补助"],
        ),
        (
            "en",
            "meets the prerequisites for applying for city investment subsidies",
            ["eligible for city investment subsidies", "can apply through the usual procedure"],
        ),
    ],
)
def test_subsidy_line_reads_as_a_prerequisite(lang: Lang, met: str, grant: list[str]) -> None:
    text = "".join(ET.fromstring(render(_doc(compliant()), lang).encode("utf-8")).itertext())
    assert met in text
    assert ("以当年申报通知为准" if lang == "zh" else "the year's call for applications") in text
    for words in grant:
        assert words not in text
    missed = _doc(compliant(), per_mu_class="C")
    text = "".join(ET.fromstring(render(missed, lang).encode("utf-8")).itertext())
    assert met not in text
    assert (
        "两项前提条件均满足后方可申请" if lang == "zh" else "Both prerequisites must be met"
    ) in text


def test_subsidy_flag_reason_is_a_prerequisite_not_a_grant() -> None:
    d = _doc(compliant())
    flag = next(f for f in plan_flags(d.enterprise, {}, {}) if f.key == "subsidy.eligible")
    assert "前提条件" in flag.reason.zh and "符合市级投资补助条件" not in flag.reason.zh
    assert "prerequisites" in flag.reason.en and not re.search(r"\beligible\b", flag.reason.en)
