"""Sync that stays flat in the store's size (issue 20.4), and what it must never give up for it:
a laptop's first sync does not pull back what it pushed, yet receives every other laptop's change
made between its batches or before its pull; a photo wanted by a pulled finding is fetched
whenever it reaches the server, without every sync reading every finding."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from diagnosis.demo.enterprises import enterprises
from diagnosis.sync.ports import SyncError
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.photos import PhotoStore
from storage.sync import client_echo, client_push
from storage.sync.client import SyncClient
from storage.sync.client_meta import ECHO, get_since
from storage.sync.server_db import ServerStore
from storage.sync.transport import HttpTransport
from tests.storage.sync.test_client_fakes import (
    FakeServer,
    add_enterprise,
    add_finding,
    add_visit,
    laptop,
)
from tests.storage.sync.test_client_photos import _picture
from tests.storage.sync.test_server_support import served

pytest.importorskip("uvicorn")


class Watched(HttpTransport):
    """Counts the records pulled, and runs ``after_push[n]`` once the n-th push is answered
    (another laptop's sync at that moment)."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(url, token)
        self.pulled: list[tuple[str, str]] = []
        self.pushes = 0
        self.after_push: dict[int, Callable[[], None]] = {}

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        answer = HttpTransport.push(self, body)
        self.pushes += 1
        hook = self.after_push.pop(self.pushes, None)
        if hook is not None:
            hook()
        return answer

    def pull(self, since: int, limit: int, until: int | None = None) -> dict[str, Any]:
        page = HttpTransport.pull(self, since, limit, until)
        self.pulled += [(c["table"], c["id"]) for c in page["changes"]]
        return page


class Lap:
    def __init__(self, tmp: Path, name: str, url: str, token: str) -> None:
        self.store = Store(tmp / name / "store.sqlite", user=name)
        self.transport = Watched(url, token)
        self.client = SyncClient(self.store, self.transport, PhotoStore(tmp / name / "p"), 7)

    def firms(self, firms: list[Any]) -> set[str]:
        SqliteEnterpriseRepository(self.store).save(firms, [])
        return {f.id for f in firms}

    def edit(self, firm: Any, **values: Any) -> None:
        edited = firm.with_values(**values)
        SqliteEnterpriseRepository(self.store).save([], [(edited, values)])

    def ids(self) -> set[str]:
        rows = self.store.conn.execute("SELECT id FROM enterprises WHERE deleted = 0")
        return {r[0] for r in rows}

    def sync(self) -> Any:
        return self.client.sync(lambda stage, done, total: None)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Callable[[str], Lap]]:
    central = ServerStore(tmp_path / "central.sqlite")
    made: list[Lap] = []
    with served(central) as url:

        def make(name: str) -> Lap:
            made.append(Lap(tmp_path, name, url, central.add_user(name, "office", [])))
            return made[-1]

        yield make
        for lap in made:
            lap.transport.close()
            lap.store.close()
    central.close()


def test_first_sync_does_not_pull_back_what_it_pushed(
    office: Callable[[str], Lap], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_push, "BATCH_SIZE", 4)
    firms = enterprises(40, seed=7)
    a, b = office("a"), office("b")
    theirs = b.firms(list(itertools.islice(firms, 6)))
    b.sync()
    mine = a.firms(list(itertools.islice(firms, 25)))
    summary = a.sync()
    assert summary.sent == 25 and a.ids() == mine | theirs
    assert {rid for _, rid in a.transport.pulled} == theirs  # none of its own back
    assert a.store.meta(ECHO) is None  # passed, and forgotten
    a.transport.pulled.clear()
    assert a.sync().received == 0 and a.transport.pulled == []


def test_a_change_between_the_push_and_the_pull_still_arrives(
    office: Callable[[str], Lap], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_push, "BATCH_SIZE", 4)
    firms = enterprises(60, seed=8)
    a, b = office("a"), office("b")
    mine = a.firms(list(itertools.islice(firms, 21)))  # six batches
    between: list[str] = []

    def b_pushes(n: int) -> Callable[[], None]:
        def push() -> None:
            between.extend(b.firms(list(itertools.islice(firms, n))))
            b.sync()

        return push

    # B's syncs land between A's second and third batches, and after A's last one, before
    # A's pull: inside A's own stretch of the pull order, and right after it.
    a.transport.after_push = {2: b_pushes(1), 6: b_pushes(3)}
    a.sync()
    assert a.ids() == mine | set(between)
    assert not [rid for _, rid in a.transport.pulled if rid in mine]
    b.sync()
    assert b.ids() == a.ids()
    assert a.sync().received == 0


