"""What is checked of a store, and when: a cheap check on every open, the whole-file check in
the background (after the app's first paint when due, on demand, after an unclean shutdown).

Why the open check is enough to never write into a damaged file: a laptop store is SQLCipher,
which authenticates every page (HMAC) as it is read, and a write only changes pages it has read
first (the b-tree path to the row, the free list), so a damaged page a write would touch fails
that write before anything is written. What is checked on open is what every write needs: the
key, the header, the schema and the file's length (a truncated file). What only the whole-file
``integrity_check`` finds (an index that disagrees with its table, a page nothing points to)
is reported when it is found, and from then on the store refuses writes (storage.database).

The state beside the store (``<store>.check``, JSON, never a database file) says whether a
writer had it open (set on open, cleared on a clean close) and when a whole check last passed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from diagnosis.messages import Message

from storage.store_messages import StoreError

# A whole check is due again after this long, even with no unclean shutdown.
FULL_CHECK_EVERY = timedelta(days=7)
# Why a whole check is due (None: not due).
UNCLEAN, NEVER, STALE = "unclean", "never", "stale"


def state_path(store: Path) -> Path:
    """``/data/diagnosis.sqlite`` -> ``/data/diagnosis.sqlite.check``."""
    return store.with_name(store.name + ".check")


def _read(store: Path) -> dict[str, Any]:
    try:
        data = json.loads(state_path(store).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(store: Path, data: dict[str, Any]) -> None:
    """Replaced whole (a temporary file renamed over it): a crash leaves the old or the new."""
    target = state_path(store)
    tmp = target.with_name(target.name + ".tmp")
    with contextlib.suppress(OSError):  # a read-only folder: the state is advice, not data
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, target)


def mark_open(store: Path) -> str | None:
    """A writer opens ``store`` (holding its writer lock): record it; return why a whole check
    is due (an earlier writer never closed it cleanly, no check ever passed, or long ago). An
    unclean shutdown stays owed a whole check until one passes, whoever opens the store next."""
    data = _read(store)
    if data.get("open"):
        data["owed"] = True
    _write(store, {**data, "open": True})
    return full_check_due(store, data)


def mark_closed(store: Path) -> None:
    """A clean close of the writer that ``mark_open`` recorded."""
    data = _read(store)
    if data.get("open"):
        _write(store, {**data, "open": False})


def full_check_passed(store: Path) -> None:
    _write(store, {**_read(store), "owed": False, "checked": datetime.now(UTC).isoformat()})


def full_check_due(store: Path, data: dict[str, Any] | None = None) -> str | None:
    data = _read(store) if data is None else data
    if data.get("owed"):
        return UNCLEAN
    checked = data.get("checked")
    if not isinstance(checked, str):
        return NEVER
    try:
        when = datetime.fromisoformat(checked)
    except ValueError:
        return NEVER
    return STALE if datetime.now(UTC) - when > FULL_CHECK_EVERY else None


def open_check(conn: sqlite3.Connection, path: Path) -> None:
    """The check on every open, on the store's own connection before anything is written: the
    key and header (page 1), the whole schema, and a file no shorter than its pages. Raises
    the SQLite error on a damaged page (the caller says the file is damaged)."""
    conn.execute("SELECT count(*), max(length(sql)) FROM sqlite_master").fetchone()
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    size = int(conn.execute("PRAGMA page_size").fetchone()[0])  # (SQLCipher answers a string)
    wal = path.with_name(path.name + "-wal")
    # With a journal, the newest pages may still be in it only: the length says nothing then.
    if not (wal.exists() and wal.stat().st_size > 0) and path.stat().st_size < pages * size:
        detail = f"the file is shorter than its {pages} pages (truncated)"
        raise StoreError(Message("store.corrupt", {"path": str(path), "detail": detail}))


class FullCheck:
    """``PRAGMA integrity_check`` of the whole file on a thread of its own (SQLite runs it
    without the GIL); ``check`` is storage.store_file.check_integrity bound to the file.
    ``record``: a pass is noted beside the store (a laptop store's state; not the server's)."""

    def __init__(self, path: Path, check: Callable[[], None], *, record: bool = True) -> None:
        self.path = path
        self.record = record
        self.error: StoreError | None = None
        self._check = check
        self.thread = threading.Thread(target=self._run, daemon=True, name="full store check")
        self.thread.start()

    def _run(self) -> None:
        try:
            self._check()
        except StoreError as exc:
            self.error = exc
            return
        except Exception as exc:  # anything else still means: the file cannot be trusted
            params = {"path": str(self.path), "detail": str(exc)}
            self.error = StoreError(Message("store.corrupt", params))
            return
        if self.record:
            full_check_passed(self.path)

    def done(self) -> bool:
        return not self.thread.is_alive()

    def outcome(self) -> StoreError | None:
        self.thread.join()
        return self.error
