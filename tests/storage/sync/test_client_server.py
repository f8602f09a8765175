"""The sync client against the real central server: uvicorn on 127.0.0.1 over a ServerStore in a
temp folder, two laptops with consultant accounts; and a bundle answered by the real store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from diagnosis.register.enterprise import Enterprise
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.migrations import answer_id
from storage.photos import PhotoStore
from storage.sync.bundle import answer_request, export_request, import_reply
from storage.sync.client import SyncClient
from storage.sync.server_db import ServerStore
from storage.sync.transport import HttpTransport
from storage.visits import SqliteVisitRepository
from tests.storage.sync.test_client_fakes import Laptop
from tests.storage.sync.test_server_support import served

uvicorn = pytest.importorskip("uvicorn")
ENTERPRISE, VISIT = str(uuid.uuid4()), str(uuid.uuid4())


@pytest.fixture
def central(tmp_path: Path) -> Iterator[tuple[ServerStore, str]]:
    store = ServerStore(tmp_path / "central" / "store.sqlite")
    with served(store) as url:
        yield store, url
    store.close()


def _laptop(tmp: Path, name: str, url: str, token: str) -> Laptop:
    store = Store(tmp / name / "store.sqlite", user=name)
    photos = PhotoStore(tmp / name / "photos")
    return Laptop(store, photos, SyncClient(store, HttpTransport(url, token), photos))


@pytest.fixture
def team(tmp_path: Path, central: tuple[ServerStore, str]) -> Iterator[tuple[Laptop, Laptop]]:
    store, url = central
    wang = _laptop(tmp_path, "wang", url, store.add_user("wang", "consultant", ["北仑区"]))
    chen = _laptop(tmp_path, "chen", url, store.add_user("chen", "consultant", ["北仑区"]))
    # wang registers the enterprise and opens the visit with chen on the team
    e = Enterprise(name="宁波甬明精密机械有限公司", credit_code="91330200711192037M", id=ENTERPRISE)
    SqliteEnterpriseRepository(wang.store).save([e.with_values(district="北仑区")], [])
    row = {"id": VISIT, "enterprise_id": ENTERPRISE, "date": "2024-03-28"}
    wang.store.write("visits", [{**row, "team": '["wang", "chen"]', "areas": '["energy"]'}])
    yield wang, chen
    for lap in (wang, chen):
        transport = lap.client.transport
        assert isinstance(transport, HttpTransport)
        transport.close()
        lap.store.close()


def _answers(lap: Laptop) -> dict[str, str]:
    rows = lap.conn.execute(
        "SELECT area || '/' || item, value FROM answers WHERE visit_id = ? AND deleted = 0",
        [VISIT],
    )
    return dict(rows.fetchall())


def test_client_server_team_fills_one_visit_without_conflict(
    team: tuple[Laptop, Laptop],
) -> None:
    wang, chen = team
    assert wang.sync().rejected == ()
    chen.sync()
    assert chen.row("visits", VISIT, "enterprise_id")[0] == ENTERPRISE
    SqliteVisitRepository(wang.store).save_answer(VISIT, "energy", "E01", 2023)
    SqliteVisitRepository(wang.store).save_answer(VISIT, "energy", "E03", 1200.0)
    SqliteVisitRepository(chen.store).save_answer(VISIT, "water", "W03", 30000)
    for _ in range(2):
        for lap in (wang, chen):
            summary = lap.sync()
            assert (summary.conflicts, summary.rejected) == (0, ())
    whole = {"energy/E01": "2023", "energy/E03": "1200.0", "water/W03": "30000"}
    assert _answers(wang) == _answers(chen) == whole
    assert wang.client.unsynced() == chen.client.unsynced() == 0
    assert wang.client.conflicts() == chen.client.conflicts() == []


def test_client_server_same_answer_edited_on_both_conflicts_then_converges(
    team: tuple[Laptop, Laptop],
) -> None:
    wang, chen = team
    aid = answer_id(VISIT, "energy", "E03")
    SqliteVisitRepository(wang.store).save_answer(VISIT, "energy", "E03", 1200.0)
    wang.sync()
    chen.sync()
    SqliteVisitRepository(wang.store).save_answer(VISIT, "energy", "E03", 1300.0)
    SqliteVisitRepository(chen.store).save_answer(VISIT, "energy", "E03", 1250.0)
    assert wang.sync().conflicts == 0
    assert chen.sync().conflicts == 1
    assert wang.sync().conflicts == 1  # both laptops see it
    [theirs] = chen.client.conflicts()
    [mine] = wang.client.conflicts()
    assert theirs.id == mine.id and theirs.record_id == aid and theirs.field == "value"
    assert {theirs.ours.value, theirs.theirs.value} == {"1300.0", "1250.0"}
    assert theirs.base == "1200.0"
    assert "energy/E03" in theirs.context and "宁波甬明" in theirs.context

    chen.client.resolve(theirs.id, "1250.0")
    assert chen.sync().conflicts == 0
    assert wang.sync().conflicts == 0
    assert wang.client.conflicts() == chen.client.conflicts() == []
    assert _answers(wang)["energy/E03"] == _answers(chen)["energy/E03"] == "1250.0"
    assert wang.client.unsynced() == chen.client.unsynced() == 0


def test_client_server_bundle_answered_by_the_real_store(
    tmp_path: Path, central: tuple[ServerStore, str], team: tuple[Laptop, Laptop]
) -> None:
    store, _url = central
    wang, chen = team
    token = store.add_user("li", "office", [])
    SqliteVisitRepository(wang.store).save_answer(VISIT, "energy", "E01", 2023)
    request = tmp_path / "wang.zip"
    export_request(wang.store, wang.photos, request, token)
    # office user li carries the bundle; the changes are stamped by the token's account
    answered = answer_request(store, request, Path(f"{request}.reply"))
    assert answered["changes"] == 3 and answered["user"] == "li"
    assert answer_request(store, request, Path(f"{request}.reply"))["changes"] == 3
    summary = import_reply(wang.store, wang.photos, Path(f"{request}.reply"))
    assert (summary.sent, summary.rejected, summary.conflicts) == (3, (), 0)
    assert wang.client.unsynced() == 0
    chen.sync()
    assert _answers(chen) == {"energy/E01": "2023"}
