"""Numbers never contradict their words (issue 16, point 5): a figure beside a threshold is
compared unrounded and printed precisely enough that the sentence reads true; one money unit
per table and sentence (万元), one water unit (m³), one output value with its source."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import Lang
from diagnosis.report.context import plan_context
from diagnosis.report.numbers import compared
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, with_answers

GENERATED = date(2024, 3, 28)
LANGS: tuple[Lang, ...] = ("zh", "en")


@pytest.fixture(scope="module")
def demo() -> Document:
    return demo_document(next(enterprises(1)), seed=1)


def markup(doc: Document, lang: Lang) -> str:
    return render_markup(plan_context(doc, assess(doc), lang, generated=GENERATED), lang)


def texts(xml: str, tag: str) -> list[str]:
    root = ET.fromstring(xml.encode("utf-8"))
    return [re.sub(r"\s+", " ", "".join(el.itertext())) for el in root.iter(tag)]


def with_intake(doc: Document, m3: float) -> Document:
    return with_answers(doc, {"water": {"W01": {"tap": {"quantity": m3}}}})


def with_tax_per_mu(doc: Document, tax: float, land: float) -> Document:
    e = dataclasses.replace(doc.enterprise, tax=tax, land_area=land)
    return dataclasses.replace(doc, enterprise=e)


# --- the helper ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "threshold", "kind", "shown"),
    [
        (29_999.6, 30_000, "water_m3", ("29,999.6", "30,000")),
        (2.996, 3, "indicator", ("2.996", "3")),
        (3.004, 3, "indicator", ("3.004", "3")),
        (30_000.0, 30_000, "water_m3", ("30,000", "30,000")),
        (392_030.0, 30_000, "water_m3", ("392,030", "30,000")),
        (30.47, 3, "indicator", ("30.47", "3")),
    ],
)
def test_compared_prints_the_order_of_the_unrounded_values(
    value: float, threshold: float, kind: str, shown: tuple[str, str]
) -> None:
    assert compared(value, threshold, kind) == shown


# --- through the real sentences -------------------------------------------------------------------


def test_water_intake_just_below_the_threshold_reads_below_it(demo: Document) -> None:
    doc = with_intake(demo, 29_999.6)
    zh = " ".join(texts(markup(doc, "zh"), "li"))
    en = " ".join(texts(markup(doc, "en"), "li"))
    assert "企业年取水量 29,999.6 m³，低于 30,000 m³/年" in zh
    assert "30,000 m³，低于 30,000" not in zh
    assert "takes 29,999.6 m³ of water a year, below 30,000 m³" in en


def test_tax_per_mu_just_below_the_threshold_reads_below_it(demo: Document) -> None:
    doc = with_tax_per_mu(demo, 2_996.0, 1_000.0)  # 2.996 万元/亩
    zh = markup(doc, "zh")
    en = markup(doc, "en")
    flags_zh = " ".join(texts(zh, "li"))
    assert "亩均税收 2.996 万元/亩 < 3 万元/亩" in flags_zh  # the summary's flag
    assert "3.00 万元/亩 < 3" not in flags_zh
    assert "企业亩均税收 2.996 万元/亩，低于 3 万元/亩" in flags_zh  # the policy line
    assert "ax per mu 2.996 (10k yuan/mu) < 3" in " ".join(texts(en, "li"))
    # The profile prints the same figure the comparison does.
    assert any("2.996 万元/亩" in t for t in texts(zh, "td"))


def test_water_flag_reads_in_cubic_metres(demo: Document) -> None:
    zh = " ".join(texts(markup(demo, "zh"), "li"))
    assert "年取水量 392,030 m³ ≥ 30,000 m³" in zh
    assert "吨" not in zh


# --- one money unit, one water unit -------------------------------------------------------------


def measure_tables(xml: str) -> list[ET.Element]:
    """The tables of the measures chapter: investment and annual savings side by side."""
    root = ET.fromstring(xml.encode("utf-8"))
    heads = ("年节约", "Annual savings")
    return [
        t
        for t in root.iter("table")
        if any(h in "".join(th.itertext()) for th in t.iter("th") for h in heads)
    ]


def profile_rows(xml: str) -> list[str]:
    """The rows of the enterprise profile (the second key-value table; the cover's is first)."""
    root = ET.fromstring(xml.encode("utf-8"))
    profile = [t for t in root.iter("table") if t.get("style") == "keyvalue"][1]
    return ["".join(tr.itertext()) for tr in profile]


@pytest.mark.parametrize("lang", LANGS)
def test_measures_table_is_in_one_money_unit(demo: Document, lang: Lang) -> None:
    xml = markup(demo, lang)
    tables = measure_tables(xml)
    assert tables
    for table in tables:
        heads = ["".join(th.itertext()) for th in table.iter("th")]
        money = [h for h in heads if "元" in h or "yuan" in h]
        assert money, heads
        assert all("万元" in h or "10k yuan" in h for h in money), heads
    ctx = plan_context(demo, assess(demo), lang, generated=GENERATED)
    total = assess(demo).totals.money_saved_yuan
    assert total
    assert ctx["measures"]["totals"]["savings"] == f"{total / 10_000:,.2f}"


def test_summary_sentence_has_one_money_unit(demo: Document) -> None:
    lead = next(p for p in texts(markup(demo, "zh"), "p") if "合计投资" in p)
    sentence = lead[lead.index("合计投资") :]
    sentence = sentence[: sentence.index("。")]
    assert re.findall(r"[万]?元", sentence) == ["万元", "万元"]


@pytest.mark.parametrize("lang", LANGS)
def test_water_is_in_cubic_metres_only(demo: Document, lang: Lang) -> None:
    ctx = plan_context(demo, assess(demo), lang, generated=GENERATED)
    water = next(a for a in ctx["areas"] if a["key"] == "water")
    units = {f["unit"] for f in water["figures"]}
    units |= {
        t[u] for f in water["figures"] for t in f["inputs"] for u in ("unit", "contribution_unit")
    }
    assert not any(u.startswith("t") for u in units), units
    assert "m³/万元" in units
    xml = markup(demo, lang)
    body = " ".join(texts(xml, "li") + texts(xml, "p"))
    assert "吨" not in body and "t/年" not in body and "t/yr" not in body


# --- one output value with its source -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_profile_shows_one_output_value_with_its_source(demo: Document, lang: Lang) -> None:
    e = dataclasses.replace(demo.enterprise, output_value=150_000.0)  # register differs from E03
    doc = dataclasses.replace(demo, enterprise=e)
    output = [
        r for r in profile_rows(markup(doc, lang)) if "产值" in r or "output value" in r.lower()
    ]
    assert len(output) == 1, output
    assert "196,210.50" in output[0] and "150,000" not in output[0]
    assert "E03" in output[0]
    # Without E03 the register's figure stands in, and says so.
    bare = with_answers(doc, {"energy": {"E03": None}})
    output = [
        r for r in profile_rows(markup(bare, lang)) if "产值" in r or "output value" in r.lower()
    ]
    assert len(output) == 1 and "150,000" in output[0]
    assert ("企业名录" in output[0]) if lang == "zh" else ("register" in output[0])
