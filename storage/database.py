"""Open the local store safely and own its single write path.

A file that is not a SQLite database, fails the open check (storage.store_check: key, header,
schema, length; every page is then authenticated as it is read) or was written by a newer
version is refused before anything is written to it (storage.store_file); a whole-file check
that finds damage later stops every write from then on. A laptop store is
encrypted with SQLCipher under its key (storage.keys); a plain one is encrypted in place the
first time it is opened (storage.store_encrypt). Every write goes through ``Store.write``, which
stamps the sync columns and commits one small transaction.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diagnosis.messages import Message

from storage import migrations, sqlite_cipher, store_check, store_messages
from storage.keys import StoreKey, key_for
from storage.store_file import CACHE_KIB, FULL, check_integrity, has_content, plain_store
from storage.store_file import BackgroundCheck as BackgroundCheck
from storage.store_file import check_file as check_file
from storage.store_lock import StoreLock
from storage.store_messages import StoreError as StoreError

if TYPE_CHECKING:
    import sqlite_utils

    from storage.photos import PhotoStore

# synchronous=FULL: a committed answer survives a power cut, not only a crash (invariant 2).
# How long a writer waits for another command to finish with the store (never for the app).
WRITER_WAIT = 60.0
APP_WAIT = 5.0
_OPEN_ERRORS: tuple[type[Exception], ...] = (OSError, *sqlite_cipher.ERRORS)
PRAGMAS = ("PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_user() -> str:
    """The login name, as ``getpass.getuser`` finds it (the same variables, then the password
    database), without importing getpass and its terminal module at every start of the app."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if user := os.environ.get(variable):
            return user
    try:
        import pwd  # not on Windows, where USERNAME is always set

        return pwd.getpwuid(os.getuid()).pw_name
    except Exception:  # no login name (some containers): still record something honest
        return "unknown"


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
        encrypted: bool = True,
        passphrase: str | None = None,
    ) -> None:
        """Open (or create) the store at ``path``.

        ``verify=False`` only for a second connection to a store already opened and checked in
        this process (a worker's). ``background=True`` lets the integrity check of an existing
        file run while the caller reads to build its first screen (``started``: a check of this
        path already running); nothing can be written until it has passed
        (``ensure_verified``), so a damaged file is still never written to.

        ``writer`` (``"app"``, or a command's name): hold the store's writer lock while this is
        open (storage.store_lock); StoreBusy, naming the holder, if another process has it.
        ``encrypted=False`` only for derived stores that hold nothing secret of their own (the
        central server's office mirror). ``passphrase``: the one the user typed, where the key
        is not in the keyring (else ``--passphrase-file`` or the environment's, storage.keys).
        """
        self.path = path
        self.user = user or default_user()
        self.encrypted = encrypted
        self.key: StoreKey | None = None
        self._check: BackgroundCheck | None = None
        # Damage a whole-file check found after open: every write is refused from then on.
        self._damaged: StoreError | None = None
        # Why a whole-file check is due (store_check: unclean shutdown, never, stale), for a
        # writer; None when not due or not a writer.
        self.full_check_due: str | None = None
        self._marked = False
        # The app waits only briefly for a command (nothing shows meanwhile), then says who.
        wait = APP_WAIT if writer == "app" else WRITER_WAIT
        # What the background check read early for the first screen, once (take_early).
        self._early: BackgroundCheck | None = None
        try:
            self._lock = StoreLock(path, writer).acquire(wait) if writer else None
        finally:
            # This store's own lock is held now (or it was refused): the hold taken for the
            # early read has done its work (storage.store_file.BackgroundCheck).
            if started is not None:
                started.release_hold()
        try:
            self._open(verify, background, started, passphrase)
            if self._lock is None:
                self._early = None  # no writer's lock: another process may have written since
            if writer and verify:
                self.full_check_due = store_check.mark_open(path)
                self._marked = True
        except BaseException as exc:
            if hasattr(self, "conn"):
                self.conn.close()
            if self._lock is not None:
                self._lock.release(discard=isinstance(exc, StoreError))
            raise

    def _open(
        self,
        verify: bool,
        background: bool,
        started: BackgroundCheck | None,
        passphrase: str | None,
    ) -> None:
        path = self.path
        exists = has_content(path)
        # A store from before encryption (or one whose encryption was cut short): checked as it
        # is, then encrypted before anything else is written.
        plain = self.encrypted and verify and plain_store(path)
        if self.encrypted:
            self.key = key_for(path, passphrase, create=not exists or plain)
        if not verify:
            # A second connection in this process (a worker's): never before the first one's
            # whole-file check has passed, which the app lets finish after its first paint.
            error = BackgroundCheck.outcome_for(path)
            if error is not None:
                raise error
        if verify and exists:
            if started is not None and started.usable_for(path):
                self._check = started
                self._early = started
            elif background:
                self._check = BackgroundCheck(path, encrypted=self.encrypted)
        if plain:
            self._early = None
            self._encrypt()
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.conn = sqlite_cipher.connect(path, None if self.key is None else self.key.raw)
            if verify and exists and not plain:
                self._open_check()
            # Refuse a newer store before the journal-mode switch, which rewrites the header.
            self._refuse_newer()
            # Asked of SQLite, never read from the file (storage.store_file).
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.ensure_verified()
            self.conn.execute("PRAGMA journal_mode = WAL")
            for pragma in PRAGMAS:
                self.conn.execute(pragma)
            self.conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
        except _OPEN_ERRORS as exc:
            self.ensure_verified()  # a damaged file says so rather than "cannot open"
            raise StoreError(
                Message("store.unopenable", {"path": str(path), "detail": str(exc)})
            ) from exc
        if verify:
            _private(path)
        self._db: sqlite_utils.Database | None = None
        self._migrate()

    def _encrypt(self) -> None:
        """Encrypt this plain store in place, once its check has passed, as its one writer."""
        from storage.store_encrypt import encrypt_in_place

        assert self.key is not None
        self.ensure_verified()
        # Nothing authenticates a plain file's pages: the whole of it is checked, once, before
        # it is copied into the encrypted store.
        check_integrity(self.path, None, None, FULL)
        # A newer version's store is refused untouched, not encrypted for a version that may
        # not read it.
        self.conn = sqlite_cipher.connect(self.path, None)
        try:
            self._refuse_newer()
        finally:
            self.conn.close()
        with StoreLock(self.path, "encrypt").acquire(WRITER_WAIT):
            encrypt_in_place(self.path, self.key)

    def _open_check(self) -> None:
        """The open check on this connection (storage.store_check), a damaged file refused."""
        try:
            store_check.open_check(self.conn, self.path)
        except StoreError:
            self.conn.close()
            raise
        except sqlite_cipher.ERRORS as exc:
            self.conn.close()
            self.ensure_verified()  # the background check's own words, when it has them
            raise store_messages.refusal_for(self.path, exc) from exc

    def start_full_check(self) -> store_check.FullCheck:
        """The whole-file ``integrity_check`` on a thread and connection of its own; once it
        has run, ``note_full_check`` with it (then a damaged store refuses every write)."""
        path, key = self.path, self.key
        return store_check.FullCheck(path, lambda: check_integrity(path, key))

    def note_full_check(self, check: store_check.FullCheck) -> StoreError | None:
        error = check.outcome()
        if error is not None:
            self._damaged = error
        else:
            self.full_check_due = None
        return error

    def refusal_for(self, exc: BaseException) -> Message | None:
        """What a SQLite error met reading this store means for the user (damaged, not a
        database); None for any other error."""
        if isinstance(exc, sqlite_cipher.DATABASE_ERRORS):
            return store_messages.refusal_for(self.path, exc).message
        return None

    def take_early(self) -> object:
        """What the background check read for the first screen (storage.first_screen), once:
        None when nothing was read, the check failed or is still running, or the store has
        changed since (migrated, encrypted, or no writer's lock held throughout)."""
        early, self._early = self._early, None
        return None if early is None else early.take_early()

    def verification_pending(self) -> bool:
        """Whether the open check still runs: reads may proceed, writes wait for it."""
        return self._check is not None and not self._check.done()

    def ensure_verified(self) -> None:
        """Wait for a background open check; if it failed, close and raise its error. Once a
        whole-file check found damage, raise that (nothing is written to a damaged file)."""
        if self._damaged is not None:
            raise self._damaged
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
            self._early = None  # read before the migration: not this schema's
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

    def photos(self) -> PhotoStore:
        """The store's photos, sealed with its key."""
        from storage.photos import photos_of

        return photos_of(self.path, self.key)

    def close(self) -> None:
        self.conn.close()
        if self._marked:
            self._marked = False
            store_check.mark_closed(self.path)
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


def _private(path: Path) -> None:
    """The store and its journal readable by their owner alone (0600)."""
    for suffix in ("", "-wal", "-shm"):
        # Not there (yet), or a file system without modes: nothing to do.
        with contextlib.suppress(OSError):
            os.chmod(f"{path}{suffix}", 0o600)
