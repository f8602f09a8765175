"""Checking a store file before anything is written to it, always through SQLite (what is
checked when: storage.store_check).

Never with Python's ``open()``: on POSIX, closing any descriptor of a file drops every lock this
process holds on it, SQLite's included, and another process would then checkpoint and delete the
journal under a connection of ours (issue 13). Never ``immutable=1`` either: another process may
be writing the file. A laptop store is read through SQLCipher (storage.sqlite_cipher), the
central server's through the standard module: one library per file in a process.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from diagnosis.messages import Message

from storage import sqlite_cipher
from storage.keys import KeyNeeded, StoreKey, key_for, keys_path
from storage.store_lock import StoreLock
from storage.store_messages import StoreError, refusal_for

# A page cache of up to 64 MiB (negative: KiB), taken only as pages are read: a page read again
# after it was evicted is decrypted again.
CACHE_KIB = -65536
Connect = Callable[[str], sqlite3.Connection]
# A read of the first screen's data on the open check's connection (storage.first_screen).
EarlyRead = Callable[[sqlite3.Connection], object]
_CHECK_ERRORS: tuple[type[Exception], ...] = (*sqlite_cipher.DATABASE_ERRORS, UnicodeDecodeError)
# What check_integrity runs: the open check (key, header, schema, length: milliseconds), SQLite's
# quick_check (every page, no index cross-check) or its integrity_check (the whole file, 30x
# the open check's reads and more: seconds to a minute at a city's year of data).
OPEN, QUICK, FULL = "open", "quick_check", "integrity_check"


def has_content(path: Path) -> bool:
    """True if there is an existing, non-empty file to verify (a stat, never an open)."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _plain_connect(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True)


def check_integrity(
    path: Path, key: StoreKey | None, connect: Connect | None = None, what: str = FULL
) -> None:
    """Run the check ``what`` (OPEN, QUICK or FULL) on ``path`` (a laptop store, with its key or
    None when it is plain; ``connect``: the central server's standard-module connection); refuse
    on any finding. With no -wal present the connection is read-write but query-only, so as the last
    one it removes the side files it made; with a -wal it is read-only, so a journal is never
    checkpointed into a file that has not passed."""
    check_then_read(path, key, connect, what, None)


def check_then_read(
    path: Path,
    key: StoreKey | None,
    connect: Connect | None,
    what: str,
    then: EarlyRead | None,
) -> object:
    """``check_integrity``, then ``then`` on the same connection once the check has passed
    (the pages it read are decrypted already): its result, or None."""
    wal = path.with_name(path.name + "-wal")
    uri = f"{path.resolve().as_uri()}?mode={'ro' if wal.exists() else 'rw'}"
    try:
        if connect is None:
            conn = sqlite_cipher.connect(uri, None if key is None else key.raw, uri=True)
        else:
            conn = connect(uri)
        # A damaged page can put any bytes into the report: read them, never fail on them.
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
        try:
            conn.execute("PRAGMA query_only = ON")
            # Room for every page: each is then read (and decrypted) once, not again for each
            # index that points at it (3x faster on an encrypted 20,000-firm store).
            conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
            if what == OPEN:
                from storage.store_check import open_check

                open_check(conn, path)
                result = ["ok"]
            else:
                result = [r[0] for r in conn.execute(f"PRAGMA {what}").fetchall()]
            if result == ["ok"] and then is not None:
                return _early_read(conn, then)
        finally:
            conn.close()
    except _CHECK_ERRORS as exc:
        # (SQLite's own error text can carry the damaged bytes, which Python cannot decode.)
        raise refusal_for(path, exc) from exc
    if result != ["ok"]:
        detail = "; ".join(result[:3])
        raise StoreError(Message("store.corrupt", {"path": str(path), "detail": detail}))
    return None


def _early_read(conn: sqlite3.Connection, then: EarlyRead) -> object:
    """``then`` on a connection that passed its check; a failure is no finding about the file
    (a store still to migrate lacks what the read asks for): the caller reads it itself."""
    conn.text_factory = str
    try:
        return then(conn)
    except Exception:
        return None


def check_file(path: Path, what: str = QUICK) -> None:
    """Refuse a central store file that is not a healthy SQLite database, without writing. It
    is plain (no page is authenticated as it is read), so every page is checked before the
    server writes: ``quick_check``; the whole ``integrity_check`` runs in the background."""
    if has_content(path):
        check_integrity(path, None, _plain_connect, what)


