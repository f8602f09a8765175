from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from diagnosis.messages import Message
from diagnosis.register.enterprise import FIELDS
from diagnosis.register.table_errors import ReadError
from diagnosis.register.table_reader import PROGRESS_EVERY, Table, header_key, read_table

ALIASES = {f.name: f.aliases for f in FIELDS}
REQUIRED = ("name", "credit_code")
SMALL_ALIASES = {
    "name": ("企业名称", "单位名称", "name"),
    "credit_code": ("统一社会信用代码", "credit code"),
    "output_value": ("工业总产值", "output value"),
    "land_area": ("用地面积", "land area"),
}
CODE_A = "91330100MA27XXXX1A"
CODE_B = "91330100MA27YYYY2B"


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: dict[int, list[object]], title: str = "企业名单") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for number, cells in rows.items():
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=number, column=column, value=value)
    book.save(path)
    return path


def rewrite_sheet(source: Path, target: Path, change: Callable[[str], str]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            new.writestr(item, data)


def numbers(table: Table) -> list[int]:
    return [number for number, _ in table.rows]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("工业总产值（万元）", "工业总产值"),
        ("工业总产值 (万元)", "工业总产值"),
        ("从业人员[人]", "从业人员"),
        ("用地面积【亩】", "用地面积"),
        ("*企业名称", "企业名称"),
        ("＊企业名称", "企业名称"),
        ("※统一社会信用代码", "统一社会信用代码"),
        ("企业\n名称", "企业名称"),
        ("企业\u3000名称\r\n", "企业名称"),
        ("Output Value (10k yuan)", "outputvalue"),
        ("ＮＡＭＥ", "name"),
        ("区县（市）", "区县"),
        ("产值(万元)(2023年)", "产值"),
        ("(万元)", "(万元)"),
    ],
)
def test_header_key_normalises_spellings(text: str, key: str) -> None:
    assert header_key(text) == key


def test_read_table_csv_utf8_chinese(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "list.csv",
        f"企业名称,统一社会信用代码,工业总产值（万元）\n甲公司,{CODE_A},123.5\n乙公司,{CODE_B},7\n",
    )
    table = read_table(path, ALIASES, REQUIRED)
    assert table.encoding == "utf-8"
    assert table.sheet is None
    assert table.header_row == 1
    assert table.columns == {"name": 0, "credit_code": 1, "output_value": 2}
    assert table.rows == [(2, ("甲公司", CODE_A, "123.5")), (3, ("乙公司", CODE_B, "7"))]


def test_read_table_csv_utf8_bom(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bom.csv", f"企业名称,统一社会信用代码\r\n甲公司,{CODE_A}\r\n", "utf-8-sig"
    )
    table = read_table(path, ALIASES, REQUIRED)
    assert table.encoding == "utf-8-sig"
    # The BOM must not stick to the first header cell, or "企业名称" would not match.
    assert table.columns == {"name": 0, "credit_code": 1}
    assert table.rows == [(2, ("甲公司", CODE_A))]


def test_read_table_csv_gbk(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "gbk.csv", f"单位名称,信用代码,区县\n杭州织造厂,{CODE_A},萧山区\n", "gbk"
    )
    table = read_table(path, ALIASES, REQUIRED)
    assert table.encoding == "gb18030"
    assert table.columns == {"name": 0, "credit_code": 1, "district": 2}
    assert table.rows == [(2, ("杭州织造厂", CODE_A, "萧山区"))]


def test_read_table_csv_gb18030_beyond_gbk(tmp_path: Path) -> None:
    name = "𠮷䶮精密机械有限公司"  # neither character exists in GBK
    with pytest.raises(UnicodeEncodeError):
        name.encode("gbk")
    path = write_csv(
        tmp_path / "gb18030.csv", f"企业名称,统一社会信用代码\n{name},{CODE_A}\n", "gb18030"
    )
    table = read_table(path, ALIASES, REQUIRED)
    assert table.encoding == "gb18030"
    assert table.rows == [(2, (name, CODE_A))]


