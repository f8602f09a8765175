"""Every number and address a request carries is bounded before it reaches SQLite (issue 14,
deliverable 7): a ``since`` past 64 bits answered 500 in-process and cut the connection of the
real server; now each is 422 ``request.malformed``, and the contract states the bounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.sync.errors import SyncRefusal
from storage.sync.server_db import ServerStore
from tests.storage.sync.conftest import ServerProcess
from tests.storage.sync.test_server_support import API, Api, assert_error
from tests.storage.sync.test_server_support import api as api

INT64_MAX = 2**63 - 1
SHA = "ab" * 32


@pytest.mark.parametrize("since", [2**63, 2**70, 10**30, -1])
def test_pull_since_beyond_64_bits_is_malformed(api: Api, since: int) -> None:
    response = api.client.get(
        f"{API}/pull", params={"since": since}, headers=api.headers(api.server.office)
    )
    assert_error(response, 422, "request.malformed")
    assert "since" in response.json()["reason"]


def test_pull_since_at_the_largest_64_bit_number_is_an_empty_page(api: Api) -> None:
    response = api.pull(api.server.office, since=INT64_MAX)
    assert response.status_code == 200, response.text
    assert response.json()["changes"] == []


@pytest.mark.parametrize("limit", [0, 1001, 2**63, 2**70])
def test_pull_limit_out_of_range_is_malformed(api: Api, limit: int) -> None:
    response = api.client.get(
        f"{API}/pull", params={"limit": limit}, headers=api.headers(api.server.office)
    )
    assert_error(response, 422, "request.malformed")
    assert "limit" in response.json()["reason"]


def test_store_pull_refuses_since_beyond_64_bits(tmp_path: Path) -> None:
    # The offline bundle's import passes a request's since straight to the store.
    with ServerStore(tmp_path / "central.sqlite") as store:
        token = store.add_user("office", "office", [])
        user = store.authenticate(token)
        assert user is not None
        with pytest.raises(SyncRefusal) as refused:
            store.pull(user, 2**63, 10)
        assert refused.value.code == "request.malformed"
        assert store.pull(user, INT64_MAX, 10)["changes"] == []


@pytest.mark.parametrize(
    ("name", "value"), [("offset", 2**63), ("offset", 2**70), ("size", 2**63), ("size", 2**80)]
)
def test_photo_offset_and_size_beyond_64_bits_are_malformed(
    api: Api, name: str, value: int
) -> None:
    response = api.client.put(
        f"{API}/photos/{SHA}",
        params={name: value},
        content=b"x",
        headers=api.headers(api.server.wang),
    )
    assert_error(response, 422, "request.malformed")
    assert name in response.json()["reason"]


def test_photo_size_over_the_limit_within_64_bits_stays_too_large(api: Api) -> None:
    response = api.client.put(
        f"{API}/photos/{SHA}",
        params={"size": INT64_MAX},
        content=b"x",
        headers=api.headers(api.server.wang),
    )
    assert_error(response, 413, "photo.too_large")


@pytest.mark.parametrize("year", [2**63, 2**70, 1899, 2101])
def test_stats_year_out_of_range_is_malformed(api: Api, year: int) -> None:
    response = api.client.get(
        f"{API}/stats", params={"year": year}, headers=api.headers(api.server.office)
    )
    assert_error(response, 422, "request.malformed")


@pytest.mark.parametrize("sha", ["AB" * 32, "ab" * 31, "ab" * 33, "g" * 64, "ab" * 32 + "%0A"])
@pytest.mark.parametrize("path", ["/photos/{}", "/photos/{}/status"])
def test_photo_address_that_is_not_a_sha256_is_malformed(api: Api, sha: str, path: str) -> None:
    response = api.client.get(API + path.format(sha), headers=api.headers(api.server.wang))
    assert_error(response, 422, "request.malformed")


def test_contract_states_bounds_formats_and_patterns(api: Api) -> None:
    contract = api.client.get("/openapi.json").json()
    paths = contract["paths"]

    def param(path: str, method: str, name: str) -> dict[str, object]:
        [found] = [p for p in paths[API + path][method]["parameters"] if p["name"] == name]
        schema = found["schema"]
        assert isinstance(schema, dict)
        return schema

    assert param("/pull", "get", "since")["maximum"] == INT64_MAX
    assert param("/pull", "get", "limit")["maximum"] == 1000
    assert param("/photos/{sha}", "put", "offset")["maximum"] == INT64_MAX
    size = param("/photos/{sha}", "put", "size")
    assert any(s.get("maximum") == INT64_MAX for s in size.get("anyOf", [size]))  # type: ignore[attr-defined]
    for path, method in [
        ("/photos/{sha}", "get"),
        ("/photos/{sha}", "put"),
        ("/photos/{sha}/status", "get"),
    ]:
        assert param(path, method, "sha")["pattern"] == "^[0-9a-f]{64}$"
    schemas = contract["components"]["schemas"]
    assert schemas["PushRequest"]["properties"]["batch"]["format"] == "uuid"
    change = schemas["Change"]["properties"]
    assert change["id"]["format"] == "uuid"
    assert change["updated_at"]["format"] == "date-time"
    assert change["base_rev"]["minimum"] == 0
    assert schemas["PulledRecord"]["properties"]["id"]["format"] == "uuid"
    assert schemas["PhotoStatus"]["properties"]["sha"]["pattern"] == "^[0-9a-f]{64}$"


def test_real_server_answers_422_for_since_beyond_64_bits(sync_server: ServerProcess) -> None:
    token = sync_server.add_user("office")
    with sync_server.client(token) as client:
        for since in (2**63, 2**70):
            response = client.get(f"{API}/pull", params={"since": since})
            assert_error(response, 422, "request.malformed")
        sha = client.get(f"{API}/photos/{'Z' * 64}/status")
        assert_error(sha, 422, "request.malformed")
        assert client.get(f"{API}/pull", params={"since": INT64_MAX}).status_code == 200
