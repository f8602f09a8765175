"""The plan's equipment inventory and the accepted measures' savings on both bases (issue 17,
energy): a visit with known equipment rows and one accepted measure, checked in the context,
the markup and once in the real PDF's text, in both languages, against hand computations."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from functools import cache
from typing import Any

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.proposals import Decision
from diagnosis.messages import Lang
from diagnosis.report.context import plan_context
from diagnosis.report.pdf import render_pdf
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, with_answers

GENERATED = date(2024, 3, 28)
LANGS: tuple[Lang, ...] = ("zh", "en")

EQUIPMENT = {
    "E01": 2024,
    "E07": {
        "p_le_7_5": {"count": 20, "total_kw": 80.0, "grade": "g2", "vfd_count": 2},
        "p_7_5_45": {"count": 30, "total_kw": 600.0, "grade": "below_g3", "vfd_count": 0},
        "p_45_160": {"count": 4, "total_kw": 320.0, "grade": "unknown", "vfd_count": 1},
    },
    "E08": None,  # no compressor recorded: no compressor table
    "E09": {
        "t1": {
            "capacity_kva": 1250.0,
            "family": "s9_or_older",
            "grade": "below_g3",
            "load_pct": 40,
        },
        "t2": {"capacity_kva": 1250.0, "family": "s13", "grade": "g3", "load_pct": 55.0},
    },
    "E10": {
        "boiler_1": {
            "count": 1,
            "fuel": "natural_gas",
            "capacity_tph": 4.0,
            "efficiency_pct": 88.5,
            "note": "热工测试 2023",
        }
    },
    "E12": "planned",
}
# One accepted measure saving 100 000 kWh and 10 000 m³ of gas a year.
MEASURE = Decision(
    None,
    "accepted",
    investment_10k_yuan=20.0,
    energy_saved=(
        EnergyUse("electricity", 100_000.0, "kWh"),
        EnergyUse("natural_gas", 10_000.0, "m³"),
    ),
    money_saved_yuan=100_000.0,
    custom=True,
    title="空压站与锅炉节能改造",
)


@cache
def visit() -> Document:
    doc = demo_document(next(enterprises(1)), seed=1)
    doc = with_answers(doc, {"energy": EQUIPMENT})
    return dataclasses.replace(doc, measures=(decision_to_dict(MEASURE),))


def context(lang: Lang) -> dict[str, Any]:
    doc = visit()
    return plan_context(doc, assess(doc), lang, generated=GENERATED)


@cache
def markup(lang: Lang) -> str:
    return render_markup(context(lang), lang)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_context_rows_grades_and_statuses() -> None:
    eq = context("zh")["equipment_report"]
    assert [k["key"] for k in eq["kinds"]] == ["motors", "transformers", "boilers"]
    motors, transformers, boilers = eq["kinds"]
    assert [(r["label"], r["status"], r["grade"]) for r in motors["rows"]] == [
        ("7.5 kW 及以下", "grade", "2"),
        ("7.5–45 kW", "below_limit", ""),
        ("45–160 kW", "unknown", ""),
    ]
    # 20 + 30 + 4 = 54 motors, 80 + 600 + 320 = 1,000.0 kW; below grade 3: 30, 600.0 kW,
    # 600 / 1 000 = 60.0 %
    assert motors["summary"] == {
        "count": "54",
        "kw": "1,000.0",
        "below_count": "30",
        "below_kw": "600.0",
        "below_share": "60.0",
    }
    assert motors["standard"]["number"] == "GB 18613-2020" and motors["standard"]["verified"]
    assert [r["status"] for r in transformers["rows"]] == ["below_limit", "grade"]
    assert transformers["rows"][0]["cells"]["family"] == "S9 及更早"
    assert boilers["rows"][0]["status"] == "not_graded"
    assert boilers["rows"][0]["cells"]["efficiency_pct"] == "88.5"
    assert [(c["kind"], c["id"], c["batches"]) for c in eq["candidates"]] == [
        ("motors", "p_7_5_45", ["3", "4"]),
        ("transformers", "t1", ["4"]),
    ]
    assert eq["e12"] == {"value": "planned", "text": "有，已列入限期更换计划"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_section_heading_follows_the_energy_section(lang: Lang) -> None:
    ctx = context(lang)
    heads = ["".join(h.itertext()) for h in ET.fromstring(markup(lang).encode("utf-8")).iter("h2")]
    title = "主要用能设备能效" if lang == "zh" else "Main energy-using equipment"
    mine = [h for h in heads if title in h]
    assert len(mine) == 1
    energy = next(a for a in ctx["areas"] if a["key"] == "energy")
    sub = (5 if energy["figures"] else 4) + (1 if ctx["energy_report"] else 0)
    if lang == "zh":
        assert mine[0].startswith("（" + "〇一二三四五六七"[sub] + "）")
    else:
        assert re.match(rf"\d+\.{sub} ", mine[0])


WORDS = {
    "zh": (
        "低于3级（能效限定值），已不得生产销售",
        "达到2级",
        "等级不明，需核对铭牌或能效标识",
        "等级未判定：热效率需按标准中对应燃料和容量的限值核对",
        "低于3级：30台，600.0kW，占电机总功率60.0%",
        "电动机7.5–45kW（低于3级）：请将铭牌型号与目录比对，重点为第三批（工业和信息化部公告2015年第16号）、第四批（2016年）",
        "电力变压器1号变压器（S9及更早）：请将铭牌型号与目录比对，重点为第四批（2016年）",
        "本方案不据此认定其已列入目录",
        "诊断人员的核对结果（E12）：有，已列入限期更换计划。",
    ),
    "en": (
        "below grade 3, the minimum allowed: no longer made or sold",
        "grade 2",
        "grade not known: check the nameplate or energy label",
        "not graded: compare the efficiency with the standard's limit for the fuel and capacity",
        "below grade 3: 30 units, 600.0 kW, 60.0% of the motor power",
        "Electric motors, 7.5–45 kW (below grade 3): match the nameplate model against the "
        "catalogue, above all batch 3 (MIIT announcement No. 16 of 2015) and batch 4 (2016)",
        "Power transformers, Transformer 1 (S9 or older)",
        "this plan does not say any unit is listed",
        "The team's check (E12): Yes, with a dated replacement plan.",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_markup_words_the_grades_and_the_candidates(lang: Lang) -> None:
    text = flat(markup(lang)) if lang == "zh" else re.sub(r"\s+", " ", markup(lang))
    for words in WORDS[lang]:
        assert (flat(words) if lang == "zh" else words) in text
    assert ("空气压缩机（GB" if lang == "zh" else "Air compressors (GB") not in text


def test_no_energy_answers_print_one_honest_sentence() -> None:
    doc = with_answers(visit(), {"energy": {"E07": None, "E08": None, "E09": None, "E10": None}})
    ctx = plan_context(doc, assess(doc), "zh", generated=GENERATED)
    assert ctx["equipment_report"]["kinds"] == []
    text = flat(render_markup(ctx, "zh"))
    assert "本次诊断未录入主要用能设备" in text


# --- savings on both bases ------------------------------------------------------------------------


def test_measure_and_totals_carry_tce_on_both_bases() -> None:
    m = context("zh")["measures"]
    row = next(r for r in m["accepted"] if r["title"] == "空压站与锅炉节能改造")
    # 当量值: 100 000 kWh × 0.1229 / 1 000 + 10 000 m³ × 1.2143 / 1 000 = 12.29 + 12.143
    #       = 24.433 tce -> "24.43"
    # 等价值: 100 000 × 0.3055 / 1 000 + 12.143 = 30.55 + 12.143 = 42.693 tce -> "42.69"
    #       (0.3055 kgce/kWh is the 2020 供电煤耗, standing in for the data year 2024)
    assert (row["tce"], row["tce_eq"]) == ("24.43", "42.69")
    t = m["totals"]
    assert (t["count"], t["tce"], t["tce_eq"]) == (1, "24.43", "42.69")
    b = t["bases"]
    assert b["equivalent"]["value"] == "0.1229"
    assert (b["equal_value"]["value"], b["equal_value"]["years"], b["year"]) == (
        "0.3055",
        "2020",
        "2024",
    )
    assert b["stand_in"] and b["equal_value"]["estimate"]


@cache
def pdf_text(lang: Lang) -> str:
    pdf = render_pdf(markup(lang), photos=lambda ref: None).pdf
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


SAVINGS = {
    "zh": (
        "已采纳措施预计年节能24.43tce（当量值）、42.69tce（等价值）",
        "GB/T13234-2018《用能单位节能量计算方法》",
        "当量值按0.1229kgce/kWh；等价值按全国火电平均供电标准煤耗0.3055kgce/kWh（2020年数值，"
        "暂代2024年；估算，待核实）",
        "低于3级：30台，600.0kW，占电机总功率60.0%",
    ),
    "en": (
        "expectedtosave24.43tce(calorificequivalent)or42.69tce(primary-energyequivalent)",
        "GB/T13234-2018Determinationofenergysavingsinorganizations(用能单位节能量计算方法)",
        "0.1229kgce/kWhonthecalorificbasis",
        "0.3055kgce/kWh(the2020value,standingin for2024;estimate,tobeverified)".replace(" ", ""),
        "belowgrade3:30units,600.0kW,60.0%ofthemotorpower",
    ),
}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")
@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_prints_both_bases_and_the_inventory(lang: Lang) -> None:
    text = flat(pdf_text(lang))
    for words in SAVINGS[lang]:
        assert words in text
