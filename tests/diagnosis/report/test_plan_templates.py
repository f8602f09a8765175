"""The plan templates: well-formed markup within the contract (docs/report-markup.md) in both
languages, every section there, the empty and the huge visit, and StrictUndefined at work."""

from __future__ import annotations

import copy
import dataclasses
import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import jinja2
import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.proposals import Decision
from diagnosis.messages import Lang
from diagnosis.register.enterprise import Enterprise
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, Finding, Visit

GENERATED = date(2024, 3, 28)
LANGS: tuple[Lang, ...] = ("zh", "en")

# --- the contract, written out independently of the renderer's parser -------------------------
INLINE = {"b", "br"}
TEXT = {"title", "subtitle", "h1", "h2", "h3", "p", "li", "th", "td"}
BLOCKS = {
    "cover", "toc", "h1", "h2", "h3", "p", "ul", "table", "figures", "chart", "finding",
    "photo", "signoff", "keep", "spacer", "pagebreak",
}  # fmt: skip
CHILDREN: dict[str, set[str]] = {
    "plan": BLOCKS,
    "keep": BLOCKS - {"cover", "toc"},
    "cover": {"title", "subtitle", "p", "table", "spacer"},
    "ul": {"li"},
    "table": {"tr"},
    "tr": {"th", "td"},
    "figures": {"figure"},
    "chart": {"point"},
    "finding": {"p", "h3", "ul", "photo"},
    "signoff": {"signer"},
}
ATTRS: dict[str, set[str]] = {
    "plan": {
        "lang", "title", "author", "subject", "header-left", "header-right", "footer-left",
        "page-format", "missing-photo",
    },
    "toc": {"title"},
    "p": {"class"},
    "li": {"mark"},
    "table": {"widths", "align", "header", "style", "total", "continued"},
    "tr": {"class"},
    "figure": {"label", "value", "unit"},
    "chart": {"kind", "title", "max", "unit"},
    "point": {"label", "value"},
    "photo": {"ref", "caption"},
    "signoff": {"sign-label", "date-label"},
    "signer": {"role", "name", "detail", "seal"},
    "spacer": {"height"},
}  # fmt: skip
CHOICES = {
    ("p", "class"): {"", "lead", "note", "warning"},
    ("li", "mark"): {"", "ok", "miss", "warn", "info"},
    ("table", "style"): {"grid", "plain", "keyvalue"},
    ("tr", "class"): {"", "group"},
    ("chart", "kind"): {"radar", "bar"},
}
PLAIN_NUMBER = re.compile(r"^(-?\d+(\.\d+)?)?$")


def check_contract(markup: str) -> list[str]:
    """Every breach of the markup contract, by path."""
    root = ET.fromstring(markup.encode("utf-8"))
    problems: list[str] = []
    if root.tag != "plan":
        return [f"root is <{root.tag}>"]
    if root.get("lang") not in LANGS:
        problems.append("plan: lang")

    def visit(el: ET.Element, path: str) -> None:
        for name, value in el.attrib.items():
            if name not in ATTRS.get(el.tag, set()):
                problems.append(f"{path}: attribute {name}")
            allowed = CHOICES.get((el.tag, name))
            if allowed is not None and value not in allowed:
                problems.append(f"{path}: {name}={value!r}")
        if el.tag == "point" and not PLAIN_NUMBER.match(el.get("value", "")):
            problems.append(f"{path}: value {el.get('value')!r} is not a plain number")
        if el.tag == "table":
            check_table(el, path)
        if el.tag in TEXT:
            for child in el:
                if child.tag not in INLINE:
                    problems.append(f"{path}: <{child.tag}> in text")
                elif child.tag == "b" and len(child):
                    problems.append(f"{path}: markup inside <b>")
            return
        if el.tag not in CHILDREN:
            if len(el) or (el.text or "").strip():
                problems.append(f"{path}: <{el.tag}> must be empty")
            return
        if (el.text or "").strip():
            problems.append(f"{path}: loose text")
        counts: dict[str, int] = {}
        for child in el:
            counts[child.tag] = counts.get(child.tag, 0) + 1
            child_path = f"{path}/{child.tag}[{counts[child.tag]}]"
            if child.tag not in CHILDREN[el.tag]:
                problems.append(f"{child_path}: not allowed in <{el.tag}>")
            if (child.tail or "").strip():
                problems.append(f"{child_path}: loose text after it")
            visit(child, child_path)

    def check_table(el: ET.Element, path: str) -> None:
        widths = el.get("widths")
        columns = len(widths.split(",")) if widths else len(el[0]) if len(el) else 0
        if el.get("align") and len(el.get("align", "").split(",")) != columns:
            problems.append(f"{path}: align does not match the columns")
        for i, tr in enumerate(el, 1):
            if len(tr) != (1 if tr.get("class") == "group" else columns):
                problems.append(f"{path}/tr[{i}]: {len(tr)} cells, not {columns}")

    visit(root, "plan")
    return problems


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc() -> Document:
    return demo_document(next(enterprises(1)), seed=1)


