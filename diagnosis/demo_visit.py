"""A complete, realistic diagnosis document for a demo enterprise: every area answered,
a year of energy and water, findings. For trying the app and for tests and benchmarks.

Deterministic for a seed; answers follow the checklists' own relevance, so they are ones a team
could have given.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from typing import Any

from diagnosis.activity import REUSED, WaterUse
from diagnosis.checklist import AREAS, Checklist, Item, load_checklist
from diagnosis.conditions import holds
from diagnosis.document import Document, Finding, Visit
from diagnosis.enterprise import Enterprise
from diagnosis.indicators import EnergyUse

_TEAM = ("王建国", "陈静", "李海燕", "周强", "俞明")


def demo_document(enterprise: Enterprise, seed: int = 1, year: int = 2023) -> Document:
    rng = random.Random(seed)
    output = enterprise.output_value or round(rng.uniform(5_000, 80_000), 1)
    # Energy roughly in line with a mid-intensity manufacturer: ~0.05-0.15 tce per 10k yuan.
    kwh = round(output * rng.uniform(400, 900), -3)
    energy = [
        EnergyUse("electricity", kwh, "kWh"),
        EnergyUse("natural_gas", round(output * rng.uniform(5, 25), -2), "m3"),
        EnergyUse("diesel", round(rng.uniform(5, 40), 1), "t"),
    ]
    if rng.random() < 0.4:
        energy.append(EnergyUse("steam", round(rng.uniform(500, 5_000), -1), "t"))
    intake = round(output * rng.uniform(0.4, 2.5), -1)
    water = [
        WaterUse("tap", round(intake * 0.85, -1)),
        WaterUse("ground", round(intake * 0.15, -1)),
    ]
    answers: dict[str, dict[str, Any]] = {}
    checklists = {area: load_checklist(area) for area in AREAS}
    reused = round(intake * rng.uniform(1, 8), -1)
    for area, checklist in checklists.items():
        answers[area] = _answer(checklist, rng, energy, water, reused, year, output)
    # A UUID like every client-made id, the same for the same firm and year (stable demo data).
    visit_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo/{enterprise.credit_code}/{year}"))
    findings = tuple(
        # Client-made ids, unique across visits (DESIGN.md invariant 3), stable for a visit.
        Finding(
            str(uuid.uuid5(uuid.NAMESPACE_URL, f"{visit_id}/finding/{n}")),
            area,
            severity,
            text,
            None,
        )
        for n, (area, severity, text) in enumerate(
            (
                ("energy", "serious", "空压机房多处管路接头泄漏，卸载时间占比约 35%。"),
                ("safety", "general", "二号车间配电箱未上锁，部分线路裸露。"),
                ("water", "general", "冷却塔补水未计量，浓缩倍数估计不足 3。"),
            )
        )
    )
    visit = Visit(
        id=visit_id,
        date=f"{year + 1}-03-{rng.randint(10, 28):02d}",
        team=tuple(rng.sample(_TEAM, 3)),
        organisation="宁波市工业企业诊断服务中心（示例）",
        checklists={area: c.version for area, c in checklists.items()},
    )
    doc = Document(enterprise, visit, answers, findings)
    return replace(doc, measures=_decisions(doc, rng, kwh))


def _decisions(doc: Document, rng: random.Random, kwh: float) -> tuple[dict[str, Any], ...]:
    """What a team typically settles on site: the urgent compliance measures accepted with an
    investment, a few energy and water measures accepted with the team's own estimates
    (electricity at 0.75 yuan/kWh and water at 5.5 yuan/m³, assumptions of the demo), and one
    rejected."""
    from diagnosis.measure_decisions import decision_to_dict
    from diagnosis.measures import Decision, propose

    out = []
    taken = {"compliance": 0, "EN.": 0, "WA.": 0, "rejected": 0}
    for p in propose(doc):
        kind = p.code[:3] if p.code[:3] in ("EN.", "WA.") else "compliance"
        if kind == "EN." and taken["EN."] >= 4 and not taken["rejected"]:
            taken["rejected"] += 1
            out.append(decision_to_dict(Decision(p.code, "rejected", note="企业已有计划")))
            continue
        if taken[kind] >= {"compliance": 3, "EN.": 4, "WA.": 1}[kind]:
            continue
        taken[kind] += 1
        if kind == "EN.":
            saved = round(kwh * rng.uniform(0.01, 0.06), -2)
            money = round(saved * 0.75)
            decision = Decision(
                p.code,
                "accepted",
                investment_10k_yuan=round(money * rng.uniform(0.8, 3.5) / 10_000, 1),
                energy_saved=(EnergyUse("electricity", saved, "kWh"),),
                money_saved_yuan=money,
            )
        elif kind == "WA.":
            water = round(sum(w.quantity for w in doc.water_use) * rng.uniform(0.05, 0.2), -1)
            money = round(water * 5.5)
            decision = Decision(
                p.code,
                "accepted",
                investment_10k_yuan=round(money * rng.uniform(1, 4) / 10_000, 1),
                water_saved_m3=water,
                money_saved_yuan=money,
            )
        else:
            decision = Decision(
                p.code, "accepted", investment_10k_yuan=round(rng.uniform(0.5, 30), 1)
            )
        out.append(decision_to_dict(decision))
    return tuple(out)


def _answer(
    checklist: Checklist,
    rng: random.Random,
    energy: list[EnergyUse],
    water: list[WaterUse],
    reused: float,
    year: int,
    output: float,
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in checklist.items:
        if not holds(item.relevant, answers):
            continue
        if (checklist.area, item.id) == REUSED:
            answers[item.id] = reused
            continue
        value = _value(
            item, rng, energy + [EnergyUse(w.source, w.quantity, "m3") for w in water], year, output
        )
        if value is not None:
            answers[item.id] = value
    return answers


def _value(
    item: Item, rng: random.Random, energy: list[EnergyUse], year: int, output: float
) -> Any:
    if item.type == "single":
        scored = [o for o in item.options if o.score is not None]
        choices = scored or list(item.options)
        # Firms that ask for a diagnosis are mostly middling: favour the middle options.
        weights = [1 + min(i, len(choices) - 1 - i) * 2 for i in range(len(choices))]
        return rng.choices(choices, weights)[0].value
    if item.type == "yes_no":
        if item.flag:  # the mandatory-audit triggers: rarely true
            return "yes" if rng.random() < 0.1 else "no"
        return rng.choices(["yes", "no", "na"], [6, 3, 1])[0]
    if item.type == "multiple":
        k = rng.randint(1, max(1, len(item.options) // 2))
        return sorted({o.value for o in rng.sample(list(item.options), k)})
    if item.type == "number":
        return _number(item, rng, year, output)
    if item.type == "table":
        return _table(item, rng, energy)
    if item.type == "date":
        return f"{year}-{rng.randint(1, 12):02d}-15"
    if item.type == "text":
        return "示例记录 / sample note"
    return None  # photos are attached by the team, not invented


def _number(item: Item, rng: random.Random, year: int, output: float) -> float:
    unit = item.unit
    if "年" in item.text.zh and (item.maximum or 0) >= 2000:
        # The data year is the document's; other years (last audit...) a few years back.
        return float(
            year
            if "数据" in item.text.zh or "所属" in item.text.zh
            else rng.randint(year - 4, year)
        )
    if unit in ("万元",):
        if "产值" in item.text.zh:
            return output
        return round(output * rng.uniform(0.02, 0.08), 1)
    low = item.minimum if item.minimum is not None else 0.0
    high = item.maximum if item.maximum is not None else max(low + 100.0, 100.0)
    return round(rng.uniform(low, min(high, low + 1_000_000)), 1)


_COUNT_UNITS = ("台", "盏", "套", "个")


def _table(item: Item, rng: random.Random, energy: list[EnergyUse]) -> dict[str, Any]:
    used = {u.carrier: u.quantity for u in energy}
    out: dict[str, dict[str, Any]] = {}
    for row in item.rows:
        cells: dict[str, Any] = {}
        for col in item.columns:
            if col.kind == "number":
                if col.id == "quantity" and row.id in used:
                    cells[col.id] = used[row.id]
                elif col.id == "quantity" and item.rows and item.rows[0].unit:
                    cells[col.id] = 0.0  # a carrier the firm does not use
                elif col.unit in _COUNT_UNITS:  # whole machines; a part never above the whole
                    most = int(cells.get("count", 30))
                    cells[col.id] = float(rng.randint(0 if col.id != "count" else 1, most))
                else:
                    low = col.minimum or 0.0
                    high = col.maximum if col.maximum is not None else low + 50
                    cells[col.id] = round(rng.uniform(low, min(high, low + 50)), 1)
            elif col.kind == "choice" and col.choices:
                cells[col.id] = rng.choice(col.choices).value
        out[row.id] = cells
    return out
