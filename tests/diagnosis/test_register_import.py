"""Import of the enterprise register through RegisterService against a real SQLite store."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

import storage.database
from diagnosis.demo.enterprises import enterprises
from diagnosis.register import credit_code
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.importer import ImportPlan
from diagnosis.register.reference_data import register_reference
from diagnosis.register.service import RegisterService
from storage.database import Store
from tests import store_sql

# REFERENCE.md §7.2: real codes of well-known Ningbo companies.
BANK = "91330200711192037M"
YOUNGOR = "91330200704800698F"
HAITIAN = "91330200717285453P"
RISEN = "913302001449739014"

HEADER_ZH = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "区县（市）",
    "行业大类",
    "产业集群",
    "规上企业",
    "从业人员（人）",
    "工业总产值（万元）",
    "数据年度",
    "地址",
    "联系人",
    "联系电话",
]
YOUNGOR_ROW: list[object] = [
    1,
    "雅戈尔集团股份有限公司",
    YOUNGOR,
    "鄞州区",
    "18 纺织服装、服饰业",
    "时尚纺织服装",
    "是",
    1200,
    356789.5,
    2023,
    "浙江省宁波市鄞州区鄞县大道西段2号",
    "李伟",
    "0574-88880001",
]
HAITIAN_ROW: list[object] = [
    2,
    "海天塑机集团有限公司",
    HAITIAN,
    "北仑",
    "35",
    "高端装备",
    "是",
    800,
    120000,
    2023,
    "浙江省宁波市北仑区小港江南路",
    "王芳",
    "0574-88880002",
]
RISEN_ROW: list[object] = [
    3,
    "东方日升新能源股份有限公司",
    RISEN,
    "宁海县",
    "电气机械和器材制造业",
    "绿色能源",
    "否",
    300,
    9800.25,
    2025,
    "浙江省宁海县梅林街道塔山工业园区",
    "张敏",
    "13905740003",
]

EXPECTED: dict[str, dict[str, object]] = {
    YOUNGOR: {
        "name": "雅戈尔集团股份有限公司",
        "credit_code": YOUNGOR,
        "district": "330212",
        "industry": "18",
        "cluster": "246-TEXT",
        "above_scale": True,
        "willing": False,
        "employees": 1200,
        "output_value": 356789.5,
        "tax": None,
        "land_area": None,
        "data_year": 2023,
        "address": "浙江省宁波市鄞州区鄞县大道西段2号",
        "contact_person": "李伟",
        "contact_phone": "0574-88880001",
        "per_mu_class": None,
        "green_stars": None,
    },
    HAITIAN: {
        "name": "海天塑机集团有限公司",
        "credit_code": HAITIAN,
        "district": "330206",
        "industry": "35",
        "cluster": "246-EQUIP",
        "above_scale": True,
        "willing": False,
        "employees": 800,
        "output_value": 120000.0,
        "tax": None,
        "land_area": None,
        "data_year": 2023,
        "address": "浙江省宁波市北仑区小港江南路",
        "contact_person": "王芳",
        "contact_phone": "0574-88880002",
        "per_mu_class": None,
        "green_stars": None,
    },
    RISEN: {
        "name": "东方日升新能源股份有限公司",
        "credit_code": RISEN,
        "district": "330226",
        "industry": "38",
        "cluster": "361-GREEN",
        "above_scale": False,
        "willing": False,
        "employees": 300,
        "output_value": 9800.25,
        "tax": None,
        "land_area": None,
        "data_year": 2025,
        "address": "浙江省宁海县梅林街道塔山工业园区",
        "contact_person": "张敏",
        "contact_phone": "13905740003",
        "per_mu_class": None,
        "green_stars": None,
    },
}


def make_code(region: str, body: str) -> str:
    """A valid code with a correct GB 11714 body check, for companies not in §7.2."""
    check = credit_code.body_check_character(body)
    assert check is not None
    return credit_code.complete(f"91{region}{body}{check}")


NEW_CODE = make_code("330211", "20240001")


def write_csv(path: Path, rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    # CRLF, as a spreadsheet program writes it.
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: dict[int, Sequence[object]], merged: Sequence[str] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业名单"
    for number, cells in rows.items():
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=number, column=column, value=value)
    for cell_range in merged:
        sheet.merge_cells(cell_range)
    book.save(path)
    return path


def stored(service: RegisterService) -> dict[str, dict[str, object]]:
    """Every live enterprise's register fields, by credit code."""
    rows = service.rows(service.order("name"))
    return {e.credit_code: e.values() for e in rows.values()}


