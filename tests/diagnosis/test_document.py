"""The portable diagnosis document: lossless round trip, refusal of malformed documents by JSON
path, the schema in docs/, and the score JSON contract of ``visit score``."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnosis.assessment.assess import assess, assessment_to_dict
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.visits.document import DocumentError, document_to_dict, parse_document, read_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "data" / "visit-2026.1.json"
# The published example (docs/): the tests' fixture stays apart so the example can follow the
# newest demo while the tests keep the answers they were written against.
PUBLISHED = ROOT / "docs" / "examples" / "visit.json"
EXAMPLE_V1 = ROOT / "docs" / "examples" / "visit-format1.json"
SCHEMA = json.loads((ROOT / "docs" / "diagnosis-document.schema.json").read_text("utf-8"))


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text("utf-8"))


def example_v1() -> dict[str, Any]:
    """A format-1 document: the activity in top-level blocks beside the answers."""
    return json.loads(EXAMPLE_V1.read_text("utf-8"))


def test_document_example_parses_and_matches_the_schema() -> None:
    raw = example()
    jsonschema.validate(raw, SCHEMA)
    doc = parse_document(raw)
    assert doc.enterprise.credit_code == "91330200717285453P"
    assert set(doc.answers) == {
        "intelligent_manufacturing",
        "energy",
        "water",
        "cleaner_production",
        "safety",
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_document_round_trip_is_lossless(seed: int) -> None:
    e = list(enterprises(seed + 3, seed=seed))[-1]
    doc = demo_document(e, seed=seed)
    raw = document_to_dict(doc)
    jsonschema.validate(raw, SCHEMA)
    again = parse_document(json.loads(json.dumps(raw, ensure_ascii=False)))
    assert again == doc
    assert document_to_dict(again) == raw


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.update(format="other"), "$.format"),
        (
            lambda d: d["enterprise"].update(credit_code="91330200717285453Q"),
            "$.enterprise.credit_code",
        ),
        (lambda d: d["enterprise"].update(colour="red"), "$.enterprise.colour"),
        (lambda d: d["visit"].update(date="26/11/2026"), "$.visit.date"),
        (lambda d: d["visit"].update(status="lost"), "$.visit.status"),
        (
            lambda d: d["answers"]["energy"]["E02"]["electricity"].update(quantity=-5),
            "$.answers.energy.E02",
        ),
        (lambda d: d["answers"]["energy"].update(E01=1800), "$.answers.energy.E01"),
        (lambda d: d["answers"]["water"].update(W03="lots"), "$.answers.water.W03"),
        (lambda d: d["answers"]["energy"].update(E999="yes"), "$.answers.energy.E999"),
        (lambda d: d["answers"].update(marketing={}), "$.answers.marketing"),
        (lambda d: d["findings"][0].update(severity="fatal"), "$.findings[0].severity"),
        (lambda d: d["findings"][0].update(photos=["abc"]), "$.findings[0].photos[0]"),
    ],
)
def test_document_malformed_is_refused_with_its_json_path(mutate: Any, path: str) -> None:
    raw = example()
    mutate(raw)
    with pytest.raises(DocumentError) as caught:
        parse_document(raw)
    assert any(p.startswith(path) for p in caught.value.problems), caught.value.problems
    if path in _BEYOND_SCHEMA:
        return
    with pytest.raises(jsonschema.ValidationError):  # the published schema agrees
        jsonschema.validate(raw, SCHEMA)


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["energy_use"][0].update(carrier="plutonium"), "$.energy_use[0].carrier"),
        (lambda d: d["energy_use"][1].update(quantity=-5), "$.energy_use[1].quantity"),
        (lambda d: d["energy_use"][0].update(unit="barrel"), "$.energy_use[0].unit"),
        (lambda d: d["water_use"][0].update(unit="gallon"), "$.water_use[0].unit"),
        (lambda d: d.update(year=1800), "$.year"),
        # A carrier the energy question has no row for cannot be folded into the answers.
        (
            lambda d: d["energy_use"].append(
                {"carrier": "washed_coal", "quantity": 5, "unit": "t"}
            ),
            "$.energy_use[3].carrier",
        ),
    ],
)
def test_document_format1_malformed_blocks_are_refused_with_their_path(
    mutate: Any, path: str
) -> None:
    raw = example_v1()
    mutate(raw)
    with pytest.raises(DocumentError) as caught:
        parse_document(raw)
    assert any(p.startswith(path) for p in caught.value.problems), caught.value.problems


# What only the app can check: check characters, answers against their items, checklist
# items, and real calendar dates (the schema's "format": "date" is not enforced by default).
_BEYOND_SCHEMA = {
    "$.enterprise.credit_code",
    "$.answers.energy.E02",
    "$.answers.energy.E01",
    "$.answers.water.W03",
    "$.answers.energy.E999",
    "$.visit.date",
}


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    st.sampled_from(
        [
            "enterprise",
            "visit",
            "year",
            "output_value_10k_yuan",
            "energy_use",
            "water_use",
            "water_reused_m3",
            "derived",
            "answers",
            "findings",
            "measures",
        ]
    ),
    json_values,
    st.booleans(),
)
def test_document_any_bad_value_is_a_document_error_never_a_crash(
    key: str, value: Any, old_format: bool
) -> None:
    raw = example_v1() if old_format else example()
    raw[key] = value
    try:
        parse_document(raw)
    except DocumentError as exc:
        assert exc.problems and all(p.startswith("$") for p in exc.problems)


def test_assessment_score_json_contract() -> None:
    result = assessment_to_dict(assess(parse_document(example())), "en")
    assert set(result["areas"]) == {
        "intelligent_manufacturing",
        "energy",
        "water",
        "cleaner_production",
        "safety",
    }
    assert all(0 <= a["score"] <= 100 for a in result["areas"].values())
    assert result["areas"]["intelligent_manufacturing"]["level"] in range(6)
    keys = {i["key"] for i in result["indicators"]}
    assert {
        "energy.total_tce",
        "energy.total_tce_equal_value",
        "energy.co2_t",
        "energy.intensity_tce_per_10k_yuan",
        "water.intake_m3",
        "water.reuse_rate",
    } <= keys
    for indicator in result["indicators"]:
        assert indicator["inputs"] and indicator["source"] and indicator["unit"]
    flag_keys = {f["key"] for f in result["flags"]}
    assert flag_keys <= {
        "water.retrofit_required",
        "cleaner_production.audit_mandatory",
        "subsidy.eligible",
        "land.low_efficiency",
        "safety.major_hidden_danger",
    }


def test_assessment_figures_follow_the_worked_example() -> None:
    """REFERENCE §2.3: 5 GWh + 300 000 m³ gas + 20 t diesel + 2 000 t LP steam
    = 614.5 + 364.29 + 29.142 + 257.2 = 1 265.1 tce (当量); water 120 000 m³ intake and
    880 000 m³ reused → R = 880 000 / 1 000 000 = 88.0 %; 120 000 t ≥ 30 000 t → retrofit flag."""
    raw = example()
    raw.pop("derived")
    energy, water = raw["answers"]["energy"], raw["answers"]["water"]
    energy["E02"] = {
        "electricity": {"quantity": 5_000_000},
        "natural_gas": {"quantity": 300_000},
        "diesel": {"quantity": 20},
        "steam": {"quantity": 2_000},
        "coke": {"quantity": 0},
    }
    water["W01"] = {"tap": {"quantity": 100_000}, "ground": {"quantity": 20_000}}
    water["W03"] = 880_000
    result = assessment_to_dict(assess(parse_document(raw)), "en")
    by_key = {i["key"]: i for i in result["indicators"]}
    assert by_key["energy.total_tce"]["value"] == pytest.approx(1265.132, abs=0.05)
    assert by_key["water.intake_m3"]["value"] == pytest.approx(120_000)
    assert by_key["water.reuse_rate"]["value"] == pytest.approx(88.0)
    assert "water.retrofit_required" in {f["key"] for f in result["flags"]}
    below = copy.deepcopy(raw)
    below["answers"]["water"]["W01"] = {"tap": {"quantity": 29_999}, "rain": {"quantity": 9_000}}
    result = assessment_to_dict(assess(parse_document(below)), "en")
    # Rainwater is non-conventional water, not intake (GB/T 7119): 29 999 m³ stays below.
    assert "water.retrofit_required" not in {f["key"] for f in result["flags"]}


def test_document_derived_block_that_disagrees_is_recomputed_with_a_notice() -> None:
    """The answers are the record: a reader's copy of the activity that says 1 kWh is noted
    and ignored, the figures follow the answers."""
    raw = example()
    raw["answers"]["energy"]["E02"] = {"electricity": {"quantity": 1_000_000}}
    raw["answers"]["energy"]["E03"] = 10_000.0
    raw["derived"]["energy_use"] = [{"carrier": "electricity", "quantity": 1, "unit": "kWh"}]
    reading = read_document(raw)
    assert {n.code for n in reading.notices} == {"document.derived_stale"}
    stale = {str(n.params["field"]) for n in reading.notices}
    assert stale == {"derived.energy_use", "derived.output_value_10k_yuan"}
    assert "derived.energy_use" in " ".join(n.text("en") for n in reading.notices)
    figures = {k: f.value for k, f in assess(reading.document).indicators.items()}
    assert figures["energy.total_tce"] == pytest.approx(122.9)
    assert figures["energy.intensity_tce_per_10k_yuan"] == pytest.approx(0.01229)
    fresh = document_to_dict(reading.document)
    assert read_document(fresh).notices == ()  # written from the answers: nothing stale


def test_document_format1_blocks_fill_silent_answers_and_never_outvote_them() -> None:
    raw = example_v1()
    energy = raw["answers"]["energy"]
    for item in ("E01", "E02", "E03"):
        energy.pop(item)
    raw["water_use"] = [{"source": "tap", "quantity": 40_000, "unit": "m3"}]
    reading = read_document(raw)
    doc = reading.document
    codes = {(n.code, n.params["item"]) for n in reading.notices}
    assert {("document.legacy_filled", i) for i in ("E01", "E02", "E03")} <= codes
    # W01 was answered with nothing above 0: the block fills it; W03 disagrees: kept.
    assert ("document.legacy_filled", "W01") in codes
    assert ("document.legacy_kept", "W03") in codes
    assert doc.answers["energy"]["E01"] == raw["year"]
    assert (
        doc.answers["energy"]["E02"]["electricity"]["quantity"] == raw["energy_use"][0]["quantity"]
    )
    assert (
        doc.answers["energy"]["E02"]["natural_gas"]["quantity"] == raw["energy_use"][1]["quantity"]
    )  # the block's m3 is the row's m³
    assert doc.answers["water"]["W01"]["tap"]["quantity"] == 40_000
    assert doc.water_reused_m3 == raw["answers"]["water"]["W03"]
    result = assessment_to_dict(assess(doc), "en")
    assert "water.retrofit_required" in {f["key"] for f in result["flags"]}
    again = read_document(document_to_dict(doc))
    assert again.document == doc and again.notices == ()


def test_document_measure_decisions_are_checked_and_round_trip() -> None:
    raw = example()
    assert raw["measures"], "the example carries the team's decisions"
    doc = parse_document(raw)
    assert document_to_dict(doc)["measures"] == raw["measures"]
    bad = example()
    bad["measures"][0]["status"] = "maybe"
    bad["measures"][1]["energy_saved"] = [{"carrier": "electricity"}]
    with pytest.raises(DocumentError) as caught:
        parse_document(bad)
    problems = " ".join(caught.value.problems)
    assert "$.measures[0]" in problems and "maybe" in problems
    assert "$.measures[1].energy_saved[0]" in problems


def test_assessment_measures_and_totals_follow_the_decisions() -> None:
    """Accepted measures count, a rejected one does not; totals add the accepted figures."""
    doc = parse_document(example())
    result = assessment_to_dict(assess(doc), "en")
    accepted = [m for m in doc.measures if m["status"] == "accepted"]
    totals = result["measure_totals"]
    assert totals["count"] == len(accepted)
    assert totals["investment_10k_yuan"] == pytest.approx(
        sum(m["investment_10k_yuan"] for m in accepted)
    )
    assert totals["money_saved_yuan"] == pytest.approx(
        sum(m.get("money_saved_yuan", 0) for m in accepted)
    )
    rejected = {m["code"] for m in doc.measures if m["status"] == "rejected"}
    assert all(m["status"] == "rejected" for m in result["measures"] if m["code"] in rejected)


def test_document_keeps_scoring_with_the_checklist_version_it_used() -> None:
    raw = example()
    assert raw["visit"]["checklists"]["energy"] == "2026.1"
    result = assessment_to_dict(assess(parse_document(raw)), "en")
    assert result["areas"]["energy"]["checklist"] == "2026.1"
    raw["visit"]["checklists"]["energy"] = "1999.9"
    with pytest.raises(DocumentError) as caught:
        parse_document(raw)
    assert any(p.startswith("$.answers.energy") and "1999.9" in p for p in caught.value.problems)


def test_document_published_example_is_a_plausible_visit_on_the_newest_checklists() -> None:
    """docs/examples/visit.json is what a reader copies: the newest format and checklists,
    answers a real firm could give (no plausibility doubt), every key figure computable."""
    from diagnosis.checklists.format import AREAS
    from diagnosis.checklists.load import available_versions
    from diagnosis.plausibility.checks import doubts_of

    raw = json.loads(PUBLISHED.read_text("utf-8"))
    jsonschema.validate(raw, SCHEMA)
    reading = read_document(raw)
    doc = reading.document
    assert raw["format"] == "enterprise-diagnosis/2" and reading.notices == ()
    assert dict(doc.visit.checklists) == {a: available_versions(a)[-1] for a in AREAS}
    assert doubts_of(doc) == ()
    assert document_to_dict(doc) == raw
    a = assess(doc)
    assert set(a.indicators) >= {"energy.total_tce", "energy.co2_t", "water.reuse_rate"}
    assert not a.missing
    assert any(v.figures.money_saved_yuan for v in a.measures if v.status == "accepted")
