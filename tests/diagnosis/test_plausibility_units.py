"""Units in the plausibility warnings, in the message's language (issue 18): every rule of
diagnosis/reference/plausibility.json, made to fire, says its units as the reader writes them:
"h/年", "元/kWh" in Chinese, "h/yr", "yuan/kWh", "10k yuan" in English. The units come from the
one reading of checklist units, diagnosis.checklists.units."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

from diagnosis.checklists.format import AREAS, Checklist
from diagnosis.checklists.load import available_versions, load_checklist
from diagnosis.checklists.units import unit_text
from diagnosis.messages import CATALOGUE, Lang
from diagnosis.plausibility.checks import Doubt, find_doubts
from diagnosis.plausibility.rules import PlausibilityRules, RangeRule, plausibility_rules
from diagnosis.register.enterprise import Enterprise
from diagnosis.visits.document import Document, Visit, with_answers

FIRM = Enterprise(
    id="e-1",
    name="宁波测试机械有限公司",
    credit_code="91330200711192037M",
    employees=200,
    land_area=30.0,  # mu: 20,000 m²
)
VISITED = "2025-04-10"
Answers = dict[str, dict[str, Any]]

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# English unit words a Chinese message must not show where Chinese has its own (年, 元, 万元, 人,
# 台, 盏, 项); symbols both languages write (kWh, m³, tce, bar(g) ...) are fine.
ENGLISH_UNIT_WORDS = re.compile(
    r"(?<![A-Za-z])(yr|years?|yuan|10k|persons?|units|lamps|options)(?![A-Za-z])"
)

# A visit that raises no doubt and shows every item a rule reads: natural gas used (E35), fans
# on dampers (E36), a compressor (E37), a roof fit for PV (E38), a hazard source asked (MH01).
SOUND: Answers = {
    "energy": {
        "E01": 2024,
        "E02": {
            "electricity": {"quantity": 3_000_000},
            "natural_gas": {"quantity": 200_000},
        },
        "E03": 25_000,
        "E04": 300,
        "E07": {"p_7_5_45": {"count": 12, "total_kw": 264, "vfd_count": 4}},
        "E08": {
            "group_1": {"count": 2, "kw": 37, "fad": 6.2, "specific_power": 6.8, "pressure_bar": 7}
        },
        "E10": {"boiler_1": {"count": 1, "efficiency_pct": 88}},
        "E15": "some",
        "E30": "suitable",
        "E33": 6000,
        "E34": 0.75,
        "E35": 4.0,
        "E36": 60,
        "E37": 25,
        "E38": 8000,
    },
    "water": {"W01": {"tap": {"quantity": 40_000}}, "W18": 96, "W19": "level2", "W22": 5.0},
    "intelligent_manufacturing": {"IM06": "2", "IM_CNC_RATE": 42, "IM07": "3", "IM_NET_RATE": 50},
    "safety": {"SC04": "yes", "MH02": "no"},
}

# The answers that make each rule (and each of its messages) fire, beside those made from the
# rule itself (ranges, bands): a rule added to plausibility.json without a way here fails.
TRIGGERS: dict[str, list[Answers]] = {
    "counts": [{"energy": {"E07": {"p_le_7_5": {"count": 2.5, "total_kw": 10}}}}],
    "motors": [
        {"energy": {"E07": {"p_le_7_5": {"count": 2, "total_kw": 30}}}},
        {"energy": {"E07": {"p_45_160": {"count": 0, "total_kw": 90}}}},
        {"energy": {"E07": {"p_7_5_45": {"count": 3, "total_kw": 60, "vfd_count": 5}}}},
    ],
    "compressors": [
        {"energy": {"E08": {"group_1": {"count": 1, "kw": 37, "fad": 6.2, "specific_power": 2.5}}}},
        {
            "energy": {
                "E08": {"group_1": {"count": 1, "kw": 6.2, "fad": 37, "specific_power": None}}
            }
        },
    ],
    "major_hazard": [
        {"safety": {"MH01": {"toxic_gas": {"quantity": 0}}, "MH02": "yes"}},
        {"safety": {"MH01": {"flammable_gas": {"quantity": 2, "threshold": 10}}, "MH02": "yes"}},
        {"safety": {"MH01": {"toxic_gas": {"quantity": 12, "threshold": 10}}, "MH02": "no"}},
        {"safety": {"MH01": {"toxic_gas": {"quantity": 12, "threshold": 0}}}},
    ],
    "data_year": [{"energy": {"E01": 2026}}],
    "energy_intensity": [{"energy": {"E02": {"electricity": {"quantity": 5e9}}, "E03": 1_000}}],
    "electricity_per_output": [{"energy": {"E02": {"electricity": {"quantity": 5e9}}}}],
    "water_per_output": [{"water": {"W01": {"tap": {"quantity": 3e7}}}, "energy": {"E03": 1_000}}],
    "output_per_employee": [{"energy": {"E03": 20, "E04": 1}}],  # 20 万元 for 200 employees
    "energy_cost_share": [{"energy": {"E04": 40_000}}],
    "motors_without_vfd": [{"energy": {"E36": 450}}],
    "roof_vs_land": [{"energy": {"E38": 40_000}}],  # twice the land (30 mu = 20,000 m²)
}


def newest() -> dict[str, Checklist]:
    return {a: load_checklist(a, available_versions(a)[-1]) for a in AREAS}


def merged(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``patch`` laid over it, tables row by row and cell by cell (None drops)."""
    out = dict(base)
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merged(out[key], value)
        elif value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def out_of_range(rule: RangeRule, checklist: Checklist) -> Answers:
    """An answer beyond a range rule's bound, at its item, row and column."""
    value = rule.maximum * 10 if rule.maximum is not None else (rule.minimum or 0) / 10 - 1
    if rule.column is None:
        return {rule.area: {rule.item: value}}
    row = rule.row or checklist.item(rule.item).rows[0].id
    return {rule.area: {rule.item: {row: {rule.column: value}}}}


