"""The sync client: implements ``diagnosis.sync.ports.SyncService`` over a ``Transport``.

Push, upload photos, pull, download photos (docs/sync.md). Each step commits with its own
bookkeeping, so a sync cut anywhere (network, crash, a progress callback that cancels) leaves
the store consistent and the next sync carries on where this one stopped.
"""

from __future__ import annotations

import inspect
import queue
import threading
from typing import Any

from diagnosis.sync.ports import ConflictView, Progress, SyncError, SyncSummary

from storage.database import Store
from storage.photos import PhotoStore
from storage.sync import client_conflicts, client_echo, client_photos, client_reset
from storage.sync.client_meta import (
    PAGE_SIZE,
    SINCE,
    UPLOADS,
    add_to_outbox,
    get_json,
    get_since,
    outbox,
    put_meta,
)
from storage.sync.client_pull import (
    PullTally,
    apply_pull_pages,
    check_page,
)
from storage.sync.client_push import (
    PushTally,
    apply_response,
    batches,
    dirty_changes,
    unsynced,
)
from storage.sync.client_rows import pull_durability
from storage.sync.transport import Transport

# Pages applied in one transaction on a pull (storage.sync.client_pull.apply_pull_pages): a
# first pull's commits then write its id indexes back a fifth as often; a cut pull loses at
# most these (they are pulled again).
PULL_BATCH = 5
# Pages fetched ahead of the one being applied: the server keeps working while a batch
# commits (a tenth of a second or more), rather than waiting for the next request.
AHEAD = 3


