"""What the office counts of a visit, and which visits and measures count: pure rules.

``facts_from`` turns one visit and its assessment into the rows the office figures are summed
from; ``count_enterprise`` decides, over all the visits of one enterprise, which of them and which
of their measures count. ``storage/office_facts.py`` stores both; nothing here touches SQL.

Counting rules (docs/office.md says the same for readers of the figures):

* A *revision* (``revision`` > 1 with ``previous_id``) supersedes the visit it revises: only the
  newest revision of a diagnosis counts. A deleted revision supersedes nothing.
* A visit counts (``counted``) when it is live, not superseded and its enterprise is live. Counted
  visits are the visits of the figures (visits per member, by month, by status).
* A counted visit is a *diagnosis* unless it is a follow-up still open (status ``follow_up``):
  that one records the progress of measures, not a diagnosis. A follow-up once finalised had every
  required question answered, so it is a diagnosis too. Drafts count: the visit took place.
* Each year, an enterprise's latest diagnosis that year stands for it in the coverage by year
  (an enterprise diagnosed twice in a year counts once), and its first year of diagnosis is the
  year it joins the cumulative coverage.
* Visits of an enterprise are ordered by date, then by how many visits precede them through
  ``previous_id`` (a follow-up made the same day comes after what it follows), then by id.
* Measures (the team's decisions): for each measure (catalogue code, or a custom measure's title)
  the decision at the enterprise's latest counted visit that has one is *current*; earlier ones are
  history. A follow-up carrying a measure so replaces its earlier status and figures, while a
  measure the follow-up does not carry (one already implemented) keeps its earlier record.
* A measure's year (``origin_year``) is the year of the first counted visit where it had an
  accepted status (accepted, planned, in progress, implemented): the year the project entered the
  pipeline, which is how the programme's yearly targets count projects. A measure never accepted
  takes the year of its current decision.
* Rule proposals nobody decided on are *open proposals*: counted once per enterprise, at the latest
  counted visit proposing them, and only while no counted visit has a decision on them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import get_args

from diagnosis.assessment.assess import Assessment
from diagnosis.assessment.policy import conditions
from diagnosis.checklists.format import AREAS
from diagnosis.measures.catalogue import ProjectKind, measures_catalogue
from diagnosis.measures.project_categories import project_table
from diagnosis.measures.projects import Project, projects
from diagnosis.measures.proposals import COUNTED, MeasureView
from diagnosis.office.peers import energy_intensities
from diagnosis.visits.document import Document

# Bump when what a fact holds or how it is computed changes: every fact is then recomputed.
FACTS_VERSION = "3"  # 2: the project list fields (diagnosis.measures.projects); 3: energy intensity
# A measure catalogue code's area letters -> the checklist area it belongs to.
AREA_OF_CODE = {
    "IM": "intelligent_manufacturing",
    "EN": "energy",
    "WA": "water",
    "CP": "cleaner_production",
    "SA": "safety",
}
# Programme project kinds as bits, so SQL can group by a measure's kinds in one integer; in the
# plan's order (technical transformation, digital/intelligent, energy/emission).
KIND_BITS = {kind: 1 << n for n, kind in enumerate(get_args(ProjectKind))}


def engine_stamp() -> str:
    """What facts were computed with: a changed catalogue or project table recomputes them."""
    return f"{FACTS_VERSION}/{measures_catalogue().version}/{project_table().version}"


def kinds_of(mask: int) -> tuple[str, ...]:
    return tuple(kind for kind, bit in KIND_BITS.items() if mask & bit)


@dataclass(frozen=True)
class VisitFact:
    visit_id: str
    enterprise_id: str
    date: str
    year: int | None  # of the visit date (not the data year)
    month: str  # YYYY-MM, '' when the date is unreadable
    status: str
    revision: int
    previous_id: str | None
    is_follow_up: bool
    team: tuple[str, ...]
    scores: Mapping[str, float | None]  # by checklist area; None: not scored or not visited
    im_level: int | None
    open_keys: tuple[str, ...]  # measures the rules propose that the team has not decided
    error: str = ""  # why the visit could not be assessed ('' when it was)
    # Energy per 万元 of output (tce/万元) as the plan prints it (office_peers.energy_intensities):
    # 等价值, the basis peers compare on, and 当量值; None where the plan prints none.
    intensity_equal_value: float | None = None
    intensity_equivalent: float | None = None


@dataclass(frozen=True)
class MeasureFact:
    visit_id: str
    seq: int
    key: str  # the catalogue code, or "custom:" + a custom measure's title
    code: str | None
    title: str  # a custom measure's own title ('' for catalogue measures: labels come from it)
    area: str  # checklist area ('' for a custom measure)
    category: str  # "EN.AIR" (area-qualified: categories repeat across areas)
    status: str
    investment_10k_yuan: float | None
    money_saved_yuan: float | None
    tce: float | None
    co2_t: float | None
    water_m3: float | None
    kinds: tuple[str, ...]
    realised_money_yuan: float | None
    realised_tce: float | None
    projected_money_yuan: float | None  # the money saving in force, where a realised one exists
    projected_tce: float | None
    # The project list: the category when the measure is a project ('' otherwise), the team's
    # expected start (YYYY-MM) and duration, and the support it may apply for (key, state).
    project: str = ""
    start_month: str = ""
    duration_months: int | None = None
    support: tuple[tuple[str, str], ...] = ()

    @property
    def kind_mask(self) -> int:
        return sum(KIND_BITS[k] for k in self.kinds)


def _date_parts(when: str) -> tuple[int | None, str]:
    try:
        d = date.fromisoformat(when)
    except ValueError:
        return None, ""
    return d.year, f"{d.year:04d}-{d.month:02d}"


def _number(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def measure_key(v: MeasureView) -> str:
    if v.code is not None:
        return v.code
    return "custom:" + (v.decision.title.strip() if v.decision is not None else "")


def _measure(visit_id: str, seq: int, v: MeasureView, p: Project | None) -> MeasureFact:
    m, econ, real = v.measure, v.economics, v.realised
    d = v.decision
    realised_money = _number(real.money_saved_yuan) if real is not None else None
    realised_tce = _number(real.tce_saved) if real is not None else None
    has_realised = real is not None
    return MeasureFact(
        visit_id,
        seq,
        measure_key(v),
        v.code,
        "" if m is not None else v.title(),
        AREA_OF_CODE.get(m.area, "") if m is not None else "",
        f"{m.area}.{m.category}" if m is not None else "",
        v.status,
        _number(v.figures.investment_10k_yuan),
        _number(v.figures.money_saved_yuan),
        _number(econ.tce_saved) if econ is not None else None,
        _number(econ.co2_t) if econ is not None else None,
        _number(v.figures.water_saved_m3),
        tuple(sorted(v.counts_as)),
        realised_money,
        realised_tce,
        _number(v.figures.money_saved_yuan) if has_realised else None,
        (_number(econ.tce_saved) if econ is not None else None) if has_realised else None,
        p.category if p is not None else "",
        d.start_month if d is not None else "",
        d.duration_months if d is not None else None,
        tuple((s.support.key, s.state) for s in p.support if s.support.kind != "procedure")
        if p is not None
        else (),
    )


def facts_from(
    doc: Document, a: Assessment | None, error: str = ""
) -> tuple[VisitFact, list[MeasureFact]]:
    """The facts of one visit; ``a`` None (with ``error``) for a visit that cannot be assessed:
    it still counts as a visit, with no scores and no measures."""
    v = doc.visit
    year, month = _date_parts(v.date)
    scores: dict[str, float | None] = dict.fromkeys(AREAS)
    level = None
    measures: list[MeasureFact] = []
    open_keys: list[str] = []
    intensity: tuple[float | None, float | None] = (None, None)
    if a is not None:
        found_intensity = energy_intensities(doc, a)
        if found_intensity is not None:
            eq, ev = found_intensity
            intensity = (_number(ev.value), _number(eq.value))
        for area, s in a.areas.items():
            scores[area] = _number(s.score)
        im = a.areas.get("intelligent_manufacturing")
        level = im.level if im is not None else None
        found = {id(p.view): p for p in projects(a.measures, conditions(doc.enterprise, a))}
        for view in a.measures:
            if view.decision is None:
                open_keys.append(measure_key(view))
            else:
                measures.append(_measure(v.id, len(measures), view, found.get(id(view))))
    fact = VisitFact(
        v.id,
        doc.enterprise.id,
        v.date,
        year,
        month,
        v.status,
        v.revision,
        v.previous,
        v.status == "follow_up",
        tuple(v.team),
        scores,
        level,
        tuple(open_keys),
        error,
        *intensity,
    )
    return fact, measures


# -- which visits and measures count ------------------------------------------------------


@dataclass(frozen=True)
class VisitLink:
    """What counting needs of one stored visit fact."""

    visit_id: str
    date: str
    year: int | None
    revision: int
    previous_id: str | None
    is_follow_up: bool
    open_keys: tuple[str, ...] = ()
    team: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeasureLink:
    visit_id: str
    seq: int
    key: str
    status: str


@dataclass(frozen=True)
class VisitCount:
    counted: bool
    diagnosis: bool
    latest_diagnosis: bool  # the enterprise's latest counted diagnosis (peer scores use it)
    open_proposals: int
    year_diagnosis: bool = False  # its latest diagnosis of that year: one per enterprise-year
    first_year: bool = False  # ...of the first year the enterprise was diagnosed


@dataclass(frozen=True)
class EnterpriseCount:
    visits: Mapping[str, VisitCount]
    current: Mapping[tuple[str, int], int | None]  # (visit id, seq) of current measures -> year
    # (visit id, member) -> (the member's first counted visit here, ... first of its year)
    members: Mapping[tuple[str, str], tuple[bool, bool]] = field(default_factory=dict)


def _generation(v: VisitLink, by_id: Mapping[str, VisitLink]) -> int:
    """How many of the enterprise's visits precede ``v`` through ``previous_id`` (cycle-safe)."""
    seen = {v.visit_id}
    n, prev = 0, v.previous_id
    while prev is not None and prev in by_id and prev not in seen:
        seen.add(prev)
        n += 1
        prev = by_id[prev].previous_id
    return n


