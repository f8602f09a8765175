"""The passphrase this process was given, and the key-encryption keys scrypt derives from it.

scrypt (storage.keys.SCRYPT: 16 MiB, some 65 ms) is the longest step of opening a store whose
key a passphrase wraps, and it needs nothing but the salt in the store's key file. The app
starts it here on a thread of its own as soon as the store's path is known (``derive_early``,
from main.py, before Qt or the store's code is imported); storage.keys then takes the result
(``derive``) instead of deriving it again. Only the standard library's hashing and JSON are
imported, so that this can run first.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

ENV_PASSPHRASE = "DIAGNOSIS_STORE_PASSPHRASE"

_given: list[str] = []  # --passphrase-file or the dialog's, for this process
# Derived keys by (passphrase digest, salt, n, r, p), and the derivations under way: a second
# asker waits for the first rather than deriving the same again.
_derived: dict[tuple[bytes, bytes, int, int, int], bytes] = {}
_running: dict[tuple[bytes, bytes, int, int, int], _Derivation] = {}
_lock = threading.Lock()


def provide_passphrase(text: str) -> None:
    """The passphrase this process uses for every store (``--passphrase-file``)."""
    _given[:] = [text]


def given_passphrase() -> str | None:
    if _given:
        return _given[0]
    return os.environ.get(ENV_PASSPHRASE) or None


def keys_path(store: Path) -> Path:
    """``/data/diagnosis.sqlite`` -> ``/data/diagnosis.sqlite.keys``."""
    return store.with_name(store.name + ".keys")


class _Derivation:
    """One scrypt under way: those who ask meanwhile wait for its result."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.kek: bytes | None = None  # None once done: it failed


def derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    """scrypt of ``passphrase`` (32 bytes), once per process for the same inputs (until
    ``forget``). Raises ValueError for parameters scrypt refuses (a damaged key file)."""
    secret = passphrase.encode("utf-8")
    ident = (hashlib.sha256(secret).digest(), salt, n, r, p)
    with _lock:
        if ident in _derived:
            return _derived[ident]
        under_way = _running.get(ident)
        if under_way is None:
            mine = _running[ident] = _Derivation()
    if under_way is not None:
        under_way.done.wait()
        if under_way.kek is not None:
            return under_way.kek
        # That derivation failed: this one meets the same error and raises it.
        return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=_maxmem(n, r), dklen=32)
    try:
        kek = hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=_maxmem(n, r), dklen=32)
        mine.kek = kek
        with _lock:
            _derived[ident] = kek
        return kek
    finally:
        with _lock:
            del _running[ident]
        mine.done.set()


def forget(passphrase: str, salt: bytes, n: int, r: int, p: int) -> None:
    """Drop a derived key once it has been used."""
    with _lock:
        _derived.pop((hashlib.sha256(passphrase.encode("utf-8")).digest(), salt, n, r, p), None)


def _maxmem(n: int, r: int) -> int:
    return 256 * n * r + 2**20


def derive_early(store: Path) -> threading.Thread | None:
    """Start deriving the key-encryption key of ``store`` on a thread of its own, where its key
    file holds a passphrase-wrapped key and this process has a passphrase; None where there is
    nothing to start. Whatever is wrong (no file, damaged, a refused parameter) is left to
    storage.keys, which meets it again and says so."""
    passphrase = given_passphrase()
    if not passphrase:
        return None
    try:
        wrapped: Any = json.loads(keys_path(store).read_text("utf-8"))["passphrase"]
        salt = base64.b64decode(wrapped["salt"], validate=True)
        n, r, p = int(wrapped["n"]), int(wrapped["r"]), int(wrapped["p"])
    except Exception:  # anything unusual: storage.keys reads the file itself and says what
        return None

    def run() -> None:
        with contextlib.suppress(Exception):  # raised again where the key is asked for
            derive(passphrase, salt, n, r, p)

    thread = threading.Thread(target=run, daemon=True, name="store key")
    thread.start()
    return thread
