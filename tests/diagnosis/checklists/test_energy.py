"""The energy checklist (diagnosis/checklists/energy/2026.1.json): it loads, its consumption table
feeds the indicator calculators directly (REFERENCE §2.3 worked example), boiler and compressor
questions follow the tables, and scores and triggers come out as worked by hand below."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from diagnosis.assessment.scoring import relevant, score_area
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import Checklist, Item
from diagnosis.checklists.load import load_checklist
from diagnosis.figures.indicators import CARRIERS, EnergyUse, co2_emissions, total_energy

CARRIER_ROWS = {
    "electricity": "kWh",
    "natural_gas": "m³",
    "raw_coal": "t",
    "coke": "t",
    "diesel": "t",
    "gasoline": "t",
    "fuel_oil": "t",
    "lpg": "t",
    "steam": "t",
    "heat": "GJ",
}
BOILER_ITEMS = {"E20", "E21", "E22", "E23"}
COMPRESSOR_ITEMS = {"E16", "E17", "E18", "E19"}
MEASURE = re.compile(r"^EN\.[A-Z]+\.\d{2}$")
ALL_MEASURES = {
    "EN.VFD.01",
    "EN.MOTOR.01",
    "EN.AIR.01",
    "EN.AIR.02",
    "EN.AIR.03",
    "EN.HEAT.01",
    "EN.HEAT.02",
    "EN.STEAM.01",
    "EN.BOIL.01",
    "EN.LIGHT.01",
    "EN.PV.01",
    "EN.EMS.01",
    "EN.METER.01",
    "EN.TRANS.01",
    "EN.PF.01",
}


@pytest.fixture(scope="module")
def energy() -> Checklist:
    return load_checklist("energy", "2026.1")


def shown(checklist: Checklist, answers: Mapping[str, object]) -> set[str]:
    return {item.id for item in relevant(checklist, answers)}


def proposed(checklist: Checklist, answers: Mapping[str, object]) -> set[str]:
    """Measures proposed by the triggers of the items shown for ``answers``."""
    return {
        t.measure
        for item in relevant(checklist, answers)
        for t in item.triggers
        if holds(t.when, answers)
    }


def conditions(cond: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every single comparison inside ``cond``."""
    for combinator in ("all", "any"):
        if combinator in cond:
            for part in cond[combinator]:
                yield from conditions(part)
            return
    if "not" in cond:
        yield from conditions(cond["not"])
        return
    yield cond


def consumption(**quantities: float) -> dict[str, dict[str, float]]:
    """A filled E02 table: every carrier row, 0 unless given."""
    return {row: {"quantity": quantities.get(row, 0)} for row in CARRIER_ROWS}


def test_energy_checklist_loads(energy: Checklist) -> None:
    assert energy.key == "energy@2026.1"
    assert 25 <= len(energy.items) <= 35
    ids = [i.id for i in energy.items]
    assert len(set(ids)) == len(ids)
    assert {i.section for i in energy.items} <= {s.id for s in energy.sections}
    assert all(i.text.zh and i.text.en for i in energy.items)
    assert all(i.confidence in ("V", "K", "L") for i in energy.items)
    for item in energy.items:
        if item.scored:
            assert 1 <= item.weight <= 3, item.id
            assert item.help is not None, item.id


def test_energy_table_cells_named_by_conditions_exist(energy: Checklist) -> None:
    """The loader checks that a condition names an earlier item, not that the row and column
    exist; a typo there would hide a question for ever, so check every one here."""
    for item in energy.items:
        conds = [item.relevant] if item.relevant else []
        conds += [t.when for t in item.triggers]
        for cond in (c for whole in conds for c in conditions(whole)):
            if "row" in cond:
                table = energy.item(cond["item"])
                assert table.type == "table", item.id
                assert cond["row"] in {r.id for r in table.rows}, (item.id, cond)
                assert cond["column"] in {c.id for c in table.columns}, (item.id, cond)
            else:
                target = energy.item(cond["item"])
                for op in ("equals", "in"):
                    if op in cond:
                        values = cond[op] if op == "in" else [cond[op]]
                        assert set(values) <= {o.value for o in target.options}, (item.id, cond)


