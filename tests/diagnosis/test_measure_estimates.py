"""Proposals costed from the answers alone: the worked examples of the domain reference (REFERENCE
§2.11, §3.2) typed as checklist answers come out of ``propose``/``assess`` with their saving,
money, investment range and payback range; a missing input is named by its question; the team's
figures stay apart and a far-off one is flagged.

Every expected figure is worked by hand below from the standard's or the reference's numbers."""

from __future__ import annotations

from typing import Any

import pytest

from diagnosis.assessment.assess import assess, assessment_to_dict
from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.estimating.tables import estimating_tables
from diagnosis.measures.estimators.energy import motor_replacement
from diagnosis.measures.proposals import Decision, Proposal, propose
from diagnosis.register.enterprise import Enterprise
from diagnosis.visits.document import Document, Visit, with_answers

AREAS = ("energy", "water")


def visit(energy: dict[str, Any] | None = None, water: dict[str, Any] | None = None) -> Document:
    """A 2026.2 visit of the data year 2023 with only these answers."""
    doc = Document(
        Enterprise(name="宁波示例机械有限公司"),
        Visit(
            id="00000000-0000-4000-8000-000000000012",
            date="2024-03-20",
            areas=AREAS,
            checklists={"energy": "2026.2", "water": "2026.2"},
        ),
        {},
    )
    return with_answers(doc, {"energy": {"E01": 2023, **(energy or {})}, "water": water or {}})


def proposal(doc: Document, code: str) -> Proposal:
    found = {p.code: p for p in propose(doc)}
    assert code in found, sorted(found)
    return found[code]


def test_vfd_from_e36_and_e33_is_the_reference_fan() -> None:
    """REFERENCE §2.11(a): 55 kW fan, 6 000 h, 20 % at 100 %, 50 % at 80 %, 30 % at 60 %:
    damper 55·6000·(0.2·1 + 0.5·0.88 + 0.3·0.76) = 286 440 kWh; VFD 55·6000·(0.2 + 0.5·0.512
    + 0.3·0.216)/0.97 = 177 179 kWh; saving 109 261 kWh."""
    p = proposal(visit({"E15": "some", "E36": 55, "E33": 6000, "E34": 0.8}), "EN.VFD.01")
    assert p.estimate is not None and p.estimate.saving is not None
    assert p.estimate.saving.value == pytest.approx(109_261, abs=1)
    # the firm's own price E34: 109 261 × 0.80 = 87 409 yuan, no typical price anywhere
    assert p.estimate.money_yuan == pytest.approx(109_260.6 * 0.8, rel=1e-4)
    assert not p.estimate.typical_price
    # 600-1 000 yuan/kW × 55 kW = 3.3-5.5 万元 (REFERENCE §11); payback 0.38-0.63 yr
    invest = p.estimate.investment
    assert invest is not None
    assert (invest.low_10k_yuan, invest.high_10k_yuan) == pytest.approx((3.3, 5.5))
    low, high = p.estimate.payback_range() or (0, 0)
    assert low == pytest.approx(33_000 / 87_408.5, rel=1e-3)
    assert high == pytest.approx(55_000 / 87_408.5, rel=1e-3)
    # the proposal's economics: investment at the range's middle, estimated payback
    assert p.economics is not None and p.economics.investment_10k_yuan == pytest.approx(4.4)
    assert p.payback_basis == "estimated" and p.payback_bucket == "<1"


def test_motor_from_e07_uses_the_iec_efficiency_of_its_size() -> None:
    """One 37 kW motor below grade 3 (taken as IE2) replaced by IE4, 75 % load, 6 000 h.
    IEC 60034-30-1, 4-pole: IE2 92.7 %, IE4 95.2 % at 37 kW, so 27.75 kW × (1/0.927 − 1/0.952)
    × 6 000 = 4 717 kWh. (REFERENCE §2.11(c) quotes IE2 93.0 % and 4 137 kWh; the IEC table's
    IE2 value at 37 kW is 92.7 %.)"""
    answers = {
        "E12": "present",
        "E07": {"p_7_5_45": {"count": 1, "total_kw": 37, "grade": "below_g3"}},
        "E33": 6000,
    }
    p = proposal(visit(answers), "EN.MOTOR.01")
    assert p.estimate is not None and p.estimate.saving is not None
    expected = 37 * 0.75 * 6000 * (1 / 0.927 - 1 / 0.952)
    assert p.estimate.saving.value == pytest.approx(expected)
    assert round(p.estimate.saving.value) == 4717
    # typical price (no E34): 0.70 yuan/kWh, labelled an estimate to be verified
    assert p.estimate.typical_price
    assert "估算，待核实" in p.estimate.explain("zh")
    assert "estimate, to be verified" in p.estimate.explain("en")
    assert "IE2" in p.estimate.explain("en") and "0.927" in p.estimate.explain("en")