def test_read_table_csv_undecodable_is_unreadable(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", "name,credit code\n")
    path.write_bytes(path.read_bytes() + b"x,\x80\n")
    with pytest.raises(ReadError) as caught:
        read_table(path, SMALL_ALIASES, REQUIRED)
    assert caught.value.message.code == "import.unreadable"
    assert caught.value.message.params["reason"]


def test_read_table_csv_english_headers(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "en.csv",
        f"Enterprise Name,Unified Social Credit Code,Output value (10k yuan),Land Area\n"
        f"Acme Ltd,{CODE_A},12,3.5\n",
    )
    table = read_table(path, ALIASES, REQUIRED)
    assert table.columns == {"name": 0, "credit_code": 1, "output_value": 2, "land_area": 3}
    assert table.rows == [(2, ("Acme Ltd", CODE_A, "12", "3.5"))]


def test_read_table_csv_skips_title_and_blank_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "title.csv",
        f"2024年企业诊断名单,,\n,,\n企业名称,统一社会信用代码,用地面积（亩）\n"
        f"甲公司,{CODE_A},10\n , ,\n乙公司,{CODE_B},\n",
    )
    table = read_table(path, SMALL_ALIASES, REQUIRED)
    assert table.header_row == 3
    # Row 5 holds only spaces: blank, skipped, but the numbering goes on.
    assert numbers(table) == [4, 6]
    assert table.rows[1] == (6, ("乙公司", CODE_B, ""))


def test_read_table_csv_tab_delimited(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "tab.csv",
        f"企业名称\t统一社会信用代码\t工业总产值\n甲公司, 杭州\t{CODE_A}\t1,234\n",
    )
    table = read_table(path, ALIASES, REQUIRED)
    assert table.columns == {"name": 0, "credit_code": 1, "output_value": 2}
    assert table.rows == [(2, ("甲公司, 杭州", CODE_A, "1,234"))]


def test_read_table_csv_tab_delimited_under_title_line(tmp_path: Path) -> None:
    # A title line without delimiters defeats csv.Sniffer; the header must still be found.
    path = write_csv(
        tmp_path / "tab_title.csv",
        f"企业名单\n企业名称\t统一社会信用代码\n甲公司\t{CODE_A}\n乙公司\t{CODE_B}\n",
    )
    table = read_table(path, ALIASES, REQUIRED)
    assert table.header_row == 2
    assert table.rows == [(3, ("甲公司", CODE_A)), (4, ("乙公司", CODE_B))]


def test_read_table_csv_semicolon_delimited(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "semi.csv", f"name;credit code;land area\nAcme;{CODE_A};2,5\n")
    table = read_table(path, SMALL_ALIASES, REQUIRED)
    assert table.rows == [(2, ("Acme", CODE_A, "2,5"))]


def test_read_table_csv_multiline_field_keeps_numbering(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "multi.csv",
        f'企业名称,统一社会信用代码,地址\r\n甲公司,{CODE_A},"杭州市\r\n萧山区\r\n1号"\r\n'
        f"乙公司,{CODE_B},宁波\r\n",
    )
    table = read_table(path, ALIASES, REQUIRED)
    assert table.rows == [
        (2, ("甲公司", CODE_A, "杭州市\r\n萧山区\r\n1号")),
        (3, ("乙公司", CODE_B, "宁波")),
    ]


def test_read_table_csv_without_header_raises_no_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "none.csv", f"甲公司,{CODE_A}\n乙公司,{CODE_B}\n")
    with pytest.raises(ReadError) as caught:
        read_table(path, ALIASES, REQUIRED, scan_rows=12)
    assert caught.value.message.code == "import.no_header"
    assert caught.value.message.params == {"rows": 12}


def test_read_table_header_below_scan_rows_is_not_found(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "deep.csv", "说明\n" * 4 + f"name,credit code\nAcme,{CODE_A}\n")
    assert read_table(path, SMALL_ALIASES, REQUIRED, scan_rows=5).header_row == 5
    with pytest.raises(ReadError) as caught:
        read_table(path, SMALL_ALIASES, REQUIRED, scan_rows=4)
    assert caught.value.message.params == {"rows": 4}


def test_read_table_header_needs_every_required_field(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "partial.csv", "企业名称,工业总产值,用地面积\n甲公司,1,2\n")
    with pytest.raises(ReadError) as caught:
        read_table(path, SMALL_ALIASES, REQUIRED)
    assert caught.value.message.code == "import.no_header"
    assert read_table(path, SMALL_ALIASES, ("name",)).columns == {
        "name": 0,
        "output_value": 1,
        "land_area": 2,
    }


