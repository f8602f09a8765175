"""The office's figures as plain frozen records: what the office page, ``stats`` and the Excel
report show. Built by ``diagnosis.office.service.OfficeService``; no SQL, no Qt, no wording here.

Money is in 万元 (investment) and yuan a year (savings), energy in tce a year (当量值), CO2 in
t a year, water in m³ a year, as everywhere else in the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

# The register dimensions coverage is broken down by, and the pipeline's.
COVERAGE_DIMENSIONS = ("district", "industry", "cluster", "year")
PIPELINE_DIMENSIONS = ("area", "category", "district", "status")
# The counts of a coverage row a drill can ask for (``OfficeService.drill`` ``measure``).
COVERAGE_MEASURES = (
    "enterprises",
    "above_scale",
    "target",
    "diagnosed",
    "diagnosed_above_scale",
    "diagnosed_target",
)


class SkippedRecord(NamedTuple):
    """A stored record the figures left out because the app cannot read it (one written by a
    server or laptop from before the server checked the document's rules): named, not hidden."""

    table: str
    id: str
    reason: str


@dataclass(frozen=True)
class OfficeFilter:
    """Register filters (district, industry division, cluster: codes) narrow the enterprises;
    ``year`` narrows visits (by visit date) and measures (by the year they were accepted)."""

    year: int | None = None
    district: str | None = None
    industry: str | None = None
    cluster: str | None = None


@dataclass(frozen=True)
class CoverageRow:
    """Enterprises of one group of the register beside those diagnosed. ``target``: willing
    above-scale enterprises (the programme's population); ``share``: diagnosed_target / target
    (None when the group has no target enterprise). On ``year`` rows the register counts are the
    whole (filtered) register's and the diagnosed counts that year's."""

    dimension: str  # "district" | "industry" | "cluster" | "year" | "total"
    key: str | None  # a code (year: "2024"); None: not set in the register
    enterprises: int
    above_scale: int
    target: int
    diagnosed: int
    diagnosed_above_scale: int
    diagnosed_target: int

    @property
    def share(self) -> float | None:
        return self.diagnosed_target / self.target if self.target else None


@dataclass(frozen=True)
class ProgressPoint:
    """Cumulative coverage of the target enterprises at the end of ``year``."""

    year: int
    first_diagnosed: int  # target enterprises diagnosed for the first time that year
    cumulative: int
    target: int

    @property
    def share(self) -> float | None:
        return self.cumulative / self.target if self.target else None


@dataclass(frozen=True)
class MemberRow:
    """A team member's counted visits (a revision is the same visit, not another)."""

    member: str
    visits: int
    diagnoses: int
    follow_ups: int
    enterprises: int


@dataclass(frozen=True)
class MonthRow:
    month: str  # YYYY-MM
    visits: int
    diagnoses: int
    follow_ups: int


@dataclass(frozen=True)
class Sums:
    """Counts and sums over measures; a missing figure adds nothing and is counted apart."""

    count: int = 0
    investment_10k_yuan: float = 0.0
    money_saved_yuan: float = 0.0
    tce: float = 0.0
    co2_t: float = 0.0
    water_m3: float = 0.0
    without_investment: int = 0
    without_money: int = 0


@dataclass(frozen=True)
class PipelineRow:
    """Measures of one group. By area, category and district: the accepted ones (accepted,
    planned, in progress, implemented) with ``statuses`` splitting the count; by status: every
    status, "proposed" including the rules' open proposals (which carry no figures)."""

    dimension: str  # "area" | "category" | "district" | "status" | "project" | "start_year"
    key: str | None
    sums: Sums
    statuses: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TargetRow:
    """Accepted measures counting as one programme project kind in one year, against the plan."""

    kind: str  # technical_transformation | digital_intelligent | energy_emission
    year: int
    count: int
    target: int | None  # None: the plan sets none for that year
    stated: bool  # the plan states the target for that year (else carried from another year)
    source: str

    @property
    def share(self) -> float | None:
        return self.count / self.target if self.target else None


@dataclass(frozen=True)
class RealisedSavings:
    """Current measures with realised figures from a follow-up, beside what was projected."""

    measures: int
    projected_money_yuan: float
    realised_money_yuan: float
    projected_tce: float
    realised_tce: float

    @property
    def money_ratio(self) -> float | None:
        if not self.projected_money_yuan:
            return None
        return self.realised_money_yuan / self.projected_money_yuan


@dataclass(frozen=True)
class PeerGroup:
    """The spread of one area's scores over a group of enterprises (their latest diagnoses);
    only groups of at least five are shown."""

    group: str  # "industry" | "district"
    key: str
    area: str
    n: int
    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class PeerBenchmark:
    """One enterprise's score in one area beside its peers': the other enterprises of its
    industry division (or district) with a score in that area. ``median``, ``q1`` and ``q3`` are
    None when there are fewer than five peers: never computed from fewer."""

    area: str
    group: str  # "industry" | "district"
    key: str | None  # the division or district code
    enterprise_score: float | None
    n: int
    median: float | None
    q1: float | None
    q3: float | None

    @property
    def available(self) -> bool:
        return self.median is not None


@dataclass(frozen=True)
class OfficeFigures:
    filter: OfficeFilter
    total: CoverageRow  # the whole (filtered) register
    coverage: Mapping[str, tuple[CoverageRow, ...]]  # by COVERAGE_DIMENSIONS
    progress: tuple[ProgressPoint, ...]
    never_visited: int  # enterprises with no visit at all (the year filter does not apply)
    never_visited_target: int  # of them willing above-scale: the ones to visit next
    visits: int  # counted visits
    diagnoses: int
    follow_ups: int
    visit_statuses: Mapping[str, int]  # counted visits by status (draft, finalised...)
    members: tuple[MemberRow, ...]  # most visits first
    trend: tuple[MonthRow, ...]  # by month, oldest first
    pipeline: Mapping[str, tuple[PipelineRow, ...]]  # by PIPELINE_DIMENSIONS
    accepted: Sums  # every accepted measure
    targets: tuple[TargetRow, ...]
    realised: RealisedSavings
    facts_refreshed: int  # visits whose facts this query recomputed first
    skipped: tuple[SkippedRecord, ...] = ()  # unreadable records left out of every figure
