"""Measures proposed from answers, their economics and priority, the team's decisions kept
apart from the proposals, and plan totals. The arithmetic of each worked check is written out."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from diagnosis.assessment.scoring import relevant
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.load import load_checklist
from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.catalogue import CATALOGUE_PATH, MeasuresCatalogue, measures_catalogue
from diagnosis.measures.economics import (
    PRIORITY_PATH,
    PriorityConfigError,
    economics,
    explain_priority,
    parse_priority_config,
    priority_config,
)
from diagnosis.measures.proposals import (
    Decision,
    Proposal,
    UnknownMeasureError,
    merge,
    propose,
    with_economics,
)
from diagnosis.measures.totals import totals
from diagnosis.visits.document import Document, parse_document

EXAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "visit-2026.1.json"
LIGHTING = [EnergyUse("electricity", 54_000, "kWh")]  # REFERENCE §2.11(d) lighting check


def example() -> Document:
    """The demo visit, with old lighting (E24) so the lighting measure of REFERENCE §2.11(d) is
    proposed whatever the demo's random answers were."""
    doc = parse_document(json.loads(EXAMPLE.read_text("utf-8")))
    answers = {a: dict(v) for a, v in doc.answers.items()}
    answers["energy"]["E24"] = "mostly_old"
    return dataclasses.replace(doc, answers=answers)


def with_answers(doc: Document, area: str, **changes: Any) -> Document:
    answers = {a: dict(v) for a, v in doc.answers.items()}
    answers[area].update(changes)
    return dataclasses.replace(doc, answers=answers)


def by_code(proposals: list[Proposal]) -> dict[str, Proposal]:
    return {p.code: p for p in proposals}


def terms(p: Proposal) -> dict[str, float]:
    return {t.key: t.score for t in p.priority_terms}


# -- propose --------------------------------------------------------------------------------


def test_propose_demo_visit_codes_exist_and_each_trigger_holds() -> None:
    doc = example()
    proposals = propose(doc)
    catalogue = measures_catalogue()
    assert proposals
    codes = [p.code for p in proposals]
    assert len(codes) == len(set(codes))  # one proposal per measure
    for p in proposals:
        assert p.code in catalogue
        assert p.measure is catalogue.get(p.code)
        # figures only where the answers give an estimate (a saving or an investment range)
        e = p.estimate
        estimated = e is not None and (e.saving is not None or e.investment is not None)
        assert (p.economics is not None) == estimated, p.code
        for item_id in p.triggered_by:
            area = next(a for a in doc.visit.areas if item_id in doc.answers.get(a, {}))
            checklist = load_checklist(area, doc.visit.checklists.get(area))
            answers = doc.answers[area]
            assert item_id in {i.id for i in relevant(checklist, answers)}
            item = checklist.item(item_id)
            assert any(t.measure == p.code and holds(t.when, answers) for t in item.triggers)
    order = [(-p.priority, p.code) for p in proposals]
    assert order == sorted(order)


def test_propose_dedupes_a_measure_and_keeps_the_gravest_severity() -> None:
    # The demo visit answers S02 (major) and S16 (general) "no": both trigger SA.STD.01.
    std = by_code(propose(example()))["SA.STD.01"]
    assert std.triggered_by == ("S02", "S16")
    assert std.severity == "major"
    assert std.typical_payback.range is None  # REFERENCE gives no payback for it
    assert std.typical_payback.source == std.measure.source
    assert std.payback_bucket is None and std.payback_basis is None


