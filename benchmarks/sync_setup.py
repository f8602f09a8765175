"""What the sync figures share: the central server in its own process on a free loopback port,
the accounts, a counting HTTP transport, and the large data set, built once per run."""

from __future__ import annotations

import contextlib
import functools
import io
import signal
import socket
import sqlite3
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


# --- a city's year of data (issue 20): the 20,000-visit store, synced ---------------------------

SCALE_BUILD = 1  # moved by hand when scale_central makes something else
SCALE_USERS = ("bench", "reader")
SCALE_DISTRICT = "330203"  # a consultant's: 1,250 of the 20,000 firms


@dataclass(frozen=True)
class ScaleCentral:
    laptop: Path  # the 20,000-visit store, every row clean at the server's revision
    server: Path  # the central store holding exactly those rows
    tokens: dict[str, str]
    rows: int


def scale_central() -> ScaleCentral:
    """The scale visits store (benchmarks.scale_store) and a central store holding it, as if
    the laptop had pushed it all and pulled since: built in SQL (the real first push of its
    2.66 million records takes 17 minutes), cached beside the scale stores and never written
    by a figure (each works on a copy). Findings keep only the photos the laptop has."""
    import fcntl
    import json
    import shutil

    from benchmarks.scale_store import cache_dir, visits_store

    source = visits_store()
    root = cache_dir()
    folder = root / f"sync-{source.parent.name}-{SCALE_BUILD}"
    with (root / ".sync.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not folder.is_dir():
            for stale in root.glob("sync-*"):
                shutil.rmtree(stale, ignore_errors=True)
            partial = root / ".sync-building"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            tokens = _build_scale(source, partial / "laptop.sqlite", partial / "central.sqlite")
            (partial / "tokens.json").write_text(json.dumps(tokens))
            partial.rename(folder)
    tokens = json.loads((folder / "tokens.json").read_text())
    with contextlib.closing(sqlite3.connect(folder / "central.sqlite")) as conn:
        rows = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    return ScaleCentral(folder / "laptop.sqlite", folder / "central.sqlite", tokens, rows)


def _build_scale(source: Path, laptop: Path, server: Path) -> dict[str, str]:
    import json

    from storage.database import Store
    from storage.store_file import copy_store
    from storage.sync.client_meta import DATA_FIELDS, SERVER, SINCE, TABLES, put_json, put_meta
    from storage.sync.server_db import ServerStore
    from storage.sync.server_identity import read

    copy_store(source, laptop)
    with ServerStore(server) as central:
        tokens = {name: central.add_user(name, "office", []) for name in SCALE_USERS}
        tokens["field"] = central.add_user("field", "consultant", [SCALE_DISTRICT])
    with contextlib.closing(sqlite3.connect(server)) as plain:
        identity = read(plain)
    store = Store(laptop, user="bench", verify=False)
    conn, photos = store.conn, store.photos()
    try:
        with store.transaction():
            conn.execute("INSERT OR IGNORE INTO facts_pause (id) VALUES (1)")
            rows = conn.execute("SELECT id, photos FROM findings WHERE photos <> '[]'").fetchall()
            for fid, text in rows:
                kept = [s for s in json.loads(text) if photos.has(s)]
                conn.execute("UPDATE findings SET photos = ? WHERE id = ?", [json.dumps(kept), fid])
            conn.execute("DELETE FROM photos_wanted")
            conn.execute("DELETE FROM facts_pause")
        conn.execute("ATTACH DATABASE ? AS srv KEY ''", [str(server)])
        base = 0
        with store.transaction():
            conn.execute("INSERT OR IGNORE INTO facts_pause (id) VALUES (1)")
            for table in TABLES:
                base = _records(conn, table, DATA_FIELDS[table], base)
            conn.execute(
                "INSERT INTO srv.visit_members (visit_id, name, source) "
                "SELECT id, 'bench', 'creator' FROM main.visits"
            )
            conn.execute("UPDATE srv.sequence SET value = ?", [base])
            put_meta(conn, SINCE, str(base))
            put_json(conn, SERVER, {"id": identity.store_id, "generation": identity.generation})
            conn.execute("DELETE FROM facts_pause")
        conn.execute("DETACH DATABASE srv")
    finally:
        store.close()
    return tokens


def _records(conn: sqlite3.Connection, table: str, fields: tuple[str, ...], base: int) -> int:
    """The table's rows as server records and first versions at ``base`` + rowid, and the
    laptop's rows clean at those revisions; the next free position."""
    data = "json_object(" + ", ".join(f"'{f}', [{f}]" for f in fields) + ")"
    scope, enterprise, code = {
        "enterprises": ("district", "NULL", "credit_code"),
        "visits": ("id", "enterprise_id", "NULL"),
    }.get(table, ("visit_id", "NULL", "NULL"))
    conn.execute(
        "INSERT INTO srv.records (tbl, id, rev, seq, deleted, data, created_by, updated_by, "
        "updated_at, scope, enterprise_id, credit_code) "
        f"SELECT '{table}', id, ? + rowid, ? + rowid, deleted, {data}, 'bench', 'bench', "
        f"updated_at, {scope}, {enterprise}, {code} FROM main.[{table}]",
        [base, base],
    )
    conn.execute(
        "INSERT INTO srv.versions (tbl, id, rev, base_rev, deleted, data, outcome, by, at) "
        "SELECT tbl, id, rev, 0, deleted, data, 'created', 'bench', updated_at "
        "FROM srv.records WHERE tbl = ?",
        [table],
    )
    conn.execute(f"UPDATE main.[{table}] SET rev = ? + rowid, dirty = 0", [base])
    top = conn.execute(f"SELECT max(rowid) FROM main.[{table}]").fetchone()[0]
    return base + int(top or 0)
