"""A minimal in-memory server speaking docs/sync.md over ``httpx.MockTransport``, and helpers
to make laptops (a store, its photos, a client) for the sync client tests. No tests here."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from diagnosis.register.enterprise import Enterprise
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.photos import PhotoStore
from storage.sync.client import SyncClient
from storage.sync.transport import HttpTransport
from storage.visits import SqliteVisitRepository

SERVER = "http://sync.test"


@dataclass
class Record:
    rev: int
    deleted: bool
    data: dict[str, Any]
    by: str
    at: str
    conflicts: list[dict[str, Any]] = field(default_factory=list)


class FakeServer:
    """Records, versions, batches and photos; field-by-field merge against the base version."""

    def __init__(self) -> None:
        self.seq = 0
        self.records: dict[tuple[str, str], Record] = {}
        self.versions: dict[tuple[str, str, int], dict[str, Any]] = {}
        self.batches: dict[str, tuple[str, dict[str, Any]]] = {}
        self.photos: dict[str, bytearray] = {}
        self.tokens = {"tok-wang": "wang", "tok-chen": "chen"}
        self.pushes: list[dict[str, Any]] = []  # every body received, in order
        self.puts: list[tuple[str, int, int]] = []  # (sha, offset, length)
        self.lose_next_push_response = False
        self.cut_put_after: int | None = None  # bytes accepted before the connection breaks
        self.finalised: set[str] = set()  # visit ids whose changes become revisions
        self.reject_tables: set[str] = set()

    # --- transport ----------------------------------------------------------------------------

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        user = self.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
        if user is None:
            return httpx.Response(401, json={"code": "auth.invalid", "reason": "who are you"})
        path = request.url.path
        if path == "/api/v1/push":
            body = json.loads(request.content)
            response = self.push(user, body)
            if self.lose_next_push_response:
                self.lose_next_push_response = False
                raise httpx.ReadError("connection reset", request=request)
            return response
        if path == "/api/v1/pull":
            since, limit = int(request.url.params["since"]), int(request.url.params["limit"])
            return httpx.Response(200, json=self.pull(since, limit))
        if path == "/api/v1/me":
            return httpx.Response(200, json={"name": user, "role": "office", "districts": []})
        sha = path.split("/")[4]
        if path.endswith("/status"):
            return httpx.Response(200, json=self.status(sha))
        if request.method == "PUT":
            return self.put(request, sha, int(request.url.params["offset"]), request.content)
        if sha in self.photos and self.status(sha)["complete"]:
            return httpx.Response(200, content=bytes(self.photos[sha]))
        return httpx.Response(404, json={"code": "photo.missing", "reason": "no such photo"})

    # --- push ---------------------------------------------------------------------------------

    def push(self, user: str, body: dict[str, Any]) -> httpx.Response:
        self.pushes.append(body)
        content = json.dumps(body["changes"], sort_keys=True)
        if body["batch"] in self.batches:
            earlier, response = self.batches[body["batch"]]
            if earlier != content:
                return httpx.Response(409, json={"code": "batch.reused", "reason": "other"})
            return httpx.Response(200, json=response)
        results = [self._apply(user, change) for change in body["changes"]]
        response = {"batch": body["batch"], "seq": self.seq, "results": results}
        self.batches[body["batch"]] = (content, response)
        return httpx.Response(200, json=response)

    def _apply(self, user: str, change: dict[str, Any]) -> dict[str, Any]:
        table, rid, base = change["table"], change["id"], change["base_rev"]
        key = (table, rid)
        out = {"table": table, "id": rid, "conflicts": []}
        if table in self.reject_tables:
            return {**out, "outcome": "rejected", "code": "request.malformed", "reason": "no"}
        visit = rid if table == "visits" else change["data"].get("visit_id")
        if visit in self.finalised and key in self.records:
            self.seq += 1
            return {**out, "outcome": "revision", "rev": self.seq, "new_id": f"{visit}-r2"}
        current = self.records.get(key)
        if current is None:
            self._store(key, change["data"], change["deleted"], user)
            return {**out, "outcome": "created", "rev": self.seq}
        for f in change.get("resolves", []):
            current.conflicts = [c for c in current.conflicts if c["field"] != f]
        if current.data == change["data"] and current.deleted == change["deleted"]:
            return {**out, "outcome": "unchanged", "rev": current.rev}
        if base == current.rev:
            self._store(key, change["data"], change["deleted"], user, current.conflicts)
            return {**out, "outcome": "updated", "rev": self.seq}
        base_data = self.versions[(table, rid, base)]
        merged, conflicts = dict(current.data), []
        for f, mine in change["data"].items():
            was, theirs = base_data.get(f), current.data.get(f)
            if mine in (was, theirs):
                continue
            if theirs == was:
                merged[f] = mine
                continue
            conflicts.append(
                {
                    "id": f"c-{self.seq + 1}-{f}",
                    "field": f,
                    "base": was,
                    "ours": {"value": theirs, "by": current.by, "at": current.at},
                    "theirs": {"value": mine, "by": user, "at": change["updated_at"]},
                }
            )
        self._store(key, merged, current.deleted, user, current.conflicts + conflicts)
        outcome = "conflict" if conflicts else "merged"
        return {
            **out,
            "outcome": outcome,
            "rev": self.seq,
            "conflicts": [c["field"] for c in conflicts],
        }

    def _store(
        self,
        key: tuple[str, str],
        data: dict[str, Any],
        deleted: bool,
        user: str,
        conflicts: list[dict[str, Any]] | None = None,
    ) -> None:
        self.seq += 1
        at = f"2024-03-28T08:00:{self.seq:02d}Z"
        self.records[key] = Record(self.seq, deleted, dict(data), user, at, conflicts or [])
        self.versions[(*key, self.seq)] = dict(data)

    # --- pull and photos ----------------------------------------------------------------------

    def pull(self, since: int, limit: int) -> dict[str, Any]:
        newer = sorted(
            ((k, r) for k, r in self.records.items() if r.rev > since), key=lambda kr: kr[1].rev
        )
        page = newer[:limit]
        changes = [
            {
                "table": t,
                "id": i,
                "rev": r.rev,
                "deleted": r.deleted,
                "data": r.data,
                "updated_by": r.by,
                "updated_at": r.at,
                "conflicts": r.conflicts,
            }
            for (t, i), r in page
        ]
        nxt = page[-1][1].rev if page else since
        return {"seq": self.seq, "next": nxt, "more": len(newer) > limit, "changes": changes}

    def status(self, sha: str) -> dict[str, Any]:
        data = self.photos.get(sha, bytearray())
        complete = hashlib.sha256(bytes(data)).hexdigest() == sha
        return {"sha": sha, "size": len(data), "complete": complete}

    def put(self, request: httpx.Request, sha: str, offset: int, data: bytes) -> httpx.Response:
        have = self.photos.setdefault(sha, bytearray())
        if offset != len(have):
            return httpx.Response(422, json={"code": "request.malformed", "reason": "offset"})
        self.puts.append((sha, offset, len(data)))
        if self.cut_put_after is not None:
            have.extend(data[: self.cut_put_after])
            self.cut_put_after = None
            raise httpx.WriteError("cut", request=request)
        have.extend(data)
        status = self.status(sha)
        if "size" not in request.url.params and not status["complete"]:
            del self.photos[sha]  # the body was to run to the photo's end: discarded
            return httpx.Response(422, json={"code": "photo.mismatch", "reason": "hash"})
        return httpx.Response(200, json=status)


# --- laptops -------------------------------------------------------------------------------------


@dataclass
class Laptop:
    store: Store
    photos: PhotoStore
    client: SyncClient

    @property
    def conn(self) -> Any:
        return self.store.conn

    def row(self, table: str, rid: str, columns: str = "*") -> Any:
        return self.conn.execute(f"SELECT {columns} FROM {table} WHERE id = ?", [rid]).fetchone()

    def visits(self) -> SqliteVisitRepository:
        return SqliteVisitRepository(self.store)

    def sync(self) -> Any:
        return self.client.sync(lambda stage, done, total: None)


def laptop(tmp: Path, name: str, server: FakeServer, token: str | None = None) -> Laptop:
    store = Store(tmp / name / "store.sqlite", user=name)
    photos = PhotoStore(tmp / name / "photos")
    transport = HttpTransport(SERVER, token or f"tok-{name}", transport=server.transport())
    return Laptop(store, photos, SyncClient(store, transport, photos, page_size=3))


def add_enterprise(lap: Laptop, eid: str = "e1", name: str = "宁波甬明精密机械有限公司") -> None:
    e = Enterprise(name=name, credit_code="91330200711192037M", district="北仑区", id=eid)
    SqliteEnterpriseRepository(lap.store).save([e], [])


def add_visit(lap: Laptop, vid: str = "v1", eid: str = "e1") -> None:
    lap.store.write(
        "visits", [{"id": vid, "enterprise_id": eid, "date": "2024-03-28", "team": '["wang"]'}]
    )


def add_finding(lap: Laptop, fid: str, photos: list[str], vid: str = "v1") -> None:
    row = {"id": fid, "visit_id": vid, "area": "energy", "severity": "major", "text": "漏气"}
    lap.store.write("findings", [{**row, "photos": json.dumps(photos)}])