def test_propose_major_safety_item_ranks_above_an_energy_measure() -> None:
    doc = with_answers(example(), "safety", S01="no", S02="yes", S16="yes")
    doc = with_answers(doc, "energy", E15="some")  # variable-speed drives on only some motors
    proposals = propose(doc)
    found = by_code(proposals)
    std, vfd = found["SA.STD.01"], found["EN.VFD.01"]
    assert std.triggered_by == ("S01",) and std.severity == "major"
    assert terms(std) == {"payback": 0.5, "investment": 0.5, "safety": 1.0, "compliance": 1.0}
    # payback and investment unknown (0.5 each), major danger 1.0, compliance 1.0:
    # 100 × (0.35×0.5 + 0.15×0.5 + 0.3×1.0 + 0.2×1.0) = 100 × (0.175+0.075+0.3+0.2) = 75
    assert std.priority == pytest.approx(75.0)
    # EN.VFD.01: typical payback 1-3 yr, midpoint 2 yr -> bucket "2-3" -> 0.5; investment
    # unknown 0.5; no severity 0; not a compliance fix 0:
    # 100 × (0.35×0.5 + 0.15×0.5 + 0.3×0 + 0.2×0) = 100 × 0.25 = 25
    typical = vfd.typical_payback.range
    assert typical is not None and (typical.min, typical.max) == (1.0, 3.0)
    assert (vfd.payback_bucket, vfd.payback_basis) == ("2-3", "typical")
    assert terms(vfd) == {"payback": 0.5, "investment": 0.5, "safety": 0.0, "compliance": 0.0}
    assert vfd.priority == pytest.approx(25.0)
    codes = [p.code for p in proposals]
    assert codes.index("SA.STD.01") < codes.index("EN.VFD.01")
    assert sum(t.points for t in std.priority_terms) == pytest.approx(std.priority)
    assert "75" in explain_priority(std.priority_terms, "en")
    assert "[L" in explain_priority(std.priority_terms, "zh")


def test_propose_unknown_code_names_item_and_code() -> None:
    raw = json.loads(CATALOGUE_PATH.read_text("utf-8"))
    raw["measures"] = [m for m in raw["measures"] if m["code"] != "SA.STD.01"]
    catalogue = MeasuresCatalogue.from_data(raw)
    with pytest.raises(UnknownMeasureError, match=r"S02.*SA\.STD\.01"):
        propose(example(), catalogue=catalogue)


# -- economics ------------------------------------------------------------------------------


def test_economics_lighting_worked_example() -> None:
    # 54 000 kWh saved × 0.1229 kgce/kWh (当量值) = 6 636.6 kgce = 6.6366 tce
    # 54 000 kWh × 0.5306 kgCO2/kWh (2023, national grid) = 28 652.4 kg = 28.6524 tCO2
    # payback = 12 万元 × 10 000 / 43 200 yuan/yr (54 000 kWh × 0.8 yuan, entered by the team)
    #         = 120 000 / 43 200 = 2.78 yr -> "2-3"
    e = economics(12, LIGHTING, None, 54_000 * 0.8, year=2023, region="national")
    assert e.tce_saved == pytest.approx(6.6366)
    assert e.tce is not None and e.tce.basis == "equivalent"
    assert e.co2_t == pytest.approx(28.6524)
    assert e.co2 is not None and e.co2.terms[0].coefficient is not None
    assert e.co2.terms[0].coefficient.value == 0.5306
    assert e.payback_years == pytest.approx(120_000 / 43_200)
    assert e.payback_years == pytest.approx(2.78, abs=0.005)
    assert e.bucket == "2-3"
    text = e.explain("en")
    assert "0.1229" in text and "0.5306" in text and "2-3" in text
    assert "0.5306" in e.explain("zh")


def test_economics_without_money_has_no_payback() -> None:
    e = economics(12, LIGHTING, 800, None, year=2023, region="national")
    assert e.payback is None and e.bucket is None
    assert e.water_saved_m3 == 800
    assert "no money saving" in e.explain("en") and "无年节约金额" in e.explain("zh")
    with pytest.raises(ValueError, match="investment_10k_yuan"):
        economics(-1, LIGHTING, None, 1, year=2023)


def test_economics_before_the_grid_factors_leaves_co2_uncounted() -> None:
    # The table's grid factors start with 2021; a 2019 data year gets none, and its CO2 is
    # not counted, but the tce (当量值, valid in every year) and the payback still are.
    e = economics(12, LIGHTING, None, 54_000 * 0.8, year=2019, region="east_china")
    assert e.co2 is None and e.co2_t is None
    assert e.tce_saved == pytest.approx(6.6366)
    assert e.payback_years == pytest.approx(120_000 / 43_200)
    assert "6.6366" in e.explain("en") and e.explain("zh")


def test_assess_with_a_data_year_before_the_grid_factors() -> None:
    from diagnosis.assessment.assess import assess

    doc = with_answers(example(), "energy", E01=2019)
    a = assess(doc)  # used to raise CoefficientNotFound from a costed measure
    assert "co2.grid" in a.missing["energy.co2_t"]
    assert "energy.total_tce" in a.indicators
    costed = [v for v in a.measures if v.economics is not None and v.economics.energy_saved]
    assert costed and all(v.economics.co2 is None for v in costed)
    assert a.totals.co2_t == 0


