"""Helpers of the convergence tests: the real central server in a process of its own
(``python main.py serve``, so it can be killed and started again on the same store), laptops
that edit through the app's own services, and what "converged" means, read with SQL."""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from diagnosis.register.enterprise import Enterprise
from diagnosis.register.service import RegisterService
from diagnosis.sync.ports import SyncError, SyncSummary
from diagnosis.visits.service import VisitService
from services import register_service, visit_service
from storage.database import Store
from storage.photos import PhotoStore
from storage.sync.client import SyncClient
from storage.sync.client_meta import DATA_FIELDS, OUTBOX
from storage.sync.server_db import ServerStore
from storage.sync.transport import HttpTransport

ROOT = Path(__file__).resolve().parents[3]
CODE = "91330200711192037M"  # a valid unified social credit code
DISTRICT = "330206"  # 北仑区
OTHER_DISTRICT = "330203"  # 海曙区


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``python main.py serve --store S --port P`` on 127.0.0.1; restarts on the same port.
    With ``tls`` (certificate, key): ``--certfile/--keyfile``, at an https address."""

    def __init__(self, store: Path, log: Path, tls: tuple[Path, Path] | None = None) -> None:
        self.store = store
        self.log = log
        self.port = free_port()
        self.tls = tls
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        with ServerStore(store):  # made (migrated) before the first start
            pass

    def start(self) -> None:
        assert self.proc is None
        deadline = time.monotonic() + 30
        while True:
            with self.log.open("ab") as log:
                serve = ["serve", "--store", str(self.store), "--port", str(self.port)]
                if self.tls is not None:
                    serve += ["--certfile", str(self.tls[0]), "--keyfile", str(self.tls[1])]
                proc = subprocess.Popen(
                    [sys.executable, str(ROOT / "main.py"), *serve],
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            self.proc = proc
            if self._healthy(deadline):
                return
            self.proc = None
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            # The port may still be held by the process just killed: try again shortly.
            if time.monotonic() >= deadline:
                text = self.log.read_text(errors="replace")
                raise AssertionError(f"the server did not start:\n{text}")
            time.sleep(0.2)

    def _healthy(self, deadline: float) -> bool:
        assert self.proc is not None
        with httpx.Client(base_url=self.url, timeout=5, verify=self._verify()) as client:
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    if client.get("/api/v1/health").status_code == 200:
                        return True
                except httpx.TransportError:
                    time.sleep(0.02)
        return False

    def _verify(self) -> ssl.SSLContext | bool:
        """Trust the server's own certificate, as a laptop given it with --cafile does."""
        return ssl.create_default_context(cafile=str(self.tls[0])) if self.tls else True

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what a power cut does to the server."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def add_user(self, name: str, role: str = "office", districts: Iterable[str] = ()) -> str:
        with ServerStore(self.store) as central:
            return central.add_user(name, role, list(districts))

    def revoke(self, name: str) -> None:
        with ServerStore(self.store) as central:
            assert central.revoke(name)

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return read_only(self.store, sql, params)

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, verify=self._verify())


def running_server(tmp_path: Path, tls: tuple[Path, Path] | None = None) -> Iterator[ServerProcess]:
    """A ``serve`` process on a new central store under ``tmp_path`` (https with ``tls``),
    killed afterwards: the body of every server fixture."""
    server = ServerProcess(tmp_path / "central" / "central.sqlite", tmp_path / "server.log", tls)
    server.store.parent.mkdir(parents=True, exist_ok=True)
    try:
        server.start()
        yield server
    finally:
        server.kill()


@pytest.fixture
def sync_server(tmp_path: Path) -> Iterator[ServerProcess]:
    yield from running_server(tmp_path)


# --- laptops ---------------------------------------------------------------------------------


