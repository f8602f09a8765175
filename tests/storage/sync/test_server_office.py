"""The office figures on the central server: ``GET /api/v1/stats`` and ``stats --store`` answer
what ``stats --json`` answers on an office laptop that pulled everything. A demo laptop pushes
through the real server on loopback (uvicorn on 127.0.0.1, requests on its thread pool); the
refusals are asked of the app in-process."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

import main
from diagnosis.office.figures import OfficeFilter
from storage.store_file import copy_store
from storage.sync.client_meta import SINCE, get_since
from storage.sync.server_activity import Activity
from storage.sync.server_db import ServerStore
from storage.sync.server_office import OfficeMirror, mirror_path
from tests.storage.sync.test_server_support import API, Api, assert_error, served

# The fixture, imported under its own name so pytest finds it here.
from tests.storage.sync.test_server_support import api as api

uvicorn = pytest.importorskip("uvicorn")
FIRMS, VISITS = 30, 6


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("office-demo") / "demo.sqlite"
    args = ["demo", "--db", str(db), "--enterprises", str(FIRMS), "--visits", str(VISITS)]
    assert main.main([*args, "--json"]) == 0
    return db


@dataclass
class Central:
    store: ServerStore
    url: str
    office: str  # tokens
    consultant: str

    def stats(self, token: str | None = None, **params: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token or self.office}"}
        return httpx.get(f"{self.url}{API}/stats", params=params, headers=headers, timeout=60)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    store = ServerStore(tmp_path / "central" / "central.sqlite")
    office = store.add_user("wang", "office", [])
    consultant = store.add_user("chen", "consultant", ["330206"])
    with served(store) as url:
        yield Central(store, url, office, consultant)
    store.close()


@pytest.fixture
def laptop(tmp_path: Path, demo_template: Path) -> Path:
    """A copy of the demo store: every record still to push."""
    db = tmp_path / "laptop" / "diagnosis.sqlite"
    db.parent.mkdir()
    copy_store(demo_template, db)
    return db


def sync(db: Path, central: Central, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main.main(["sync", "--server", central.url, f"--token={central.office}", "--db", str(db)])
        == 0
    )
    capsys.readouterr()


def cli_stats(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main.main(["stats", *args, "--json"]) == 0
    return figures(json.loads(capsys.readouterr().out))


def figures(d: dict[str, Any]) -> dict[str, Any]:
    """The figures without ``facts_refreshed`` (how many visits this call had to assess)."""
    return {k: v for k, v in d.items() if k != "facts_refreshed"}


def assert_same_figures(server: dict[str, Any], local: dict[str, Any]) -> None:
    for key in ("total", "above_scale", "willing_above_scale", "diagnosed", "never_visited"):
        assert server["enterprises"][key] == local["enterprises"][key], key
    assert server["measures"]["accepted"] == local["measures"]["accepted"]
    assert server["coverage"]["district"] == local["coverage"]["district"]
    assert figures(server) == figures(local)  # and everything else besides


def test_server_stats_equal_an_office_laptops_after_sync(
    central: Central, laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync(laptop, central, capsys)
    response = central.stats()
    assert response.status_code == 200, response.text
    served = response.json()
    assert served["enterprises"]["total"] == FIRMS
    assert served["enterprises"]["diagnosed"] == VISITS
    assert served["measures"]["accepted"]["investment_10k_yuan"] > 0
    assert_same_figures(served, cli_stats(capsys, "--db", str(laptop)))
    # An office laptop that had nothing and pulled everything agrees.
    office = tmp_path / "office" / "diagnosis.sqlite"
    sync(office, central, capsys)
    assert_same_figures(served, cli_stats(capsys, "--db", str(office)))
    assert mirror_path(central.store.path).is_file()


def test_server_stats_filters_as_the_command_line(
    central: Central, laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync(laptop, central, capsys)
    for params, flags in [
        ({"district": "海曙区"}, ["--district", "海曙区"]),
        ({"year": 2024, "lang": "en"}, ["--year", "2024", "--lang", "en"]),
        ({"year": 2019}, ["--year", "2019"]),
    ]:
        served = central.stats(**params).json()
        assert_same_figures(served, cli_stats(capsys, "--db", str(laptop), *flags))
    assert central.stats(district="海曙区").json()["filter"]["district"] == "330203"
    assert central.stats(year=2019).json()["enterprises"]["diagnosed"] == 0


def test_a_later_push_updates_the_figures_incrementally(
    central: Central, laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync(laptop, central, capsys)
    before = central.stats().json()
    mirror = mirror_path(central.store.path)
    position = _since(mirror)
    assert position == central.store.seq()
    # One more complete visit, with accepted measures, for a firm never visited.
    args = ["demo", "--db", str(laptop), "--enterprises", str(FIRMS), "--visits", str(VISITS + 1)]
    assert main.main([*args, "--json"]) == 0
    sync(laptop, central, capsys)
    after = central.stats().json()
    assert after["enterprises"]["diagnosed"] == before["enterprises"]["diagnosed"] + 1
    assert after["measures"]["accepted"]["count"] > before["measures"]["accepted"]["count"]
    assert (
        after["measures"]["accepted"]["investment_10k_yuan"]
        > before["measures"]["accepted"]["investment_10k_yuan"]
    )
    assert after["visits"]["total"] == before["visits"]["total"] + 1
    assert_same_figures(after, cli_stats(capsys, "--db", str(laptop)))
    # Only the new records were pulled: the mirror moved on from where it was, not from 0.
    assert after["facts_refreshed"] == 1  # the new visit, the only one assessed
    assert position < _since(mirror) == central.store.seq()


def test_requests_at_once_build_the_mirror_once(
    central: Central, laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync(laptop, central, capsys)
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: central.stats(), range(4)))
    assert {r.status_code for r in answers} == {200}
    built = [r.json() for r in answers]
    assert all(figures(b) == figures(built[0]) for b in built)
    # The lock lets one request build it; the others find nothing left to assess.
    assert sorted(b["facts_refreshed"] for b in built) == [0, 0, 0, VISITS]


def test_catching_up_reads_only_what_is_new(
    central: Central, laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync(laptop, central, capsys)
    mirror = OfficeMirror(central.store, tmp_path / "mirror.sqlite", page=50)
    asked: list[int] = []
    pull = central.store.pull

    def counting(user: Any, since: int, limit: int = 500) -> dict[str, Any]:
        asked.append(since)
        return pull(user, since, limit)

    central.store.pull = counting  # type: ignore[method-assign]
    first = mirror.stats(OfficeFilter())
    assert asked[0] == 0 and len(asked) > 2  # every record, page by page
    asked.clear()
    assert mirror.stats(OfficeFilter()) == {**first, "facts_refreshed": 0}
    assert asked == [central.store.seq()]  # one empty page from where it stopped


def test_stats_store_prints_what_the_server_serves(
    central: Central, laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync(laptop, central, capsys)
    served = central.stats(district="北仑区").json()
    store = str(central.store.path)
    assert_same_figures(served, cli_stats(capsys, "--store", store, "--district", "北仑区"))
    # Text and the workbook work from a server store as from a local one.
    assert main.main(["stats", "--store", store, "--xlsx", str(tmp_path / "r.xlsx")]) == 0
    assert f"企业数 Enterprises: {FIRMS}" in capsys.readouterr().out
    assert (tmp_path / "r.xlsx").is_file()


def test_stats_store_refuses_what_it_cannot_use(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as both:
        main.main(["stats", "--db", str(laptop), "--store", str(laptop)])
    assert both.value.code == 2
    capsys.readouterr()
    assert main.main(["stats", "--store", str(tmp_path / "none.sqlite")]) == 2
    assert "none.sqlite" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()  # nothing made where nothing was
    assert main.main(["stats", "--store", str(laptop), "--lang", "en"]) == 2  # a desktop store
    assert "desktop store" in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["corrupt", "delete"])
def test_a_damaged_or_deleted_mirror_is_rebuilt(
    central: Central, laptop: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    sync(laptop, central, capsys)
    expected = figures(central.stats().json())
    mirror = mirror_path(central.store.path)
    for name in (mirror.name, f"{mirror.name}-wal", f"{mirror.name}-shm"):
        mirror.with_name(name).unlink(missing_ok=True)
    if damage == "corrupt":
        mirror.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
    # The running server, and the command line in a process of its own, both rebuild it.
    assert figures(central.stats().json()) == expected
    assert _since(mirror) == central.store.seq()
    mirror.write_bytes(b"not a database at all")
    assert cli_stats(capsys, "--store", str(central.store.path)) == expected


def test_a_mirror_ahead_of_its_server_is_rebuilt(
    central: Central, laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync(laptop, central, capsys)
    central.stats()
    # The server store restored from a backup made before anything was pushed.
    restored = tmp_path / "restored" / "central.sqlite"
    restored.parent.mkdir()
    shutil.copy(mirror_path(central.store.path), mirror_path(restored))
    with ServerStore(restored) as empty:
        assert OfficeMirror(empty).stats(OfficeFilter())["enterprises"]["total"] == 0


def _since(mirror: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(mirror)
    try:
        return get_since(conn)
    finally:
        conn.close()


# -- refusals, in-process --------------------------------------------------------------------


def test_a_consultant_may_not_see_the_office_figures(api: Api) -> None:
    response = api.client.get(f"{API}/stats", headers=api.headers(api.server.wang))
    assert_error(response, 403, "auth.forbidden")
    assert "office" in response.json()["reason"]


@pytest.mark.parametrize(
    ("headers", "code"),
    [({}, "auth.missing"), ({"Authorization": "Bearer not-a-token"}, "auth.invalid")],
)
def test_the_office_figures_need_a_valid_token(
    api: Api, headers: dict[str, str], code: str
) -> None:
    response = api.client.get(f"{API}/stats", headers=headers)
    assert_error(response, 401, code)
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"year": "abc"}, "request.malformed"),
        ({"year": "0"}, "request.malformed"),
        ({"year": "2024.5"}, "request.malformed"),
        ({"lang": "fr"}, "request.malformed"),
        ({"district": "火星"}, "district.unknown"),
    ],
)
def test_bad_stats_parameters_get_422_with_a_code(
    api: Api, params: dict[str, str], code: str
) -> None:
    response = api.client.get(f"{API}/stats", params=params, headers=api.headers(api.server.office))
    assert_error(response, 422, code)


def test_an_empty_server_has_empty_figures(api: Api) -> None:
    response = api.client.get(f"{API}/stats", headers=api.headers(api.server.office))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["enterprises"]["total"] == 0
    assert body["measures"]["accepted"]["count"] == 0


def test_warming_catches_up_before_any_request_and_only_logs_a_failure(
    central: Central,
    laptop: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # `serve` warms the mirror on a thread at start, so the first office request is quick.
    sync(laptop, central, capsys)
    mirror = OfficeMirror(central.store, tmp_path / "warm.sqlite")
    mirror.warm()
    with contextlib.closing(sqlite3.connect(tmp_path / "warm.sqlite")) as conn:
        row = conn.execute("SELECT value FROM local_meta WHERE key = ?", [SINCE]).fetchone()
    assert int(row[0]) == central.store.seq()  # caught up, before any request
    broken = OfficeMirror(central.store, tmp_path / "no-such-folder" / "x" / "warm.sqlite")
    broken.server = None  # type: ignore[assignment]  # any failure while catching up
    broken.warm()  # logged, not raised: the next request tries again
    assert "could not catch up" in caplog.text


def test_warming_gives_way_to_requests_and_resumes_when_the_server_is_idle(
    central: Central, laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # After a start, a laptop's sync must not share the interpreter with a catch-up of the
    # whole store: the catch-up goes a few pages at a time, only while no request runs.
    sync(laptop, central, capsys)
    path = tmp_path / "warm.sqlite"
    mirror = OfficeMirror(central.store, path, page=50)  # several turns for the demo's records
    activity = Activity(quiet=0.0)
    activity.begin()  # a laptop's pull being answered
    warming = threading.Thread(target=mirror.warm, args=(activity,))
    warming.start()
    warming.join(timeout=1.0)
    assert warming.is_alive()  # waiting for the server to be idle
    assert not path.exists() or _mirror_since(path) == 0  # and nothing pulled meanwhile
    activity.end()
    warming.join(timeout=60)
    assert not warming.is_alive()
    assert _mirror_since(path) == central.store.seq()  # caught up once idle, in turns
    # Between two turns the mirror is free: a request for the figures takes it and catches
    # up itself (here: nothing left), rather than waiting for the whole catch-up.
    with mirror.service() as office:
        assert office.to_dict(office.figures(OfficeFilter()))["enterprises"]["total"] > 0


def _mirror_since(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        row = conn.execute("SELECT value FROM local_meta WHERE key = ?", [SINCE]).fetchone()
    return 0 if row is None else int(row[0])


def test_server_counts_the_requests_it_answers(api: Api) -> None:
    activity: Activity = api.client.app.state.activity  # type: ignore[attr-defined]
    activity.quiet = 60.0
    assert api.client.get(f"{API}/health").status_code == 200
    assert not activity.idle()  # answered a moment ago
    activity.quiet = 0.0
    assert activity.idle()  # and none running


def test_mirrors_made_at_once_by_separate_users_all_succeed(
    central: Central, laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server's warm-up and an office user's `stats --store` (another process) may both find
    # no mirror yet; each OfficeMirror here stands for one, with its own connections.
    sync(laptop, central, capsys)
    path = tmp_path / "shared.office.sqlite"
    mirrors = [OfficeMirror(central.store, path) for _ in range(4)]
    start = threading.Barrier(len(mirrors))

    def make(mirror: OfficeMirror) -> dict[str, Any]:
        start.wait()
        return figures(mirror.stats(OfficeFilter()))

    with ThreadPoolExecutor(len(mirrors)) as pool:
        results = list(pool.map(make, mirrors))
    assert all(r == results[0] for r in results)
    assert results[0]["enterprises"]["total"] == FIRMS
