"""Which store a laptop is talking to, and since when (docs/sync.md "Backup and restore").

A central store has an *identity*, a UUID made with it, and a *generation*, a whole number that
changes whenever the store goes back in time (restored from a backup). Every push and pull answer
carries both, with the store's *lineage*: each generation of this store's line and the sequence it
began at (that of the backup it was restored from). A laptop that last synced in generation g
shares the store's history up to the start of the first generation after g; anything it holds past
that the store may lack, and it sends it again (storage.sync.client_reset).

A *high-water file* beside the store (``central.sqlite.highwater``) records the last sequence
committed, the identity and the highest generation ever issued. It outlives a store put back by
hand: one whose sequence or generation is below it was restored, and gets a new generation when
it is next opened. Written after each commit, never before: it can only lag the store.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from storage.database import now_iso
from storage.sync.errors import SyncRefusal

_log = logging.getLogger(__name__)
HIGHWATER_SUFFIX: Final = ".highwater"


@dataclass(frozen=True)
class Identity:
    store_id: str
    generation: int
    lineage: tuple[tuple[int, int], ...]  # (generation, the sequence it began at), oldest first

    def wire(self) -> dict[str, Any]:
        """The ``store`` object of every push and pull answer."""
        return {
            "id": self.store_id,
            "generation": self.generation,
            "lineage": [{"generation": g, "start": s} for g, s in self.lineage],
        }


def create(conn: sqlite3.Connection) -> None:
    """The tables and the first generation (the migration's work, on a new or older store)."""
    conn.execute(
        "CREATE TABLE store_identity (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "store_id TEXT NOT NULL, created_at TEXT NOT NULL)"
    )
    # One row per generation of this store's line; a restored backup brings its own rows, and
    # the restore adds one starting at the backup's sequence.
    conn.execute(
        "CREATE TABLE generations (generation INTEGER PRIMARY KEY, start_seq INTEGER NOT NULL, "
        "at TEXT NOT NULL, reason TEXT NOT NULL)"
    )
    now = now_iso()
    conn.execute(
        "INSERT INTO store_identity (id, store_id, created_at) VALUES (1, ?, ?)",
        [str(uuid.uuid4()), now],
    )
    conn.execute(
        "INSERT INTO generations (generation, start_seq, at, reason) VALUES (1, 0, ?, 'created')",
        [now],
    )


def read(conn: sqlite3.Connection) -> Identity:
    store_id = str(conn.execute("SELECT store_id FROM store_identity").fetchone()[0])
    rows = conn.execute("SELECT generation, start_seq FROM generations ORDER BY generation")
    lineage = tuple((int(g), int(s)) for g, s in rows)
    return Identity(store_id, lineage[-1][0], lineage)


def bump(conn: sqlite3.Connection, seq: int, at_least: int, reason: str) -> Identity:
    """A new generation beginning at ``seq``, above every one issued (``at_least`` - 1 is the
    highest the caller knows of); inside the caller's transaction."""
    current = read(conn)
    generation = max(current.generation + 1, at_least)
    conn.execute(
        "INSERT INTO generations (generation, start_seq, at, reason) VALUES (?, ?, ?, ?)",
        [generation, seq, now_iso(), reason],
    )
    return read(conn)


# --- the high-water file ---------------------------------------------------------------------


def highwater_path(store: Path) -> Path:
    return store.with_name(store.name + HIGHWATER_SUFFIX)


def read_highwater(store: Path) -> dict[str, Any] | None:
    """What the file says, or None when there is none or it cannot be read (a lagging or lost
    file only means a restore by hand goes unnoticed here; laptops still see the sequence)."""
    try:
        value = json.loads(highwater_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(value, dict):
        return None
    ok = isinstance(value.get("store_id"), str)
    ok = ok and all(isinstance(value.get(k), int) for k in ("generation", "seq"))
    return value if ok else None


def write_highwater(store: Path, identity: Identity, seq: int, *, replace: bool = False) -> None:
    """Record ``seq`` (never lower than recorded, unless ``replace``: a restore sets the new
    baseline) and the highest generation issued. Atomic: a reader sees the old or the new."""
    old = None if replace else read_highwater(store)
    if old is not None and old["store_id"] == identity.store_id:
        seq = max(seq, int(old["seq"]))
        generation = max(identity.generation, int(old["generation"]))
    else:
        generation = identity.generation
    if old is not None and old == {
        "store_id": identity.store_id,
        "generation": generation,
        "seq": seq,
    }:
        return
    path = highwater_path(store)
    tmp = path.with_name(path.name + ".tmp")
    body = {"store_id": identity.store_id, "generation": generation, "seq": seq}
    try:
        tmp.write_text(json.dumps(body), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # a read-only folder: the store still works, unguarded
        _log.warning("cannot write %s: %s", path, exc)


def restored_by_hand(identity: Identity, seq: int, mark: dict[str, Any] | None) -> str | None:
    """Why the store at ``seq`` looks put back behind the high-water ``mark``, or None."""
    if mark is None or mark["store_id"] != identity.store_id:
        return None  # no mark, or another store's: nothing to compare with
    if seq < int(mark["seq"]):
        return f"its sequence {seq} is below the {mark['seq']} last committed"
    if identity.generation < int(mark["generation"]):
        return f"its generation {identity.generation} is below the {mark['generation']} issued"
    return None


# --- what a laptop expects -------------------------------------------------------------------


def check_expected(identity: Identity, seq: int, expect: object) -> None:
    """Refuse a push made for another store, an earlier generation, or a position this store
    never reached: its base revisions would be merged against the wrong versions."""
    if not isinstance(expect, dict):
        return  # an older laptop: judged as before
    store_id, generation, since = (expect.get(k) for k in ("store_id", "generation", "since"))
    why = None
    if isinstance(store_id, str) and store_id != identity.store_id:
        why = ("it is another store", "这是另一个存储库")
    elif isinstance(generation, int) and generation != identity.generation:
        why = ("it was restored from a backup", "它已从备份恢复")
    elif isinstance(since, int) and not isinstance(since, bool) and since > seq:
        why = (f"its sequence {seq} is behind yours ({since})", f"其序号 {seq} 落后于您的 {since}")
    if why is not None:
        raise SyncRefusal(
            "store.reset",
            f"Nothing was applied: {why[0]} (generation {identity.generation}).",
            f"未应用任何更改：{why[1]}（第 {identity.generation} 代）。",
        )