def quiet(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class Laptop:
    name: str
    store: Store
    photos: PhotoStore
    client: SyncClient
    summaries: list[SyncSummary] = field(default_factory=list)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    @property
    def register(self) -> RegisterService:
        return register_service(self.store)

    @property
    def desk(self) -> VisitService:
        return visit_service(self.store)

    def sync(self) -> SyncSummary:
        summary = self.client.sync(quiet)
        self.summaries.append(summary)
        return summary

    def edit_enterprise(self, enterprise_id: str, **values: Any) -> None:
        current = self.register.get(enterprise_id)
        assert current is not None, f"{self.name} has no live enterprise {enterprise_id}"
        self.register.save(current.with_values(**values))

    def answers(self, visit_id: str) -> dict[str, Any]:
        rows = self.conn.execute(
            "SELECT area || '/' || item, value FROM answers WHERE visit_id = ? AND deleted = 0",
            [visit_id],
        )
        return {k: json.loads(v) for k, v in rows}

    def close(self) -> None:
        transport = self.client.transport
        if isinstance(transport, HttpTransport):
            transport.close()
        self.store.close()


class CutOnce(HttpTransport):
    """Breaks off the next push or pull (``cut`` = (request, when)): "before" it is sent, or
    "after" the server has acted on it."""

    cut: tuple[str, str] | None = None

    def _once(self, request: str, call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        when = None
        if self.cut is not None and self.cut[0] == request:
            when, self.cut = self.cut[1], None
        if when == "before":
            raise SyncError("network.interrupted", "cut before the request was sent")
        answer = call()
        if when == "after":
            raise SyncError("network.interrupted", "cut after the server had acted")
        return answer

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._once("push", lambda: HttpTransport.push(self, body))

    def pull(self, since: int, limit: int) -> dict[str, Any]:
        return self._once("pull", lambda: HttpTransport.pull(self, since, limit))


TransportFactory = Callable[[str, str], HttpTransport]


def make_laptop(
    tmp: Path, name: str, url: str, token: str, transport: TransportFactory = HttpTransport
) -> Laptop:
    path = tmp / name / "diagnosis.sqlite"
    store = Store(path, user=name)
    # The visit service's photos (services.visit_service), sealed with the store's key: what a
    # finding names is what sync sends.
    photos = store.photos()
    return Laptop(name, store, photos, SyncClient(store, transport(url, token), photos))


@pytest.fixture
def laptops(tmp_path: Path, sync_server: ServerProcess) -> Iterator[Callable[..., Laptop]]:
    """A factory: ``laptops(name, role="office", districts=())`` makes an account and a laptop."""
    made: list[Laptop] = []

    def make(
        name: str,
        role: str = "office",
        districts: Iterable[str] = (),
        transport: TransportFactory = HttpTransport,
    ) -> Laptop:
        token = sync_server.add_user(name, role, districts)
        lap = make_laptop(tmp_path, name, sync_server.url, token, transport)
        made.append(lap)
        return lap

    yield make
    for lap in made:
        lap.close()


def register_enterprise(lap: Laptop, district: str = DISTRICT, code: str = CODE) -> str:
    e = Enterprise(name="宁波甬明精密机械有限公司", credit_code=code, district=district)
    return lap.register.save(e, create=True).enterprise.id


def sync_in_turn(laps: Iterable[Laptop], rounds: int = 2) -> list[SyncSummary]:
    laps = list(laps)
    return [lap.sync() for _ in range(rounds) for lap in laps]


# --- convergence -----------------------------------------------------------------------------

Snapshot = dict[str, dict[str, tuple[Any, ...]]]


def snapshot(conn: sqlite3.Connection) -> Snapshot:
    """Every synced record: id -> (deleted, rev, *data fields); local columns left out."""
    out: Snapshot = {}
    for table, fields in DATA_FIELDS.items():
        columns = ", ".join(f"[{f}]" for f in fields)
        rows = conn.execute(f"SELECT id, deleted, rev, {columns} FROM [{table}]").fetchall()
        out[table] = {r[0]: (bool(r[1]), *r[2:]) for r in rows}
    return out


def server_snapshot(central: Path) -> Snapshot:
    """The current records of the central store at ``central``, in the shape of ``snapshot``."""
    out: Snapshot = {t: {} for t in DATA_FIELDS}
    for table, rid, rev, deleted, data in read_only(
        central, "SELECT tbl, id, rev, deleted, data FROM records"
    ):
        values = json.loads(data)
        out[table][rid] = (bool(deleted), rev, *(values[f] for f in DATA_FIELDS[table]))
    return out


def read_only(path: Path, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    """Read a store (WAL: a reader never disturbs a running server)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, list(params)).fetchall()
    finally:
        conn.close()


def _diff(a: Snapshot, b: Snapshot) -> list[str]:
    lines = []
    for table in DATA_FIELDS:
        for rid in sorted(set(a[table]) | set(b[table])):
            x, y = a[table].get(rid), b[table].get(rid)
            if x != y:
                lines.append(f"{table}/{rid}: {x} != {y}")
    return lines


def assert_converged(
    laps: Iterable[Laptop], server: ServerProcess | Path | None = None
) -> Snapshot:
    """Every store holds the same records (id, tombstone, rev, data), nothing is left to push,
    no conflict is listed; with ``server``, the stores hold exactly what the server holds."""
    laps = list(laps)
    first = snapshot(laps[0].conn)
    for lap in laps:
        assert lap.client.unsynced() == 0, f"{lap.name} still has unsynced changes"
        outbox = lap.conn.execute(
            "SELECT count(*) FROM local_meta WHERE key LIKE ?", [OUTBOX + "%"]
        ).fetchone()[0]
        assert outbox == 0, f"{lap.name} still has unanswered batches"
        assert lap.client.conflicts() == [], f"{lap.name} still lists conflicts"
        diff = _diff(first, snapshot(lap.conn))
        assert not diff, f"{laps[0].name} and {lap.name} differ:\n" + "\n".join(diff[:20])
    if server is not None:
        central = server.store if isinstance(server, ServerProcess) else server
        diff = _diff(first, server_snapshot(central))
        assert not diff, "the laptops and the server differ:\n" + "\n".join(diff[:20])
        open_ = read_only(central, "SELECT count(*) FROM conflicts WHERE status = 'open'")
        assert open_ == [(0,)]
    return first
