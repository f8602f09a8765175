"""A complete, realistic diagnosis of a demo enterprise, made the way a team makes one: the
questions answered (diagnosis/demo/answers.py), findings written about the answers that failed,
and the team's decisions on what the rules propose. For trying the app, tests and benchmarks.

Nothing here computes a figure: the plan's energy, water, savings and paybacks come from the
answers through the same path as a real visit's. Deterministic for a seed.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from diagnosis.checklists.format import AREAS
from diagnosis.checklists.load import load_checklist
from diagnosis.demo.answers import answer_area, firm_profile
from diagnosis.register.enterprise import Enterprise
from diagnosis.visits.document import Document, Finding, Visit
from diagnosis.visits.experts import Expert

_TEAM = ("王建国", "陈静", "李海燕", "周强", "俞明")
_ORGANISATION = "宁波市工业企业诊断服务中心（示例）"
# Each demo expert's specialty and, where not the centre's, organisation (empty: the visit's):
# fixed by name so the demo's random draws stay as they were.
_EXPERTS = {
    "王建国": ("智能制造", ""),
    "陈静": ("节能", "宁波市节能协会（示例）"),
    "李海燕": ("清洁生产", ""),
    "周强": ("安全环保", "宁波市安全生产协会（示例）"),
    "俞明": ("节水", ""),
}
# What a team writes when an answer fails, by (area, item): the failing answers, the severity
# the team gives, and the note in its words ({E37}: the firm's own answer; a [clause] is left
# out when an answer it names was not given).
_FINDINGS: tuple[tuple[str, str, tuple[str, ...], str, str], ...] = (
    ("energy", "E16", ("no",), "serious",
     "空压机房多处管路接头和快插接头泄漏，停产时空压机仍频繁加载[，泄漏率约 {E37}%]。"),
    ("energy", "E24", ("mixed", "mostly_old"), "general",
     "车间仍以 T8 荧光灯和金卤灯为主，白天靠窗区域照明常开，无分区或感应控制。"),
    ("energy", "E12", ("present", "planned"), "serious",
     "铭牌核对发现在用 YE2 等低于能效 3 级的电机，部分为多次重绕电机。"),
    ("energy", "E25", ("boundary_only", "incomplete"), "general",
     "仅有厂区总表，主要车间和空压站未装分表，无法按车间分析能耗。"),
    ("water", "W17", ("reactive", "none"), "general",
     "地下管网无定期检漏，夜间无生产时总表仍有流量，估计漏失较大。"),
    ("water", "W07", ("lt2", "2to3", "unknown"), "general",
     "冷却塔补水未单独计量，排污无控制，浓缩倍数估计不足 3。"),
    ("safety", "S18", ("no",), "serious", "二号车间配电箱未上锁，箱门处有裸露带电部位。"),
    ("safety", "S17", ("no",), "serious", "冲床光电保护装置被短接，传动皮带防护罩缺失。"),
    ("safety", "S20", ("no",), "serious", "成品仓库安全出口被货物堵塞，部分灭火器压力不足。"),
    ("safety", "S14", ("no",), "serious", "隐患排查治理台账未闭环，上季度整改项未复查销号。"),
    ("safety", "S25", ("no",), "serious", "危废间废机油桶未贴标签，贮存已超过一年。"),
    ("cleaner_production", "CP13", ("solvent", "partial"), "general",
     "喷涂工段仍使用溶剂型涂料，废气收集罩距作业点过远。"),
)  # fmt: skip
_MAX_FINDINGS = 5


def demo_document(enterprise: Enterprise, seed: int = 1, year: int = 2023) -> Document:
    rng = random.Random(seed)
    firm = firm_profile(enterprise, rng, year)
    checklists = {area: load_checklist(area) for area in AREAS}
    answers = {
        area: answer_area(checklist, firm, enterprise, rng)
        for area, checklist in checklists.items()
    }
    # A UUID like every client-made id, the same for the same firm and year (stable demo data).
    visit_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo/{enterprise.credit_code}/{year}"))
    when = f"{year + 1}-03-{rng.randint(10, 28):02d}"  # drawn before the team, as always
    team = tuple(rng.sample(_TEAM, 3))
    visit = Visit(
        id=visit_id,
        date=when,
        team=team,
        organisation=_ORGANISATION,
        checklists={area: c.version for area, c in checklists.items()},
        experts=tuple(Expert(name, *_EXPERTS[name]) for name in team),
    )
    doc = Document(enterprise, visit, answers, _findings(visit_id, answers))
    return replace(doc, measures=_decisions(doc, rng))


def _findings(visit_id: str, answers: Mapping[str, Mapping[str, Any]]) -> tuple[Finding, ...]:
    """The findings a team writes about the answers that failed, tied to their question."""
    out: list[Finding] = []
    for area, item, failing, severity, text in _FINDINGS:
        given = answers.get(area, {})
        if given.get(item) not in failing:
            continue
        words = _words(text, given)
        # Client-made ids, unique across visits (DESIGN.md invariant 3), stable for a visit.
        fid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{visit_id}/finding/{len(out)}"))
        out.append(Finding(fid, area, severity, words, item))
        if len(out) == _MAX_FINDINGS:
            break
    return tuple(out)


def _words(text: str, given: Mapping[str, Any]) -> str:
    def clause(match: re.Match[str]) -> str:
        inner = match.group(1)
        names = re.findall(r"\{(\w+)\}", inner)
        return inner if all(n in given for n in names) else ""

    text = re.sub(r"\[([^\]]*)\]", clause, text)
    return re.sub(r"\{(\w+)\}", lambda m: _plain(given.get(m.group(1), "")), text)


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _decisions(doc: Document, rng: random.Random) -> tuple[dict[str, Any], ...]:
    """What a team typically settles on site: the compliance measures and the best energy and
    water proposals accepted (the figures in force are the estimators', or a supplier's quote
    the firm has), one proposal the firm already has in hand rejected."""
    from diagnosis.measures.decisions import decision_to_dict
    from diagnosis.measures.proposals import Decision, propose

    out: list[dict[str, Any]] = []
    taken = {"compliance": 0, "EN.": 0, "WA.": 0, "rejected": 0}
    limits = {"compliance": 3, "EN.": 4, "WA.": 2}
    for p in propose(doc):
        kind = p.code[:3] if p.code[:3] in ("EN.", "WA.") else "compliance"
        if kind == "EN." and taken["EN."] >= 3 and not taken["rejected"]:
            taken["rejected"] += 1
            out.append(decision_to_dict(Decision(p.code, "rejected", note="企业已有改造计划")))
            continue
        if taken[kind] >= limits[kind]:
            continue
        taken[kind] += 1
        # Half the time the firm already has a supplier's quote, which the team enters as its
        # own investment (within what the catalogue's unit costs make likely).
        span = p.estimate.investment if p.estimate is not None else None
        quote = None
        if span is not None and span.high_10k_yuan > 0 and rng.random() < 0.5:
            quote = round(rng.uniform(span.low_10k_yuan, span.high_10k_yuan), 1) or 0.1
        note = "供应商报价" if quote is not None else "按诊断建议实施"
        start, months = _schedule(doc.visit.date, p.code, sum(taken.values()))
        out.append(
            decision_to_dict(
                Decision(
                    p.code,
                    "accepted",
                    investment_10k_yuan=quote,
                    note=note,
                    start_month=start,
                    duration_months=months,
                )
            )
        )
    return tuple(out)


# Typical months a project of each area takes on site (a demo figure, not a norm).
_DURATION = {"EN.": 3, "WA.": 4, "IM.": 6, "CP.": 6, "SA.": 2}


def _schedule(visit_date: str, code: str, n: int) -> tuple[str, int | None]:
    """A start agreed on site: the month after the visit, staggered by two months a measure
    (no random draw, so the demo's other figures stay as they were); every fifth left open."""
    if n % 5 == 0:
        return "", None
    year, month = int(visit_date[:4]), int(visit_date[5:7]) + 2 * (n % 3)
    year, month = year + month // 12, month % 12 + 1
    return f"{year}-{month:02d}", _DURATION.get(code[:3], 3)
