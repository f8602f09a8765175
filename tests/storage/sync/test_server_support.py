"""Shared makings of the central server's tests: a store with four accounts, records with every
data field, changes and batches as a laptop would push them, and the HTTP app in-process.
No tests of its own."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from diagnosis.register.credit_code import check_character
from storage.sync.errors import CATALOGUE
from storage.sync.server import create_app
from storage.sync.server_db import ServerStore, User
from storage.sync.server_fields import answer_id

AT = "2024-03-28T08:15:02Z"
API = "/api/v1"


@dataclass(frozen=True)
class Account:
    user: User
    token: str


@dataclass
class Server:
    store: ServerStore
    office: Account
    wang: Account  # consultant, 北仑
    chen: Account  # consultant, 北仑
    li: Account  # consultant, 镇海

    def push(self, who: Account, *changes: dict[str, Any]) -> dict[str, Any]:
        return self.store.push(who.user, batch(*changes))

    def pull_all(self, who: Account, since: int = 0, limit: int = 500) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while True:
            page = self.store.pull(who.user, since, limit)
            out += page["changes"]
            if not page["more"]:
                return out
            since = page["next"]

    def pulled(self, who: Account, table: str, record_id: str) -> dict[str, Any] | None:
        found = [c for c in self.pull_all(who) if (c["table"], c["id"]) == (table, record_id)]
        assert len(found) <= 1
        return found[0] if found else None


def open_server(path: Path, **kwargs: Any) -> Server:
    store = ServerStore(path, **kwargs)

    def account(name: str, role: str, districts: list[str]) -> Account:
        token = store.add_user(name, role, districts)
        user = store.authenticate(token)
        assert user is not None
        return Account(user, token)

    return Server(
        store,
        account("office", "office", []),
        account("wang", "consultant", ["北仑"]),
        account("chen", "consultant", ["北仑"]),
        account("li", "consultant", ["镇海"]),
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = open_server(tmp_path / "central.sqlite")
    yield s
    s.store.close()


def new_id() -> str:
    return str(uuid.uuid4())


def enterprise(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "宁波甲机械有限公司",
        "credit_code": valid_code(f"91330206{uuid.uuid4().hex[:9].upper()}"),
        "district": "北仑",
        "industry": "通用设备制造业",
        "cluster": None,
        "above_scale": 1,
        "willing": 1,
        "employees": 120,
        "output_value": 8600.0,
        "tax": 310.5,
        "land_area": 25.0,
        "data_year": 2023,
        "address": "宁波市北仑区",
        "contact_person": "张三",
        "contact_phone": "0574-1234567",
        "per_mu_class": "B",
        "green_stars": None,
    }
    return {**data, **over}


def valid_code(first17: str) -> str:
    """A credit code with its check character: the server refuses one without (record.invalid)."""
    return first17 + check_character(first17)


def visit(enterprise_id: str, team: Sequence[str] = (), **over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "enterprise_id": enterprise_id,
        "date": "2024-03-28",
        "status": "draft",
        "revision": 1,
        "team": json.dumps(list(team), ensure_ascii=False),
        "organisation": "宁波节能中心",
        "areas": json.dumps(["energy", "water"]),
        "checklists": json.dumps({"energy": "2026.1", "water": "2026.1"}),
        "year": 2023,
        "output_value": 8600.0,
        "energy_use": "[]",
        "water_use": "[]",
        "water_reused_m3": None,
        "measures": "[]",
        "previous_id": None,
        "notes": "{}",
    }
    return {**data, **over}


def answer_data(visit_id: str, item: str, value: str, area: str = "energy") -> dict[str, Any]:
    return {"visit_id": visit_id, "area": area, "item": item, "value": value}


def finding_data(
    visit_id: str, text: str = "空压机房漏气", photos: Sequence[str] = ()
) -> dict[str, Any]:
    return {
        "visit_id": visit_id,
        "area": "energy",
        "item": "E03",
        "severity": "major",
        "text": text,
        "photos": json.dumps(list(photos)),
    }


def change(
    table: str,
    record_id: str,
    data: dict[str, Any],
    base_rev: int = 0,
    *,
    deleted: bool = False,
    resolves: Sequence[str] = (),
) -> dict[str, Any]:
    return {
        "table": table,
        "id": record_id,
        "base_rev": base_rev,
        "deleted": deleted,
        "data": data,
        "updated_at": AT,
        "resolves": list(resolves),
    }


def answer(visit_id: str, item: str, value: str, base_rev: int = 0) -> dict[str, Any]:
    data = answer_data(visit_id, item, value)
    return change("answers", answer_id(visit_id, "energy", item), data, base_rev)


def batch(*changes: dict[str, Any]) -> dict[str, Any]:
    return {"batch": new_id(), "changes": list(changes)}


def outcomes(response: dict[str, Any]) -> list[str]:
    return [r["outcome"] for r in response["results"]]


def visit_with_answers(
    server: Server, who: Account, team: Sequence[str] = (), n: int = 3
) -> tuple[str, str, dict[str, int]]:
    """An enterprise of 北仑, a visit of ``who`` and ``n`` answers: (enterprise, visit, revs)."""
    eid, vid = new_id(), new_id()
    # Number items of the energy checklist: the server checks each answer against its item.
    answers = [answer(vid, ("E03", "E04", "E05")[i], str(i * 100)) for i in range(n)]
    response = server.push(
        who,
        change("enterprises", eid, enterprise()),
        change("visits", vid, visit(eid, team)),
        *answers,
    )
    assert set(outcomes(response)) == {"created"}, response
    revs = {r["id"]: r["rev"] for r in response["results"]}
    return eid, vid, revs


def rows(store_path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(store_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


class AsgiClient:
    """Requests straight into the ASGI app, no network. Starlette's TestClient would do the same
    but warns about httpx (it wants httpx2); httpx's own ASGI transport needs only an event loop.
    A server error comes back as the 500 response a real server would send, not an exception."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                response = await c.request(method, url, **kwargs)
                await response.aread()
                return response

        return anyio.run(send)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)


