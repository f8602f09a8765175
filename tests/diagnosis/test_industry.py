"""Industry codes as registers write them (issue 15): the GB/T 4754-2017 table, the parser, and the
finest code stored with its division used for filters, peers and statistics."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from diagnosis.office.figures import OfficeFilter
from diagnosis.office.peers import peer_groups
from diagnosis.office.service import OfficeService
from diagnosis.register.enterprise import Enterprise, validate
from diagnosis.register.industry import (
    division_of,
    explain_industry,
    industry_label,
    industry_name,
    parse_industry,
)
from diagnosis.register.industry_table import industry_table
from diagnosis.register.reference_data import register_reference
from diagnosis.register.search import FACET_FIELDS, NUMBERS, EnterpriseIndex, Filters, facets
from diagnosis.sync.record_enterprise import enterprise_problem
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.office import SqliteOfficeRepository

ROOT = Path(__file__).resolve().parents[2]
RAW = json.loads((ROOT / "diagnosis" / "reference" / "industries.json").read_text("utf-8"))
BANK = "91330200711192037M"
YOUNGOR = "91330200704800698F"
HAITIAN = "91330200717285453P"


def test_table_is_versioned_with_its_source() -> None:
    assert RAW["version"] == "GB/T 4754-2017+XG1-2019"
    assert "qwer-of-div/1frontEnd" in RAW["source"] and "Czsx-525/Vue-init" in RAW["source"]
    assert RAW["confidence"].startswith("V")
    assert [s["code"] for s in RAW["sections"]] == ["B", "C", "D"]


def test_every_code_hangs_from_its_parent() -> None:
    divisions = {d["code"] for d in RAW["divisions"]}
    groups = {g["code"]: g["parent"] for g in RAW["groups"]}
    classes = {c["code"]: c["parent"] for c in RAW["classes"]}
    assert divisions == {f"{n:02d}" for n in range(6, 47)}
    assert all(parent in divisions and code[:2] == parent for code, parent in groups.items())
    assert all(parent in groups and code[:3] == parent for code, parent in classes.items())
    # Every group has a class (a group of one class is coded e.g. 1340 制糖业).
    assert set(groups) == {c[:3] for c in classes}


def test_counts_per_section_and_division_are_plausible() -> None:
    def section(code: str) -> str:
        return "B" if code < "13" else "C" if code < "44" else "D"

    per = Counter(
        (section(c["code"]), len(c["code"])) for k in ("groups", "classes") for c in RAW[k]
    )
    assert per[("C", 3)] == 179 and per[("C", 4)] == 609  # manufacturing in the 2017 table
    assert per[("B", 3)] == 19 and 35 <= per[("B", 4)] <= 45
    assert per[("D", 3)] == 9 and 15 <= per[("D", 4)] <= 20
    by_division = Counter(c["code"][:2] for c in RAW["classes"])
    assert all(1 <= n <= 60 for n in by_division.values())  # 35 专用设备 has the most, 56


def test_3484_is_mechanical_parts_under_general_machinery() -> None:
    table = industry_table()
    assert table.entries["3484"].zh == "机械零部件加工"
    assert table.entries["348"].zh == "通用零部件制造"
    assert table.entries["34"].zh == "通用设备制造业"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("0610", "烟煤和无烟煤开采洗选"),
        ("0810", "铁矿采选"),
        ("1011", "石灰石、石膏开采"),
        ("1311", "稻谷加工"),
        ("1512", "白酒制造"),
        ("1513", "啤酒制造"),
        ("1711", "棉纺纱加工"),
        ("2911", "轮胎制造"),
        ("3011", "水泥制造"),
        ("3110", "炼铁"),
        ("3120", "炼钢"),
        ("3311", "金属结构制造"),
        ("3411", "锅炉及辅助设备制造"),
        ("3482", "紧固件制造"),
        ("3491", "工业机器人制造"),
        ("3511", "矿山机械制造"),
        ("3611", "汽柴油车整车制造"),
        ("3612", "新能源车整车制造"),
        ("3670", "汽车零部件及配件制造"),
        ("3911", "计算机整机制造"),
        ("4411", "火力发电"),
        ("4415", "风力发电"),
        ("4610", "自来水生产和供应"),
    ],
)
def test_spot_checks(code: str, name: str) -> None:
    assert industry_name(code) == name


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("3484", "3484"),
        ("C3484", "3484"),
        ("c 3484", "3484"),
        ("３４８４", "3484"),
        (" 34 ", "34"),
        ("348", "348"),
        ("C34", "34"),
        ("3484.0", "3484"),
        (3484, "3484"),
        (3484.0, "3484"),
        ("34-通用设备制造业", "34"),
        ("3484 机械零部件加工", "3484"),
        ("金属制品业", "33"),
        ("通用零部件制造", "348"),
        ("机械零部件加工", "3484"),
        ("机械零部件", "3484"),  # an unambiguous prefix
        ("General-purpose machinery", "34"),
        ("1011", "1011"),  # quarries and power stations are on district lists too
        ("4411", "4411"),
        (610, "0610"),  # Excel read 0610 as a number
    ],
)
def test_parse_every_form(raw: object, code: str) -> None:
    match = parse_industry(raw)
    assert match is not None and match.code == code
    assert match.division == code[:2]
    assert match.level == {2: "division", 3: "group", 4: "class"}[len(code)]


def test_a_name_prefix_of_several_is_refused_with_candidates() -> None:
    match, en, zh = explain_industry("金属制品")
    assert match is None and en is not None and zh is not None
    assert "33 金属制品业" in zh and "43 金属制品、机械和设备修理业" in zh
    assert "could be several industries" in en


@pytest.mark.parametrize(
    ("raw", "en_part", "zh_part"),
    [
        ("3485", "not a GB/T 4754-2017 industry code", "不是 GB/T 4754-2017 的行业代码"),
        ("5110", "division 51, not mining, manufacturing or utilities", "属于行业大类 51"),
        ("B3484", "section letter B does not match code 3484", "门类字母 B"),
        ("面包房", "not a GB/T 4754-2017 industry code", "不是 GB/T 4754-2017"),
    ],
)
def test_why_not(raw: str, en_part: str, zh_part: str) -> None:
    match, en, zh = explain_industry(raw)
    assert match is None
    assert en is not None and en_part in en
    assert zh is not None and zh_part in zh


def test_division_and_labels() -> None:
    assert division_of("3484") == "34" and division_of("34") == "34" and division_of(None) is None
    assert industry_label("3484") == "3484 机械零部件加工（34 通用设备制造业）"
    assert industry_label("3484", "en") == "3484 机械零部件加工 (34 General-purpose machinery)"
    assert industry_label("34", "en") == "34 General-purpose machinery"


def test_twenty_thousand_calls_are_fast() -> None:
    started = time.perf_counter()
    for n in range(20_000):
        parse_industry(("3484", "C3411", "通用零部件制造", "金属制品业")[n % 4])
    assert time.perf_counter() - started < 0.5


def test_register_accepts_finer_codes_and_mining_and_utilities() -> None:
    ref = register_reference()
    for code in ("3484", "348", "34", "1011", "4411"):
        firm = Enterprise(name="测试", credit_code=BANK, industry=code)
        assert not [p for p in validate(firm, ref) if p.field == "industry"]
    bad = validate(Enterprise(name="测试", credit_code=BANK, industry="3485"), ref)
    assert [p.message.code for p in bad if p.field == "industry"] == ["industry.unknown"]
    assert {"06", "34", "46"} <= set(ref.industries.codes())


def test_sync_accepts_a_finer_code_and_a_class_name() -> None:
    assert enterprise_problem({"name": "测试", "credit_code": BANK, "industry": "3484"}) is None
    assert (
        enterprise_problem({"name": "测试", "credit_code": BANK, "industry": "机械零部件加工"})
        is None
    )
    bad = enterprise_problem({"name": "测试", "credit_code": BANK, "industry": "3485"})
    assert bad is not None and bad.field == "industry"


def test_the_industry_filter_finds_a_class_under_its_division() -> None:
    firms = [
        Enterprise(name="甲", credit_code=BANK, industry="3484"),
        Enterprise(name="乙", credit_code=YOUNGOR, industry="34"),
        Enterprise(name="丙", credit_code=HAITIAN, industry="3311"),
    ]
    assert facets(firms[0]).split("\x1f")[FACET_FIELDS.index("industry")] == "34"
    index = EnterpriseIndex([(f.id, f.name, facets(f), *[None] * len(NUMBERS)) for f in firms])
    assert sorted(index.search("", Filters(industry="34"))) == sorted(f.id for f in firms[:2])


def test_peers_and_statistics_are_by_division(tmp_path: Path) -> None:
    rows = [("3484" if n % 2 else "34", "330203", {"safety": float(n)}) for n in range(6)]
    groups = {(g.group, g.key) for g in peer_groups(rows)}
    assert ("industry", "34") in groups and ("industry", "3484") not in groups
    store = Store(tmp_path / "s.sqlite")
    try:
        firms = [
            Enterprise(name="甲", credit_code=BANK, industry="3484"),
            Enterprise(name="乙", credit_code=YOUNGOR, industry="348"),
            Enterprise(name="丙", credit_code=HAITIAN, industry="34"),
        ]
        SqliteEnterpriseRepository(store).save(firms, [])
        office = OfficeService(SqliteOfficeRepository(store))
        figures = office.figures(OfficeFilter())
        by_key = {r.key: r.enterprises for r in figures.coverage["industry"]}
        assert by_key.get("34") == 3 and "3484" not in by_key
        narrowed = office.figures(OfficeFilter(industry="34"))
        assert {r.key: r.enterprises for r in narrowed.coverage["industry"]}["34"] == 3
        drilled = office.drill(OfficeFilter(), "industry", "34", "enterprises")
        assert sorted(drilled) == sorted(f.id for f in firms)
    finally:
        store.close()


def test_import_command_keeps_the_finest_code(tmp_path: Path) -> None:
    """The user's way: a district list with a 行业代码 column of classes, groups and names."""
    rows = [
        ["企业名称", "统一社会信用代码", "行业代码"],
        ["宁波银行股份有限公司", BANK, "C3484"],
        ["雅戈尔集团股份有限公司", YOUNGOR, "通用零部件制造"],
        ["海天塑机集团有限公司", HAITIAN, "3484.0"],
    ]
    path = tmp_path / "名单.csv"
    path.write_text("\r\n".join(",".join(r) for r in rows) + "\r\n", encoding="utf-8")
    db = tmp_path / "store.sqlite"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "main.py", "import-enterprises", str(path), "--db", str(db), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["inserted"] == 3 and report["rejected"] == []
    store = Store(db)
    try:
        repo = SqliteEnterpriseRepository(store)
        stored = {
            e.credit_code: e.industry for e in repo.display_rows(repo.order("name", False)).values()
        }
    finally:
        store.close()
    assert stored == {BANK: "3484", YOUNGOR: "348", HAITIAN: "3484"}