def test_read_table_prefers_row_with_most_fields(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "two.csv",
        "填报说明：企业名称,统一社会信用代码\n"
        "企业名称,统一社会信用代码\n"
        "企业名称,统一社会信用代码,工业总产值,用地面积\n"
        f"甲公司,{CODE_A},1,2\n",
    )
    table = read_table(path, SMALL_ALIASES, REQUIRED)
    assert table.header_row == 3
    # Row 2 qualified too but matched fewer fields, so it is not data either.
    assert numbers(table) == [4]


def test_read_table_tie_goes_to_first_row(tmp_path: Path) -> None:
    # A header repeated on a printed page break ties with the first one, which must win.
    path = write_csv(tmp_path / "tie.csv", f"name,credit code\nname,credit code\nAcme,{CODE_A}\n")
    table = read_table(path, SMALL_ALIASES, REQUIRED)
    assert table.header_row == 1
    assert numbers(table) == [2, 3]


def test_read_table_duplicate_header_first_wins(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "dup.csv",
        f"企业名称,备注,单位名称,统一社会信用代码,,name\n甲公司,x,甲,{CODE_A},,y\n",
    )
    table = read_table(path, SMALL_ALIASES, REQUIRED)
    assert table.columns == {"name": 0, "credit_code": 3}
    assert table.unknown_headers == ("备注", "单位名称", "name")


def test_read_table_wrong_suffix_raises_format(tmp_path: Path) -> None:
    for name in ("list.xls", "list.txt", "list"):
        path = write_csv(tmp_path / name, f"name,credit code\nAcme,{CODE_A}\n")
        with pytest.raises(ReadError) as caught:
            read_table(path, SMALL_ALIASES, REQUIRED)
        assert caught.value.message.code == "import.format"
        assert caught.value.message.params == {"suffix": path.suffix}


def test_read_table_suffix_case_is_ignored(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "LIST.CSV", f"name,credit code\nAcme,{CODE_A}\n")
    assert read_table(path, SMALL_ALIASES, REQUIRED).rows == [(2, ("Acme", CODE_A))]


@pytest.mark.parametrize("name", ["missing.csv", "missing.xlsx"])
def test_read_table_missing_file_is_unreadable(tmp_path: Path, name: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_table(tmp_path / name, SMALL_ALIASES, REQUIRED)
    assert caught.value.message.code == "import.unreadable"
    assert caught.value.message.text("en").startswith("cannot read the file: ")


def test_read_table_corrupt_xlsx_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook" * 20)
    with pytest.raises(ReadError) as caught:
        read_table(path, SMALL_ALIASES, REQUIRED)
    assert caught.value.message.code == "import.unreadable"
    assert caught.value.message.params["reason"]


def test_read_table_xlsx_with_broken_sheet_xml_is_unreadable(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {1: ["name", "credit code"], 2: ["Acme", CODE_A]})
    path = tmp_path / "broken.xlsx"
    rewrite_sheet(good, path, lambda xml: xml.replace("</sheetData>", "<row><c>"))
    with pytest.raises(ReadError) as caught:
        read_table(path, SMALL_ALIASES, REQUIRED)
    assert caught.value.message.code == "import.unreadable"


def test_read_table_xlsx_title_merged_blank_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名单"
    # Row 1 stays empty; openpyxl does not even store it, which is what the numbering must survive.
    sheet["A2"] = "2024年度企业诊断名单"
    sheet.merge_cells("A2:E2")
    sheet["A3"] = "填报单位：某某区经信局"
    sheet.append(["企业名称", "统一社会信用代码", "工业总产值", "用地面积", "备注"])
    sheet.append(["甲公司", CODE_A, 1200.5, 30, None])
    sheet.append([None, "  ", None, None, None])
    sheet.append(["乙公司", CODE_B, 800, None, "新"])
    book.save(tmp_path / "merged.xlsx")

    table = read_table(tmp_path / "merged.xlsx", SMALL_ALIASES, REQUIRED)
    assert table.sheet == "名单"
    assert table.encoding is None
    assert table.header_row == 4
    assert table.columns == {"name": 0, "credit_code": 1, "output_value": 2, "land_area": 3}
    assert table.unknown_headers == ("备注",)
    assert table.rows == [
        (5, ("甲公司", CODE_A, 1200.5, 30)),
        (7, ("乙公司", CODE_B, 800, None, "新")),
    ]


def test_read_table_xlsx_units_and_line_breaks_in_headers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "units.xlsx",
        {
            1: [
                "*企业名称",
                "※统一社会信用\n代码",
                "工业总产值\n（万元）",
                "从业人员（人）",
                "年度",
            ],
            2: ["甲公司", CODE_A, 12.5, 40, 2024],
        },
    )
    table = read_table(path, ALIASES, REQUIRED)
    assert table.columns == {
        "name": 0,
        "credit_code": 1,
        "output_value": 2,
        "employees": 3,
        "data_year": 4,
    }
    assert table.rows == [(2, ("甲公司", CODE_A, 12.5, 40, 2024))]


