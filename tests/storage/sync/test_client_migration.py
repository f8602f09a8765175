"""m004_sync_client: answers get ids from their natural key, the conflict table appears; and new
answers take that id, a cleared answer answered again reuses its tombstone."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
import sqlite_utils

from storage import migrations
from storage.database import Store
from storage.migrations import answer_id
from storage.visits import SqliteVisitRepository
from tests import store_sql

NS = uuid.UUID("6f1c3a52-7d0e-4c1b-9b7a-2f5d8e4a9c11")


def _before_sync(path: Path) -> None:
    """A store as the release before sync left it (m001-m003), with random answer ids."""
    db = sqlite_utils.Database(path)
    m = sqlite_utils.Migrations(migrations.MIGRATION_SET)
    for fn in (
        migrations.m001_create_enterprises,
        migrations.m002_create_local_meta,
        migrations.m003_create_visits,
    ):
        m()(fn)
    m.apply(db)
    db.execute(
        "INSERT INTO enterprises (id, name, credit_code, updated_at, updated_by) "
        "VALUES ('e1', '宁波银行股份有限公司', '91330200711192037M', 't', 'x')"
    )
    db.execute(
        "INSERT INTO visits (id, enterprise_id, date, updated_at, updated_by) "
        "VALUES ('v1', 'e1', '2024-03-28', 't', 'x')"
    )
    rows = [
        # energy/E01: two tombstones and the live answer
        ("r-old1", "energy", "E01", "1", 1, "2024-01-01"),
        ("r-live", "energy", "E01", "3", 0, "2024-01-03"),
        ("r-old2", "energy", "E01", "2", 1, "2024-01-02"),
        # water/W01: only tombstones; the latest stands for the answer
        ("r-w-a", "water", "W01", "5", 1, "2024-01-01"),
        ("r-w-b", "water", "W01", "6", 1, "2024-01-05"),
        ("r-s", "safety", "S01", '"是"', 0, "2024-01-01"),
    ]
    for rid, area, item, value, deleted, at in rows:
        db.execute(
            "INSERT INTO answers (id, visit_id, area, item, value, deleted, updated_at, "
            "updated_by) VALUES (?, 'v1', ?, ?, ?, ?, ?, 'x')",
            [rid, area, item, value, deleted, at],
        )
    db.conn.commit()
    db.conn.close()


def _answers(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str, int]]:
    rows = conn.execute("SELECT id, area, item, value, deleted FROM answers").fetchall()
    return {r[0]: tuple(r[1:]) for r in rows}


def test_client_migration_rewrites_random_answer_ids(store_path: Path) -> None:
    _before_sync(store_path)
    store = Store(store_path, user="tester")
    after = _answers(store.conn)
    assert answer_id("v1", "energy", "E01") == str(uuid.uuid5(NS, "v1/energy/E01"))
    assert after[answer_id("v1", "energy", "E01")] == ("energy", "E01", "3", 0)  # the live one
    assert after[answer_id("v1", "water", "W01")] == ("water", "W01", "6", 1)  # latest tombstone
    assert after[answer_id("v1", "safety", "S01")] == ("safety", "S01", '"是"', 0)
    # the other tombstones keep their own ids: nothing lost, no clash
    assert {"r-old1", "r-old2", "r-w-a"} <= after.keys()
    assert len(after) == 6
    # ... as local history only: the server accepts no answer id but the natural key's
    dirty = dict(store.conn.execute("SELECT id, dirty FROM answers").fetchall())
    assert [dirty[r] for r in ("r-old1", "r-old2", "r-w-a")] == [0, 0, 0]
    assert dirty[answer_id("v1", "water", "W01")] == 1
    index = store.conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'answers_live'"
    ).fetchone()[0]
    assert "UNIQUE" in index and "deleted = 0" in index
    with pytest.raises(store_sql.IntegrityError):
        store.conn.execute(
            "INSERT INTO answers (id, visit_id, area, item, value, updated_at, updated_by) "
            "VALUES ('dup', 'v1', 'energy', 'E01', '9', 't', 'x')"
        )
    columns = {r[1] for r in store.conn.execute("PRAGMA table_info(sync_conflicts)")}
    assert {"id", "table_name", "record_id", "field", "base", "ours_value", "theirs_at"} <= columns
    store.close()


def test_client_migration_is_idempotent(store_path: Path) -> None:
    _before_sync(store_path)
    store = Store(store_path, user="tester")
    first = _answers(store.conn)
    with store.transaction():
        migrations.m004_sync_client(store.db)  # run again by hand: nothing changes
    assert _answers(store.conn) == first
    store.close()
    again = Store(store_path, user="tester")  # reopened: nothing pending, nothing applied
    names = [r[0] for r in again.conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names.count("m004_sync_client") == 1
    assert _answers(again.conn) == first
    again.close()


def test_client_new_answers_take_their_natural_key_id(store: Store) -> None:
    store.write("enterprises", [{"id": "e1", "name": "甬明", "credit_code": "C1"}])
    store.write("visits", [{"id": "v1", "enterprise_id": "e1", "date": "2024-03-28"}])
    visits = SqliteVisitRepository(store)
    visits.save_answer("v1", "energy", "E03", 1200.0)
    rid = answer_id("v1", "energy", "E03")
    assert store.conn.execute("SELECT value FROM answers WHERE id = ?", [rid]).fetchone() == (
        "1200.0",
    )
    visits.save_answer("v1", "energy", "E03", None)  # cleared: a tombstone under that id
    visits.save_answer("v1", "energy", "E03", 900)  # answered again: the same record lives
    rows = store.conn.execute("SELECT id, value, deleted, dirty FROM answers").fetchall()
    assert rows == [(rid, "900", 0, 1)]
