"""The central store without HTTP: accounts, push outcomes, merges and conflicts, resolution,
idempotent batches, rejected changes, pull paging, and the file itself."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from storage.database import Store, StoreError
from storage.sync.errors import SyncRefusal
from storage.sync.server_db import ServerStore, UserError
from tests.storage.sync.test_server_support import (
    Server,
    answer,
    batch,
    change,
    enterprise,
    new_id,
    open_server,
    outcomes,
    rows,
    visit_with_answers,
)

# The fixture, imported under its own name so pytest finds them here.
from tests.storage.sync.test_server_support import server as server

# -- accounts --------------------------------------------------------------------------------


def test_accounts_keep_only_token_hashes(server: Server, tmp_path: Path) -> None:
    listed = {u["name"]: u for u in server.store.list_users()}
    assert listed["wang"] == {
        "name": "wang",
        "role": "consultant",
        "districts": ["北仑"],
        "created_at": listed["wang"]["created_at"],
        "revoked": False,
        "revoked_at": None,
    }
    raw = (tmp_path / "central.sqlite").read_bytes()
    assert server.wang.token.encode() not in raw
    stored = rows(tmp_path / "central.sqlite", "SELECT token_hash FROM users WHERE name = 'wang'")
    assert stored == [(hashlib.sha256(server.wang.token.encode()).hexdigest(),)]


def test_accounts_refuse_bad_names_roles_and_duplicates(server: Server) -> None:
    for name, role in [("wang", "consultant"), ("", "office"), ("a b", "office"), ("x", "boss")]:
        with pytest.raises(UserError):
            server.store.add_user(name, role, [])


def test_a_token_never_starts_with_a_dash(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    # `sync --token -abc` would read the token as an option.
    made = iter(["-starts-like-an-option", "plain_token"])
    monkeypatch.setattr("storage.sync.server_db.secrets.token_urlsafe", lambda n: next(made))
    assert server.store.add_user("newcomer", "office", []) == "plain_token"
    assert server.store.authenticate("plain_token") is not None


def test_revoke_stops_the_token_at_once(server: Server) -> None:
    assert server.store.authenticate(server.chen.token) == server.chen.user
    assert server.store.revoke("chen") is True
    assert server.store.authenticate(server.chen.token) is None
    assert server.store.revoke("nobody") is False
    assert server.store.authenticate("not-a-token") is None


# -- push: outcomes --------------------------------------------------------------------------


def test_push_creates_updates_and_recognises_unchanged(server: Server) -> None:
    eid = new_id()
    data = enterprise()
    first = server.push(server.wang, change("enterprises", eid, data))
    assert outcomes(first) == ["created"]
    rev = first["results"][0]["rev"]
    assert first["seq"] == rev
    second = server.push(server.wang, change("enterprises", eid, {**data, "employees": 130}, rev))
    assert outcomes(second) == ["updated"]
    assert second["results"][0]["rev"] > rev
    rev2 = second["results"][0]["rev"]
    third = server.push(server.wang, change("enterprises", eid, {**data, "employees": 130}, rev2))
    assert outcomes(third) == ["unchanged"]
    assert third["results"][0]["rev"] == rev2
    pulled = server.pulled(server.chen, "enterprises", eid)
    assert pulled is not None
    assert pulled["data"]["employees"] == 130
    assert pulled["rev"] == rev2
    assert pulled["updated_by"] == "wang"


def test_push_merges_fields_changed_on_different_sides(server: Server, tmp_path: Path) -> None:
    eid = new_id()
    data = enterprise()
    rev = server.push(server.wang, change("enterprises", eid, data))["results"][0]["rev"]
    server.push(server.wang, change("enterprises", eid, {**data, "employees": 130}, rev))
    merged = server.push(server.chen, change("enterprises", eid, {**data, "tax": 400.0}, rev))
    assert outcomes(merged) == ["merged"]
    assert merged["results"][0]["conflicts"] == []
    pulled = server.pulled(server.wang, "enterprises", eid)
    assert pulled is not None
    assert (pulled["data"]["employees"], pulled["data"]["tax"]) == (130, 400.0)
    assert pulled["conflicts"] == []
    soft = rows(
        tmp_path / "central.sqlite",
        "SELECT soft FROM versions WHERE id = ? AND outcome = 'merged'",
        eid,
    )
    assert json.loads(soft[0][0]) == ["employees", "tax"]


def test_push_same_field_both_sides_is_a_conflict_seen_by_everyone(
    server: Server, tmp_path: Path
) -> None:
    eid = new_id()
    data = enterprise()
    rev = server.push(server.wang, change("enterprises", eid, data))["results"][0]["rev"]
    server.push(server.wang, change("enterprises", eid, {**data, "employees": 130}, rev))
    response = server.push(server.chen, change("enterprises", eid, {**data, "employees": 150}, rev))
    assert outcomes(response) == ["conflict"]
    assert response["results"][0]["conflicts"] == ["employees"]
    for who in (server.wang, server.chen, server.office):
        pulled = server.pulled(who, "enterprises", eid)
        assert pulled is not None
        assert pulled["data"]["employees"] == 130  # the first value stays
        [conflict] = pulled["conflicts"]
        assert conflict["field"] == "employees"
        assert conflict["base"] == 120
        assert conflict["ours"]["value"] == 130
        assert conflict["ours"]["by"] == "wang"
        assert conflict["theirs"]["value"] == 150
        assert conflict["theirs"]["by"] == "chen"
        assert conflict["id"].startswith("c-")
    versions = rows(
        tmp_path / "central.sqlite",
        "SELECT json_extract(data, '$.employees'), json_extract(received, '$.employees') "
        "FROM versions WHERE id = ? ORDER BY rev",
        eid,
    )
    assert versions == [(120, 120), (130, 130), (130, 150)]  # every version, and what came


def test_push_delete_against_edit_conflicts_on_deleted(server: Server) -> None:
    eid = new_id()
    data = enterprise()
    rev = server.push(server.wang, change("enterprises", eid, data))["results"][0]["rev"]
    server.push(server.wang, change("enterprises", eid, {**data, "employees": 130}, rev))
    response = server.push(server.chen, change("enterprises", eid, data, rev, deleted=True))
    assert outcomes(response) == ["conflict"]
    assert response["results"][0]["conflicts"] == ["deleted"]
    pulled = server.pulled(server.chen, "enterprises", eid)
    assert pulled is not None
    assert pulled["deleted"] is False
    assert pulled["data"]["employees"] == 130
    [conflict] = pulled["conflicts"]
    assert (conflict["field"], conflict["ours"]["value"], conflict["theirs"]["value"]) == (
        "deleted",
        False,
        True,
    )


def test_resolve_closes_the_conflict_and_audits_it(server: Server, tmp_path: Path) -> None:
    eid = new_id()
    data = enterprise()
    rev = server.push(server.wang, change("enterprises", eid, data))["results"][0]["rev"]
    server.push(server.wang, change("enterprises", eid, {**data, "employees": 130}, rev))
    conflict = server.push(server.chen, change("enterprises", eid, {**data, "employees": 150}, rev))
    current = conflict["results"][0]["rev"]
    chosen = {**data, "employees": 150}
    resolved = server.push(
        server.chen, change("enterprises", eid, chosen, current, resolves=["employees"])
    )
    assert outcomes(resolved) == ["updated"]
    for who in (server.wang, server.chen):
        pulled = server.pulled(who, "enterprises", eid)
        assert pulled is not None
        assert pulled["conflicts"] == []
        assert pulled["data"]["employees"] == 150
    audit = rows(tmp_path / "central.sqlite", "SELECT who, action, detail FROM audit")
    resolves = [(w, json.loads(d)) for w, a, d in audit if a == "conflict.resolve"]
    assert [(w, d["field"], d["value"]) for w, d in resolves] == [("chen", "employees", 150)]
    status = rows(tmp_path / "central.sqlite", "SELECT status, resolved_by FROM conflicts")
    assert status == [("resolved", "chen")]


def test_resolve_keeping_our_value_still_closes_the_conflict(server: Server) -> None:
    eid = new_id()
    data = enterprise()
    rev = server.push(server.wang, change("enterprises", eid, data))["results"][0]["rev"]
    server.push(server.wang, change("enterprises", eid, {**data, "employees": 130}, rev))
    conflict = server.push(server.chen, change("enterprises", eid, {**data, "employees": 150}, rev))
    current = conflict["results"][0]["rev"]
    kept = {**data, "employees": 130}
    response = server.push(
        server.wang, change("enterprises", eid, kept, current, resolves=["employees"])
    )
    assert outcomes(response) == ["updated"]
    assert response["results"][0]["rev"] > current  # a new version carries the resolution
    pulled = server.pulled(server.chen, "enterprises", eid)
    assert pulled is not None
    assert pulled["conflicts"] == []


# -- push: batches ---------------------------------------------------------------------------


def test_resent_batch_returns_the_same_response_and_changes_nothing(
    server: Server, tmp_path: Path
) -> None:
    body = batch(change("enterprises", new_id(), enterprise()))
    first = server.store.push(server.wang.user, body)
    again = server.store.push(server.wang.user, json.loads(json.dumps(body)))
    assert again == first
    assert json.dumps(again) == json.dumps(first)
    assert server.store.seq() == first["seq"]
    assert rows(tmp_path / "central.sqlite", "SELECT COUNT(*) FROM versions") == [(1,)]


def test_batch_id_reused_for_other_changes_is_refused(server: Server) -> None:
    body = batch(change("enterprises", new_id(), enterprise()))
    server.store.push(server.wang.user, body)
    other = {**body, "changes": [change("enterprises", new_id(), enterprise())]}
    with pytest.raises(SyncRefusal) as refused:
        server.store.push(server.wang.user, other)
    assert (refused.value.code, refused.value.status) == ("batch.reused", 409)
    with pytest.raises(SyncRefusal):  # another account cannot take over a batch id either
        server.store.push(server.chen.user, body)


def test_batch_is_all_or_nothing(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.sync import server_push

    real = server_push.Push.one
    calls: list[int] = []

    def failing(self: server_push.Push, c: Any) -> dict[str, Any]:
        calls.append(c.index)
        if len(calls) == 2:
            raise RuntimeError("disk unplugged")
        return real(self, c)

    monkeypatch.setattr(server_push.Push, "one", failing)
    body = batch(*(change("enterprises", new_id(), enterprise()) for _ in range(3)))
    with pytest.raises(RuntimeError):
        server.store.push(server.wang.user, body)
    monkeypatch.undo()
    assert server.store.seq() == 0
    assert server.pull_all(server.office) == []
    assert outcomes(server.store.push(server.wang.user, body)) == ["created"] * 3


def test_concurrent_pushes_never_interleave(server: Server) -> None:
    results: list[dict[str, Any]] = []

    def push(n: int) -> None:
        body = batch(*(change("enterprises", new_id(), enterprise()) for _ in range(20)))
        results.append(server.store.push(server.wang.user, body))

    threads = [threading.Thread(target=push, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for response in results:
        revs = [r["rev"] for r in response["results"]]
        assert revs == list(range(revs[0], revs[0] + 20))  # one batch, one unbroken run
    assert server.store.seq() == 80


# -- push: rejected changes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda c: c.update(table="plans"), "unknown table"),
        (lambda c: c["data"].update(colour="red"), "unknown field 'colour'"),
        (lambda c: c["data"].pop("name"), "data.name: missing"),
        (lambda c: c["data"].update(employees="many"), "data.employees"),
        (lambda c: c["data"].update(output_value=float("nan")), "data.output_value"),
        (lambda c: c.update(id="not-a-uuid"), "id: must be a UUID"),
        (lambda c: c.update(updated_at="yesterday"), "updated_at"),
        (lambda c: c.update(resolves=["colour"]), "resolves"),
    ],
)
def test_invalid_change_is_rejected_and_the_rest_applies(
    server: Server, mutate: Any, words: str
) -> None:
    bad = change("enterprises", new_id(), enterprise())
    mutate(bad)
    good = change("enterprises", new_id(), enterprise())
    response = server.push(server.wang, bad, good)
    assert outcomes(response) == ["rejected", "created"]
    rejected = response["results"][0]
    assert rejected["code"] == "request.malformed"
    assert words in rejected["reason"]
    assert rejected["reason_zh"]


def test_answer_id_must_derive_from_its_question(server: Server) -> None:
    _eid, vid, _revs = visit_with_answers(server, server.wang, n=0)
    wrong = change("answers", new_id(), answer(vid, "E01", "1")["data"])
    assert outcomes(server.push(server.wang, wrong)) == ["rejected"]


def test_change_based_on_a_future_revision_is_rejected(server: Server) -> None:
    eid = new_id()
    server.push(server.wang, change("enterprises", eid, enterprise()))
    response = server.push(server.wang, change("enterprises", eid, enterprise(), 99))
    assert response["results"][0]["code"] == "request.malformed"


def test_second_enterprise_with_a_used_credit_code_is_refused(server: Server) -> None:
    data = enterprise()
    server.push(server.wang, change("enterprises", new_id(), data))
    response = server.push(server.chen, change("enterprises", new_id(), data))
    assert response["results"][0]["code"] == "record.duplicate"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([], "body"),
        ({"changes": []}, "batch"),
        ({"batch": "b-1", "changes": []}, "batch"),
        ({"batch": new_id()}, "changes"),
        ({"batch": new_id(), "changes": [1]}, "changes[0]"),
        ({"batch": new_id(), "changes": [{"table": "visits"}]}, "changes[0].id"),
        (
            {"batch": new_id(), "changes": [{**change("visits", new_id(), {}), "base_rev": -1}]},
            "base_rev",
        ),
        (
            {"batch": new_id(), "changes": [{**change("visits", new_id(), {}), "deleted": 0}]},
            "deleted",
        ),
        ({"batch": new_id(), "changes": [{**change("visits", new_id(), {}), "data": []}]}, "data"),
    ],
)
def test_malformed_batch_is_refused_naming_the_field(
    server: Server, body: object, field: str
) -> None:
    with pytest.raises(SyncRefusal) as refused:
        server.store.push(server.wang.user, body)
    assert refused.value.code == "request.malformed"
    assert field in refused.value.reason
    assert server.store.seq() == 0


def test_more_than_500_changes_is_too_large(server: Server) -> None:
    body = batch(*(change("enterprises", new_id(), enterprise()) for _ in range(501)))
    with pytest.raises(SyncRefusal) as refused:
        server.store.push(server.wang.user, body)
    assert (refused.value.code, refused.value.status) == ("batch.too_large", 413)


# -- pull ------------------------------------------------------------------------------------


def test_pull_pages_return_every_record_exactly_once(server: Server) -> None:
    for _ in range(3):
        server.push(server.wang, *(change("enterprises", new_id(), enterprise()) for _ in range(7)))
    server.push(server.office, change("enterprises", new_id(), enterprise(district="镇海")))
    seen: list[str] = []
    since, pages = 0, 0
    while True:
        page = server.store.pull(server.wang.user, since, 4)
        pages += 1
        assert len(page["changes"]) <= 4
        revs = [c["rev"] for c in page["changes"]]
        assert revs == sorted(revs)
        seen += [c["id"] for c in page["changes"]]
        if not page["more"]:
            assert page["next"] == page["seq"] == server.store.seq()
            break
        since = page["next"]
    assert pages == 6
    assert len(seen) == len(set(seen)) == 21
    assert server.store.pull(server.wang.user, page["next"], 4)["changes"] == []


def test_pull_refuses_bad_paging(server: Server) -> None:
    for since, limit in [(-1, 10), (0, 0), (0, 1001)]:
        with pytest.raises(SyncRefusal):
            server.store.pull(server.wang.user, since, limit)


# -- the file --------------------------------------------------------------------------------


def test_reopened_store_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "central.sqlite"
    s = open_server(path)
    body = batch(change("enterprises", new_id(), enterprise()))
    first = s.store.push(s.wang.user, body)
    s.store.close()
    with ServerStore(path) as again:
        wang = again.authenticate(s.wang.token)
        assert wang is not None
        assert again.push(wang, body) == first
        assert len(again.pull(wang, 0, 10)["changes"]) == 1
    journal = rows(path, "PRAGMA journal_mode")
    assert journal == [("wal",)]
    sets = rows(path, "SELECT DISTINCT migration_set FROM _sqlite_migrations")
    assert sets == [("diagnosis-server",)]


def test_desktop_store_is_not_opened_as_central(tmp_path: Path) -> None:
    path = tmp_path / "laptop.sqlite"
    Store(path, user="wang").close()
    with pytest.raises(StoreError):
        ServerStore(path)
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database")
    with pytest.raises(StoreError):
        ServerStore(foreign)