def test_with_economics_rebuckets_and_rescores() -> None:
    # without the fittings (E11) nothing is estimated: the catalogue's typical range stands
    doc = dataclasses.replace(example(), answers={**example().answers})
    doc = with_answers(doc, "energy", E11={})
    light = by_code(propose(doc))["EN.LIGHT.01"]
    assert light.economics is None and light.estimate is not None
    assert [n.item for n in light.estimate.needed] == ["E11"]
    assert (light.payback_bucket, light.payback_basis) == ("2-3", "typical")  # 1-3 yr -> 2
    e = economics(12, LIGHTING, None, 43_200, year=2023, region="national")
    known = with_economics(light, e)
    # payback 2.78 yr -> 0.5; 12 万元 is within "≤ 50" -> 0.75; no severity; no compliance:
    # 100 × (0.35×0.5 + 0.15×0.75) = 100 × (0.175 + 0.1125) = 28.75
    assert (known.payback_bucket, known.payback_basis) == ("2-3", "estimated")
    assert known.priority == pytest.approx(28.75)
    assert known.triggered_by == light.triggered_by


# -- decisions, merge and totals ------------------------------------------------------------


def test_merge_and_totals() -> None:
    proposals = propose(example())
    decisions = [
        Decision(
            "EN.LIGHT.01",
            "accepted",
            investment_10k_yuan=12,
            energy_saved=tuple(LIGHTING),
            money_saved_yuan=43_200,
        ),
        Decision("SA.STD.01", "rejected", investment_10k_yuan=5, note="已整改"),
        Decision("EN.VFD.01", "accepted"),  # no figures: typical 1-3 yr -> "2-3"
        Decision(
            None,
            "accepted",
            investment_10k_yuan=30,
            money_saved_yuan=200_000,  # 300 000 / 200 000 = 1.5 yr -> "1-2"
            custom=True,
            title="注塑机伺服节能改造",
            counts_as=("energy_emission",),
        ),
        Decision(
            "EN.HEAT.01",
            "planned",
            investment_10k_yuan=20,
            money_saved_yuan=250_000,  # 200 000 / 250 000 = 0.8 yr -> "<1"
            custom=True,
        ),
    ]
    views = merge(proposals, decisions, year=2023, region="national")
    by = {v.code or v.title(): v for v in views}
    assert by["SA.STD.01"].status == "rejected"
    assert by["IM.PLAN.01"].status == "proposed" and by["IM.PLAN.01"].decision is None
    assert by["注塑机伺服节能改造"].proposal is None and by["注塑机伺服节能改造"].measure is None
    assert by["EN.HEAT.01"].proposal is None and not by["EN.HEAT.01"].no_longer_proposed
    assert [v.payback_bucket for v in (by["EN.VFD.01"], by["注塑机伺服节能改造"])] == ["2-3", "1-2"]

    t = totals(views)
    # counted: EN.LIGHT.01, EN.VFD.01 (accepted), the free-title custom (accepted),
    # EN.HEAT.01 (planned); SA.STD.01 (rejected) and undecided proposals are not.
    assert t.count == 4
    assert "SA.STD.01" not in t.measures
    assert t.investment_10k_yuan == pytest.approx(12 + 30 + 20)  # 62; EN.VFD.01 has none
    assert t.money_saved_yuan == pytest.approx(43_200 + 200_000 + 250_000)  # 493 200
    assert t.tce == pytest.approx(6.6366) and t.co2_t == pytest.approx(28.6524)
    assert (t.without_investment, t.without_money) == (1, 1)
    # 2-3: EN.LIGHT.01 (2.78 yr estimated), EN.VFD.01 (typical); 1-2: custom; <1: EN.HEAT.01
    assert t.by_bucket == {"<1": 1, "1-2": 1, "2-3": 2, ">3": 0, "unknown": 0}
    # LIGHT, VFD, HEAT count as technical_transformation and energy_emission; the custom as
    # energy_emission only
    assert t.by_kind == {
        "digital_intelligent": 0,
        "energy_emission": 4,
        "technical_transformation": 3,
    }
    rejected = totals(views, statuses=("rejected",))
    assert rejected.count == 1 and rejected.investment_10k_yuan == 5