def test_read_table_xlsx_keeps_raw_cell_types(tmp_path: Path) -> None:
    when = datetime(2024, 3, 1, 8, 30)
    path = write_xlsx(
        tmp_path / "types.xlsx", {1: ["name", "credit code", "备注"], 2: ["Acme", 913301, when]}
    )
    ((number, cells),) = read_table(path, SMALL_ALIASES, REQUIRED).rows
    assert number == 2
    assert cells == ("Acme", 913301, when)
    assert type(cells[1]) is int


def test_read_table_xlsx_with_stale_dimension_reads_every_row(tmp_path: Path) -> None:
    rows: dict[int, list[object]] = {1: ["name", "credit code"]}
    rows.update({n: [f"firm {n}", CODE_A] for n in range(2, 41)})
    good = write_xlsx(tmp_path / "good.xlsx", rows)
    path = tmp_path / "stale.xlsx"
    # Some exporters write a dimension of "A1" whatever the sheet holds.
    rewrite_sheet(
        good, path, lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1"', xml)
    )
    assert openpyxl.load_workbook(path, read_only=True).active.max_row == 1

    table = read_table(path, SMALL_ALIASES, REQUIRED)
    assert numbers(table) == list(range(2, 41))
    assert table.rows[-1] == (40, ("firm 40", CODE_A))


def test_read_table_xlsx_uses_first_sheet_with_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["请按模板填写企业名称和统一社会信用代码"])
    data = book.create_sheet("企业名单")
    data.append([])
    data.append(["企业名称", "统一社会信用代码"])
    data.append(["甲公司", CODE_A])
    book.create_sheet("另一份").append(["name", "credit code"])
    book.save(tmp_path / "sheets.xlsx")

    table = read_table(tmp_path / "sheets.xlsx", ALIASES, REQUIRED)
    assert table.sheet == "企业名单"
    assert table.header_row == 2
    assert table.rows == [(3, ("甲公司", CODE_A))]


def test_read_table_xlsx_without_header_raises_no_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "none.xlsx", {1: ["甲公司", CODE_A], 5: ["乙公司", CODE_B]})
    with pytest.raises(ReadError) as caught:
        read_table(path, ALIASES, REQUIRED)
    assert caught.value.message == Message("import.no_header", {"rows": 30})


def test_read_table_header_as_last_row_gives_no_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", {3: ["name", "credit code"]})
    table = read_table(path, SMALL_ALIASES, REQUIRED)
    assert (table.header_row, table.rows) == (3, [])


def test_read_table_progress_reports_rows_read(tmp_path: Path) -> None:
    lines = ["name,credit code"] + [f"firm {n},{CODE_A}" for n in range(2 * PROGRESS_EVERY + 500)]
    path = write_csv(tmp_path / "big.csv", "\n".join(lines) + "\n")
    seen: list[int] = []
    table = read_table(path, SMALL_ALIASES, REQUIRED, progress=seen.append)
    assert seen == [PROGRESS_EVERY, 2 * PROGRESS_EVERY, 2 * PROGRESS_EVERY + 501]
    assert len(table.rows) == 2 * PROGRESS_EVERY + 500


def test_read_table_progress_exception_propagates(tmp_path: Path) -> None:
    class Cancelled(Exception):
        pass

    def cancel(_: int) -> None:
        raise Cancelled

    rows: dict[int, list[object]] = {1: ["name", "credit code"]}
    rows.update({n: [f"firm {n}", CODE_A] for n in range(2, PROGRESS_EVERY + 10)})
    path = write_xlsx(tmp_path / "cancel.xlsx", rows)
    # A cancel from the caller must not be dressed up as an unreadable file.
    with pytest.raises(Cancelled):
        read_table(path, SMALL_ALIASES, REQUIRED, progress=cancel)
