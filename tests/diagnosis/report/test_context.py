"""The plan's context: plain data, and every number the assessment's own figure as the app
formats it (expected values computed here from ``assess``, never read back from the context)."""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Any

import pytest

from diagnosis.assessment.assess import Assessment, assess
from diagnosis.assessment.scoring import relevant
from diagnosis.checklists.format import AREAS
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.display import figure
from diagnosis.figures.indicators import total_energy
from diagnosis.measures.proposals import COUNTED
from diagnosis.messages import Lang
from diagnosis.register.enterprise import FIELDS, Enterprise
from diagnosis.report.context import plan_context
from diagnosis.visits.document import Document, Finding, Visit, with_answers

GENERATED = date(2024, 3, 28)
SHA_A = "a" * 64
SHA_B = "b" * 64


@pytest.fixture(scope="module")
def doc() -> Document:
    """A demo visit whose special operators are not all certified (S02): a major hidden
    danger, whatever the demo's own answers, so the urgent paths show."""
    return with_answers(demo_document(next(enterprises(1)), seed=1), {"safety": {"S02": "no"}})


@pytest.fixture(scope="module")
def assessment(doc: Document) -> Assessment:
    return assess(doc)


@pytest.fixture(scope="module", params=["zh", "en"])
def ctx(request: pytest.FixtureRequest, doc: Document) -> dict[str, Any]:
    lang: Lang = request.param
    return plan_context(doc, assess(doc), lang, generated=GENERATED)


def empty_doc(**changes: Any) -> Document:
    doc = Document(
        Enterprise(name="空白企业", credit_code="91330203241515734Y"),
        Visit("v-empty", "2024-05-01"),
        {},
    )
    return dataclasses.replace(doc, **changes)


def answered(**answers: Any) -> dict[str, Any]:
    """Answers by item id (E02 and W01 given as {row: quantity})."""
    energy: dict[str, Any] = {}
    water: dict[str, Any] = {}
    for item, value in answers.items():
        if isinstance(value, dict):
            value = {row: {"quantity": q} for row, q in value.items()}
        (water if item.startswith("W") else energy)[item] = value
    return {"energy": energy, "water": water}


