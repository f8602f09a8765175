"""The key of a laptop store: made at its first start, kept in the OS keyring, or wrapped by a
passphrase where there is no keyring; never written in clear.

Beside ``diagnosis.sqlite`` lies ``diagnosis.sqlite.keys`` (JSON, 0600), which holds no secret:
the store's id (its keyring entry) and, when a passphrase was set, the key encrypted with
AES-256-GCM under a key derived from the passphrase by scrypt. The store key itself is 32 random
bytes: SQLCipher's raw key for the database and its journal, and the root of the photos' and the
sync token's keys. Keys unlocked in this process are remembered by store file, so the app's
workers open their connections without asking again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
from pathlib import Path
from typing import Any, Final

from storage.kek import derive, forget
from storage.kek import given_passphrase as given_passphrase
from storage.kek import keys_path as keys_path
from storage.kek import provide_passphrase as provide_passphrase
from storage.store_messages import StoreError, StoreMessage

KEYRING_SERVICE: Final = "diagnosis-workbench"
FORMAT: Final = "diagnosis-workbench store key"
MIN_PASSPHRASE: Final = 8
# scrypt, 16 MiB: about 70 ms here, paid once per process (on the start-up thread that also
# checks the file), and about as much for every guess a thief makes.
SCRYPT: Final = {"n": 2**14, "r": 8, "p": 1}


class StoreKey:
    """A store's 32-byte key. (A plain class: a dataclass costs half a millisecond to make at
    every start, and its repr would print the key.)"""

    __slots__ = ("raw",)
    raw: bytes

    def __init__(self, raw: bytes) -> None:
        object.__setattr__(self, "raw", raw)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"StoreKey is read-only: {name}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoreKey) and hmac.compare_digest(self.raw, other.raw)

    def __hash__(self) -> int:
        return hash(self.raw)

    def __repr__(self) -> str:
        return "StoreKey(<hidden>)"

    def subkey(self, purpose: str) -> bytes:
        """A key of its own for ``purpose`` ("photos", "sync-token"): HKDF-Expand, one block."""
        info = f"diagnosis-workbench/{purpose}".encode() + b"\x01"
        return hmac.new(self.raw, info, hashlib.sha256).digest()


class KeyNeeded(StoreError):
    """The store's key cannot be had without a passphrase: ``new`` when one must be chosen."""

    def __init__(self, store: Path, *, new: bool, keyring_only: bool = False) -> None:
        code = "store.passphrase_new" if new else "store.passphrase_needed"
        if keyring_only:
            code = "store.key_elsewhere"
        super().__init__(StoreMessage(code, {"path": str(store)}))
        self.new = new
        self.keyring_only = keyring_only


_unlocked: dict[str, StoreKey] = {}
_guard = threading.Lock()
_deriving = threading.Lock()


def read_passphrase_file(path: Path) -> str:
    """A passphrase file's first line (its line end is not part of the passphrase)."""
    text = path.read_text("utf-8")
    return text.splitlines()[0] if text else ""


def remembered(store: Path) -> StoreKey | None:
    with _guard:
        return _unlocked.get(str(store.resolve()))


def _remember(store: Path, key: StoreKey) -> StoreKey:
    with _guard:
        _unlocked[str(store.resolve())] = key
    return key


def key_for(store: Path, passphrase: str | None = None, *, create: bool) -> StoreKey:
    """The key of ``store``: remembered, from the keyring, or unwrapped with the passphrase;
    with ``create`` and no key file yet, a new key (kept in the keyring, else wrapped by the
    passphrase). KeyNeeded when a passphrase is needed and none was given."""
    known = remembered(store)
    if known is not None:
        return known
    # One derivation at a time: the start-up thread and the window may both ask for the key,
    # and the second waits for the first's answer rather than deriving it again.
    with _deriving:
        known = remembered(store)
        return (
            known if known is not None else _find(store, passphrase or given_passphrase(), create)
        )


def _find(store: Path, passphrase: str | None, create: bool) -> StoreKey:
    info = read_key_file(store)
    if info is None:
        if not create:
            raise _missing(store)
        return _remember(store, _create(store, passphrase))
    wrapped = info.get("passphrase")
    if wrapped is not None and passphrase:
        return _remember(store, _unwrap(store, wrapped, passphrase))
    ref = info.get("keyring")
    if ref is not None:
        found = _from_keyring(str(ref))
        if found is not None:
            return _remember(store, found)
    raise KeyNeeded(store, new=False, keyring_only=wrapped is None)


def read_key_file(store: Path) -> dict[str, Any] | None:
    path = keys_path(store)
    try:
        info = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise _damaged(store, str(exc)) from exc
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise _damaged(store, "not a key file of this app")
    return info


def _missing(store: Path) -> StoreError:
    params = {"path": str(store), "keys": str(keys_path(store))}
    return StoreError(StoreMessage("store.key_missing", params))


def _damaged(store: Path, detail: str) -> StoreError:
    params = {"path": str(store), "keys": str(keys_path(store)), "detail": detail}
    return StoreError(StoreMessage("store.key_damaged", params))