def off_band(r: PlausibilityRules) -> dict[str, list[Answers]]:
    """For each band rule, a rate outside the first band that does not allow every rate."""
    out: dict[str, list[Answers]] = {}
    for rule in r.bands:
        option, (low, high) = next((o, b) for o, b in rule.bands.items() if b != (0, 100))
        rate = 100 if high < 100 else low / 2
        out[rule.id] = [{rule.area: {rule.band_item: option, rule.rate_item: rate}}]
    return out


def doubts(checklists: Mapping[str, Checklist], answers: Answers) -> tuple[Doubt, ...]:
    visit = Visit("v-1", VISITED, checklists={a: c.version for a, c in checklists.items()})
    doc = with_answers(Document(FIRM, visit, {}), answers)
    return find_doubts(checklists, doc.answers, FIRM, doc.activity, VISITED)


def every_rule_fired() -> list[tuple[str, Doubt]]:
    """(the rule made to fire, each doubt then found) over every rule and every message."""
    r, checklists = plausibility_rules(), newest()
    triggers = {**TRIGGERS, **off_band(r)}
    for rule in r.ranges:
        triggers[rule.id] = [out_of_range(rule, checklists[rule.area])]
    ids = ["counts", "motors", "compressors", "major_hazard", "data_year"]
    ids += [x.id for x in (*r.ranges, *r.bands, *r.ratios)]
    assert sorted(triggers) == sorted(ids), "a rule with no way to fire it here"
    assert doubts(checklists, SOUND) == ()  # so each doubt below is the trigger's own
    found: list[tuple[str, Doubt]] = []
    for rule_id in ids:
        for patch in triggers[rule_id]:
            raised = doubts(checklists, merged(SOUND, patch))
            assert rule_id in {d.rule for d in raised}, (rule_id, patch)
            found += [(rule_id, d) for d in raised]
    # every message the rules can give was seen (a bound on one side only reads "above"/"below")
    possible = {c for c in CATALOGUE if c.startswith("doubt.")}
    possible -= {"doubt.below"} if all(x.maximum is not None for x in r.ranges) else set()
    possible -= {"doubt.above"} if all(x.minimum is not None for x in r.ranges) else set()
    assert {d.message.code for _, d in found} == possible
    return found


