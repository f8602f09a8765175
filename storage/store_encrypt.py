"""A plain store (made before stores were encrypted) encrypted in place, safely.

The photos are sealed first, each file replaced whole (a plain one is still read, by its hash,
until then). Then SQLCipher exports the database into an encrypted copy beside it, the copy is
verified (integrity, and the same rows in every table), and only then renamed over the plain
file. A kill at any moment leaves a usable store: before the rename the plain file is whole and
the next start begins again (the key file is already there, so the same key is used); after
it, the encrypted one is. The caller holds the store's writer lock; SQLite's own lock refuses
the change while any other connection, in any process, has the plain file open.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path

from diagnosis.files import sync_folder

from storage import sqlite_cipher
from storage.keys import StoreKey
from storage.photos import photos_of
from storage.store_messages import StoreError, StoreMessage

SIDE = ("", "-wal", "-shm", "-journal")


def encrypting_path(path: Path) -> Path:
    return path.with_name(path.name + ".encrypting")


def encrypt_in_place(path: Path, key: StoreKey) -> None:
    """Encrypt the plain store at ``path`` and its photos with ``key``."""
    photos_of(path, key).seal_all()
    copy = encrypting_path(path)
    for suffix in SIDE:  # what a run cut short left: never trusted, made again
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    plain = sqlite_cipher.connect(path, None)
    try:
        plain.execute("PRAGMA busy_timeout = 5000")
        # Out of WAL: every committed page into the file itself. SQLite allows it only when no
        # other connection has the file open, which is what the rename below needs.
        try:
            mode = plain.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite_cipher.OperationalError as exc:
            raise _in_use(path) from exc
        if mode != "delete":
            raise _in_use(path)
        sqlite_cipher.attach_keyed(plain, copy, "encrypted", key.raw)
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute("DETACH DATABASE encrypted")
        _verify(plain, copy, key)
        os.chmod(copy, 0o600)
        # Nothing may write the plain file between the check and the rename.
        plain.execute("BEGIN IMMEDIATE")
        if sys.platform == "win32":  # Windows renames over no open file
            plain.execute("ROLLBACK")
            plain.close()
        os.replace(copy, path)
        sync_folder(path.parent)
    finally:
        with contextlib.suppress(*sqlite_cipher.ERRORS):
            if plain.in_transaction:
                plain.execute("ROLLBACK")
        plain.close()


def _verify(plain: sqlite3.Connection, copy: Path, key: StoreKey) -> None:
    """The copy opens with the key, passes its integrity check and has every row."""
    tables = [
        r[0]
        for r in plain.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    encrypted = sqlite_cipher.connect(copy, key.raw)
    try:
        ok = encrypted.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for table in tables:
            sql = f"SELECT count(*) FROM [{table}]"
            ok = ok and encrypted.execute(sql).fetchone() == plain.execute(sql).fetchone()
    finally:
        encrypted.close()
    if not ok:
        params = {"path": str(copy), "detail": "the encrypted copy differs from the store"}
        raise StoreError(StoreMessage("store.unopenable", params))


def _in_use(path: Path) -> StoreError:
    return StoreError(StoreMessage("store.in_use", {"path": str(path)}))
