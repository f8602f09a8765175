"""The plan's project-list chapter (issue 17 item 5): every figure recomputed by hand from the
team's decisions, through the context, the markup in both languages and once the PDF's text;
the support lines follow the enterprise's subsidy prerequisites; no chapter without accepted
measures, one honest sentence when none of them is a project."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date
from functools import cache
from typing import Any

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import Lang
from diagnosis.report.context import plan_context
from diagnosis.report.pdf import render_pdf
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document

GENERATED = date(2026, 3, 28)
LANGS: tuple[Lang, ...] = ("zh", "en")
KWH = [{"carrier": "electricity", "quantity": 100_000, "unit": "kWh"}]
DECISIONS: tuple[dict[str, Any], ...] = (
    # 100,000 kWh x 0.1229 kgce/kWh = 12.29 tce (当量值); 80,000 yuan = 8.00 万元
    {
        "code": "EN.VFD.01",
        "status": "accepted",
        "investment_10k_yuan": 12.5,
        "energy_saved": KWH,
        "money_saved_yuan": 80_000,
        "start_month": "2026-04",
        "duration_months": 3,
    },
    # 150,000 yuan = 15.00 万元; no energy entered
    {
        "code": "IM.MES.01",
        "status": "planned",
        "investment_10k_yuan": 80,
        "money_saved_yuan": 150_000,
        "start_month": "2026-07",
        "duration_months": 9,
    },
    # the team files a leak survey as equipment renewal (†); 40,000 kWh x 0.1229 = 4.916 tce
    {
        "code": "EN.AIR.01",
        "status": "accepted",
        "investment_10k_yuan": 5,
        "energy_saved": [{"carrier": "electricity", "quantity": 40_000, "unit": "kWh"}],
        "money_saved_yuan": 30_000,
        "project_category": "equipment",
    },
    {"code": "IM.PLAN.01", "status": "accepted", "investment_10k_yuan": 0},  # not a project
    {"code": "EN.LIGHT.01", "status": "rejected", "investment_10k_yuan": 9},  # not accepted
)
# Totals: investment 12.5 + 80 + 5 = 97.50 万元; savings 8 + 15 + 3 = 26.00 万元;
# energy 12.29 + 4.916 = 17.206 -> 17.21 tce (当量值).


def make(decisions: tuple[dict[str, Any], ...], **register: Any) -> Document:
    base = demo_document(next(enterprises(1)), seed=1)
    firm = dataclasses.replace(base.enterprise, **register)
    # No answers: no rule proposes anything, so the team's figures are the only ones in force.
    return dataclasses.replace(base, enterprise=firm, answers={}, measures=decisions)


@cache
def example() -> Document:
    return make(DECISIONS, per_mu_class="A", green_stars=3)


def chapter(doc: Document, lang: Lang) -> tuple[dict[str, Any], str]:
    ctx = plan_context(doc, assess(doc), lang, generated=GENERATED)
    xml = render_markup(ctx, lang)
    head = "技术改造项目清单" if lang == "zh" else "Technical-transformation project list"
    if f"{head}</h1>" not in xml:
        return ctx["projects"], ""
    start = xml.index(f"{head}</h1>")
    section = xml[start : xml.index("<h1>", start)]
    return ctx["projects"], re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_plan_projects_context_recomputes_each_figure() -> None:
    pj, _ = chapter(example(), "zh")
    rows = {r["code"]: r for r in pj["rows"]}
    assert list(rows) == ["EN.VFD.01", "IM.MES.01", "EN.AIR.01"]
    assert (pj["accepted"], pj["totals"]["count"]) == ("4", "3")
    vfd, mes, air = rows["EN.VFD.01"], rows["IM.MES.01"], rows["EN.AIR.01"]
    assert (vfd["category"], vfd["investment"], vfd["start"], vfd["duration"]) == (
        "节能降碳改造",
        "12.50",
        "2026-04",
        "3",
    )
    assert (vfd["savings"], vfd["tce"]) == ("8.00", "12.29")
    assert (mes["category"], mes["savings"], mes["tce"]) == ("数字化/智能化改造", "15.00", "")
    assert (air["category"], air["overridden"], air["start"], air["duration"]) == (
        "设备更新",
        True,
        "",
        "",
    )
    assert air["tce"] == "4.92"  # 4.916
    t = pj["totals"]
    assert (t["investment"], t["savings"], t["tce"], t["without_start"]) == (
        "97.50",
        "26.00",
        "17.21",
        "1",
    )
    # 等价值 (GB/T 13234, electricity at 0.3055 kgce/kWh): 100,000 kWh -> 30.55 tce,
    # 40,000 kWh -> 12.22 tce; together 42.77 tce
    assert pj["has_tce_eq"]
    assert (vfd["tce_eq"], air["tce_eq"], t["tce_eq"]) == ("30.55", "12.22", "42.77")
    # A-class, three stars: the city subsidy's prerequisites hold, no line is pending
    assert [s["short"] for s in vfd["support"]] == ["市级投资补助", "区县设备补助"]
    assert not pj["any_pending"] and pj["subsidy"] == "met"
    assert [s["short"] for s in mes["support"]][-1] == "数字化车间等认定"


@pytest.mark.parametrize("lang", LANGS)
def test_plan_projects_chapter_prints_the_figures(lang: Lang) -> None:
    _, text = chapter(example(), lang)
    numbers = ["12.50", "2026-04", "8.00", "12.29", "80.00", "2026-07", "15.00", "4.92"]
    numbers += ["97.50", "26.00", "17.21"]
    for n in numbers:
        assert n in text, n
    words = {
        "zh": ["企业已采纳的 4 项措施中，3 项属于技术改造项目", "合计（3 项）", "设备更新 †",
               "待定", "不是补助的承诺", "区县设备补助", "（未经核实）"],
        "en": ["Of the 4 measures the enterprise accepted, 3 are technical-transformation",
               "Total (3)", "Equipment renewal †", "open", "not a promise of a subsidy",
               "(unverified)"],
    }[lang]  # fmt: skip
    for w in words:
        assert w in text, w


@pytest.mark.parametrize(
    ("register", "city", "note"),
    [
        ({"per_mu_class": "C", "green_stars": 3}, False, "尚未满足市级投资补助的申请前提"),
        ({"per_mu_class": None, "green_stars": None}, True, "带 * 者取决于登记信息中尚缺的条件"),
    ],
)
def test_plan_projects_support_follows_the_subsidy_prerequisites(
    register: dict[str, Any], city: bool, note: str
) -> None:
    pj, text = chapter(make(DECISIONS, **register), "zh")
    shorts = [s["short"] for s in pj["rows"][0]["support"]]
    assert ("市级投资补助" in shorts) is city
    assert note in text
    if city:
        assert "市级投资补助*" in text


@pytest.mark.parametrize("lang", LANGS)
def test_plan_projects_none_accepted_prints_no_chapter(lang: Lang) -> None:
    doc = make(({"code": "EN.VFD.01", "status": "rejected"},))
    pj, text = chapter(doc, lang)
    assert pj == {} and text == ""
    ctx = plan_context(doc, assess(doc), lang, generated=GENERATED)
    xml = render_markup(ctx, lang)
    assert ("十、政策支持与合规要求" if lang == "zh" else "10 Policy support") in xml


@pytest.mark.parametrize("lang", LANGS)
def test_plan_projects_only_management_measures_say_so(lang: Lang) -> None:
    doc = make(({"code": "IM.PLAN.01", "status": "accepted"},))
    pj, text = chapter(doc, lang)
    assert pj["rows"] == [] and pj["accepted"] == "1"
    assert ("本次暂无技术改造项目" if lang == "zh" else "no technical-transformation project") in (
        text
    )


@cache
def pdf_text(lang: Lang) -> str:
    doc = example()
    ctx = plan_context(doc, assess(doc), lang, generated=GENERATED)
    pdf = render_pdf(render_markup(ctx, lang), photos=lambda ref: None).pdf
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")
@pytest.mark.parametrize("lang", LANGS)
def test_plan_projects_pdf_text_shows_the_table(lang: Lang) -> None:
    text = pdf_text(lang)
    head = "十、技术改造项目清单" if lang == "zh" else "10Technical-transformationprojectlist"
    assert text.count(head) == 2  # the contents and the chapter
    start = text.rindex(head)
    body = text[start : start + 3000]
    for n in ("12.50", "2026-04", "12.29", "97.50", "26.00", "17.21", "42.77"):
        assert n in body, n
    if lang == "zh":
        assert "可申请的支持" in body and "市级投资补助" in body
