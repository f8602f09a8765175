"""Sync to the central store: the first pull of a whole register, a sync with nothing to do, the
bytes of one edit, and small pushes per second. A real uvicorn server in its own process on
loopback; each figure beside a baseline measured in the same run."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Result, by_ratio, by_value, printed
from benchmarks.sync_setup import (
    PUSHERS,
    central,
    client,
    counting_transport,
    http,
    quiet,
    serving,
)

FLIP = {'"yes"': '"no"', '"no"': '"yes"'}


def sync_initial(work: Path) -> list[Result]:
    import httpx

    from storage.database import Store
    from storage.sync.client_meta import PAGE_SIZE

    data = central(work)
    start = time.perf_counter()
    with contextlib.closing(sqlite3.connect(data.server)) as conn:
        for table in ("enterprises", "visits", "answers", "findings"):
            conn.execute(
                "SELECT id, rev, deleted, data, updated_by, updated_at FROM records WHERE tbl = ?",
                [table],
            ).fetchall()
    baseline = time.perf_counter() - start
    fresh = work / "sync" / f"fresh-{uuid.uuid4().hex[:8]}.sqlite"  # empty, every time
    with serving(data.server, work / "sync" / "server.log") as url:
        headers = {"Authorization": f"Bearer {data.tokens['reader']}"}
        start = time.perf_counter()
        with httpx.Client(base_url=url, headers=headers, timeout=60) as raw:
            since, more = 0, True
            while more:
                page = raw.get("/api/v1/pull", params={"since": since, "limit": PAGE_SIZE}).json()
                since, more = page["next"], page["more"]
        pages = time.perf_counter() - start
        timed: dict[bool, float] = {}
        for encrypted in (True, False):  # the plain store: the encryption's cost
            store = Store(fresh.with_suffix(f".{encrypted}.sqlite"), encrypted=encrypted)
            sync = client(store, url, data.tokens["reader"])
            try:
                start = time.perf_counter()
                summary = sync.sync(quiet)
                timed[encrypted] = time.perf_counter() - start
            finally:
                http(sync).close()
                store.close()
            assert summary.received == data.rows and summary.photos_received > 0, summary
    value = timed[True]
    cost = printed(
        "sync_initial_cipher",
        value,
        timed[False],
        "s",
        "the encryption's cost: the same first sync into a plain store as the baseline",
    )
    return [
        by_value(
            "sync_initial",
            value,
            baseline,
            "s",
            15.0,
            f"first sync of an empty client: {summary.received} records (10,000 enterprises, "
            f"2,000 complete visits) and {summary.photos_received} photos, "
            f"{summary.received / value:,.0f} rows/s; the raw pull pages alone (httpx, not "
            f"applied) {pages:.1f} s; baseline: one SELECT per table from the server's SQLite "
            f"file ({data.built})",
        ),
        cost,
    ]


def noop_medians(
    laptop: Path, server: Path, token: str, log: Path, repeat: int
) -> tuple[float, float]:
    """Median milliseconds of a sync with nothing to do and of an authenticated GET beside
    it, ``repeat`` of each, interleaved so that the machine's load hits both; the laptop's
    store synced once before, so nothing is left to send or fetch."""
    from storage.database import Store

    with serving(server, log) as url:
        store = Store(laptop, user="bench", verify=False)
        sync = client(store, url, token)
        try:
            sync.sync(quiet)  # whatever other figures changed: nothing is left after this
            syncs, gets = [], []
            summary = None
            for _ in range(repeat):
                start = time.perf_counter()
                summary = sync.sync(quiet)
                syncs.append(time.perf_counter() - start)
                start = time.perf_counter()
                http(sync).me()
                gets.append(time.perf_counter() - start)
        finally:
            http(sync).close()
            store.close()
    assert summary is not None and summary.sent == summary.received == 0, summary
    return statistics.median(syncs) * 1000, statistics.median(gets) * 1000


def sync_noop(work: Path, repeat: int = 20) -> Result:
    data = central(work)
    sync_ms, get_ms = noop_medians(
        data.laptop, data.server, data.tokens["bench"], work / "sync" / "server.log", repeat
    )
    return by_ratio(
        "sync_noop",
        sync_ms,
        get_ms,
        "ms",
        3.0,
        f"a sync with nothing to do, a laptop holding {data.rows:,} records (median of "
        f"{repeat}); baseline: an authenticated GET /api/v1/me to the same server",
    )


def sync_one_edit_bytes(work: Path) -> Result:
    import services
    from storage.database import Store
    from storage.sync.client_push import dirty_changes

    data = central(work)
    with serving(data.server, work / "sync" / "server.log") as url:
        store = Store(data.laptop, user="bench", verify=False)
        wire, counts = counting_transport()
        sync = client(store, url, data.tokens["bench"], wire)
        try:
            sync.sync(quiet)  # nothing left from other figures
            visit, area, item, value = store.conn.execute(
                "SELECT visit_id, area, item, value FROM answers "
                "WHERE deleted = 0 AND value IN ('\"yes\"', '\"no\"') ORDER BY id LIMIT 1"
            ).fetchone()
            services.visit_service(store).answer(visit, area, item, json.loads(FLIP[value]))
            changes = list(dirty_changes(store.conn))
            counts.sent = counts.received = counts.requests = 0
            summary = sync.sync(quiet)
        finally:
            http(sync).close()
            store.close()
    assert len(changes) == 1 and summary.sent == 1, (changes, summary)
    record = len(json.dumps(changes[0], ensure_ascii=False, separators=(",", ":")).encode())
    sent, received = counts.sent, counts.received
    return by_value(
        "sync_one_edit_bytes",
        sent + received,
        record,
        "B",
        4096,
        f"one changed answer synced: {counts.requests} requests, {sent} B sent and "
        f"{received} B received (HTTP/1.1 heads and bodies); baseline: the change record's "
        "compact JSON",
    )


class _Pusher:
    """One laptop pushing one answer per batch, flipping it between yes and no."""

    def __init__(self, record_id: str, rev: int, data: dict[str, Any]) -> None:
        self.id, self.rev, self.data = record_id, rev, data
        self.refused: list[object] = []

    def body(self) -> dict[str, Any]:
        from storage.database import now_iso

        self.data = {**self.data, "value": FLIP[self.data["value"]]}
        change = {
            "table": "answers",
            "id": self.id,
            "base_rev": self.rev,
            "deleted": False,
            "data": self.data,
            "updated_at": now_iso(),
            "resolves": [],
        }
        return {"batch": str(uuid.uuid4()), "changes": [change]}

    def result(self, response: dict[str, Any]) -> None:
        (result,) = response["results"]
        if result["outcome"] == "updated":
            self.rev = int(result["rev"])
        else:
            self.refused.append(result)


def _rate(calls: list[Callable[[], object]], seconds: float) -> float:
    """Requests per second from one thread per call, each calling it in a loop."""
    counts = [0] * len(calls)
    errors: list[BaseException] = []
    stop = threading.Event()
    ready = threading.Barrier(len(calls) + 1)

    def run(n: int) -> None:
        ready.wait()
        try:
            while not stop.is_set():
                calls[n]()
                counts[n] += 1
        except BaseException as exc:
            errors.append(exc)
            stop.set()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return sum(counts) / (time.perf_counter() - start)


def server_push_rps(work: Path, seconds: float = 3.0) -> Result:
    from storage.sync.transport import HttpTransport

    data = central(work)
    with contextlib.closing(sqlite3.connect(data.server)) as conn:
        rows = conn.execute(
            "SELECT id, rev, data FROM records WHERE tbl = 'answers' AND deleted = 0 AND "
            "json_extract(data, '$.value') IN ('\"yes\"', '\"no\"') ORDER BY id LIMIT ?",
            [PUSHERS],
        ).fetchall()
    pushers = [_Pusher(rid, rev, json.loads(text)) for rid, rev, text in rows]
    with serving(data.server, work / "sync" / "server.log") as url:
        transports = [HttpTransport(url, data.tokens[f"pusher-{n}"]) for n in range(PUSHERS)]
        try:
            for transport in transports:
                transport.me()  # connected before the clock starts

            def push(n: int) -> Callable[[], None]:
                return lambda: pushers[n].result(transports[n].push(pushers[n].body()))

            gets = _rate([t.me for t in transports], seconds)
            pushes = _rate([push(n) for n in range(PUSHERS)], seconds)
        finally:
            for transport in transports:
                transport.close()
    refused = [r for p in pushers for r in p.refused]
    assert len(pushers) == PUSHERS and not refused, refused[:3]
    return Result(
        "server_push_rps",
        pushes,
        "/s",
        gets,
        "print",
        True,
        f"pushes of one answer each (own batch) per second from {PUSHERS} threads, each its "
        f"own account and connection, for {seconds:g} s; baseline: authenticated GET "
        "/api/v1/me per second, the same way to the same server",
    )


FIGURES: dict[str, Callable[..., Any]] = {
    "sync_initial": sync_initial,
    "sync_noop": sync_noop,
    "sync_one_edit_bytes": sync_one_edit_bytes,
    "server_push_rps": server_push_rps,
}