def test_motor_table_reproduces_the_reference_ie3_to_ie4_check() -> None:
    """REFERENCE §2.11(c): IE3 93.9 % → IE4 95.2 % at 37 kW saves 2 421 kWh a year."""
    t = estimating_tables()
    old, at = t.motor_efficiency("IE3", 37)
    new, _ = t.motor_efficiency("IE4", 37)
    assert (old, new, at) == pytest.approx((0.939, 0.952, 37))
    assert round(motor_replacement(37, 0.75, 6000, old, new).value) == 2421
    # a 40 kW average unit reads at the 37 kW rating, a 0.5 kW one at the smallest
    assert t.motor_efficiency("IE2", 40) == pytest.approx((0.927, 37))
    assert t.motor_efficiency("IE2", 0.5)[1] == 0.75


def test_lighting_from_e11_is_the_reference_retrofit() -> None:
    """REFERENCE §2.11(d): 500 T8 at 45 W (ballast included) → 18 W LED, 4 000 h = 54 000 kWh;
    100-300 yuan a fitting: 5-15 万元."""
    answers = {
        "E24": "mostly_old",
        "E11": {"t8_fluorescent": {"count": 500, "watt": 45, "hours": 4000}},
    }
    p = proposal(visit(answers), "EN.LIGHT.01")
    assert p.estimate is not None and p.estimate.saving is not None
    assert p.estimate.saving.value == pytest.approx(54_000)
    invest = p.estimate.investment
    assert invest is not None and (invest.low_10k_yuan, invest.high_10k_yuan) == (5.0, 15.0)


def test_boiler_from_e10_and_e02_is_the_reference_boiler() -> None:
    """REFERENCE §2.11(f): 500 000 m³ of gas at η 0.85 → 0.95 saves 52 632 m³ = 63.9 tce."""
    answers = {
        "E02": {"natural_gas": {"quantity": 500_000}},
        "E10": {
            "boiler_1": {
                "count": 1,
                "fuel": "natural_gas",
                "capacity_tph": 4,
                "efficiency_pct": 85,
            }
        },
        "E20": "below",
        "E35": 3.5,
    }
    p = proposal(visit(answers), "EN.BOIL.01")
    assert p.estimate is not None and p.estimate.saving is not None
    assert p.estimate.saving.value == pytest.approx(500_000 * (1 - 0.85 / 0.95))
    assert round(p.estimate.saving.value) == 52_632
    assert p.economics is not None and p.economics.tce_saved == pytest.approx(63.9, abs=0.05)
    # the firm's gas price E35: 52 632 m³ × 3.5 = 184 211 yuan; 3-8 万元 per t/h × 4 t/h
    assert p.estimate.money_yuan == pytest.approx(52_631.6 * 3.5, rel=1e-4)
    invest = p.estimate.investment
    assert invest is not None and (invest.low_10k_yuan, invest.high_10k_yuan) == (12.0, 32.0)


def test_heat_recovery_from_e08_is_the_reference_compressor() -> None:
    """REFERENCE §2.11(g): 110 kW × 0.7 × 6 000 h = 1 663 GJ ≈ 47 469 m³ of gas (boiler η 0.9)."""
    answers = {"E08": {"group_1": {"count": 1, "kw": 110}}, "E19": "not_recovered", "E33": 6000}
    p = proposal(visit(answers), "EN.HEAT.01")
    assert p.estimate is not None and p.estimate.saving is not None
    assert round(p.estimate.saving.value) == 47_469
    assert p.estimate.energy[0].carrier == "natural_gas"


def test_pv_from_e38_is_the_reference_gigawatt_hour() -> None:
    """REFERENCE §2.11(h): 1 000 kWp × 1 000 kWh/kWp = 1 GWh = 122.9 tce; 10 000 m² of roof at
    0.1 kWp/m² is 1 000 kWp, at 2.8-3.5 yuan/W 280-350 万元."""
    p = proposal(visit({"E30": "suitable", "E38": 10_000}), "EN.PV.01")
    assert p.estimate is not None and p.estimate.saving is not None
    assert p.estimate.saving.value == pytest.approx(1_000_000)
    assert p.economics is not None and p.economics.tce_saved == pytest.approx(122.9)
    # CO2 at the data year's East China grid factor, 0.5500 in 2023
    assert p.economics.co2_t == pytest.approx(550.0)
    invest = p.estimate.investment
    assert invest is not None and (invest.low_10k_yuan, invest.high_10k_yuan) == (280.0, 350.0)


