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

if TYPE_CHECKING:
    import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
# synchronous=FULL: a committed answer survives a power cut, not only a crash (invariant 2).
PRAGMAS = ("PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000")


class StoreError(Exception):
    """The store cannot be used; nothing was written. ``message`` says why, in both languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text("en"))
        self.message = message


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still record something honest
        return "unknown"


def check_header(path: Path) -> bool:
    """Refuse a file that is not SQLite; True if there is an existing database to verify."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        params = {"path": str(path), "detail": exc.strerror}
        raise StoreError(Message("store.unopenable", params)) from exc
    if header != SQLITE_HEADER:
        raise StoreError(Message("store.not_database", {"path": str(path)}))
    return True


def check_integrity(path: Path) -> None:
    """Run ``PRAGMA integrity_check`` on a read-only connection; refuse on any finding."""
    # A read-only connection to a WAL database creates -wal and -shm files it cannot remove on
    # close. With no -wal present the main file holds every committed page, so read it as
    # immutable: no lock, no side files, nothing left behind if the file is refused.
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    try:
        ro = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
        try:
            result = [r[0] for r in ro.execute("PRAGMA integrity_check").fetchall()]
        finally:
            ro.close()
    except sqlite3.DatabaseError as exc:
        params = {"path": str(path), "detail": str(exc)}
        raise StoreError(Message("store.corrupt", params)) from exc
    if result != ["ok"]:
        detail = "; ".join(result[:3])
        raise StoreError(Message("store.corrupt", {"path": str(path), "detail": detail}))


def check_file(path: Path) -> None:
    """Refuse a file that is not a healthy SQLite database, without writing to it."""
    if check_header(path):
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


def _is_wal(path: Path) -> bool:
    """Header bytes 18-19 are 2 in a WAL database; switching to WAL otherwise writes them."""
    try:
        with path.open("rb") as fh:
            return fh.read(20)[18:20] == b"\x02\x02"
    except OSError:
        return False


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
    ) -> None:
        """Open (or create) the store at ``path``.

        ``verify=False`` only for a second connection to a store already opened and checked in
        this process (a worker's). ``background=True`` lets the integrity check of an existing
        file run while the caller reads to build its first screen (``started``: a check of this
        path already running); nothing can be written until it has passed
        (``ensure_verified``), so a damaged file is still never written to.
        """
        self.path = path
        self.user = user or default_user()
        self._check: BackgroundCheck | None = None
        if verify and check_header(path):
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
            if not _is_wal(path):
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
