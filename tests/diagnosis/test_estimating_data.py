"""The data behind the costed proposals: prices, equipment tables and unit costs each carry a
public source and a confidence, say so where unverified, never cite the team's own reference in
a printed text, agree with physics where they can be checked (efficiencies rise with class and
size, losses fall with newer series), and are refused whole, naming the entry, when malformed."""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

import pytest

from diagnosis.checklists.load import load_checklist
from diagnosis.measures.catalogue import (
    CATALOGUE_PATH,
    COST_BASES,
    MeasuresCatalogue,
    MeasuresCatalogueError,
    measures_catalogue,
)
from diagnosis.measures.estimating.prices import (
    PRICES_PATH,
    PriceTableError,
    parse_prices,
    price_table,
)
from diagnosis.measures.estimating.proposals import BUILDERS
from diagnosis.measures.estimating.tables import (
    TABLES_PATH,
    EstimatingTablesError,
    estimating_tables,
    parse_tables,
)

INTERNAL = ("REFERENCE", "§", "shared/domain")
UNVERIFIED_ZH = ("待核实", "未见")
UNVERIFIED_EN = ("to be verified", "not seen")


def raw(path: Any) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]


def printed_ok(zh: str, en: str, confidence: str) -> None:
    assert zh.strip() and en.strip()
    assert not [w for w in INTERNAL if w in zh + en], (zh, en)
    if confidence in ("K", "L", "C"):
        assert any(w in zh for w in UNVERIFIED_ZH), zh
        assert any(w in en for w in UNVERIFIED_EN), en


def test_prices_are_sourced_traced_and_asked_where_the_firm_knows_them() -> None:
    table = price_table()
    trace = raw(PRICES_PATH)["trace"]["keys"]
    assert set(trace) == set(table.prices)
    assert (table.year, table.region.zh) == (2024, "宁波")
    for p in table.prices.values():
        printed_ok(p.source.zh, p.source.en, p.confidence)
        assert "估算，待核实" in p.note.zh and "estimate, to be verified" in p.note.en
        if p.answer is not None:  # the firm's own price is asked by a number question
            area, item = p.answer
            question = load_checklist(area, "2026.2").item(item)
            assert question.type == "number" and question.unit == p.unit
    asked = {p.key: p.answer for p in table.prices.values() if p.answer}
    assert asked == {
        "electricity": ("energy", "E34"),
        "natural_gas": ("energy", "E35"),
        "water": ("water", "W22"),
    }


def test_estimating_tables_are_sourced_and_traced() -> None:
    data = raw(TABLES_PATH)
    t = estimating_tables()
    for part in (t.motor, t.transformer, t.lighting, t.boiler, t.tower, t.vfd):
        printed_ok(part.source.zh, part.source.en, part.confidence)
    for d in t.defaults.values():
        printed_ok(d.source.zh, d.source.en, d.confidence)
    keys = set(data["trace"]["keys"])
    tables = {"motor_efficiency", "transformer_losses", "lighting", "boiler_target_efficiency"}
    assert tables | {"cooling_tower", "vfd_profile"} | set(t.defaults) == keys


def test_motor_efficiencies_rise_with_class_and_size() -> None:
    t = estimating_tables()
    classes = [t.motor_classes[c] for c in ("IE2", "IE3", "IE4")]
    for lower, higher in itertools.pairwise(classes):
        assert all(a < b for a, b in zip(lower, higher, strict=True))
    for values in classes:
        assert list(values) == sorted(values)
    assert t.motor_grades == {"below_g3": "IE2", "g3": "IE3", "g2": "IE4"}


def test_transformer_losses_fall_with_newer_series() -> None:
    t = estimating_tables()
    order = ("S9", "S11", "S13", "SH15")
    for row in range(len(t.transformer_kva)):
        losses = [t.no_load_kw[s][row] for s in order]
        pairs = itertools.pairwise(losses)
        assert all(a is not None and b is not None and a > b for a, b in pairs)
    assert list(t.load_kw) == sorted(t.load_kw)
    assert t.transformer_losses("S11", 1000) == (1.15, 10.3, 1000)
    assert t.transformer_losses("S11", 900) == (1.15, 10.3, 1000)  # nearest, the larger on a tie


def test_every_estimator_measure_has_a_sourced_unit_cost() -> None:
    catalogue = measures_catalogue()
    for m in catalogue.measures:
        if m.estimator is not None:
            assert m.estimator in BUILDERS, m.code  # it runs on the answers
            assert m.unit_cost is not None, m.code
        if m.unit_cost is not None:
            c = m.unit_cost
            assert 0 <= c.min <= c.max and c.per in COST_BASES, m.code
            printed_ok(c.source.zh, c.source.en, c.confidence)
            assert c.what.zh and c.what.en
    # the reviewer's 2024 figures (REFERENCE §11) stand as given
    vfd, pv, leak = (catalogue.get(c).unit_cost for c in ("EN.VFD.01", "EN.PV.01", "EN.AIR.01"))
    assert vfd is not None and (vfd.min, vfd.max, vfd.unit) == (600, 1000, "元/kW")
    assert pv is not None and (pv.min, pv.max, pv.unit) == (2800, 3500, "元/kWp")
    assert leak is not None and (leak.min, leak.max, leak.per) == (5000, 20000, "survey")
    assert catalogue.team_check.factor == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["prices"][0].update(value=0), "$.prices[0].value"),
        (lambda d: d["prices"][1].update(unit="yuan/m3"), "$.prices[1].unit"),
        (lambda d: d["prices"][2].update(confidence="X"), "$.prices[2].confidence"),
        (lambda d: d["prices"].append(dict(d["prices"][0])), "is repeated"),
    ],
)
def test_a_bad_price_file_is_refused_naming_the_entry(change: Any, message: str) -> None:
    data = copy.deepcopy(raw(PRICES_PATH))
    change(data)
    with pytest.raises(PriceTableError, match=message.replace("$", r"\$").replace("[", r"\[")):
        parse_prices(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["motor_efficiency"]["classes"]["IE3"].pop(), "classes.IE3"),
        (lambda d: d["motor_efficiency"].update(target="IE9"), "IE9"),
        (lambda d: d["transformer_losses"]["no_load_kw"]["S11"].pop(), "no_load_kw.S11"),
        (lambda d: d["vfd_profile"]["steps"][0].__setitem__(0, 0.5), "sum to 1"),
        (lambda d: d["defaults"].pop(), "missing"),
        (lambda d: d["lighting"].update(confidence="?"), "lighting.confidence"),
    ],
)
def test_bad_tables_are_refused_naming_the_part(change: Any, message: str) -> None:
    data = copy.deepcopy(raw(TABLES_PATH))
    change(data)
    with pytest.raises(EstimatingTablesError, match=message):
        parse_tables(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda u: u.update(per="per_hour"), "unit_cost.per"),
        (lambda u: u.update(min=2000, max=1000), "min 2000 is above max 1000"),
        (lambda u: u.update(unit="yuan/kW"), "元/<unit>"),
        (lambda u: u.pop("source"), "exactly"),
    ],
)
def test_a_bad_unit_cost_is_refused_naming_the_measure(change: Any, message: str) -> None:
    data = copy.deepcopy(raw(CATALOGUE_PATH))
    vfd = next(m for m in data["measures"] if m["code"] == "EN.VFD.01")
    change(vfd["unit_cost"])
    with pytest.raises(MeasuresCatalogueError, match=r"\(EN\.VFD\.01\)") as caught:
        MeasuresCatalogue.from_data(data)
    assert message in str(caught.value)