def test_energy_consumption_rows_are_calculator_carriers(energy: Checklist) -> None:
    table = energy.item("E02")
    assert table.type == "table" and table.required
    assert {r.id: r.unit for r in table.rows} == CARRIER_ROWS
    assert set(CARRIER_ROWS) <= set(CARRIERS)
    quantity = next(c for c in table.columns if c.id == "quantity")
    assert (quantity.kind, quantity.minimum) == ("number", 0)
    assert [c.kind for c in table.columns if c.id == "note"] == ["text"]
    # every row's unit fits its coefficients: 1 of each converts and has a CO2 factor
    uses = [EnergyUse(r.id, 1, r.unit) for r in table.rows]
    assert total_energy(uses, basis="equivalent", year=2023).value > 0
    assert co2_emissions(uses, year=2023).value > 0


def test_energy_consumption_table_gives_worked_total(energy: Checklist) -> None:
    """REFERENCE §2.3 [C], 当量值, from the table as a team fills it in (units from the rows):
    5 000 000 kWh × 0.1229 kgce/kWh = 614 500 kgce;
    300 000 m³ × 1.2143 kgce/m³ = 364 290 kgce;
    20 t = 20 000 kg × 1.4571 kgce/kg = 29 142 kgce;
    2 000 t = 2 000 000 kg × 0.1286 kgce/kg = 257 200 kgce;
    sum 1 265 132 kgce = 1 265.1 tce (the empty carriers add 0)."""
    answer = consumption(electricity=5_000_000, natural_gas=300_000, diesel=20, steam=2_000)
    table = energy.item("E02")
    uses = [EnergyUse(row.id, answer[row.id]["quantity"], row.unit) for row in table.rows]
    figure = total_energy(uses, basis="equivalent", year=2023)
    assert figure.value == pytest.approx(614.5 + 364.29 + 29.142 + 257.2)
    assert round(figure.value, 1) == 1265.1


def test_energy_boiler_items_follow_boilers_and_steam(energy: Checklist) -> None:
    assert not BOILER_ITEMS & shown(energy, {})
    assert not BOILER_ITEMS & shown(energy, {"E02": consumption(electricity=1e6)})
    # purchased steam only: condensate and traps, but no boiler and no flue gas
    steam = {"E02": consumption(steam=2_000)}
    assert BOILER_ITEMS & shown(energy, steam) == {"E22", "E23"}
    # gas burnt on site: flue-gas heat recovery (furnaces, dryers) without a boiler
    gas = {"E02": consumption(natural_gas=300_000)}
    assert BOILER_ITEMS & shown(energy, gas) == {"E21"}
    # a boiler in the table: every boiler question
    boiler = {"E10": {"boiler_2": {"count": 1, "fuel": "natural_gas"}}}
    assert shown(energy, boiler) >= BOILER_ITEMS
    assert not BOILER_ITEMS & shown(energy, {"E10": {"boiler_1": {"count": 0}}})


def test_energy_compressor_items_need_compressors(energy: Checklist) -> None:
    assert not COMPRESSOR_ITEMS & shown(energy, {})
    assert not COMPRESSOR_ITEMS & shown(energy, {"E08": {"group_1": {"count": 0, "kw": 55}}})
    assert shown(energy, {"E08": {"group_3": {"count": 2, "kw": 75}}}) >= COMPRESSOR_ITEMS


def test_energy_photo_and_transformer_items_are_conditional(energy: Checklist) -> None:
    assert "E13" not in shown(energy, {"E12": "none"})
    assert "E13" in shown(energy, {"E12": "present"})
    assert "E14" not in shown(energy, {})
    assert "E14" in shown(energy, {"E09": {"t1": {"capacity_kva": 1250}}})


def full_answers(energy: Checklist, pick: str) -> dict[str, object]:
    """Every table filled so every question is shown; each scored item at its best ('best') or
    worst ('worst') scored option."""
    answers: dict[str, object] = {
        "E01": 2024,
        "E02": consumption(electricity=5_000_000, natural_gas=300_000, steam=2_000),
        "E03": 12_000,
        "E08": {"group_1": {"count": 2, "kw": 75}},
        "E09": {"t1": {"capacity_kva": 1250}},
        "E10": {"boiler_1": {"count": 1, "fuel": "natural_gas"}},
        "E12": "present" if pick == "worst" else "none",
    }
    for item in energy.items:
        if item.scored and item.id not in answers:
            scored = [o for o in item.options if o.score is not None]
            best = max if pick == "best" else min
            answers[item.id] = best(scored, key=lambda o: o.score or 0.0).value
    return answers


