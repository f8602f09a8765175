"""The city office's view: coverage, the project pipeline, the programme's targets, peers.

``OfficeService`` rolls up what an ``OfficeRepository`` sums from the stored facts; every query
first brings the facts up to date (cheap when nothing changed), so visits that arrived by sync are
counted too. Which visits and measures count: ``diagnosis.office.counting``. No SQL, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple, Protocol, runtime_checkable

from diagnosis.measures.proposals import COUNTED, STATUSES
from diagnosis.office.counting import KIND_BITS
from diagnosis.office.figures import (
    COVERAGE_DIMENSIONS,
    COVERAGE_MEASURES,
    CoverageRow,
    MonthRow,
    OfficeFigures,
    OfficeFilter,
    PeerBenchmark,
    PeerGroup,
    PipelineRow,
    ProgressPoint,
    Sums,
    TargetRow,
)
from diagnosis.office.peers import GROUPS, benchmarks, peer_groups
from diagnosis.office.ports import (
    EnterpriseRow,
    MeasureRow,
    OfficeRepository,
    PipelineGroup,
    RegisterGroup,
    VisitRow,
)
from diagnosis.office.targets import ProgrammeTargets, programme_targets
from diagnosis.register.industry_table import division_of

# What ``drill`` answers: the coverage dimensions (with a COVERAGE_MEASURES measure), "total",
# "never_visited" (measure "target": only willing above-scale ones), "member" and "month" (key:
# the name, YYYY-MM), "visit_status", the pipeline's "pipeline.area", "pipeline.category",
# "pipeline.district", "pipeline.status", "pipeline.project", "pipeline.start_year" (projects by
# category and start year), "accepted" (every accepted measure), "kind" (a project
# kind; the filter's year) and "realised" (measures with realised figures).
DRILL_DIMENSIONS = (
    *COVERAGE_DIMENSIONS,
    "total",
    "never_visited",
    "member",
    "month",
    "visit_status",
    "pipeline.area",
    "pipeline.category",
    "pipeline.district",
    "pipeline.status",
    "pipeline.project",
    "pipeline.start_year",
    "accepted",
    "kind",
    "realised",
)


# Visits a plan may wait for in one peer group (a few ms each) before leaving it out.
PEER_REFRESH_BUDGET = 50


@runtime_checkable
class PeerRefresh(Protocol):
    """A repository that can bring one enterprise's peer groups up to date alone."""

    def refresh_peers(self, enterprise_id: str, budget: int) -> set[str]:
        """Its own facts, and each group ("industry", "district") with at most ``budget``
        visits waiting; the groups left waiting."""
        ...


class OfficeData(NamedTuple):
    """The full data behind the figures, for the Excel report's data sheets."""

    enterprises: list[EnterpriseRow]
    visits: list[VisitRow]
    measures: list[MeasureRow]
    peer_groups: list[PeerGroup]


def _coverage(dimension: str, key: str | None, groups: Iterable[RegisterGroup]) -> CoverageRow:
    n = above = target = diag = diag_above = diag_target = 0
    for g in groups:
        is_target = g.above_scale and g.willing
        n += g.n
        above += g.n if g.above_scale else 0
        target += g.n if is_target else 0
        if g.diagnosed:
            diag += g.n
            diag_above += g.n if g.above_scale else 0
            diag_target += g.n if is_target else 0
    return CoverageRow(dimension, key, n, above, target, diag, diag_above, diag_target)


def _by_key(dimension: str, groups: Sequence[RegisterGroup]) -> tuple[CoverageRow, ...]:
    keyed: dict[str | None, list[RegisterGroup]] = {}
    for g in groups:
        keyed.setdefault(getattr(g, dimension), []).append(g)
    rows = [_coverage(dimension, key, gs) for key, gs in keyed.items()]
    # Largest target first, the unset key last: the order of a report table.
    return tuple(sorted(rows, key=lambda r: (r.key is None, -r.target, -r.enterprises, r.key)))


def _sums(groups: Iterable[PipelineGroup]) -> Sums:
    count = inv = money = tce = co2 = water = 0.0
    with_inv = with_money = 0
    for g in groups:
        count += g.n
        inv += g.investment_10k_yuan
        money += g.money_saved_yuan
        tce += g.tce
        co2 += g.co2_t
        water += g.water_m3
        with_inv += g.with_investment
        with_money += g.with_money
    n = int(count)
    return Sums(n, inv, money, tce, co2, water, n - with_inv, n - with_money)


