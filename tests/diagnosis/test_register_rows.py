"""Issue 20: an import parses the cells that repeat down a register (districts, divisions,
yes/no, years...) once per distinct cell; every row still gets what parsing it alone gives."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime

from diagnosis.demo.enterprises import enterprises
from diagnosis.register.enterprise import FIELD_BY_NAME
from diagnosis.register.layout import Layout, layout_of
from diagnosis.register.reference_data import register_reference
from diagnosis.register.rows import parse_row
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
