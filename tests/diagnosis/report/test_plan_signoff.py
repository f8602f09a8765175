"""The plan's sign-off chapter (issue 17 item 6): each expert's name, specialty and organisation,
the lead first, then the firm's acknowledgement; an old visit without experts prints names only;
a malformed experts entry is refused naming its field; six experts fit on one page."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import Lang
from diagnosis.report.context import plan_context
from diagnosis.report.context_signoff import build, specialty_in
from diagnosis.report.pdf import render_pdf
from diagnosis.report.plan import render_markup
from diagnosis.sync.records import Context, check_record
from diagnosis.visits.document import Document, DocumentError, document_to_dict, read_document
from diagnosis.visits.experts import Expert

GENERATED = date(2024, 3, 28)
ORG = "宁波市工业企业诊断服务中心"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


def visit_doc(team: tuple[str, ...], experts: tuple[Expert, ...]) -> Document:
    doc = demo_document(next(enterprises(1)), seed=1)
    return replace(doc, visit=replace(doc.visit, team=team, organisation=ORG, experts=experts))


def pdf_pages(doc: Document, lang: Lang) -> list[str]:
    xml = render_markup(plan_context(doc, assess(doc), lang, generated=GENERATED), lang)
    pdf = render_pdf(xml, photos=lambda ref: None).pdf
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return out.stdout.decode("utf-8").split("\f")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


TEAM = ("陈静", "王建国")
EXPERTS = (Expert("王建国", "智能制造", ""), Expert("陈静", "节能、节水", "宁波市节能协会"))


def test_context_lists_the_lead_first_with_specialty_and_organisation() -> None:
    doc = visit_doc(TEAM, EXPERTS)
    zh = build(doc, assess(doc), "zh")
    # team decides the order (陈静 leads) although the entries were stored the other way round;
    # 王建国 left his organisation empty: the visit's.
    assert zh["experts"] == [
        {"lead": True, "name": "陈静", "specialty": "节能、节水", "organisation": "宁波市节能协会"},
        {"lead": False, "name": "王建国", "specialty": "智能制造", "organisation": ORG},
    ]
    assert zh["detailed"] and zh["enterprise"] == doc.enterprise.name
    en = build(doc, assess(doc), "en")
    assert [e["specialty"] for e in en["experts"]] == [
        "Energy saving, Water saving",
        "Intelligent manufacturing",
    ]
    assert specialty_in("注塑工艺", "en") == "注塑工艺"  # free text stays as typed


@needs_pdftotext
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ("十二、确认签字", "组长", "成员", "节能、节水·宁波市节能协会", "智能制造·" + ORG,
                "企业确认", "企业（盖章）", "姓名、职务", "诊断服务机构（盖章）")),
        ("en", ("12 Sign-off", "Team lead", "Member", "Energy saving, Water saving ·宁波市节能协会",
                "Intelligent manufacturing ·" + ORG, "The enterprise's acknowledgement",
                "Enterprise (company seal)", "name and title", "Diagnosis organisation (seal)")),
    ],
)  # fmt: skip
def test_pdf_prints_each_expert_and_the_acknowledgement(lang: Lang, words: tuple[str, ...]) -> None:
    pages = pdf_pages(visit_doc(TEAM, EXPERTS), lang)
    heading = "诊断专家组" if lang == "zh" else "Diagnosis experts"
    (page,) = [p for p in pages if heading in p and "陈静" in p]
    text = flat(page)
    for w in words:
        assert flat(w) in text, w
    assert text.index("陈静") < text.index("王建国")  # the lead first


@needs_pdftotext
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_six_experts_and_the_acknowledgement_fit_on_one_page(lang: Lang) -> None:
    names = ("甲一", "乙二", "丙三", "丁四", "戊五", "己六")
    org = "宁波市某某区工业和信息化局工业企业诊断服务中心第二分中心"  # a long name: two lines
    experts = tuple(Expert(n, "安全环保", org) for n in names)
    pages = pdf_pages(visit_doc(names, experts), lang)
    title = "企业确认" if lang == "zh" else "The enterprise's acknowledgement"
    (page,) = [p for p in pages if all(n in p for n in names) and title in p]
    assert title in page and "己六" in page  # experts and acknowledgement on the one page


@needs_pdftotext
def test_old_visit_without_experts_prints_the_names_alone() -> None:
    doc = visit_doc(("陈静", "王建国"), ())
    ctx = build(doc, assess(doc), "zh")
    assert not ctx["detailed"] and [e["name"] for e in ctx["experts"]] == ["陈静", "王建国"]
    text = flat("".join(pdf_pages(doc, "zh")))
    assert "组长陈静" in text and "未填写专家的专业和所在单位" in text
    en = flat("".join(pdf_pages(doc, "en")))
    assert flat("only the names are listed") in en and "·" + ORG not in en


def test_a_document_without_experts_reads_and_one_with_a_bad_entry_is_refused() -> None:
    doc = visit_doc(TEAM, EXPERTS)
    raw = document_to_dict(doc)
    assert raw["visit"]["experts"][1] == {
        "name": "陈静",
        "specialty": "节能、节水",
        "organisation": "宁波市节能协会",
    }
    assert read_document(raw).document.visit.experts == EXPERTS  # lossless
    del raw["visit"]["experts"]  # a document of an earlier version
    assert read_document(raw).document.visit.experts == ()
    raw["visit"]["experts"] = [{"name": "陈静", "specialty": 3}]
    with pytest.raises(DocumentError) as exc:
        read_document(raw)
    assert "$.visit.experts[0].specialty: must be text" in exc.value.problems


def test_the_server_rules_name_the_bad_field_of_an_entry() -> None:
    rec = {
        "enterprise_id": "00000000-0000-4000-8000-000000000001",
        "date": "2024-03-20",
        "status": "draft",
        "revision": 1,
        "team": '["陈静"]',
        "organisation": ORG,
        "areas": "[]",
        "checklists": "{}",
        "tables": "{}",
        "year": None,
        "output_value": None,
        "energy_use": "[]",
        "water_use": "[]",
        "water_reused_m3": None,
        "measures": "[]",
        "previous_id": None,
        "notes": "{}",
    }
    ok = {**rec, "experts": '[{"name": "陈静", "specialty": "节能", "organisation": ""}]'}
    assert check_record("visits", ok, Context()) is None
    cases = {
        '[{"name": "陈静", "specialty": "' + "节" * 201 + '", "organisation": ""}]': (
            "experts[0].specialty",
            "at most 200",
        ),
        '[{"name": "", "specialty": "", "organisation": ""}]': ("experts[0].name", "non-empty"),
        '[{"name": "陈静", "organisation": 5}]': ("experts[0].organisation", "must be text"),
        '[{"name": "陈静", "role": "lead"}]': ("experts[0].role", "not a field"),
        '["陈静"]': ("experts[0]", "must be"),
        '[{"name": "陈静", "specialty": "节\\u0007能"}]': ("experts[0].specialty", "control"),
    }
    for value, (where, reason) in cases.items():
        problem = check_record("visits", {**rec, "experts": value}, Context())
        assert problem is not None and problem.field == where and reason in problem.reason, value
