"""Issue 15: the import takes the files districts have. A doubtful cell is a warning (the row is
taken, that field not), the columns real lists carry are recognised with their units, notes and
totals around the table are notes, several sheets can be chosen from, and a second import of the
same file changes nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from diagnosis.demo.enterprises import enterprises
from diagnosis.register.importer import ImportPlan
from diagnosis.register.service import RegisterService
from diagnosis.register.table_errors import ReadError

CODES = [e.credit_code for e in enterprises(6, seed=5)]
A, B, C, D = CODES[:4]
ORG_CODE = "70480069-8"  # 雅戈尔's organisation code, inside 91330200704800698F
BASE = ["企业名称", "统一社会信用代码"]


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for number, cells in enumerate(rows, start=1):
            for column, value in enumerate(cells, start=1):
                sheet.cell(row=number, column=column, value=value)
    book.save(path)
    return path


def one_column(
    service: RegisterService, tmp_path: Path, header: str, cells: Sequence[object]
) -> tuple[ImportPlan, dict[str, dict[str, object]]]:
    """Import a CSV of name, code and one more column; the plan and what was stored."""
    rows: list[list[object]] = [[*BASE, header]]
    rows += [[f"宁波测试{n}有限公司", CODES[n], cell] for n, cell in enumerate(cells)]
    plan = service.import_file(write_csv(tmp_path / "名单.csv", rows))
    stored = {e.credit_code: e.values() for e in service.rows(service.order("name")).values()}
    return plan, stored


def warned(plan: ImportPlan, lang: str = "en") -> list[tuple[int, str, str, str, bool]]:
    report = plan.report(lang)  # type: ignore[arg-type]
    return [
        (w["row"], w["field"], w["value"], w["code"], w["left_empty"]) for w in report["warnings"]
    ]


# --- 1. a doubtful field is a warning, not a lost row -----------------------------------------


def test_doubtful_cells_keep_the_row_and_leave_the_field_empty(
    service: RegisterService, tmp_path: Path
) -> None:
    header = [*BASE, "区县（市）", "行业代码", "从业人员", "是否规上", "亩均等级", "绿色工厂等级"]
    path = write_csv(
        tmp_path / "名单.csv",
        [
            header,
            ["宁波甲有限公司", A, "火星区", "9999", "一千二", "也许", "E", "是"],
            ["宁波乙有限公司", B, "鄞州区", "3484", 120, "是", "B", "三星"],
        ],
    )

    plan = service.import_file(path)

    assert plan.rejected == []
    assert warned(plan) == [
        (2, "district", "火星区", "district.unknown", True),
        (2, "industry", "9999", plan.warnings[1].message.code, True),
        (2, "employees", "一千二", "number.invalid", True),
        (2, "above_scale", "也许", "bool.invalid", True),
        (2, "per_mu_class", "E", "per_mu.invalid", True),
        (2, "green_stars", "是", "stars.invalid", True),
    ]
    first = plan.report("zh")["warnings"][0]
    assert first["reason"] == "未知的区县（市）“火星区”"
    assert first["field_label"] == "区县（市）"
    assert plan.report("en")["warnings"][0]["reason"] == "unknown district or county '火星区'"
    stored = {e.credit_code: e for e in service.rows(service.order("name")).values()}
    assert (stored[A].district, stored[A].industry, stored[A].employees) == (None, None, None)
    assert (stored[A].per_mu_class, stored[A].green_stars) == (None, None)
    assert (stored[B].district, stored[B].industry, stored[B].employees) == ("330212", "3484", 120)
    assert (stored[B].above_scale, stored[B].per_mu_class, stored[B].green_stars) == (True, "B", 3)


def test_a_number_out_of_range_is_a_warning_and_the_stored_value_stays(
    service: RegisterService, tmp_path: Path
) -> None:
    rows: list[list[object]] = [[*BASE, "从业人员"], ["宁波甲有限公司", A, 50]]
    service.import_file(write_csv(tmp_path / "a.csv", rows))

    plan = service.import_file(write_csv(tmp_path / "b.csv", [rows[0], ["宁波甲有限公司", A, -3]]))

    assert plan.rejected == []
    assert warned(plan) == [(2, "employees", "-3", "number.negative", True)]
    assert plan.unchanged == 1
    assert service.repo.by_codes([A])[A].employees == 50


def test_only_name_and_credit_code_reject_a_row(service: RegisterService, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "名单.csv",
        [
            [*BASE, "区县（市）"],
            ["", A, "火星区"],
            ["宁波乙有限公司", B[:-1] + ("A" if B[-1] != "A" else "B"), "鄞州区"],
            ["宁波丙有限公司", "", "鄞州区"],
        ],
    )

    plan = service.plan_import(path)

    fields = [(r.row, r.field, r.message.code) for r in plan.rejected]
    assert fields == [
        (2, "name", "required"),
        (3, "credit_code", "code.check"),
        (4, "credit_code", "required"),
    ]
    assert plan.rejected_rows == 3


# --- 2. the columns real lists carry -----------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("企业(单位)名称", "name"),
        ("企业（单位）名称", "name"),
        ("单位详细名称", "name"),
        ("所属区县（市）", "district"),
        ("属地", "district"),
        ("区域", "district"),
        ("所在地区", "district"),
        ("镇街", "district"),
        ("行业代码", "industry"),
        ("行业类别", "industry"),
        ("所属行业", "industry"),
        ("国民经济行业", "industry"),
        ("行业", "industry"),
        ("是否规上", "above_scale"),
        ("规上企业", "above_scale"),
        ("规模", "above_scale"),
        ("亩均效益评价等级", "per_mu_class"),
        ("亩均等级", "per_mu_class"),
        ("亩均评价", "per_mu_class"),
        ("绿色工厂等级", "green_stars"),
        ("绿色工厂", "green_stars"),
        ("从业人员", "employees"),
        ("职工人数", "employees"),
        ("年末从业人员", "employees"),
        ("工业总产值", "output_value"),
        ("产值", "output_value"),
        ("税收", "tax"),
        ("实缴税金", "tax"),
        ("税收总额", "tax"),
        ("用地面积", "land_area"),
        ("占地面积", "land_area"),
        ("土地面积", "land_area"),
        ("*从业人员\n（人）", "employees"),
        ("从业人员*", "employees"),
        ("工业总产值\r\n（万元）", "output_value"),
        (" 税 收 ", "tax"),
    ],
)
def test_headers_and_synonyms_are_recognised(
    service: RegisterService, tmp_path: Path, header: str, field: str
) -> None:
    rows: list[list[object]] = [
        [header, "统一社会信用代码"] if field == "name" else [*BASE, header]
    ]
    plan = service.plan_import(write_csv(tmp_path / "名单.csv", rows))

    assert plan.table.columns[field] == (0 if field == "name" else 2)
    assert plan.not_imported == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("鄞州区", "330212"),
        ("鄞州", "330212"),
        ("330212", "330212"),
        ("高新区", "NBHTZ"),
        ("杭州湾新区", "NBQW"),
        ("大榭", "NBDX"),
        ("梅山保税港区", "NBMS"),
    ],
)
def test_districts_and_zones_by_code_name_or_alias(
    service: RegisterService, tmp_path: Path, text: str, code: str
) -> None:
    plan, stored = one_column(service, tmp_path, "属地", [text])
    assert plan.warnings == [] and stored[A]["district"] == code


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["是", "否"], [True, False]),
        (["Y", "N"], [True, False]),
        (["y", "n"], [True, False]),
        (["√", "×"], [True, False]),
        ([1, 0], [True, False]),
        (["规上", "规下"], [True, False]),
        (["规模以上", "规模以下"], [True, False]),
        (["TRUE", "FALSE"], [True, False]),
    ],
)
def test_above_scale_spellings(
    service: RegisterService, tmp_path: Path, cells: list[object], expected: list[bool]
) -> None:
    plan, stored = one_column(service, tmp_path, "是否规上", cells)
    assert plan.warnings == []
    assert [stored[code]["above_scale"] for code in (A, B)] == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("A", "A"),
        ("b", "B"),
        ("C类", "C"),
        ("D档", "D"),
        ("A类（优先发展）", "A"),
        ("优先发展类", "A"),
        ("提升发展类", "B"),
        ("调整转型类", "C"),
        ("倒逼提升类", "C"),
        ("整治淘汰类", "D"),
    ],
)
def test_per_mu_class_spellings(
    service: RegisterService, tmp_path: Path, cell: str, expected: str
) -> None:
    plan, stored = one_column(service, tmp_path, "亩均效益评价等级", [cell])
    assert plan.warnings == [] and stored[A]["per_mu_class"] == expected


@pytest.mark.parametrize(
    ("cell", "stars"),
    [
        ("国家级", 5),
        ("省级", 4),
        ("市级", 3),
        ("国家级绿色工厂", 5),
        ("★★★", 3),
        ("3星", 3),
        ("三星", 3),
        ("三星级", 3),
        ("无", 0),
    ],
)
def test_green_factory_levels_on_the_star_scale(
    service: RegisterService, tmp_path: Path, cell: str, stars: int
) -> None:
    plan, stored = one_column(service, tmp_path, "绿色工厂等级", [cell])
    assert plan.warnings == [] and stored[A]["green_stars"] == stars


@pytest.mark.parametrize(
    ("header", "cell", "value"),
    [
        ("工业总产值", "1,234.5", 1234.5),
        ("工业总产值", "１２３４", 1234.0),
        ("工业总产值", " 1234 ", 1234.0),
        ("工业总产值（万元）", "1.2亿元", 12000.0),
        ("工业总产值（元）", 12_345_000, 1234.5),
        ("工业总产值（亿元）", 1.5, 15000.0),
        ("工业总产值/千元", 5000, 500.0),
        ("税收（万元）", "88万元", 88.0),
        ("用地面积（亩）", 12.5, 12.5),
        ("用地面积（平方米）", 6666.7, 10.00005),
        ("用地面积（㎡）", "1,000", 1.5),
        ("用地面积", "8000㎡", 12.0),
        ("用地面积（公顷）", 2, 30.0),
        ("用地面积", "2公顷", 30.0),
        ("从业人员", 3484.0, 3484),
        ("从业人员", "1,200人", 1200),
    ],
)
def test_numbers_and_units_in_headers_and_cells(
    service: RegisterService, tmp_path: Path, header: str, cell: object, value: float
) -> None:
    field = {"工": "output_value", "税": "tax", "用": "land_area", "从": "employees"}[header[0]]
    path = write_xlsx(
        tmp_path / "名单.xlsx", {"名单": [[*BASE, header], ["宁波甲有限公司", A, cell]]}
    )

    plan = service.import_file(path)

    assert plan.warnings == [] and plan.rejected == []
    assert service.repo.by_codes([A])[A].values()[field] == pytest.approx(value)


@pytest.mark.parametrize("dash", ["-", "/", "—", "——", "－", "／"])
def test_a_dash_or_slash_is_empty_without_warning(
    service: RegisterService, tmp_path: Path, dash: str
) -> None:
    plan, stored = one_column(service, tmp_path, "工业总产值", [dash])
    assert plan.warnings == [] and plan.rejected == []
    assert stored[A]["output_value"] is None


@pytest.mark.parametrize(
    "cell", [2023, "2023", "2023年", "2023年度", "2023-12-31", 45291, datetime(2023, 12, 31)]
)
def test_data_year_from_a_year_a_date_or_an_excel_serial(
    service: RegisterService, tmp_path: Path, cell: object
) -> None:
    path = write_xlsx(
        tmp_path / "名单.xlsx", {"名单": [[*BASE, "数据年度"], ["宁波甲有限公司", A, cell]]}
    )
    plan = service.import_file(path)
    assert plan.warnings == []
    assert service.repo.by_codes([A])[A].data_year == 2023


def test_unit_line_above_the_table_applies_to_money_columns_without_their_own(
    service: RegisterService, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["2024年规上工业企业名单"],
        ["单位：元"],
        [*BASE, "工业总产值", "税收（万元）", "用地面积"],
        ["宁波甲有限公司", A, 12_340_000, 88, 12],
    ]
    plan = service.import_file(write_xlsx(tmp_path / "名单.xlsx", {"名单": rows}))

    e = service.repo.by_codes([A])[A]
    assert (e.output_value, e.tax, e.land_area) == (1234.0, 88.0, 12.0)
    assert [n.as_dict() for n in plan.notes] == [{"row": 2, "text": "单位：元"}]


def test_a_row_of_units_under_the_header_gives_each_column_its_unit(
    service: RegisterService, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        [*BASE, "工业总产值", "用地面积", "从业人员"],
        ["甲", "乙", "元", "平方米", "人"],
        ["宁波甲有限公司", A, 20_000, 1_000, 30],
    ]
    plan = service.import_file(write_xlsx(tmp_path / "名单.xlsx", {"名单": rows}))

    assert plan.rejected == []
    e = service.repo.by_codes([A])[A]
    assert (e.output_value, e.land_area, e.employees) == (2.0, 1.5, 30)
    assert [n.row for n in plan.notes] == [2]


def test_revenue_is_not_output_value_it_is_named_and_not_imported(
    service: RegisterService, tmp_path: Path
) -> None:
    plan, stored = one_column(service, tmp_path, "营业收入（万元）", [5000])

    assert stored[A]["output_value"] is None
    assert plan.not_imported == ("营业收入（万元）",)
    [w] = plan.report("en")["warnings"]
    assert (w["row"], w["field"], w["code"], w["left_empty"]) == (
        1,
        "output_value",
        "column.revenue",
        False,
    )
    assert "not industrial output value" in w["reason"]
    assert "不是工业总产值" in plan.report("zh")["warnings"][0]["reason"]


def test_an_organisation_code_is_not_a_credit_code_and_says_so(
    service: RegisterService, tmp_path: Path
) -> None:
    rows = [
        ["企业名称", "组织机构代码"],
        ["雅戈尔集团股份有限公司", ORG_CODE],
        ["宁波乙有限公司", B],
    ]
    plan = service.import_file(write_csv(tmp_path / "名单.csv", rows))

    [rejected] = plan.report("en")["rejected"]
    assert (rejected["row"], rejected["field"], rejected["code"]) == (
        2,
        "credit_code",
        "code.org_code",
    )
    assert "organisation code" in rejected["reason"] and rejected["value"] == ORG_CODE
    assert "组织机构代码" in plan.report("zh")["rejected"][0]["reason"]
    assert [w["code"] for w in plan.report("en")["warnings"]] == ["column.org_code"]
    assert service.repo.by_codes([B])[B].name == "宁波乙有限公司"


def test_an_organisation_code_column_beside_the_credit_code_is_not_imported(
    service: RegisterService, tmp_path: Path
) -> None:
    plan, stored = one_column(service, tmp_path, "组织机构代码", [ORG_CODE])
    assert plan.not_imported == ("组织机构代码",) and plan.rejected == []
    assert A in stored


def test_the_credit_code_column_wins_over_a_later_synonym(
    service: RegisterService, tmp_path: Path
) -> None:
    rows = [
        ["企业名称", "区域", "区县（市）", "统一社会信用代码"],
        ["宁波甲有限公司", "华东", "鄞州区", A],
    ]
    plan = service.import_file(write_csv(tmp_path / "名单.csv", rows))
    assert plan.table.columns["district"] == 2
    assert plan.not_imported == ("区域",)
    assert service.repo.by_codes([A])[A].district == "330212"


# --- 4. nothing dropped in silence ------------------------------------------------------------


def test_notes_totals_blank_rows_and_unknown_columns_are_reported_not_rejected(
    service: RegisterService, tmp_path: Path
) -> None:
    rows: list[list[Any]] = [
        ["宁波市鄞州区2024年规上工业企业诊断名单"],
        ["说明：本表由区经信局提供"],
        ["序号", *BASE, "工业总产值（万元）", "联系人邮箱", "备注2"],
        [1, "宁波甲有限公司", A, 100, "a@example.com", None],
        [],
        [2, "宁波乙有限公司", B, 200, None, "新增"],
        [3],  # a template's numbered empty row
        [None, "合计", None, 300],
        ["注：1. 产值为现价。"],
        ["数据来源：区统计局"],
        ["填报人：张三", None, "制表：李四"],
        ["单位：万元"],
    ]
    plan = service.import_file(write_xlsx(tmp_path / "名单.xlsx", {"名录": rows}))

    assert plan.rejected == [] and plan.warnings == []
    assert len(plan.inserts) == 2
    assert plan.table.header_row == 3
    assert plan.not_imported == ("序号", "联系人邮箱", "备注2")
    assert [n.as_dict() for n in plan.notes] == [
        {"row": 2, "text": "说明：本表由区经信局提供"},
        {"row": 8, "text": "合计 300"},
        {"row": 9, "text": "注：1. 产值为现价。"},
        {"row": 10, "text": "数据来源：区统计局"},
        {"row": 11, "text": "填报人：张三 制表：李四"},
        {"row": 12, "text": "单位：万元"},
    ]
    report = plan.report("en")
    assert report["not_imported"] == ["序号", "联系人邮箱", "备注2"]
    assert report["notes"][0] == {"row": 2, "text": "说明：本表由区经信局提供"}


def test_a_name_beginning_like_a_note_is_still_an_enterprise(
    service: RegisterService, tmp_path: Path
) -> None:
    rows = [BASE, ["注塑机械（宁波）有限公司", A], ["注塑无码有限公司", ""]]
    plan = service.plan_import(write_csv(tmp_path / "名单.csv", rows))
    assert len(plan.inserts) == 1 and plan.notes == []
    assert [(r.row, r.field) for r in plan.rejected] == [(3, "credit_code")]


def test_hidden_columns_and_merged_titles_are_read(
    service: RegisterService, tmp_path: Path
) -> None:
    path = tmp_path / "名单.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2024年名单"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append([*BASE, "从业人员", "区县（市）"])
    sheet.append(["宁波甲有限公司", A, 40, "北仑区"])
    sheet.column_dimensions["C"].hidden = True
    book.save(path)

    plan = service.import_file(path)

    assert plan.table.header_row == 3
    e = service.repo.by_codes([A])[A]
    assert (e.employees, e.district) == (40, "330206")


# --- 3. several sheets ------------------------------------------------------------------------


def several_sheets(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "名单.xlsx",
        {
            "说明": [["填表说明：请按模板填写"], ["单位：万元"]],
            "北仑": [BASE, ["宁波北仑甲有限公司", A]],
            "镇海": [["镇海区名单"], BASE, ["宁波镇海乙有限公司", B], ["宁波镇海丙有限公司", C]],
        },
    )


def test_the_first_sheet_with_a_header_is_read_and_the_others_named(
    service: RegisterService, tmp_path: Path
) -> None:
    plan = service.plan_import(several_sheets(tmp_path))

    report = plan.report("en")
    assert (report["sheet"], report["other_sheets"]) == ("北仑", ["说明", "镇海"])
    assert [(s.name, s.rows) for s in plan.table.sheets] == [("说明", 2), ("北仑", 2), ("镇海", 4)]
    assert len(plan.inserts) == 1


@pytest.mark.parametrize("sheet", ["镇海", 3, "3", " 镇海 "])
def test_a_sheet_by_name_or_number(
    service: RegisterService, tmp_path: Path, sheet: str | int
) -> None:
    plan = service.import_file(several_sheets(tmp_path), sheet=sheet)
    assert plan.table.sheet == "镇海" and plan.table.header_row == 2
    assert sorted(e.credit_code for e in plan.inserts) == sorted([B, C])


def test_an_unknown_sheet_or_one_without_a_header_is_refused_by_name(
    service: RegisterService, tmp_path: Path
) -> None:
    path = several_sheets(tmp_path)
    with pytest.raises(ReadError) as missing:
        service.plan_import(path, sheet="慈溪")
    assert missing.value.message.code == "import.no_sheet"
    assert "1. 说明, 2. 北仑, 3. 镇海" in missing.value.message.text("en")
    with pytest.raises(ReadError) as headless:
        service.plan_import(path, sheet=1)
    assert headless.value.message.code == "import.no_header_sheet"
    assert "“说明”" in headless.value.message.text("zh")


# --- 5. the same file twice -------------------------------------------------------------------


def test_the_same_file_twice_changes_nothing_the_second_time(
    service: RegisterService, tmp_path: Path
) -> None:
    rows: list[list[Any]] = [
        ["名单"],
        ["单位：元"],
        [*BASE, "属地", "行业代码", "工业总产值", "用地面积（平方米）", "是否规上", "绿色工厂等级"],
        ["宁波甲有限公司", A, "鄞州", 3484.0, 12_345_678, 6666.7, "√", "国家级"],
        ["宁波乙有限公司", B, "火星区", "9999", "—", "abc", "规下", "市级"],
        ["合计"],
    ]
    path = write_xlsx(tmp_path / "名单.xlsx", {"名录": rows})
    first = service.import_file(path)
    stored = {e.credit_code: e.values() for e in service.rows(service.order("name")).values()}

    second = service.import_file(path)

    assert (len(first.inserts), first.rejected) == (2, [])
    assert (len(second.inserts), len(second.updates), second.unchanged) == (0, 0, 2)
    assert warned(second) == warned(first)
    assert {
        e.credit_code: e.values() for e in service.rows(service.order("name")).values()
    } == stored
