"""The passphrase's key-encryption key derived once, and early (storage.kek): the app starts scrypt
before anything else, and the store's key is then unwrapped with that result; a wrong
passphrase, a damaged key file or a missing passphrase end as they did before."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storage import kek, keys
from storage.database import Store, StoreError
from storage.keys import KeyNeeded, keys_path
from tests.conftest import TEST_PASSPHRASE


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "diagnosis.sqlite"
    Store(path, user="tester").close()
    # As a new process: no key unlocked, nothing derived yet.
    monkeypatch.setattr(keys, "_unlocked", {})
    monkeypatch.setattr(kek, "_derived", {})
    return path


@pytest.fixture
def scrypts(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The salts scrypt is run with, in this test."""
    seen: list[bytes] = []
    real: Callable[..., bytes] = hashlib.scrypt

    def counted(password: bytes, **options: Any) -> bytes:
        seen.append(options["salt"])
        return real(password, **options)

    monkeypatch.setattr(kek.hashlib, "scrypt", counted)
    return seen


def test_kek_derived_early_unwraps_the_store_key_without_a_second_scrypt(
    store_path: Path, scrypts: list[bytes]
) -> None:
    started = kek.derive_early(store_path)
    assert started is not None
    key = keys.key_for(store_path, create=False)  # waits for the early derivation
    started.join()
    assert len(scrypts) == 1
    assert kek._derived == {}  # used, not kept: the store key is what the process remembers
    # The same key as a derivation of its own gives.
    keys._unlocked.clear()
    kek._derived.clear()
    assert keys.key_for(store_path, create=False) == key
    assert len(scrypts) == 2


def test_kek_asked_twice_at_once_is_derived_once(scrypts: list[bytes]) -> None:
    salt = bytes.fromhex(hashlib.sha256(b"salt").hexdigest())
    answers: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: answers.append(kek.derive("secret 1", salt, 2**14, 8, 1)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(scrypts) == 1 and len(set(answers)) == 1 and len(answers) == 3
    kek.forget("secret 1", salt, 2**14, 8, 1)
    # Another passphrase, salt or cost is another key.
    kek.derive("secret 2", salt, 2**14, 8, 1)
    assert len(scrypts) == 2
    kek.derive("secret 1", salt, 2**14, 8, 1)  # forgotten: derived again
    assert len(scrypts) == 3


def test_kek_early_with_a_wrong_passphrase_is_still_refused(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(kek.ENV_PASSPHRASE, "not the passphrase")
    started = kek.derive_early(store_path)
    assert started is not None
    with pytest.raises(StoreError) as refused:
        keys.key_for(store_path, create=False)
    assert refused.value.message.code == "store.passphrase_wrong"
    monkeypatch.setenv(kek.ENV_PASSPHRASE, TEST_PASSPHRASE)
    assert keys.key_for(store_path, create=False) is not None  # the right one still opens it


def test_kek_early_leaves_a_damaged_key_file_to_the_store_to_report(
    store_path: Path, scrypts: list[bytes]
) -> None:
    info = json.loads(keys_path(store_path).read_text("utf-8"))
    info["passphrase"]["salt"] = "not base64 at all!"
    keys_path(store_path).write_text(json.dumps(info), "utf-8")
    assert kek.derive_early(store_path) is None
    with pytest.raises(StoreError) as refused:
        keys.key_for(store_path, create=False)
    assert refused.value.message.code == "store.key_damaged"
    keys_path(store_path).write_text("{", "utf-8")
    assert kek.derive_early(store_path) is None
    assert scrypts == []


def test_kek_early_needs_a_passphrase(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(kek.ENV_PASSPHRASE)
    monkeypatch.setattr(kek, "_given", [])
    assert kek.derive_early(store_path) is None
    with pytest.raises(KeyNeeded):
        keys.key_for(store_path, create=False)
    kek.provide_passphrase(TEST_PASSPHRASE)  # --passphrase-file
    started = kek.derive_early(store_path)
    assert started is not None
    assert keys.key_for(store_path, create=False) is not None


def test_kek_early_for_a_store_with_no_key_file_starts_nothing(tmp_path: Path) -> None:
    assert kek.derive_early(tmp_path / "none.sqlite") is None
