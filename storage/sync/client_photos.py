"""Photos over the sync transport: resumable uploads in chunks and verified downloads.

A photo is addressed by the SHA-256 of its bytes; nothing is stored that does not hash to its
address, and an upload carries on from whatever size the server reports.
"""

from __future__ import annotations

import json
import sqlite3
import time

from diagnosis.messages import DomainError
from diagnosis.sync.ports import Progress, SyncError

from storage.database import Store
from storage.photos import PhotoStore
from storage.sync.client_meta import UPLOADS, get_json, put_json
from storage.sync.transport import Transport

CHUNK = 1024 * 1024  # small enough that a cut connection costs little to resend
# Refusals about one photo: it stays queued, is reported, and the others go on.
_PHOTO_REFUSALS = frozenset({"photo.too_large", "photo.mismatch", "photo.busy", "photo.timeout"})
# Busy: another upload of it runs. Often it is this laptop's own, cut a moment ago, which the
# server frees as soon as it notices the cut (or, for a line gone silent, at its read timeout);
# timeout: this upload stalled. Both are tried once more after the others, after this pause.
_TRY_AGAIN = frozenset({"photo.busy", "photo.timeout"})
RETRY_PAUSE = 1.0


def upload_queued(
    store: Store, transport: Transport, photos: PhotoStore, progress: Progress
) -> int:
    """Send the photos queued (``UPLOADS``) by pushed findings; each one sent whole, or that
    this laptop does not have, leaves the queue. What is left is what the summary reports.

    Raises SyncError for the network: this photo and the rest stay queued for the next sync.
    """
    pending: list[str] = get_json(store.conn, UPLOADS, [])
    sent, again = 0, []
    for n, sha in enumerate(pending):
        progress("photos", n, len(pending))
        done = _upload_one(store, transport, photos, sha)
        if done is None:
            again.append(sha)
        sent += bool(done)
    if again:
        progress("photos", len(pending) - len(again), len(pending))  # a cancel stops here
        time.sleep(RETRY_PAUSE)
        sent += sum(bool(_upload_one(store, transport, photos, sha)) for sha in again)
    if pending:
        progress("photos", len(pending), len(pending))
    return sent


def _upload_one(store: Store, transport: Transport, photos: PhotoStore, sha: str) -> bool | None:
    """True: sent, False: nothing to send; None: busy or stalled. Refused or not: kept queued."""
    try:
        sent = upload(transport, photos, sha)
    except SyncError as exc:
        if not is_photo_refusal(exc):
            raise
        return None if exc.code in _TRY_AGAIN else False
    with store.transaction():
        left: list[str] = get_json(store.conn, UPLOADS, [])
        put_json(store.conn, UPLOADS, [s for s in left if s != sha])
    return sent


def upload(transport: Transport, photos: PhotoStore, sha: str) -> bool:
    """Send the photo unless the server has it whole; True if bytes were sent.

    Raises SyncError for a refusal of this photo (``is_photo_refusal``) or the network.
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
    earlier, interrupted sync did not get to. Read from ``photos_wanted`` (m016), which the
    findings' triggers fill, never from every finding. Writes nothing (``wanted`` does)."""
    named, _done = _judge(conn, photos)
    return named


def wanted(store: Store, photos: PhotoStore) -> list[str]:
    """``wanted_photos``, forgetting what is here or no longer named by a live finding, so
    the next sync reads only what it still waits for."""
    named, done = _judge(store.conn, photos)
    if done:
        with store.transaction():
            store.conn.executemany(
                "DELETE FROM photos_wanted WHERE sha = ? AND finding_id = ?", done
            )
    return named


def fetched(store: Store, sha: str) -> None:
    """The photo is here now: no finding waits for it."""
    with store.transaction():
        store.conn.execute("DELETE FROM photos_wanted WHERE sha = ?", [sha])


def _judge(conn: sqlite3.Connection, photos: PhotoStore) -> tuple[list[str], list[tuple[str, str]]]:
    """The missing photos live findings name (in the order the findings were written and name
    them, as a scan of the findings gave them), and the (photo, finding) pairs done with."""
    rows = conn.execute(
        "SELECT w.sha, w.finding_id, f.deleted, f.photos, f.rowid FROM photos_wanted w "
        "LEFT JOIN findings f ON f.id = w.finding_id"
    ).fetchall()
    if not rows:
        return [], []
    order: list[tuple[int, int, str]] = []
    done: list[tuple[str, str]] = []
    for sha, finding, deleted, text, rowid in rows:
        names = _names(text)
        if deleted == 0 and sha in names and _addressable(photos, sha):
            order.append((rowid, names.index(sha), sha))
        else:
            done.append((sha, finding))
    named = list(dict.fromkeys(sha for *_, sha in sorted(order)))
    missing, here = set(photos.missing(named)), set(named)
    done += [(sha, finding) for sha, finding, *_ in rows if sha in here and sha not in missing]
    return [sha for sha in named if sha in missing], done


def _names(text: object) -> list[str]:
    try:
        listed = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return []
    return [n for n in listed if isinstance(n, str)] if isinstance(listed, list) else []


def _addressable(photos: PhotoStore, sha: str) -> bool:
    try:
        photos.file_of(sha)
    except ValueError:
        return False  # not a SHA-256: nothing the server could address either
    return True
