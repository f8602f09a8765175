"""The push half of a sync: dirty rows into batches, and a batch's response back into the store.

Marking a row clean never loses an edit: a row changed after its batch was collected stays
dirty. Functions taking a connection run inside the caller's transaction; none commits.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from diagnosis.sync.ports import SyncError

from storage.sync import client_echo
from storage.sync.client_meta import (
    BATCH_SIZE,
    DATA_FIELDS,
    REBASE,
    RESOLVES,
    SINCE,
    TABLES,
    UPLOADS,
    get_json,
    get_since,
    key_of,
    put_json,
    put_meta,
)
from storage.sync.client_reset import stale_keys

# The server's version is exactly what was pushed: a later local edit is based on it.
_SAME_AS_PUSHED = frozenset({"created", "updated", "unchanged"})
_APPLIED = _SAME_AS_PUSHED | {"merged", "conflict"}


@dataclass
class PushTally:
    sent: int = 0
    merged: int = 0
    revisions: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    refused: set[tuple[str, str]] = field(default_factory=set)  # (table, id) of rejected


def dirty_changes(
    conn: sqlite3.Connection, skip: frozenset[tuple[str, str]] = frozenset()
) -> Iterator[dict[str, Any]]:
    """Every dirty row as a change of docs/sync.md, parents' tables first, in rowid order;
    not the rows waiting to be rebased by a pull (see ``apply_response``), nor those a reset
    has yet to base (client_reset)."""
    resolves: dict[str, list[str]] = get_json(conn, RESOLVES, {})
    rebase: dict[str, Any] = get_json(conn, REBASE, {})
    stale = stale_keys(conn)
    for table in TABLES:
        fields = DATA_FIELDS[table]
        columns = ", ".join(f"[{f}]" for f in fields)
        sql = (
            f"SELECT id, rev, deleted, updated_at, {columns} FROM [{table}] "
            "WHERE dirty = 1 ORDER BY rowid"
        )
        for row in conn.execute(sql).fetchall():
            record_id, rev, deleted, updated_at, *values = row
            key = key_of(table, record_id)
            if (table, record_id) in skip or key in rebase or key in stale:
                continue
            yield {
                "table": table,
                "id": record_id,
                "base_rev": rev,
                "deleted": bool(deleted),
                "data": dict(zip(fields, values, strict=True)),
                "updated_at": updated_at,
                "resolves": list(resolves.get(key_of(table, record_id), [])),
            }


def batches(changes: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Push bodies of at most BATCH_SIZE changes, each with its own batch id."""
    chunk: list[dict[str, Any]] = []
    for change in changes:
        chunk.append(change)
        if len(chunk) == BATCH_SIZE:
            yield new_body(chunk)
            chunk = []
    if chunk:
        yield new_body(chunk)


def new_body(changes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"batch": str(uuid.uuid4()), "changes": changes}


def unsynced(conn: sqlite3.Connection) -> int:
    return sum(
        conn.execute(f"SELECT count(*) FROM [{t}] WHERE dirty = 1").fetchone()[0] for t in TABLES
    )


