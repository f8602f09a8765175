"""The port through which the office figures reach stored data; ``storage/office.py`` implements it.

Rows come back pre-aggregated where the store can sum faster than Python (10,000 enterprises,
30,000 visits): the domain only rolls the groups up, divides and ranks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple, Protocol

from diagnosis.office.figures import MemberRow, OfficeFilter, RealisedSavings, SkippedRecord


class RegisterGroup(NamedTuple):
    """Live enterprises sharing every register key and both flags."""

    district: str | None
    industry: str | None
    cluster: str | None
    above_scale: bool
    willing: bool
    diagnosed: bool  # has a counted diagnosis (in the filter's year, if any)
    visited: bool  # has any visit at all, whatever its year
    n: int  # enterprises


class YearGroup(NamedTuple):
    year: int
    above_scale: bool
    willing: bool
    diagnosed: int  # enterprises diagnosed that year
    first_diagnosed: int  # of them, diagnosed for the first time


class VisitGroup(NamedTuple):
    month: str
    status: str
    is_follow_up: bool
    n: int  # visits


class PipelineGroup(NamedTuple):
    """Current measures (the team's decisions) sharing every key."""

    district: str | None
    area: str
    category: str
    status: str
    origin_year: int | None
    kind_mask: int
    n: int  # measures
    investment_10k_yuan: float
    money_saved_yuan: float
    tce: float
    co2_t: float
    water_m3: float
    with_investment: int
    with_money: int
    project: str = ""  # the project category ('' for a measure that is not a project)
    start_year: int | None = None  # of the project's expected start


class ScoreRow(NamedTuple):
    """An enterprise's area scores at its latest diagnosis (or at a given visit)."""

    enterprise_id: str
    industry: str | None
    district: str | None
    scores: Mapping[str, float | None]


class EnterpriseRow(NamedTuple):
    id: str
    name: str
    credit_code: str
    district: str | None
    industry: str | None
    cluster: str | None
    above_scale: bool
    willing: bool
    visits: int  # counted visits (in the filter's year, if any)
    diagnosed: bool
    last_visit: str  # date of the latest counted visit ('' if none)


class VisitRow(NamedTuple):
    id: str
    enterprise_id: str
    enterprise_name: str
    credit_code: str
    district: str | None
    date: str
    status: str
    revision: int
    previous_id: str | None
    counted: bool
    diagnosis: bool
    team: tuple[str, ...]
    scores: Mapping[str, float | None]


class MeasureRow(NamedTuple):
    visit_id: str
    enterprise_id: str
    enterprise_name: str
    district: str | None
    code: str | None
    title: str
    area: str
    category: str
    status: str
    origin_year: int | None
    investment_10k_yuan: float | None
    money_saved_yuan: float | None
    tce: float | None
    co2_t: float | None
    water_m3: float | None
    kinds: tuple[str, ...]
    realised_money_yuan: float | None
    # The project list (diagnosis.measures.projects): category key ('' when not a project), start
    # (YYYY-MM), duration (months), support (key, state) pairs, and the register's identity.
    project: str = ""
    start_month: str = ""
    duration_months: int | None = None
    support: tuple[tuple[str, str], ...] = ()
    credit_code: str = ""
    industry: str | None = None


class OfficeRepository(Protocol):
    def refresh(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Bring the derived facts up to date; the number of visits recomputed (0: current).
        ``progress(done, total)`` as it goes; it may raise to stop (the rest waits)."""
        ...

    def skipped(self) -> list[SkippedRecord]:
        """The records the last refresh could not read and left out (the facts keep none)."""
        ...

    def register_groups(self, f: OfficeFilter) -> list[RegisterGroup]: ...

    def year_groups(self, f: OfficeFilter) -> list[YearGroup]:
        """Diagnoses by year, every year (the filter's year does not apply)."""
        ...

    def visit_groups(self, f: OfficeFilter) -> list[VisitGroup]: ...

    def members(self, f: OfficeFilter) -> list[MemberRow]: ...

    def pipeline_groups(self, f: OfficeFilter) -> list[PipelineGroup]: ...

    def open_proposals(self, f: OfficeFilter) -> int: ...

    def realised(self, f: OfficeFilter) -> RealisedSavings:
        """Sums over the current measures with realised figures (from follow-ups)."""
        ...

    def latest_scores(self, f: OfficeFilter) -> list[ScoreRow]:
        """Every live enterprise's scores at its latest diagnosis (the year does not apply)."""
        ...

    def enterprise_scores(self, enterprise_id: str, visit_id: str | None) -> ScoreRow | None:
        """Scores at ``visit_id``, or at the enterprise's latest diagnosis; None if neither."""
        ...

    def peer_scores(self, group: str, key: str, exclude: str) -> list[Mapping[str, float | None]]:
        """Latest-diagnosis scores of the live enterprises whose ``group`` (industry or
        district) is ``key``, but for the enterprise ``exclude``."""
        ...

    def drill(
        self, f: OfficeFilter, dimension: str, key: str | None, measure: str | None
    ) -> list[str]:
        """The ids of the enterprises behind one figure (see ``OfficeService.drill``)."""
        ...

    def enterprise_rows(self, f: OfficeFilter) -> list[EnterpriseRow]: ...

    def visit_rows(self, f: OfficeFilter) -> list[VisitRow]:
        """Every live visit of the filtered enterprises (in the year), counted or not."""
        ...

    def measure_rows(self, f: OfficeFilter) -> list[MeasureRow]:
        """The current measures (the team's decisions) of the filtered enterprises."""
        ...
