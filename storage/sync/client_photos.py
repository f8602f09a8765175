"""Photos over the sync transport: resumable uploads in chunks and verified downloads.

A photo is addressed by the SHA-256 of its bytes; nothing is stored that does not hash to its
address, and an upload carries on from whatever size the server reports.
"""

from __future__ import annotations

import json
import sqlite3

from diagnosis.messages import DomainError
from diagnosis.sync_ports import SyncError

from storage.photos import PhotoStore
from storage.sync.transport import Transport

CHUNK = 1024 * 1024  # small enough that a cut connection costs little to resend
# Refusals about one photo: report it and go on with the others.
_PHOTO_REFUSALS = frozenset({"photo.too_large", "photo.mismatch"})


def upload(transport: Transport, photos: PhotoStore, sha: str) -> bool:
    """Send the photo unless the server has it whole; True if bytes were sent.

    Raises SyncError for a refusal of this photo (its code in _PHOTO_REFUSALS) or the network.
    """
    status = transport.photo_status(sha)
    if status.get("complete"):
        return False
    try:
        data = photos.open_bytes(sha)
    except (DomainError, ValueError):
        return False  # not here (or damaged): another laptop that has it will send it
    offset = int(status.get("size") or 0)
    if offset > len(data):  # the server holds more than the photo: cannot be resumed
        raise SyncError("photo.mismatch", f"the server holds {offset} bytes of a {len(data)}")
    while offset < len(data):
        chunk = data[offset : offset + CHUNK]
        reply = transport.put_photo(sha, offset, chunk, size=len(data))
        offset = int(reply.get("size", offset + len(chunk)))
        if reply.get("complete"):
            break
    return True


def download(transport: Transport, photos: PhotoStore, sha: str) -> bool:
    """Fetch one photo; False when the server does not have it (yet) or it came damaged."""
    try:
        data = transport.get_photo(sha)
    except SyncError as exc:
        if exc.code in ("photo.missing", "not_found"):
            return False  # its laptop has not uploaded it yet: asked again next sync
        raise
    # Damaged on the way: never stored, asked again next sync.
    return photos.put_bytes(sha, data)


def is_photo_refusal(exc: SyncError) -> bool:
    return exc.code in _PHOTO_REFUSALS


def wanted_photos(conn: sqlite3.Connection, photos: PhotoStore) -> list[str]:
    """Photos named by live findings that are not here: the pulled ones to fetch, and any an
    earlier, interrupted sync did not get to."""
    names: list[str] = []
    for (text,) in conn.execute(
        "SELECT photos FROM findings WHERE deleted = 0 AND photos NOT IN ('', '[]')"
    ):
        try:
            listed = json.loads(text)
        except ValueError:
            continue
        if isinstance(listed, list):
            names.extend(n for n in listed if isinstance(n, str))
    return [sha for sha in photos.missing(names) if _addressable(photos, sha)]


def _addressable(photos: PhotoStore, sha: str) -> bool:
    try:
        photos.file_of(sha)
    except ValueError:
        return False  # not a SHA-256: nothing the server could address either
    return True