class Api:
    def __init__(self, server: Server, client: AsgiClient) -> None:
        self.server = server
        self.client = client

    def headers(self, who: Account | str | None) -> dict[str, str]:
        if who is None:
            return {}
        token = who if isinstance(who, str) else who.token
        return {"Authorization": f"Bearer {token}"}

    def push(self, who: Account, body: object) -> Any:
        return self.client.post(f"{API}/push", json=body, headers=self.headers(who))

    def pull(self, who: Account, since: int = 0, limit: int = 500) -> Any:
        params = {"since": since, "limit": limit}
        return self.client.get(f"{API}/pull", params=params, headers=self.headers(who))

    def pulled(self, who: Account, record_id: str) -> dict[str, Any]:
        page = self.pull(who).json()
        assert not page["more"]
        [found] = [c for c in page["changes"] if c["id"] == record_id]
        return found  # type: ignore[no-any-return]


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    server = open_server(tmp_path / "central.sqlite", photo_limit=64 * 1024)
    app = create_app(server.store, max_push_bytes=256 * 1024)
    yield Api(server, AsgiClient(app))
    server.store.close()


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "reason", "reason_zh"}
    assert body["code"] == code
    assert body["code"] in CATALOGUE
    assert body["reason"] and body["reason_zh"]


class Loopback:
    """An ASGI app served by uvicorn on 127.0.0.1 (a free port) in a thread of this process."""

    def __init__(self, app: Any) -> None:
        config = uvicorn.Config(
            app, host="127.0.0.1", port=0, log_level="warning", lifespan="off", ws="none"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@contextmanager
def served(store: ServerStore) -> Iterator[str]:
    """The central server over ``store`` on loopback; yields its URL."""
    loop = Loopback(create_app(store))
    try:
        yield loop.url
    finally:
        loop.stop()
