"""Measures proposed from a visit's answers, the team's decisions kept apart, and plan totals.

``propose`` reads the checklists' triggers; a ``Decision`` records what the team accepted,
edited, rejected, added or later implemented; ``merge`` lays decisions over proposals without
changing either, so "proposed" and "edited" can be shown side by side. No Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from diagnosis.assessment.hazards import enterprise_facts, grade
from diagnosis.assessment.scoring import relevant
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import Item
from diagnosis.checklists.load import load_checklist
from diagnosis.figures.coefficients import Confidence
from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.catalogue import (
    PROJECT_KINDS,
    Measure,
    MeasuresCatalogue,
    Range,
    Source,
    measures_catalogue,
)
from diagnosis.measures.economics import (
    Economics,
    PaybackBasis,
    PriorityConfig,
    PriorityTerm,
    economics,
    payback_of,
    priority,
)
from diagnosis.measures.estimating.proposals import ProposalEstimate, estimate_proposal
from diagnosis.measures.project_categories import category_keys, check_duration, parse_month
from diagnosis.messages import Lang, Message

if TYPE_CHECKING:
    # A type only: the document checks its measure decisions (diagnosis.measures.decisions),
    # which are defined here; importing it at run time would close a loop.
    from diagnosis.visits.document import Document

Status = Literal[
    "proposed", "accepted", "rejected", "planned", "in_progress", "implemented", "not_implemented"
]
STATUSES: tuple[str, ...] = get_args(Status)
COUNTED: tuple[str, ...] = ("accepted", "planned", "in_progress", "implemented")
_GRAVITY = {"major": 3, "serious": 2, "general": 1}


class UnknownMeasureError(ValueError):
    """A trigger or a decision names a code the measures catalogue does not have."""


@dataclass(frozen=True)
class Typical:
    """A catalogue range (null when REFERENCE gives none) with the measure's confidence and
    source, so a typical figure is never shown without where it comes from."""

    range: Range | None
    confidence: Confidence
    source: Source


@dataclass(frozen=True)
class Proposal:
    """One measure the rules propose for this visit; never edited by the team (see Decision)."""

    code: str
    measure: Measure
    triggered_by: tuple[str, ...]  # checklist item ids whose trigger held
    severity: str | None  # gravest severity among the triggering items
    typical_saving: Typical
    typical_payback: Typical
    economics: Economics | None  # None until figures are known
    priority: float  # 0-100
    priority_terms: tuple[PriorityTerm, ...]
    payback_bucket: str | None
    payback_basis: PaybackBasis | None  # "estimated" from economics, "typical" from the range
    estimate: ProposalEstimate | None = None  # the figures computed from the answers


def _proposal(
    measure: Measure,
    triggered_by: tuple[str, ...],
    severity: str | None,
    econ: Economics | None,
    config: PriorityConfig | None,
    estimate: ProposalEstimate | None = None,
) -> Proposal:
    score, terms = priority(measure, severity, econ, config)
    bucket, basis = payback_of(measure, econ)
    saving, payback = _typical(measure)
    return Proposal(
        measure.code,
        measure,
        triggered_by,
        severity,
        saving,
        payback,
        econ,
        score,
        terms,
        bucket,
        basis,
        estimate,
    )


# Per measure (by identity, the measure kept so its id is never another's): its typical saving
# and payback, the same for every proposal of it in every visit.
_TYPICAL: dict[int, tuple[Measure, Typical, Typical]] = {}
_TYPICAL_MAX = 4096


def _typical(measure: Measure) -> tuple[Typical, Typical]:
    known = _TYPICAL.get(id(measure))
    if known is not None and known[0] is measure:
        return known[1], known[2]
    saving = Typical(measure.saving, measure.confidence, measure.source)
    payback = Typical(measure.payback_years, measure.confidence, measure.source)
    if len(_TYPICAL) >= _TYPICAL_MAX:
        _TYPICAL.clear()
    _TYPICAL[id(measure)] = (measure, saving, payback)
    return saving, payback


def propose(
    doc: Document,
    *,
    catalogue: MeasuresCatalogue | None = None,
    config: PriorityConfig | None = None,
    shown: Mapping[str, Sequence[Item]] | None = None,
) -> list[Proposal]:
    """One proposal per measure whose trigger holds on a relevant item of the visit's areas,
    by priority (highest first), then code. ``shown``: each area's relevant items when the
    caller has them already (``assess`` scores the same ones)."""
    cat = measures_catalogue() if catalogue is None else catalogue
    found: dict[str, tuple[list[str], list[str]]] = {}  # code -> (item ids, severities)
    facts = enterprise_facts(doc.enterprise)
    for area in doc.visit.areas:
        checklist = load_checklist(area, doc.visit.checklists.get(area))
        answers = doc.answers.get(area, {})
        items = shown[area] if shown is not None and area in shown else None
        for item in relevant(checklist, answers) if items is None else items:
            if not item.triggers:
                continue
            for trigger in item.triggers:
                if not holds(trigger.when, answers):
                    continue
                if trigger.measure not in cat:
                    raise UnknownMeasureError(
                        f"{checklist.key} item {item.id} triggers measure '{trigger.measure}', "
                        f"which catalogue {cat.version} does not have"
                    )
                ids, severities = found.setdefault(trigger.measure, ([], []))
                if item.id not in ids:
                    ids.append(item.id)
                # Graded for this enterprise (a major_if condition: S03 in metal smelting), as
                # the plan's hazard list grades it.
                severity = grade(item, answers, facts)
                if severity:
                    severities.append(severity)
    proposals = []
    year = doc.year if found else 0
    for code, (ids, sev) in found.items():
        measure = cat.get(code)
        estimate = estimate_proposal(measure, doc)
        econ = None if estimate is None else _estimated(estimate, year)
        proposals.append(_proposal(measure, tuple(ids), _gravest(sev), econ, config, estimate))
    return sorted(proposals, key=lambda p: (-p.priority, p.code))


def _estimated(e: ProposalEstimate | None, year: int) -> Economics | None:
    """The economics of a proposal's estimate: the investment at the middle of its range (its
    range is kept beside), the saving, and the money it is worth; None when nothing is known."""
    if e is None:
        return None
    investment = e.investment.midpoint_10k_yuan if e.investment is not None else None
    if investment is None and e.saving is None:
        return None
    return economics(investment, e.energy, e.water_m3, e.money_yuan, year=year)


def with_economics(
    proposal: Proposal, econ: Economics | None, config: PriorityConfig | None = None
) -> Proposal:
    """The proposal once its figures are known (from an estimator): re-bucketed, re-scored."""
    return _proposal(
        proposal.measure, proposal.triggered_by, proposal.severity, econ, config, proposal.estimate
    )


def _gravest(severities: Iterable[str]) -> str | None:
    if isinstance(severities, list) and len(severities) < 2:
        return severities[0] if severities else None  # what max would give, without the key
    return max(severities, key=lambda s: _GRAVITY.get(s, 0), default=None)


# -- the team's decisions -------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """The figures of a measure; None (energy: None too) means not entered."""

    investment_10k_yuan: float | None = None
    energy_saved: tuple[EnergyUse, ...] | None = None
    water_saved_m3: float | None = None
    money_saved_yuan: float | None = None

    def known(self) -> bool:
        return (
            self.investment_10k_yuan is not None
            or self.energy_saved is not None
            or self.water_saved_m3 is not None
            or self.money_saved_yuan is not None
        )

    def over(self, base: Figures) -> Figures:
        """These figures where entered, ``base``'s elsewhere."""
        if not self.known():
            return base
        return Figures(  # each of _FIGURES in turn
            self.investment_10k_yuan
            if self.investment_10k_yuan is not None
            else base.investment_10k_yuan,
            self.energy_saved if self.energy_saved is not None else base.energy_saved,
            self.water_saved_m3 if self.water_saved_m3 is not None else base.water_saved_m3,
            self.money_saved_yuan if self.money_saved_yuan is not None else base.money_saved_yuan,
        )

    @classmethod
    def of(cls, econ: Economics | None) -> Figures:
        if econ is None:
            return _NO_FIGURES if cls is Figures else cls()
        energy = econ.energy_saved or None
        return cls(econ.investment_10k_yuan, energy, econ.water_saved_m3, econ.money_saved_yuan)


