"""The pull half of a sync: a page of the server's records applied to the local store.

Pulled rows are written clean with the server's rev and stamps, never through ``Store.write``
(which would mark them dirty and push them back). A row edited here since the last sync keeps
its data. Runs inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from diagnosis.sync.merge import DELETED, merge
from diagnosis.sync.ports import SyncError

from storage import sqlite_cipher
from storage.sync import client_reset
from storage.sync.client_meta import (
    DATA_FIELDS,
    OBJECT_FIELDS,
    REBASE,
    RESOLVES,
    SINCE,
    get_json,
    key_of,
    put_json,
    put_meta,
)
from storage.sync.client_rows import (
    enterprise_derived,
    fetch_local,
    foreign_keys_off,
    insert_sql,
    local_conflicts,
    local_rows,
    store_conflicts,
    update_sql,
)

if TYPE_CHECKING:
    from storage.database import Store


@dataclass
class PullTally:
    received: int = 0
    skipped: list[str] = field(default_factory=list)  # "table/id: why" not applied here
    rebased: int = 0  # rows edited here after a merge of their push: pushed again at once
    restored: bool = False  # a reset (the server store went back) finished with this pull
    resent: int = 0  # records that reset made to be sent again
    pending: client_reset.Pending | None = None  # the reset under way, for the page applied


def check_page(page: Mapping[str, Any], since: int) -> None:
    """Refuse a page that would corrupt the bookkeeping or loop for ever."""
    changes, nxt, more = page.get("changes"), page.get("next"), page.get("more")
    if not isinstance(changes, list) or not isinstance(nxt, int) or not isinstance(more, bool):
        raise SyncError("response.malformed", "the pull page lacks changes, next or more")
    if more and nxt <= since:
        raise SyncError("response.malformed", "the pull page does not move on")


class _PageAgain(Exception):
    """A record of a page applied without its own savepoint could not be held: the caller's
    transaction rolls the page back and applies it again record by record."""


def apply_page(
    conn: sqlite3.Connection,
    page: Mapping[str, Any],
    tally: PullTally,
    *,
    own_transaction: bool = False,
) -> None:
    """``_apply_page``, with the reset under way (client_reset) kept with the page."""
    tally.pending = client_reset.load(conn)
    _apply_page(conn, page, tally, own_transaction=own_transaction)
    if tally.pending is not None:
        client_reset.save(conn, tally.pending)


def _apply_page(
    conn: sqlite3.Connection,
    page: Mapping[str, Any],
    tally: PullTally,
    *,
    own_transaction: bool = False,
) -> None:
    """Apply one page inside the caller's transaction. ``own_transaction``: the transaction
    holds nothing but this page, so the page needs no savepoint of its own (inserts inside a
    savepoint cost SQLCipher's SQLite about three times as much); should a record fail,
    _PageAgain asks the caller to roll back and call again without it."""
    changes: list[tuple[str, str, Mapping[str, Any]]] = []
    for change in page["changes"]:
        if not isinstance(change, dict) or change.get("table") not in DATA_FIELDS:
            continue  # a table this version does not know (a newer server): not ours to keep
        table, record_id = change["table"], change.get("id")
        if not isinstance(record_id, str) or not isinstance(change.get("data"), dict):
            raise SyncError("response.malformed", f"a pulled {table} record lacks id or data")
        changes.append((table, record_id, change))
    if not changes:
        return
    # Which of the page's records have conflicts here, asked once: a record with none here and
    # none listed needs no delete.
    conflicted = local_conflicts(conn, [record_id for _, record_id, _ in changes])
    locals_ = local_rows(conn, changes)
    # One savepoint for the whole page; only when a record fails does the page go again with a
    # savepoint per record: one record this store cannot hold (a credit code already used here
    # by another enterprise) is reported, the rest of the page still applies.
    before = (tally.received, tally.rebased, len(tally.skipped))
    if own_transaction:
        _apply_whole(conn, changes, tally, conflicted, locals_, before)
        return
    conn.execute("SAVEPOINT pulled_page")
    # The answer triggers' per-row stale marks are paused (m007); the page's visits are
    # marked once each below, inside the same savepoint.
    visits = _answer_visits(conn, changes, locals_)
    try:
        conn.execute("INSERT OR IGNORE INTO facts_pause (id) VALUES (1)")
        try:
            for table, record_id, change in changes:
                _apply_change(conn, table, record_id, change, tally, conflicted, locals_)
        except _SKIPPABLE:
            conn.execute("ROLLBACK TO pulled_page")  # the pause too: these rows mark as usual
            tally.received, tally.rebased = before[0], before[1]
            del tally.skipped[before[2] :]
            for table, record_id, change in changes:
                conn.execute("SAVEPOINT pulled")
                try:
                    _apply_change(conn, table, record_id, change, tally, conflicted, locals_)
                except _SKIPPABLE as exc:
                    conn.execute("ROLLBACK TO pulled")
                    tally.skipped.append(f"{table}/{record_id}: not applied here: {exc}")
                conn.execute("RELEASE pulled")
        if visits:
            _mark_visits(conn, visits)
        conn.execute("DELETE FROM facts_pause")
    except BaseException:
        # Whatever stopped the page (a malformed record, a cancel), none of it stays: nor the
        # pause, should the caller commit what came before.
        conn.execute("ROLLBACK TO pulled_page")
        conn.execute("RELEASE pulled_page")
        raise
    conn.execute("RELEASE pulled_page")


def _apply_whole(
    conn: sqlite3.Connection,
    changes: list[tuple[str, str, Mapping[str, Any]]],
    tally: PullTally,
    conflicted: set[tuple[str, str]],
    locals_: Mapping[tuple[str, str], tuple[Any, ...] | None],
    before: tuple[int, int, int],
) -> None:
    """The page in the caller's own transaction, no savepoint; a record that cannot be held
    restores the tally and raises _PageAgain (the caller's rollback takes the pause too)."""
    visits = _answer_visits(conn, changes, locals_)
    conn.execute("INSERT OR IGNORE INTO facts_pause (id) VALUES (1)")
    # New rows are inserted together at the end of the page, one prepared statement per table
    # and column set (a first pull is nearly all inserts; one execute per row cost about a
    # third of its time). Only rows of records the page holds once: nothing reads them before.
    inserts: _Inserts = {}
    try:
        for table, record_id, change in changes:
            _apply_change(conn, table, record_id, change, tally, conflicted, locals_, inserts)
        for sql, rows in inserts.items():
            conn.executemany(sql, rows)
    except _SKIPPABLE:
        tally.received, tally.rebased = before[0], before[1]
        del tally.skipped[before[2] :]
        raise _PageAgain() from None
    if visits:
        _mark_visits(conn, visits)
    conn.execute("DELETE FROM facts_pause")


def _mark_visits(conn: sqlite3.Connection, visits: set[str]) -> None:
    conn.execute(
        "INSERT INTO facts_stale (visit_id, seq) SELECT value, 1 FROM json_each(?) "
        "WHERE true ON CONFLICT(visit_id) DO UPDATE SET seq = seq + 1",
        [json.dumps(sorted(visits))],
    )


_ANSWER_VISIT = DATA_FIELDS["answers"].index("visit_id") + 3  # after dirty, rev, deleted


def _answer_visits(
    conn: sqlite3.Connection,
    changes: list[tuple[str, str, Mapping[str, Any]]],
    locals_: Mapping[tuple[str, str], tuple[Any, ...] | None],
) -> set[str]:
    """The visits of the page's answers, as stored here and as pulled: those the paused answer
    triggers would have marked (a few more when an answer came unchanged, which is harmless)."""
    visits: set[str] = set()
    for table, record_id, change in changes:
        if table != "answers":
            continue
        key = (table, record_id)
        local = locals_[key] if key in locals_ else fetch_local(conn, table, record_id)
        for visit in (change["data"].get("visit_id"), local and local[_ANSWER_VISIT]):
            if isinstance(visit, str):
                visits.add(visit)
    return visits


_SKIPPABLE: tuple[type[Exception], ...] = (
    *sqlite_cipher.INTEGRITY_ERRORS,
    TypeError,
    ValueError,
    KeyError,
)


_Inserts = dict[str, list[list[Any]]]


def _apply_change(
    conn: sqlite3.Connection,
    table: str,
    record_id: str,
    change: Mapping[str, Any],
    tally: PullTally,
    conflicted: set[tuple[str, str]],
    locals_: Mapping[tuple[str, str], tuple[Any, ...] | None],
    inserts: _Inserts | None = None,
) -> None:
    key = (table, record_id)
    if key in locals_:
        local = locals_[key]
    else:
        local = fetch_local(conn, table, record_id)
        inserts = None  # a record the page holds twice: its next copy reads this one's row
    if _apply_record(conn, table, record_id, change, tally, local, inserts):
        tally.received += 1
    conflicts = change.get("conflicts") or []
    if conflicts or key in conflicted:
        store_conflicts(conn, table, record_id, conflicts)
        if conflicts:
            conflicted.add(key)  # a later copy of the record in this page replaces them


def _apply_record(
    conn: sqlite3.Connection,
    table: str,
    record_id: str,
    change: Mapping[str, Any],
    tally: PullTally,
    local: tuple[Any, ...] | None,
    inserts: _Inserts | None = None,
) -> bool:
    """Write the pulled record clean; False when nothing changed here (its own echo, or a
    row edited here that keeps its data). ``local`` is the row here (dirty, rev, deleted and
    the data fields), None when there is none."""
    fields = DATA_FIELDS[table]
    pending = tally.pending
    if (
        pending is not None
        and local is not None
        and client_reset.settle(conn, table, record_id, change, local, pending)
    ):
        return False  # a row of this laptop's past the fork: clean, or to be sent again
    if local is not None and local[0]:
        rebased = _rebase(conn, table, record_id, local, change)
        if rebased == "rebased":
            tally.rebased += 1
            return True
        if rebased in ("kept", "retry"):
            # Edited here since: the next push sends it on its old base; after a merge of
            # this laptop's push ("retry"), a push in this same sync.
            tally.rebased += rebased == "retry"
            return False
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
    if local is None and inserts is not None:
        inserts.setdefault(insert_sql(table, tuple(row)), []).append([record_id, *row.values()])
    elif local is None:
        conn.execute(insert_sql(table, tuple(row)), [record_id, *row.values()])
    else:
        conn.execute(update_sql(table, tuple(row)), [*row.values(), record_id])
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
    version is applied as usual); "kept" on its old base when there is no such push, "retry"
    when a field was also changed elsewhere since or the row settles a conflict (the server
    judges it on the old base)."""
    pending: dict[str, Any] = get_json(conn, REBASE, {})
    key = key_of(table, record_id)
    entry = pending.pop(key, None)
    if entry is None or int(change["rev"]) < int(entry["rev"]):
        return "kept"
    put_json(conn, REBASE, pending)
    if key in get_json(conn, RESOLVES, {}):
        # A person's resolution settles the conflicts they were shown, those of the row's
        # rev: based on the pulled rev, it would settle ones opened since, unseen.
        return "retry"
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
        return "retry"
    if merged.data == pulled:
        return "clean"
    values: dict[str, Any] = {f: merged.data.get(f) for f in fields}
    if table == "enterprises":
        values.update(enterprise_derived(values))
    row = {**values, "deleted": int(bool(merged.data.get(DELETED))), "rev": int(change["rev"])}
    conn.execute(update_sql(table, tuple(row)), [*row.values(), record_id])
    return "rebased"


def drop_stale_rebases(conn: sqlite3.Connection, pulled_to: int) -> None:
    """After a whole pull: rows whose merged version never came (no longer visible here) go
    on their old base, as before."""
    pending: dict[str, Any] = get_json(conn, REBASE, {})
    left = {k: v for k, v in pending.items() if int(v["rev"]) > pulled_to}
    if left != pending:
        put_json(conn, REBASE, left)


def apply_pull_page(store: Store, page: Mapping[str, Any], since: int, tally: PullTally) -> bool:
    """Apply one page and keep its ``next`` in the same transaction; True if more. A laptop's
    sync and the server's office mirror both pull through this."""
    check_page(page, since)
    conn = store.conn
    try:
        with foreign_keys_off(conn), store.transaction():
            apply_page(conn, page, tally, own_transaction=True)
            _page_done(conn, page, tally)
    except _PageAgain:  # rolled back whole: again, each record in a savepoint of its own
        with foreign_keys_off(conn), store.transaction():
            apply_page(conn, page, tally)
            _page_done(conn, page, tally)
    return bool(page["more"])


def apply_pull_pages(
    store: Store, pages: Sequence[tuple[Mapping[str, Any], int]], tally: PullTally
) -> None:
    """Pages pulled one after another (each with the ``since`` it was asked from), applied in one
    transaction, each keeping its ``next`` as ``apply_pull_page`` does. A first pull writes
    its records' random ids all over the id indexes: committed page by page, each commit wrote
    most of those index pages back again (encrypted), two fifths of the pull's time. Should a
    record need a savepoint, the pages are rolled back and applied one by one."""
    if len(pages) == 1:
        apply_pull_page(store, *pages[0], tally)
        return
    for page, since in pages:
        check_page(page, since)
    before = replace(tally, skipped=list(tally.skipped))
    conn = store.conn
    try:
        with foreign_keys_off(conn), store.transaction():
            for page, _since in pages:
                apply_page(conn, page, tally, own_transaction=True)
                _page_done(conn, page, tally)
    except _PageAgain:  # rolled back, all of them: the tally as it was, and page by page
        for kept in fields(PullTally):
            setattr(tally, kept.name, getattr(before, kept.name))
        for page, since in pages:
            apply_pull_page(store, page, since, tally)


def _page_done(conn: sqlite3.Connection, page: Mapping[str, Any], tally: PullTally) -> None:
    put_meta(conn, SINCE, str(page["next"]))
    if not page["more"]:
        drop_stale_rebases(conn, int(page["next"]))
        pull_done(conn, tally)


def pull_done(conn: sqlite3.Connection, tally: PullTally) -> None:
    """After the last page of a pull (in its transaction): a reset under way is finished, the
    rows the server never sent made new to it (client_reset.finish). The offline bundle calls
    this too, after the last page of a reply."""
    resent = client_reset.finish(conn)
    if resent is not None:
        tally.restored = True
        tally.resent += resent
