"""The central store's photos, addressed by SHA-256, uploaded resumably (docs/sync.md "Photos").

Received bytes go to ``partial/<sha>`` and become ``<sha>.jpg`` (the desktop store's layout) only
when they hash to their address: a photo on the server is never half a photo. A PUT's body runs
to the end of the photo unless the client says the photo's total ``size``; a PUT cut off midway
keeps what arrived, and the next one resumes from the reported size. One upload of a photo runs
at a time; one that has received nothing for ``idle_limit`` seconds (a stalled client) gives way
to the next, so no connection can hold a photo for good.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path
from typing import IO, Any, Final

from diagnosis.files import sync_folder
from diagnosis.visits.photos import is_sha256

from storage.sync.errors import SyncRefusal

SUFFIX: Final = ".jpg"
_CHUNK: Final = 1024 * 1024
# How long a PUT may go without receiving a byte before the server gives up on it (and how long
# an upload's reservation lasts without one). An office line moves some bytes every second;
# silence this long is a dead or stalled connection. TIMEOUT_ENV overrides it (tests, slow lines).
READ_TIMEOUT: Final = 30.0
TIMEOUT_ENV: Final = "DIAGNOSIS_PHOTO_TIMEOUT"


def read_timeout() -> float:
    """The body-read timeout in seconds: $DIAGNOSIS_PHOTO_TIMEOUT if it is a positive number."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return READ_TIMEOUT
    return value if 0 < value < float("inf") else READ_TIMEOUT


class PhotoFolder:
    def __init__(self, folder: Path, limit: int, idle_limit: float = READ_TIMEOUT) -> None:
        self.folder = folder
        self.limit = limit
        self.idle_limit = idle_limit
        self._busy: dict[str, PhotoUpload] = {}  # the upload running for each photo
        self._lock = threading.Lock()

    def final(self, sha: str) -> Path:
        return self.folder / f"{_checked(sha)}{SUFFIX}"

    def partial(self, sha: str) -> Path:
        return self.folder / "partial" / _checked(sha)

    def path(self, sha: str) -> Path | None:
        target = self.final(sha)
        return target if target.is_file() else None

    def status(self, sha: str) -> dict[str, Any]:
        done = self.path(sha)
        if done is not None:
            return {"sha": sha, "size": done.stat().st_size, "complete": True}
        partial = self.partial(sha)
        size = partial.stat().st_size if partial.is_file() else 0
        return {"sha": sha, "size": size, "complete": False}

    def begin(
        self, sha: str, offset: int, size: int | None = None, length: int | None = None
    ) -> PhotoUpload:
        """Start receiving bytes from ``offset``; ``length``: the body's length, if announced."""
        _checked(sha)
        if offset < 0 or (size is not None and size < 1):
            raise SyncRefusal("request.malformed", "offset ≥ 0 and size ≥ 1, in bytes.")
        end = offset + (length or 0)
        if end > self.limit or (size or 0) > self.limit:
            raise _too_large(self.limit)
        if size is not None and end > size:
            raise SyncRefusal("request.malformed", f"The body runs past size {size}.")
        with self._lock:
            if self.path(sha) is not None:
                return PhotoUpload(self, sha, offset, size, None)
            running = self._busy.get(sha)
            if running is not None:
                idle = running.idle()
                if idle < self.idle_limit:
                    wait = int(self.idle_limit - idle) + 1
                    raise SyncRefusal(
                        "photo.busy",
                        f"Try again in {wait} s.",
                        f"请 {wait} 秒后重试。",
                    )
                # Stalled: it writes nothing more, and this upload resumes from what it kept.
                running.expire()
                del self._busy[sha]
            received = self.status(sha)["size"]
            if offset > received:
                raise SyncRefusal(
                    "request.malformed",
                    f"offset {offset} is past the {received} bytes received; resume from there.",
                    f"offset {offset} 超出已收到的 {received} 字节，请从该处续传。",
                )
            partial = self.partial(sha)
            partial.parent.mkdir(parents=True, exist_ok=True)
            fh = partial.open("r+b" if partial.exists() else "wb")
            # A resent tail replaces what was there (the client's earlier reply may have been lost).
            fh.truncate(offset)
            fh.seek(offset)
            upload = self._busy[sha] = PhotoUpload(self, sha, offset, size, fh)
        return upload

    def put(self, sha: str, offset: int, data: bytes, size: int | None = None) -> dict[str, Any]:
        """Receive ``data`` from ``offset`` whole; the photo's status after it."""
        upload = self.begin(sha, offset, size, len(data))
        try:
            upload.write(data)
            return upload.finish()
        finally:
            upload.close()

    def release(self, upload: PhotoUpload) -> None:
        """Let the next upload of the photo start, unless one has already taken over."""
        with self._lock:
            if self._busy.get(upload.sha) is upload:
                del self._busy[upload.sha]


