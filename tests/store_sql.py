"""Reading a test's store as SQL: through SQLCipher with its key, as the app reads it.

Never the standard ``sqlite3`` module on a store file: it cannot read an encrypted store, and
two SQLite libraries on one file in one process drop each other's locks.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from storage import sqlite_cipher
from storage.keys import key_for

IntegrityError: Any = sqlite_cipher.IntegrityError
DatabaseError: Any = sqlite_cipher.DatabaseError


def connect(path: Path, uri: str = "") -> sqlite3.Connection:
    """A connection to the store at ``path`` (``uri``: query parameters, e.g. "mode=ro")."""
    key = key_for(path, create=False).raw
    if uri:
        return sqlite_cipher.connect(f"{path.resolve().as_uri()}?{uri}", key, uri=True)
    return sqlite_cipher.connect(path, key)
