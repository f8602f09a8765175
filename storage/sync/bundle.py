"""Sync through files, for an office with no network between laptop and server (docs/sync.md,
Offline bundle): a request zip from the laptop, a reply zip from the server machine.

The exchange is the same as over HTTP: the same batches (saved in the outbox, so exporting twice
gives the same batch ids and the server answers a repeat from its record), the same pages. Both
files are signed with the account's bundle key (storage.sync.bundle_auth) and read under caps
(storage.sync.bundle_zip); the laptop applies a reply only to its latest export, once.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from diagnosis.sync.ports import SyncSummary

from storage.database import Store
from storage.photos import PhotoStore
from storage.sync.bundle_answer import BundleServer as BundleServer
from storage.sync.bundle_answer import answer_request as answer_request
from storage.sync.bundle_auth import checked_header, derive_key, key_id
from storage.sync.bundle_io import (
    REPLY,
    REQUEST,
    finding_photos,
    open_signed,
    photo_list,
    records,
    write_signed,
)
from storage.sync.bundle_zip import FORMAT, MAX_PHOTO, MAX_PHOTOS, MAX_TOTAL, BundleError
from storage.sync.client_meta import (
    SINCE,
    UPLOADS,
    add_to_outbox,
    get_json,
    get_since,
    outbox,
    put_json,
    put_meta,
)
from storage.sync.client_photos import wanted_photos
from storage.sync.client_pull import (
    PullTally,
    apply_page,
    check_page,
    drop_stale_rebases,
    pull_done,
)
from storage.sync.client_push import PushTally, apply_response, batches, dirty_changes
from storage.sync.client_reset import expectation, observe
from storage.sync.client_rows import foreign_keys_off

__all__ = ["REPLY", "REQUEST", "BundleServer", "answer_request", "export_request", "import_reply"]

# The export waiting for its reply: {"request", "account", "key"}. The key is kept so that the
# reply can be checked without the token; the store is encrypted at rest.
WAITING = "sync.bundle_request"
# What one request carries of photos, uncompressed: the rest go with the next exchange.
_PHOTO_BUDGET = MAX_TOTAL // 2


# --- laptop: request -------------------------------------------------------------------------


def export_request(store: Store, photos: PhotoStore, out: Path, token: str) -> dict[str, Any]:
    """Write a request bundle: the outbox (what an earlier export or sync saved, unanswered)
    plus batches of the other dirty rows, saved to the outbox first, and their photos. It
    becomes the export whose reply this laptop waits for (an earlier one's reply is refused)."""
    conn = store.conn
    key = derive_key(token)
    account, request = key_id(key), str(uuid.uuid4())
    with store.transaction():
        earlier = [body for _, body in outbox(conn)]
        queued = frozenset((c["table"], c["id"]) for body in earlier for c in body["changes"])
        fresh = list(batches(dirty_changes(conn, queued)))
        for body in fresh:
            add_to_outbox(conn, body)
    bodies = earlier + fresh
    # Photos of these findings, and those an earlier exchange had no room for.
    named = finding_photos(c for body in bodies for c in body["changes"])
    shas = _photos_within(photos, [*named, *get_json(conn, UPLOADS, [])])
    manifest = {
        "kind": REQUEST,
        "format": FORMAT,
        "request": request,
        "account": account,
        "since": get_since(conn),
        # The store this laptop last exchanged with: a restored one answers from 0 (client_reset).
        "expect": expectation(conn),
        "batches": bodies,
        "photos": shas,
    }
    sources: dict[str, Callable[[], bytes] | Path] = {
        sha: functools.partial(photos.open_bytes, sha) for sha in shas
    }
    write_signed(out, key, manifest, sources)
    with store.transaction():
        put_json(conn, WAITING, {"request": request, "account": account, "key": key.hex()})
    return {
        "path": str(out),
        "batches": len(bodies),
        "changes": sum(len(b["changes"]) for b in bodies),
        "photos": len(shas),
        "since": manifest["since"],
    }


def _photos_within(photos: PhotoStore, wanted: Iterable[str]) -> list[str]:
    """The photos here, each once, within a bundle's caps. A kept file is the photo sealed (a
    few bytes larger), so its size bounds the photo's; one over the server's limit stays."""
    kept: list[str] = []
    total = 0
    for sha in dict.fromkeys(wanted):
        if len(kept) >= MAX_PHOTOS or not photos.has(sha):
            continue
        size = photos.file_of(sha).stat().st_size
        if size <= MAX_PHOTO and total + size <= _PHOTO_BUDGET:
            kept.append(sha)
            total += size
    return kept


def import_reply(store: Store, photos: PhotoStore, path: Path) -> SyncSummary:
    """Apply a reply bundle as a sync would: the push responses of batches still in the outbox,
    then the pulled pages (unless this store has pulled past them since), then the photos.
    Everything is checked first (the reply to this laptop's latest export, its MAC, each
    photo's hash, the shape of every page): a refused reply changes nothing."""
    conn = store.conn
    waiting = get_json(conn, WAITING, None)
    with open_signed(path) as bundle:
        _account, request, _mac = checked_header(bundle.header, REPLY, path.name)
        if not isinstance(waiting, dict):
            raise BundleError(
                "bundle.stale",
                f"{path.name}: no export of this laptop is waiting for a reply.",
                f"{path.name}：本机没有等待回复的导出。",
            )
        if request != waiting.get("request") or _account != waiting.get("account"):
            raise BundleError(
                "bundle.foreign",
                f"{path.name} answers request {request}; this laptop waits for "
                f"{waiting.get('request')}.",
                f"{path.name} 答复的是请求 {request}；本机等待的是 {waiting.get('request')}。",
            )
        signed = bundle.verified(REPLY, bytes.fromhex(str(waiting.get("key"))))
        try:
            reply = _after_restore(store, signed, get_since(conn), path.name)
            plan = _plan(conn, reply, get_since(conn))
        except (KeyError, TypeError, ValueError) as exc:
            raise BundleError(
                "bundle.unusable", f"{path.name} is incomplete: {exc}", f"{path.name} 不完整：{exc}"
            ) from exc
        return _apply_reply(store, photos, reply, plan, lambda sha: bundle.photo(sha))


def _after_restore(
    store: Store, reply: Mapping[str, Any], since: int, name: str
) -> Mapping[str, Any]:
    """The reply as this laptop applies it once it has judged the store it comes from, as a
    sync judges the first pull page (client_reset.observe). A store that went back answers
    from 0 and applies none of the batches: the reset begins here, and the pages from 0 carry
    it through; the rows the store lacks go with the next export."""
    pages = records(reply, "pages")
    if not pages or reply.get("since") != since or not observe(store, pages[0], since):
        return reply
    if int(reply.get("pulled_from", -1)) != 0:
        raise BundleError("bundle.restart", f"({name})", f"（{name}）")
    return {**reply, "since": 0, "responses": []}


def _plan(conn: Any, reply: Mapping[str, Any], since_before: int) -> dict[str, Any]:
    """What of the reply applies here, its pages checked before any is applied."""
    waiting = {body["batch"]: (key, body) for key, body in outbox(conn)}
    responses = [r for r in records(reply, "responses") if r.get("batch") in waiting]
    fresh_pages = reply.get("since") == since_before
    if not responses and not fresh_pages:
        raise BundleError(
            "bundle.stale",
            "A later sync has replaced this reply.",
            "之后的一次同步已取代该回复包。",
        )
    pages = records(reply, "pages") if fresh_pages else []
    at = int(reply.get("pulled_from", since_before))
    for page in pages:
        check_page(page, at)
        at = int(page["next"])
    return {"waiting": waiting, "responses": responses, "pages": pages}


def _apply_reply(
    store: Store,
    photos: PhotoStore,
    reply: Mapping[str, Any],
    plan: Mapping[str, Any],
    photo: Callable[[str], bytes],
) -> SyncSummary:
    conn = store.conn
    push, pull = PushTally(), PullTally()
    for response in plan["responses"]:
        key, body = plan["waiting"][response["batch"]]
        with store.transaction():
            apply_response(conn, body, response, push)
            put_meta(conn, key, None)
    for page in plan["pages"]:
        with foreign_keys_off(conn), store.transaction():
            apply_page(conn, page, pull)
            put_meta(conn, SINCE, str(page["next"]))
            if not page["more"]:  # the last page, as a sync's last (client_pull._page_done)
                drop_stale_rebases(conn, int(page["next"]))
                pull_done(conn, pull)
    received = 0
    for sha in photo_list(reply):
        if not photos.has(sha) and photos.put_bytes(sha, photo(sha)):
            received += 1
    stored = set(photo_list(reply, "photos_stored"))
    with store.transaction():
        put_json(conn, UPLOADS, [s for s in get_json(conn, UPLOADS, []) if s not in stored])
        put_meta(conn, WAITING, None)  # applied: the same reply again is refused
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
        # As a sync reports them: what the next exchange (or sync) still has to carry.
        photos_unsent=tuple(get_json(conn, UPLOADS, [])),
        photos_missing=tuple(wanted_photos(conn, photos)),
        server_restored=pull.restored,
        resent=pull.resent,
    )
