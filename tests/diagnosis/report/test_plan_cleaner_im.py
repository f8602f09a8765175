"""The plan's cleaner-production and intelligent-manufacturing sections (issue 17 items 3, 4),
read from the context and as printed: each share of the permit, the waste total, the option
split and its totals, the chart's points, the target level and the route's measures are checked
against a hand computation from the answers, in both languages; once through the real PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.checklists.load import load_checklist
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.proposals import Decision
from diagnosis.messages import Lang
from diagnosis.reference_versions import REFERENCE
from diagnosis.report.context import plan_context
from diagnosis.report.pdf import render_pdf
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document

LANGS: tuple[Lang, ...] = ("zh", "en")
CP = {
    "CP01": "no",
    "CP02": "no",
    "CP03": "no",
    "CP04": "never",
    "CP10": "yes",
    "CP11": "class_II",
    "CP18": "key",
    "CP19": {
        "wastewater": {"annual": 45000, "permitted": 60000},  # 45,000 / 60,000 = 75.0 %
        "cod": {"annual": 12.5, "permitted": 20},  # 12.5 / 20 = 62.5 %
        "nh3n": {"annual": 1.2, "permitted": 1.0},  # 1.2 / 1.0 = 120.0 %: over
        "vocs": {"annual": 0.125},  # the permit sets none: no share
    },
    "CP20": {
        "hw1": {"code": "HW08", "name": "废矿物油", "quantity": 2.5, "disposal": "licensed"},
        "hw2": {"code": "HW8", "name": "废乳化液", "quantity": 1.25, "disposal": "stored"},
    },  # total 2.5 + 1.25 = 3.75 t; "HW8" lacks a digit
}
# Every sub-domain at its level-2 anchor, but data (IM03) at level 1: level 1 needs no data
# requirement, level 2 does, so the firm is at level 1 and data is the one shortfall.
IM_LEVEL_2 = {f"IM{n:02d}": "2" for n in range(1, 22)} | {"IM03": "1"}
# Decisions with the team's own investment (万元) against the 5 万元 line.
DECIDED = {"CP.TECH.01": 4.99, "CP.MAT.01": 5.0, "CP.VOC.01": 12.0}


@pytest.fixture(scope="module")
def doc() -> Document:
    base = demo_document(next(iter(enterprises(1))), seed=3)
    # Safety as a third area (the summary's radar needs three); its measures are no audit
    # options, so the option split below is the cleaner-production measures' alone.
    visit = replace(
        base.visit,
        areas=("intelligent_manufacturing", "cleaner_production", "safety"),
        checklists={
            "intelligent_manufacturing": "2026.1",
            "cleaner_production": "2026.2",
            "safety": base.visit.checklists["safety"],
        },
    )
    im = {k: v for k, v in base.answers["intelligent_manufacturing"].items() if k == "IM_SYSTEMS"}
    answers = {
        "cleaner_production": CP,
        "intelligent_manufacturing": {**im, **IM_LEVEL_2},
        "safety": base.answers["safety"],
    }
    decisions = tuple(
        decision_to_dict(Decision(code, "accepted", investment_10k_yuan=amount))
        for code, amount in DECIDED.items()
    )
    return replace(base, visit=visit, answers=answers, findings=(), measures=decisions)


def plan(doc: Document, lang: Lang) -> tuple[dict[str, Any], str]:
    context = plan_context(doc, assess(doc), lang, generated=date(2024, 3, 28))
    xml = render_markup(context, lang)
    root = ET.fromstring(xml.split("?>", 1)[1])
    return context, re.sub(r"\s+", " ", "".join(root.itertext()))


# --- cleaner production --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_pollutant_shares_are_annual_over_permitted(doc: Document, lang: Lang) -> None:
    context, text = plan(doc, lang)
    rows = {p["key"]: p for p in context["cleaner_report"]["pollutants"]}
    assert {k: (p["annual"], p["permitted"], p["share"]) for k, p in rows.items()} == {
        "wastewater": ("45,000", "60,000", "75.0"),
        "cod": ("12.5", "20", "62.5"),
        "nh3n": ("1.2", "1", "120.0"),
        "vocs": ("0.125", "", ""),
    }
    assert [k for k, p in rows.items() if p["over"]] == ["nh3n"]
    pct = "%" if lang == "zh" else " %"
    for share in ("75.0", "62.5", "120.0"):
        assert share + pct in text
    if lang == "zh":
        assert "45,000 m³/年" in text and "未规定" in text
        assert "氨氮（NH3-N）的实际排放量超过许可排放量" in text
        assert "“双超”判定项（CP01）为“否”，请一并核对" in text
        assert "排污许可重点管理单位" in text
    else:
        assert "45,000 m³/yr" in text and "not set" in text
        assert "Actual emissions of Ammonia nitrogen (NH3-N) exceed the permitted quantity" in text
        assert "discharge-permit class is key management" in text


@pytest.mark.parametrize("lang", LANGS)
def test_hazardous_waste_total_and_bad_code(doc: Document, lang: Lang) -> None:
    context, text = plan(doc, lang)
    cr = context["cleaner_report"]
    assert [(w["code"], w["problem"], w["quantity"]) for w in cr["waste"]] == [
        ("HW08", "", "2.5"),
        ("HW8", "form", "1.25"),
    ]
    assert cr["waste_total"] == "3.75"  # 2.5 + 1.25
    if lang == "zh":
        assert "危险废物年产生量合计 3.75 t" in text
        assert "HW8（应为 HW 加两位数字，如 HW08）" in text
        assert "（代码有误）" in text
    else:
        assert "Hazardous waste generated in total: 3.75 t a year" in text
        assert "HW8 (should be HW and two digits, e.g. HW08)" in text


@pytest.mark.parametrize("lang", LANGS)
def test_cleaner_production_level_is_worded(doc: Document, lang: Lang) -> None:
    _, text = plan(doc, lang)
    words = (
        "二级（国内清洁生产先进水平）"
        if lang == "zh"
        else "level II (domestic cleaner-production advanced level)"
    )
    assert words in text


@pytest.mark.parametrize("lang", LANGS)
def test_options_split_at_the_line_with_totals(doc: Document, lang: Lang) -> None:
    context, text = plan(doc, lang)
    o = context["cleaner_report"]["options"]
    assert o["ceiling"] == "5"
    low = {x["code"]: x for x in o["low"]}
    high = {x["code"]: x for x in o["high"]}
    # 4.99 and 5.00 are within the 5 万元 line, 12.00 above it.
    assert {"CP.TECH.01", "CP.MAT.01"} <= set(low) and set(high) == {"CP.VOC.01"}
    assert low["CP.TECH.01"]["cost_basis"] == "investment"
    # The other low rows are the proposals with no figure typically no/low cost (management,
    # training, benchmarking), counted apart from the total: 4.99 + 5.00 = 9.99.
    typical = [c for c, x in low.items() if x["cost_basis"] == "typical"]
    assert all(c.startswith(("CP.MGMT", "CP.TRAIN", "CP.BENCH")) for c in typical)
    assert o["totals"]["low"] == {
        "count": 2 + len(typical),
        "investment": "9.99",
        "without_investment": len(typical),
    }
    assert o["totals"]["high"] == {"count": 1, "investment": "12.00", "without_investment": 0}
    # Every other CP proposal has no figure yet and waits to be costed.
    assert all(not x["investment"] and not x["investment_range"] for x in o["unclassed"])
    assert "5 万元为界" in text if lang == "zh" else "draws the line at 5 (10k yuan)" in text
    assert ("待核实" if lang == "zh" else "to be verified") in text  # the unverified line


def test_old_checklist_version_says_what_is_missing(doc: Document) -> None:
    old = replace(
        doc,
        visit=replace(
            doc.visit, checklists={**doc.visit.checklists, "cleaner_production": "2026.1"}
        ),
    )
    context, text = plan(old, "zh")
    assert context["cleaner_report"]["asked"] is False
    assert "（2026.1 版）不含排污许可" in text and "CP18–CP20" in text
    _, en = plan(old, "en")
    assert "(CP18–CP20)" in en


# --- intelligent manufacturing ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_chart_points_are_the_profile(doc: Document, lang: Lang) -> None:
    context, _ = plan(doc, lang)
    area = next(a for a in context["areas"] if a["key"] == "intelligent_manufacturing")
    profile = area["maturity"]["profile"]
    chart = context["im_report"]["chart"]
    assert [(p["label"], p["value"]) for p in chart] == [(p["name"], p["level"]) for p in profile]
    assert len(chart) == 20
    # By hand: every sub-domain's item at its level-2 anchor, data (IM03) at 1.
    data = "数据" if lang == "zh" else "Data"
    assert {p["value"] for p in chart if p["label"] != data} == {"2"}
    assert next(p["value"] for p in chart if p["label"] == data) == "1"
    xml = render_markup(plan_context(doc, assess(doc), lang, generated=date(2024, 3, 28)), lang)
    root = ET.fromstring(xml.split("?>", 1)[1])
    bars = [c for c in root.iter("chart") if c.get("kind") == "bar" and len(c) == 20]
    assert [p.get("value") for p in bars[0]] == [p["value"] for p in chart]


@pytest.mark.parametrize("lang", LANGS)
def test_target_level_and_route(doc: Document, lang: Lang) -> None:
    context, text = plan(doc, lang)
    im = context["im_report"]
    assert (im["level"], im["target"]) == ("1", "2")  # level 1 reached, the next is the target
    assert [(s["current"], s["needed"]) for s in im["steps"]] == [("1", "2")]
    # IM03 at "1" triggers IM.DATA.01, which im_route.json maps to the data sub-domain.
    assert [x["code"] for x in im["steps"][0]["measures"]] == ["IM.DATA.01"]
    assert all(x["code"] != "IM.DATA.01" for x in im["further"])
    # The level-2 screening level is below every step's digitalisation level (2.0 and 3.0).
    assert [(g["key"], g["digital_level"], g["level_met"]) for g in im["stages"]] == [
        ("digital_workshop", "2.0", False),
        ("smart_factory", "2.0", False),
        ("future_factory", "3.0", False),
    ]
    if lang == "zh":
        assert "本方案的提升目标为二级（规范级）" in text
        assert "IM.DATA.01 统一数据标准与主数据（建议）" in text
        assert "不低于 2,000 万元（山区海岛县 1,500 万元）" in text
        assert "数字化水平 3.0 及以上" in text
    else:
        assert "this plan's target is level 2 (standardised)" in text
        assert "IM.DATA.01 Common data standards and master data (proposed)" in text
        assert "at least 2,000 (10k yuan) (1,500 in mountain and island counties)" in text


def test_measure_map_agrees_with_the_checklist_triggers() -> None:
    """The route's measure -> sub-domain map says what the checklist's triggers imply: each
    measure a sub-domain item proposes raises that sub-domain."""
    raw = json.loads((REFERENCE / "im_route.json").read_text("utf-8"))["measures"]["map"]
    implied: dict[str, set[str]] = {}
    for item in load_checklist("intelligent_manufacturing").items:
        for t in item.triggers:
            implied.setdefault(t.measure, set())
            if item.subdomain:
                implied[t.measure].add(item.subdomain)
    assert {code: set(subs) for code, subs in raw.items()} == implied


def test_no_im_area_prints_no_route(doc: Document) -> None:
    only_cp = replace(doc, visit=replace(doc.visit, areas=("cleaner_production", "safety")))
    context, text = plan(only_cp, "zh")
    assert context["im_report"] == {}
    assert "能力成熟度画像与提升路径" not in text


# --- once through the real PDF --------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_prints_both_sections(doc: Document, lang: Lang) -> None:
    xml = render_markup(plan_context(doc, assess(doc), lang, generated=date(2024, 3, 28)), lang)
    pdf = render_pdf(xml, photos=lambda ref: None).pdf
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    text = re.sub(r"\s+", "", out.stdout.decode("utf-8"))
    if lang == "zh":
        for words in ("污染物产生与清洁生产方案", "能力成熟度画像与提升路径", "120.0%", "3.75t"):
            assert words in text
        assert "9.99" in text and "12.00" in text
    else:
        for words in (
            "Pollutantsandcleaner-productionoptions",
            "Maturityprofileandroute",
            "120.0%",
        ):
            assert words in text