def stamps(store: Store) -> dict[str, str]:
    rows = store.conn.execute("SELECT credit_code, updated_at FROM enterprises WHERE deleted = 0")
    return {code: stamp for code, stamp in rows}


def rejections(plan: ImportPlan) -> list[tuple[int, str, str, str]]:
    """(row, field, code, English reason) of every rejection, in row order."""
    summary = plan.summary("en")
    return [(r["row"], r["field"], r["code"], r["reason"]) for r in summary["rejected"]]


def doubts(plan: ImportPlan) -> list[tuple[int, str, str, str]]:
    """(row, field, code, English reason) of every field left empty by a warning."""
    report = plan.report("en")
    return [
        (w["row"], w["field"], w["code"], w["reason"])
        for w in report["warnings"]
        if w["left_empty"]
    ]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write gets a later, distinct ``updated_at`` without waiting for the real clock."""
    ticks = itertools.count(1)

    def now_iso() -> str:
        n = next(ticks)
        return f"2026-01-01T{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}.000+00:00"

    monkeypatch.setattr(storage.database, "now_iso", now_iso)


def youngor(**changes: object) -> Enterprise:
    base = Enterprise(
        name="雅戈尔集团股份有限公司",
        credit_code=YOUNGOR,
        district="330212",
        industry="18",
        employees=1000,
        address="浙江省宁波市鄞州区鄞县大道西段2号",
        data_year=2023,
    )
    return base.with_values(**changes)


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
    ],
)
def test_import_file_reads_every_csv_encoding_alike(
    service: RegisterService, tmp_path: Path, encoding: str, detected: str
) -> None:
    path = write_csv(
        tmp_path / "名单.csv", [HEADER_ZH, YOUNGOR_ROW, HAITIAN_ROW, RISEN_ROW], encoding
    )

    plan = service.import_file(path)

    assert plan.table.encoding == detected
    assert plan.summary("en") == {"inserted": 3, "updated": 0, "unchanged": 0, "rejected": []}
    assert stored(service) == EXPECTED


def test_import_file_reads_english_headers(service: RegisterService, tmp_path: Path) -> None:
    header = [
        "No.",
        "Enterprise name",
        "Unified social credit code",
        "District",
        "Industry",
        "Cluster",
        "Above scale",
        "Employees",
        "Output value (10k yuan)",
        "Data year",
        "Address",
        "Contact person",
        "Contact phone",
    ]
    row = [
        1,
        "雅戈尔集团股份有限公司",
        YOUNGOR,
        "Yinzhou District",
        "Textile garments and apparel",
        "Fashion textiles and apparel",
        "yes",
        "1,200",
        "356789.5",
        "2023",
        "浙江省宁波市鄞州区鄞县大道西段2号",
        "李伟",
        "0574-88880001",
    ]
    path = write_csv(tmp_path / "register.csv", [header, row])

    plan = service.import_file(path)

    assert plan.table.header_row == 1
    assert "No." in plan.table.unknown_headers
    assert plan.summary("en")["rejected"] == []
    assert stored(service) == {YOUNGOR: EXPECTED[YOUNGOR]}


def test_import_file_finds_header_below_merged_title_rows_in_xlsx(
    service: RegisterService, tmp_path: Path
) -> None:
    bad_first = [*YOUNGOR_ROW]
    bad_first[7] = "一千二"
    bad_third = [*RISEN_ROW]
    bad_third[3] = "杭州市"
    path = write_xlsx(
        tmp_path / "名单.xlsx",
        {
            1: ["2024年宁波市企业诊断服务企业名单"],
            2: ["填报单位：鄞州区经济和信息化局"],
            4: HEADER_ZH,
            5: bad_first,
            6: HAITIAN_ROW,
            7: bad_third,
        },
        merged=["A1:M1", "A2:F2"],
    )

    plan = service.import_file(path)

    assert plan.table.header_row == 4
    assert plan.table.sheet == "企业名单"
    # Issue 15: a doubtful field is a warning and the row is taken without it.
    assert rejections(plan) == []
    assert doubts(plan) == [
        (5, "employees", "number.invalid", "'一千二' is not a number"),
        (7, "district", "district.unknown", "unknown district or county '杭州市'"),
    ]
    assert stored(service)[HAITIAN] == EXPECTED[HAITIAN]
    assert stored(service)[YOUNGOR]["employees"] is None
    assert stored(service)[RISEN]["district"] is None


@pytest.mark.parametrize(
    "written",
    [
        "９１３３０２００７０４８００６９８Ｆ",  # full-width
        "91330200704800698f",  # lower case
        " 9133 0200 7048 0069 8F ",  # spaced
        "９１３３０２００\u3000７０４８００６９８ｆ",  # full-width, ideographic space, lower case
    ],
)
def test_import_file_normalises_codes_and_updates_the_match(
    service: RegisterService, tmp_path: Path, written: str
) -> None:
    existing = service.save(youngor()).enterprise
    row = [*YOUNGOR_ROW]
    row[2] = written
    path = write_csv(tmp_path / "名单.csv", [HEADER_ZH, row])

    plan = service.import_file(path)

    assert plan.summary("en") == {"inserted": 0, "updated": 1, "unchanged": 0, "rejected": []}
    assert service.count() == 1
    after = service.get(existing.id)
    assert after is not None
    assert after.credit_code == YOUNGOR
    assert after.employees == 1200
    assert after.cluster == "246-TEXT"


def test_import_file_rejects_bad_rows_and_writes_the_good_ones(
    service: RegisterService, store: Store, tmp_path: Path, clock: None
) -> None:
    before = service.save(youngor()).enterprise
    stamp_before = stamps(store)[YOUNGOR]
    unknown_district = [*YOUNGOR_ROW]
    unknown_district[3] = "火星区"  # and a new employee count, now written
    bad_check = [*YOUNGOR_ROW]
    bad_check[1] = "某某有限公司"
    bad_check[2] = "91330200704800698G"
    bad_number = [4, "宁波银行股份有限公司", BANK, "鄞州区", "", "", "否", "abc"]
    no_name = [*RISEN_ROW]
    no_name[1] = ""
    good_new = [5, "镇海甬新机械有限公司", NEW_CODE, "镇海区", "34", "", "是", 150]
    duplicate = [*HAITIAN_ROW]
    duplicate[1] = "海天塑机（重复行）有限公司"
    duplicate[2] = HAITIAN.lower()
    path = write_csv(
        tmp_path / "名单.csv",
        [
            HEADER_ZH,
            HAITIAN_ROW,  # row 2
            unknown_district,  # row 3
            bad_check,  # row 4
            bad_number,  # row 5
            no_name,  # row 6
            good_new,  # row 7
            duplicate,  # row 8
        ],
    )

    plan = service.import_file(path)

    assert rejections(plan) == [
        (
            4,
            "credit_code",
            "code.check",
            "wrong check character: character 18 should be 'F', not 'G' (GB 32100-2015)",
        ),
        (6, "name", "required", "is required"),
        (8, "credit_code", "code.duplicate_in_file", "the same credit code as row 2"),
    ]
    # Issue 15: an unknown district or a number that does not parse is a warning; the row is
    # taken without that field (the stored district stays, the new employee count is written).
    assert doubts(plan) == [
        (3, "district", "district.unknown", "unknown district or county '火星区'"),
        (5, "employees", "number.invalid", "'abc' is not a number"),
    ]
    assert plan.rejected_rows == 3
    assert (len(plan.inserts), len(plan.updates), plan.unchanged) == (3, 1, 0)
    after = stored(service)
    assert set(after) == {YOUNGOR, HAITIAN, NEW_CODE, BANK}
    assert after[YOUNGOR]["district"] == before.district
    assert after[YOUNGOR]["employees"] == YOUNGOR_ROW[7]
    assert stamps(store)[YOUNGOR] != stamp_before
    assert after[BANK]["employees"] is None
    assert after[HAITIAN] == EXPECTED[HAITIAN]
    assert after[NEW_CODE]["name"] == "镇海甬新机械有限公司"
    assert after[NEW_CODE]["employees"] == 150


def test_import_file_reports_duplicate_of_a_rejected_row(
    service: RegisterService, tmp_path: Path
) -> None:
    # The earlier row is rejected for another field; its code still came first in the file, so
    # the later row is the duplicate whatever happens to the earlier one.
    first = [*HAITIAN_ROW]
    first[3] = "火星区"
    later = [*HAITIAN_ROW]
    later[1] = "海天塑机（第二行）有限公司"
    path = write_csv(tmp_path / "名单.csv", [HEADER_ZH, first, later])

    plan = service.import_file(path)

    assert rejections(plan) == [
        (3, "credit_code", "code.duplicate_in_file", "the same credit code as row 2"),
    ]
    assert doubts(plan) == [
        (2, "district", "district.unknown", "unknown district or county '火星区'"),
    ]
    assert service.count() == 1


def test_import_file_second_time_changes_nothing(
    service: RegisterService, store: Store, tmp_path: Path, clock: None
) -> None:
    path = write_csv(tmp_path / "名单.csv", [HEADER_ZH, YOUNGOR_ROW, HAITIAN_ROW, RISEN_ROW])
    service.import_file(path)
    first_stamps = stamps(store)

    again = service.import_file(path)

    assert again.summary("en") == {"inserted": 0, "updated": 0, "unchanged": 3, "rejected": []}
    assert stored(service) == EXPECTED
    assert stamps(store) == first_stamps


def test_import_file_updates_exactly_the_changed_cell(
    service: RegisterService, store: Store, tmp_path: Path, clock: None
) -> None:
    path = write_csv(tmp_path / "名单.csv", [HEADER_ZH, YOUNGOR_ROW, HAITIAN_ROW, RISEN_ROW])
    service.import_file(path)
    first_stamps = stamps(store)
    haitian_id = service.repo.by_codes([HAITIAN])[HAITIAN].id
    changed = [*HAITIAN_ROW]
    changed[7] = 850
    write_csv(path, [HEADER_ZH, YOUNGOR_ROW, changed, RISEN_ROW])

    plan = service.import_file(path)

    assert [(e.id, changed) for e, changed in plan.updates] == [(haitian_id, {"employees": 850})]
    assert plan.update_rows == [3]
    assert plan.summary("en") == {"inserted": 0, "updated": 1, "unchanged": 2, "rejected": []}
    assert stored(service) == {**EXPECTED, HAITIAN: {**EXPECTED[HAITIAN], "employees": 850}}
    after_stamps = stamps(store)
    assert after_stamps[HAITIAN] > first_stamps[HAITIAN]
    assert {c: s for c, s in after_stamps.items() if c != HAITIAN} == {
        c: s for c, s in first_stamps.items() if c != HAITIAN
    }


def test_import_file_blank_cell_keeps_stored_value(
    service: RegisterService, store: Store, tmp_path: Path, clock: None
) -> None:
    path = write_csv(tmp_path / "名单.csv", [HEADER_ZH, YOUNGOR_ROW])
    service.import_file(path)
    first_stamps = stamps(store)
    blanks = [*YOUNGOR_ROW]
    for column in (3, 4, 5, 6, 7, 8, 10, 11, 12):  # everything but name, code and year
        blanks[column] = "  " if column == 10 else ""
    write_csv(path, [HEADER_ZH, blanks])

    plan = service.import_file(path)

    assert plan.summary("en") == {"inserted": 0, "updated": 0, "unchanged": 1, "rejected": []}
    assert stored(service) == {YOUNGOR: EXPECTED[YOUNGOR]}
    assert stamps(store) == first_stamps


@pytest.mark.parametrize(
    ("year", "cluster"), [(2025, "361-PETCHEM"), (2023, "246-PETCHEM"), (2024, "246-PETCHEM")]
)
def test_import_file_resolves_cluster_name_by_data_year(
    service: RegisterService, tmp_path: Path, year: int, cluster: str
) -> None:
    # The year column comes after the cluster column: the year must still decide.
    path = write_csv(
        tmp_path / "名单.csv",
        [
            ["企业名称", "统一社会信用代码", "产业集群", "数据年度"],
            ["镇海甬新化工有限公司", NEW_CODE, "绿色石化", year],
        ],
    )

    plan = service.import_file(path)

    assert plan.summary("en")["rejected"] == []
    assert plan.warnings == []
    assert stored(service)[NEW_CODE]["cluster"] == cluster
    assert register_reference().clusters.label(cluster) == "绿色石化"


@pytest.mark.parametrize(
    ("cluster_cell", "class_cell"),
    [
        ("关键基础件（元器件）", "B类（提升发展）"),  # the app's own labels
        ("关键基础件(元器件)", "B类(提升发展)"),  # typed with half-width brackets
        ("关键基础件（元器件）", "B档"),
    ],
)
def test_import_file_accepts_reference_labels_with_brackets(
    service: RegisterService, tmp_path: Path, cluster_cell: str, class_cell: str
) -> None:
    path = write_csv(
        tmp_path / "名单.csv",
        [
            ["企业名称", "统一社会信用代码", "产业集群", "亩均评价", "数据年度"],
            ["镇海甬新五金有限公司", NEW_CODE, cluster_cell, class_cell, 2023],
        ],
    )

    plan = service.import_file(path)

    assert plan.summary("en")["rejected"] == []
    row = stored(service)[NEW_CODE]
    assert (row["cluster"], row["per_mu_class"]) == ("246-PARTS", "B")


def test_apply_import_is_one_transaction(
    service: RegisterService, store: Store, tmp_path: Path, clock: None
) -> None:
    service.save(youngor())
    haitian = Enterprise(name="海天塑机集团有限公司", credit_code=HAITIAN, employees=700)
    service.save(haitian)
    before, before_stamps = stored(service), stamps(store)
    bank = [4, "宁波银行股份有限公司", BANK, "海曙区"]
    path = write_csv(tmp_path / "名单.csv", [HEADER_ZH, bank, YOUNGOR_ROW, HAITIAN_ROW])
    # The write order is: the insert (bank), the Youngor update, then the Haitian update,
    # which fails as a full disk would, after the first two statements went through.
    store.conn.execute(
        "CREATE TEMP TRIGGER fail_midway BEFORE UPDATE ON main.enterprises "
        f"WHEN OLD.credit_code = '{HAITIAN}' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    plan = service.plan_import(path)
    assert (len(plan.inserts), len(plan.updates)) == (1, 2)

    with pytest.raises(store_sql.IntegrityError, match="disk full"):
        service.import_file(path)

    assert not store.conn.in_transaction
    assert stored(service) == before
    assert stamps(store) == before_stamps
    assert service.repo.by_codes([BANK]) == {}


def test_import_plan_summary_speaks_the_requested_language(
    service: RegisterService, tmp_path: Path
) -> None:
    bad = [*YOUNGOR_ROW]
    bad[2] = "91330200704800698G"
    bad[3] = "火星区"
    path = write_csv(tmp_path / "名单.csv", [HEADER_ZH, HAITIAN_ROW, bad])

    plan = service.plan_import(path)

    assert plan.summary("en")["rejected"] == [
        {
            "row": 3,
            "field": "credit_code",
            "field_label": "Unified social credit code",
            "value": "91330200704800698G",
            "code": "code.check",
            "reason": "wrong check character: character 18 should be 'F', not 'G' (GB 32100-2015)",
        },
    ]
    assert plan.summary("zh")["rejected"][0]["field_label"] == "统一社会信用代码"
    assert plan.summary("zh")["rejected"][0]["reason"] == (
        "校验位错误：第 18 位应为“F”，现为“G”（GB 32100-2015）"
    )
    assert plan.rejected_rows == 1
    assert service.count() == 0  # planning writes nothing


def test_import_file_takes_the_four_real_codes(service: RegisterService, tmp_path: Path) -> None:
    companies = {
        BANK: "宁波银行股份有限公司",
        YOUNGOR: "雅戈尔集团股份有限公司",
        HAITIAN: "海天塑机集团有限公司",
        RISEN: "东方日升新能源股份有限公司",
    }
    path = write_csv(
        tmp_path / "名单.csv",
        [["企业名称", "统一社会信用代码"], *([n, c] for c, n in companies.items())],
    )

    plan = service.import_file(path)

    assert plan.summary("en") == {"inserted": 4, "updated": 0, "unchanged": 0, "rejected": []}
    assert plan.warnings == []
    assert {c: v["name"] for c, v in stored(service).items()} == companies


def test_import_file_round_trips_two_thousand_generated_rows(
    service: RegisterService, tmp_path: Path
) -> None:
    ref = register_reference()
    generated = list(enterprises(2000, seed=7))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("企业名单")
    sheet.append(["2023年度企业名单"])
    sheet.append(
        [
            "企业名称",
            "统一社会信用代码",
            "区县（市）",
            "行业大类",
            "产业集群",
            "是否规上",
            "诊断意愿",
            "从业人员（人）",
            "工业总产值（万元）",
            "税收（万元）",
            "用地面积（亩）",
            "数据年度",
            "地址",
            "联系人",
            "联系电话",
            "亩均评价",
            "绿色工厂星级",
        ]
    )
    for e in generated:
        sheet.append(
            [
                e.name,
                e.credit_code,
                ref.districts.label(e.district),
                f"{e.industry} {ref.industries.label(e.industry)}",
                ref.clusters.label(e.cluster) if e.cluster else None,
                "是" if e.above_scale else "否",
                "是" if e.willing else "否",
                e.employees,
                e.output_value,
                e.tax,
                e.land_area,
                e.data_year,
                e.address,
                e.contact_person,
                e.contact_phone,
                ref.per_mu_classes.label(e.per_mu_class) if e.per_mu_class else None,
                e.green_stars,
            ]
        )
    path = tmp_path / "名单.xlsx"
    book.save(path)

    plan = service.import_file(path)

    assert plan.summary("en") == {"inserted": 2000, "updated": 0, "unchanged": 0, "rejected": []}
    assert plan.table.header_row == 2
    after = stored(service)
    assert len(after) == 2000
    for e in generated:
        assert after[e.credit_code] == e.values()
    assert service.import_file(path).unchanged == 2000
