"""The rows a pull writes, as SQL on the laptop's store (storage.sync.client_pull decides what
each pulled record does; this module reads and writes the rows and the conflicts listed with them),
and the connection settings a pull runs under."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any

from diagnosis.register.enterprise import FIELDS, Enterprise
from diagnosis.register.search import derived_columns

from storage.sync.client_meta import DATA_FIELDS

_BOOL_FIELDS = frozenset(f.name for f in FIELDS if f.kind == "bool")


@contextmanager
def foreign_keys_off(conn: sqlite3.Connection) -> Iterator[None]:
    """Pulled records come in rev order, so an answer may arrive pages before its visit (a
    visit edited later has a higher rev), or its parent may be one this user cannot see; with
    the check on, such a page could never be applied. SQLite ignores the pragma inside a
    transaction, so this wraps the whole page."""
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


_PULL_CACHE_KIB = -262144  # 256 MiB, negative: in KiB, as SQLite reads it
_PULL_CHECKPOINT_PAGES = 10000  # about 40 MB of log between checkpoints


@contextmanager
def pull_durability(conn: sqlite3.Connection) -> Iterator[None]:
    """A pull's pages commit without waiting for the disk (synchronous=NORMAL), then one
    checkpoint syncs them all. Each page's commit with its fsync cost the first pull of a
    register about 3 s. Nothing made here can be lost by it: a page lost to a power cut takes
    its own ``since`` with it and is simply pulled again, and in WAL mode the file stays
    whole. The store's own writes stay synchronous=FULL (invariant 2)."""
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    every = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute("PRAGMA synchronous = NORMAL")
    # Answers' ids are random, so each insert lands on another page of the id index: with a
    # bigger cache and fewer checkpoints, a page is written back once rather than many times
    # (about 30% of a first pull's time).
    conn.execute(f"PRAGMA cache_size = {_PULL_CACHE_KIB}")
    conn.execute(f"PRAGMA wal_autocheckpoint = {_PULL_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(every)}")
        # In WAL mode a checkpoint syncs the log first, pulled pages included.
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


def local_conflicts(conn: sqlite3.Connection, record_ids: list[str]) -> set[tuple[str, str]]:
    rows = conn.execute(
        "SELECT DISTINCT table_name, record_id FROM sync_conflicts "
        "WHERE record_id IN (SELECT value FROM json_each(?))",
        [json.dumps(record_ids)],
    )
    return {(table, record_id) for table, record_id in rows}


def local_rows(
    conn: sqlite3.Connection, changes: list[tuple[str, str, Mapping[str, Any]]]
) -> dict[tuple[str, str], tuple[Any, ...] | None]:
    """The page's records as stored here before it (None: not here), one query per table. A
    record the page holds twice is left out: its second copy must see what the first wrote."""
    seen: dict[tuple[str, str], int] = {}
    for table, record_id, _ in changes:
        seen[(table, record_id)] = seen.get((table, record_id), 0) + 1
    once = [key for key, n in seen.items() if n == 1]
    rows: dict[tuple[str, str], tuple[Any, ...] | None] = dict.fromkeys(once)
    for table in {table for table, _ in once}:
        ids = [record_id for t, record_id in once if t == table]
        for row in conn.execute(select_sql(table, many=True), [json.dumps(ids)]):
            rows[(table, row[0])] = tuple(row[1:])
    return rows


def fetch_local(conn: sqlite3.Connection, table: str, record_id: str) -> tuple[Any, ...] | None:
    row = conn.execute(select_sql(table), [record_id]).fetchone()
    return tuple(row) if row is not None else None


@cache
def select_sql(table: str, *, many: bool = False) -> str:
    columns = ", ".join(f"[{f}]" for f in DATA_FIELDS[table])
    if many:
        return (
            f"SELECT id, dirty, rev, deleted, {columns} FROM [{table}] "
            "WHERE id IN (SELECT value FROM json_each(?))"
        )
    return f"SELECT dirty, rev, deleted, {columns} FROM [{table}] WHERE id = ?"


@cache
def insert_sql(table: str, names: tuple[str, ...]) -> str:
    columns = ", ".join(f"[{c}]" for c in ["id", *names])
    marks = ", ".join("?" * (len(names) + 1))
    return f"INSERT INTO [{table}] ({columns}) VALUES ({marks})"


@cache
def update_sql(table: str, names: tuple[str, ...]) -> str:
    sets = ", ".join(f"[{c}] = ?" for c in names)
    return f"UPDATE [{table}] SET {sets} WHERE id = ?"


def enterprise_derived(values: Mapping[str, Any]) -> dict[str, str]:
    """The search, sort and facet columns, computed as a save in the register computes them."""
    known = {f.name: values[f.name] for f in FIELDS if f.name in values}
    for name in _BOOL_FIELDS & known.keys():
        known[name] = bool(known[name])
    for name in ("name", "credit_code", "address", "contact_person", "contact_phone"):
        if known.get(name) is None:
            known[name] = ""
    return derived_columns(Enterprise(**known))


def store_conflicts(
    conn: sqlite3.Connection, table: str, record_id: str, conflicts: list[Any]
) -> None:
    """The record's open hard conflicts as the server lists them now: earlier ones replaced,
    none left when it lists none. Values are kept as JSON text, so a number stays a number."""
    conn.execute(
        "DELETE FROM sync_conflicts WHERE table_name = ? AND record_id = ?", [table, record_id]
    )
    for c in conflicts:
        ours, theirs = c["ours"], c["theirs"]
        conn.execute(
            "INSERT OR REPLACE INTO sync_conflicts (id, table_name, record_id, field, base, "
            "ours_value, ours_by, ours_at, theirs_value, theirs_by, theirs_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                str(c["id"]),
                table,
                record_id,
                str(c["field"]),
                as_json(c.get("base")),
                as_json(ours.get("value")),
                str(ours.get("by") or ""),
                str(ours.get("at") or ""),
                as_json(theirs.get("value")),
                str(theirs.get("by") or ""),
                str(theirs.get("at") or ""),
            ],
        )


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
