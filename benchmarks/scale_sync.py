"""Scale figures (issue 20): sync flat in the store's size, at 20,000 visits (2.66 million
records; benchmarks.sync_setup.scale_central). A real server in its own process on loopback,
each figure beside its baseline in the same run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Result, by_ratio, by_value
from benchmarks.sync import noop_medians
from benchmarks.sync_setup import (
    ScaleCentral,
    client,
    free_port,
    http,
    quiet,
    scale_central,
    serving,
)

# Records of the initial pull timed (the first of the 2.66 million, in the server's order):
# the whole pull takes minutes, its rate is the same throughout.
PULL_RECORDS = int(os.environ.get("DIAGNOSIS_SCALE_PULL", "200000"))
NEW_FIRMS = 2000  # firms added on the laptop, pushed in four batches


def _copies(work: Path) -> ScaleCentral:
    """This run's copies of the cached laptop and server (figures write to both)."""
    from storage.store_file import copy_store

    data = scale_central()
    folder = work / "scale-sync"
    if not folder.is_dir():
        folder.mkdir()
        copy_store(data.laptop, folder / "laptop.sqlite")
        shutil.copy(data.server, folder / "central.sqlite")
    return ScaleCentral(folder / "laptop.sqlite", folder / "central.sqlite", data.tokens, data.rows)


def sync_noop_scale(work: Path, repeat: int = 20) -> Result:
    data = _copies(work)
    log = work / "scale-sync" / "server.log"
    sync_ms, get_ms = noop_medians(data.laptop, data.server, data.tokens["bench"], log, repeat)
    return by_ratio(
        "sync_noop_scale",
        sync_ms,
        get_ms,
        "ms",
        3.0,
        f"a sync with nothing to do, a laptop and server holding {data.rows:,} records "
        f"(20,000 visits; median of {repeat}); baseline: an authenticated GET /api/v1/me",
    )


class _Prefix:
    """A transport whose pull ends after ``limit`` records: the first part of an initial pull."""

    def __init__(self, inner: Any, limit: int) -> None:
        self.inner, self.limit, self.seen = inner, limit, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def pull(self, since: int, limit: int, until: int | None = None) -> dict[str, Any]:
        page = dict(self.inner.pull(since, limit, until))
        self.seen += len(page["changes"])
        if self.seen >= self.limit:
            page["more"] = False
        return page


def sync_pull_scale(work: Path) -> Result:
    import httpx

    from storage.database import Store
    from storage.sync.client_meta import PAGE_SIZE
    from storage.sync.client_pull import PullTally

    data = _copies(work)
    headers = {"Authorization": f"Bearer {data.tokens['reader']}"}

    def raw(url: str) -> float:
        start = time.perf_counter()
        with httpx.Client(base_url=url, headers=headers, timeout=120) as conn:
            since, got = 0, 0
            while got < PULL_RECORDS:
                page = conn.get("/api/v1/pull", params={"since": since, "limit": PAGE_SIZE}).json()
                since, got = page["next"], got + len(page["changes"])
        return time.perf_counter() - start

    with serving(data.server, work / "scale-sync" / "server.log") as url:
        raw(url)  # the server's file read once: neither timing pays for a cold cache
        before = raw(url)
        store = Store(work / "scale-sync" / f"fresh-{uuid.uuid4().hex[:8]}.sqlite", user="r")
        sync = client(store, url, data.tokens["reader"])
        prefix = _Prefix(sync.transport, PULL_RECORDS)
        sync.transport = prefix
        tally = PullTally()
        try:
            start = time.perf_counter()
            sync._pull(quiet, tally)
            applied = time.perf_counter() - start
        finally:
            prefix.inner.close()
            store.close()
        after = raw(url)
    baseline = (before + after) / 2
    return by_ratio(
        "sync_pull_scale",
        applied,
        baseline,
        "s",
        1.5,
        f"the first {prefix.seen:,} records of an empty laptop's first pull from a server "
        f"holding {data.rows:,} (20,000 visits), applied: {prefix.seen / applied:,.0f} "
        f"records/s; baseline: the same pages fetched and decoded (httpx, JSON, one page at a "
        f"time), the mean of {before:.1f} s before and {after:.1f} s after (a first, untimed "
        "fetch warms the server's cache)",
    )