@pytest.fixture(scope="module")
def fired() -> list[tuple[str, Doubt]]:
    return every_rule_fired()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plausibility_every_message_writes_its_units_in_its_language(
    lang: Lang, fired: list[tuple[str, Doubt]]
) -> None:
    wrong = []
    for rule_id, d in fired:
        text = d.text(lang)
        bad = CJK.findall(text) if lang == "en" else ENGLISH_UNIT_WORDS.findall(text)
        if bad:
            wrong.append(f"{rule_id}: {text}")
    assert wrong == [], "\n" + "\n".join(wrong)


def test_plausibility_units_read_as_each_language_writes_them(
    fired: list[tuple[str, Doubt]],
) -> None:
    def by_rule(rule_id: str) -> Doubt:
        return next(d for made, d in fired if made == rule_id and d.rule == rule_id)

    hours = by_rule("operating_hours")
    assert "87,840 h/年" in hours.text("zh")
    assert "87,840 h/yr" in hours.text("en")
    price = by_rule("electricity_price")
    assert "16 元/kWh" in price.text("zh") and "16 yuan/kWh" in price.text("en")
    intensity = by_rule("energy_intensity")
    assert "1,000 万元" in intensity.text("zh") and "tce/万元" in intensity.text("zh")
    assert "1,000 10k yuan" in intensity.text("en") and "tce/10k yuan" in intensity.text("en")
    per_head = by_rule("output_per_employee")
    assert "0.1 万元/人" in per_head.text("zh") and "200 人" in per_head.text("zh")
    assert "0.1 10k yuan/person" in per_head.text("en") and "200 persons" in per_head.text("en")
    year = by_rule("data_year")
    assert "2026" in year.text("en") and "2,026" not in year.text("en")  # a year, not a figure


def test_plausibility_rules_on_older_checklists_speak_the_same() -> None:
    """The first versions (E33-E38 and W22 not asked yet): what fires reads right too."""
    oldest = {a: load_checklist(a, available_versions(a)[0]) for a in AREAS}
    answers = merged(
        SOUND,
        {
            "energy": {
                "E02": {"electricity": {"quantity": 5e9}},
                "E03": 20,
                "E01": 2026,
                "E10": {"boiler_1": {"efficiency_pct": 15}},
            },
            "water": {"W01": {"tap": {"quantity": 3e9}}},
        },
    )
    found = doubts(oldest, answers)
    assert {"energy_intensity", "output_per_employee", "water_ceiling"} <= {d.rule for d in found}
    for d in found:
        assert not CJK.search(d.text("en")), d.text("en")
        assert not ENGLISH_UNIT_WORDS.search(d.text("zh")), d.text("zh")


def test_every_checklist_unit_reads_in_each_language() -> None:
    """Every unit any checklist version gives (items, rows, columns), and the compound units the
    messages build from them, reads without the other language's words."""
    units: set[str] = set()
    for area in AREAS:
        for version in available_versions(area):
            for item in load_checklist(area, version).items:
                units |= {item.unit, *(r.unit for r in item.rows), *(c.unit for c in item.columns)}
    units |= {x.unit for x in plausibility_rules().ratios}
    units |= {"元/kW", "元/(t/h)", "元/家", "元/次", "元/套", "yuan/yr", "kWh/(kWp·yr)", "yr"}
    for unit in sorted(u for u in units if u):
        assert not CJK.search(unit_text(unit, "en")), unit
        assert not ENGLISH_UNIT_WORDS.search(unit_text(unit, "zh")), unit
    assert unit_text("元/kW", "en") == "yuan/kW"  # money per a symbol, not a 中文/English pair
    assert unit_text("年/year", "en") == "year" and unit_text("年/year", "zh") == "年"
    assert unit_text("kWh/(kWp·yr)", "zh") == "kWh/(kWp·年)"