def render(doc: Document, lang: Lang, **kw: Any) -> str:
    return render_markup(plan_context(doc, assess(doc), lang, generated=GENERATED, **kw), lang)


def empty_doc() -> Document:
    return Document(
        Enterprise(name="空白企业", credit_code="91330203241515734Y"),
        Visit("v-empty", "2024-05-01"),
        {},
    )


def texts(markup: str, tag: str) -> list[str]:
    root = ET.fromstring(markup.encode("utf-8"))
    return ["".join(el.itertext()) for el in root.iter(tag)]


HEADINGS = {
    "zh": [
        "一、企业基本情况",
        "二、诊断结论摘要",
        "三、智能制造（数字化）诊断",
        "四、节能诊断",
        "五、节水诊断",
        "六、清洁生产",
        "七、安全生产与环境保护诊断",
        "八、改进措施",
        "九、实施路线图",
        "十、技术改造项目清单",
        "十一、政策支持与合规要求",
        "十二、确认签字",
        "附录　诊断问答记录",
    ],
    "en": [
        "1 Enterprise profile",
        "2 Executive summary",
        "3 Intelligent manufacturing / digitalisation",
        "4 Energy-saving diagnosis",
        "5 Water saving",
        "6 Cleaner production",
        "7 Safety production and environmental protection",
        "8 Improvement measures",
        "9 Implementation roadmap",
        "10 Technical-transformation project list",
        "11 Policy support and compliance",
        "12 Sign-off",
        "Appendix: questions and answers",
    ],
}