def count_enterprise(
    visits: Sequence[VisitLink], measures: Iterable[MeasureLink], *, live: bool
) -> EnterpriseCount:
    """Apply the module's counting rules to one enterprise's visits and their measures."""
    by_id = {v.visit_id: v for v in visits}
    superseded = {v.previous_id for v in visits if v.revision > 1 and v.previous_id is not None}
    counted = [v for v in visits if live and v.visit_id not in superseded]
    order = {
        v.visit_id: n
        for n, v in enumerate(
            sorted(counted, key=lambda v: (v.date, _generation(v, by_id), v.visit_id))
        )
    }
    diagnoses = [v for v in counted if not v.is_follow_up]
    latest = max(diagnoses, key=lambda v: order[v.visit_id], default=None)
    by_year: dict[int, VisitLink] = {}
    for v in sorted(diagnoses, key=lambda v: order[v.visit_id]):
        if v.year is not None:
            by_year[v.year] = v  # the latest of its year wins
    year_rows = {v.visit_id for v in by_year.values()}
    first_row = by_year[min(by_year)].visit_id if by_year else None
    # The latest decision on each key, and the first counted year it was accepted.
    current: dict[str, MeasureLink] = {}
    accepted_year: dict[str, int | None] = {}
    ranked = sorted(
        (m for m in measures if m.visit_id in order), key=lambda m: (order[m.visit_id], m.seq)
    )
    for m in ranked:
        current[m.key] = m
        if m.status in COUNTED and m.key not in accepted_year:
            accepted_year[m.key] = by_id[m.visit_id].year
    decided = set(current)
    proposer: dict[str, str] = {}
    for v in sorted(counted, key=lambda v: order[v.visit_id]):
        for key in v.open_keys:
            if key not in decided:
                proposer[key] = v.visit_id  # the latest proposing visit wins
    open_count: dict[str, int] = {}
    for visit_id in proposer.values():
        open_count[visit_id] = open_count.get(visit_id, 0) + 1
    members: dict[tuple[str, str], tuple[bool, bool]] = {}
    seen: set[str] = set()
    seen_in_year: set[tuple[str, int | None]] = set()
    for v in sorted(counted, key=lambda v: order[v.visit_id]):
        for member in dict.fromkeys(v.team):
            first, first_of_year = member not in seen, (member, v.year) not in seen_in_year
            seen.add(member)
            seen_in_year.add((member, v.year))
            members[(v.visit_id, member)] = (first, first_of_year)
    return EnterpriseCount(
        members=members,
        visits={
            v.visit_id: VisitCount(
                counted=v.visit_id in order,
                diagnosis=v.visit_id in order and not v.is_follow_up,
                latest_diagnosis=latest is not None and v.visit_id == latest.visit_id,
                open_proposals=open_count.get(v.visit_id, 0),
                year_diagnosis=v.visit_id in year_rows,
                first_year=v.visit_id == first_row,
            )
            for v in visits
        },
        current={
            (m.visit_id, m.seq): accepted_year.get(key, by_id[m.visit_id].year)
            for key, m in current.items()
        },
    )
