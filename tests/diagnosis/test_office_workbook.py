"""The office workbook: opens with openpyxl, every sheet has a frozen header, bilingual headers
with units, and its totals equal the figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from diagnosis.office.service import OfficeService
from diagnosis.office.workbook import build_workbook, write_workbook
from tests.diagnosis.test_office import FakeRepo

SHEETS = [
    "概况 Summary",
    "覆盖 Coverage",
    "进度 Progress",
    "项目 Pipeline",
    "目标 Targets",
    "对标 Peers",
    "人员 Team",
    "月度 Months",
    "企业 Enterprises",
    "走访 Visits",
    "措施 Measures",
    "项目清单 Projects",
]


@pytest.fixture
def book(tmp_path: Path) -> tuple[Workbook, OfficeService]:
    office = OfficeService(FakeRepo())
    fig = office.figures()
    path = tmp_path / "office.xlsx"
    write_workbook(path, fig, office.data())
    assert [p.name for p in tmp_path.iterdir()] == ["office.xlsx"]  # no temporary left
    return load_workbook(path), office


def _rows(ws: Worksheet) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(min_row=5, values_only=True)]


def _header(ws: Worksheet) -> list[str]:
    return [c.value for c in ws[4]]


def test_workbook_sheets_frozen_headers_bilingual(book: tuple[Workbook, OfficeService]) -> None:
    wb, _ = book
    assert wb.sheetnames == SHEETS
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A5", ws.title
        assert all(isinstance(h, str) and h for h in _header(ws)), ws.title
    coverage = _header(wb["覆盖 Coverage"])
    assert coverage[:3] == ["维度 Dimension", "编号 Code", "名称 Name"]
    assert "企业数 Enterprises (家 enterprises)" in coverage
    assert "投资 (万元) Investment (10k yuan)" in _header(wb["项目 Pipeline"])
    assert wb["概况 Summary"].column_dimensions["A"].width == 44


def test_workbook_summary_equals_the_figures(book: tuple[Workbook, OfficeService]) -> None:
    wb, office = book
    fig = office.figures()
    values = {r[0]: r[1] for r in _rows(wb["概况 Summary"]) if r[0]}
    assert values["企业数 Enterprises"] == fig.total.enterprises
    assert values["已诊断有意愿规上 Diagnosed willing above scale"] == fig.total.diagnosed_target
    assert values["覆盖率 Coverage"] == pytest.approx(fig.total.share)
    assert values["投资 (万元) Investment (10k yuan)"] == fig.accepted.investment_10k_yuan
    assert values["从未走访 Never visited"] == fig.never_visited
    share = next(c for c in wb["概况 Summary"]["B"] if c.value == pytest.approx(fig.total.share))
    assert share.number_format == "0.0%"


def test_workbook_totals_rows_equal_the_figures(book: tuple[Workbook, OfficeService]) -> None:
    wb, office = book
    fig = office.figures()
    coverage = _rows(wb["覆盖 Coverage"])
    totals = [r for r in coverage if r[2] == "合计 Total"]
    assert len(totals) == 3  # district, industry, cluster
    for row in totals:
        assert row[3:9] == [
            fig.total.enterprises,
            fig.total.above_scale,
            fig.total.target,
            fig.total.diagnosed,
            fig.total.diagnosed_above_scale,
            fig.total.diagnosed_target,
        ]
    for dim in ("区县 District", "行业 Industry", "集群 Cluster"):
        rows = [r for r in coverage if r[0] == dim and r[2] != "合计 Total"]
        assert sum(r[3] for r in rows) == fig.total.enterprises
    pipeline = _rows(wb["项目 Pipeline"])
    accepted = [r for r in pipeline if r[2] == "合计（已采纳） Total (accepted)"]
    assert len(accepted) == 3
    for row in accepted:
        assert row[3:5] == [fig.accepted.count, fig.accepted.investment_10k_yuan]
    every = next(r for r in pipeline if r[2] == "合计（全部状态） Total (every status)")
    assert every[3] == sum(r.sums.count for r in fig.pipeline["status"])
    measures = _rows(wb["措施 Measures"])
    last = measures[-1]
    assert last[0].startswith("合计（已采纳）") and last[8] == fig.accepted.investment_10k_yuan
    assert wb["措施 Measures"].cell(row=5, column=9).number_format == "#,##0.00"


def test_workbook_targets_peers_and_data(book: tuple[Workbook, OfficeService]) -> None:
    wb, office = book
    targets = _rows(wb["目标 Targets"])
    assert len(targets) == len(office.figures().targets)
    assert any("1500" in str(r[5]) for r in targets)
    peers = _rows(wb["对标 Peers"])
    assert peers and peers[0][4] == 5 and peers[0][6] == 40.0
    enterprises = _rows(wb["企业 Enterprises"])
    assert enterprises[0][0] == "甲公司" and enterprises[0][8] == "是"
    months = _rows(wb["月度 Months"])
    assert months[-1][1] == office.figures().visits


def test_workbook_english_names(tmp_path: Path) -> None:
    office = OfficeService(FakeRepo())
    data = build_workbook(office.figures(), office.data(), lang="en")
    (tmp_path / "en.xlsx").write_bytes(data)
    wb = load_workbook(tmp_path / "en.xlsx")
    names = [r[2] for r in _rows(wb["覆盖 Coverage"]) if r[0] == "区县 District"]
    assert "Haishu District" in names
