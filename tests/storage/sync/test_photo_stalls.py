"""Photo uploads that stall or break off, through a real TCP proxy in front of the real server
(``main.py serve`` in its own process): the server times out a body that stops arriving, frees
the photo and keeps what arrived; a cut upload resumes; a photo that cannot get through is
reported and makes ``sync`` exit 1; after the retry the office has every photo."""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import main
from diagnosis.sync.ports import SyncError
from storage.sync.errors import SyncRefusal
from storage.sync.server_db import ServerStore
from storage.sync.server_photos import TIMEOUT_ENV, PhotoFolder
from storage.sync.transport import HttpTransport
from tests.storage.sync.conftest import (
    DISTRICT,
    ROOT,
    Laptop,
    ServerProcess,
    make_laptop,
    register_enterprise,
)
from tests.storage.sync.test_server_support import served

SERVER_TIMEOUT = 1.5  # seconds without a byte before the server gives up on a PUT
CLIENT_TIMEOUT = 4.0  # the laptop waits longer: the server's timeout is what is tested
LET_THROUGH = 3000  # body bytes of a PUT that reach the server before it stalls or is cut
MARKER = b"PUT /api/v1/photos/"


class Proxy:
    """127.0.0.1:port -> the server. The photo PUTs are matched in turn with ``plan``:
    None lets one through, "stall" stops forwarding after LET_THROUGH body bytes (both sockets
    stay open, as on a line gone dead), "cut" closes both sides there, "drop" closes only the
    laptop's side (the server is left holding a connection nobody will finish)."""

    def __init__(self, target: int) -> None:
        self.target = ("127.0.0.1", target)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.plan: list[str | None] = []
        self.puts: list[str] = []  # the request line of every photo PUT, in order
        self.acted: list[str] = []
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.listener.close()
        with self._lock:
            for s in self._sockets:
                _close(s)

    def offsets(self) -> list[int]:
        return [int(re.search(r"offset=(\d+)", line).group(1)) for line in self.puts]  # type: ignore[union-attr]

    def _accept(self) -> None:
        while True:
            try:
                laptop, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [laptop, server]
            state = {"stalled": False}
            threading.Thread(target=self._up, args=(laptop, server, state), daemon=True).start()
            threading.Thread(target=self._down, args=(server, laptop, state), daemon=True).start()

    def _up(self, laptop: socket.socket, server: socket.socket, state: dict[str, bool]) -> None:
        stream = bytearray()
        forwarded = scanned = 0
        act_at: int | None = None
        action: str | None = None
        while True:
            try:
                data = laptop.recv(65536)
            except OSError:
                data = b""
            if not data:
                if not state["stalled"]:  # a stalled line tells the server nothing
                    _close(server)
                return
            if state["stalled"]:
                continue  # swallowed
            stream += data
            while (start := stream.find(MARKER, scanned)) >= 0:
                end = stream.find(b"\r\n\r\n", start)
                if end < 0:
                    break  # the rest of the headers is still on its way
                with self._lock:
                    self.puts.append(stream[start : stream.index(b"\r\n", start)].decode())
                    step = self.plan.pop(0) if self.plan else None
                scanned = end + 4
                if step is not None and act_at is None:
                    action, act_at = step, scanned + LET_THROUGH
            limit = len(stream)
            waiting = stream.find(MARKER, scanned)
            if waiting >= 0:
                limit = waiting  # a PUT whose headers are not all here: hold it back
            if act_at is not None:
                limit = min(limit, act_at)
            if limit > forwarded:
                server.sendall(stream[forwarded:limit])
                forwarded = limit
            if act_at is not None and forwarded >= act_at:
                assert action is not None
                self.acted.append(action)
                act_at = None
                if action == "stall":
                    state["stalled"] = True
                elif action == "drop":
                    state["stalled"] = True
                    _close(laptop)
                    return
                else:
                    # A line breaks some time into a transfer: the server has read what came
                    # (uvicorn drops bytes still buffered when it learns of the disconnect).
                    time.sleep(0.3)
                    _close(laptop)
                    _close(server)
                    return

    def _down(self, server: socket.socket, laptop: socket.socket, state: dict[str, bool]) -> None:
        while True:
            try:
                data = server.recv(65536)
            except OSError:
                data = b""
            if not data:
                if not state["stalled"]:
                    _close(laptop)
                return
            if not state["stalled"]:
                try:
                    laptop.sendall(data)
                except OSError:
                    return


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def central(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[ServerProcess]:
    """``main.py serve`` with a short body-read timeout (the environment it inherits):
    SERVER_TIMEOUT, or the test's indirect parameter."""
    monkeypatch.setenv(TIMEOUT_ENV, str(getattr(request, "param", SERVER_TIMEOUT)))
    server = ServerProcess(tmp_path / "central" / "central.sqlite", tmp_path / "server.log")
    try:
        server.start()
        yield server
    finally:
        server.kill()


@pytest.fixture
def proxy(central: ServerProcess) -> Iterator[Proxy]:
    p = Proxy(central.port)
    yield p
    p.close()


@pytest.fixture
def token(central: ServerProcess) -> str:
    """wang's: a consultant of DISTRICT."""
    return central.add_user("wang", "consultant", [DISTRICT])


@pytest.fixture
def consultant(tmp_path: Path, token: str, proxy: Proxy) -> Iterator[Laptop]:
    """wang's laptop, which reaches the server through the proxy."""

    def transport(url: str, tok: str) -> HttpTransport:
        return HttpTransport(url, tok, timeout=CLIENT_TIMEOUT)

    lap = make_laptop(tmp_path, "wang", proxy.url, token, transport)
    yield lap
    lap.close()


def picture(path: Path, seed: int) -> Path:
    """A JPEG of noise: tens of KB, so a PUT can be stopped well inside its body."""
    rng = random.Random(seed)
    Image.frombytes("RGB", (160, 120), rng.randbytes(160 * 120 * 3)).save(path, "JPEG")
    return path


def findings_with_photos(lap: Laptop, tmp: Path, count: int) -> list[str]:
    """One visit with ``count`` findings of one photo each; the photos' addresses, in order."""
    vid = lap.desk.start(register_enterprise(lap), "2024-03-28", [lap.name]).visit.id
    shas: list[str] = []
    for n in range(count):
        path = picture(tmp / f"photo-{n}.jpg", n)
        finding = lap.desk.add_finding(vid, "energy", "major", f"问题 {n}", [path])
        shas += finding.photos
    assert all(len(lap.photos.open_bytes(sha)) > 2 * LET_THROUGH for sha in shas)
    return shas


def received_on_server(central: ServerProcess, sha: str) -> int:
    """The bytes of an incomplete upload the server keeps (read from its folder: the status
    shows them to their sender only)."""
    return (central.store.parent / "central-photos" / "partial" / sha).stat().st_size


def complete_on_server(central: ServerProcess, sha: str) -> bool:
    path = central.store.parent / "central-photos" / f"{sha}.jpg"
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha


def cli_sync(db: Path, url: str, token: str) -> tuple[int, dict[str, Any]]:
    """``main.py sync --json`` in a process of its own, as the user runs it."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "sync",
            "--server",
            url,
            "--token",
            token,
            "--db",
            str(db),
            "--json",
            "--lang",
            "en",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


# --- the server's side -----------------------------------------------------------------------


def test_photo_stalled_reservation_is_taken_over_and_resumes(tmp_path: Path) -> None:
    folder = PhotoFolder(tmp_path / "photos", 1024 * 1024, idle_limit=0.3)
    data = bytes(range(256)) * 40
    sha = hashlib.sha256(data).hexdigest()
    stalled = folder.begin(sha, 0, size=len(data))
    stalled.write(data[:4000])  # then nothing more, and never closed
    with pytest.raises(SyncRefusal) as busy:
        folder.begin(sha, 4000, size=len(data))
    assert (busy.value.code, busy.value.status) == ("photo.busy", 409)
    time.sleep(0.35)
    taken = folder.begin(sha, 4000, size=len(data))  # expired: the next upload takes over
    assert folder.status(sha)["size"] == 4000  # what the stalled one received is kept
    with pytest.raises(SyncRefusal) as late:
        stalled.write(data[4000:5000])  # the stalled one wakes up: it may not write any more
    assert (late.value.code, late.value.status) == ("photo.timeout", 408)
    stalled.close()  # and closing it does not free the photo from its successor
    with pytest.raises(SyncRefusal):
        folder.begin(sha, 4000, size=len(data))
    taken.write(data[4000:])
    assert taken.finish() == {"sha": sha, "size": len(data), "complete": True}
    assert (tmp_path / "photos" / f"{sha}.jpg").read_bytes() == data


def test_photo_put_that_stops_sending_gets_408_and_frees_the_photo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0.5")
    store = ServerStore(tmp_path / "central.sqlite")
    token = store.add_user("wang", "office", [])
    data = bytes(range(256)) * 100
    sha = hashlib.sha256(data).hexdigest()
    try:
        with served(store) as url:
            port = int(url.rsplit(":", 1)[1])
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(
                    f"PUT /api/v1/photos/{sha}?offset=0 HTTP/1.1\r\nHost: x\r\n"
                    f"Authorization: Bearer {token}\r\nContent-Length: {len(data)}\r\n\r\n".encode()
                    + data[:5000]
                )
                started = time.monotonic()
                answer = b""
                while chunk := s.recv(65536):  # the server answers, then closes
                    answer += chunk
                waited = time.monotonic() - started
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 408"), head
            assert b"connection: close" in head.lower()
            refusal = json.loads(body)
            assert refusal["code"] == "photo.timeout"
            assert "0.5 s" in refusal["reason"] and "0.5 秒" in refusal["reason_zh"]
            assert 0.4 < waited < 5
            assert store.photo_status(sha) == {"sha": sha, "size": 5000, "complete": False}
            done = store.put_photo(sha, 5000, data[5000:])  # not busy: resumed at once
            assert done["complete"] is True
    finally:
        store.close()


# --- through the proxy -----------------------------------------------------------------------


def test_photo_stalled_put_is_timed_out_by_the_server_and_the_next_sync_completes_it(
    tmp_path: Path, central: ServerProcess, proxy: Proxy, consultant: Laptop
) -> None:
    (sha,) = findings_with_photos(consultant, tmp_path, 1)
    proxy.plan = ["stall"]
    with pytest.raises(SyncError) as broke:
        consultant.sync()  # the laptop gives up waiting (after CLIENT_TIMEOUT)
    assert broke.value.code == "network.interrupted"
    assert proxy.acted == ["stall"]
    # The server gave up long before, kept what arrived, and let the photo go.
    assert received_on_server(central, sha) == LET_THROUGH
    summary = consultant.sync()
    assert (summary.photos_sent, summary.photos_unsent) == (1, ())
    assert proxy.offsets() == [0, LET_THROUGH]  # resumed where the stalled one stopped
    assert complete_on_server(central, sha)


def test_photo_cut_put_is_resumed(
    tmp_path: Path, central: ServerProcess, proxy: Proxy, consultant: Laptop
) -> None:
    (sha,) = findings_with_photos(consultant, tmp_path, 1)
    proxy.plan = ["cut"]
    with pytest.raises(SyncError) as broke:
        consultant.sync()
    assert broke.value.code == "network.interrupted"
    summary = consultant.sync()  # at once: the server frees the photo when it sees the cut
    assert (summary.photos_sent, summary.photos_unsent) == (1, ())
    # Resumed where the cut stopped, never from the start. A loaded machine may answer the
    # first resume "busy" (the server has not noticed the cut yet): the laptop then tries once
    # more after a pause, again from where the cut stopped.
    first, *resumed = proxy.offsets()
    assert first == 0
    assert resumed in ([LET_THROUGH], [LET_THROUGH, LET_THROUGH])
    assert complete_on_server(central, sha)


@pytest.mark.parametrize("central", [6.0], indirect=True)  # longer than this test's sync
def test_photo_that_cannot_be_sent_is_reported_and_sync_exits_1(
    tmp_path: Path,
    central: ServerProcess,
    proxy: Proxy,
    consultant: Laptop,
    token: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shas = findings_with_photos(consultant, tmp_path, 2)
    proxy.plan = ["drop"]  # the laptop's line dies; the server still waits for the upload
    with pytest.raises(SyncError):
        consultant.sync()
    dropped = time.monotonic()
    db = consultant.store.path
    consultant.close()
    # Soon after, while the server still holds the dead upload: that photo is busy (tried
    # again after a pause, still busy). The sync sends the other, names the one left, exit 1.
    code = main.main(["sync", "--server", proxy.url, "--token", token, "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "照片待发送 1 张（下次同步重试）：" + shas[0][:12] in out
    assert time.monotonic() - dropped < 6.0  # it was indeed still held: the test holds
    assert complete_on_server(central, shas[1]) and not complete_on_server(central, shas[0])
    time.sleep(max(0.0, dropped + 6.5 - time.monotonic()))  # the server's timeout frees it
    code, report = cli_sync(db, proxy.url, token)
    assert code == 0, report
    assert (report["photos_sent"], report["photos_unsent"], report["photos_missing"]) == (1, [], [])
    assert proxy.offsets()[-1] == LET_THROUGH  # resumed, not sent again from the start
    assert all(complete_on_server(central, sha) for sha in shas)


def test_photo_stall_office_gets_12_of_12_after_the_retry(
    tmp_path: Path, central: ServerProcess, proxy: Proxy, consultant: Laptop
) -> None:
    shas = findings_with_photos(consultant, tmp_path, 12)
    proxy.plan = [None] * 6 + ["stall"]  # the seventh upload stalls
    with pytest.raises(SyncError):
        consultant.sync()
    office_db, office = tmp_path / "office" / "diagnosis.sqlite", central.add_user("office")
    office_db.parent.mkdir()

    code, first = cli_sync(office_db, central.url, office)
    assert code == 1  # not everything arrived, and the office is told
    assert first["photos_received"] == 6
    assert first["photos_missing"] == shas[6:]

    again = consultant.sync()  # the retry: the stalled photo resumes, the rest follow
    assert again.photos_sent == 6 and again.photos_unsent == ()
    code, second = cli_sync(office_db, central.url, office)
    assert code == 0
    assert (second["photos_received"], second["photos_missing"]) == (6, [])
    kept = office_db.parent / "diagnosis-photos"
    assert sorted(p.stem for p in kept.glob("*.jpg")) == sorted(shas)  # 12 of 12
