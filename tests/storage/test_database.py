"""Opening the store: migrations, pragmas, refusal of foreign or damaged files without touching
them, and the one write path."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import migrations
from storage.database import Store, StoreError, check_file
from tests import store_sql

SYNC_COLUMNS = ("id", "rev", "updated_at", "updated_by", "dirty", "deleted")


def side_files(path: Path) -> list[Path]:
    return [
        p for p in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")) if p.exists()
    ]


def applied(path: Path) -> list[tuple[str, str]]:
    conn = store_sql.connect(path)
    try:
        return conn.execute(
            "SELECT migration_set, name FROM _sqlite_migrations ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()


def row(i: int, name: str | None = None, address: str = "宁波市北仑区") -> dict[str, object]:
    return {
        "id": f"id-{i:04d}",
        "name": name or f"企业{i:04d}有限公司",
        "credit_code": f"CODE{i:014d}",
        "address": address,
    }


def assert_refused_untouched(path: Path, code: str) -> StoreError:
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store(path, user="tester")
    assert caught.value.message.code == code
    assert caught.value.message.params["path"] == str(path)
    assert path.read_bytes() == before
    assert side_files(path) == []
    return caught.value


def make_store_with_data(path: Path, rows: int = 400) -> None:
    s = Store(path, user="tester")
    s.write("enterprises", [row(i, address="宁波市" * 30) for i in range(rows)])
    s.close()
    assert side_files(path) == []


# --- migrations and pragmas -------------------------------------------------------------------


def test_store_migrations_from_empty_file(store_path: Path) -> None:
    store_path.touch()
    s = Store(store_path, user="tester")
    tables = {r[0] for r in s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    s.close()
    assert {
        "enterprises",
        "local_meta",
        "visits",
        "answers",
        "findings",
        "_sqlite_migrations",
    } <= tables
    assert applied(store_path) == [
        ("diagnosis", "m001_create_enterprises"),
        ("diagnosis", "m002_create_local_meta"),
        ("diagnosis", "m003_create_visits"),
        ("diagnosis", "m004_sync_client"),
        ("diagnosis", "m005_enterprise_ids_from_codes"),
        ("diagnosis", "m006_visit_facts"),
        ("diagnosis", "m007_facts_pause"),
        ("diagnosis", "m008_answers_are_the_record"),
        ("diagnosis", "m009_work_list_indexes"),
        ("diagnosis", "m010_measure_project_fields"),
        ("diagnosis", "m011_visit_experts"),
        ("diagnosis", "m012_visit_facts_intensity"),
        ("diagnosis", "m013_visits_list_index"),
        ("diagnosis", "m015_enterprises_sort_index"),
        ("diagnosis", "m016_photos_wanted"),
    ]
    assert migrations.MIGRATION_NAMES == (
        "m001_create_enterprises",
        "m002_create_local_meta",
        "m003_create_visits",
        "m004_sync_client",
        "m005_enterprise_ids_from_codes",
        "m006_visit_facts",
        "m007_facts_pause",
        "m008_answers_are_the_record",
        "m009_work_list_indexes",
        "m010_measure_project_fields",
        "m011_visit_experts",
        "m012_visit_facts_intensity",
        "m013_visits_list_index",
        "m015_enterprises_sort_index",
        "m016_photos_wanted",
    )


def test_store_migrations_from_missing_file_in_new_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "store.sqlite"
    Store(path, user="tester").close()
    assert [name for _, name in applied(path)] == list(migrations.MIGRATION_NAMES)


def test_store_opening_twice_applies_nothing_new(store_path: Path) -> None:
    Store(store_path, user="tester").close()
    first = applied(store_path)
    conn = store_sql.connect(store_path)
    stamps = conn.execute("SELECT applied_at FROM _sqlite_migrations ORDER BY rowid").fetchall()
    conn.close()
    s = Store(store_path, user="tester")
    s.write("enterprises", [row(1)])
    s.close()
    Store(store_path, user="tester").close()
    assert applied(store_path) == first
    assert len(first) == len(migrations.MIGRATIONS)
    conn = store_sql.connect(store_path)
    assert (
        conn.execute("SELECT applied_at FROM _sqlite_migrations ORDER BY rowid").fetchall()
        == stamps
    )
    assert conn.execute("SELECT count(*) FROM enterprises").fetchone() == (1,)
    conn.close()


def test_store_pragmas(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert store.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert store.conn.execute("PRAGMA synchronous").fetchone() == (2,)
    assert store.conn.execute("PRAGMA busy_timeout").fetchone() == (5000,)


def test_store_journal_mode_persists_in_file(store_path: Path) -> None:
    Store(store_path, user="tester").close()
    conn = store_sql.connect(store_path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_store_enterprises_has_sync_columns(store: Store) -> None:
    info = {r[1]: r for r in store.conn.execute("PRAGMA table_info(enterprises)")}
    for column in SYNC_COLUMNS:
        assert column in info, column
    assert info["id"][5] == 1  # primary key
    assert info["rev"][2] == "INTEGER"
    for column in ("updated_at", "updated_by", "rev", "dirty", "deleted"):
        assert info[column][3] == 1, column  # NOT NULL


def test_store_live_credit_code_is_unique(store: Store) -> None:
    store.write("enterprises", [row(1)])
    with pytest.raises(store_sql.IntegrityError):
        store.write("enterprises", [{**row(2), "credit_code": row(1)["credit_code"]}])
    store.conn.execute("UPDATE enterprises SET deleted = 1 WHERE id = 'id-0001'")
    store.write("enterprises", [{**row(2), "credit_code": row(1)["credit_code"]}])
    assert store.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (2,)


# --- refusal of foreign, damaged and newer files ----------------------------------------------


def test_store_random_bytes_refused_untouched(store_path: Path) -> None:
    store_path.write_bytes(bytes(range(256)) * 64)
    error = assert_refused_untouched(store_path, "store.not_database")
    assert "未做任何修改" in error.message.text("zh")
    assert "left untouched" in error.message.text("en")


def test_store_text_file_refused_untouched(store_path: Path) -> None:
    store_path.write_text("企业名称,统一社会信用代码\n宁波银行,91330200711192037M\n", "utf-8")
    assert_refused_untouched(store_path, "store.not_database")


def test_store_short_file_refused_untouched(store_path: Path) -> None:
    store_path.write_bytes(b"SQLite")
    assert_refused_untouched(store_path, "store.not_database")


def test_store_damaged_pages_refused_untouched(store_path: Path) -> None:
    make_store_with_data(store_path)
    data = bytearray(store_path.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 10
    for n in range(2, pages - 1):  # every page but the header page and the last
        start = n * page + 100
        data[start : start + 300] = bytes((n * 37 + k) % 251 for k in range(300))
    store_path.write_bytes(bytes(data))
    ro = store_sql.connect(store_path, "mode=ro&immutable=1")  # no writer: nothing left
    try:
        result = [r[0] for r in ro.execute("PRAGMA integrity_check").fetchall()]
    except store_sql.DatabaseError:
        result = ["raised"]
    finally:
        ro.close()
    assert result != ["ok"]
    error = assert_refused_untouched(store_path, "store.corrupt")
    assert "完整性检查失败" in error.message.text("zh")


def test_store_truncated_file_refused_untouched(store_path: Path) -> None:
    make_store_with_data(store_path)
    data = store_path.read_bytes()
    store_path.write_bytes(data[: len(data) // 2])
    assert_refused_untouched(store_path, "store.corrupt")


def test_check_file_healthy_store_leaves_no_side_files(store_path: Path) -> None:
    # check_file is the central (plain) store's: a WAL file as the server makes them.
    import sqlite3

    conn = sqlite3.connect(store_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(3)])
    conn.commit()
    conn.close()
    assert side_files(store_path) == []
    before = store_path.read_bytes()
    check_file(store_path)
    assert store_path.read_bytes() == before
    assert side_files(store_path) == []


def test_check_file_missing_and_empty_are_fine(store_path: Path) -> None:
    check_file(store_path)
    assert not store_path.exists()
    store_path.touch()
    check_file(store_path)
    assert store_path.read_bytes() == b""


def test_store_unknown_migration_refused_untouched(store_path: Path) -> None:
    Store(store_path, user="tester").close()
    conn = store_sql.connect(store_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('diagnosis', 'm099_add_future', '2099-01-01')"
    )
    conn.commit()
    conn.close()
    error = assert_refused_untouched(store_path, "store.newer")
    assert error.message.params["names"] == "m099_add_future"
    assert "m099_add_future" in error.message.text("zh")
    assert "m099_add_future" in error.message.text("en")


def test_store_unknown_migration_in_rollback_journal_file_refused_untouched(
    store_path: Path,
) -> None:
    # A plain file never switched to WAL (as the first releases made them): refusing it must
    # neither switch it (header bytes 18-19) nor encrypt it.
    import sqlite3

    conn = sqlite3.connect(store_path)
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.execute(
        "INSERT INTO _sqlite_migrations VALUES ('diagnosis', 'm001_create_enterprises', '')"
    )
    conn.execute("INSERT INTO _sqlite_migrations VALUES ('diagnosis', 'm777_future', '')")
    conn.commit()
    conn.close()
    assert store_path.read_bytes()[18:20] == b"\x01\x01"
    assert_refused_untouched(store_path, "store.newer")


def test_store_other_migration_sets_are_ignored(store_path: Path) -> None:
    Store(store_path, user="tester").close()
    conn = store_sql.connect(store_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('plugin', 'm001_other', '2020-01-01')"
    )
    conn.commit()
    conn.close()
    Store(store_path, user="tester").close()


# --- the write path ---------------------------------------------------------------------------


def test_store_write_insert_stamps_sync_columns(store: Store) -> None:
    store.write("enterprises", [row(1), row(2)])
    rows = store.conn.execute(
        "SELECT id, rev, updated_at, updated_by, dirty, deleted FROM enterprises ORDER BY id"
    ).fetchall()
    assert [r[0] for r in rows] == ["id-0001", "id-0002"]
    for _, rev, updated_at, updated_by, dirty, deleted in rows:
        assert (rev, updated_by, dirty, deleted) == (0, "tester", 1, 0)
        assert updated_at.endswith("+00:00")
        assert "T" in updated_at


def test_store_write_update_stamps_and_keeps_rev(store: Store) -> None:
    store.write("enterprises", [row(1)])
    store.conn.execute(
        "UPDATE enterprises SET rev = 7, dirty = 0, updated_at = '2000-01-01T00:00:00.000+00:00', "
        "updated_by = 'server' WHERE id = 'id-0001'"
    )
    store.write("enterprises", updates=[("id-0001", {"name": "新名称有限公司"})])
    name, rev, updated_at, updated_by, dirty = store.conn.execute(
        "SELECT name, rev, updated_at, updated_by, dirty FROM enterprises WHERE id = 'id-0001'"
    ).fetchone()
    assert name == "新名称有限公司"
    assert rev == 7
    assert updated_at > "2000-01-01T00:00:00.000+00:00"
    assert updated_by == "tester"
    assert dirty == 1


def test_store_write_nothing_writes_nothing(store: Store) -> None:
    before = store.conn.total_changes
    store.write("enterprises", [], [])
    assert store.conn.total_changes == before


def test_store_write_is_one_transaction(store: Store) -> None:
    store.write("enterprises", [row(1)])
    with pytest.raises(store_sql.IntegrityError):
        store.write("enterprises", [row(2), {**row(3), "credit_code": row(1)["credit_code"]}])
    ids = [r[0] for r in store.conn.execute("SELECT id FROM enterprises")]
    assert ids == ["id-0001"]
    assert store.conn.in_transaction is False


def test_store_transaction_rolls_back_on_exception(store: Store) -> None:
    store.write("enterprises", [row(1)])
    with pytest.raises(RuntimeError, match="boom"), store.transaction():
        store.conn.execute("UPDATE enterprises SET name = 'changed' WHERE id = 'id-0001'")
        store.conn.execute("INSERT INTO local_meta (key, value) VALUES ('k', 'v')")
        raise RuntimeError("boom")
    assert store.conn.in_transaction is False
    assert store.conn.execute("SELECT name FROM enterprises").fetchone() == ("企业0001有限公司",)
    assert store.meta("k") is None


def test_store_transaction_commits(store_path: Path) -> None:
    s = Store(store_path, user="tester")
    with s.transaction():
        s.conn.execute("INSERT INTO local_meta (key, value) VALUES ('k', 'v')")
    s.close()
    s = Store(store_path, user="tester")
    assert s.meta("k") == "v"
    s.close()


def test_store_meta_set_and_replace(store: Store) -> None:
    assert store.meta("store_id") is None
    store.set_meta("store_id", "abc")
    store.set_meta("store_id", "def")
    assert store.meta("store_id") == "def"
    assert store.conn.execute("SELECT count(*) FROM local_meta").fetchone() == (1,)


def test_store_every_synced_table_carries_the_sync_columns(store: Store) -> None:
    for table in ("enterprises", "visits", "answers", "findings"):
        columns = {r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")}
        assert {"id", "rev", "updated_at", "updated_by", "dirty", "deleted"} <= columns, table


def test_store_migration_from_the_first_release_adds_visits(store_path: Path) -> None:
    """A store made before visits existed (m001, m002 only) gains m003, its data kept."""
    import sqlite_utils

    db = sqlite_utils.Database(store_path)
    db.conn.execute("PRAGMA journal_mode = WAL")
    m = sqlite_utils.Migrations(migrations.MIGRATION_SET)
    m()(migrations.m001_create_enterprises)
    m()(migrations.m002_create_local_meta)
    m.apply(db)
    db.conn.execute(
        "INSERT INTO enterprises (id, name, credit_code, updated_at, updated_by) "
        "VALUES ('e1', '宁波银行股份有限公司', '91330200711192037M', 'now', 'x')"
    )
    db.conn.commit()
    db.conn.close()
    s = Store(store_path, user="tester")
    names = [r[0] for r in s.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert names[-12:] == [
        "m004_sync_client",
        "m005_enterprise_ids_from_codes",
        "m006_visit_facts",
        "m007_facts_pause",
        "m008_answers_are_the_record",
        "m009_work_list_indexes",
        "m010_measure_project_fields",
        "m011_visit_experts",
        "m012_visit_facts_intensity",
        "m013_visits_list_index",
        "m015_enterprises_sort_index",
        "m016_photos_wanted",
    ]
    assert s.conn.execute("SELECT name FROM enterprises").fetchone()[0] == "宁波银行股份有限公司"
    # The old random id gave way to the one the credit code derives.
    from diagnosis.register.enterprise import enterprise_id_for

    assert s.conn.execute("SELECT id FROM enterprises").fetchone()[0] == enterprise_id_for(
        "91330200711192037M"
    )
    s.close()


def test_store_migration_folds_a_visits_activity_blocks_into_its_answers(store_path: Path) -> None:
    """Before m008 a visit's year, output, energy and water sat in columns beside the answers
    (the demo filled them); after it the answers hold them, the columns are empty, the figures
    are the same and the changed rows are marked for the next sync."""
    import json

    import sqlite_utils

    from diagnosis.assessment.assess import assess
    from storage.visits import SqliteVisitRepository

    db = sqlite_utils.Database(store_path)
    db.conn.execute("PRAGMA journal_mode = WAL")
    m = sqlite_utils.Migrations(migrations.MIGRATION_SET)
    before = migrations.MIGRATION_NAMES.index("m008_answers_are_the_record")
    for fn in migrations.MIGRATIONS[:before]:
        m()(fn)
    m.apply(db)
    stamp = {"updated_at": "2024-01-01T00:00:00", "updated_by": "old", "dirty": 0, "rev": 3}
    db["enterprises"].insert(
        {"id": "e1", "name": "宁波迁移测试有限公司", "credit_code": "91330200711192037M", **stamp}
    )
    db["visits"].insert(
        {
            "id": "00000000-0000-4000-8000-000000000001",
            "enterprise_id": "e1",
            "date": "2024-03-15",
            "areas": json.dumps(["energy", "water"]),
            "checklists": json.dumps({"energy": "2026.1", "water": "2026.1"}),
            "year": 2023,
            "output_value": 10_000.0,
            "energy_use": json.dumps([{"carrier": "electricity", "quantity": 1, "unit": "GWh"}]),
            "water_use": json.dumps([{"source": "tap", "quantity": 40_000, "unit": "m3"}]),
            "water_reused_m3": 360_000.0,
            **stamp,
        }
    )
    # The consultant's own answer to W03 disagrees with the block: the answer stays.
    db["answers"].insert(
        {
            "id": migrations.answer_id("00000000-0000-4000-8000-000000000001", "water", "W03"),
            "visit_id": "00000000-0000-4000-8000-000000000001",
            "area": "water",
            "item": "W03",
            "value": "90000",
            **stamp,
        }
    )
    db.conn.commit()
    db.conn.close()
    s = Store(store_path, user="tester")
    doc = SqliteVisitRepository(s).load("00000000-0000-4000-8000-000000000001")
    assert doc is not None
    assert doc.answers["energy"]["E01"] == 2023
    assert doc.answers["energy"]["E03"] == 10_000.0
    assert doc.answers["energy"]["E02"] == {"electricity": {"quantity": 1_000_000.0}}
    assert doc.answers["water"]["W01"] == {"tap": {"quantity": 40_000.0}}
    assert doc.answers["water"]["W03"] == 90_000
    figures = assess(doc).indicators
    assert figures["energy.total_tce"].value == pytest.approx(122.9)
    assert figures["water.reuse_rate"].value == pytest.approx(90_000 / 130_000 * 100)
    row = s.conn.execute(
        "SELECT year, output_value, energy_use, water_use, water_reused_m3, dirty FROM visits"
    ).fetchone()
    assert row == (None, None, "[]", "[]", None, 1)
    dirty = s.conn.execute("SELECT item FROM answers WHERE dirty = 1 ORDER BY item").fetchall()
    assert [r[0] for r in dirty] == ["E01", "E02", "E03", "W01"]
    s.close()
