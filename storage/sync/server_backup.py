"""``server backup`` and ``server restore`` (docs/sync.md "Backup and restore").

A backup is made with SQLite's online backup, page by page from one read snapshot, so a running
server can be backed up and the copy is whole (a file copy of a live store and its -wal is not).
A restore puts a backup in the store's place and gives it a new generation, above every one the
store has issued, so that each laptop sees the store went back and sends it what it lacks
(storage.sync.client_reset). It refuses while the server runs, and keeps the store it replaces.
Photos are content-addressed files beside the store: a backup copies them, a restore adds those
missing (one the server lacks is sent again by the laptop whose finding names it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.database import StoreError
from storage.photos import photo_folder_for
from storage.store_lock import StoreLock
from storage.sync import server_identity
from storage.sync.server_db import ServerStore
from storage.sync.server_records import current_seq


class BackupError(Exception):
    """Why a backup or restore did not run: (English, Chinese); nothing was changed."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh


@dataclass(frozen=True)
class Done:
    path: Path
    store_id: str
    generation: int
    seq: int
    photos: int
    previous: int | None = None  # restore: the generation the replaced store was at
    kept: Path | None = None  # restore: where the replaced store is now
    other_store: bool = False  # restore: the backup is of another store than the one replaced


def backup(store_path: Path, out: Path) -> Done:
    if not store_path.is_file():
        raise BackupError(f"no central store at {store_path}", f"{store_path} 处没有中央存储库")
    if out.exists():
        raise BackupError(f"{out} exists; name a new file", f"{out} 已存在，请指定新文件名")
    with _central(store_path) as central:  # refuses a desktop store; the schema made current
        identity = central.identity()
    part = out.with_name(out.name + ".part")
    _remove_db(part)
    _copy_db(store_path, part)
    conn = sqlite3.connect(part)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        seq = current_seq(conn)
        identity = server_identity.read(conn)
    finally:
        conn.close()
    os.replace(part, out)
    photos = _copy_photos(photo_folder_for(store_path), photo_folder_for(out))
    return Done(out, identity.store_id, identity.generation, seq, photos)


def restore(source: Path, store_path: Path) -> Done:
    if not source.is_file():
        raise BackupError(f"no backup at {source}", f"{source} 处没有备份")
    try:
        lock = StoreLock(store_path, "server restore").acquire()
    except StoreError as exc:
        raise BackupError(
            f"the server is running on {store_path}; stop it first ({exc})",
            f"{store_path} 的服务器正在运行，请先停止它（{exc}）",
        ) from exc
    try:
        return _restore(source, store_path)
    finally:
        lock.release()


def _restore(source: Path, store_path: Path) -> Done:
    # Built beside the store under another name, then moved into place in one rename.
    staged = store_path.with_name(f"{store_path.stem}.restoring.sqlite")
    _remove_db(staged)
    _copy_db(source, staged)
    try:
        with _central(staged):  # a central store, brought to this version's schema
            pass
        old = _generation_of(store_path) if store_path.is_file() else None
        mark = server_identity.read_highwater(store_path)
        conn = sqlite3.connect(staged, isolation_level=None)
        try:
            seq = current_seq(conn)
            backed = server_identity.read(conn)
            # Above every generation issued, so a laptop of any of them sees the change.
            known = [backed.generation]
            if old is not None:
                known.append(old[1])
            if mark is not None:
                known.append(int(mark["generation"]))
            conn.execute("BEGIN IMMEDIATE")
            identity = server_identity.bump(conn, seq, max(known) + 1, f"restored from {source}")
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    except BaseException:
        _remove_db(staged)
        raise
    finally:
        server_identity.highwater_path(staged).unlink(missing_ok=True)
        _rmdir_empty(photo_folder_for(staged))
    kept = _keep(store_path) if store_path.is_file() else None
    os.replace(staged, store_path)
    server_identity.write_highwater(store_path, identity, seq, replace=True)
    photos = _copy_photos(photo_folder_for(source), photo_folder_for(store_path))
    return Done(
        store_path,
        identity.store_id,
        identity.generation,
        seq,
        photos,
        previous=None if old is None else old[1],
        kept=kept,
        other_store=old is not None and old[0] != identity.store_id,
    )


class _central:
    """A store opened as the server opens it, or BackupError saying why it cannot be."""

    def __init__(self, path: Path) -> None:
        try:
            self.store = ServerStore(path)
        except StoreError as exc:
            raise BackupError(
                f"{path} is not a usable central store: {exc}",
                f"{path} 不是可用的中央存储库：{exc}",
            ) from exc

    def __enter__(self) -> ServerStore:
        return self.store

    def __exit__(self, *_exc: object) -> None:
        self.store.close()


def _copy_db(source: Path, target: Path) -> None:
    """SQLite's online backup: one consistent snapshot, even of a store being written."""
    try:
        src = sqlite3.connect(source)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {source}: {exc}", f"无法打开 {source}：{exc}") from exc
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        _remove_db(target)
        raise BackupError(f"cannot copy {source}: {exc}", f"无法复制 {source}：{exc}") from exc
    finally:
        src.close()


def _generation_of(store_path: Path) -> tuple[str, int] | None:
    """The identity and generation of the store about to be replaced (None: it has none)."""
    try:
        conn = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
        try:
            identity = server_identity.read(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # damaged, or from before identities: the high-water file may know
    return identity.store_id, identity.generation


def _keep(store_path: Path) -> Path:
    """Move the replaced store (with its -wal and -shm, which belong to it) aside, untouched."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = store_path.with_name(f"{store_path.name}.replaced-{stamp}")
    for suffix in ("-wal", "-shm", ""):
        part = store_path.with_name(store_path.name + suffix)
        if part.exists():
            os.replace(part, kept.with_name(kept.name + suffix))
    return kept


def _copy_photos(source: Path, target: Path) -> int:
    """Complete photos (``<sha>.jpg``) of ``source`` that ``target`` lacks; how many."""
    if not source.is_dir():
        return 0
    copied = 0
    for photo in sorted(source.glob("*.jpg")):
        there = target / photo.name
        if not there.exists():
            target.mkdir(parents=True, exist_ok=True)
            part = there.with_name(there.name + ".part")
            shutil.copyfile(photo, part)
            os.replace(part, there)
            copied += 1
    return copied


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _rmdir_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # absent, or not empty
        folder.rmdir()