def sync_first_echo_scale(work: Path) -> Result:
    from diagnosis.demo.enterprises import enterprises
    from storage.database import Store
    from storage.enterprises import SqliteEnterpriseRepository
    from storage.sync.client import SyncClient
    from storage.sync.transport import HttpTransport

    data = _copies(work)
    pulled: list[str] = []

    class Counting(HttpTransport):
        def pull(self, since: int, limit: int, until: int | None = None) -> dict[str, Any]:
            page = HttpTransport.pull(self, since, limit, until)
            pulled.extend(c["id"] for c in page["changes"])
            return page

    with serving(data.server, work / "scale-sync" / "server.log") as url:
        store = Store(data.laptop, user="bench", verify=False)
        # New firms (none of whose codes the laptop holds), pushed in four batches.
        held = {r[0] for r in store.conn.execute("SELECT credit_code FROM enterprises")}
        firms = [f for f in enterprises(NEW_FIRMS, seed=20261207) if f.credit_code not in held]
        sync = SyncClient(store, Counting(url, data.tokens["bench"]), store.photos())
        try:
            sync.sync(quiet)  # whatever an earlier figure left: nothing after this
            SqliteEnterpriseRepository(store).save(firms, [])
            pulled.clear()
            start = time.perf_counter()
            summary = sync.sync(quiet)
            took = time.perf_counter() - start
        finally:
            http(sync).close()
            store.close()
    mine = {f.id for f in firms}
    echoed = sum(rid in mine for rid in pulled)
    assert summary.sent == len(firms) and not summary.rejected, summary.rejected[:3]
    return by_value(
        "sync_first_echo_scale",
        echoed,
        summary.sent,
        "records",
        0,
        f"records pulled back of the {summary.sent:,} new firms a laptop holding 20,000 visits "
        f"pushed, in the same sync ({took:.1f} s; {len(pulled):,} records pulled in all); "
        "baseline: the records pushed, what the pull brought back before",
    )


def _listen(store: Path, log: Path) -> float:
    """Seconds from starting ``main.py serve`` to its first answer."""
    import httpx

    port = free_port()
    command = [sys.executable, "main.py", "serve", "--store", str(store), "--port", str(port)]
    start = time.perf_counter()
    with log.open("ab") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        while True:
            if proc.poll() is not None or time.perf_counter() - start > 600:
                raise RuntimeError("the server did not start: " + log.read_text(errors="replace"))
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).is_success:
                    return time.perf_counter() - start
            except httpx.TransportError:
                time.sleep(0.02)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def server_listen_scale(work: Path) -> Result:
    data = _copies(work)
    log = work / "scale-sync" / "listen.log"
    empty = work / "scale-sync" / f"empty-{uuid.uuid4().hex[:8]}.sqlite"
    bare = _listen(empty, log)
    value = _listen(data.server, log)
    size = data.server.stat().st_size / 1e9
    # "Within 2 s whatever its size": what the size adds. Python and uvicorn starting (the
    # baseline) take seconds of their own on a busy machine, whatever the store.
    return Result(
        "server_listen_scale",
        value,
        "s",
        bare,
        "<= baseline + 2 s",
        value <= bare + 2.0,
        f"`serve` started to its first answer on a {size:.1f} GB central store "
        f"({data.rows:,} records), its office mirror catching up in the background; "
        "baseline: the same on an empty store",
    )


FIGURES: dict[str, Callable[[Path], Any]] = {
    "sync_noop_scale": sync_noop_scale,
    "sync_pull_scale": sync_pull_scale,
    "sync_first_echo_scale": sync_first_echo_scale,
    "server_listen_scale": server_listen_scale,
}
