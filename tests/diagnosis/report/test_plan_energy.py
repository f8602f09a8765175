"""The plan's energy-structure chapter recomputed by hand from the answers: REFERENCE §2.3's
worked example through the context, the markup in both languages and once the real PDF."""

from __future__ import annotations

import dataclasses
import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pypdf
import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import Lang
from diagnosis.report.context import plan_context
from diagnosis.report.pdf import render_pdf
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, with_answers

# 2020: the year of the table's electricity 等价值 (0.3055 kgce/kWh), so nothing stands in.
#   当量值 614.5 + 364.29 + 29.142 + 257.2 = 1 265.132 tce; 等价值 1 527.5 + ... = 2 178.132 tce
#   per 万元 at 10 000 万元: 0.1265 / 0.2178 tce/万元
#   clinker 10 000 t: 1 265.132 × 1000 / 10 000 = 126.51 kgce/t > 117 (grade 3, 基准): over
ENERGY = {
    "E01": 2020,
    "E02": {
        "electricity": {"quantity": 5_000_000},
        "natural_gas": {"quantity": 300_000},
        "diesel": {"quantity": 20},
        "steam": {"quantity": 2_000},
    },
    "E03": 10_000,
    "E04": 600,  # 350 (electricity) + 114 (gas) priced, 136 not allocated
    "E34": 0.7,
    "E35": 3.8,
    "E06": {
        "product_1": {"name": "水泥熟料", "unit": "t", "output": 10_000, "limit": "cement_clinker"}
    },
}


@pytest.fixture(scope="module")
def doc() -> Document:
    base = demo_document(next(iter(enterprises(1))), seed=1)
    assert base.visit.checklists["energy"] == "2026.3"
    return with_answers(base, {"energy": ENERGY})


def plan(doc: Document, lang: Lang) -> tuple[dict[str, Any], str, str]:
    context = plan_context(doc, assess(doc), lang, generated=date(2024, 3, 28))
    markup = render_markup(context, lang)
    root = ET.fromstring(markup.split("?>", 1)[1])
    return context, markup, re.sub(r"\s+", " ", "".join(root.itertext()))


def test_plan_energy_context_recomputes_the_worked_example(doc: Document) -> None:
    context, _, _ = plan(doc, "zh")
    er = context["energy_report"]
    st = er["structure"]
    assert (st["total_equivalent"], st["total_equal_value"]) == ("1,265.13", "2,178.13")
    elec = st["rows"][0]
    assert (elec["tce_equivalent"], elec["tce_equal_value"]) == ("614.50", "1,527.50")
    assert (elec["share_equivalent"], elec["share_equal_value"]) == ("48.6", "70.1")
    assert (elec["cost"], st["rows"][1]["cost"]) == ("350.00", "114.00")
    assert (st["energy_cost"], st["unallocated"]) == ("600.00", "136.00")
    assert er["electricity"]["equal_value"]["stand_in"] is False
    assert (er["intensity"]["equivalent"], er["intensity"]["equal_value"]) == ("0.1265", "0.2178")
    [p] = er["products"]
    assert (p["how"], p["equivalent"], p["equal_value"]) == ("whole_site", "126.51", "217.81")
    c = p["limit"]
    assert c["comparable"] and c["grade"] == "above" and c["baseline_reached"] is False
    assert c["code"] == "GB 16780-2021" and c["unverified"]


def test_plan_energy_reads_the_figures_in_both_languages(doc: Document) -> None:
    _, markup, zh = plan(doc, "zh")
    assert "<h2>（五）能源消费结构与能效</h2>" in markup
    assert "综合能耗（当量值）1,265.13 tce，（等价值）2,178.13 tce" in zh
    assert "0.1265 tce/万元" in zh and "0.2178 tce/万元" in zh
    assert "126.51 kgce/t" in zh and "超过能耗限额" in zh and "未达到基准水平（117 kgce/t）" in zh
    assert "未对照标准原文核实" in zh and "发改产业〔2023〕723号" in zh
    assert "其他能源费用（未分摊）" in zh
    _, markup, en = plan(doc, "en")
    assert "Energy consumption structure and efficiency</h2>" in markup
    assert "1,265.13 tce on the calorific-equivalent basis" in en
    assert "2,178.13 tce on the primary-energy basis" in en
    assert "0.1265 tce/10k yuan" in en and "over the consumption limit" in en
    assert "not been checked against the standards' own text" in en


def test_plan_energy_old_text_answer_is_printed(doc: Document) -> None:
    visit = dataclasses.replace(doc.visit, checklists={**doc.visit.checklists, "energy": "2026.2"})
    old = with_answers(dataclasses.replace(doc, visit=visit), {"energy": {"E06": "齿轮 5 万件"}})
    context, _, zh = plan(old, "zh")
    assert context["energy_report"]["products"] == []
    assert "企业主要产品及年产量：齿轮 5 万件" in zh


def test_plan_energy_several_products_without_shares_say_why(doc: Document) -> None:
    two = {
        "product_1": {"name": "甲", "unit": "t", "output": 100, "limit": "none"},
        "product_2": {"name": "乙", "unit": "piece", "output": 100, "limit": "none"},
    }
    _, _, zh = plan(with_answers(doc, {"energy": {"E06": two}}), "zh")
    assert "未填写各产品占全厂能耗比例" in zh and "未选择对应的能耗限额标准" in zh
    _, _, en = plan(with_answers(doc, {"energy": {"E06": two}}), "en")
    assert "no share of the site's energy was given" in en


def test_plan_energy_pdf_text(doc: Document) -> None:
    cases: tuple[tuple[Lang, tuple[str, ...]], ...] = (
        ("zh", ("能源消费结构与能效", "1,265.13", "2,178.13", "126.51kgce/t")),
        ("en", ("Energyconsumptionstructureandefficiency", "1,265.13", "126.51kgce/t")),
    )
    for lang, wanted in cases:
        _, markup, _ = plan(doc, lang)
        pdf = render_pdf(markup, photos=lambda _ref: None).pdf
        pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
        text = "".join("".join(p.extract_text() for p in pages).split())
        for w in wanted:
            assert w in text, (lang, w)