def test_through_a_transport_without_until_little_of_the_echo_comes_back(
    office: Callable[[str], Lap], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_push, "BATCH_SIZE", 4)
    firms = enterprises(30, seed=10)
    a, b = office("a"), office("b")
    a.client._until = False  # as through a transport written before ``until``
    mine = a.firms(list(itertools.islice(firms, 21)))
    between: list[str] = []

    def b_pushes() -> None:
        between.extend(b.firms(list(itertools.islice(firms, 2))))
        b.sync()

    a.transport.after_push = {3: b_pushes}
    a.sync()
    assert a.ids() == mine | set(between)
    # Its page stops at A's next run, or that many positions into it.
    assert len([rid for _, rid in a.transport.pulled if rid in mine]) <= 2


def test_an_echo_run_is_only_kept_for_exactly_what_was_pushed(
    office: Callable[[str], Lap],
) -> None:
    a, b = office("a"), office("b")
    (firm, other) = list(enterprises(2, seed=9))
    a.firms([firm])
    a.sync()
    b.sync()
    # Both edit the same firm: B first, then A on the old base. A's push merges, so its run
    # says nothing and the pull brings the merged record.
    b.edit(firm, address="B 路 1 号")
    b.sync()
    a.edit(firm, contact_person="A 先生")
    a.firms([other])
    a.transport.pulled.clear()
    a.sync()
    row = a.store.conn.execute(
        "SELECT address, contact_person FROM enterprises WHERE id = ?", [firm.id]
    ).fetchone()
    assert row == ("B 路 1 号", "A 先生")
    assert ("enterprises", firm.id) in a.transport.pulled
    assert get_since(a.store.conn) >= 3


def test_echo_runs_join_and_are_passed() -> None:
    runs = client_echo.merged([(10, 20), (30, 40), (20, 25), (50, 50 + 1)])
    assert runs == [(10, 25), (30, 40), (50, 51)]
    assert client_echo.past(runs, 10) == 25 and client_echo.past(runs, 26) == 26
    assert client_echo.past(runs, 30) == 40 and client_echo.past(runs, 9) == 9
    assert client_echo.limit(runs, 26, 1000) == 4  # stops at the next run
    assert client_echo.limit(runs, 0, 3) == 3 and client_echo.limit(runs, 60, 3) == 3


# --- photos -------------------------------------------------------------------------------------


def _wanted(lap: Any) -> list[tuple[str, str]]:
    rows = lap.conn.execute("SELECT sha, finding_id FROM photos_wanted ORDER BY 1, 2")
    return [(sha, finding) for sha, finding in rows]


def test_a_photo_wanted_by_a_pull_is_fetched_when_it_reaches_the_server(tmp_path: Path) -> None:
    server = FakeServer()
    wang, chen = laptop(tmp_path, "wang", server), laptop(tmp_path, "chen", server)
    sha = wang.photos.add(_picture(tmp_path / "leak.jpg", 3))
    add_enterprise(wang)
    add_visit(wang)
    add_finding(wang, "f1", [sha])
    server.photos[sha] = bytearray()  # nothing of it yet: wang's upload comes later
    data = wang.photos.open_bytes(sha)
    wang.client.photos = PhotoStore(tmp_path / "elsewhere")  # its file out of reach for now
    wang.sync()
    first = chen.sync()
    assert first.photos_missing == (sha,) and _wanted(chen) == [(sha, "f1")]
    assert chen.sync().photos_missing == (sha,)  # asked again, still wanted
    server.photos[sha] = bytearray(data)
    got = chen.sync()
    assert got.photos_received == 1 and chen.photos.open_bytes(sha) == data
    assert _wanted(chen) == []  # nothing left to read on the next sync
    assert chen.sync().photos_received == 0


def test_a_photo_whose_download_was_cut_is_fetched_next_time(tmp_path: Path) -> None:
    server = FakeServer()
    wang, chen = laptop(tmp_path, "wang", server), laptop(tmp_path, "chen", server)
    sha = wang.photos.add(_picture(tmp_path / "leak.jpg", 4))
    add_enterprise(wang)
    add_visit(wang)
    add_finding(wang, "f1", [sha])
    wang.sync()
    real = chen.client.transport.get_photo

    def cut(name: str) -> bytes:
        raise SyncError("network.interrupted", "cut")

    chen.client.transport.get_photo = cut  # type: ignore[method-assign,assignment]
    with pytest.raises(SyncError):
        chen.sync()
    assert _wanted(chen) == [(sha, "f1")] and not chen.photos.has(sha)
    chen.client.transport.get_photo = real  # type: ignore[method-assign]
    assert chen.sync().photos_received == 1 and chen.photos.has(sha)


def test_a_photo_no_finding_names_any_more_is_not_asked_for(tmp_path: Path) -> None:
    server = FakeServer()
    wang = laptop(tmp_path, "wang", server)
    add_enterprise(wang)
    add_visit(wang)
    gone = "ab" * 32
    add_finding(wang, "f1", [gone])
    add_finding(wang, "f2", ["not a photo address"])
    assert _wanted(wang) == sorted([(gone, "f1"), ("not a photo address", "f2")])
    wang.store.write("findings", updates=[("f1", {"photos": "[]"})])
    assert wang.sync().photos_missing == ()
    assert _wanted(wang) == []