def apply_response(
    conn: sqlite3.Connection, body: dict[str, Any], response: dict[str, Any], tally: PushTally
) -> None:
    """Record what the server did with each change of ``body`` (inside the caller's
    transaction, together with removing the batch from the outbox)."""
    results = response.get("results")
    if response.get("batch") != body["batch"] or not isinstance(results, list):
        raise SyncError("response.malformed", "the push response does not answer this batch")
    sent = {(c["table"], c["id"]): c for c in body["changes"]}
    resolves: dict[str, list[str]] = get_json(conn, RESOLVES, {})
    uploads: list[str] = get_json(conn, UPLOADS, [])
    rebase: dict[str, Any] = get_json(conn, REBASE, {})
    since = get_since(conn)
    for result in results:
        change = (
            sent.get((result.get("table"), result.get("id"))) if isinstance(result, dict) else None
        )
        if change is None:
            continue  # not one of ours: nothing here to mark
        tally.sent += 1
        outcome = result.get("outcome")
        if outcome == "rejected":
            code, reason = result.get("code", "rejected"), result.get("reason", "")
            tally.rejected.append(f"{change['table']}/{change['id']}: {code}: {reason}")
            tally.refused.add((change["table"], change["id"]))
            continue
        unchanged = _unchanged_since_sent(conn, change)
        key = key_of(change["table"], change["id"])
        rebase.pop(key, None)
        if outcome in _APPLIED:
            _mark_pushed(conn, change, int(result["rev"]), outcome, unchanged)
            tally.merged += outcome == "merged"
            if outcome not in _SAME_AS_PUSHED:
                # Merged with others' changes: the pull brings the merged version and rebases
                # the row on it, with what was pushed as the base (client_pull), keeping any
                # edit made here since. Pushed again on its old base before that, a field
                # edited twice here would conflict with this laptop's own earlier value.
                pushed = {"data": change["data"], "deleted": change["deleted"]}
                rebase[key] = {"rev": int(result["rev"]), **pushed}
                # A change merged away makes no version: pull that one again if passed.
                since = min(since, int(result["rev"]) - 1)
        elif outcome == "revision":
            tally.revisions.append(str(result.get("new_id", "")))
            since = _after_revision(conn, change, unchanged, since)
        else:
            raise SyncError("response.malformed", f"unknown push outcome {outcome!r}")
        settled = set(change["resolves"])
        if settled and key in resolves:
            left = [f for f in resolves[key] if f not in settled]
            resolves[key] = left
            if not left:
                del resolves[key]
        if change["table"] == "findings" and not change["deleted"]:
            uploads.extend(sha for sha in _photos(change["data"]) if sha not in uploads)
    put_json(conn, RESOLVES, resolves)
    put_json(conn, UPLOADS, uploads)
    put_json(conn, REBASE, rebase)
    put_meta(conn, SINCE, str(since))
    client_echo.note(conn, response)  # what this store now holds as the server does


def _unchanged_since_sent(conn: sqlite3.Connection, change: dict[str, Any]) -> bool:
    table = change["table"]
    fields = DATA_FIELDS[table]
    columns = ", ".join(f"[{f}]" for f in fields)
    row = conn.execute(
        f"SELECT updated_at, deleted, {columns} FROM [{table}] WHERE id = ?", [change["id"]]
    ).fetchone()
    if row is None:
        return False
    updated_at, deleted, *values = row
    # updated_at has millisecond resolution: the data is compared too, so two edits within
    # one millisecond still keep the row dirty.
    return bool(
        updated_at == change["updated_at"]
        and bool(deleted) == change["deleted"]
        and dict(zip(fields, values, strict=True)) == change["data"]
    )


def _mark_pushed(
    conn: sqlite3.Connection, change: dict[str, Any], rev: int, outcome: str, unchanged: bool
) -> None:
    table = change["table"]
    if outcome not in _SAME_AS_PUSHED:
        # merged/conflict: the server's version holds others' changes this copy lacks. The row
        # keeps its old rev and stays dirty until the pull brings that version (apply_response
        # keeps what was pushed for it): a row marked with the merged rev, or clean on its old
        # one, holding the data as pushed, would overwrite those changes when next edited.
        return
    if unchanged:
        conn.execute(f"UPDATE [{table}] SET rev = ?, dirty = 0 WHERE id = ?", [rev, change["id"]])
    else:
        # Edited again during the sync: still dirty, but based on what the server now holds,
        # so the next push does not conflict with this laptop's own earlier change.
        conn.execute(f"UPDATE [{table}] SET rev = ? WHERE id = ?", [rev, change["id"]])


def _after_revision(
    conn: sqlite3.Connection, change: dict[str, Any], unchanged: bool, since: int
) -> int:
    """The change went to a new revision of a finalised visit; this copy of the finalised
    record must become the server's again. Returns the ``since`` to pull from."""
    if not unchanged:
        return since  # edited again: pushed again (and again made into a revision)
    table, record_id, base = change["table"], change["id"], int(change["base_rev"])
    if base == 0:
        # Made here, it never existed on the server: it lives on in the revision only.
        conn.execute(f"UPDATE [{table}] SET deleted = 1, dirty = 0 WHERE id = ?", [record_id])
        return since
    # Clean again, and pulled again from its base: the server's version replaces the local
    # edit (pulling re-applies clean rows, which changes nothing else).
    conn.execute(f"UPDATE [{table}] SET dirty = 0 WHERE id = ?", [record_id])
    return min(since, base - 1)


def _photos(data: dict[str, Any]) -> list[str]:
    try:
        names = json.loads(data.get("photos") or "[]")
    except (TypeError, ValueError):
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
