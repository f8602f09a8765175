"""Where an enterprise stands against the Ningbo plan's conditions, with the facts behind each.

Pure: reads the register record and an assessment, takes every threshold from
``flags.plan_rules()`` and never words a condition (the plan's templates and the office view do).
A condition is ``met`` exactly when ``flags.plan_flags`` raises the flag of the same key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from diagnosis.assessment.assess import Assessment
from diagnosis.assessment.flags import Flag, Rule, plan_rules
from diagnosis.assessment.hazards import MAJOR_FLAG, major_items
from diagnosis.assessment.scoring import relevant
from diagnosis.register.enterprise import Enterprise

State = Literal["met", "missed", "unknown"]
STATES: tuple[State, ...] = ("met", "missed", "unknown")
_CLASS_ORDER = "ABCD"  # best first, as the per-mu evaluation ranks them
_ANSWERED = ("yes", "no", "na")


@dataclass(frozen=True)
class Fact:
    """One comparison behind a condition: the enterprise's value against the rule's threshold.

    ``holds`` says whether the value is on the side of the threshold that makes the condition
    hold; None when the value is unknown."""

    key: str  # per_mu_class, green_stars, tax_per_mu, tax, water_intake
    value: float | str | None
    threshold: float | str
    unit: str  # the rule's unit (class, stars, 10k yuan/mu, 10k yuan, t/yr)
    holds: bool | None
    rule: Rule


@dataclass(frozen=True)
class Condition:
    """A programme condition and whether it holds for the enterprise.

    ``benefit``: holding is good for the firm (subsidy eligibility); otherwise holding puts an
    obligation on it (a retrofit, an audit, a clear-out, a rectification)."""

    key: str  # the key of the plan flag raised when the condition is met
    state: State
    benefit: bool
    facts: tuple[Fact, ...] = ()
    items: tuple[str, ...] = ()  # checklist items behind it (audit, hidden danger)
    urgent: bool = False

    @property
    def favourable(self) -> bool | None:
        """Whether the state is good news for the enterprise; None when unknown."""
        if self.state == "unknown":
            return None
        return (self.state == "met") == self.benefit


def conditions(
    enterprise: Enterprise,
    assessment: Assessment,
    answers: Mapping[str, Mapping[str, object]] | None = None,
) -> list[Condition]:
    """The five conditions, in the plan's order. With ``answers`` the audit and hidden-danger
    conditions look at their own items; without, a complete area stands for answered items."""
    rules = plan_rules()
    flags = {f.key: f for f in assessment.flags}
    return [
        _subsidy(enterprise, rules),
        _land(enterprise, rules),
        _water(assessment, rules),
        _from_items(
            "cleaner_production.audit_mandatory",
            "cleaner_production",
            flags,
            assessment,
            answers,
            urgent=False,
        ),
        _from_items(
            MAJOR_FLAG, "safety", flags, assessment, answers, urgent=True, enterprise=enterprise
        ),
    ]


def _all(values: list[bool | None]) -> State:
    if any(v is False for v in values):
        return "missed"
    return "met" if all(v is True for v in values) else "unknown"


def _subsidy(e: Enterprise, rules: Mapping[str, Rule]) -> Condition:
    """The plan's two conditions of a city investment subsidy (task 7): "met" says the
    prerequisites of an application hold, never that a subsidy is granted; the rest of an
    application is the year's call's, which the app does not know."""
    cls_rule, star_rule = rules["subsidy.min_per_mu_class"], rules["subsidy.min_green_stars"]
    wanted = str(cls_rule.value)
    cls_ok = (
        _CLASS_ORDER.index(e.per_mu_class) <= _CLASS_ORDER.index(wanted)
        if e.per_mu_class is not None and e.per_mu_class in _CLASS_ORDER
        else None
    )
    stars = int(star_rule.value)
    stars_ok = None if e.green_stars is None else e.green_stars >= stars
    facts = (
        Fact("per_mu_class", e.per_mu_class, wanted, cls_rule.unit, cls_ok, cls_rule),
        Fact("green_stars", e.green_stars, stars, star_rule.unit, stars_ok, star_rule),
    )
    return Condition("subsidy.eligible", _all([cls_ok, stars_ok]), True, facts)


def _land(e: Enterprise, rules: Mapping[str, Rule]) -> Condition:
    rule = rules["land.low_efficiency_tax_per_mu"]
    threshold = float(rule.value)
    per_mu = e.tax / e.land_area if e.tax is not None and e.land_area else None
    low = None if per_mu is None else per_mu < threshold
    facts = [Fact("tax_per_mu", per_mu, threshold, rule.unit, low, rule)]
    if e.land_area:
        # The yearly tax that would lift the plot to the threshold: what would change the state.
        needed = threshold * e.land_area
        tax_low = None if e.tax is None else e.tax < needed
        facts.append(Fact("tax", e.tax, needed, rule.unit.split("/")[0], tax_low, rule))
    state: State = "unknown" if low is None else ("met" if low else "missed")
    return Condition("land.low_efficiency", state, False, tuple(facts))


def _water(a: Assessment, rules: Mapping[str, Rule]) -> Condition:
    rule = rules["water.retrofit_min_intake"]
    threshold = float(rule.value)
    intake = a.indicators.get("water.intake_m3")
    value = intake.value if intake is not None else None
    over = None if value is None else value >= threshold
    state: State = "unknown" if over is None else ("met" if over else "missed")
    fact = Fact("water_intake", value, threshold, rule.unit, over, rule)
    return Condition("water.retrofit_required", state, False, (fact,))


def _from_items(
    key: str,
    area: str,
    flags: Mapping[str, Flag],
    a: Assessment,
    answers: Mapping[str, Mapping[str, object]] | None,
    *,
    urgent: bool,
    enterprise: Enterprise | None = None,
) -> Condition:
    """A condition raised by checklist answers: met when the flag is raised; missed only when
    every item that could raise it has been answered."""
    flag = flags.get(key)
    if flag is not None:
        return Condition(key, "met", False, items=flag.items, urgent=urgent)
    checklist = a.checklists.get(area)
    score = a.areas.get(area)
    if checklist is None or score is None:
        return Condition(key, "unknown", False, urgent=urgent)
    if answers is None:
        complete = score.required > 0 and score.answered == score.required
        return Condition(key, "missed" if complete else "unknown", False, urgent=urgent)
    given = answers.get(area, {})
    if key == MAJOR_FLAG:  # graded for this enterprise (diagnosis.assessment.hazards)
        items = major_items(checklist, given, enterprise)
    else:
        items = [i for i in relevant(checklist, given) if i.flag == key]
    done = bool(items) and all(given.get(i.id) in _ANSWERED for i in items)
    return Condition(key, "missed" if done else "unknown", False, urgent=urgent)
