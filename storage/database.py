"""Open the local store safely and own its single write path.

A file that is not a SQLite database, fails ``PRAGMA integrity_check`` or was written by a newer
version is refused before anything is written to it. Every write goes through ``Store.write``,
which stamps the sync columns and commits one small transaction.
"""

from __future__ import annotations

import getpass
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diagnosis.messages import Message

from storage import migrations
from storage.store_lock import StoreLock
from storage.store_messages import StoreError as StoreError

if TYPE_CHECKING:
    import sqlite_utils

NOTADB = 26  # SQLITE_NOTADB: the file is not a database (or not with this key)
# synchronous=FULL: a committed answer survives a power cut, not only a crash (invariant 2).
# How long a writer waits for another command to finish with the store (never for the app).
WRITER_WAIT = 60.0
PRAGMAS = ("PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still record something honest
        return "unknown"


def has_content(path: Path) -> bool:
    """True if there is an existing, non-empty file to verify (a stat, never an open)."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _is_not_database(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code == NOTADB or "not a database" in str(exc)


def check_integrity(path: Path) -> None:
    """Run ``PRAGMA integrity_check`` through SQLite; refuse on any finding.

    Never read with Python's ``open()``: on POSIX, closing any descriptor of a file drops every
    lock this process holds on it, SQLite's included, and another process would then checkpoint
    and delete the journal under a connection of ours (issue 13). Never ``immutable=1`` either:
    another process may be writing the file. With no -wal present the connection is read-write
    but query-only, so as the last one it removes the side files it made and leaves nothing
    behind; with a -wal it is read-only, so a journal is never checkpointed into a file that has
    not passed.
    """
    wal = path.with_name(path.name + "-wal")
    uri = f"{path.resolve().as_uri()}?mode={'ro' if wal.exists() else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True)
        # A damaged page can put any bytes into the report: read them, never fail on them.
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
        try:
            conn.execute("PRAGMA query_only = ON")
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        # (SQLite's own error text can carry the damaged bytes, which Python cannot decode.)
        if _is_not_database(exc):
            raise StoreError(Message("store.not_database", {"path": str(path)})) from exc
        params = {"path": str(path), "detail": str(exc)}
        raise StoreError(Message("store.corrupt", params)) from exc
    if result != ["ok"]:
        detail = "; ".join(result[:3])
        raise StoreError(Message("store.corrupt", {"path": str(path), "detail": detail}))


def check_file(path: Path) -> None:
    """Refuse a file that is not a healthy SQLite database, without writing to it."""
    if has_content(path):
        check_integrity(path)


class BackgroundCheck:
    """The integrity check on the other core: SQLite runs it without holding the GIL.

    Start it as early as the path is known (``main.py`` does, before importing Qt) and hand it
    to ``Store``, so the whole-file read overlaps with everything else start-up has to do.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self.error: StoreError | None = None
        self.thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self.thread.start()

    def _run(self, path: Path) -> None:
        try:
            check_integrity(path)
        except StoreError as exc:
            self.error = exc
        except Exception as exc:  # anything else still means: do not write to this file
            params = {"path": str(path), "detail": str(exc)}
            self.error = StoreError(Message("store.unopenable", params))

    def outcome(self) -> StoreError | None:
        self.thread.join()
        return self.error


class Store:
    """One SQLite file: WAL, foreign keys, migrations applied, one write path."""

    def __init__(
        self,
        path: Path,
        user: str | None = None,
        *,
        verify: bool = True,
        background: bool = False,
        started: BackgroundCheck | None = None,
        writer: str | None = None,
    ) -> None:
        """Open (or create) the store at ``path``.

        ``writer`` (``"app"``, or a command's name): hold the store's writer lock while this is
        open (storage.store_lock); StoreBusy, naming the holder, if another process has it.

        ``verify=False`` only for a second connection to a store already opened and checked in
        this process (a worker's). ``background=True`` lets the integrity check of an existing
        file run while the caller reads to build its first screen (``started``: a check of this
        path already running); nothing can be written until it has passed
        (``ensure_verified``), so a damaged file is still never written to.
        """
        self.path = path
        self.user = user or default_user()
        self._check: BackgroundCheck | None = None
        self._lock = StoreLock(path, writer).acquire(WRITER_WAIT) if writer else None
        try:
            self._open(verify, background, started)
        except BaseException as exc:
            if hasattr(self, "conn"):
                self.conn.close()
            if self._lock is not None:
                self._lock.release(discard=isinstance(exc, StoreError))
            raise

    def _open(self, verify: bool, background: bool, started: BackgroundCheck | None) -> None:
        path = self.path
        if verify and has_content(path):
            if started is not None and started.path == path.resolve():
                self._check = started
            elif background:
                self._check = BackgroundCheck(path)
            else:
                check_integrity(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are explicit (``transaction()``), one per save.
            self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            # Refuse a newer store before the journal-mode switch, which rewrites the header.
            self._refuse_newer()
            # Asked of SQLite, never read from the file (see check_integrity).
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.ensure_verified()
            self.conn.execute("PRAGMA journal_mode = WAL")
            for pragma in PRAGMAS:
                self.conn.execute(pragma)
        except (OSError, sqlite3.Error) as exc:
            self.ensure_verified()  # a damaged file says so rather than "cannot open"
            raise StoreError(
                Message("store.unopenable", {"path": str(path), "detail": str(exc)})
            ) from exc
        self._db: sqlite_utils.Database | None = None
        self._migrate()

    def ensure_verified(self) -> None:
        """Wait for a background integrity check; if it failed, close and raise its error."""
        if self._check is None:
            return
        error = self._check.outcome()
        self._check = None
        if error is not None:
            if hasattr(self, "conn"):
                self.conn.close()
            raise error

    def _applied_migrations(self) -> set[str]:
        has_table = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not has_table:
            return set()
        rows = self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
            [migrations.MIGRATION_SET],
        )
        return {r[0] for r in rows}

    def _refuse_newer(self) -> None:
        unknown = self._applied_migrations() - set(migrations.MIGRATION_NAMES)
        if unknown:
            self.conn.close()
            names = ", ".join(sorted(unknown))
            raise StoreError(Message("store.newer", {"path": str(self.path), "names": names}))

    def _migrate(self) -> None:
        applied = self._applied_migrations()
        if applied != set(migrations.MIGRATION_NAMES):
            self.ensure_verified()
            # One process changes the schema, and never under the app of another.
            with StoreLock(self.path, "migrate").acquire(WRITER_WAIT):
                migrations.apply(self.db)

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection; imported on first write, not at start-up."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.ensure_verified()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def stamp(self) -> dict[str, Any]:
        return {"updated_at": now_iso(), "updated_by": self.user, "dirty": 1}

    def write(
        self,
        table: str,
        inserts: Sequence[Mapping[str, Any]] = (),
        updates: Sequence[tuple[str, Mapping[str, Any]]] = (),
    ) -> None:
        """The one write path: new rows and changed fields, stamped, in one transaction."""
        if not inserts and not updates:
            return
        with self.transaction():
            self.write_in_transaction(table, inserts, updates)

    def write_in_transaction(
        self,
        table: str,
        inserts: Sequence[Mapping[str, Any]] = (),
        updates: Sequence[tuple[str, Mapping[str, Any]]] = (),
    ) -> None:
        """``write`` for a caller that groups several tables in its own ``transaction()``."""
        if not self.conn.in_transaction:
            raise RuntimeError("write_in_transaction needs an open transaction()")
        stamp = self.stamp()
        # Plain executemany, grouped by column set: sqlite-utils' insert_all passes every
        # value through its JSON check and rebuilds SQL per batch, 3x slower on an import.
        extra = {**stamp, "rev": 0, "deleted": 0}
        by_columns: dict[tuple[str, ...], list[list[Any]]] = {}
        for row in inserts:
            record = {**row, **extra}
            by_columns.setdefault(tuple(record), []).append(list(record.values()))
        for columns, rows in by_columns.items():
            names = ", ".join(f"[{c}]" for c in columns)
            marks = ", ".join("?" * len(columns))
            self.conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", rows)
        for row_id, changes in updates:
            values = {**changes, **stamp}
            assignments = ", ".join(f"[{k}] = ?" for k in values)
            self.conn.execute(
                f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*values.values(), row_id]
            )

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM local_meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO local_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
