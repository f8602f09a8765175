"""Sources fit for a client (issue 16, point 6): the demo plan's text, read back from its PDF
with pdftotext in both languages, cites only standards, laws and official documents; no web
address, forum, news or code host, no internal confidence tag; unverified figures say so in
words; the English plan is English but for names, what the team typed, and the bracketed
originals of titles and terms."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.assessment.flags import plan_rules
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.figures.coefficients import coefficient_table
from diagnosis.messages import Lang
from diagnosis.report.citations import CITATIONS_FILE, line, resolve
from diagnosis.report.context import plan_context
from diagnosis.report.pdf import render_pdf
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document

GENERATED = date(2024, 3, 28)
LANGS: tuple[Lang, ...] = ("zh", "en")
# What must never reach a firm: web addresses and hosts, the forum, news and code-sample pages
# the reference tables name as provenance, and the team's confidence tags.
UNFIT = re.compile(
    r"https?://|www\.|wanglu|163\.com|daydaynews|代码样例|code sample|转载|repost|"
    r"可信度|confidence|\[[VKLC]\]|（[VKLC]\b|\([VKLC]\b",
    re.IGNORECASE,
)
# A host name (lower case, so measure codes such as IM.NET.01 are not taken for one).
HOST = re.compile(r"\b[a-z0-9-]+\.(com|cn|net|org|cc|html?)\b")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


@pytest.fixture(scope="module")
def doc() -> Document:
    return demo_document(next(enterprises(1)), seed=1)


@cache
def _plan_text(lang: Lang) -> str:
    doc = demo_document(next(enterprises(1)), seed=1)
    xml = render_markup(plan_context(doc, assess(doc), lang, generated=GENERATED), lang)
    pdf = render_pdf(xml, photos=lambda ref: None).pdf
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


@needs_pdftotext
@pytest.mark.parametrize("lang", LANGS)
def test_plan_prints_no_web_source_and_no_confidence_tag(lang: Lang) -> None:
    text = _plan_text(lang)
    found = [m.group(0) for m in UNFIT.finditer(text)] + [m.group(0) for m in HOST.finditer(text)]
    assert found == []
    # The figures behind the indicators still cite their standard, number and clause.
    assert "GB/T 2589-2020" in text
    annex = "《综合能耗计算通则》附录 A" if lang == "zh" else "Annex A"
    assert annex in text


@needs_pdftotext
@pytest.mark.parametrize("lang", LANGS)
def test_unverified_figures_say_so_in_words(lang: Lang) -> None:
    words = "估算，待核实" if lang == "zh" else "estimate, to be verified"
    assert words in flat(_plan_text(lang)) if lang == "zh" else words in _plan_text(lang).lower()


def _allowed(doc: Document) -> list[str]:
    """Text the English plan prints as it was written: names, the address, and what the team
    typed (findings, notes, free answers), none of which the app can translate."""
    e, v = doc.enterprise, doc.visit
    typed = [f.text for f in doc.findings]
    typed += [n for notes in doc.notes.values() for n in notes.values()]

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for x in value.values() for s in strings(x)]
        if isinstance(value, list):
            return [s for x in value for s in strings(x)]
        return []

    typed += [s for area in doc.answers.values() for s in strings(area)]
    names = [e.name, e.address or "", e.contact_person or "", v.organisation, *v.team]
    names += [x.organisation for x in v.experts]  # typed beside each expert
    return sorted((flat(s) for s in names + typed if s and CJK.search(s)), key=len, reverse=True)


@needs_pdftotext
def test_english_plan_is_english_but_names_typed_text_and_bracketed_originals(
    doc: Document,
) -> None:
    text = flat(_plan_text("en"))
    for allowed in _allowed(doc):
        text = text.replace(allowed, "")
    # A bracketed original after its translation: "(综合能耗计算通则)", "(当量值)". Brackets may
    # nest one level (the action plan's title holds its years in full-width brackets).
    text = re.sub(
        r"\((?:[^()]|\([^()]*\))*\)", lambda m: "" if CJK.search(m.group(0)) else m.group(0), text
    )
    leftover = sorted(
        {m.group(0) for m in re.finditer(r"\S{0,12}" + CJK.pattern + r"+\S{0,12}", text)}
    )
    assert leftover == []


# --- the data behind the filter -----------------------------------------------------------------


def test_every_coefficient_and_policy_source_resolves_to_a_printable_line() -> None:
    sources = {(c.source, c.confidence) for c in coefficient_table().entries}
    sources |= {(r.source, r.confidence) for r in plan_rules().values()}
    for source, confidence in sources:
        found = resolve(source, confidence)
        assert found.cited or found.what is not None, source
        for lang in LANGS:
            printed = line(source, confidence, lang)
            assert printed and not UNFIT.search(printed), (source, printed)


def test_citations_are_standards_laws_or_official_documents_in_both_languages() -> None:
    data = json.loads(Path(CITATIONS_FILE).read_text("utf-8"))
    for key, doc in data["documents"].items():
        assert doc["kind"] in ("standard", "law", "official"), key
        assert doc["title_zh"] and doc["title_en"], key
        assert not CJK.search(doc["title_en"] + doc.get("number_en", "")), key
        assert not UNFIT.search(json.dumps(doc, ensure_ascii=False)), key
    for rule in data["rules"]:
        for cite in rule["cite"]:
            assert cite["id"] in data["documents"]
            assert not CJK.search(cite.get("clause_en", ""))
        if "what_en" in rule:
            assert not CJK.search(rule["what_en"])
