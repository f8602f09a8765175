"""What the sync figures share: the central server in its own process on a free loopback port,
the accounts, a counting HTTP transport, and the large data set, built once per run."""

from __future__ import annotations

import contextlib
import functools
import io
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import ROOT

if TYPE_CHECKING:
    import httpx

    from storage.database import Store
    from storage.sync.client import SyncClient
    from storage.sync.transport import HttpTransport

ENTERPRISES = 10_000
VISITS = 2_000
PUSHERS = 8


def quiet(stage: str, done: int, total: int) -> None:
    """A sync's progress callback that shows nothing."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(store: Path, log: Path) -> Iterator[str]:
    """``python main.py serve`` on ``store`` in its own process (its own GIL); yields its URL."""
    import httpx

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "main.py", "serve", "--store", str(store), "--port", str(port)]
    with log.open("ab") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start: " + log.read_text(errors="replace"))
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def client(
    store: Store, url: str, token: str, wire: httpx.BaseTransport | None = None
) -> SyncClient:
    from storage.sync.client import SyncClient
    from storage.sync.transport import HttpTransport

    transport = HttpTransport(url, token, transport=wire)
    return SyncClient(store, transport, store.photos())


def http(sync: SyncClient) -> HttpTransport:
    from storage.sync.transport import HttpTransport

    assert isinstance(sync.transport, HttpTransport)
    return sync.transport


def _head(start: str, headers: list[tuple[bytes, bytes]]) -> int:
    """Bytes of an HTTP/1.1 message head: start line, ``name: value`` lines, blank line."""
    return len(start) + 2 + sum(len(k) + len(v) + 4 for k, v in headers) + 2


@dataclass
class Counts:
    sent: int = 0
    received: int = 0
    requests: int = 0


def counting_transport() -> tuple[httpx.BaseTransport, Counts]:
    """An httpx transport that counts the bytes of every request and response (heads rebuilt
    from the headers sent and received, bodies exactly as on the wire, before any decoding)."""
    import httpx

    counts = Counts()

    class Counting(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            body = request.read()
            target = request.url.raw_path.decode("ascii")
            counts.sent += _head(f"{request.method} {target} HTTP/1.1", request.headers.raw)
            counts.sent += len(body)
            response = super().handle_request(request)
            raw = b"".join(response.stream)  # type: ignore[arg-type]
            response.close()
            reason = bytes(response.extensions.get("reason_phrase", b"")).decode("ascii")
            start = f"HTTP/1.1 {response.status_code} {reason}"
            counts.received += _head(start, response.headers.raw) + len(raw)
            counts.requests += 1
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                stream=httpx.ByteStream(raw),
                extensions=response.extensions,
            )

    return Counting(), counts


@dataclass(frozen=True)
class Central:
    laptop: Path  # the demo laptop's store, pushed once and synced clean
    server: Path  # the central store holding it
    tokens: dict[str, str]  # account name -> token: "bench", "reader", "pusher-0".."pusher-7"
    rows: int  # records on the server
    built: str  # how the data was made, for the notes


@functools.cache
def central(work: Path) -> Central:
    """The 10,000 enterprises and 2,000 complete visits, on a laptop and pushed to a central
    store once (not timed); kept for the rest of this run in its temporary folder."""
    import sqlite3

    import main
    from storage.database import Store
    from storage.sync.server_db import ServerStore

    folder = work / "sync"
    folder.mkdir(exist_ok=True)
    laptop, server = folder / "laptop.sqlite", folder / "central.sqlite"
    start = time.perf_counter()
    args = ["demo", "--db", str(laptop), "--enterprises", str(ENTERPRISES)]
    with contextlib.redirect_stdout(io.StringIO()):
        code = main.main([*args, "--visits", str(VISITS), "--lang", "en"])
    assert code == 0, code
    demo = time.perf_counter() - start
    names = ["bench", "reader", *(f"pusher-{n}" for n in range(PUSHERS))]
    with ServerStore(server) as central_store:
        tokens = {name: central_store.add_user(name, "office", []) for name in names}
    start = time.perf_counter()
    with serving(server, folder / "server.log") as url:
        store = Store(laptop, user="bench")
        sync = client(store, url, tokens["bench"])
        try:
            summary = sync.sync(quiet)
        finally:
            http(sync).close()
            store.close()
    push = time.perf_counter() - start
    assert not summary.rejected, summary.rejected[:3]
    with contextlib.closing(sqlite3.connect(server)) as conn:
        rows = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    built = f"demo {demo:.0f} s, first push {push:.0f} s"
    return Central(laptop, server, tokens, rows, built)
