"""Open the local store safely and own its single write path.

A file that is not a SQLite database, fails ``PRAGMA integrity_check`` or was written by a newer
version is refused before anything is written to it. Every write goes through ``Store.write``,
which stamps the sync columns and commits one small transaction.
"""

from __future__ import annotations

import getpass
import sqlite3
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


def check_file(path: Path) -> None:
    """Refuse a file that is not a healthy SQLite database, without writing to it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        params = {"path": str(path), "detail": exc.strerror}
        raise StoreError(Message("store.unopenable", params)) from exc
    if header != SQLITE_HEADER:
        raise StoreError(Message("store.not_database", {"path": str(path)}))
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


class Store:
    """One SQLite file: WAL, foreign keys, migrations applied, one write path."""

    def __init__(self, path: Path, user: str | None = None, *, verify: bool = True) -> None:
        """``verify=False`` only for a second connection to a store already opened and checked
        in this process (a worker's): the integrity check reads the whole file."""
        self.path = path
        self.user = user or default_user()
        if verify:
            check_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are explicit (``transaction()``), one per save.
            self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            # Refuse a newer store before the journal-mode switch, which rewrites the header.
            self._refuse_newer()
            self.conn.execute("PRAGMA journal_mode = WAL")
            for pragma in PRAGMAS:
                self.conn.execute(pragma)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                Message("store.unopenable", {"path": str(path), "detail": str(exc)})
            ) from exc
        self._db: sqlite_utils.Database | None = None
        self._migrate()

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
        stamp = self.stamp()
        with self.transaction():
            if inserts:
                records = [{**row, **stamp, "rev": 0, "deleted": 0} for row in inserts]
                self.db[table].insert_all(records, batch_size=500)  # type: ignore[union-attr]
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
