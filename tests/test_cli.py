"""The command line: ``import-enterprises`` and ``demo``, in-process and as a real process."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

import main
from diagnosis.register import credit_code
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.reference_data import register_reference
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from tests.main_process import run_main

REPO_ROOT = Path(__file__).resolve().parents[1]
BANK = "91330200711192037M"
YOUNGOR = "91330200704800698F"
HAITIAN = "91330200717285453P"
HEADER = ["企业名称", "统一社会信用代码", "区县（市）", "从业人员（人）"]
GOOD_ROWS = [
    ["宁波银行股份有限公司", BANK, "海曙区", 9000],
    ["雅戈尔集团股份有限公司", YOUNGOR, "鄞州区", 1200],
]
# A wrong check character rejects the row (issue 15: a doubtful field would only warn).
BAD_ROW = ["海天塑机集团有限公司", HAITIAN[:-1] + "Q", "北仑区", 800]
SUMMARY_KEYS = {"inserted", "updated", "unchanged", "rejected", "warnings", "not_imported"}
SUMMARY_KEYS |= {"notes", "header_row", "sheet", "other_sheets"}
CHECK_ZH = "校验位错误：第 18 位应为“P”，现为“Q”（GB 32100-2015）"
CHECK_EN = "wrong check character: character 18 should be 'P', not 'Q' (GB 32100-2015)"


def write_csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@contextmanager
def opened(db: Path) -> Iterator[SqliteEnterpriseRepository]:
    store = Store(db)
    try:
        yield SqliteEnterpriseRepository(store)
    finally:
        store.close()


def everyone(db: Path) -> dict[str, Enterprise]:
    with opened(db) as repo:
        return {e.credit_code: e for e in repo.display_rows(repo.order("name", False)).values()}


run_cli = run_main


def test_main_help_exits_zero() -> None:
    result = run_cli("--help")

    assert result.returncode == 0
    assert "import-enterprises" in result.stdout
    assert "demo" in result.stdout
    assert result.stderr == ""


def test_import_enterprises_all_good_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store.sqlite"
    path = write_csv(tmp_path / "名单.csv", [HEADER, *GOOD_ROWS])

    code = main.main(["import-enterprises", str(path), "--db", str(db), "--json"])

    out = capsys.readouterr()
    assert code == 0
    summary = json.loads(out.out)
    assert summary == {
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
        "warnings": [],
        "not_imported": [],
        "notes": [],
        "header_row": 1,
        "sheet": None,
        "other_sheets": [],
    }
    assert set(summary) == SUMMARY_KEYS
    assert out.err == ""
    stored = everyone(db)
    assert sorted(stored) == sorted([BANK, YOUNGOR])
    assert stored[BANK].district == "330203"
    assert stored[YOUNGOR].employees == 1200


def test_import_enterprises_some_rejected_exits_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "store.sqlite"
    path = write_csv(tmp_path / "名单.csv", [HEADER, GOOD_ROWS[0], BAD_ROW, GOOD_ROWS[1]])

    code = main.main(["import-enterprises", str(path), "--db", str(db), "--json"])

    summary = json.loads(capsys.readouterr().out)
    assert code == 1
    assert set(summary) == SUMMARY_KEYS
    assert (summary["inserted"], summary["updated"], summary["unchanged"]) == (2, 0, 0)
    [rejected] = summary["rejected"]
    assert (rejected["row"], rejected["field"], rejected["reason"]) == (3, "credit_code", CHECK_ZH)
    assert sorted(everyone(db)) == sorted([BANK, YOUNGOR])


def test_import_enterprises_runs_as_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    path = write_csv(tmp_path / "名单.csv", [HEADER, GOOD_ROWS[0], BAD_ROW, GOOD_ROWS[1]])
    args = ("import-enterprises", str(path), "--db", str(db), "--json", "--lang", "en")

    first = run_cli(*args)
    second = run_cli(*args)

    assert first.returncode == 1, first.stderr
    report = json.loads(first.stdout)
    assert {k: report[k] for k in ("inserted", "updated", "unchanged", "rejected")} == {
        "inserted": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [
            {
                "row": 3,
                "field": "credit_code",
                "field_label": "Unified social credit code",
                "value": HAITIAN[:-1] + "Q",
                "code": "code.check",
                "reason": CHECK_EN,
            }
        ],
    }
    assert second.returncode == 1, second.stderr
    summary = json.loads(second.stdout)
    assert (summary["inserted"], summary["updated"], summary["unchanged"]) == (0, 0, 2)
    assert sorted(everyone(db)) == sorted([BANK, YOUNGOR])


def test_import_enterprises_prints_chinese_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "名单.csv", [HEADER, GOOD_ROWS[0], BAD_ROW])

    code = main.main(["import-enterprises", str(path), "--db", str(tmp_path / "s.sqlite")])

    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "新增 1 家，更新 0 家，未变 0 家，拒绝 1 行，提示 0 条",
        f"  第 3 行 统一社会信用代码：{CHECK_ZH}",
    ]


def test_import_enterprises_prints_english_with_lang_en(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path / "名单.csv", [HEADER, GOOD_ROWS[0], BAD_ROW])
    db = tmp_path / "s.sqlite"

    code = main.main(["import-enterprises", str(path), "--db", str(db), "--lang", "en"])

    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "inserted 1, updated 0, unchanged 0, rejected 1 rows, 0 warnings",
        f"  row 3 Unified social credit code: {CHECK_EN}",
    ]


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "没有这个文件.csv"


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "名单.txt"
    path.write_text("企业名称,统一社会信用代码\n宁波银行股份有限公司,91330200711192037M\n")
    return path


def _corrupt_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "名单.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    return path


def _no_header(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "名单.csv", [["宁波银行", BANK], ["雅戈尔", YOUNGOR]])


@pytest.mark.parametrize(
    ("make", "zh_reason"),
    [
        (_missing, "无法读取文件："),
        (_text_file, "不支持的文件类型“.txt”（仅支持 .xlsx 和 .csv）"),
        (_corrupt_xlsx, "无法读取文件："),
        (_no_header, "前 30 行中找不到表头"),
    ],
)
def test_import_enterprises_unreadable_file_exits_two(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], Path],
    zh_reason: str,
) -> None:
    path = make(tmp_path)
    db = tmp_path / "store.sqlite"

    code = main.main(["import-enterprises", str(path), "--db", str(db), "--json"])

    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    assert out.err.startswith(zh_reason)
    assert everyone(db) == {}


def test_import_enterprises_unreadable_file_reason_in_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _text_file(tmp_path)

    code = main.main(
        ["import-enterprises", str(path), "--db", str(tmp_path / "s.sqlite"), "--lang", "en"]
    )

    assert code == 2
    assert capsys.readouterr().err == "unsupported file type '.txt' (only .xlsx and .csv)\n"


def test_import_enterprises_refuses_a_text_file_as_db(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.sqlite"
    original = "这不是数据库。\nJust some notes, not a database.\n".encode()
    db.write_bytes(original)
    path = write_csv(tmp_path / "名单.csv", [HEADER, *GOOD_ROWS])

    code = main.main(["import-enterprises", str(path), "--db", str(db), "--json"])

    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    assert "不是本软件的数据库文件，未做任何修改" in out.err
    assert db.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite", "名单.csv"]


def test_demo_twice_inserts_nothing_the_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite"
    args = ["demo", "--enterprises", "50", "--db", str(db), "--json"]

    first_code = main.main(args)
    first = json.loads(capsys.readouterr().out)
    second_code = main.main(args)
    second = json.loads(capsys.readouterr().out)

    assert (first_code, second_code) == (0, 0)
    assert first == {"inserted": 50, "existing": 0, "total": 50, "visits": 30, "db": str(db)}
    assert second == {"inserted": 0, "existing": 50, "total": 50, "visits": 0, "db": str(db)}
    assert len(everyone(db)) == 50


def test_demo_covers_every_district_and_many_industries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite"
    ref = register_reference()

    code = main.main(["demo", "--enterprises", "200", "--db", str(db)])

    assert code == 0
    assert capsys.readouterr().out == (
        f"已写入 200 家示例企业（已有 0 家）和 30 次完整诊断；数据库共 200 家：{db}\n"
    )
    stored = list(everyone(db).values())
    assert len(stored) == 200
    assert {e.district for e in stored} == set(ref.districts.codes())
    assert len(ref.districts.codes()) == 16
    assert len({e.industry for e in stored}) >= 25
    assert {e.industry for e in stored} <= set(ref.industries.codes())
    for e in stored:
        assert credit_code.check(e.credit_code).problems == (), e.credit_code
        assert e.name.endswith("有限公司")
        assert all("\u4e00" <= ch <= "\u9fff" for ch in e.name)


EXAMPLE_VISIT = Path(__file__).resolve().parents[1] / "tests" / "data" / "visit-2026.1.json"


def test_cli_visit_score_prints_the_score_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["visit", "score", str(EXAMPLE_VISIT), "--json", "--lang", "en"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {"areas", "indicators", "flags"}
    assert result["areas"]["energy"]["score"] is not None
    totals = [i for i in result["indicators"] if i["key"] == "energy.total_tce"]
    assert totals and totals[0]["unit"] == "tce" and totals[0]["inputs"]


def test_cli_visit_score_human_output_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["visit", "score", str(EXAMPLE_VISIT)]) == 0
    out = capsys.readouterr().out
    assert "energy.total_tce" in out and "tce" in out
    assert "年取水量" in out  # the water flag, in Chinese


def test_cli_visit_score_refuses_a_malformed_document_naming_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(EXAMPLE_VISIT.read_text("utf-8"))
    raw["visit"]["date"] = "next Tuesday"
    raw["answers"]["energy"]["E02"]["electricity"]["quantity"] = -1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert main.main(["visit", "score", str(bad), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "$.visit.date" in err and "$.answers.energy.E02" in err
    not_json = tmp_path / "notes.json"
    not_json.write_text("{ not json", encoding="utf-8")
    assert main.main(["visit", "score", str(not_json)]) == 2


def test_cli_visit_import_list_export_score_through_the_store(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(REPO_ROOT / "main.py"), *args, "--db", str(db)],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            timeout=60,
        )

    assert run("visit", "import", str(EXAMPLE_VISIT)).returncode == 0
    listed = json.loads(run("visit", "list", "--json").stdout)
    assert [v["enterprise_code"] for v in listed] == ["91330200717285453P"]
    assert set(listed[0]) >= {"id", "enterprise_code", "date", "status"}
    exported = run("visit", "export", listed[0]["id"])
    assert json.loads(exported.stdout) == json.loads(EXAMPLE_VISIT.read_text("utf-8"))
    scored = json.loads(run("visit", "score", listed[0]["id"], "--json").stdout)
    assert scored["areas"]["safety"]["score"] is not None
    missing = run("visit", "export", "no-such-visit")
    assert missing.returncode == 2 and "no-such-visit" in missing.stderr
