"""Sync through files, for an office with no network between laptop and server (docs/sync.md,
Offline bundle): a request zip from the laptop, a reply zip from the server machine.

The exchange is the same as over HTTP: the same batches (saved in the outbox, so exporting twice
gives the same batch ids and the server answers a repeat from its record), the same pages.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from diagnosis.sync_ports import SyncError, SyncSummary

from storage.database import Store
from storage.photos import PhotoStore, sha256_hex
from storage.sync.client_meta import (
    SINCE,
    UPLOADS,
    add_to_outbox,
    get_json,
    get_meta,
    get_since,
    outbox,
    put_json,
    put_meta,
)
from storage.sync.client_pull import PullTally, apply_page, check_page, foreign_keys_off
from storage.sync.client_push import PushTally, apply_response, batches, dirty_changes
from storage.sync.errors import SyncRefusal

REQUEST, REPLY = "diagnosis-sync-request", "diagnosis-sync-reply"
VERSION = 1
PULL_LIMIT = 1000
_MAX_JSON = 512 * 1024 * 1024  # bundle.json larger than this is not one of ours


class BundleServer(Protocol):
    """What answering a request needs of ``storage.sync.server_db.ServerStore``."""

    def authenticate(self, token: str) -> Any:
        """The account of ``token``, or None (unknown or revoked)."""
        ...

    def push(self, user: Any, body: dict[str, Any]) -> dict[str, Any]: ...

    def pull(self, user: Any, since: int, limit: int) -> dict[str, Any]: ...

    def photo_status(self, sha: str) -> dict[str, Any]: ...

    def put_photo(self, sha: str, offset: int, data: bytes) -> dict[str, Any]: ...

    def photo_path(self, sha: str) -> Path | None: ...


# --- laptop: request -------------------------------------------------------------------------


def export_request(store: Store, photos: PhotoStore, out: Path, token: str) -> dict[str, Any]:
    """Write a request bundle: the outbox (what an earlier export or sync saved, unanswered)
    plus batches of the other dirty rows, saved to the outbox first, and their photos."""
    conn = store.conn
    with store.transaction():
        laptop = _laptop_id(conn)
        earlier = [body for _, body in outbox(conn)]
        queued = frozenset((c["table"], c["id"]) for body in earlier for c in body["changes"])
        fresh = list(batches(dirty_changes(conn, queued)))
        for body in fresh:
            add_to_outbox(conn, body)
    bodies = earlier + fresh
    names = _finding_photos(c for body in bodies for c in body["changes"])
    shas = [sha for sha in names if photos.has(sha)]
    manifest = {
        "kind": REQUEST,
        "version": VERSION,
        "token": token,
        "laptop": laptop,
        "since": get_since(conn),
        "batches": bodies,
    }
    _write_zip(out, manifest, {sha: photos.open_bytes(sha) for sha in shas})
    return {
        "path": str(out),
        "batches": len(bodies),
        "changes": sum(len(b["changes"]) for b in bodies),
        "photos": len(shas),
        "since": manifest["since"],
    }


def import_reply(store: Store, photos: PhotoStore, path: Path) -> SyncSummary:
    """Apply a reply bundle as a sync would: the push responses of batches still in the outbox,
    then the pulled pages (unless this store has pulled past them since), then the photos."""
    reply, files = _read_zip(path, REPLY)
    try:
        return _apply_reply(store, photos, reply, files)
    except (KeyError, TypeError, ValueError) as exc:  # the failing step rolled back
        raise SyncError("bundle.unusable", f"{path.name} is incomplete: {exc}") from exc


def _apply_reply(
    store: Store, photos: PhotoStore, reply: dict[str, Any], files: dict[str, bytes]
) -> SyncSummary:
    conn = store.conn
    if reply.get("laptop") != get_meta(conn, _LAPTOP_KEY):
        # Another laptop's reply would write that laptop's view of the server here.
        raise SyncError("bundle.foreign", "this reply answers another computer's request")
    since_before = get_since(conn)
    waiting = {body["batch"]: (key, body) for key, body in outbox(conn)}
    responses = [r for r in _list(reply, "responses") if r.get("batch") in waiting]
    fresh_pages = reply.get("since") == since_before
    if not responses and not fresh_pages:
        raise SyncError(
            "bundle.stale", "this reply was already imported, or a later sync has replaced it"
        )
    push, pull = PushTally(), PullTally()
    for response in responses:
        key, body = waiting[response["batch"]]
        with store.transaction():
            apply_response(conn, body, response, push)
            put_meta(conn, key, None)
    if fresh_pages:
        since = int(reply.get("pulled_from", since_before))
        for page in _list(reply, "pages"):
            check_page(page, since)
            with foreign_keys_off(conn), store.transaction():
                apply_page(conn, page, pull)
                put_meta(conn, SINCE, str(page["next"]))
            since = int(page["next"])
    received = 0
    for sha, data in files.items():
        if not photos.has(sha) and photos.put_bytes(sha, data):
            received += 1
    stored = set(reply.get("photos_stored") or [])
    with store.transaction():
        put_json(conn, UPLOADS, [s for s in get_json(conn, UPLOADS, []) if s not in stored])
    conflicts = conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0]
    return SyncSummary(
        sent=push.sent,
        received=pull.received,
        conflicts=int(conflicts),
        merged=push.merged,
        photos_sent=len(stored),
        photos_received=received,
        revisions=tuple(dict.fromkeys(push.revisions)),
        rejected=tuple(push.rejected + pull.skipped),
    )


# --- server machine: reply -------------------------------------------------------------------


def answer_request(server: BundleServer, request: Path, reply: Path) -> dict[str, Any]:
    """Apply a request exactly as POST /push and GET /pull would (a repeated request changes
    nothing: batches are answered from the server's record) and write the reply bundle.
    Raises ``SyncRefusal`` (bad token) and ``SyncError`` (not a request bundle)."""
    manifest, files = _read_zip(request, REQUEST)
    user = server.authenticate(str(manifest.get("token") or ""))
    if user is None:
        raise SyncRefusal("auth.invalid")
    stored: list[str] = []
    for sha, data in files.items():
        if sha256_hex(data) != sha:
            continue  # damaged in transit: the laptop sends it again with its next sync
        status = server.photo_status(sha)
        if not status.get("complete"):
            offset = int(status.get("size") or 0)
            if not server.put_photo(sha, offset, data[offset:]).get("complete"):
                continue
        stored.append(sha)
    bodies = _list(manifest, "batches")
    responses = [server.push(user, body) for body in bodies]
    since = int(manifest.get("since") or 0)
    pulled_from = _refetch_from(bodies, responses, since)
    pages, at = [], pulled_from
    while True:
        page = server.pull(user, at, PULL_LIMIT)
        pages.append(page)
        if not page.get("more") or int(page["next"]) <= at:
            break
        at = int(page["next"])
    out_photos: dict[str, bytes] = {}
    for sha in _finding_photos(c for page in pages for c in page.get("changes", [])):
        where = server.photo_path(sha)
        if where is not None and Path(where).is_file():
            out_photos[sha] = Path(where).read_bytes()
    answer = {
        "kind": REPLY,
        "version": VERSION,
        "laptop": manifest.get("laptop"),
        "since": since,
        "pulled_from": pulled_from,
        "responses": responses,
        "pages": pages,
        "photos_stored": stored,
    }
    _write_zip(reply, answer, out_photos)
    return {
        "reply": str(reply),
        "user": str(getattr(user, "name", "")),
        "changes": sum(len(b.get("changes", [])) for b in bodies),
        "records": sum(len(p.get("changes", [])) for p in pages),
        "photos_in": len(stored),
        "photos_out": len(out_photos),
    }


def _refetch_from(bodies: list[dict[str, Any]], responses: list[dict[str, Any]], since: int) -> int:
    # As the online client does after a ``revision`` outcome: pull again from the changed
    # record's base, so the laptop's copy of the finalised record becomes the server's again.
    for body, response in zip(bodies, responses, strict=True):
        bases = {(c["table"], c["id"]): int(c.get("base_rev") or 0) for c in body["changes"]}
        for result in response.get("results", []):
            base = bases.get((result.get("table"), result.get("id")), 0)
            if result.get("outcome") == "revision" and base > 0:
                since = min(since, base - 1)
    return since


# --- files -----------------------------------------------------------------------------------


_LAPTOP_KEY = "sync.laptop"


def _laptop_id(conn: sqlite3.Connection) -> str:
    """This store's own id, made once: a reply bundle must name it to be applied here."""
    laptop = get_meta(conn, _LAPTOP_KEY)
    if laptop is None:
        laptop = str(uuid.uuid4())
        put_meta(conn, _LAPTOP_KEY, laptop)
    return laptop


def _finding_photos(changes: Iterable[Mapping[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for c in changes:
        if c.get("table") != "findings" or c.get("deleted"):
            continue
        try:
            listed = json.loads((c.get("data") or {}).get("photos") or "[]")
        except (TypeError, ValueError):
            continue
        if isinstance(listed, list):
            names.update((n, None) for n in listed if isinstance(n, str) and _is_sha(n))
    return list(names)


def _is_sha(name: str) -> bool:
    return len(name) == 64 and all(ch in "0123456789abcdef" for ch in name)


def _list(manifest: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = manifest.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SyncError("bundle.unusable", f"the bundle's {key} are not a list of records")
    return value


def _write_zip(out: Path, manifest: dict[str, Any], photos: Mapping[str, bytes]) -> None:
    """The whole bundle or nothing: written beside ``out`` and renamed over it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".", suffix=".part")
    os.close(fd)
    try:
        # Photos are JPEG already: stored, not deflated again.
        with zipfile.ZipFile(tmp, "w") as zf:
            text = json.dumps(manifest, ensure_ascii=False)
            zf.writestr("bundle.json", text, compress_type=zipfile.ZIP_DEFLATED)
            for sha, data in photos.items():
                zf.writestr(f"photos/{sha}", data, compress_type=zipfile.ZIP_STORED)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _read_zip(path: Path, kind: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("bundle.json")
            if info.file_size > _MAX_JSON:
                raise SyncError("bundle.unusable", f"{path.name}: bundle.json is too large")
            manifest = json.loads(zf.read(info))
            photos = {
                name.removeprefix("photos/"): zf.read(name)
                for name in zf.namelist()
                if name.startswith("photos/") and _is_sha(name.removeprefix("photos/"))
            }
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise SyncError("bundle.unusable", f"{path.name} is not a sync bundle: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("kind") != kind:
        raise SyncError("bundle.unusable", f"{path.name} is not a {kind.rsplit('-', 1)[1]}")
    if manifest.get("version") != VERSION:
        raise SyncError("bundle.unusable", f"{path.name} is of another version of the app")
    return manifest, photos
