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

from diagnosis.assessment import assess, assessment_to_dict
from diagnosis.demo import enterprises
from diagnosis.demo_visit import demo_document
from diagnosis.document import DocumentError, document_to_dict, parse_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "visit.json"
SCHEMA = json.loads((ROOT / "docs" / "diagnosis-document.schema.json").read_text("utf-8"))


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text("utf-8"))


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
        (lambda d: d["energy_use"][0].update(carrier="plutonium"), "$.energy_use[0].carrier"),
        (lambda d: d["energy_use"][1].update(quantity=-5), "$.energy_use[1].quantity"),
        (lambda d: d["energy_use"][0].update(unit="barrel"), "$.energy_use[0].unit"),
        (lambda d: d["water_use"][0].update(unit="gallon"), "$.water_use[0].unit"),
        (lambda d: d["answers"]["energy"].update(E999="yes"), "$.answers.energy.E999"),
        (lambda d: d["answers"].update(marketing={}), "$.answers.marketing"),
        (lambda d: d["findings"][0].update(severity="fatal"), "$.findings[0].severity"),
        (lambda d: d["findings"][0].update(photos=["abc"]), "$.findings[0].photos[0]"),
        (lambda d: d.update(year=1800), "$.year"),
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


# What only the app can check: check characters, known carriers and units, checklist items, and
# real calendar dates (the schema's "format": "date" is not enforced by default).
_BEYOND_SCHEMA = {
    "$.enterprise.credit_code",
    "$.energy_use[0].unit",
    "$.energy_use[0].carrier",
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
            "answers",
            "findings",
            "measures",
        ]
    ),
    json_values,
)
def test_document_any_bad_value_is_a_document_error_never_a_crash(key: str, value: Any) -> None:
    raw = example()
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
    raw["energy_use"] = [
        {"carrier": "electricity", "quantity": 5_000_000, "unit": "kWh"},
        {"carrier": "natural_gas", "quantity": 300_000, "unit": "m3"},
        {"carrier": "diesel", "quantity": 20, "unit": "t"},
        {"carrier": "steam", "quantity": 2_000, "unit": "t"},
    ]
    raw["water_use"] = [
        {"source": "tap", "quantity": 100_000},
        {"source": "ground", "quantity": 20_000},
    ]
    raw["water_reused_m3"] = 880_000
    result = assessment_to_dict(assess(parse_document(raw)), "en")
    by_key = {i["key"]: i for i in result["indicators"]}
    assert by_key["energy.total_tce"]["value"] == pytest.approx(1265.132, abs=0.05)
    assert by_key["water.intake_m3"]["value"] == pytest.approx(120_000)
    assert by_key["water.reuse_rate"]["value"] == pytest.approx(88.0)
    assert "water.retrofit_required" in {f["key"] for f in result["flags"]}
    below = copy.deepcopy(raw)
    below["water_use"] = [{"source": "tap", "quantity": 29_999}]
    result = assessment_to_dict(assess(parse_document(below)), "en")
    assert "water.retrofit_required" not in {f["key"] for f in result["flags"]}


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
