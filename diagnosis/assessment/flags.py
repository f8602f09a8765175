"""The flags the Ningbo plan implies for one diagnosed enterprise, each with its reason.

Thresholds come from diagnosis/reference/plan_rules.json (with the plan's clause), never from
code; a flag that cannot be decided for want of data is simply not raised.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from diagnosis.assessment.cleaner_audit import audit_reason
from diagnosis.assessment.hazards import major_hidden_dangers
from diagnosis.checklists.format import Checklist, Item
from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted
from diagnosis.register.enterprise import Enterprise
from diagnosis.report.numbers import compared

RULES_FILE = Path(__file__).parents[1] / "reference" / "plan_rules.json"
_CLASS_ORDER = "ABCD"


@dataclass(frozen=True)
class Rule:
    key: str
    value: Any
    unit: str
    source: str
    confidence: str
    note: Bilingual


@dataclass(frozen=True)
class Flag:
    key: str
    reason: Bilingual
    urgent: bool = False
    items: tuple[str, ...] = ()  # the checklist items behind it, where there are any
    rule: Rule | None = None


def plan_rules() -> dict[str, Rule]:
    """The rules at the version pinned for this computation, else the newest."""
    return _plan_rules(wanted("plan_rules"))


@cache
def _plan_rules(version: str | None) -> dict[str, Rule]:
    raw = json.loads(table_path("plan_rules", version).read_text("utf-8"))
    return {
        r["key"]: Rule(
            r["key"],
            r["value"],
            r["unit"],
            r["source"],
            r["confidence"],
            Bilingual(r["note"]["zh"], r["note"]["en"]),
        )
        for r in raw["rules"]
    }


def plan_flags(
    enterprise: Enterprise | None,
    checklists: Mapping[str, Checklist],
    answers: Mapping[str, Mapping[str, object]],
    water_intake_t: float | None = None,
    shown: Mapping[str, Sequence[Item]] | None = None,
) -> list[Flag]:
    """Flags for an enterprise, its answers per area, and its yearly water intake (t).
    ``shown``: each area's relevant items when the caller has them already (``assess``)."""
    rules = plan_rules()
    out: list[Flag] = []
    water = rules["water.retrofit_min_intake"]
    if water_intake_t is not None and water_intake_t >= float(water.value):
        # Compared unrounded, printed so the comparison reads true; water in m³ (1 t = 1 m³).
        intake, limit = compared(water_intake_t, float(water.value), "water_m3")
        out.append(
            Flag(
                "water.retrofit_required",
                Bilingual(
                    f"年取水量 {intake} m³ ≥ {limit} m³：{water.note.zh}",
                    f"water intake {intake} m³ a year ≥ {limit} m³: {water.note.en}",
                ),
                rule=water,
            )
        )
    audit = audit_reason(checklists, answers, rules, shown)
    if audit is not None:
        reason, items = audit
        out.append(Flag("cleaner_production.audit_mandatory", reason, items=items))
    if enterprise is not None:
        out.extend(_enterprise_flags(enterprise, rules))
    safety = checklists.get("safety")
    if safety is not None:
        s_answers = answers.get("safety", {})
        # Graded for this enterprise: some items are major only in some industries.
        major = major_hidden_dangers(
            safety, s_answers, enterprise, None if shown is None else shown.get("safety")
        )
        if major:
            out.append(
                Flag(
                    "safety.major_hidden_danger",
                    Bilingual(
                        f"存在重大事故隐患（{'、'.join(major)}），须立即整改",
                        f"major hidden danger present ({', '.join(major)}): rectify at once",
                    ),
                    urgent=True,
                    items=major,
                )
            )
    return out


def _enterprise_flags(e: Enterprise, rules: Mapping[str, Rule]) -> list[Flag]:
    out: list[Flag] = []
    cls_rule, star_rule = rules["subsidy.min_per_mu_class"], rules["subsidy.min_green_stars"]
    if e.per_mu_class is not None and e.green_stars is not None:
        cls_ok = _CLASS_ORDER.index(e.per_mu_class) <= _CLASS_ORDER.index(str(cls_rule.value))
        stars_ok = e.green_stars >= int(star_rule.value)
        if cls_ok and stars_ok:
            out.append(
                Flag(
                    "subsidy.eligible",
                    Bilingual(
                        # A prerequisite of an application, never a grant (plan task 7).
                        f"亩均评价 {e.per_mu_class} 类、绿色工厂 {e.green_stars} 星："
                        "具备申请市级投资补助的前提条件，申请以当年申报通知为准",
                        f"per-mu class {e.per_mu_class} and a {e.green_stars}-star green factory: "
                        "the prerequisites for applying for city investment subsidies are met; "
                        "the year's call for applications decides",
                    ),
                    rule=cls_rule,
                )
            )
    land = rules["land.low_efficiency_tax_per_mu"]
    if e.tax is not None and e.land_area:
        per_mu = e.tax / e.land_area
        if per_mu < float(land.value):
            shown, limit = compared(per_mu, float(land.value))  # 2.996 < 3, never 3.00 < 3
            out.append(
                Flag(
                    "land.low_efficiency",
                    Bilingual(
                        f"亩均税收 {shown} 万元/亩 < {limit} 万元/亩：{land.note.zh}",
                        f"tax per mu {shown} (10k yuan/mu) < {limit}: {land.note.en}",
                    ),
                    rule=land,
                )
            )
    return out
