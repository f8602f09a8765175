"""The water chapter's "water efficiency and water balance" section (issue 17 item 2): every
figure recomputed by hand from the answers (REFERENCE §3.2's worked example), through the
context, the markup in both languages and once the PDF's text; the quota comparison; a balance
that does not close prints the inputs to check, never a negative consumption."""

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

GENERATED = date(2024, 3, 28)
LANGS: tuple[Lang, ...] = ("zh", "en")
# REFERENCE §3.2 [C]: V_i 120 000 m³, V_r 880 000, leakage 3 000, reuse 15 000 vs discharge
# 60 000, output 50 000 t. Output value 200 000 万元 for the intake per 万元.
EXAMPLE: dict[str, Any] = {
    "W01": {"tap": {"quantity": 100_000}, "ground": {"quantity": 20_000}},
    "W03": 880_000,
    "W12": 60_000,
    "W13": 15_000,
    "W16": 3_000,
    "W23": {
        "product_1": {
            "name": "瓦楞原纸",
            "unit": "t",
            "output": 50_000,
            "quota": "paper.corrugating_medium",
        }
    },
}


@pytest.fixture(scope="module")
def example() -> Document:
    base = demo_document(next(enterprises(1)), seed=1)
    return with_answers(base, {"water": EXAMPLE, "energy": {"E03": 200_000}})


def water(doc: Document, lang: Lang) -> tuple[dict[str, Any], str]:
    """The water_report context and the section's markup text (its h2 to the next h1)."""
    ctx = plan_context(doc, assess(doc), lang, generated=GENERATED)
    xml = render_markup(ctx, lang)
    start = xml.index("用水效率与水平衡" if lang == "zh" else "Water efficiency and water balance")
    section = xml[start : xml.index("<h1>", start)]
    return ctx["water_report"], re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_plan_water_worked_example_in_the_context(example: Document) -> None:
    wr, _ = water(example, "zh")
    b = wr["balance"]
    assert b["intake"] == "120,000"  # V_i = 100 000 tap + 20 000 ground
    assert b["total_use"] == "1,000,000"  # V_t = 120 000 + 880 000
    assert b["consumption"] == "57,000"  # V_co = 120 000 − 60 000 − 3 000
    assert b["closes"] is True
    assert b["reuse_rate"] == "88.0"  # R = 880 000 / 1 000 000
    assert b["leakage_rate"] == "2.5"  # 3 000 / 120 000
    assert b["wastewater_reuse_rate"] == "20.0"  # 15 000 / (60 000 + 15 000)
    assert b["consumption_share"] == "47.5"  # 57 000 / 120 000
    assert [x["value"] for x in b["chart"]] == ["57000", "60000", "3000"]
    assert wr["per_output"]["value"] == "0.60"  # 120 000 m³ / 200 000 万元
    (p,) = wr["products"]
    assert p["per_unit"] == "2.40" and p["per_unit_unit"] == "m³/t"  # 120 000 / 50 000
    assert p["status"] == "within" and p["quota_value"] == "25"
    assert wr["unverified"] is True


@pytest.mark.parametrize("lang", LANGS)
def test_plan_water_worked_example_in_the_words(example: Document, lang: Lang) -> None:
    _, text = water(example, lang)
    if lang == "zh":
        assert "万元产值取水量为 0.60 m³/万元" in text
        assert (
            "瓦楞原纸单位产品取水量 2.40 m³/t（取水量 120,000 m³ ÷ 年产量 50,000 t），不高于"
            in text
        )
        assert "的取水定额 25 m³/t" in text and "未核实" in text
        assert "耗水量（推算） V_co = V_i - V_d - V_l 57,000" in text
        assert "重复利用率 R = V_r ÷ (V_i + V_r) × 100 % = 88.0 %" in text
        assert "用水综合漏失率 = V_l ÷ V_i × 100 % = 2.5 %" in text
        assert "废水回用率 = V_w ÷ (V_d + V_w) × 100 % = 20.0 %" in text
    else:
        assert "Water intake per 10k yuan of output: 0.60 m³/10k yuan" in text
        assert (
            "瓦楞原纸: 2.40 m³/t of water per unit of product (intake 120,000 m³ ÷ output" in text
        )
        assert "within the intake quota of 25 m³/t in GB/T 18916.5-2012" in text
        assert "unverified" in text
        assert "Consumed (derived) V_co = V_i - V_d - V_l 57,000" in text
        assert "Repeated-utilisation rate R = V_r ÷ (V_i + V_r) × 100 % = 88.0 %" in text
        assert "Leakage rate = V_l ÷ V_i × 100 % = 2.5 %" in text
        assert "Wastewater reuse rate = V_w ÷ (V_d + V_w) × 100 % = 20.0 %" in text
    # every product the quota table covers is named, and the Zhejiang gap is said
    assert "GB/T 18916.4-2012" in text and ("浙江省用（取）水定额" in text)