# --- tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_plan_demo_markup_is_well_formed_and_within_the_contract(doc: Document, lang: Lang) -> None:
    markup = render(doc, lang)
    assert markup.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<plan ')
    assert check_contract(markup) == []
    root = ET.fromstring(markup.encode("utf-8"))
    assert root.get("lang") == lang
    assert (
        root.get("page-format")
        == {"zh": "第 {page} 页 / 共 {pages} 页", "en": "Page {page} of {pages}"}[lang]
    )
    assert root.get("header-left") == doc.enterprise.name
    assert doc.visit.id in root.get("footer-left", "")
    assert [child.tag for child in root][:3] == ["cover", "toc", "h1"]
    assert texts(markup, "title") == [
        {"zh": "企业诊断改进方案", "en": "Enterprise Diagnosis Improvement Plan"}[lang]
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_plan_demo_has_every_section_in_order(doc: Document, lang: Lang) -> None:
    markup = render(doc, lang)
    assert texts(markup, "h1") == HEADINGS[lang]
    root = ET.fromstring(markup.encode("utf-8"))
    # The demo's three experts and the organisation's seal; the firm's representative and seal.
    assert [len(s.findall("signer")) for s in root.iter("signoff")] == [4, 2]
    kinds = [c.get("kind") for c in root.iter("chart")]  # issue 17's chapters add bar charts
    assert kinds[0] == "radar" and set(kinds) == {"radar", "bar"}
    assert len(root.findall("chart[@kind='radar']/point")) == 5
    assert len(root.findall("figures/figure")) == 3
    assert len(root.findall(".//finding")) == len(doc.findings)


@pytest.mark.parametrize("lang", LANGS)
def test_plan_markup_accepted_by_the_renderers_parser(doc: Document, lang: Lang) -> None:
    markup_module = pytest.importorskip("diagnosis.report.markup")
    parse = getattr(markup_module, "parse_markup", None)
    if parse is None:
        pytest.skip("the renderer's parser is not there yet")
    parse(render(doc, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_plan_shows_the_context_numbers(doc: Document, lang: Lang) -> None:
    ctx = plan_context(doc, assess(doc), lang, generated=GENERATED)
    markup = render_markup(ctx, lang)
    root = ET.fromstring(markup.encode("utf-8"))
    boxes = {f.get("value") for f in root.iter("figure")}
    assert {
        f["value"] for f in ctx["summary"]["figures"] if f["key"] in ("tce", "co2", "water")
    } == boxes
    radar = [p.get("value") for p in root.findall("chart[@kind='radar']/point")]
    assert radar == [a["chart"] for a in ctx["summary"]["areas"]]
    # the measure table's total (issue 17's chapters have tables with totals of their own)
    total = next(
        t
        for t in root.iter("table")
        if t.get("total") == "1"
        and [th.text for th in t.iter("th")][:2] in (["编号", "措施"], ["Code", "Measure"])
    )
    cells = ["".join(td.itertext()) for td in total[-1]]
    totals = ctx["measures"]["totals"]  # a range where proposals' ranges are in the sum
    assert cells[2] == (totals["investment_range"] or totals["investment"])


@pytest.mark.parametrize("lang", LANGS)
def test_plan_photos_of_findings(doc: Document, lang: Lang) -> None:
    sha = "c" * 64
    finding = Finding(
        "f-photo", "safety", "major", "配电箱 <未上锁> & 线路裸露", None, (sha, "d" * 64)
    )
    with_photo = dataclasses.replace(doc, findings=(finding,))
    markup = render(with_photo, lang, photo_available=lambda h: h == sha)
    assert check_contract(markup) == []
    root = ET.fromstring(markup.encode("utf-8"))
    assert [p.get("ref") for p in root.iter("photo")] == [sha]
    assert "配电箱 <未上锁> & 线路裸露" in "".join(root.find(".//finding").itertext())  # type: ignore[union-attr]


# Nothing accepted: no project list, and the chapters after the roadmap keep their numbers.
NO_PROJECTS = {
    "zh": [*HEADINGS["zh"][:9], "十、政策支持与合规要求", "十一、确认签字", HEADINGS["zh"][-1]],
    "en": [
        *HEADINGS["en"][:9],
        "10 Policy support and compliance",
        "11 Sign-off",
        HEADINGS["en"][-1],
    ],
}
WHY = {
    "zh": ["本次诊断未录入分品种能源消费量，无法计算", "本次诊断未录入分水源取水量，无法计算"],
    "en": [
        "cannot be computed because no energy consumption",
        "cannot be computed because no water intake",
    ],
}


@pytest.mark.parametrize("lang", LANGS)
def test_plan_empty_visit_says_why(lang: Lang) -> None:
    markup = render(empty_doc(), lang)
    assert check_contract(markup) == []
    assert texts(markup, "h1") == NO_PROJECTS[lang]
    for phrase in WHY[lang]:
        assert phrase in markup
    root = ET.fromstring(markup.encode("utf-8"))
    assert {p.get("value") for p in root.findall("chart[@kind='radar']/point")} == {""}
    assert root.find("chart[@kind='bar']") is None  # no measures, no payback chart
    no_measures = {"zh": "本次诊断未形成改进措施", "en": "did not lead to any improvement measure"}
    assert no_measures[lang] in markup
    no_findings = {"zh": "未记录具体问题", "en": "No specific finding was recorded"}
    assert markup.count(no_findings[lang]) == 5


@pytest.mark.parametrize("lang", LANGS)
def test_plan_300_measures_and_a_500_character_name(doc: Document, lang: Lang) -> None:
    decisions = tuple(
        decision_to_dict(
            Decision(
                None,
                "accepted" if n % 3 else "proposed",
                investment_10k_yuan=1.5 + n,
                money_saved_yuan=10_000.0 * n,
                custom=True,
                title=f"自定义改进措施 {n} Custom measure & <{n}>",
            )
        )
        for n in range(300)
    )
    name = ("宁波长名称测试企业有限公司" * 40)[:500]
    big = dataclasses.replace(
        doc, enterprise=dataclasses.replace(doc.enterprise, name=name), measures=decisions
    )
    markup = render(big, lang)
    assert check_contract(markup) == []
    root = ET.fromstring(markup.encode("utf-8"))
    assert len(root.get("header-left", "")) <= 61
    assert root.get("title", "").startswith(name)
    rows = sum(
        1
        for tr in root.iter("tr")
        if len(tr) == 7 and "".join(tr[1].itertext()).startswith("自定义改进措施")
    )
    assert rows == 300
    titles = ["".join(tr[1].itertext()) for tr in root.iter("tr") if len(tr) == 7]
    assert "自定义改进措施 7 Custom measure & <7>" in titles


def test_plan_strict_undefined_catches_a_missing_key(doc: Document) -> None:
    ctx = plan_context(doc, assess(doc), "zh", generated=GENERATED)
    for path in (("document", "revision"), ("measures", "roadmap"), ("summary", "bands")):
        broken = copy.deepcopy(ctx)
        del broken[path[0]][path[1]]
        with pytest.raises(jinja2.UndefinedError):
            render_markup(broken, "zh")
        with pytest.raises(jinja2.UndefinedError):
            render_markup(broken, "en")


def test_plan_refuses_an_unknown_language(doc: Document) -> None:
    with pytest.raises(ValueError, match="fr"):
        render_markup({}, "fr")  # type: ignore[arg-type]


def test_plan_escapes_text_in_attributes_and_text(doc: Document) -> None:
    name = "A&B \"Quoted\" <Co> 'Ltd'"
    odd = dataclasses.replace(doc, enterprise=dataclasses.replace(doc.enterprise, name=name))
    for lang in LANGS:
        markup = render(odd, lang)
        root = ET.fromstring(markup.encode("utf-8"))
        assert root.get("header-left") == name
        assert check_contract(markup) == []


def test_plan_contract_check_catches_breaches() -> None:
    bad = (
        '<plan lang="zh" colour="red"><h1>一<i>x</i></h1><ul><p>x</p></ul>'
        '<table widths="1,1"><tr><td>a</td></tr></table>'
        '<chart kind="pie"><point label="a" value="1,000"/></chart>loose</plan>'
    )
    problems = check_contract(bad)
    assert len(problems) == 7, problems


@pytest.mark.parametrize("lang", LANGS)
def test_plan_renders_to_pdf(doc: Document, lang: Lang) -> None:
    from diagnosis.report.pdf import render_pdf

    finding = Finding("f-photo", "energy", "serious", "空压机漏气", None, ("e" * 64,))
    markup = render(dataclasses.replace(doc, findings=(finding,)), lang)
    result = render_pdf(markup, photos=lambda ref: None)
    assert result.pdf.startswith(b"%PDF")
    assert result.pages > 10
    text = "".join(result.text.split())
    for heading in HEADINGS[lang]:
        assert "".join(heading.split()) in text