def plain_store(path: Path) -> bool:
    """An existing store file that is a plain (unencrypted) SQLite database: one to encrypt.
    A file that is neither plain nor has its key file beside it is not a store of ours."""
    if not has_content(path):
        return False
    if sqlite_cipher.readable_without_key(path):
        return True
    if not keys_path(path).exists():
        raise StoreError(Message("store.not_database", {"path": str(path)}))
    return False


class BackgroundCheck:
    """The store's key and open check on the other core: scrypt and SQLite both run without
    holding the GIL.

    Start it as early as the path is known (``main.py`` does, before importing Qt) and hand it
    to ``Store``, so the key's derivation overlaps with everything else start-up has to do.
    ``encrypted=False``: a plain store (the office mirror). A plain store to be encrypted gets
    its whole-file check before encryption (storage.database).

    ``then`` and ``writer``: once the check has passed, ``then`` reads the first screen on the
    same connection, while the main thread is still importing Qt. The read stands for the store
    only because no other process can write in between: ``writer``'s lock (storage.store_lock)
    is taken here, before the read, and held until the ``Store`` that adopts this check holds
    its own (``release_hold``). Where the lock is not free at once, nothing is read early.
    """

    # The checks running in this process, by file: any other connection to the file waits for
    # its outcome before it is opened (a worker's store, Store(verify=False)).
    running: ClassVar[dict[Path, BackgroundCheck]] = {}

    def __init__(
        self,
        path: Path,
        *,
        encrypted: bool = True,
        then: EarlyRead | None = None,
        writer: str | None = None,
    ) -> None:
        self.path = path.resolve()
        BackgroundCheck.running[self.path] = self
        self.encrypted = encrypted
        self.error: StoreError | None = None
        self.key_needed = False  # no key without a passphrase: the check did not run
        self.key_settled = threading.Event()
        self.hold: StoreLock | None = None
        if then is not None and writer is not None:
            try:
                self.hold = StoreLock(path, writer).acquire(0)
            except StoreError:
                then = None  # another writer: the Store waits for it, or names it
        self.then = then
        self._early: object = None
        self.thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self.thread.start()

    def _run(self, path: Path) -> None:
        try:
            key = None
            try:
                if self.encrypted and not plain_store(path):
                    key = key_for(path, create=False)
            except KeyNeeded:
                self.key_needed = True
                return
            finally:
                self.key_settled.set()
            self._early = check_then_read(path, key, None, OPEN, self.then)
        except StoreError as exc:
            self.error = exc
        except Exception as exc:  # anything else still means: do not write to this file
            params = {"path": str(path), "detail": str(exc)}
            self.error = StoreError(Message("store.unopenable", params))

    def release_hold(self, *, discard: bool = False) -> None:
        """Let go of the writer's lock taken for the early read (a Store holds its own now, or
        the store was not opened); ``discard`` as in ``StoreLock.release``."""
        hold, self.hold = self.hold, None
        if hold is not None:
            hold.release(discard=discard)

    def take_early(self) -> object:
        """The early read's result, once, if the check has passed; else None. Waits for the
        thread: by the time the first screen is wanted, its key is derived and what remains
        is the read itself, which the caller would otherwise repeat."""
        if self.outcome() is not None:
            return None
        early, self._early = self._early, None
        return early

    def usable_for(self, path: Path) -> bool:
        """Whether this check stands for ``path`` (it did not stop for want of a key)."""
        if self.path != path.resolve():
            return False
        self.key_settled.wait()
        return not self.key_needed

    def outcome(self) -> StoreError | None:
        self.thread.join()
        return self.error

    def done(self) -> bool:
        return not self.thread.is_alive()

    @classmethod
    def outcome_for(cls, path: Path) -> StoreError | None:
        """The outcome of this process's check of ``path``, once it has run; None when there
        is none or it passed."""
        check = cls.running.get(path.resolve())
        return None if check is None else check.outcome()


def copy_store(source: Path, target: Path) -> None:
    """A copy of the laptop store at ``source`` made at ``target`` (a new file), with its key
    file and photos: through SQLite's backup, so no descriptor of the source is ever closed
    under a connection of this process."""
    import shutil

    from storage.photos import photo_folder_for

    key = key_for(source, create=False)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copy(keys_path(source), keys_path(target))
    src = sqlite_cipher.connect(source, key.raw)
    dst = sqlite_cipher.connect(target, key.raw)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    photos = photo_folder_for(source)
    if photos.is_dir():
        shutil.copytree(photos, photo_folder_for(target))
