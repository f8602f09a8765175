"""The office figures as an Excel workbook for a government report (openpyxl).

Summary sheets (概况, 覆盖, 进度, 项目, 目标, 对标, 人员, 月度) and the full data (企业, 走访,
措施, 项目清单): bilingual headers ("区县 District") with units, frozen header rows, totals rows,
number formats as the app shows figures. Takes figures and rows, never the store; written whole.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook

from diagnosis.files import write_whole
from diagnosis.messages import Lang
from diagnosis.office.figures import CoverageRow, OfficeFigures, PipelineRow, Sums
from diagnosis.office.labels import both, dimension_header, key_label
from diagnosis.office.targets import ProgrammeTargets, programme_targets
from diagnosis.office.workbook_data import data_sheets
from diagnosis.office.workbook_sheet import Col, Sheet, filter_note

if TYPE_CHECKING:
    from diagnosis.office.service import OfficeData


def _summary(wb: Workbook, fig: OfficeFigures, targets: ProgrammeTargets, lang: Lang) -> None:
    cols = [Col(both("item"), 44), Col(both("value"), 18), Col(both("unit"), 16)]
    sheet = Sheet(wb, both("sheet.summary"), both("title.report"), filter_note(fig, lang), cols)
    t, a, r = fig.total, fig.accepted, fig.realised
    ent, vis, mea = both("unit.enterprises"), both("unit.visits"), both("unit.measures")
    rows: list[tuple[str, Any, str, str]] = [
        (both("enterprises"), t.enterprises, ent, "count"),
        (both("above_scale"), t.above_scale, ent, "count"),
        (both("target"), t.target, ent, "count"),
        (both("diagnosed"), t.diagnosed, ent, "count"),
        (both("diagnosed_above_scale"), t.diagnosed_above_scale, ent, "count"),
        (both("diagnosed_target"), t.diagnosed_target, ent, "count"),
        (both("share"), t.share, "%", "share"),
        (both("never_visited"), fig.never_visited, ent, "count"),
        (both("never_visited_target"), fig.never_visited_target, ent, "count"),
        (both("visits"), fig.visits, vis, "count"),
        (both("diagnoses"), fig.diagnoses, vis, "count"),
        (both("follow_ups"), fig.follow_ups, vis, "count"),
        (both("accepted_measures"), a.count, mea, "count"),
        (
            both("investment_10k_yuan"),
            a.investment_10k_yuan,
            "万元 10k yuan",
            "investment_10k_yuan",
        ),
        (both("money_saved_yuan"), a.money_saved_yuan, "元/年 yuan/yr", "money_saved_yuan"),
        (both("tce"), a.tce, "tce/年 tce/yr", "tce"),
        (both("co2_t"), a.co2_t, "t/年 t/yr", "co2_t"),
        (both("water_m3"), a.water_m3, "m³/年 m³/yr", "water_m3"),
        (both("without_investment"), a.without_investment, mea, "count"),
        (both("without_money"), a.without_money, mea, "count"),
        (both("realised_measures"), r.measures, mea, "count"),
        (both("projected_money_yuan"), r.projected_money_yuan, "元/年 yuan/yr", "money_saved_yuan"),
        (both("realised_money_yuan"), r.realised_money_yuan, "元/年 yuan/yr", "money_saved_yuan"),
        (both("money_ratio"), r.money_ratio, "%", "share"),
        (both("projected_tce"), r.projected_tce, "tce/年 tce/yr", "tce"),
        (both("realised_tce"), r.realised_tce, "tce/年 tce/yr", "tce"),
    ]
    if fig.skipped:  # stored records no figure includes: said, and named (stats --json)
        rows.append(
            ("跳过无法读取的记录 Unreadable records skipped", len(fig.skipped), "", "count")
        )
    for label, value, unit, kind in rows:
        sheet.ws.append([sheet.cell(label), sheet.cell(value, kind), sheet.cell(unit)])
    for skipped in fig.skipped[:20]:
        sheet.ws.append(
            [sheet.cell(f"{skipped.table}/{skipped.id}"), None, sheet.cell(skipped.reason)]
        )
    sheet.ws.append([])
    cov = targets.coverage
    sheet.ws.append([sheet.cell(f"{both('source')}: {targets.programme.zh}; {cov.source}")])


_COVERAGE_COLS = (
    ("enterprises", "count"),
    ("above_scale", "count"),
    ("target", "count"),
    ("diagnosed", "count"),
    ("diagnosed_above_scale", "count"),
    ("diagnosed_target", "count"),
)


def _coverage_values(r: CoverageRow) -> list[Any]:
    return [getattr(r, name) for name, _ in _COVERAGE_COLS] + [r.share]


def _coverage(wb: Workbook, fig: OfficeFigures, lang: Lang) -> None:
    cols = [
        Col(both("dimension"), 16),
        Col(both("code"), 12, "text"),
        Col(both("name"), 28),
        *(
            Col(f"{both(name)} ({both('unit.enterprises')})", 14, kind)
            for name, kind in _COVERAGE_COLS
        ),
        Col(f"{both('share')} (%)", 12, "share"),
    ]
    sheet = Sheet(wb, both("sheet.coverage"), both("title.coverage"), filter_note(fig, lang), cols)
    for dim in ("district", "industry", "cluster"):
        label = dimension_header(dim)
        for r in fig.coverage[dim]:
            sheet.row([label, r.key or "", key_label(dim, r.key, lang), *_coverage_values(r)])
        # Every enterprise has one key (or none) per dimension: the rows add up to the total.
        sheet.row([label, "", both("total"), *_coverage_values(fig.total)], bold=True)


def _progress(wb: Workbook, fig: OfficeFigures, lang: Lang) -> None:
    cols = [
        Col(dimension_header("year"), 10, "text"),
        *(
            Col(f"{both(name)} ({both('unit.enterprises')})", 14, kind)
            for name, kind in _COVERAGE_COLS[3:]
        ),
        Col(f"{both('first_diagnosed')} ({both('unit.enterprises')})", 16, "count"),
        Col(f"{both('cumulative')} ({both('unit.enterprises')})", 16, "count"),
        Col(f"{both('target')} ({both('unit.enterprises')})", 16, "count"),
        Col(f"{both('share')} (%)", 12, "share"),
    ]
    sheet = Sheet(wb, both("sheet.progress"), both("title.coverage"), filter_note(fig, lang), cols)
    years = {r.key: r for r in fig.coverage["year"]}
    for p in fig.progress:
        row = years.get(str(p.year))
        diagnosed = [getattr(row, n) if row else None for n, _ in _COVERAGE_COLS[3:]]
        sheet.row([str(p.year), *diagnosed, p.first_diagnosed, p.cumulative, p.target, p.share])


_SUM_COLS = (
    ("investment_10k_yuan", 14),
    ("money_saved_yuan", 16),
    ("tce", 14),
    ("co2_t", 14),
    ("water_m3", 14),
)


def _sum_values(s: Sums) -> list[Any]:
    return [s.count, *(getattr(s, n) for n, _ in _SUM_COLS), s.without_investment, s.without_money]


def _pipeline(wb: Workbook, fig: OfficeFigures, lang: Lang) -> None:
    counted = ("accepted", "planned", "in_progress", "implemented")
    cols = [
        Col(both("dimension"), 14),
        Col(both("code"), 14, "text"),
        Col(both("name"), 26),
        Col(f"{both('count')} ({both('unit.measures')})", 12, "count"),
        *(Col(both(name), width, name) for name, width in _SUM_COLS),
        Col(both("without_investment"), 12, "count"),
        Col(both("without_money"), 12, "count"),
        *(
            Col(f"{key_label('status', s, 'zh')} {key_label('status', s, 'en')}", 11, "count")
            for s in counted
        ),
    ]
    sheet = Sheet(wb, both("sheet.pipeline"), both("title.pipeline"), filter_note(fig, lang), cols)

    def write(dim: str, rows: Sequence[PipelineRow], total: Sums, total_label: str) -> None:
        label = dimension_header(dim)
        for r in rows:
            split = [r.statuses.get(s, 0) if dim != "status" else None for s in counted]
            sheet.row(
                [label, r.key or "", key_label(dim, r.key, lang), *_sum_values(r.sums), *split]
            )
        sheet.row([label, "", total_label, *_sum_values(total), *[None] * 4], bold=True)

    for dim in ("area", "category", "district"):
        write(dim, fig.pipeline[dim], fig.accepted, both("total_accepted"))
    for dim in ("project", "start_year"):  # projects only (diagnosis.measures.projects)
        rows = fig.pipeline.get(dim, ())
        sums = Sums(*(sum(getattr(r.sums, f.name) for r in rows) for f in fields(Sums)))
        write(dim, rows, sums, both("total_projects"))
    statuses = fig.pipeline["status"]
    all_sums = Sums(*(sum(getattr(r.sums, f.name) for r in statuses) for f in fields(Sums)))
    write("status", statuses, all_sums, both("total_all"))


def _targets(wb: Workbook, fig: OfficeFigures, targets: ProgrammeTargets, lang: Lang) -> None:
    cols = [
        Col(dimension_header("year"), 10, "text"),
        Col(both("kind"), 30),
        Col(f"{both('accepted_measures')} ({both('unit.measures')})", 16, "count"),
        Col(both("target_value"), 16, "count"),
        Col(f"{both('target_share')} (%)", 12, "share"),
        Col(both("source"), 70),
    ]
    note = f"{targets.programme.zh} {targets.programme.en}"
    sheet = Sheet(wb, both("sheet.targets"), both("title.targets"), note, cols)
    for r in fig.targets:
        carried = "" if r.stated or r.target is None else f" ({both('target_carried')})"
        kind = f"{key_label('kind', r.kind, 'zh')} {key_label('kind', r.kind, 'en')}"
        sheet.row([str(r.year), kind, r.count, r.target, r.share, r.source + carried])


def _peers(wb: Workbook, fig: OfficeFigures, data: OfficeData, lang: Lang) -> None:
    cols = [
        Col(both("group"), 22),
        Col(both("code"), 12, "text"),
        Col(both("name"), 26),
        Col(both("area"), 24),
        Col(f"{both('n')} ({both('unit.enterprises')})", 12, "count"),
        Col(both("q1"), 12, "score"),
        Col(both("median"), 12, "score"),
        Col(both("q3"), 12, "score"),
    ]
    sheet = Sheet(wb, both("sheet.peers"), both("title.peers"), filter_note(fig, lang), cols)
    for p in data.peer_groups:
        group = f"{key_label('group', p.group, 'zh')} {key_label('group', p.group, 'en')}"
        name = key_label(p.group, p.key, lang)
        area = key_label("area", p.area, lang)
        sheet.row([group, p.key, name, area, p.n, p.q1, p.median, p.q3])


def _team(wb: Workbook, fig: OfficeFigures, lang: Lang) -> None:
    note = filter_note(fig, lang)
    unit = f" ({both('unit.visits')})"
    cols = [
        Col(both("member"), 20),
        Col(both("visits") + unit, 12, "count"),
        Col(both("diagnoses") + unit, 12, "count"),
        Col(both("follow_ups") + unit, 12, "count"),
        Col(f"{both('enterprises')} ({both('unit.enterprises')})", 12, "count"),
    ]
    sheet = Sheet(wb, both("sheet.team"), both("title.members"), note, cols)
    for m in fig.members:
        sheet.row([m.member, m.visits, m.diagnoses, m.follow_ups, m.enterprises])
    cols = [Col(both("month"), 12, "text"), *cols[1:4]]
    sheet = Sheet(wb, both("sheet.months"), both("title.trend"), note, cols)
    for t in fig.trend:
        sheet.row([t.month, t.visits, t.diagnoses, t.follow_ups])
    sheet.row([both("total"), fig.visits, fig.diagnoses, fig.follow_ups], bold=True)


def build_workbook(
    fig: OfficeFigures,
    data: OfficeData,
    targets: ProgrammeTargets | None = None,
    lang: Lang = "zh",
) -> bytes:
    """The workbook's bytes; names of districts and the like in ``lang``, headers in both."""
    targets = targets or programme_targets()
    wb = Workbook(write_only=True)
    _summary(wb, fig, targets, lang)
    _coverage(wb, fig, lang)
    _progress(wb, fig, lang)
    _pipeline(wb, fig, lang)
    _targets(wb, fig, targets, lang)
    _peers(wb, fig, data, lang)
    _team(wb, fig, lang)
    data_sheets(wb, fig, data, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_workbook(
    path: Path,
    fig: OfficeFigures,
    data: OfficeData,
    targets: ProgrammeTargets | None = None,
    lang: Lang = "zh",
) -> None:
    """Write the workbook whole or not at all (a half-written report is never left behind)."""
    write_whole(path, build_workbook(fig, data, targets, lang))
