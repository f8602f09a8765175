"""The office code never crashes on a stored record it cannot read (one a server or laptop from
before the server checked the document's rules left in a store): ``stats --json``, the text,
``--xlsx``, ``--store``, ``GET /api/v1/stats`` and ``visit export`` skip it, count it and name it.
Poison is written straight into the stores with SQL, as an old server or laptop had it, and also
reaches a laptop by a pull."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import Workbook, load_workbook

import main
import services
from storage.database import Store
from storage.store_file import copy_store
from storage.sync.server_db import ServerStore
from tests.storage.sync.test_server_support import served

FIRMS, VISITS = 8, 3
MISSING = "00000000-0000-4000-8000-000000000000"

# name -> (table the named record is in, SQL with {v} the visit and {e} its enterprise)
POISON: dict[str, tuple[str, str]] = {
    "answer not JSON": (
        "answers",
        "UPDATE answers SET value = '{{bad' WHERE visit_id = '{v}' AND item = 'E03'",
    ),
    "answer number too large": (
        "answers",
        "UPDATE answers SET value = '1" + "0" * 400 + "' WHERE visit_id = '{v}' AND item = 'E03'",
    ),
    "photos not JSON": ("findings", "UPDATE findings SET photos = '[' WHERE visit_id = '{v}'"),
    "measures of numbers": ("visits", "UPDATE visits SET measures = '[1, 2]' WHERE id = '{v}'"),
    "measures an object": (
        "visits",
        "UPDATE visits SET measures = '{{\"a\": 1}}' WHERE id = '{v}'",
    ),
    "notes of text": (
        "visits",
        "UPDATE visits SET notes = '{{\"energy\": \"x\"}}' WHERE id = '{v}'",
    ),
    "notes a list": ("visits", "UPDATE visits SET notes = '[1]' WHERE id = '{v}'"),
    "checklists a list": ("visits", "UPDATE visits SET checklists = '[1]' WHERE id = '{v}'"),
    "team of numbers": ("visits", "UPDATE visits SET team = '[1, null]' WHERE id = '{v}'"),
    "visit without its enterprise": (
        "visits",
        f"UPDATE visits SET enterprise_id = '{MISSING}' WHERE id = '{{v}}'",
    ),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("poison") / "demo.sqlite"
    assert (
        main.main(
            [
                "demo",
                "--db",
                str(db),
                "--enterprises",
                str(FIRMS),
                "--visits",
                str(VISITS),
                "--json",
            ]
        )
        == 0
    )
    return db


def poisoned(demo: Path, tmp_path: Path, sql: str) -> tuple[Path, str, str]:
    """A copy of the demo store with ``sql`` applied to its first visit: (db, visit, record)."""
    db = tmp_path / "laptop" / "diagnosis.sqlite"
    db.parent.mkdir()
    copy_store(demo, db)
    store = Store(db)
    try:
        vid, eid = store.conn.execute(
            "SELECT id, enterprise_id FROM visits WHERE deleted = 0 ORDER BY id LIMIT 1"
        ).fetchone()
        store.conn.execute("PRAGMA foreign_keys = OFF")  # as an old pull left it
        with store.transaction():
            store.conn.execute(sql.format(v=vid, e=eid))
        ids = {
            "answers": "SELECT id FROM answers WHERE visit_id = ? AND item = 'E03'",
            "findings": "SELECT id FROM findings WHERE visit_id = ? LIMIT 1",
            "visits": "SELECT id FROM visits WHERE id = ?",
        }
        record = {t: (store.conn.execute(q, [vid]).fetchone() or [None])[0] for t, q in ids.items()}
    finally:
        store.close()
    return db, vid, json.dumps(record)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("name", list(POISON))
def test_the_office_skips_counts_and_names_an_unreadable_record(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    table, sql = POISON[name]
    db, vid, records = poisoned(demo, tmp_path, sql)
    record_id = json.loads(records)[table]
    code, out, err = run(capsys, "stats", "--db", str(db), "--json")
    assert code == 0, err
    figures = json.loads(out)
    [skipped] = figures["skipped"]
    assert (skipped["table"], skipped["id"]) == (table, record_id)
    assert skipped["reason"]
    assert figures["visits"]["total"] == VISITS - 1  # left out of every figure
    code, out, err = run(capsys, "stats", "--db", str(db), "--lang", "en")
    assert code == 0, err
    assert "Unreadable records skipped: 1" in out and f"{table}/{record_id}" in out
    book = tmp_path / "office.xlsx"
    code, out, err = run(capsys, "stats", "--db", str(db), "--xlsx", str(book))
    assert code == 0, err
    summary = load_workbook(book, read_only=True).worksheets[0]
    rows = [[c for c in row if c is not None] for row in summary.iter_rows(values_only=True)]
    assert ["跳过无法读取的记录 Unreadable records skipped", 1] in rows
    code, out, err = run(capsys, "visit", "export", vid, "--db", str(db), "--lang", "en")
    assert code == 2 and out == ""
    assert f"cannot export visit {vid}: record {table}/{record_id} is unreadable" in err
    assert "Traceback" not in err


def test_a_fixed_record_counts_again(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, vid, _ = poisoned(demo, tmp_path, POISON["notes of text"][1])
    assert len(json.loads(run(capsys, "stats", "--db", str(db), "--json")[1])["skipped"]) == 1
    store = Store(db)
    with store.transaction():
        store.conn.execute("UPDATE visits SET notes = '{}' WHERE id = ?", [vid])
    store.close()
    figures = json.loads(run(capsys, "stats", "--db", str(db), "--json")[1])
    assert figures["skipped"] == [] and figures["visits"]["total"] == VISITS


# --- records an old server holds: the mirror, --store, and a laptop's pull --------------------


def _poison_server(central: Path) -> tuple[str, str]:
    """An old server's records: an answer that is not JSON, notes that are not an object of
    objects. (visit id, answer id)."""
    conn = sqlite3.connect(central)
    try:
        with conn:
            vid = conn.execute(
                "SELECT id FROM records WHERE tbl = 'visits' ORDER BY id LIMIT 1"
            ).fetchone()[0]
            aid = conn.execute(
                "SELECT id FROM records WHERE tbl = 'answers' "
                "AND json_extract(data, '$.visit_id') = ? AND json_extract(data, '$.item') = 'E03'",
                [vid],
            ).fetchone()[0]
            conn.execute(
                "UPDATE records SET data = json_set(data, '$.value', '{bad') "
                "WHERE tbl = 'answers' AND id = ?",
                [aid],
            )
            other = conn.execute(
                "SELECT id FROM records WHERE tbl = 'visits' AND id != ? ORDER BY id LIMIT 1", [vid]
            ).fetchone()[0]
            conn.execute(
                "UPDATE records SET data = json_set(data, '$.notes', '{\"energy\": 5}') "
                "WHERE tbl = 'visits' AND id = ?",
                [other],
            )
    finally:
        conn.close()
    return vid, aid


def test_server_stats_mirror_and_a_pulling_laptop_skip_old_poison(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    central = tmp_path / "central" / "central.sqlite"
    central.parent.mkdir()
    laptop = tmp_path / "laptop" / "diagnosis.sqlite"
    laptop.parent.mkdir()
    copy_store(demo, laptop)
    store = ServerStore(central)
    token = store.add_user("wang", "office", [])
    try:
        with served(store) as url:
            code, _out, err = run(
                capsys, "sync", "--server", url, f"--token={token}", "--db", str(laptop)
            )
            assert code == 0, err
            _vid, aid = _poison_server(central)
            response = httpx.get(
                f"{url}/api/v1/stats", headers={"Authorization": f"Bearer {token}"}, timeout=60
            )
            assert response.status_code == 200, response.text
            served_figures: dict[str, Any] = response.json()
            # An office laptop that had nothing pulls the poison and still counts.
            office = tmp_path / "office" / "diagnosis.sqlite"
            code, _out, err = run(
                capsys, "sync", "--server", url, f"--token={token}", "--db", str(office)
            )
            assert code == 0, err
    finally:
        store.close()
    named = {(s["table"], s["id"]) for s in served_figures["skipped"]}
    assert ("answers", aid) in named and len(named) == 2
    assert served_figures["visits"]["total"] == VISITS - 2
    local = json.loads(run(capsys, "stats", "--db", str(office), "--json")[1])
    assert {(s["table"], s["id"]) for s in local["skipped"]} == named
    code, out, err = run(capsys, "stats", "--store", str(central), "--lang", "en")
    assert code == 0, err
    assert "Unreadable records skipped: 2" in out


# --- a district's register file with control characters --------------------------------------


def test_a_register_file_with_control_characters_refuses_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line break typed in a cell (Alt+Enter in Excel) is a space; any other control
    character refuses its row, named, by the same rule the server refuses a record with."""
    book = tmp_path / "名单.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["企业名称", "统一社会信用代码", "区县"])
    ws.append(["宁波甬明\n精密机械有限公司", "91330200711192037M", "北仑区"])
    wb.save(book)
    csv = tmp_path / "名单.csv"
    csv.write_text(
        "企业名称,统一社会信用代码,区县\n宁波\x01海天有限公司,91330200704800698F,北仑区\n",
        encoding="utf-8",
    )
    db = tmp_path / "office" / "diagnosis.sqlite"
    db.parent.mkdir()
    store = Store(db)
    try:
        service = services.register_service(store)
        assert service.import_file(book).summary("en")["inserted"] == 1
        plan = service.import_file(csv)
        [refused] = plan.summary("en")["rejected"]
        assert "control character U+0001" in json.dumps(refused, ensure_ascii=False)
        names = [r[0] for r in store.conn.execute("SELECT name FROM enterprises")]
        assert names == ["宁波甬明 精密机械有限公司"]
    finally:
        store.close()
    code, _out, err = run(capsys, "stats", "--db", str(db), "--xlsx", str(tmp_path / "o.xlsx"))
    assert code == 0, err
