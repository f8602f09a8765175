"""Photos, in the store and over HTTP: resumable uploads (in parts, or cut off midway), bytes
that do not match their address, the size limit, downloads and who may make them."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi import FastAPI

from storage.sync.errors import SyncRefusal
from tests.storage.sync.test_server_support import (
    API,
    Api,
    Server,
    assert_error,
    batch,
    change,
    enterprise,
    finding_data,
    new_id,
    open_server,
    visit,
)

# The fixtures, imported under their own names so pytest finds them here.
from tests.storage.sync.test_server_support import api as api
from tests.storage.sync.test_server_support import server as server

# -- photos ----------------------------------------------------------------------------------


def test_photo_upload_resumes_and_completes_on_its_hash(server: Server) -> None:
    data = bytes(range(256)) * 1000
    sha = hashlib.sha256(data).hexdigest()
    assert server.store.photo_status(sha) == {"sha": sha, "size": 0, "complete": False}
    first = server.store.put_photo(sha, 0, data[:100_000], size=len(data))
    assert first == {"sha": sha, "size": 100_000, "complete": False}
    assert server.store.photo_path(sha) is None
    with pytest.raises(SyncRefusal) as gap:
        server.store.put_photo(sha, 150_000, data[150_000:])
    assert gap.value.code == "request.malformed"
    done = server.store.put_photo(sha, 100_000, data[100_000:])
    assert done == {"sha": sha, "size": len(data), "complete": True}
    path = server.store.photo_path(sha)
    assert path is not None
    assert path.read_bytes() == data
    assert path.parent.name == "central-photos"


def test_photo_with_other_bytes_is_discarded(server: Server) -> None:
    sha = hashlib.sha256(b"the real photo").hexdigest()
    with pytest.raises(SyncRefusal) as refused:
        server.store.put_photo(sha, 0, b"something else")
    assert (refused.value.code, refused.value.status) == ("photo.mismatch", 422)
    assert server.store.photo_status(sha)["size"] == 0


def test_photo_over_the_limit_is_refused(tmp_path: Path) -> None:
    s = open_server(tmp_path / "small.sqlite", photo_limit=1000)
    try:
        data = b"x" * 1001
        sha = hashlib.sha256(data).hexdigest()
        with pytest.raises(SyncRefusal) as refused:
            s.store.put_photo(sha, 0, data)
        assert (refused.value.code, refused.value.status) == ("photo.too_large", 413)
        assert s.store.photo_status(sha)["size"] == 0
    finally:
        s.store.close()


# -- photos ----------------------------------------------------------------------------------


def photo_put(api: Api, sha: str, content: bytes, **params: int) -> Any:
    return api.client.put(
        f"{API}/photos/{sha}", params=params, content=content, headers=api.headers(api.server.wang)
    )


def test_photo_upload_in_two_parts_then_download(api: Api) -> None:
    data = bytes(range(256)) * 100
    sha = hashlib.sha256(data).hexdigest()
    half = len(data) // 2
    first = photo_put(api, sha, data[:half], offset=0, size=len(data))
    assert first.json() == {"sha": sha, "size": half, "complete": False}
    status = api.client.get(f"{API}/photos/{sha}/status", headers=api.headers(api.server.wang))
    assert status.json()["size"] == half
    done = photo_put(api, sha, data[half:], offset=half)
    assert done.json() == {"sha": sha, "size": len(data), "complete": True}
    again = photo_put(api, sha, data, offset=0)  # already whole: nothing to do
    assert again.json()["complete"] is True
    got = api.client.get(f"{API}/photos/{sha}", headers=api.headers(api.server.office))
    assert got.status_code == 200
    assert got.content == data


def test_interrupted_upload_keeps_what_arrived(api: Api) -> None:
    data = b"\xff\xd8" + bytes(range(200)) * 50
    sha = hashlib.sha256(data).hexdigest()
    arrived = 4000
    sent = asgi_put_cut_off(api.client.app, api.server.wang.token, sha, data, arrived)  # type: ignore[arg-type]
    assert sent
    status = api.client.get(f"{API}/photos/{sha}/status", headers=api.headers(api.server.wang))
    assert status.json() == {"sha": sha, "size": arrived, "complete": False}
    done = photo_put(api, sha, data[arrived:], offset=arrived)
    assert done.json()["complete"] is True


def asgi_put_cut_off(app: FastAPI, token: str, sha: str, data: bytes, arrived: int) -> list[Any]:
    """A PUT whose connection drops after ``arrived`` bytes, as uvicorn reports it."""
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": data[:arrived], "more_body": True},
        {"type": "http.disconnect"},
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": f"{API}/photos/{sha}",
        "raw_path": f"{API}/photos/{sha}".encode(),
        "root_path": "",
        "query_string": b"offset=0",
        "headers": [
            (b"authorization", f"Bearer {token}".encode()),
            (b"content-length", str(len(data)).encode()),
            (b"host", b"testserver"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    anyio.run(app, scope, receive, send)
    return sent


def test_photo_mismatch_gets_422_and_is_discarded(api: Api) -> None:
    sha = hashlib.sha256(b"real").hexdigest()
    assert_error(photo_put(api, sha, b"fake", offset=0), 422, "photo.mismatch")
    status = api.client.get(f"{API}/photos/{sha}/status", headers=api.headers(api.server.wang))
    assert status.json()["size"] == 0


def test_photo_over_the_limit_gets_413(api: Api) -> None:
    data = b"x" * (64 * 1024 + 1)
    sha = hashlib.sha256(data).hexdigest()
    assert_error(photo_put(api, sha, data, offset=0), 413, "photo.too_large")
    assert_error(photo_put(api, sha, b"x", offset=0, size=len(data)), 413, "photo.too_large")

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: refused past the limit
        for _ in range(10):
            yield b"x" * 10_000

    response = api.client.put(
        f"{API}/photos/{sha}", content=chunks(), headers=api.headers(api.server.wang)
    )
    assert_error(response, 413, "photo.too_large")
    status = api.client.get(f"{API}/photos/{sha}/status", headers=api.headers(api.server.wang))
    assert status.json()["size"] == 0


def test_photo_of_a_finding_one_may_not_see_is_not_given(api: Api) -> None:
    data = b"\xff\xd8 a photo of a leaking valve"
    sha = hashlib.sha256(data).hexdigest()
    eid, vid = new_id(), new_id()
    api.push(
        api.server.wang,
        batch(
            change("enterprises", eid, enterprise()),
            change("visits", vid, visit(eid)),
            change("findings", new_id(), finding_data(vid, photos=[sha])),
        ),
    )
    put = api.client.put(f"{API}/photos/{sha}", content=data, headers=api.headers(api.server.chen))
    assert put.json()["complete"] is True  # anyone may upload
    # chen's upload does not vouch for wang's finding (chen wrote no version of it): wang
    # gets the photo once he has shown he holds it, by sending it himself.
    unproved = api.client.get(f"{API}/photos/{sha}", headers=api.headers(api.server.wang))
    assert_error(unproved, 404, "photo.missing")
    wang = api.headers(api.server.wang)
    resent = api.client.put(f"{API}/photos/{sha}", content=data, headers=wang)
    assert resent.json()["complete"] is True
    own = api.client.get(f"{API}/photos/{sha}", headers=api.headers(api.server.wang))
    assert own.content == data
    other = api.client.get(f"{API}/photos/{sha}", headers=api.headers(api.server.chen))
    assert_error(other, 404, "photo.missing")  # as if it were not there: chen's sync goes on