_FIGURES = ("investment_10k_yuan", "energy_saved", "water_saved_m3", "money_saved_yuan")
_NO_FIGURES = Figures()  # nothing entered: shared, as a frozen record may be


@dataclass(frozen=True)
class Decision:
    """What the team decided about one measure, kept apart from what the rules proposed."""

    code: str | None  # a catalogue code; None only for a custom measure with a free title
    status: Status = "proposed"
    investment_10k_yuan: float | None = None
    energy_saved: tuple[EnergyUse, ...] | None = None
    water_saved_m3: float | None = None
    money_saved_yuan: float | None = None
    note: str = ""
    custom: bool = False  # added by the team, not proposed by the rules
    title: str = ""  # a custom measure's own title
    counts_as: tuple[str, ...] = ()  # a free-title custom measure's programme project kinds
    realised_money_yuan: float | None = None  # follow-up: what it actually saved
    realised_energy: tuple[EnergyUse, ...] | None = None
    # The project list (issue 17): the team's category override ('' keeps the derived one),
    # the expected start (YYYY-MM) and the duration in months; see diagnosis.measures.projects.
    project_category: str = ""
    start_month: str = ""
    duration_months: int | None = None

    def __post_init__(self) -> None:
        for name in ("energy_saved", "realised_energy", "counts_as"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        if self.status not in STATUSES:
            raise ValueError(f"status '{self.status}' is not one of {', '.join(STATUSES)}")
        if self.code is None and not (self.custom and self.title.strip()):
            raise ValueError("a decision needs a catalogue code, or custom=True and a title")
        bad = [k for k in self.counts_as if k not in PROJECT_KINDS]
        if bad:
            raise ValueError(f"counts_as has unknown kinds {bad} (use {sorted(PROJECT_KINDS)})")
        for name in ("investment_10k_yuan", "water_saved_m3", "money_saved_yuan"):
            value = getattr(self, name)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if value is not None and not (number and math.isfinite(value) and value >= 0):
                raise ValueError(f"{self.label}: {name} must be 0 or more, not {value!r}")
        _check_project_fields(self)

    @property
    def label(self) -> str:
        return self.code or self.title

    @property
    def figures(self) -> Figures:
        return Figures(
            self.investment_10k_yuan, self.energy_saved, self.water_saved_m3, self.money_saved_yuan
        )


def _check_project_fields(d: Decision) -> None:
    """The project fields name their field in the message, as the GUI and an import show it."""
    if d.project_category and d.project_category not in category_keys():
        raise ValueError(
            f"{d.label}: project_category '{d.project_category}' is not one of "
            f"{', '.join(category_keys())}"
        )
    if d.start_month:
        try:
            parse_month(d.start_month)
        except ValueError as exc:
            raise ValueError(f"{d.label}: start_month {exc}") from None
    if d.duration_months is not None:
        try:
            check_duration(d.duration_months)
        except ValueError as exc:
            raise ValueError(f"{d.label}: duration_months {exc}") from None


@dataclass(frozen=True)
class MeasureView:
    """A proposal (None for a custom measure) beside the team's decision (None: undecided),
    with the figures in force: the team's where entered, the proposal's elsewhere."""

    proposal: Proposal | None
    decision: Decision | None
    measure: Measure | None  # None for a custom measure with a free title
    figures: Figures
    edited: tuple[str, ...]  # names of the figures the team entered
    economics: Economics | None
    priority: float
    priority_terms: tuple[PriorityTerm, ...]
    payback_bucket: str | None
    payback_basis: PaybackBasis | None
    realised: Economics | None = None  # follow-up figures, with the investment in force
    # The proposal's investment range (万元) while the team has not entered its own figure,
    # and the payback range it gives at the money saving in force.
    investment_range: tuple[float, float] | None = None
    payback_range: tuple[float, float] | None = None
    warnings: tuple[Message, ...] = ()  # team figures far outside the proposal's range

    @property
    def estimate(self) -> ProposalEstimate | None:
        return None if self.proposal is None else self.proposal.estimate

    @property
    def code(self) -> str | None:
        return self.measure.code if self.measure is not None else None

    @property
    def status(self) -> str:
        return self.decision.status if self.decision is not None else "proposed"

    @property
    def proposed_figures(self) -> Figures | None:
        return None if self.proposal is None else Figures.of(self.proposal.economics)

    @property
    def no_longer_proposed(self) -> bool:
        """A decision on a rule's measure the current answers no longer trigger (kept, not lost)."""
        return self.proposal is None and self.decision is not None and not self.decision.custom

    @property
    def counts_as(self) -> tuple[str, ...]:
        if self.measure is not None:
            return self.measure.counts_as
        return self.decision.counts_as if self.decision is not None else ()

    def title(self, lang: Lang = "zh") -> str:
        if self.measure is not None:
            return self.measure.label(lang)
        return self.decision.title if self.decision is not None else ""


def merge(
    proposals: Sequence[Proposal],
    decisions: Sequence[Decision],
    *,
    year: int,
    region: str = "east_china",
    catalogue: MeasuresCatalogue | None = None,
    config: PriorityConfig | None = None,
) -> list[MeasureView]:
    """Proposals in their order, then decisions on codes no longer proposed, then custom
    measures in the order entered. ``year``/``region`` pick the coefficients for team figures."""
    cat = measures_catalogue() if catalogue is None else catalogue
    by_code: dict[str, Decision] = {}
    for d in decisions:
        if not d.custom and d.code is not None:
            if d.code in by_code:
                raise ValueError(f"two decisions on measure {d.code}: keep one")
            by_code[d.code] = d
    proposed = {p.code for p in proposals}
    factor = cat.team_check.factor
    views = [
        _view(p, by_code.get(p.code), p.measure, year, region, config, factor) for p in proposals
    ]
    for d in decisions:
        if d.custom or d.code not in proposed:
            measure = None
            if d.code is not None:
                if d.code not in cat:
                    raise UnknownMeasureError(
                        f"decision on '{d.label}': no measure '{d.code}' in catalogue {cat.version}"
                    )
                measure = cat.get(d.code)
            views.append(_view(None, d, measure, year, region, config, factor))
    return views


def _view(
    proposal: Proposal | None,
    decision: Decision | None,
    measure: Measure | None,
    year: int,
    region: str,
    config: PriorityConfig | None,
    factor: float = 3.0,
) -> MeasureView:
    base = Figures.of(proposal.economics if proposal is not None else None)
    team = decision.figures if decision is not None else _NO_FIGURES
    in_force = team.over(base)
    econ = proposal.economics if proposal is not None else None
    if team.known():
        econ = _economics(in_force, year, region) if in_force.known() else None
    severity = proposal.severity if proposal is not None else None
    if proposal is not None and not team.known():
        # The proposal's own figures are in force: its priority and payback stand as scored.
        score, terms = proposal.priority, proposal.priority_terms
        bucket, basis = proposal.payback_bucket, proposal.payback_basis
    else:
        score, terms = priority(measure, severity, econ, config)
        bucket, basis = payback_of(measure, econ)
    realised = None
    if decision is not None and (
        decision.realised_money_yuan is not None or decision.realised_energy is not None
    ):
        actual = Figures(
            in_force.investment_10k_yuan,
            decision.realised_energy,
            None,
            decision.realised_money_yuan,
        )
        realised = _economics(actual, year, region)
    edited = (
        () if team is _NO_FIGURES else tuple(n for n in _FIGURES if getattr(team, n) is not None)
    )
    estimate = proposal.estimate if proposal is not None else None
    invest = estimate.investment if estimate is not None else None
    invest_range = payback_range = None
    if invest is not None and "investment_10k_yuan" not in edited:
        invest_range = (invest.low_10k_yuan, invest.high_10k_yuan)
        payback_range = invest.payback_range(in_force.money_saved_yuan)
    return MeasureView(
        proposal,
        decision,
        measure,
        in_force,
        edited,
        econ,
        score,
        terms,
        bucket,
        basis,
        realised,
        invest_range,
        payback_range,
        ()
        if estimate is None or (team.investment_10k_yuan is None and team.money_saved_yuan is None)
        else estimate.warnings(team.investment_10k_yuan, team.money_saved_yuan, factor),
    )


def _economics(f: Figures, year: int, region: str) -> Economics:
    return economics(
        f.investment_10k_yuan,
        f.energy_saved or (),
        f.water_saved_m3,
        f.money_saved_yuan,
        year=year,
        region=region,
    )