def test_merge_team_figures_override_the_proposal() -> None:
    light = by_code(propose(example()))["EN.LIGHT.01"]
    proposed = economics(12, LIGHTING, None, 43_200, year=2023, region="national")
    light = with_economics(light, proposed)
    decision = Decision("EN.LIGHT.01", "accepted", investment_10k_yuan=6)
    (view,) = merge([light], [decision], year=2023, region="national")
    assert view.edited == ("investment_10k_yuan",)
    assert view.proposed_figures is not None and view.proposed_figures.investment_10k_yuan == 12
    assert view.figures.investment_10k_yuan == 6
    assert view.figures.money_saved_yuan == 43_200  # the proposal's, not edited
    # 6 万元 × 10 000 / 43 200 = 60 000 / 43 200 = 1.39 yr -> "1-2"
    assert view.economics is not None
    assert view.economics.payback_years == pytest.approx(60_000 / 43_200)
    assert (view.payback_bucket, view.payback_basis) == ("1-2", "estimated")
    assert light.payback_bucket == "2-3"  # the proposal itself is unchanged
    t = totals([view])
    assert t.investment_10k_yuan == 6 and t.tce == pytest.approx(6.6366)


def test_merge_keeps_decisions_the_rules_no_longer_propose() -> None:
    views = merge([], [Decision("EN.AIR.01", "accepted")], year=2023)
    assert views[0].no_longer_proposed and views[0].code == "EN.AIR.01"
    with pytest.raises(ValueError, match="two decisions"):
        merge([], [Decision("EN.AIR.01"), Decision("EN.AIR.01")], year=2023)
    with pytest.raises(UnknownMeasureError, match=r"EN\.NOPE\.01"):
        merge([], [Decision("EN.NOPE.01", custom=True)], year=2023)


def test_totals_follow_up_realised_savings() -> None:
    # implemented; realised 40 000 kWh × 0.1229 kgce/kWh = 4 916 kgce = 4.916 tce
    decision = Decision(
        "EN.LIGHT.01",
        "implemented",
        investment_10k_yuan=12,
        realised_money_yuan=30_000,
        realised_energy=(EnergyUse("electricity", 40_000, "kWh"),),
    )
    views = merge([], [decision], year=2023, region="national")
    assert views[0].realised is not None
    assert views[0].realised.payback_years == pytest.approx(120_000 / 30_000)  # 4 yr
    t = totals(views)
    assert t.realised_money_yuan == 30_000 and t.realised_tce == pytest.approx(4.916)


def test_decision_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="status"):
        Decision("EN.AIR.01", "done")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="title"):
        Decision(None, "accepted")
    with pytest.raises(ValueError, match="money_saved_yuan"):
        Decision("EN.AIR.01", money_saved_yuan=-1)
    with pytest.raises(ValueError, match="counts_as"):
        Decision(None, custom=True, title="x", counts_as=("roads",))
    with pytest.raises(ValueError, match="unknown statuses"):
        totals([], statuses=("done",))


# -- priority.json --------------------------------------------------------------------------


def shipped() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(PRIORITY_PATH.read_text("utf-8"))
    return raw


def test_priority_config_shipped_file() -> None:
    c = priority_config()
    assert c.confidence == "L"
    assert c.weights == {"payback": 0.35, "investment": 0.15, "safety": 0.3, "compliance": 0.2}
    assert c.investment_bands[0] == (10.0, 1.0)
    assert parse_priority_config(shipped()) == c


def test_priority_config_refuses_weights_not_summing_to_one() -> None:
    bad = shipped()
    bad["weights"]["payback"] = 0.25  # 0.25 + 0.15 + 0.3 + 0.2 = 0.9
    with pytest.raises(PriorityConfigError, match=r"\$\.weights: must sum to 1, they sum to 0\.9"):
        parse_priority_config(bad)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["scales"]["payback"]["buckets"].update({">3": 0.9}), "not monotone"),
        (lambda r: r["scales"]["safety"].update({"general": 0.8}), r"scales\.safety"),
        (lambda r: r["scales"]["investment"]["bands"][-1].update(upto=500), "open"),
        (lambda r: r["scales"]["investment"]["bands"][1].update(upto=5), "above the band"),
        (lambda r: r["weights"].pop("safety"), r"\$\.weights"),
        (lambda r: r["weights"].update(safety=1.5), "0 to 1"),
        (lambda r: r.update(confidence="X"), "confidence"),
    ],
)
def test_priority_config_refuses_bad_scales(mutate: Any, message: str) -> None:
    bad = copy.deepcopy(shipped())
    mutate(bad)
    with pytest.raises(PriorityConfigError, match=message):
        parse_priority_config(bad)
