"""The laptop store encrypted at rest (issue 13, item 5): the database and its journal through
SQLCipher, the photos sealed, the key in the keyring or wrapped by a passphrase, plain stores
encrypted in place without ever being left half-done."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import services
from storage import keys
from storage.database import Store, StoreError
from storage.keys import KeyNeeded, keys_path, load_cipher
from storage.photos import SEALED, photo_folder_for
from storage.store_encrypt import encrypting_path
from tests.conftest import TEST_PASSPHRASE
from tests.storage.processes import ROOT, run_main

SECRET_NAME = "宁波保密测试机械有限公司"


def _write_secret(store: Store, n: int = 50) -> None:
    store.write(
        "enterprises",
        [
            {"id": f"e{i}", "name": f"{SECRET_NAME}{i}", "credit_code": f"C{i:017d}"}
            for i in range(n)
        ],
    )


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_store_file_and_journal_hold_no_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "laptop" / "diagnosis.sqlite"
    store = Store(path, user="tester")
    _write_secret(store)
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0  # the rows are still in the journal, and it is encrypted too
    everything = _all_bytes(path.parent)
    store.close()
    for needle in (SECRET_NAME.encode(), b"SQLite format 3", b"enterprises"):
        assert needle not in everything
    # Nothing but SQLCipher with the key reads it.
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()


def test_store_key_file_holds_no_key_and_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "diagnosis.sqlite"
    store = Store(path, user="tester")
    _write_secret(store, 1)
    key = store.key
    assert key is not None
    info = json.loads(keys_path(path).read_text("utf-8"))
    text = keys_path(path).read_text("utf-8")
    assert key.raw.hex() not in text and key.raw.hex().upper() not in text
    assert set(info) == {"format", "version", "store", "passphrase"}  # no keyring here (tests)
    assert info["passphrase"]["kdf"] == "scrypt"
    sha = store.photos().add(_jpeg(tmp_path / "p.jpg", "green"))
    photo = store.photos().file_of(sha)
    for p in (path, Path(f"{path}-wal"), keys_path(path), photo):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    for folder in (path.parent, photo.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    store.close()


def _fresh_process(path: Path, passphrase: str | None) -> subprocess.CompletedProcess[str]:
    """``visit list`` in a process of its own: no key remembered from this one."""
    env = {k: v for k, v in os.environ.items() if k != "DIAGNOSIS_STORE_PASSPHRASE"}
    if passphrase is not None:
        env["DIAGNOSIS_STORE_PASSPHRASE"] = passphrase
    return run_main(["visit", "list", "--db", str(path), "--json", "--lang", "en"], env=env)


def test_store_opens_only_with_its_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "diagnosis.sqlite"
    Store(path, user="tester").close()
    assert _fresh_process(path, TEST_PASSPHRASE).returncode == 0
    wrong = _fresh_process(path, "another passphrase")
    assert wrong.returncode == 2 and "Wrong passphrase" in wrong.stderr
    missing = _fresh_process(path, None)
    assert missing.returncode == 2
    assert "--passphrase-file" in missing.stderr and "DIAGNOSIS_STORE_PASSPHRASE" in missing.stderr


def test_store_passphrase_file_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "diagnosis.sqlite"
    Store(path, user="tester").close()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(TEST_PASSPHRASE + "\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DIAGNOSIS_STORE_PASSPHRASE"}
    args = ["visit", "list", "--db", str(path), "--passphrase-file", str(secret), "--json"]
    done = run_main(args, env=env)
    assert done.returncode == 0, done.stderr


def test_store_new_without_keyring_or_passphrase_asks_for_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DIAGNOSIS_STORE_PASSPHRASE")
    path = tmp_path / "diagnosis.sqlite"
    with pytest.raises(KeyNeeded) as needed:
        Store(path, user="tester")
    assert needed.value.new
    assert "choose a passphrase" in needed.value.message.text("en")
    assert "请设定一个口令" in needed.value.message.text("zh")
    assert not path.exists() and not keys_path(path).exists()  # nothing made


class MemoryKeyring:
    """A system keyring, in memory (keyring's backend protocol, just what the store uses)."""

    priority = 1
    name = "memory"

    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))


def test_store_key_made_at_first_start_goes_into_the_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    ring = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: ring)
    monkeypatch.setattr(keyring, "set_password", ring.set_password)
    monkeypatch.setattr(keyring, "get_password", ring.get_password)
    monkeypatch.delenv("DIAGNOSIS_STORE_PASSPHRASE")
    path = tmp_path / "diagnosis.sqlite"
    store = Store(path, user="tester")
    assert store.key is not None
    info = json.loads(keys_path(path).read_text("utf-8"))
    assert "passphrase" not in info
    assert ring.passwords == {
        (keys.KEYRING_SERVICE, f"store-key:{info['keyring']}"): store.key.raw.hex()
    }
    _write_secret(store, 3)
    store.close()
    monkeypatch.setattr(keys, "_unlocked", {})  # as a new process: only the keyring has it
    again = Store(path, user="tester")
    assert again.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (3,)
    again.close()
    # The keyring lost (another computer): the store says where its key is.
    monkeypatch.setattr(keys, "_unlocked", {})
    ring.passwords.clear()
    with pytest.raises(KeyNeeded) as elsewhere:
        Store(path, user="tester")
    assert "another computer's keyring" in elsewhere.value.message.text("en")