def test_leak_repair_from_e08_and_e37() -> None:
    """110 kW of compressors at 75 % load for 6 000 h use 495 000 kWh; a 25 % leak share brought
    to 10 % saves 15 % of it, 74 250 kWh; one survey costs 0.5-2 万元 (REFERENCE §11)."""
    answers = {"E08": {"group_1": {"count": 2, "kw": 55}}, "E16": "no", "E37": 25, "E33": 6000}
    p = proposal(visit(answers), "EN.AIR.01")
    assert p.estimate is not None and p.estimate.saving is not None
    assert p.estimate.saving.value == pytest.approx(74_250)
    invest = p.estimate.investment
    assert invest is not None and (invest.low_10k_yuan, invest.high_10k_yuan) == (0.5, 2.0)


def test_transformer_from_e09() -> None:
    """A 1 000 kVA S9 at 50 % load replaced by an amorphous SH15: the load losses are the same
    in the table, so the saving is (1.70 − 0.45) kW × 8 760 h = 10 950 kWh."""
    answers = {
        "E09": {"t1": {"capacity_kva": 1000, "family": "s9_or_older", "load_pct": 50}},
        "E14": "some_below",
        "E33": 6000,
    }
    p = proposal(visit(answers), "EN.TRANS.01")
    assert p.estimate is not None and p.estimate.saving is not None
    assert p.estimate.saving.value == pytest.approx(10_950)
    invest = p.estimate.investment
    assert invest is not None and (invest.low_10k_yuan, invest.high_10k_yuan) == (15.0, 30.0)


def test_cooling_tower_from_w05_and_w07_is_the_reference_tower() -> None:
    """REFERENCE §3.2: 500 m³/h for 8 000 h (4 000 000 m³), ΔT 5 °C, C 3 → 5: make-up 45 000 →
    37 500 m³, 7 500 m³ saved; at the typical Ningbo water price 6.12 yuan/m³, 45 900 yuan."""
    doc = visit(water={"W04": "yes", "W05": 4_000_000, "W07": "2to3"})
    p = proposal(doc, "WA.COOL.02")
    assert p.estimate is not None and p.estimate.saving is not None
    assert p.estimate.water_m3 == pytest.approx(7_500)
    assert p.estimate.money_yuan == pytest.approx(45_900)
    assert p.estimate.typical_price
    with_price = proposal(with_answers(doc, {"water": {"W22": 8}}), "WA.COOL.02")
    assert with_price.estimate is not None and with_price.estimate.money_yuan == 60_000
    assert not with_price.estimate.typical_price


def test_missing_inputs_are_named_by_their_question() -> None:
    p = proposal(visit({"E15": "none"}), "EN.VFD.01")
    assert p.estimate is not None and p.estimate.saving is None and p.economics is None
    assert [n.item for n in p.estimate.needed] == ["E36", "E33"]
    assert p.estimate.missing("zh") == "缺少 E36 未变频风机水泵总功率；缺少 E33 年运行小时"
    assert p.estimate.missing("en") == (
        "missing E36 total power of fans and pumps without VFD; missing E33 annual operating hours"
    )
    # with the power but not the hours: the investment range is known, the saving is not
    p = proposal(visit({"E15": "none", "E36": 30}), "EN.VFD.01")
    assert p.estimate is not None and p.estimate.investment is not None
    assert [n.item for n in p.estimate.needed] == ["E33"]
    assert p.economics is not None and p.economics.money_saved_yuan is None
    assert p.payback_basis == "typical"  # no payback without a saving: the typical range


def test_score_json_shows_ranges_basis_and_missing_inputs() -> None:
    doc = visit({"E15": "some", "E36": 55, "E33": 6000, "E30": "suitable"})
    result = assessment_to_dict(assess(doc), "zh")
    by = {m["code"]: m for m in result["measures"]}
    vfd, pv = by["EN.VFD.01"], by["EN.PV.01"]
    assert vfd["investment_range_10k_yuan"] == [3.3, 5.5]
    assert vfd["money_basis"] == "typical_price" and vfd["estimate_note"] == "估算，待核实"
    assert vfd["money_saved_yuan"] == pytest.approx(109_260.6 * 0.7, rel=1e-4)
    assert vfd["payback_range_years"] == [
        round(33_000 / (109_260.6 * 0.7), 2),
        round(55_000 / (109_260.6 * 0.7), 2),
    ]
    assert vfd["proposed"]["unit_cost"]["confidence"] == "C"
    assert "109,261" in vfd["how_computed"] or "109,260" in vfd["how_computed"]
    assert vfd["missing_inputs"] == [] and vfd["warnings"] == []
    assert pv["missing_inputs"] == [
        {"item": "E38", "column": None, "text": "缺少 E38 适合光伏的屋顶面积"}
    ]


