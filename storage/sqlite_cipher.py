"""The SQLite library of the laptop store: SQLCipher (``sqlcipher3``), keyed on each connection.

Every connection to a laptop store in this process is made here. Two SQLite libraries in one
process on one file would each keep their own record of its locks, and closing a descriptor in
one drops the other's ("How To Corrupt An SQLite Database File", 2.2.1): never open a store file
with the standard ``sqlite3`` module. (The central server's store is another file, and stays
with the standard module.) The key is a raw 256-bit key, so opening costs no key derivation.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as _lib

Error: Any = _lib.Error
DatabaseError: Any = _lib.DatabaseError
OperationalError: Any = _lib.OperationalError
IntegrityError: Any = _lib.IntegrityError
# For ``except``: either library's errors (a store connection raises SQLCipher's).
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, _lib.Error)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, _lib.DatabaseError)
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, _lib.IntegrityError)

# SQLCipher logs each page that fails its check to standard error; the store's refusal already
# says the file is damaged, in the user's language. (A setting of the library, not of one file.)
_quiet = _lib.connect(":memory:")
_quiet.execute("PRAGMA cipher_log_level = NONE")
_quiet.close()


def connect(target: Path | str, key: bytes | None, *, uri: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread;
    ``key``: the store's raw key, None for a plain file (the office mirror, a plain store
    being encrypted)."""
    conn: sqlite3.Connection = _lib.connect(
        str(target), isolation_level=None, check_same_thread=False, uri=uri
    )
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def attach_keyed(conn: sqlite3.Connection, target: Path, name: str, key: bytes) -> None:
    """Attach ``target`` to ``conn`` as ``name``, encrypted with ``key``."""
    conn.execute(f"ATTACH DATABASE ? AS {name} KEY \"x'{key.hex()}'\"", [str(target)])


def readable_without_key(path: Path) -> bool:
    """Whether ``path`` is a plain (unencrypted) SQLite database, asked of SQLite."""
    try:
        conn = connect(f"{path.resolve().as_uri()}?mode=rw", None, uri=True)
        try:
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except ERRORS:
        return False
    return True