def walk(value: Any, path: str = "$") -> list[str]:
    """Paths of everything in the context that is not plain data."""
    if isinstance(value, dict):
        bad = [f"{path} key {k!r}" for k in value if not isinstance(k, str)]
        return bad + [p for k, v in value.items() for p in walk(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in walk(v, f"{path}[{i}]")]
    if value is None or isinstance(value, (str, bool, int)):
        return []
    return [f"{path}: {type(value).__name__}"]


def test_context_is_plain_data(ctx: dict[str, Any]) -> None:
    assert walk(ctx) == []
    assert set(ctx) == {
        "lang",
        "document",
        "enterprise",
        "summary",
        "areas",
        "measures",
        "policy",
        "policy_sources",
        "safety",
        "appendix",
        "energy_report",
        "equipment_report",
        "water_report",
        "cleaner_report",
        "im_report",
        "projects",
        "signoff",
    }


def test_context_document(ctx: dict[str, Any], doc: Document) -> None:
    d = ctx["document"]
    assert d["id"] == doc.visit.id
    assert d["revision"] == str(doc.visit.revision)
    assert d["status"] == doc.visit.status
    assert d["visit_date"]["iso"] == doc.visit.date
    assert d["generated"] == {"iso": "2024-03-28", "year": "2024", "month": "3", "day": "28"}
    assert d["team"] == list(doc.visit.team)
    assert d["lead"] == doc.visit.team[0]
    assert d["organisation"] == doc.visit.organisation


def test_context_profile_has_every_register_field_with_a_value(
    ctx: dict[str, Any], doc: Document
) -> None:
    lang = ctx["lang"]
    e = doc.enterprise
    profile = {row["key"]: row for row in ctx["enterprise"]["profile"]}
    for spec in FIELDS:
        value = getattr(e, spec.name)
        # The output value is one row of its own, with its source (E03, else the register's).
        if spec.name in ("willing", "output_value") or value in (None, ""):
            assert spec.name not in profile
            continue
        assert profile[spec.name]["label"] == spec.label(lang)
        assert profile[spec.name]["unit"] == spec.unit(lang)
    assert profile["employees"]["value"] == f"{e.employees:,}"
    assert profile["above_scale"]["value"] == ("yes" if e.above_scale else "no")
    assert profile["district"]["value"] in ("海曙区", "Haishu District")
    assert ctx["enterprise"]["tax_per_mu"] == figure(e.tax / e.land_area, "indicator")  # type: ignore[operator]


def test_context_scores_are_the_assessments(ctx: dict[str, Any], assessment: Assessment) -> None:
    scores = [s.score for s in assessment.areas.values() if s.score is not None]
    assert ctx["summary"]["overall"] == figure(math.fsum(scores) / len(scores), "score")
    for entry, area in zip(ctx["summary"]["areas"], AREAS, strict=True):
        s = assessment.areas[area]
        assert entry["key"] == area
        assert entry["score"] == figure(s.score, "score")
        assert entry["chart"] == str(round(s.score))  # type: ignore[arg-type]
        assert float(entry["chart"]) == pytest.approx(s.score, abs=0.5)
        assert (entry["answered"], entry["required"]) == (str(s.answered), str(s.required))
    im = next(a for a in ctx["areas"] if a["key"] == "intelligent_manufacturing")
    assert im["level"] == str(assessment.areas["intelligent_manufacturing"].level)
    assert im["has_levels"] is True


def test_context_key_figures_are_the_calculators(
    ctx: dict[str, Any], doc: Document, assessment: Assessment
) -> None:
    figures = {f["indicator"]: f for f in ctx["summary"]["figures"]}
    year = doc.year or 0
    tce = total_energy(doc.energy_use, basis="equivalent", year=year).value
    assert figures["energy.total_tce"]["value"] == figure(tce, "tce")
    tce_ev = total_energy(doc.energy_use, basis="equal_value", year=year).value
    assert figures["energy.total_tce_equal_value"]["value"] == figure(tce_ev, "tce")
    intake = math.fsum(w.quantity for w in doc.water_use)
    assert figures["water.intake_m3"]["value"] == figure(intake, "water_m3")
    assert figures["water.intake_m3"]["unit"] == "m³/a"
    reused = doc.water_reused_m3 or 0.0
    rate = reused / (reused + intake) * 100
    assert figures["water.reuse_rate"]["value"] == figure(rate, "percent")
    out = doc.output_value_10k_yuan or 1.0
    assert figures["energy.intensity_tce_per_10k_yuan"]["value"] == figure(tce / out, "intensity")
    assert figures["water.intake_per_10k_yuan"]["value"] == figure(intake / out, "per_output")
    co2 = assessment.indicators["energy.co2_t"].value
    assert figures["energy.co2_t"]["value"] == figure(co2, "co2_t")
    assert {f["key"] for f in ctx["summary"]["figures"]} >= {"tce", "co2", "water"}
    assert all(f["computed"] for f in figures.values())


def test_context_indicator_inputs_trace_to_coefficients(
    ctx: dict[str, Any], assessment: Assessment
) -> None:
    energy = next(a for a in ctx["areas"] if a["key"] == "energy")
    water = next(a for a in ctx["areas"] if a["key"] == "water")
    assert [f["area"] for f in energy["figures"]] == ["energy"] * 4
    assert [f["area"] for f in water["figures"]] == ["water"] * 3
    total = energy["figures"][0]
    fig = assessment.indicators["energy.total_tce"]
    assert len(total["inputs"]) == len(fig.terms)
    for entry, term in zip(total["inputs"], fig.terms, strict=True):
        assert term.coefficient is not None
        assert entry["coefficient"]["source"] == term.coefficient.source
        assert entry["coefficient"]["confidence"] == term.coefficient.confidence
        assert entry["coefficient"]["unit"] == term.coefficient.unit
        assert entry["contribution"] == figure(term.contribution, "indicator")
    intensity = energy["figures"][3]
    assert intensity["inputs"][0]["figure"] == "tce"
    assert intensity["inputs"][1]["figure"] == ""
    # The total energy it divides reads as in its own table (664.44, not 664.43948).
    assert intensity["inputs"][0]["quantity"] == total["value"]
    assert intensity["inputs"][0]["contribution"] == total["value"]
    others = [a for a in ctx["areas"] if a["key"] not in ("energy", "water")]
    assert all(a["figures"] == [] for a in others)


def test_context_gaps_are_the_scores_biggest(ctx: dict[str, Any], assessment: Assessment) -> None:
    for entry in ctx["areas"]:
        s = assessment.areas[entry["key"]]
        gaps = s.gaps(8)
        assert [g["id"] for g in entry["gaps"]] == [g.item for g in gaps]
        assert [g["points"] for g in entry["gaps"]] == [f"{g.gap:,.1f}" for g in gaps]


def test_context_measures_are_the_views(ctx: dict[str, Any], assessment: Assessment) -> None:
    m = ctx["measures"]
    listed = [v for v in assessment.measures if v.status not in ("rejected", "not_implemented")]
    assert [x["code"] for x in m["listed"]] == [v.code or "" for v in listed]
    for x, v in zip(m["listed"], listed, strict=True):
        assert x["status"] == v.status
        assert x["investment"] == figure(v.figures.investment_10k_yuan, "investment_10k_yuan")
        saved = v.figures.money_saved_yuan  # printed in 万元, as the investment beside it
        assert x["savings"] == figure(None if saved is None else saved / 1e4, "investment_10k_yuan")
        econ = v.economics
        assert x["tce"] == figure(econ.tce_saved if econ else None, "tce")
        assert x["co2"] == figure(econ.co2_t if econ else None, "co2_t")
        assert x["priority"] == figure(v.priority, "priority")
        assert x["payback"] == (v.payback_bucket or "")
        assert x["basis"] == (v.payback_basis or "")
    t = assessment.totals
    assert m["totals"]["count"] == t.count == len(m["accepted"])
    assert m["totals"]["investment"] == figure(t.investment_10k_yuan, "investment_10k_yuan")
    assert m["totals"]["savings"] == figure(t.money_saved_yuan / 1e4, "investment_10k_yuan")
    assert m["totals"]["co2"] == figure(t.co2_t, "co2_t")
    assert all(x["status"] in COUNTED for x in m["accepted"])
    assert [x["code"] for x in m["declined"]] == [
        v.code for v in assessment.measures if v.status == "rejected"
    ]
    counts = {b["key"]: int(b["count"]) for b in m["buckets"]}
    assert list(counts) == ["<1", "1-2", "2-3", ">3", "unknown"]
    assert sum(counts.values()) == len(listed)
    for key, n in counts.items():
        assert n == sum((v.payback_bucket or "unknown") == key for v in listed)
    top = sorted(listed, key=lambda v: -v.priority)[:5]
    assert [x["priority"] for x in m["top"]] == [figure(v.priority, "priority") for v in top]
    assert ctx["summary"]["top_measures"] == m["top"]


def test_context_roadmap_groups(ctx: dict[str, Any], assessment: Assessment) -> None:
    road = ctx["measures"]["roadmap"]
    scheduled = [
        v
        for v in assessment.measures
        if v.status in ("proposed", "accepted", "planned", "in_progress")
    ]
    grouped = [x["code"] for group in road.values() for x in group]
    assert sorted(grouped) == sorted(v.code or "" for v in scheduled)
    views = {v.code: v for v in scheduled}
    urgent = {i for f in assessment.flags if f.urgent for i in f.items}
    for x in road["quick_wins"]:
        v = views[x["code"]]
        assert not x["compliance"]
        assert v.payback_bucket == "<1" or v.figures.investment_10k_yuan == 0
    for x in road["this_year"]:
        v = views[x["code"]]
        triggered = set(v.proposal.triggered_by) if v.proposal else set()
        assert x["compliance"] or triggered & urgent or v.payback_bucket == "1-2"
    for x in road["next_years"]:
        assert not x["compliance"] and x["payback"] not in ("<1", "1-2") and not x["urgent"]
    assert any(x["urgent"] for x in road["this_year"])  # the major hidden danger (S02)


def test_context_policy_facts_formatted(ctx: dict[str, Any], doc: Document) -> None:
    policy = {c["key"]: c for c in ctx["policy"]}
    e = doc.enterprise
    land = policy["land.low_efficiency"]["facts"]
    assert land["tax_per_mu"]["value"] == figure(e.tax / e.land_area, "indicator")  # type: ignore[operator]
    water = policy["water.retrofit_required"]["facts"]["water_intake"]
    assert water["value"] == figure(math.fsum(w.quantity for w in doc.water_use), "water_m3")
    assert water["threshold"] == "30,000"
    assert policy["subsidy.eligible"]["facts"]["per_mu_class"]["value"] == e.per_mu_class
    assert all(c["sources"] for k, c in policy.items() if not k.startswith(("safety", "clean")))


def test_context_appendix_has_every_relevant_question(ctx: dict[str, Any], doc: Document) -> None:
    lang = ctx["lang"]
    a = assess(doc)
    for entry in ctx["appendix"]:
        checklist = a.checklists[entry["key"]]
        answers = doc.answers.get(entry["key"], {})
        ids = [q["id"] for s in entry["sections"] for q in s["questions"]]
        assert sorted(ids) == sorted(i.id for i in relevant(checklist, answers))
        for s in entry["sections"]:
            for q in s["questions"]:
                item = checklist.item(q["id"])
                assert q["text"] == (item.text.zh if lang == "zh" else item.text.en)
                if item.type == "yes_no" and not item.options and q["id"] in answers:
                    assert q["answer"] == {"kind": "yes_no", "value": answers[q["id"]], "lines": []}
    energy = next(e for e in ctx["appendix"] if e["key"] == "energy")
    e02 = next(q for s in energy["sections"] for q in s["questions"] if q["id"] == "E02")
    # The carriers not used (0) are left out; those used are there with their unit.
    assert len(e02["answer"]["lines"]) == len(doc.energy_use)
    kwh = next(u for u in doc.energy_use if u.carrier == "electricity").quantity
    assert any(
        p["value"] == f"{kwh:,.0f}" for line in e02["answer"]["lines"] for p in line["parts"]
    )


def test_context_notes_and_unanswered_questions() -> None:
    doc = empty_doc(
        answers={"energy": {"E01": 2023.0}},
        notes={"energy": {"E01": "按财务年度", "E03": "待企业补报"}},
    )
    ctx = plan_context(doc, assess(doc), "zh", generated=GENERATED)
    energy = next(e for e in ctx["appendix"] if e["key"] == "energy")
    qs = {q["id"]: q for s in energy["sections"] for q in s["questions"]}
    assert qs["E01"]["note"] == "按财务年度"
    assert qs["E01"]["answer"]["lines"][0]["parts"][0] == {"label": "", "value": "2023", "unit": ""}
    assert qs["E03"]["answer"]["kind"] == "none"
    assert qs["E03"]["note"] == "待企业补报"


def test_context_photos_only_those_available(doc: Document) -> None:
    finding = Finding("f-1", "energy", "major", "空压机漏气", "E16", (SHA_A, SHA_B))
    with_photos = dataclasses.replace(doc, findings=(finding,))
    a = assess(with_photos)
    ctx = plan_context(
        with_photos, a, "zh", generated=GENERATED, photo_available=lambda h: h == SHA_A
    )
    energy = next(e for e in ctx["areas"] if e["key"] == "energy")
    assert energy["findings"][0]["photos"] == [SHA_A]
    assert energy["findings"][0]["photos_omitted"] == 1
    assert energy["findings"][0]["severity"] == "major"
    assert energy["findings"][0]["item_text"].startswith("近12个月")
    everything = plan_context(with_photos, a, "zh", generated=GENERATED)
    assert next(e for e in everything["areas"] if e["key"] == "energy")["findings"][0][
        "photos"
    ] == [SHA_A, SHA_B]
    safety = next(e for e in ctx["areas"] if e["key"] == "safety")
    assert safety["findings"] == []


def test_context_empty_visit_says_why_figures_are_missing() -> None:
    doc = empty_doc()
    ctx = plan_context(doc, assess(doc), "en", generated=GENERATED)
    reasons = {f["indicator"]: f["reason"] for f in ctx["summary"]["figures"]}
    assert reasons == {
        "energy.total_tce": "no_energy",
        "energy.total_tce_equal_value": "no_energy",
        "energy.co2_t": "no_energy",
        "energy.intensity_tce_per_10k_yuan": "no_energy",
        "water.intake_m3": "no_water",
        "water.reuse_rate": "no_water",
        "water.intake_per_10k_yuan": "no_water",
    }
    assert all(not f["computed"] and f["value"] == "" for f in ctx["summary"]["figures"])
    assert ctx["summary"]["overall"] == ""
    assert all(a["chart"] == "" and not a["scored"] for a in ctx["summary"]["areas"])
    assert ctx["measures"]["listed"] == []
    assert {c["state"] for c in ctx["policy"]} == {"unknown"}


def test_context_missing_output_reuse_and_dependencies() -> None:
    doc = empty_doc(answers=answered(E02={"electricity": 1_000_000}, W01={"tap": 5_000}))
    ctx = plan_context(doc, assess(doc), "zh", generated=GENERATED)
    f = {x["indicator"]: x for x in ctx["summary"]["figures"]}
    assert f["energy.total_tce"]["computed"]
    assert f["energy.intensity_tce_per_10k_yuan"]["reason"] == "no_output"
    assert f["water.reuse_rate"]["reason"] == "no_reuse"
    assert f["water.intake_per_10k_yuan"]["reason"] == "no_output"
    # A data year before the table's first grid factor: no CO2, the plan says why.
    broken = empty_doc(answers=answered(E01=2019, E02={"electricity": 10_000}, E03=100.0))
    f = {
        x["indicator"]: x
        for x in plan_context(broken, assess(broken), "zh", generated=GENERATED)["summary"][
            "figures"
        ]
    }
    assert f["energy.total_tce"]["computed"]
    assert f["energy.co2_t"]["reason"] == "no_coefficient"
