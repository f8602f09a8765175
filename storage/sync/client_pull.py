"""The pull half of a sync: a page of the server's records applied to the local store.

Pulled rows are written clean with the server's rev and stamps, never through ``Store.write``
(which would mark them dirty and push them back). A row edited here since the last sync keeps
its data. Runs inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from diagnosis.enterprise import FIELDS, Enterprise
from diagnosis.search import derived_columns
from diagnosis.sync_merge import DELETED, merge
from diagnosis.sync_ports import SyncError

from storage.sync.client_meta import (
    DATA_FIELDS,
    OBJECT_FIELDS,
    REBASE,
    get_json,
    key_of,
    put_json,
)

_BOOL_FIELDS = frozenset(f.name for f in FIELDS if f.kind == "bool")


@dataclass
class PullTally:
    received: int = 0
    skipped: list[str] = field(default_factory=list)  # "table/id: why" not applied here
    rebased: int = 0  # rows edited here rebased on the pulled version, to push again


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


def check_page(page: Mapping[str, Any], since: int) -> None:
    """Refuse a page that would corrupt the bookkeeping or loop for ever."""
    changes, nxt, more = page.get("changes"), page.get("next"), page.get("more")
    if not isinstance(changes, list) or not isinstance(nxt, int) or not isinstance(more, bool):
        raise SyncError("response.malformed", "the pull page lacks changes, next or more")
    if more and nxt <= since:
        raise SyncError("response.malformed", "the pull page does not move on")


def apply_page(conn: sqlite3.Connection, page: Mapping[str, Any], tally: PullTally) -> None:
    for change in page["changes"]:
        if not isinstance(change, dict) or change.get("table") not in DATA_FIELDS:
            continue  # a table this version does not know (a newer server): not ours to keep
        table, record_id = change["table"], change.get("id")
        if not isinstance(record_id, str) or not isinstance(change.get("data"), dict):
            raise SyncError("response.malformed", f"a pulled {table} record lacks id or data")
        # A savepoint per record: one record this store cannot hold (a credit code already
        # used here by another enterprise) is reported, the rest of the page still applies.
        conn.execute("SAVEPOINT pulled")
        try:
            if _apply_record(conn, table, record_id, change, tally):
                tally.received += 1
            _store_conflicts(conn, table, record_id, change.get("conflicts") or [])
        except (sqlite3.IntegrityError, TypeError, ValueError, KeyError) as exc:
            conn.execute("ROLLBACK TO pulled")
            tally.skipped.append(f"{table}/{record_id}: not applied here: {exc}")
        conn.execute("RELEASE pulled")


def _apply_record(
    conn: sqlite3.Connection,
    table: str,
    record_id: str,
    change: Mapping[str, Any],
    tally: PullTally,
) -> bool:
    """Write the pulled record clean; False when nothing changed here (its own echo, or a
    row edited here that keeps its data)."""
    fields = DATA_FIELDS[table]
    columns = ", ".join(f"[{f}]" for f in fields)
    local = conn.execute(
        f"SELECT dirty, rev, deleted, {columns} FROM [{table}] WHERE id = ?", [record_id]
    ).fetchone()
    if local is not None and local[0]:
        rebased = _rebase(conn, table, record_id, local, change)
        if rebased == "rebased":
            tally.rebased += 1
            return True
        if rebased == "kept":
            return False  # edited here since: the next push sends it on its old base
        # "clean": nothing of this laptop's beyond the pulled version, applied as it is
    data = change["data"]
    values: dict[str, Any] = {f: data[f] for f in fields if f in data}
    deleted = int(bool(change.get("deleted", False)))
    if local is not None:
        before = dict(zip(fields, local[3:], strict=True))
        if local[1] == change.get("rev") and local[2] == deleted and {**before, **values} == before:
            return False
        merged = {**before, **values}
    else:
        merged = values
    if table == "enterprises":
        values.update(enterprise_derived(merged))
    stamps = {
        "rev": int(change["rev"]),
        "deleted": deleted,
        "dirty": 0,
        "updated_by": str(change.get("updated_by") or ""),
        "updated_at": str(change.get("updated_at") or ""),
    }
    row = {**values, **stamps}
    if local is None:
        names = ", ".join(f"[{c}]" for c in ["id", *row])
        marks = ", ".join("?" * (len(row) + 1))
        conn.execute(
            f"INSERT INTO [{table}] ({names}) VALUES ({marks})", [record_id, *row.values()]
        )
    else:
        sets = ", ".join(f"[{c}] = ?" for c in row)
        conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*row.values(), record_id])
    return True


def _rebase(
    conn: sqlite3.Connection,
    table: str,
    record_id: str,
    local: tuple[Any, ...],
    change: Mapping[str, Any],
) -> str:
    """A row the server merged with others' changes (client_push keeps what was pushed and
    leaves the row dirty): the pulled version with the edits made here since the push, based
    on the pulled rev and still dirty ("rebased"); "clean" when there are none (the pulled
    version is applied as usual); "kept" on its old base when there is no such push or a
    field was also changed elsewhere since (the server judges it)."""
    pending: dict[str, Any] = get_json(conn, REBASE, {})
    entry = pending.pop(key_of(table, record_id), None)
    if entry is None or int(change["rev"]) < int(entry["rev"]):
        return "kept"
    put_json(conn, REBASE, pending)
    fields = DATA_FIELDS[table]
    data = change["data"]
    pushed = {**entry["data"], DELETED: bool(entry["deleted"])}
    pulled = {**{f: data.get(f) for f in fields}, DELETED: bool(change.get("deleted", False))}
    mine = {**dict(zip(fields, local[3:], strict=True)), DELETED: bool(local[2])}
    merged = merge(pushed, pulled, mine, OBJECT_FIELDS.get(table, ()))
    # A delete against the pushed edit is already open on the server: the row keeps the
    # pulled tombstone (as the server's merge would) until a person settles it.
    listed = {c.get("field") for c in change.get("conflicts") or [] if isinstance(c, dict)}
    if any(f != DELETED or DELETED not in listed for f in merged.hard):
        return "kept"
    if merged.data == pulled:
        return "clean"
    values: dict[str, Any] = {f: merged.data.get(f) for f in fields}
    if table == "enterprises":
        values.update(enterprise_derived(values))
    row = {**values, "deleted": int(bool(merged.data.get(DELETED))), "rev": int(change["rev"])}
    sets = ", ".join(f"[{c}] = ?" for c in row)
    conn.execute(f"UPDATE [{table}] SET {sets} WHERE id = ?", [*row.values(), record_id])
    return "rebased"


def drop_stale_rebases(conn: sqlite3.Connection, pulled_to: int) -> None:
    """After a whole pull: rows whose merged version never came (no longer visible here) go
    on their old base, as before."""
    pending: dict[str, Any] = get_json(conn, REBASE, {})
    left = {k: v for k, v in pending.items() if int(v["rev"]) > pulled_to}
    if left != pending:
        put_json(conn, REBASE, left)


def enterprise_derived(values: Mapping[str, Any]) -> dict[str, str]:
    """The search, sort and facet columns, computed as a save in the register computes them."""
    known = {f.name: values[f.name] for f in FIELDS if f.name in values}
    for name in _BOOL_FIELDS & known.keys():
        known[name] = bool(known[name])
    for name in ("name", "credit_code", "address", "contact_person", "contact_phone"):
        if known.get(name) is None:
            known[name] = ""
    return derived_columns(Enterprise(**known))


def _store_conflicts(
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
                _json(c.get("base")),
                _json(ours.get("value")),
                str(ours.get("by") or ""),
                str(ours.get("at") or ""),
                _json(theirs.get("value")),
                str(theirs.get("by") or ""),
                str(theirs.get("at") or ""),
            ],
        )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