def _pipeline_rows(dimension: str, groups: Sequence[PipelineGroup]) -> tuple[PipelineRow, ...]:
    keyed: dict[str | None, list[PipelineGroup]] = {}
    for g in groups:
        key = getattr(g, dimension)
        keyed.setdefault(None if key in (None, "") else str(key), []).append(g)
    rows = []
    for key, gs in keyed.items():
        statuses = dict.fromkeys(COUNTED, 0)
        for g in gs:
            statuses[g.status] = statuses.get(g.status, 0) + g.n
        rows.append(PipelineRow(dimension, key, _sums(gs), statuses))
    return tuple(
        sorted(
            rows, key=lambda r: (r.key is None, -r.sums.investment_10k_yuan, -r.sums.count, r.key)
        )
    )


class OfficeService:
    def __init__(self, repo: OfficeRepository, targets: ProgrammeTargets | None = None) -> None:
        self.repo = repo
        self.targets = targets or programme_targets()

    def refresh(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Bring the facts up to date now (every query does it first): a worker can call this
        with a progress callback after a sync, when many visits may need assessing."""
        return self.repo.refresh(progress)

    def figures(self, f: OfficeFilter | None = None) -> OfficeFigures:
        f = f or OfficeFilter()
        refreshed = self.repo.refresh()
        groups = self.repo.register_groups(f)
        total = _coverage("total", None, groups)
        coverage = {d: _by_key(d, groups) for d in ("district", "industry", "cluster")}
        years, progress = self._years(f, total)
        coverage["year"] = years
        never = [g for g in groups if not g.visited]
        visit_groups = self.repo.visit_groups(f)
        statuses: dict[str, int] = {}
        months: dict[str, list[int]] = {}
        for vg in visit_groups:
            statuses[vg.status] = statuses.get(vg.status, 0) + vg.n
            month = months.setdefault(vg.month, [0, 0, 0])
            month[0] += vg.n
            month[1 if not vg.is_follow_up else 2] += vg.n
        trend = tuple(MonthRow(m, *counts) for m, counts in sorted(months.items()) if m)
        pipeline = self.repo.pipeline_groups(f)
        accepted = [g for g in pipeline if g.status in COUNTED]
        by_status = self._statuses(pipeline, self.repo.open_proposals(f))
        return OfficeFigures(
            filter=f,
            total=total,
            coverage=coverage,
            progress=progress,
            never_visited=sum(g.n for g in never),
            never_visited_target=sum(g.n for g in never if g.above_scale and g.willing),
            visits=sum(statuses.values()),
            diagnoses=sum(m[1] for m in months.values()),
            follow_ups=sum(m[2] for m in months.values()),
            visit_statuses=statuses,
            members=tuple(self.repo.members(f)),
            trend=trend,
            pipeline={
                "area": _pipeline_rows("area", accepted),
                "category": _pipeline_rows("category", accepted),
                "district": _pipeline_rows("district", accepted),
                "status": by_status,
                # The project list (diagnosis.measures.projects): accepted measures that are
                # projects,
                # by category and by the year they are to start (unset last).
                "project": _pipeline_rows("project", [g for g in accepted if g.project]),
                "start_year": tuple(
                    sorted(
                        _pipeline_rows("start_year", [g for g in accepted if g.project]),
                        key=lambda r: (r.key is None, r.key or ""),
                    )
                ),
            },
            accepted=_sums(accepted),
            targets=self._targets(f, accepted),
            realised=self.repo.realised(f),
            facts_refreshed=refreshed,
            skipped=tuple(self.repo.skipped()),
        )

    def _years(
        self, f: OfficeFilter, total: CoverageRow
    ) -> tuple[tuple[CoverageRow, ...], tuple[ProgressPoint, ...]]:
        by_year: dict[int, list[int]] = {}
        for g in self.repo.year_groups(f):
            row = by_year.setdefault(g.year, [0, 0, 0, 0])
            is_target = g.above_scale and g.willing
            row[0] += g.diagnosed
            row[1] += g.diagnosed if g.above_scale else 0
            row[2] += g.diagnosed if is_target else 0
            row[3] += g.first_diagnosed if is_target else 0
        rows, points, cumulative = [], [], 0
        for year in sorted(by_year):
            diag, above, target, first = by_year[year]
            cumulative += first
            if f.year is not None and year > f.year:
                break
            points.append(ProgressPoint(year, first, cumulative, total.target))
            if f.year is None or year == f.year:
                rows.append(
                    CoverageRow(
                        "year",
                        str(year),
                        total.enterprises,
                        total.above_scale,
                        total.target,
                        diag,
                        above,
                        target,
                    )
                )
        return tuple(rows), tuple(points)

    def _statuses(
        self, groups: Sequence[PipelineGroup], open_proposals: int
    ) -> tuple[PipelineRow, ...]:
        rows = []
        for status in STATUSES:
            sums = _sums(g for g in groups if g.status == status)
            if status == "proposed":  # the rules' open proposals carry no figures yet
                sums = replace(
                    sums,
                    count=sums.count + open_proposals,
                    without_investment=sums.without_investment + open_proposals,
                    without_money=sums.without_money + open_proposals,
                )
            rows.append(PipelineRow("status", status, sums, {status: sums.count}))
        return tuple(rows)

    def _targets(self, f: OfficeFilter, accepted: Sequence[PipelineGroup]) -> tuple[TargetRow, ...]:
        years = {y for t in self.targets.projects for y in t.years}
        years |= {g.origin_year for g in accepted if g.origin_year is not None}
        if f.year is not None:
            years = {f.year}
        rows = []
        for year in sorted(years):
            for kind, bit in KIND_BITS.items():
                count = sum(g.n for g in accepted if g.origin_year == year and g.kind_mask & bit)
                target = self.targets.project(kind, year)
                rows.append(
                    TargetRow(
                        kind,
                        year,
                        count,
                        target.value if target is not None else None,
                        target is not None and target.stated(year),
                        target.source if target is not None else "",
                    )
                )
        return tuple(rows)

    def drill(
        self,
        f: OfficeFilter,
        dimension: str,
        key: str | None = None,
        measure: str | None = None,
    ) -> list[str]:
        """The ids of the enterprises behind one number of ``figures(f)``: a row's
        (``dimension``, ``key``) and, for coverage rows, which count (``measure``, one of
        COVERAGE_MEASURES; default "diagnosed"). Sorted by id."""
        if dimension not in DRILL_DIMENSIONS:
            raise ValueError(f"cannot drill into {dimension!r} (one of {DRILL_DIMENSIONS})")
        if dimension in (*COVERAGE_DIMENSIONS, "total"):
            measure = measure or "diagnosed"
            if measure not in COVERAGE_MEASURES:
                raise ValueError(f"no coverage count {measure!r} (one of {COVERAGE_MEASURES})")
        self.repo.refresh()
        return self.repo.drill(f, dimension, key, measure)

    def peers(self, enterprise_id: str, visit_id: str | None = None) -> list[PeerBenchmark]:
        """The enterprise's area scores (at ``visit_id``, else its latest diagnosis) beside its
        industry division's and then its district's peers; [] for an unknown enterprise.

        A plan asks this before its first page: it never waits for a whole refresh (minutes
        after a big sync). Its own facts and a group with few visits waiting are brought up to
        date; a group with more is left out of the answer rather than counted from facts that
        may miss its latest diagnoses."""
        waiting: set[str] = set()
        if isinstance(self.repo, PeerRefresh):
            waiting = self.repo.refresh_peers(enterprise_id, PEER_REFRESH_BUDGET)
        else:
            self.repo.refresh()
        own = self.repo.enterprise_scores(enterprise_id, visit_id)
        if own is None:
            return []
        out: list[PeerBenchmark] = []
        for group in GROUPS:
            if group in waiting:
                continue
            key = division_of(own.industry) if group == "industry" else own.district
            others = self.repo.peer_scores(group, key, enterprise_id) if key else []
            out += benchmarks(own.scores, group, key, others)
        return out

    def peer_groups(self, f: OfficeFilter | None = None) -> list[PeerGroup]:
        """The spread of each area's scores over every industry division and district with at
        least five scored enterprises (the register filters apply, the year does not)."""
        f = f or OfficeFilter()
        self.repo.refresh()
        return peer_groups((r.industry, r.district, r.scores) for r in self.repo.latest_scores(f))

    def data(self, f: OfficeFilter | None = None) -> OfficeData:
        f = f or OfficeFilter()
        self.repo.refresh()
        return OfficeData(
            self.repo.enterprise_rows(f),
            self.repo.visit_rows(f),
            self.repo.measure_rows(f),
            self.peer_groups(f),
        )

    def export_workbook(self, path: Path, f: OfficeFilter | None = None) -> OfficeFigures:
        """The Excel report of ``figures(f)`` and its data, written whole to ``path``."""
        from diagnosis.office.workbook import write_workbook

        figures = self.figures(f)
        write_workbook(path, figures, self.data(figures.filter), self.targets)
        return figures

    def to_dict(self, figures: OfficeFigures) -> dict[str, Any]:
        """The ``stats --json`` contract (docs/office.md)."""
        from diagnosis.office.as_json import figures_to_dict

        return figures_to_dict(figures)
