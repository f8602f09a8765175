"""One writer at a time on a store: an exclusive lock on a separate file beside it.

The app holds ``<store>.lock`` for as long as it shows the store; a command that writes holds it
while it runs; read-only commands never take it. The lock is never taken on the database file
itself (nor its -wal or -shm): on POSIX, closing any descriptor of those would drop SQLite's own
locks. ``flock`` belongs to the open file description, so nothing else this process opens or
closes can release it; it goes with the process, so a killed holder leaves no stale lock. The
holder writes who it is into the file, so a refusal can name it.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from storage.store_messages import StoreError, StoreMessage

# Windows locks a byte range and makes it unreadable to others: lock byte 0, describe the
# holder after it.
_INFO_AT = 16


class StoreBusy(StoreError):
    """Another process is the store's writer: ``message`` names it, in both languages."""

    def __init__(self, message: StoreMessage, holder: dict[str, Any]) -> None:
        super().__init__(message)
        self.holder = holder


def lock_path(store: Path) -> Path:
    """``/data/diagnosis.sqlite`` -> ``/data/diagnosis.sqlite.lock``."""
    return store.with_name(store.name + ".lock")


class _Held:
    def __init__(self, handle: IO[bytes], created: bool) -> None:
        self.handle = handle
        self.created = created  # this process made the lock file
        self.count = 1


# A flock is per open file: a second open in this process would conflict with the first, so
# the locks this process holds are counted here, one per store file (the app's window and its
# workers, or a command and the store it opens, share one).
_held: dict[str, _Held] = {}
_held_guard = threading.Lock()


class StoreLock:
    """The writer's lock of the store at ``store``: ``acquire`` it, then ``release`` it once."""

    def __init__(self, store: Path, by: str) -> None:
        self.store = store
        self.by = by  # "app", or the command's name
        self._key = str(lock_path(store.resolve()))
        self._mine = False

    def acquire(self, wait: float = 0.0) -> StoreLock:
        """Take the lock, waiting up to ``wait`` seconds for another command, never for the
        app (it holds the store while it is open); StoreBusy names the holder if not."""
        with _held_guard:
            held = _held.get(self._key)
            if held is not None:
                held.count += 1
                self._mine = True
                return self
        path = Path(self._key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd, created = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600), True
        except FileExistsError:
            fd, created = os.open(path, os.O_RDWR), False
        handle = os.fdopen(fd, "r+b")
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            holder = _read_holder(path)
            if holder.get("by") == "app" or time.monotonic() >= deadline:
                handle.close()
                raise StoreBusy(_busy_message(self.store, holder), holder)
            time.sleep(0.05)
        _describe(handle, self.by)
        with _held_guard:
            _held[self._key] = _Held(handle, created)
        self._mine = True
        return self

    def release(self, *, discard: bool = False) -> None:
        """Let go; ``discard``: also remove the lock file if this process made it (a store that
        was refused, so that nothing is left beside a file that is not ours)."""
        if not self._mine:
            return
        self._mine = False
        with _held_guard:
            held = _held[self._key]
            held.count -= 1
            if held.count:
                return
            del _held[self._key]
            if discard and held.created:
                Path(self._key).unlink(missing_ok=True)
        _unlock(held.handle)
        held.handle.close()

    def __enter__(self) -> StoreLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def held_here(store: Path) -> bool:
    """Whether this process holds the writer's lock of ``store``."""
    with _held_guard:
        return str(lock_path(store.resolve())) in _held


def holder_of(store: Path) -> dict[str, Any] | None:
    """Who holds the lock of ``store`` now (another process), or None when nobody does."""
    path = lock_path(store)
    if held_here(store) or not path.exists():
        return None
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    with os.fdopen(fd, "r+b") as handle:
        if _try_lock(handle):
            _unlock(handle)
            return None
    return _read_holder(path)


def _busy_message(store: Path, holder: dict[str, Any]) -> StoreMessage:
    params = {"path": str(store), "pid": holder.get("pid", "?")}
    if holder.get("by") == "app":
        return StoreMessage("store.busy_app", params)
    return StoreMessage("store.busy_command", {**params, "what": holder.get("by", "?")})


def _describe(handle: IO[bytes], by: str) -> None:
    info = json.dumps({"pid": os.getpid(), "by": by}).encode()
    handle.seek(_INFO_AT)
    handle.write(info)
    handle.truncate()
    handle.flush()


def _read_holder(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            fh.seek(_INFO_AT)
            info = json.loads(fh.read(4096) or b"{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)
