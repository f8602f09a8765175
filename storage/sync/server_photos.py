"""The central store's photos, addressed by SHA-256, uploaded resumably (docs/sync.md "Photos").

Received bytes go to ``partial/<sha>`` and become ``<sha>.jpg`` (the desktop store's layout) only
when they hash to their address: a photo on the server is never half a photo. A PUT's body runs
to the end of the photo unless the client says the photo's total ``size``; a PUT cut off midway
keeps what arrived, and the next one resumes from the reported size.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import IO, Any, Final

from diagnosis.files import sync_folder
from diagnosis.photos import is_sha256

from storage.sync.errors import SyncRefusal

SUFFIX: Final = ".jpg"
_CHUNK: Final = 1024 * 1024


class PhotoFolder:
    def __init__(self, folder: Path, limit: int) -> None:
        self.folder = folder
        self.limit = limit
        self._busy: set[str] = set()
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
            if sha in self._busy:
                raise SyncRefusal("photo.busy")
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
            self._busy.add(sha)
        return PhotoUpload(self, sha, offset, size, fh)

    def put(self, sha: str, offset: int, data: bytes, size: int | None = None) -> dict[str, Any]:
        """Receive ``data`` from ``offset`` whole; the photo's status after it."""
        upload = self.begin(sha, offset, size, len(data))
        try:
            upload.write(data)
            return upload.finish()
        finally:
            upload.close()

    def release(self, sha: str) -> None:
        with self._lock:
            self._busy.discard(sha)


class PhotoUpload:
    """One PUT's bytes, written as they arrive; ``close`` (always) keeps what arrived."""

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

    def write(self, chunk: bytes) -> None:
        if self.fh is None:
            return
        end = self.end + len(chunk)
        if end > self.photos.limit or (self.size is not None and end > self.size):
            # Changes nothing: the partial goes back to where this upload started.
            self.fh.truncate(self.offset)
            self.close()
            if end > self.photos.limit:
                raise _too_large(self.photos.limit)
            raise SyncRefusal("request.malformed", f"The body runs past size {self.size}.")
        self.fh.write(chunk)
        self.end = end

    def finish(self) -> dict[str, Any]:
        """The whole body arrived: complete the photo if its bytes are all here and hash right."""
        if self.fh is None:
            return self.photos.status(self.sha)
        try:
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
        finally:
            self.close()

    def close(self) -> None:
        """Keep what arrived (on disk) and let the next upload of this photo start."""
        if self.fh is None or self.released:
            return
        try:
            self._flush()
        finally:
            self.released = True
            self.photos.release(self.sha)

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


def _too_large(limit: int) -> SyncRefusal:
    mb = limit / (1024 * 1024)
    return SyncRefusal("photo.too_large", f"At most {mb:g} MB.", f"最大 {mb:g} MB。")
