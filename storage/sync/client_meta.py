"""What the sync client keeps about its tables and in ``local_meta``, shared by push and pull.

The data fields per table are docs/sync.md's contract: nothing else travels. The helpers here
write inside a transaction the caller holds, so a sync step and its bookkeeping commit together.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# docs/sync.md "Records": the data fields of each synced table, everything else is local.
# A visit's year, output_value, energy_use, water_use and water_reused_m3 are always empty
# since the answers became the record (m008); they still travel for laptops of older versions.
DATA_FIELDS: dict[str, tuple[str, ...]] = {
    "enterprises": (
        "name",
        "credit_code",
        "district",
        "industry",
        "cluster",
        "above_scale",
        "willing",
        "employees",
        "output_value",
        "tax",
        "land_area",
        "data_year",
        "address",
        "contact_person",
        "contact_phone",
        "per_mu_class",
        "green_stars",
    ),
    "visits": (
        "enterprise_id",
        "date",
        "status",
        "revision",
        "team",
        "organisation",
        "areas",
        "checklists",
        "year",
        "output_value",
        "energy_use",
        "water_use",
        "water_reused_m3",
        "measures",
        "previous_id",
        "notes",
        "tables",
        "experts",
    ),
    "answers": ("visit_id", "area", "item", "value"),
    "findings": ("visit_id", "area", "item", "severity", "text", "photos"),
}
# Fields holding JSON as text, merged key by key (objects) or element by element (the measure
# decisions, by code; diagnosis.sync.merge ``objects``): two experts' notes on their own areas,
# or their decisions on different measures, of one visit are no conflict.
OBJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "visits": ("checklists", "measures", "notes", "tables")
}
# Parents before children, so the server can check a visit before its answers arrive.
TABLES = ("enterprises", "visits", "answers", "findings")
BATCH_SIZE = 500  # the server's limit per push
# Records per pull page: the server allows 1000, and a first pull of a register runs ~10% faster
# with pages of 1000 than of 500 (fewer round trips and commits).
PAGE_SIZE = 1000

SINCE = "sync.since"  # the last pulled page's ``next``
OUTBOX = "sync.outbox."  # + sequence: push bodies saved before they are sent, until answered
RESOLVES = "sync.resolves"  # {"table/id": [field, ...]} settled here, to send with the record
UPLOADS = "sync.uploads"  # photos of pushed findings still to upload
# {"table/id": {"rev", "data", "deleted"}}: rows the server merged with others' changes and
# edited here again since; what was pushed, the base their next pull rebases them on.
REBASE = "sync.rebase"
# {"id", "generation"}: the server store this laptop last synced with (storage.sync.client_reset).
SERVER = "sync.server"
# {"fork", "stale", "resent"}: a reset begun and not finished, since the store went back.
RESET = "sync.reset"
# [[after, through], ...]: runs of the pull order that hold only what this laptop pushed, as
# it pushed it (a push answer's ``echo``); the pull passes over them (storage.sync.client_echo).
ECHO = "sync.echo"


def key_of(table: str, record_id: str) -> str:
    return f"{table}/{record_id}"


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM local_meta WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def put_meta(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    """Set (or with None remove) one key; the caller holds the transaction."""
    if value is None:
        conn.execute("DELETE FROM local_meta WHERE key = ?", [key])
        return
    conn.execute(
        "INSERT INTO local_meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def get_since(conn: sqlite3.Connection) -> int:
    value = get_meta(conn, SINCE)
    return int(value) if value else 0


def get_json(conn: sqlite3.Connection, key: str, default: Any) -> Any:
    value = get_meta(conn, key)
    return default if value is None else json.loads(value)


def put_json(conn: sqlite3.Connection, key: str, value: Any) -> None:
    """Store JSON, or drop the key when ``value`` is empty (nothing left to remember)."""
    put_meta(conn, key, json.dumps(value, ensure_ascii=False) if value else None)


def outbox(conn: sqlite3.Connection) -> list[tuple[str, dict[str, Any]]]:
    """The push bodies saved and not yet answered, oldest first, with their keys."""
    rows = conn.execute(
        "SELECT key, value FROM local_meta WHERE key LIKE ? ORDER BY key", [OUTBOX + "%"]
    )
    return [(key, json.loads(value)) for key, value in rows]


def add_to_outbox(conn: sqlite3.Connection, body: dict[str, Any]) -> str:
    # One key per batch: removing an answered batch rewrites nothing else (an initial sync of
    # a whole register is dozens of batches).
    last = conn.execute(
        "SELECT max(key) FROM local_meta WHERE key LIKE ?", [OUTBOX + "%"]
    ).fetchone()[0]
    number = int(last[len(OUTBOX) :]) + 1 if last else 1
    key = f"{OUTBOX}{number:09d}"
    put_meta(conn, key, json.dumps(body, ensure_ascii=False))
    return key