def _create(store: Path, passphrase: str | None) -> StoreKey:
    key = StoreKey(secrets.token_bytes(32))
    import uuid  # only when a key is made: uuid pulls in platform, ~3 ms of every start

    info: dict[str, Any] = {"format": FORMAT, "version": 1, "store": str(uuid.uuid4())}
    if passphrase:
        check_passphrase(passphrase)
        info["passphrase"] = _wrap(key, passphrase)
    elif keyring_usable() and _into_keyring(info["store"], key):
        info["keyring"] = info["store"]
    else:
        raise KeyNeeded(store, new=True)
    _write_key_file(store, info)
    return key


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise StoreError(StoreMessage("store.passphrase_short", {"min": MIN_PASSPHRASE}))


def set_passphrase(store: Path, key: StoreKey, passphrase: str) -> None:
    """Let ``passphrase`` open the store too (or instead of the previous one): to move it to
    another laptop, or to keep a way in if this computer's keyring is lost."""
    check_passphrase(passphrase)
    info = read_key_file(store)
    if info is None:
        raise _missing(store)
    info["passphrase"] = _wrap(key, passphrase)
    _write_key_file(store, info)


def _write_key_file(store: Path, info: dict[str, Any]) -> None:
    from diagnosis.files import write_whole  # (tempfile, shutil: not on the start path)

    store.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # write_whole: a temporary file (0600) renamed over the old one, so a kill never leaves
    # a half key file.
    write_whole(keys_path(store), (json.dumps(info, indent=1) + "\n").encode())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _kek(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    # Often derived already: the app starts it before anything else (storage.kek). Not kept
    # once used: the store key it unwraps is what this process remembers.
    n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
    try:
        return derive(passphrase, salt, n, r, p)
    finally:
        forget(passphrase, salt, n, r, p)


def _wrap(key: StoreKey, passphrase: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_kek(passphrase, salt, SCRYPT)).encrypt(nonce, key.raw, b"store key")
    return {
        "kdf": "scrypt",
        **SCRYPT,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "key": _b64(sealed),
    }


def load_cipher() -> type[Any]:
    """cryptography's AES-GCM class. From its compiled binding, which the public module
    (``cryptography.hazmat.primitives.ciphers.aead``) only re-exports: that module's package
    loads every cipher and mode first (9 ms of the app's start); tests hold the two the same."""
    try:
        from cryptography.hazmat.bindings._rust import openssl

        aesgcm: type[Any] = openssl.aead.AESGCM
    except (ImportError, AttributeError):  # another layout of the library: the public name
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM as aesgcm
    return aesgcm


def _unwrap(store: Path, wrapped: dict[str, Any], passphrase: str) -> StoreKey:
    aesgcm = load_cipher()
    try:
        salt = base64.b64decode(wrapped["salt"])
        nonce = base64.b64decode(wrapped["nonce"])
        sealed = base64.b64decode(wrapped["key"])
        kek = _kek(passphrase, salt, wrapped)
    except (KeyError, TypeError, ValueError) as exc:
        raise _damaged(store, str(exc)) from exc
    try:
        return StoreKey(aesgcm(kek).decrypt(nonce, sealed, b"store key"))
    except Exception as exc:
        from cryptography.exceptions import InvalidTag  # only on this path: 9 ms to import

        if isinstance(exc, InvalidTag):
            message = StoreMessage("store.passphrase_wrong", {"path": str(store)})
            raise StoreError(message) from None
        raise


def keyring_usable() -> bool:
    """A system keyring is there (not keyring's "fail" backend): the same test as the sync
    settings'."""
    try:
        import keyring
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a broken keyring install is the same as none, for us
        return False


def _into_keyring(ref: str, key: StoreKey) -> bool:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, f"store-key:{ref}", key.raw.hex())
    except Exception:  # locked or refused: a passphrase will be asked for instead
        return False
    return True


def _from_keyring(ref: str) -> StoreKey | None:
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, f"store-key:{ref}")
        return StoreKey(bytes.fromhex(found)) if found else None
    except Exception:
        return None


class TextSealer:
    """Short secrets (the sync token) sealed with a store's key, for a settings file: AES-GCM
    under the key's "sync-token" subkey. ``open`` is None for text sealed with another key."""

    PREFIX: Final = "sealed:v1:"

    def __init__(self, key: StoreKey) -> None:
        self._key = key.subkey("sync-token")

    def seal(self, text: str) -> str:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self._key).encrypt(nonce, text.encode("utf-8"), b"sync token")
        return self.PREFIX + _b64(nonce + sealed)

    def open(self, sealed: str) -> str | None:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not sealed.startswith(self.PREFIX):
            return None
        try:
            raw = base64.b64decode(sealed[len(self.PREFIX) :])
            text = AESGCM(self._key).decrypt(raw[:12], raw[12:], b"sync token")
        except (ValueError, InvalidTag):
            return None
        return text.decode("utf-8")


def text_sealer(store: Path) -> TextSealer | None:
    """The sealer of the store at ``store``, whose key this process has unlocked (else None)."""
    key = remembered(store)
    return None if key is None else TextSealer(key)