class PhotoUpload:
    """One PUT's bytes, written as they arrive; ``close`` (always) keeps what arrived.

    ``write`` runs on the event loop, ``finish``/``close`` and a takeover's ``expire`` on worker
    threads: ``_lock`` keeps an expired upload from writing after the next one has started. Lock
    order: the folder's, then an upload's (``release`` is called with no upload lock held).
    """

    def __init__(
        self, photos: PhotoFolder, sha: str, offset: int, size: int | None, fh: IO[bytes] | None
    ) -> None:
        self.photos = photos
        self.sha = sha
        self.offset = offset
        self.size = size
        self.fh = fh  # None: the photo is already complete and the bytes are not needed
        self.end = offset
        self.released = False
        self.expired = False
        self.touched = time.monotonic()
        self._lock = threading.Lock()

    def idle(self) -> float:
        """Seconds since this upload last received bytes (or began)."""
        return time.monotonic() - self.touched

    def expire(self) -> None:
        """Taken over after a stall (by ``begin``, holding the folder's lock): keep what
        arrived, write nothing more; the reservation is the next upload's now."""
        with self._lock:
            self.expired = self.released = True
            self._flush()

    def write(self, chunk: bytes) -> None:
        """Append ``chunk``; a refusal leaves the partial as this upload found it (the caller
        still calls ``close``)."""
        if self.fh is None:
            return
        with self._lock:
            if self.expired:
                raise stalled(self.photos.idle_limit)
            self.touched = time.monotonic()
            end = self.end + len(chunk)
            if end > self.photos.limit or (self.size is not None and end > self.size):
                self.fh.truncate(self.offset)
                if end > self.photos.limit:
                    raise _too_large(self.photos.limit)
                raise SyncRefusal("request.malformed", f"The body runs past size {self.size}.")
            self.fh.write(chunk)
            self.fh.flush()  # to the OS: the status shows every byte received, as it arrives
            self.end = end

    def finish(self) -> dict[str, Any]:
        """The whole body arrived: complete the photo if its bytes are all here and hash right."""
        if self.fh is None:
            return self.photos.status(self.sha)
        try:
            with self._lock:
                if self.expired:
                    raise stalled(self.photos.idle_limit)
                return self._complete()
        finally:
            self.close()

    def _complete(self) -> dict[str, Any]:
        self._flush()
        if self.size is not None and self.end < self.size:
            return self.photos.status(self.sha)
        partial = self.photos.partial(self.sha)
        if _sha256(partial) != self.sha:
            partial.unlink(missing_ok=True)
            raise SyncRefusal(
                "photo.mismatch",
                f"{self.end} bytes received hash to something else.",
                f"收到的 {self.end} 字节哈希不符。",
            )
        os.replace(partial, self.photos.final(self.sha))
        sync_folder(self.photos.folder)
        return self.photos.status(self.sha)

    def close(self) -> None:
        """Keep what arrived (on disk) and let the next upload of this photo start."""
        if self.fh is None:
            return
        try:
            with self._lock:
                if not self.released:
                    self.released = True
                    self._flush()
        finally:
            self.photos.release(self)  # a no-op once released or taken over

    def _flush(self) -> None:
        if self.fh is not None and not self.fh.closed:
            try:
                self.fh.flush()
                os.fsync(self.fh.fileno())
            finally:
                self.fh.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _checked(sha: str) -> str:
    # A photo address from the network must never name another file.
    if not is_sha256(sha):
        raise SyncRefusal(
            "request.malformed",
            "A photo's address is its SHA-256: 64 lower-case hex digits.",
            "照片地址须为其 SHA-256：64 位小写十六进制数字。",
        )
    return sha


def stalled(seconds: float) -> SyncRefusal:
    """The refusal of a PUT that stopped sending (timed out, or taken over after the stall)."""
    return SyncRefusal(
        "photo.timeout",
        f"Nothing arrived for {seconds:g} s.",
        f"{seconds:g} 秒内未收到任何数据。",
    )


def _too_large(limit: int) -> SyncRefusal:
    mb = limit / (1024 * 1024)
    return SyncRefusal("photo.too_large", f"At most {mb:g} MB.", f"最大 {mb:g} MB。")