def scored_shown(energy: Checklist, answers: Mapping[str, object]) -> list[Item]:
    return [i for i in relevant(energy, answers) if i.scored]


def test_energy_best_answers_score_100(energy: Checklist) -> None:
    answers = full_answers(energy, "best")
    assert {i.id for i in scored_shown(energy, answers)} >= BOILER_ITEMS | COMPRESSOR_ITEMS
    result = score_area(energy, answers)
    assert result.score == pytest.approx(100)
    # all 20 scored items counted: 3+2+3+2+2+2+2+2+2+2+2+1+3+2+2+1+3+1+1+1 = 39
    assert sum(c.weight for c in result.contributions) == 39
    assert result.gaps() == []
    assert (result.answered, result.required) == (9, 9)
    assert proposed(energy, answers) == set()


def test_energy_mixed_answers_score_exactly(energy: Checklist) -> None:
    """No compressors, boilers, steam or transformers, so their questions do not count.

    item  answer       weight × fraction
    E12   planned      3 × 0.4 = 1.2
    E15   some         3 × 0.5 = 1.5
    E24   mixed        1 × 0.3 = 0.3
    E25   two_levels   3 × 0.6 = 1.8
    E26   certified    2 × 1   = 2.0
    E27   partial      2 × 0.5 = 1.0
    E29   no_standard  not applicable, not counted
    E30   suitable     1 × 0   = 0
    E16   no           hidden (no compressors), not counted
    Σ weight = 15, Σ = 7.8 → 100 × 7.8 / 15 = 52.0
    gaps: E12 100 × 1.8/15 = 12, E15 10, E25 8, then E27 and E30 6.67 each."""
    answers: dict[str, object] = {
        "E02": consumption(electricity=800_000),
        "E12": "planned",
        "E15": "some",
        "E16": "no",
        "E24": "mixed",
        "E25": "two_levels",
        "E26": "certified",
        "E27": "partial",
        "E29": "no_standard",
        "E30": "suitable",
    }
    result = score_area(energy, answers)
    assert result.score == pytest.approx(52.0)
    assert [c.item for c in result.gaps(3)] == ["E12", "E15", "E25"]
    assert [g.gap for g in result.gaps(3)] == pytest.approx([12, 10, 8])
    # required: E01, E02, E03, E12, E15, E25, E26, E27, E29; E01 and E03 still open
    assert (result.answered, result.required) == (7, 9)
    assert proposed(energy, answers) == {
        "EN.MOTOR.01",
        "EN.VFD.01",
        "EN.LIGHT.01",
        "EN.METER.01",
        "EN.PV.01",
    }

    # two compressors make E16 count: Σ weight 17, Σ still 7.8 → 100 × 7.8 / 17 = 45.88
    answers["E08"] = {"group_1": {"count": 2, "kw": 55}}
    result = score_area(energy, answers)
    assert result.score == pytest.approx(100 * 7.8 / 17)
    assert result.score == pytest.approx(45.882, abs=0.001)
    assert "EN.AIR.01" in proposed(energy, answers)


def test_energy_triggers_use_catalogue_codes(energy: Checklist) -> None:
    codes = {t.measure for item in energy.items for t in item.triggers}
    assert all(MEASURE.match(code) for code in codes), codes
    assert codes == ALL_MEASURES
    # a trigger names its own item or an earlier one, never a later one
    order = {item.id: n for n, item in enumerate(energy.items)}
    for item in energy.items:
        for t in item.triggers:
            assert all(order[c["item"]] <= order[item.id] for c in conditions(t.when))


def test_energy_worst_answers_propose_every_measure(energy: Checklist) -> None:
    answers = full_answers(energy, "worst")
    assert proposed(energy, answers) == ALL_MEASURES
    result = score_area(energy, answers)
    assert result.score == pytest.approx(0)
