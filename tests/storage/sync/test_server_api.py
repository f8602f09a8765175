"""The central server's HTTP API in-process (no network): authentication, every kind of bad input
answered with a 4xx and a catalogue code (never a 500), push and pull as docs/sync.md shows them,
and the published OpenAPI contract."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from storage.sync.errors import CATALOGUE
from storage.sync.server_fields import answer_id
from tests.storage.sync.test_server_support import (
    API,
    Api,
    answer,
    assert_error,
    batch,
    change,
    enterprise,
    new_id,
    outcomes,
    visit,
)

# The fixture, imported under its own name so pytest finds them here.
from tests.storage.sync.test_server_support import api as api

ROOT = Path(__file__).resolve().parents[3]


# -- authentication --------------------------------------------------------------------------


def test_health_needs_no_token(api: Api) -> None:
    response = api.client.get(f"{API}/health")
    assert response.json() == {"status": "ok", "protocol": 1}


def test_me_names_the_account(api: Api) -> None:
    response = api.client.get(f"{API}/me", headers=api.headers(api.server.wang))
    assert response.json() == {"name": "wang", "role": "consultant", "districts": ["北仑"]}


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "auth.missing"),
        ({"Authorization": "Basic d2FuZzp4"}, "auth.missing"),
        ({"Authorization": "Bearer "}, "auth.missing"),
        ({"Authorization": "Bearer not-a-token"}, "auth.invalid"),
    ],
)
def test_requests_without_a_valid_token_get_401(
    api: Api, headers: dict[str, str], code: str
) -> None:
    for method, url in [
        ("GET", f"{API}/me"),
        ("GET", f"{API}/pull"),
        ("POST", f"{API}/push"),
        ("GET", f"{API}/photos/{'a' * 64}/status"),
        ("PUT", f"{API}/photos/{'a' * 64}"),
        ("GET", f"{API}/photos/{'a' * 64}"),
    ]:
        response = api.client.request(method, url, headers=headers)
        assert_error(response, 401, code)
        assert response.headers["www-authenticate"] == "Bearer"


def test_revoked_token_gets_401(api: Api) -> None:
    assert api.pull(api.server.chen).status_code == 200
    api.server.store.revoke("chen")
    assert_error(api.pull(api.server.chen), 401, "auth.invalid")


def test_office_lists_the_accounts_without_token_hashes(api: Api) -> None:
    response = api.client.get(f"{API}/users", headers=api.headers(api.server.office))
    assert response.status_code == 200, response.text
    users = response.json()
    assert [u["name"] for u in users] == ["chen", "li", "office", "wang"]
    for u in users:
        assert set(u) == {"name", "role", "districts", "created_at", "revoked", "revoked_at"}
    assert users[3]["role"] == "consultant" and users[3]["districts"] == ["北仑"]
    assert "hash" not in response.text and api.server.wang.token not in response.text


def test_a_consultant_may_not_list_the_accounts(api: Api) -> None:
    response = api.client.get(f"{API}/users", headers=api.headers(api.server.wang))
    assert_error(response, 403, "auth.forbidden")
    assert "office" in response.json()["reason"]


def test_listing_the_accounts_needs_a_token(api: Api) -> None:
    response = api.client.get(f"{API}/users")
    assert_error(response, 401, "auth.missing")
    assert response.headers["www-authenticate"] == "Bearer"


def test_cross_district_enterprise_is_forbidden(api: Api) -> None:
    body = batch(change("enterprises", new_id(), enterprise(district="镇海")))
    response = api.push(api.server.wang, body)
    assert response.status_code == 200  # one change refused; the batch itself is fine
    [result] = response.json()["results"]
    assert (result["outcome"], result["code"]) == ("rejected", "auth.forbidden")
    assert CATALOGUE[result["code"]][0] == 403
    assert "镇海" in result["reason"]


def test_another_consultants_visit_is_forbidden(api: Api) -> None:
    eid, vid = new_id(), new_id()
    api.push(
        api.server.wang,
        batch(change("enterprises", eid, enterprise()), change("visits", vid, visit(eid))),
    )
    edit = change("visits", vid, visit(eid, organisation="别人"), 2)
    [result] = api.push(api.server.chen, batch(edit)).json()["results"]
    assert (result["outcome"], result["code"]) == ("rejected", "auth.forbidden")
    assert all(c["id"] != vid for c in api.pull(api.server.chen).json()["changes"])


# -- bad input -------------------------------------------------------------------------------


def raw_push(api: Api, content: bytes, **headers: str) -> Any:
    return api.client.post(
        f"{API}/push", content=content, headers={**api.headers(api.server.wang), **headers}
    )


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"not json", b"\xff\xfe\x00", b"[" * 100_000 + b"]" * 100_000, b'{"a": NaN}'],
)
def test_body_that_is_not_json_gets_400(api: Api, content: bytes) -> None:
    assert_error(raw_push(api, content), 400, "request.malformed")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("a string", "body"),
        ({"batch": 7, "changes": []}, "batch"),
        ({"batch": new_id(), "changes": {"table": "visits"}}, "changes"),
        ({"batch": new_id(), "changes": [{"table": "visits", "id": 5}]}, "changes[0].id"),
        ({"batch": new_id(), "changes": [{"table": "visits", "id": "x"}]}, "base_rev"),
    ],
)
def test_wrong_types_and_missing_fields_get_422(api: Api, body: object, field: str) -> None:
    response = api.push(api.server.wang, body)
    assert_error(response, 422, "request.malformed")
    assert field in response.json()["reason"]


def test_unknown_table_is_rejected_with_its_code(api: Api) -> None:
    body = batch(change("plans", new_id(), {}), change("enterprises", new_id(), enterprise()))
    response = api.push(api.server.wang, body)
    assert response.status_code == 200
    assert outcomes(response.json()) == ["rejected", "created"]
    assert response.json()["results"][0]["code"] == "request.malformed"


def test_more_than_500_changes_gets_413(api: Api) -> None:
    body = batch(*(change("answers", new_id(), {}) for _ in range(501)))
    assert_error(api.push(api.server.wang, body), 413, "batch.too_large")


def test_huge_body_gets_413_before_it_is_read(api: Api) -> None:
    huge = b'{"batch": "' + b"x" * 300_000 + b'"}'
    assert_error(raw_push(api, huge), 413, "batch.too_large")

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b" " * 10_000

    response = api.client.post(
        f"{API}/push", content=chunks(), headers=api.headers(api.server.wang)
    )
    assert_error(response, 413, "batch.too_large")


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("GET", f"{API}/pull?since=abc", 422, "request.malformed"),
        ("GET", f"{API}/pull?since=-1", 422, "request.malformed"),
        ("GET", f"{API}/pull?limit=1001", 422, "request.malformed"),
        ("GET", f"{API}/photos/NOT-A-SHA/status", 422, "request.malformed"),
        ("GET", f"{API}/photos/{'A' * 64}", 422, "request.malformed"),
        ("PUT", f"{API}/photos/{'a' * 64}?offset=x", 422, "request.malformed"),
        ("GET", f"{API}/photos/{'a' * 64}", 404, "photo.missing"),
        ("GET", f"{API}/nothing-here", 404, "not_found"),
        ("DELETE", f"{API}/push", 405, "request.malformed"),
    ],
)
def test_bad_requests_get_a_4xx_with_a_code(
    api: Api, method: str, url: str, status: int, code: str
) -> None:
    response = api.client.request(method, url, headers=api.headers(api.server.wang))
    assert_error(response, status, code)


# -- push and pull ---------------------------------------------------------------------------


def test_push_create_update_unchanged_over_http(api: Api) -> None:
    eid = new_id()
    data = enterprise()
    first = api.push(api.server.wang, batch(change("enterprises", eid, data))).json()
    assert first["results"] == [
        {"table": "enterprises", "id": eid, "outcome": "created", "rev": 1, "conflicts": []}
    ]
    second = api.push(api.server.wang, batch(change("enterprises", eid, {**data, "tax": 1.0}, 1)))
    assert outcomes(second.json()) == ["updated"]
    third = api.push(api.server.wang, batch(change("enterprises", eid, {**data, "tax": 1.0}, 2)))
    assert outcomes(third.json()) == ["unchanged"]
    assert api.pulled(api.server.chen, eid)["data"]["tax"] == 1.0


def test_conflict_reaches_both_users_and_resolves(api: Api) -> None:
    eid = new_id()
    data = enterprise()
    api.push(api.server.wang, batch(change("enterprises", eid, data)))
    api.push(api.server.wang, batch(change("enterprises", eid, {**data, "name": "甲"}, 1)))
    merged = api.push(api.server.chen, batch(change("enterprises", eid, {**data, "tax": 9.0}, 1)))
    assert outcomes(merged.json()) == ["merged"]
    clash = api.push(api.server.chen, batch(change("enterprises", eid, {**data, "name": "乙"}, 1)))
    assert clash.json()["results"][0]["conflicts"] == ["name"]
    for who in (api.server.wang, api.server.chen):
        record = api.pulled(who, eid)
        assert (record["data"]["name"], record["data"]["tax"]) == ("甲", 9.0)
        [c] = record["conflicts"]
        assert (c["ours"]["value"], c["theirs"]["value"], c["base"]) == ("甲", "乙", data["name"])
    rev = api.pulled(api.server.chen, eid)["rev"]
    settle = change("enterprises", eid, {**data, "name": "乙", "tax": 9.0}, rev, resolves=["name"])
    assert outcomes(api.push(api.server.chen, batch(settle)).json()) == ["updated"]
    assert api.pulled(api.server.wang, eid)["conflicts"] == []


def test_resent_batch_gets_identical_bytes_and_reuse_gets_409(api: Api) -> None:
    body = batch(change("enterprises", new_id(), enterprise()))
    first = api.push(api.server.wang, body)
    again = api.push(api.server.wang, body)
    assert again.status_code == 200
    assert again.content == first.content
    assert api.pull(api.server.office).json()["seq"] == 1
    other = {**body, "changes": [change("enterprises", new_id(), enterprise())]}
    assert_error(api.push(api.server.wang, other), 409, "batch.reused")


def test_revision_outcome_over_http(api: Api) -> None:
    eid, vid = new_id(), new_id()
    made = api.push(
        api.server.wang,
        batch(
            change("enterprises", eid, enterprise()),
            change("visits", vid, visit(eid, ["chen"])),
            answer(vid, "E04", "1"),
        ),
    ).json()
    vrev, arev = made["results"][1]["rev"], made["results"][2]["rev"]
    api.push(
        api.server.wang,
        batch(change("visits", vid, visit(eid, ["chen"], status="finalised"), vrev)),
    )
    late = api.push(api.server.chen, batch(answer(vid, "E04", "2", arev))).json()
    [result] = late["results"]
    assert result["outcome"] == "revision"
    new_visit = result["new_id"]
    answers = {
        c["id"]: c["data"]["value"]
        for c in api.pull(api.server.wang).json()["changes"]
        if c["table"] == "answers"
    }
    assert answers == {
        answer_id(vid, "energy", "E04"): "1",
        answer_id(new_visit, "energy", "E04"): "2",
    }


def test_pull_pages_over_http(api: Api) -> None:
    ids = {new_id() for _ in range(25)}
    api.push(api.server.office, batch(*(change("enterprises", i, enterprise()) for i in ids)))
    seen: list[str] = []
    since = 0
    while True:
        page = api.pull(api.server.chen, since, 10).json()
        seen += [c["id"] for c in page["changes"]]
        if not page["more"]:
            break
        since = page["next"]
    assert sorted(seen) == sorted(ids)


# -- the contract ----------------------------------------------------------------------------


def test_openapi_copy_in_docs_is_current(api: Api) -> None:
    published = api.client.get("/openapi.json").json()
    paths = set(published["paths"])
    assert {f"{API}/push", f"{API}/pull", f"{API}/me", f"{API}/health"} <= paths
    assert "PushRequest" in published["components"]["schemas"]
    copy = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert copy == published, "docs/openapi.json is stale: run .venv/bin/python scripts/openapi.py"
