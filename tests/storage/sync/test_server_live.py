"""The real server on loopback: ``serve`` in its own process (uvicorn, one worker) on a free port,
reached with httpx as a laptop would; stopped with Ctrl+C and started again on the same store."""

from __future__ import annotations

import hashlib
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from storage.sync.server_db import ServerStore
from tests.storage.sync.test_server_support import (
    answer,
    batch,
    change,
    enterprise,
    finding_data,
    new_id,
    outcomes,
    visit,
)

ROOT = Path(__file__).resolve().parents[3]
SERVE = (
    "import sys; from pathlib import Path; from storage.sync.server_commands import serve; "
    "raise SystemExit(serve(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), "
    "sys.argv[3] or None, sys.argv[4] or None))"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    def __init__(self, store: Path, log: Path, cert: Path | None = None) -> None:
        self.store = store
        self.log = log
        self.cert = cert
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> None:
        port = free_port()
        scheme = "https" if self.cert else "http"
        self.url = f"{scheme}://127.0.0.1:{port}"
        tls = [str(self.cert), str(self.cert.with_suffix(".key"))] if self.cert else ["", ""]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", SERVE, str(self.store), str(port), *tls],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        with self.client() as client:
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    if client.get("/api/v1/health").status_code == 200:
                        return
                except httpx.TransportError:
                    time.sleep(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc = None
        raise AssertionError("the server did not start: " + self.log.read_text(errors="replace"))

    def stop(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGINT)  # what Ctrl+C sends: uvicorn shuts down cleanly
        try:
            return self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        finally:
            self.proc = None

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        verify: Any = ssl.create_default_context(cafile=str(self.cert)) if self.cert else True
        return httpx.Client(base_url=self.url, headers=headers, timeout=10, verify=verify)


@pytest.fixture
def accounts(tmp_path: Path) -> dict[str, str]:
    with ServerStore(tmp_path / "central.sqlite") as store:
        return {
            "wang": store.add_user("wang", "consultant", ["北仑"]),
            "chen": store.add_user("chen", "consultant", ["北仑"]),
        }


@pytest.fixture
def live(tmp_path: Path, accounts: dict[str, str]) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path / "central.sqlite", tmp_path / "server.log")
    server.start()
    yield server
    if server.proc is not None:
        assert server.stop() == 0


def test_live_health_and_me(live: LiveServer, accounts: dict[str, str]) -> None:
    with live.client() as anonymous:
        assert anonymous.get("/api/v1/health").json() == {"status": "ok", "protocol": 1}
        assert anonymous.get("/api/v1/me").json()["code"] == "auth.missing"
    with live.client(accounts["wang"]) as wang:
        assert wang.get("/api/v1/me").json()["name"] == "wang"


def test_live_push_pull_round_trip(live: LiveServer, accounts: dict[str, str]) -> None:
    photo = b"\xff\xd8" + bytes(range(256)) * 40
    sha = hashlib.sha256(photo).hexdigest()
    eid, vid, fid = new_id(), new_id(), new_id()
    body = batch(
        answer(vid, "E03", "1200.0"),  # before its visit: the server applies parents first
        change("enterprises", eid, enterprise()),
        change("visits", vid, visit(eid, ["chen"])),
        change("findings", fid, finding_data(vid, photos=[sha])),
    )
    with live.client(accounts["wang"]) as wang, live.client(accounts["chen"]) as chen:
        pushed = wang.post("/api/v1/push", json=body).json()
        assert outcomes(pushed) == ["created"] * 4
        half = len(photo) // 2
        first = wang.put(
            f"/api/v1/photos/{sha}",
            params={"offset": 0, "size": len(photo)},
            content=photo[:half],
        )
        assert first.json()["complete"] is False
        rest = wang.put(f"/api/v1/photos/{sha}", params={"offset": half}, content=photo[half:])
        assert rest.json()["complete"] is True
        page = chen.get("/api/v1/pull", params={"since": 0}).json()
        assert page["more"] is False
        assert {c["id"] for c in page["changes"]} >= {eid, vid, fid}
        assert chen.get(f"/api/v1/photos/{sha}").content == photo


def test_live_restart_keeps_everything(live: LiveServer, accounts: dict[str, str]) -> None:
    body = batch(change("enterprises", new_id(), enterprise()))
    with live.client(accounts["wang"]) as wang:
        first = wang.post("/api/v1/push", json=body)
    assert live.stop() == 0
    live.start()
    with live.client(accounts["wang"]) as wang, live.client(accounts["chen"]) as chen:
        again = wang.post("/api/v1/push", json=body)
        assert again.content == first.content  # the batch's record survived the restart
        page = chen.get("/api/v1/pull").json()
        assert [c["id"] for c in page["changes"]] == [body["changes"][0]["id"]]
        assert page["seq"] == 1


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_live_serves_tls_with_a_certificate(tmp_path: Path, accounts: dict[str, str]) -> None:
    cert = tmp_path / "server.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(cert.with_suffix(".key")), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    server = LiveServer(tmp_path / "central.sqlite", tmp_path / "tls.log", cert)
    server.start()
    try:
        assert server.url.startswith("https://")
        with server.client(accounts["wang"]) as wang:
            assert wang.get("/api/v1/me").json()["name"] == "wang"
    finally:
        assert server.stop() == 0
