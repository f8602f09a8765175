"""Issue 20: an import parses the cells that repeat down a register (districts, divisions,
yes/no, years...) once per distinct cell; every row still gets what parsing it alone gives.
The row parser an import uses (each column's parser chosen once, common cells read inline)
gives exactly what ``parse_row`` gives."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import datetime

import pytest

from diagnosis.demo.enterprises import enterprises
from diagnosis.register import credit_code
from diagnosis.register.enterprise import FIELD_BY_NAME
from diagnosis.register.enterprise import FIELDS as FIELD_LIST
from diagnosis.register.layout import Layout, layout_of
from diagnosis.register.reference_data import register_reference
from diagnosis.register.rows import RowParser, parse_row
from diagnosis.register.table_header import Table

FIELDS = (
    "name",
    "credit_code",
    "district",
    "industry",
    "cluster",
    "above_scale",
    "willing",
    "data_year",
    "per_mu_class",
    "green_stars",
    "output_value",
)
HEADER = tuple(FIELD_BY_NAME[name].label_with_unit("zh") for name in FIELDS)


def _layout() -> Layout:
    table = Table(1, {name: col for col, name in enumerate(FIELDS)}, (), [], "表", "utf-8")
    table = replace(table, header_cells=HEADER)
    layout = layout_of(table)
    assert {name for name, _col, _scale in layout.fields} == set(FIELDS)
    return layout


def test_remembered_cells_parse_as_each_row_alone() -> None:
    layout = _layout()
    ref = register_reference()
    codes = [e.credit_code for e in enterprises(3, seed=7)]
    districts = ("北仑区", "北仑", "火星区", "", "-", None)
    industries = ("3484", "34", "99", "通用设备制造业")
    clusters = ("246-AUTO", "汽车及零部件", "没有这个集群")
    flags: tuple[object, ...] = ("是", "否", "1", "x", True, 1, 0, False)
    years: tuple[object, ...] = ("2023", "2023年", "1900", 2015, datetime(2024, 5, 1))
    classes = ("A", "a", "E")
    stars: tuple[object, ...] = ("3", "三星", "9", 2)
    rows = [
        (f"宁波测试{n}有限公司", codes[n % 3], d, i, c, f, flags[(n + 3) % 8], y, k, s, "12亿元")
        for n, (d, i, c, f, y, k, s) in enumerate(
            itertools.islice(
                itertools.product(districts, industries, clusters, flags, years, classes, stars),
                0,
                None,
                7,
            )
        )
    ]
    memo: dict[tuple[object, ...], object] = {}
    doubted = 0
    for cells in rows + rows:
        alone = parse_row(layout, cells, ref, 2026)
        remembered = parse_row(layout, cells, ref, 2026, memo)  # type: ignore[arg-type]
        assert remembered == alone, cells
        doubted += bool(alone[3])
    assert 0 < doubted < 2 * len(rows)
    # True and 1 are equal keys, but cells of their own: both were parsed.
    assert {k[1] for k in memo if k[0] == "above_scale"} >= {bool, int, str}


# Cells as registers write them, field by field: the common forms the row parser reads inline
# and every form that must take the long way (units, separators, marks, line breaks, control
# characters, full-width, workbook types, bad values).
CELLS: dict[str, tuple[object, ...]] = {
    "name": (
        "宁波银行股份有限公司",
        "  余姚塑料制品厂 ",
        "江北  新材料  有限公司",
        "ＡＢＣ科技有限公司",
        "宁波\n模具有限公司",
        "象山针织\x07有限公司",
        "宁波\u00a0机电",
        "宁波\u200b机电",
        "\u3000",
        "-",
        "",
        "长" * 120,
        "Ningbo Trading Co., Ltd.",
        12345,
        None,
    ),
    "district": ("海曙区", "海曙", "330206", "火星区", "", "-", "Beilun District", "鄞州 区"),
    "industry": ("34", "3484", "C3484", "34 通用设备制造业", "通用设备制造业", "99", "abc", 34),
    "cluster": ("246-AUTO", "汽车", "绿色石化", "关键基础件(元器件)", "新能源汽车及高端装备", "无"),
    "above_scale": ("是", "否", "Y", "n", "√", "规上", "maybe", "", True, 1, 0, False),
    "willing": ("是", "否", "愿意", "？", None),
    "employees": (
        "12",
        "12.0",
        "12.5",
        "1,200",
        "1 200",
        "12人",
        "-5",
        "2000000",
        "abc",
        "1e3",
        "nan",
        "inf",
        "１２",
        "",
        "—",
        "0x10",
        "1_000",
        "  300 ",
        "١٢",
        12,
        12.0,
        12.5,
        -3,
        True,
        float("nan"),
        float("inf"),
        2**70,
    ),
    "output_value": (
        "123.4",
        "1.2亿元",
        "5000元",
        "1,234.5万元",
        "-1",
        "1e12",
        "12 万元",
        "abc",
        "",
        "88888.888888888",
        "3.5千元",
        "7",
        "+5",
        ".5",
        "5.",
        "1e400",
        "-0",
        123.4,
        5000,
        1e12,
        0.1,
        -0.0,
        float("nan"),
    ),
    "tax": ("12.3", "1亿", "100000000", "-", "", "5.5万", "0.1234567890123", 0.1234567890123),
    "land_area": ("8000㎡", "12.5 亩", "3公顷", "100m2", "50", "", "1e7", "20hm2", "12平方米", 50),
    "data_year": ("2023", "2023年", "2023-12-31", "1999", "abc", "2023.0", "", "2019年度", 2025),
    "address": (
        "浙江省宁波市鄞州区某路1号",
        "  北仑区\n新碶街道 ",
        "地址" * 120,
        "鄞州\x07区",
        "-",
    ),
    "contact_person": ("王芳", "李 伟", "", "张" * 60, "赵\r\n六", None),
    "contact_phone": (
        "0574-88880001",
        "138 0013 8000",
        "call me",
        "0574-8888（转）123",
        13800138000,
    ),
    "per_mu_class": ("A", "A类", "b档", "优先发展", "E", "AB", "", "C类（调整转型）"),
    "green_stars": ("3", "三星", "★★", "省级绿色工厂", "9", "无", "", 2, 3.0),
}


def _codes(n: int) -> list[object]:
    good = [e.credit_code for e in enterprises(n, seed=11)]
    odd: list[object] = []
    for code in good[: n // 4]:
        odd += [
            code.lower(),
            f" {code[:6]}-{code[6:]} ",
            code[:17] + ("0" if code[17] != "0" else "1"),  # the wrong check character
            code[:15],
            code[:10] + "IO" + code[12:],
            "".join(chr(ord(c) + 0xFEE0) for c in code),  # full-width
            "12345678" + str(credit_code.body_check_character("12345678")),  # an org code
        ]
    return [*good, *odd, "", "—", None, 123456789012345678]


def _generated_rows(count: int, seed: int, width: int) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    codes = _codes(200)
    rows = []
    for _ in range(count):
        cells = [rng.choice(codes) if f == "credit_code" else rng.choice(CELLS[f]) for f in ALL]
        if rng.random() < 0.1:  # a short row: the columns past its end are empty
            cells = cells[: rng.randrange(width)]
        rows.append(tuple(cells))
    return rows


ALL = tuple(f.name for f in FIELD_LIST)


@pytest.mark.parametrize(
    "units",
    [{}, {"output_value": "元", "tax": "千元", "land_area": "平方米", "employees": "人"}],
    ids=["plain", "units"],
)
def test_row_parser_gives_exactly_what_parse_row_gives(units: dict[str, str]) -> None:
    header = tuple(
        f"{FIELD_BY_NAME[name].label('zh')}（{units[name]}）" if name in units else name
        for name in ALL
    )
    table = replace(
        Table(1, {name: col for col, name in enumerate(ALL)}, (), [], "表", "utf-8"),
        header_cells=header,
    )
    layout = layout_of(table)
    assert {name for name, _col, scale in layout.fields if scale != 1.0} == (
        set(units) - {"employees"}
    )
    ref = register_reference()
    parser = RowParser(layout, ref, 2026)  # one parser for every row: its memos fill up
    outcomes: set[str] = set()
    for cells in _generated_rows(6000, seed=len(units), width=len(ALL)):
        *fast, check = parser(cells)
        slow = parse_row(layout, cells, ref, 2026)
        assert tuple(fast) == slow, cells
        values, _texts, problems, doubts = slow
        code = values.get("credit_code")
        assert check == (None if code is None else credit_code.check(str(code)))
        outcomes |= {p.message.code for p in (*problems, *doubts)}
    # The rows reached the long ways too: units, bad numbers, control characters, bad codes.
    assert {"number.invalid", "number.integer", "text.control", "code.check"} <= outcomes
    assert {"code.org_code", "code.length", "required", "district.unknown"} <= outcomes