def test_store_moves_to_another_laptop_with_a_passphrase(tmp_path: Path) -> None:
    """``passphrase`` sets the passphrase; the store's folder copied; opened elsewhere with it."""
    old = tmp_path / "old" / "diagnosis.sqlite"
    assert (
        run_main(["demo", "--db", str(old), "--enterprises", "5", "--visits", "1"]).returncode == 0
    )
    new_secret = tmp_path / "new.txt"
    new_secret.write_text("moving-day passphrase\n", "utf-8")
    done = run_main(
        ["passphrase", "--db", str(old), "--new-passphrase-file", str(new_secret), "--lang", "en"]
    )
    assert done.returncode == 0, done.stderr
    assert "copy" in done.stdout
    moved = tmp_path / "new-laptop"
    moved.mkdir()
    for p in old.parent.iterdir():  # the whole folder, as a user copies it
        if p.is_file() and not p.name.endswith(".lock"):
            (moved / p.name).write_bytes(p.read_bytes())
    photos = photo_folder_for(old)
    (moved / photos.name).mkdir()
    for p in photos.iterdir():
        (moved / photos.name / p.name).write_bytes(p.read_bytes())
    store = moved / "diagnosis.sqlite"
    assert _fresh_process(store, TEST_PASSPHRASE).returncode == 2  # the old one no longer
    opened = _fresh_process(store, "moving-day passphrase")
    assert opened.returncode == 0, opened.stderr
    assert len(json.loads(opened.stdout)) == 1


def _plain_store(path: Path, rows: int = 30) -> None:
    """A store as the releases before encryption made them (plain SQLite, WAL)."""
    s = Store(path, user="old", encrypted=False)
    _write_secret(s, rows)
    s.close()


def _jpeg(path: Path, colour: str) -> Path:
    Image.new("RGB", (64, 48), colour).save(path, "JPEG")
    return path


def test_store_plain_is_encrypted_in_place_with_its_photos(tmp_path: Path) -> None:
    path = tmp_path / "diagnosis.sqlite"
    _plain_store(path)
    plain_photos = Store(path, user="old", encrypted=False)
    sha = plain_photos.photos().add(_jpeg(tmp_path / "p.jpg", "red"))
    jpeg = plain_photos.photos().open_bytes(sha)
    plain_photos.close()
    assert SECRET_NAME.encode() in path.read_bytes()
    store = Store(path, user="tester")
    assert store.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (30,)
    photos = store.photos()
    assert photos.open_bytes(sha) == jpeg
    kept = photos.file_of(sha).read_bytes()
    assert kept.startswith(SEALED) and jpeg not in kept
    with Image.open(photos.path_of(sha)) as shown:  # readable by path, outside the store
        assert shown.size == (64, 48)
    assert not photos.path_of(sha).is_relative_to(tmp_path)
    store.close()
    assert SECRET_NAME.encode() not in _all_bytes(tmp_path)
    assert not encrypting_path(path).exists()


def test_store_plain_encryption_cut_short_leaves_the_plain_store_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "diagnosis.sqlite"
    _plain_store(path)

    def power_cut(*_args: object) -> None:
        raise OSError("power cut before the rename")

    monkeypatch.setattr("storage.store_encrypt.os.replace", power_cut)
    with pytest.raises(OSError):
        Store(path, user="tester")
    assert SECRET_NAME.encode() in path.read_bytes()  # still the plain store, whole
    monkeypatch.undo()
    store = Store(path, user="tester")  # the next start finishes the job, same key
    assert store.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (30,)
    store.close()
    assert SECRET_NAME.encode() not in path.read_bytes()


_ENCRYPT = """
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from storage.database import Store
print("go", flush=True)
Store(Path(sys.argv[1]), user="tester").close()
print("done", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
@pytest.mark.parametrize("delay", [0.0, 0.02, 0.05, 0.1, 0.2, 0.4])
def test_store_plain_encryption_killed_at_any_moment_leaves_a_usable_store(
    tmp_path: Path, delay: float
) -> None:
    import time

    path = tmp_path / "diagnosis.sqlite"
    _plain_store(path, rows=3000)
    proc = subprocess.Popen(
        [sys.executable, "-c", _ENCRYPT, str(path), str(ROOT)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "go"
    time.sleep(delay)
    proc.kill()
    proc.wait(timeout=30)
    proc.stdout.close()
    store = Store(path, user="tester")
    assert store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert store.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (3000,)
    store.close()
    assert SECRET_NAME.encode() not in path.read_bytes()


def test_store_refuses_a_newer_plain_store_without_encrypting_it(tmp_path: Path) -> None:
    path = tmp_path / "diagnosis.sqlite"
    _plain_store(path, rows=1)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('diagnosis', 'm099_future', '')"
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused:
        Store(path, user="tester")
    assert refused.value.message.code == "store.newer"
    assert path.read_bytes() == before


def test_store_photos_need_the_key(tmp_path: Path) -> None:
    path = tmp_path / "diagnosis.sqlite"
    store = services.open_store(path)
    photos = store.photos()
    sha = photos.add(_jpeg(tmp_path / "p.jpg", "blue"))
    store.close()
    from storage.photos import PhotoStore

    keyless = PhotoStore(photo_folder_for(path))
    from diagnosis.messages import DomainError

    with pytest.raises(DomainError):
        keyless.open_bytes(sha)


def test_store_cipher_is_cryptographys_public_aes_gcm() -> None:
    """keys.load_cipher takes AES-GCM from the compiled binding the public module re-exports
    (a quicker start); an upgrade that changed that would be caught here."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    assert load_cipher() is AESGCM
