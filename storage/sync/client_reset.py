"""A laptop meeting a server store that went back in time (docs/sync.md "Backup and restore").

Every push and pull answer names the store (its identity) and its generation, which a restore
from a backup changes, with the store's lineage: each generation and the sequence it began at.
The laptop remembers the store it last synced with. When the store is the same one, but of
another generation, or behind the laptop's position, what the laptop holds past the *fork* (the
last position both histories share) may be missing on the server, and the revisions it holds past
it name versions the server never made. Then the laptop *resets*:

1. Every row with a revision past the fork is *stale*; the position goes back to 0, the unanswered
   batches and pending rebases are dropped (their rows stay dirty), the listed conflicts too (the
   pull from 0 lists the open ones again). Nothing is pushed yet: a stale row's base is unknown.
2. The pull from 0 brings the store's version of each record. A stale row holding the same data
   is simply clean again; one holding other data keeps it, dirty, based on the newest version
   both histories share (``min(fork, rev)``: the server merges against it, so the laptop's edits
   and the server's newer ones both stand, and only a field both changed is a conflict).
3. When the pull is done, the stale rows the server never sent (it lacks them) are new to it:
   rev 0, dirty. The push that follows sends them all; identical ones come back ``unchanged``.

Another identity is another server: refused (``store.other``) unless the laptop never synced, or
the user says it replaces the old one (``adopt``: everything the laptop holds is sent, as to a
new server). The HTTP sync and the offline bundle both call ``observe`` with the answer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from diagnosis.sync.ports import SyncError

from storage.sync.client_meta import (
    DATA_FIELDS,
    ECHO,
    OUTBOX,
    REBASE,
    RESET,
    SERVER,
    SINCE,
    TABLES,
    get_json,
    get_since,
    key_of,
    put_json,
    put_meta,
)

if TYPE_CHECKING:
    from storage.database import Store


@dataclass
class Pending:
    """A reset begun and not finished (kept in ``local_meta`` until its pull is done)."""

    fork: int
    stale: set[str] = field(default_factory=set)  # "table/id" of rows past the fork
    resent: int = 0  # rows it has made to be sent again so far


@dataclass(frozen=True)
class StoreSeen:
    id: str
    generation: int
    lineage: tuple[tuple[int, int], ...]


def expectation(conn: sqlite3.Connection) -> dict[str, Any]:
    """What a push carries as ``expect``: the server refuses a batch meant for another store."""
    known = get_json(conn, SERVER, None)
    expect: dict[str, Any] = {"since": get_since(conn)}
    if isinstance(known, dict):
        expect.update(store_id=known.get("id"), generation=known.get("generation"))
    return expect


def load(conn: sqlite3.Connection) -> Pending | None:
    value = get_json(conn, RESET, None)
    if not isinstance(value, dict):
        return None
    return Pending(int(value["fork"]), set(value.get("stale", [])), int(value.get("resent", 0)))


def save(conn: sqlite3.Connection, pending: Pending) -> None:
    value = {"fork": pending.fork, "stale": sorted(pending.stale), "resent": pending.resent}
    put_json(conn, RESET, value)


def seen_store(answer: Mapping[str, Any]) -> StoreSeen | None:
    """The ``store`` of a push or pull answer; None from a server that does not say."""
    raw = answer.get("store")
    if not isinstance(raw, dict):
        return None
    store_id, generation, lineage = raw.get("id"), raw.get("generation"), raw.get("lineage")
    if not isinstance(store_id, str) or not isinstance(generation, int):
        raise SyncError("response.malformed", "the answer's store lacks its id or generation")
    entries: list[tuple[int, int]] = []
    for item in lineage if isinstance(lineage, list) else []:
        if isinstance(item, dict) and all(
            isinstance(item.get(k), int) for k in ("generation", "start")
        ):
            entries.append((int(item["generation"]), int(item["start"])))
    return StoreSeen(store_id, generation, tuple(entries))


def fork_point(generation: int, lineage: tuple[tuple[int, int], ...]) -> int:
    """How much of the store's history a laptop that last synced in ``generation`` shares:
    up to the start of the first later generation of the store's line. None is assumed shared
    when the line does not hold that generation (a branch a later restore abandoned)."""
    if generation not in {g for g, _ in lineage}:
        return 0
    later = [start for g, start in lineage if g > generation]
    return min(later) if later else 0


def observe(store: Store, answer: Mapping[str, Any], since: int, *, adopt: bool = False) -> bool:
    """Judge a server's answer before anything of it is applied: True when a reset has begun
    (the caller pulls from 0, then pushes), False when the store is the one it knew (or the
    first it meets, now remembered). Raises SyncError ``store.other`` for another store."""
    conn = store.conn
    seen = seen_store(answer)
    known = get_json(conn, SERVER, None)
    seq = answer.get("seq")
    fork: int | None = None
    if seen is not None and isinstance(known, dict):
        if known.get("id") != seen.id:
            if not adopt:
                raise SyncError(
                    "store.other",
                    f"the server's store {seen.id} is not {known.get('id')}, the one this laptop "
                    "synced with; nothing was sent or applied. If it replaces that server, sync "
                    "once with --new-server",
                )
            fork = 0
        elif known.get("generation") != seen.generation:
            fork = fork_point(int(known.get("generation") or 0), seen.lineage)
    if fork is None and isinstance(seq, int) and since > seq:
        # Behind this laptop without a new generation (put back with its high-water file, or a
        # server that does not say): where the histories part is unknown, so none is assumed
        # shared. Nothing is lost; a field both sides hold differently is a conflict to settle.
        fork = 0
    if fork is None:
        if seen is not None and known != _remembered(seen):
            with store.transaction():
                put_json(conn, SERVER, _remembered(seen))
        return False
    with store.transaction():
        begin(conn, fork, seen)
    return True


def _remembered(seen: StoreSeen) -> dict[str, Any]:
    return {"id": seen.id, "generation": seen.generation}


def begin(conn: sqlite3.Connection, fork: int, seen: StoreSeen | None) -> None:
    """Step 1 of the reset (inside the caller's transaction); a reset already under way (cut
    short, then the store went back again) goes on from the earlier fork if that is lower."""
    pending = load(conn) or Pending(fork)
    pending.fork = min(pending.fork, fork)
    for table in TABLES:
        rows = conn.execute(f"SELECT id FROM [{table}] WHERE rev > ?", [pending.fork])
        pending.stale.update(key_of(table, rid) for (rid,) in rows)
    save(conn, pending)
    if seen is not None:
        put_json(conn, SERVER, _remembered(seen))
    put_meta(conn, SINCE, None)
    put_meta(conn, ECHO, None)  # positions of the store that went back
    put_json(conn, REBASE, None)
    # Their rows are still dirty: sent again, on bases the pull establishes.
    conn.execute("DELETE FROM local_meta WHERE key LIKE ?", [OUTBOX + "%"])
    conn.execute("DELETE FROM sync_conflicts")


def settle(
    conn: sqlite3.Connection,
    table: str,
    record_id: str,
    change: Mapping[str, Any],
    local: tuple[Any, ...],
    pending: Pending,
) -> bool:
    """Step 2 for one pulled record; False when it is not stale (applied as usual). ``local``
    is the row here: dirty, rev, deleted, then the data fields."""
    key = key_of(table, record_id)
    if key not in pending.stale:
        return False
    pending.stale.discard(key)
    fields = DATA_FIELDS[table]
    data = change["data"]
    here = {**dict(zip(fields, local[3:], strict=True)), "": bool(local[2])}
    there = {**{f: data.get(f) for f in fields}, "": bool(change.get("deleted", False))}
    rev = int(change["rev"])
    if here == there:
        conn.execute(
            f"UPDATE [{table}] SET rev = ?, dirty = 0, updated_by = ?, updated_at = ? WHERE id = ?",
            [
                rev,
                str(change.get("updated_by") or ""),
                str(change.get("updated_at") or ""),
                record_id,
            ],
        )
    else:
        conn.execute(
            f"UPDATE [{table}] SET rev = ?, dirty = 1 WHERE id = ?",
            [min(pending.fork, rev), record_id],
        )
        pending.resent += 1
    return True


def finish(conn: sqlite3.Connection) -> int | None:
    """Step 3, when the pull from 0 is done (inside its last page's transaction): the rows
    the server never sent go to it as new. The records the reset sends again; None when no
    reset was under way."""
    pending = load(conn)
    if pending is None:
        return None
    for key in sorted(pending.stale):
        table, _, record_id = key.partition("/")
        if table in DATA_FIELDS:
            done = conn.execute(
                f"UPDATE [{table}] SET rev = 0, dirty = 1 WHERE id = ?", [record_id]
            )
            pending.resent += done.rowcount
    put_json(conn, RESET, None)
    return pending.resent


def stale_keys(conn: sqlite3.Connection) -> frozenset[str]:
    """Rows waiting for the reset's pull: not pushed (nor exported) before it is done."""
    value = get_json(conn, RESET, None)
    return frozenset(value.get("stale", [])) if isinstance(value, dict) else frozenset()
