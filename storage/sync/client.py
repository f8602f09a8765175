"""The sync client: implements ``diagnosis.sync_ports.SyncService`` over a ``Transport``.

Push, upload photos, pull, download photos (docs/sync.md). Each step commits with its own
bookkeeping, so a sync cut anywhere (network, crash, a progress callback that cancels) leaves
the store consistent and the next sync carries on where this one stopped.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from diagnosis.sync_ports import ConflictView, Progress, SyncError, SyncSummary

from storage.database import Store
from storage.photos import PhotoStore
from storage.sync import client_conflicts, client_photos
from storage.sync.client_meta import (
    PAGE_SIZE,
    UPLOADS,
    add_to_outbox,
    get_json,
    get_since,
    outbox,
    put_json,
    put_meta,
)
from storage.sync.client_pull import (
    PullTally,
    apply_pull_page,
    pull_durability,
)
from storage.sync.client_push import (
    PushTally,
    apply_response,
    batches,
    dirty_changes,
    unsynced,
)
from storage.sync.transport import Transport


class SyncClient:
    def __init__(
        self,
        store: Store,
        transport: Transport,
        photos: PhotoStore,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.store = store
        self.transport = transport
        self.photos = photos
        self.page_size = page_size

    def unsynced(self) -> int:
        return unsynced(self.store.conn)

    def conflicts(self) -> list[ConflictView]:
        return client_conflicts.conflict_views(self.store.conn)

    def resolve(self, conflict_id: str, value: str) -> None:
        client_conflicts.resolve(self.store, conflict_id, value)

    def sync(self, progress: Progress) -> SyncSummary:
        push, pull = PushTally(), PullTally()
        self._push(progress, push)
        photos_sent = self._upload(progress)
        self._pull(progress, pull)
        if pull.rebased:
            # Rows edited here during a merge, now based on the merged version: sent at once.
            self._push(progress, push)
            photos_sent += self._upload(progress)
        photos_received = self._download(progress)
        return SyncSummary(
            sent=push.sent,
            received=pull.received,
            conflicts=self.open_conflicts(),
            merged=push.merged,
            photos_sent=photos_sent,
            photos_received=photos_received,
            revisions=tuple(dict.fromkeys(push.revisions)),
            rejected=tuple(push.rejected + pull.skipped),
        )

    def open_conflicts(self) -> int:
        return int(self.store.conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0])

    # --- push ---------------------------------------------------------------------------------

    def _push(self, progress: Progress, tally: PushTally) -> None:
        conn = self.store.conn
        # First what an earlier sync (or a bundle export) saved and never got an answer for,
        # byte for byte: the server may have applied it, and answers a repeat from its record.
        earlier = outbox(conn)
        total = sum(len(body["changes"]) for _, body in earlier) + self.unsynced()
        done = 0
        progress("push", done, total)
        for key, body in earlier:
            self._send(key, body, tally)
            done += len(body["changes"])
            progress("push", done, total)
        # Then the rest, one batch at a time, each saved before it is sent: rows edited since
        # an earlier batch go now; rejected ones wait for the next sync (reported once).
        total = done + self.unsynced()
        for body in batches(dirty_changes(conn, frozenset(tally.refused))):
            with self.store.transaction():
                key = add_to_outbox(conn, body)
            self._send(key, body, tally)
            done += len(body["changes"])
            progress("push", done, max(total, done))

    def _send(self, key: str, body: dict[str, Any], tally: PushTally) -> None:
        try:
            response = self.transport.push(body)
        except SyncError as exc:
            if exc.code != "batch.reused":
                raise
            # The server holds this id with other content (another account sent it, say, from
            # a bundle): forget the batch. Its rows are still dirty and go in a new batch; what
            # the server already has of them comes back "unchanged".
            with self.store.transaction():
                put_meta(self.store.conn, key, None)
            return
        try:
            with self.store.transaction():
                apply_response(self.store.conn, body, response, tally)
                put_meta(self.store.conn, key, None)
        except (KeyError, TypeError, ValueError) as exc:
            # Rolled back, batch kept: a fixed server answers the repeat from its record.
            raise SyncError(
                "response.malformed", f"the push response is incomplete: {exc}"
            ) from exc

    # --- photos -------------------------------------------------------------------------------

    def _upload(self, progress: Progress) -> int:
        conn = self.store.conn
        pending: list[str] = get_json(conn, UPLOADS, [])
        sent = 0
        for n, sha in enumerate(list(pending)):
            progress("photos", n, len(pending))
            try:
                sent += client_photos.upload(self.transport, self.photos, sha)
            except SyncError as exc:
                if exc.code == "photo.busy":
                    continue  # another request is sending it: kept for the next sync
                if not client_photos.is_photo_refusal(exc):
                    raise  # the network: this photo and the rest go next sync
            with self.store.transaction():
                left: list[str] = get_json(conn, UPLOADS, [])
                put_json(conn, UPLOADS, [s for s in left if s != sha])
        if pending:
            progress("photos", len(pending), len(pending))
        return sent

    def _download(self, progress: Progress) -> int:
        wanted = client_photos.wanted_photos(self.store.conn, self.photos)
        received = 0
        for n, sha in enumerate(wanted):
            progress("photos", n, len(wanted))
            received += client_photos.download(self.transport, self.photos, sha)
        if wanted:
            progress("photos", len(wanted), len(wanted))
        return received

    # --- pull ---------------------------------------------------------------------------------

    def _pull(self, progress: Progress, tally: PullTally) -> None:
        conn = self.store.conn
        since = start = get_since(conn)
        # The next page is fetched while this one is applied: the server (another process)
        # and the local store work at once. Pulls only read, so a page fetched and then not
        # applied (a cancel, an error) costs nothing; the transport is never used by two
        # threads at once, and the pool waits for its fetch before this returns or raises.
        with pull_durability(conn), ThreadPoolExecutor(1, thread_name_prefix="sync-pull") as ahead:
            page = self.transport.pull(since, self.page_size)
            while True:
                nxt = page.get("next")
                fetch = None
                if page.get("more") is True and isinstance(nxt, int) and nxt > since:
                    fetch = ahead.submit(self.transport.pull, nxt, self.page_size)
                more = apply_pull_page(self.store, page, since, tally)
                since = int(page["next"])
                seq = int(page.get("seq") or since)
                progress("pull", since - start, max(seq - start, since - start))
                if not more:
                    return
                page = fetch.result() if fetch else self.transport.pull(since, self.page_size)