@pytest.mark.parametrize("lang", LANGS)
def test_plan_water_worked_example_in_the_pdf(example: Document, lang: Lang) -> None:
    ctx = plan_context(example, assess(example), lang, generated=GENERATED)
    result = render_pdf(render_markup(ctx, lang), photos=lambda _ref: None)
    reader = pypdf.PdfReader(io.BytesIO(result.pdf))
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    assert "57,000" in text and "1,000,000" in text
    for shown in ("88.0%", "2.5%", "20.0%", "2.40m³/t", "0.60m³/"):
        assert shown in text, shown
    assert ("用水效率与水平衡" if lang == "zh" else "Waterefficiencyandwaterbalance") in text


@pytest.mark.parametrize("lang", LANGS)
def test_plan_water_above_the_quota_says_by_how_much(example: Document, lang: Lang) -> None:
    # 120 000 m³ ÷ 4 000 t = 30.00 m³/t against 25 m³/t: 5.00 m³/t above, 30/25 − 1 = 20.0 %
    doc = with_answers(
        example,
        {"water": {"W23": {"product_1": {**EXAMPLE["W23"]["product_1"], "output": 4_000}}}},
    )
    wr, text = water(doc, lang)
    (p,) = wr["products"]
    assert (p["per_unit"], p["excess"], p["excess_pct"]) == ("30.00", "5.00", "20.0")
    if lang == "zh":
        assert "单位产品取水量 30.00 m³/t" in text
        assert "的取水定额 25 m³/t，高出 5.00 m³/t（20.0 %）" in text
    else:
        assert "30.00 m³/t of water per unit of product" in text
        assert "above the intake quota of 25 m³/t" in text and "by 5.00 m³/t (20.0 %)" in text


@pytest.mark.parametrize("lang", LANGS)
def test_plan_water_unbalanced_inputs_name_what_to_check(example: Document, lang: Lang) -> None:
    # out: discharge 118 000 + leakage 5 000 = 123 000 m³ > 120 000 in: 3 000 m³ too much
    doc = with_answers(example, {"water": {"W12": 118_000, "W16": 5_000}})
    wr, text = water(doc, lang)
    assert wr["balance"]["consumption"] == "" and wr["balance"]["chart"] == []
    assert "-3,000" not in text and "−3,000" not in text
    if lang == "zh":
        assert (
            "排水量与漏失水量之和 123,000 m³ 超过进入体系的水量 120,000 m³，多出 3,000 m³" in text
        )
        assert "耗水量（推算） V_co = V_i - V_d - V_l —" in text
        assert "W12" in text and "W16" in text and "W01" in text
    else:
        assert "Discharge and leakage together, 123,000 m³, exceed the 120,000 m³" in text
        assert "by 3,000 m³: the quantities do not balance" in text
        assert "Consumed (derived) V_co = V_i - V_d - V_l —" in text


@pytest.mark.parametrize("lang", LANGS)
def test_plan_water_bad_answer_is_named_not_computed(example: Document, lang: Lang) -> None:
    doc = with_answers(example, {"water": {"W16": -3}})
    wr, text = water(doc, lang)
    assert wr["error"] == {"item": "W16", "row": "", "value": "-3"}
    assert (
        "W16的回答“-3”不是 0 及以上的数量" if lang == "zh" else 'The answer to W16, "-3"'
    ) in text
    assert "V_co" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_plan_water_without_intake_says_what_to_record(example: Document, lang: Lang) -> None:
    doc = with_answers(example, {"water": {"W01": None}})
    wr, text = water(doc, lang)
    assert wr == {"available": False, "error": None}
    assert (
        "未录入分水源取水量（W01）" if lang == "zh" else "No water intake by source (W01)"
    ) in text


def test_plan_water_on_an_older_checklist_says_the_question_is_not_asked(
    example: Document,
) -> None:
    visit = dataclasses.replace(
        example.visit, checklists={**example.visit.checklists, "water": "2026.2"}
    )
    doc = with_answers(dataclasses.replace(example, visit=visit), {"water": {"W23": None}})
    wr, text = water(doc, "zh")
    assert wr["asks_products"] is False and wr["products"] == []
    assert "节水检查表（2026.2 版）未设主要产品产量问题" in text
    assert wr["balance"]["consumption"] == "57,000"  # the balance needs no new question


def test_plan_water_section_is_one_h2_at_sub_next(example: Document) -> None:
    ctx = plan_context(example, assess(example), "zh", generated=GENERATED)
    root = ET.fromstring(render_markup(ctx, "zh").encode("utf-8"))
    heads = [el.text or "" for el in root if el.tag in ("h1", "h2")]
    chapter = next(i for i, h in enumerate(heads) if h.endswith("节水诊断"))
    end = next(i for i in range(chapter + 1, len(heads)) if not heads[i].startswith("（"))
    assert heads[chapter + 1 : end][-1] == "（五）用水效率与水平衡"
