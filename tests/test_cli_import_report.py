"""Issue 15 from the command line, as a real process: ``import-enterprises`` on a district's
workbook (title, unit line, notes, totals, several sheets) reports warnings, columns not
imported, notes and the sheet; exits 0 with warnings only, 1 with a rejected row, 2 for a sheet
that is not there; and a second run changes nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import openpyxl

from diagnosis.demo.enterprises import enterprises
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from tests.main_process import run_main

REPO_ROOT = Path(__file__).resolve().parents[1]
A, B, C = (e.credit_code for e in enterprises(3, seed=11))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_main("import-enterprises", *args)


def workbook(path: Path, bad_code: bool = False) -> Path:
    book = openpyxl.Workbook()
    info = book.active
    assert info is not None
    info.title = "填表说明"
    info.append(["请勿修改表头"])
    sheet = book.create_sheet("名录")
    sheet.append(["2024年北仑区规上工业企业名单"])
    sheet.merge_cells("A1:H1")
    sheet.append(["单位：万元"])
    sheet.append(
        [
            "序号",
            "企业名称",
            "统一社会信用代码",
            "属地",
            "行业代码",
            "工业总产值",
            "是否规上",
            "联系人邮箱",
        ]
    )
    sheet.append([1, "宁波甲机械有限公司", A, "北仑", 3484.0, "1,234.5", "√", "a@example.com"])
    sheet.append([])
    sheet.append([2, "宁波乙塑料有限公司", B, "火星区", 2929, "—", "规下", None])
    code = C[:-1] + ("0" if C[-1] != "0" else "1") if bad_code else C
    sheet.append([3, "宁波丙电器有限公司", code, "梅山", "C3871", "abc", "Y", None])
    sheet.append([None, "合计", None, None, None, 1234.5])
    sheet.append(["注：产值为现价"])
    book.save(path)
    return path


def stored(db: Path) -> dict[str, dict[str, object]]:
    store = Store(db)
    try:
        repo = SqliteEnterpriseRepository(store)
        return {
            e.credit_code: e.values() for e in repo.display_rows(repo.order("name", False)).values()
        }
    finally:
        store.close()


def test_import_reports_warnings_columns_notes_and_sheet_then_changes_nothing(
    tmp_path: Path,
) -> None:
    path, db = workbook(tmp_path / "北仑名单.xlsx"), tmp_path / "store.sqlite"

    first = run(str(path), "--db", str(db), "--json", "--lang", "en")
    second = run(str(path), "--db", str(db), "--json", "--lang", "en")

    assert first.returncode == 0, first.stderr  # warnings only: every row taken
    report: dict[str, Any] = json.loads(first.stdout)
    assert (report["inserted"], report["updated"], report["unchanged"]) == (3, 0, 0)
    assert report["rejected"] == []
    assert [(w["row"], w["field"], w["value"], w["left_empty"]) for w in report["warnings"]] == [
        (6, "district", "火星区", True),
        (7, "output_value", "abc", True),
    ]
    assert all(w["reason"] and w["field_label"] for w in report["warnings"])
    assert report["not_imported"] == ["序号", "联系人邮箱"]
    assert report["notes"] == [
        {"row": 2, "text": "单位：万元"},
        {"row": 8, "text": "合计 1234.5"},
        {"row": 9, "text": "注：产值为现价"},
    ]
    assert (report["header_row"], report["sheet"], report["other_sheets"]) == (
        3,
        "名录",
        ["填表说明"],
    )
    after = stored(db)
    assert (after[A]["industry"], after[A]["district"], after[A]["output_value"]) == (
        "3484",
        "330206",
        1234.5,
    )
    assert (after[B]["district"], after[B]["industry"], after[B]["output_value"]) == (
        None,
        "2929",
        None,
    )
    assert (after[C]["district"], after[C]["above_scale"]) == ("NBMS", True)
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert stored(db) == after


def test_a_rejected_row_exits_one_and_the_text_report_names_everything(tmp_path: Path) -> None:
    path, db = workbook(tmp_path / "名单.xlsx", bad_code=True), tmp_path / "store.sqlite"

    result = run(str(path), "--db", str(db))

    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "读取工作表“名录”（另有：填表说明）"
    assert lines[1] == "新增 2 家，更新 0 家，未变 0 家，拒绝 1 行，提示 2 条"
    assert lines[2].startswith("  第 7 行 统一社会信用代码：校验位错误")
    assert "  提示：第 6 行 区县（市）“火星区”：未知的区县（市）“火星区”（此格未采用）" in lines
    assert "未导入的列：序号、联系人邮箱" in lines
    assert "  说明行：第 9 行 注：产值为现价" in lines


def test_sheet_by_name_or_number_and_an_unknown_sheet_exits_two(tmp_path: Path) -> None:
    path = workbook(tmp_path / "名单.xlsx")

    by_number = run(str(path), "--db", str(tmp_path / "a.sqlite"), "--json", "--sheet", "2")
    by_name = run(str(path), "--db", str(tmp_path / "b.sqlite"), "--json", "--sheet", "名录")
    missing = run(str(path), "--db", str(tmp_path / "c.sqlite"), "--sheet", "慈溪", "--lang", "en")
    headless = run(str(path), "--db", str(tmp_path / "d.sqlite"), "--sheet", "1")

    assert by_number.returncode == 0 and json.loads(by_number.stdout)["sheet"] == "名录"
    assert by_name.returncode == 0 and json.loads(by_name.stdout)["inserted"] == 3
    assert missing.returncode == 2
    assert (
        missing.stderr.strip() == "the file has no sheet '慈溪'; its sheets: 1. 填表说明, 2. 名录"
    )
    assert not (tmp_path / "c.sqlite").exists()  # an unusable file leaves no store behind
    assert headless.returncode == 2
    assert "工作表“填表说明”前 30 行中找不到表头" in headless.stderr
