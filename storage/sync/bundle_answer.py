"""The server machine's side of sync through files (docs/sync.md, Offline bundle): check a
request bundle's signature, apply it exactly as POST /push and GET /pull would, and write the
reply, signed with the same account's key and naming the request it answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

from storage.sync.bundle_auth import checked_header, unknown_account
from storage.sync.bundle_io import (
    REPLY,
    REQUEST,
    SignedBundle,
    finding_photos,
    photo_list,
    records,
    write_signed,
)
from storage.sync.bundle_zip import FORMAT, MAX_JSON, MAX_PHOTO, MAX_PHOTOS, MAX_TOTAL
from storage.sync.errors import SyncRefusal
from storage.sync.server_identity import Identity, check_expected

PULL_LIMIT = 1000
# What one reply carries; the rest comes with the laptop's next exchange (its ``since``).
_JSON_BUDGET = MAX_JSON // 2
_PHOTO_BUDGET = MAX_TOTAL // 2


class BundleServer(Protocol):
    """What answering a request needs of ``storage.sync.server_db.ServerStore``."""

    def bundle_account(self, account: str) -> tuple[Any, bytes] | None:
        """The live account whose bundle key has this id, and the key; or None."""
        ...

    def identity(self) -> Identity: ...

    def seq(self) -> int: ...

    def push(self, user: Any, body: dict[str, Any]) -> dict[str, Any]: ...

    def pull(self, user: Any, since: int, limit: int) -> dict[str, Any]: ...

    def photo_status(self, sha: str, user: Any = None) -> dict[str, Any]: ...

    def put_photo(
        self, sha: str, offset: int, data: bytes, *, user: Any = None
    ) -> dict[str, Any]: ...

    def photo_visible(self, user: Any, sha: str) -> bool: ...

    def photo_path(self, sha: str) -> Path | None: ...


def answer_request(server: BundleServer, request: Path, reply: Path) -> dict[str, Any]:
    """Apply a request exactly as POST /push and GET /pull would (a repeated request changes
    nothing: batches are answered from the server's record) and write the reply bundle.
    Raises ``BundleError`` (a SyncError: unknown key, forged, damaged, too large) before
    anything is applied, and ``SyncRefusal`` as a push would."""
    with SignedBundle(request) as bundle:
        account, request_id, _mac = checked_header(bundle.header, REQUEST, request.name)
        found = server.bundle_account(account)
        if found is None:
            raise unknown_account()
        user, key = found
        manifest = bundle.verified(REQUEST, key)
        bodies = records(manifest, "batches")
        since = int(manifest.get("since") or 0)
        stored: list[str] = []
        for sha in photo_list(manifest):
            # As the account sees the photo, and sent as that account: it becomes a holder of
            # what it sends whole, as over HTTP (docs/sync.md "Photos"), and a photo it may not
            # see looks absent to it.
            status = server.photo_status(sha, user)
            if not status.get("complete"):
                offset = int(status.get("size") or 0)
                data = bundle.photo(sha)
                try:
                    sent = server.put_photo(sha, offset, data[offset:], user=user)
                    if not sent.get("complete"):
                        continue
                except SyncRefusal:  # busy with an upload over HTTP: the laptop sends it again
                    continue
            stored.append(sha)
    expect = manifest.get("expect")
    if _went_back(server, expect):
        # The store was restored since this laptop's last exchange: its batches are based on
        # versions this store may not hold, so none is applied; the laptop learns of it from
        # the pages (client_reset.observe), which start from 0 as its reset needs.
        responses: list[dict[str, Any]] = []
        pulled_from = 0
    else:
        responses = [server.push(user, {**body, "expect": expect}) for body in bodies]
        pulled_from = _refetch_from(bodies, responses, since)
    pages, out_photos, more = _pull_within(server, user, pulled_from)
    answer = {
        "kind": REPLY,
        "format": FORMAT,
        "request": request_id,
        "account": account,
        "user": str(getattr(user, "name", "")),
        "since": since,
        "pulled_from": pulled_from,
        "responses": responses,
        "pages": pages,
        "more": more,
        "photos_stored": stored,
        "photos": list(out_photos),
    }
    write_signed(reply, key, answer, out_photos)
    return {
        "reply": str(reply),
        "user": answer["user"],
        "changes": sum(len(b.get("changes", [])) for b in bodies),
        "records": sum(len(p.get("changes", [])) for p in pages),
        "photos_in": len(stored),
        "photos_out": len(out_photos),
        "more": more,
    }


def _went_back(server: BundleServer, expect: object) -> bool:
    """Would a push with this expectation be refused ``store.reset`` (another generation, or a
    position past the store's sequence)? Judged even when the request carries no batch."""
    try:
        check_expected(server.identity(), server.seq(), expect)
    except SyncRefusal:
        return True
    return False


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


def _pull_within(
    server: BundleServer, user: Any, since: int
) -> tuple[list[dict[str, Any]], dict[str, Path], bool]:
    """Pages from ``since`` while the reply stays within a bundle's caps; whether more wait.
    Whole pages only: the laptop's ``since`` moves to the last page's ``next``, so the next
    exchange goes on from there."""
    pages: list[dict[str, Any]] = []
    photos: dict[str, Path] = {}
    size = count = 0
    at, limit = since, PULL_LIMIT
    while True:
        page = server.pull(user, at, limit)
        found = _photos_of(server, user, page)
        extra = {sha: where for sha, where in found.items() if sha not in photos}
        grows = len(json.dumps(page, ensure_ascii=False).encode("utf-8"))
        adds = sum(p.stat().st_size for p in extra.values())
        fits = (
            size + grows <= _JSON_BUDGET
            and len(photos) + len(extra) <= MAX_PHOTOS
            and count + adds <= _PHOTO_BUDGET
        )
        if not fits and pages:
            return pages, photos, True  # the laptop's next exchange continues from here
        if not fits and limit > 1:
            limit = max(1, limit // 4)  # a first page too large: try fewer records
            continue
        if not fits:  # one record alone: send it, with the photos that fit
            extra = _take(extra, MAX_PHOTOS - len(photos), _PHOTO_BUDGET - count)
            adds = sum(p.stat().st_size for p in extra.values())
        pages.append(page)
        photos.update(extra)
        size, count = size + grows, count + adds
        if not page.get("more") or int(page["next"]) <= at:
            return pages, photos, False
        at, limit = int(page["next"]), PULL_LIMIT


def _take(photos: dict[str, Path], room: int, room_bytes: int) -> dict[str, Path]:
    kept: dict[str, Path] = {}
    for sha, where in photos.items():
        size = where.stat().st_size
        if len(kept) < room and size <= room_bytes:
            kept[sha] = where
            room_bytes -= size
    return kept


def _photos_of(server: BundleServer, user: Any, page: dict[str, Any]) -> dict[str, Path]:
    """The photos the page's findings name that the server has whole, within the cap, and that
    the account may download (a finding naming a hash it never held unlocks nothing)."""
    found: dict[str, Path] = {}
    for sha in finding_photos(page.get("changes", [])):
        if not server.photo_visible(user, sha):
            continue
        where = server.photo_path(sha)
        if where is not None and Path(where).is_file() and Path(where).stat().st_size <= MAX_PHOTO:
            found[sha] = Path(where)
    return found