def test_team_figures_stay_apart_and_a_far_one_is_flagged() -> None:
    """643 万元 for a leak repair whose survey costs 0.5-2 万元 is flagged; the proposal keeps
    its own figures and the team's figure is kept as entered."""
    answers = {"E08": {"group_1": {"count": 1, "kw": 110}}, "E16": "no", "E37": 25, "E33": 6000}
    doc = visit(answers)
    doc = Document(
        doc.enterprise,
        doc.visit,
        doc.answers,
        measures=(decision_to_dict(Decision("EN.AIR.01", "accepted", investment_10k_yuan=643)),),
    )
    a = assess(doc)
    v = next(v for v in a.measures if v.code == "EN.AIR.01")
    assert v.figures.investment_10k_yuan == 643 and v.edited == ("investment_10k_yuan",)
    assert v.proposed_figures is not None and v.proposed_figures.investment_10k_yuan == 1.25
    assert v.investment_range is None  # the team's figure is in force, not the range
    assert [w.code for w in v.warnings] == ["measure.team_figure_far"]
    text = v.warnings[0].text("zh")
    assert "643" in text and "0.5–2" in text
    js = {m["code"]: m for m in assessment_to_dict(a, "en")["measures"]}["EN.AIR.01"]
    assert js["warnings"][0]["code"] == "measure.team_figure_far"
    assert "643" in js["warnings"][0]["text"]
    assert js["proposed"]["investment_range_10k_yuan"] == [0.5, 2.0]
    # a figure inside the range raises nothing
    fine = Decision("EN.AIR.01", "accepted", investment_10k_yuan=1.5)
    doc = Document(doc.enterprise, doc.visit, doc.answers, measures=(decision_to_dict(fine),))
    assert all(not v.warnings for v in assess(doc).measures)


def test_totals_carry_the_investment_range_of_accepted_proposals() -> None:
    answers = {"E15": "some", "E36": 55, "E33": 6000, "E24": "mostly_old"}
    answers["E11"] = {"t8_fluorescent": {"count": 500, "watt": 45, "hours": 4000}}
    doc = visit(answers)
    accepted = tuple(
        decision_to_dict(Decision(c, "accepted")) for c in ("EN.VFD.01", "EN.LIGHT.01")
    )
    doc = Document(doc.enterprise, doc.visit, doc.answers, measures=accepted)
    t = assess(doc).totals
    assert t.investment_range == pytest.approx((3.3 + 5.0, 5.5 + 15.0))
    assert t.investment_10k_yuan == pytest.approx(4.4 + 10.0)  # the ranges' middles
    assert t.without_investment == 0 and t.without_money == 0


def test_office_facts_read_the_proposal_figures_in_force() -> None:
    """The office's pipeline counts a decided measure with the proposal's own figures until the
    team enters its own: the investment at the middle of the range, the money at the price
    used (an undecided proposal is an open proposal, counted without figures)."""
    from diagnosis.office.counting import facts_from

    doc = visit({"E15": "some", "E36": 55, "E33": 6000, "E34": 0.8})
    accepted = Decision("EN.VFD.01", "accepted")
    doc = Document(doc.enterprise, doc.visit, doc.answers, measures=(decision_to_dict(accepted),))
    _, facts = facts_from(doc, assess(doc))
    vfd = next(f for f in facts if f.code == "EN.VFD.01")
    assert vfd.investment_10k_yuan == pytest.approx(4.4)
    assert vfd.money_saved_yuan == pytest.approx(109_260.6 * 0.8, rel=1e-4)
    assert vfd.tce == pytest.approx(109_260.6 * 0.1229 / 1000, rel=1e-4)
    team = Decision("EN.VFD.01", "accepted", investment_10k_yuan=6.0)
    doc = Document(doc.enterprise, doc.visit, doc.answers, measures=(decision_to_dict(team),))
    _, facts = facts_from(doc, assess(doc))
    vfd = next(f for f in facts if f.code == "EN.VFD.01")
    assert vfd.investment_10k_yuan == 6.0  # the team's figure, the proposal's money kept
    assert vfd.money_saved_yuan == pytest.approx(109_260.6 * 0.8, rel=1e-4)


def test_equipment_already_efficient_saves_nothing_rather_than_unknown() -> None:
    """A gas boiler at 96 % is above the 95 % target: the proposal saves 0, worth 0 yuan, and
    has no payback; it is not '待测算' (nothing is missing)."""
    answers = {
        "E02": {"natural_gas": {"quantity": 500_000}},
        "E10": {
            "boiler_1": {"count": 1, "fuel": "natural_gas", "capacity_tph": 4, "efficiency_pct": 96}
        },
        "E20": "unknown",
    }
    p = proposal(visit(answers), "EN.BOIL.01")
    assert p.estimate is not None and p.estimate.saving is not None
    assert p.estimate.saving.value == 0 and p.estimate.money_yuan == 0
    assert p.estimate.needed == () and p.estimate.payback_range() is None