class _Ahead:
    """The pages after ``first``, fetched on a thread of their own up to ``AHEAD`` pages ahead
    of the one being applied, each from the ``next`` of the one before (past this laptop's own
    pushes, client_echo), as the pull loop would ask for them."""

    def __init__(
        self, client: SyncClient, runs: client_echo.Runs, first: dict[str, Any], since: int
    ) -> None:
        self.client, self.runs = client, runs
        self.pages: queue.Queue[tuple[int, dict[str, Any] | BaseException]] = queue.Queue(AHEAD)
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        nxt = first.get("next")
        if first.get("more") is True and isinstance(nxt, int) and nxt > since:
            self.thread = threading.Thread(
                target=self._fetch, args=(client_echo.past(runs, nxt),), name="sync-pull"
            )
            self.thread.start()

    def _fetch(self, since: int) -> None:
        while not self.stop.is_set():
            try:
                page = self.client._page(self.runs, since)
            except BaseException as exc:  # for the pull loop to raise
                self._put(since, exc)
                return
            if not self._put(since, page):
                return
            nxt = page.get("next")
            if not (page.get("more") is True and isinstance(nxt, int) and nxt > since):
                return
            since = client_echo.past(self.runs, nxt)

    def _put(self, since: int, item: dict[str, Any] | BaseException) -> bool:
        while not self.stop.is_set():
            try:
                self.pages.put((since, item), timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def next_page(self, since: int) -> dict[str, Any]:
        """The page from ``since`` (fetched ahead when it was the one expected)."""
        if self.thread is not None:
            fetched_from, item = self.pages.get()
            if isinstance(item, BaseException):
                raise item
            if fetched_from == since:
                return item
            self._halt()  # the loop went on from elsewhere: from here, a page at a time
        return self.client._page(self.runs, since)

    def _halt(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
            self.thread = None

    def __enter__(self) -> _Ahead:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._halt()


class SyncClient:
    def __init__(
        self,
        store: Store,
        transport: Transport,
        photos: PhotoStore,
        page_size: int = PAGE_SIZE,
        *,
        adopt: bool = False,
    ) -> None:
        self.store = store
        self.transport = transport
        self.photos = photos
        self.page_size = page_size
        # Take a server store other than the one this laptop synced with as its replacement
        # (`sync --new-server`): everything here is sent to it (client_reset).
        self.adopt = adopt

    def unsynced(self) -> int:
        return unsynced(self.store.conn)

    def conflicts(self) -> list[ConflictView]:
        return client_conflicts.conflict_views(self.store.conn)

    def resolve(self, conflict_id: str, value: str) -> None:
        client_conflicts.resolve(self.store, conflict_id, value)

    def sync(self, progress: Progress) -> SyncSummary:
        push, pull = PushTally(), PullTally()
        refused = self._push_unless_reset(progress, push)
        photos_sent = self._upload(progress)
        self._pull(progress, pull)
        if refused is not None and not pull.restored:
            raise refused  # the server saw a change of store this pull did not: said, not looped
        if pull.rebased or pull.restored:
            # Rows edited here during a merge, now based on the merged version, or what the
            # server lost to a restore, now based on what it holds: sent at once.
            self._push(progress, push)
            photos_sent += self._upload(progress)
            if pull.restored:
                self._pull(progress, pull)  # what the records sent again merged into
        photos_received, photos_missing = self._download(progress)
        return SyncSummary(
            sent=push.sent,
            received=pull.received,
            conflicts=self.open_conflicts(),
            merged=push.merged,
            photos_sent=photos_sent,
            photos_received=photos_received,
            revisions=tuple(dict.fromkeys(push.revisions)),
            rejected=tuple(push.rejected + pull.skipped),
            # Whatever is still queued did not get through this time: said, and retried.
            photos_unsent=tuple(get_json(self.store.conn, UPLOADS, [])),
            photos_missing=photos_missing,
            server_restored=pull.restored,
            resent=pull.resent,
        )

    def open_conflicts(self) -> int:
        return int(self.store.conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0])

    # --- push ---------------------------------------------------------------------------------

    def _push_unless_reset(self, progress: Progress, tally: PushTally) -> SyncError | None:
        """The first push; none while a reset waits for its pull (the bases of its rows are not
        known yet). A push refused because the store went back is returned: the pull finds out."""
        if client_reset.load(self.store.conn) is not None:
            return None
        try:
            self._push(progress, tally)
        except SyncError as exc:
            if exc.code != "store.reset":
                raise
            return exc
        return None

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
            # With the store this laptop expects: a batch meant for another is refused whole.
            expect = client_reset.expectation(self.store.conn)
            response = self.transport.push({**body, "expect": expect})
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
        return client_photos.upload_queued(self.store, self.transport, self.photos, progress)

    def _download(self, progress: Progress) -> tuple[int, tuple[str, ...]]:
        """How many photos came, and those that could not (not on the server yet, damaged)."""
        wanted = client_photos.wanted(self.store, self.photos)
        missing: list[str] = []
        for n, sha in enumerate(wanted):
            progress("photos", n, len(wanted))
            if client_photos.download(self.transport, self.photos, sha):
                client_photos.fetched(self.store, sha)
            else:
                missing.append(sha)  # still wanted: asked again next sync
        if wanted:
            progress("photos", len(wanted), len(wanted))
        return len(wanted) - len(missing), tuple(missing)

    # --- pull ---------------------------------------------------------------------------------

    def _pull(self, progress: Progress, tally: PullTally) -> None:
        conn = self.store.conn
        runs = client_echo.load(conn)
        since = start = client_echo.past(runs, get_since(conn))
        # The next pages are fetched while this one is applied (_Ahead): the server (another
        # process) and the local store work at once. Pulls only read, so a page fetched and
        # then not applied (a cancel, an error) costs nothing; the transport is never used by
        # two threads at once, and the fetching thread has stopped before this returns.
        with pull_durability(conn):
            page = self._page(runs, since)
            if client_reset.observe(self.store, page, since, adopt=self.adopt):
                since = start = 0  # the store went back: everything again (client_reset)
                runs = []
                page = self.transport.pull(since, self.page_size)
            # Pages are applied a few at a time, in one transaction (apply_pull_pages); one at
            # a time where this laptop's own pushes are passed over (client_echo).
            waiting: list[tuple[dict[str, Any], int]] = []
            with _Ahead(self, runs, page, since) as ahead:
                try:
                    while True:
                        check_page(page, since)
                        waiting.append((page, since))
                        more = bool(page["more"])
                        since = int(page["next"])
                        if runs or not more or len(waiting) >= PULL_BATCH:
                            batch, waiting = waiting, []
                            apply_pull_pages(self.store, batch, tally)
                            if runs:
                                since = self._past_echo(runs, since)
                            # Said of what is committed only: a cut sync resumes from there.
                            seq = int(page.get("seq") or since)
                            progress("pull", since - start, max(seq - start, since - start))
                        if not more:
                            return
                        page = ahead.next_page(since)
                except BaseException:
                    # The line broke, or a cancel came, between two pages: those received
                    # are kept.
                    if waiting:
                        apply_pull_pages(self.store, waiting, tally)
                    raise

    def _page(self, runs: client_echo.Runs, since: int) -> dict[str, Any]:
        """The page from ``since``, ending where the next run of this laptop's own pushes
        begins (client_echo)."""
        until = client_echo.until(runs, since)
        if until is None:
            return self.transport.pull(since, self.page_size)
        # A transport written before the pull's ``until`` (a test's wrapper) pulls without it;
        # asked at the pull, not before: a client that only counts has no transport to ask.
        if "until" in inspect.signature(self.transport.pull).parameters:
            return self.transport.pull(since, self.page_size, until)
        return self.transport.pull(since, client_echo.limit(runs, since, self.page_size))

    def _past_echo(self, runs: client_echo.Runs, since: int) -> int:
        """The pull's position moved past the runs it has reached, kept with them."""
        moved = client_echo.past(runs, since)
        with self.store.transaction():
            if moved != since:
                put_meta(self.store.conn, SINCE, str(moved))
            client_echo.keep(self.store.conn, runs, moved)
        return moved
