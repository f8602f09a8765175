"""Office facts brought up to date in part (a plan's enterprise and its peer groups) and on
worker processes: the same facts as one process computes, the other marks kept for later."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import diagnosis.office.service as office_module
import storage.office_facts_pool as pool_module
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.office.service import OfficeService
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.office import SqliteOfficeRepository
from storage.office_facts import ENGINE_KEY, refresh_facts
from storage.office_facts_scope import Scope, enterprise_scope, stale_in
from storage.visits import SqliteVisitRepository

D1, D2 = "330203", "330205"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Twelve firms of one division, six in each of two districts, one complete visit each:
    every visit marked, no facts yet (as a sync leaves them)."""
    s = Store(tmp_path / "facts.sqlite", user="tester")
    firms = [
        replace(f, district=D1 if n < 6 else D2, industry="3484")
        for n, f in enumerate(enterprises(12, seed=5))
    ]
    SqliteEnterpriseRepository(s).save(firms, [])
    visits = SqliteVisitRepository(s)
    for n, firm in enumerate(firms):
        visits.save(demo_document(firm, seed=n + 1))
    yield s
    s.close()


def _stale(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM facts_stale").fetchone()[0])


def _firm_ids(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT id FROM enterprises ORDER BY district, id")]


def _facts(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every fact row but when it was computed."""
    visits = store.conn.execute("SELECT * FROM visit_facts ORDER BY visit_id").fetchall()
    columns = [d[0] for d in store.conn.execute("SELECT * FROM visit_facts LIMIT 0").description]
    at = columns.index("computed_at")
    measures = store.conn.execute("SELECT * FROM measure_facts ORDER BY visit_id, seq").fetchall()
    return [r[:at] + r[at + 1 :] for r in visits], measures


def test_refresh_scoped_to_an_enterprise_leaves_the_others_marked(store: Store) -> None:
    first = _firm_ids(store)[0]
    assert refresh_facts(store, scope=enterprise_scope(first)) == 1
    assert _stale(store) == 11
    found = store.conn.execute("SELECT enterprise_id, counted FROM visit_facts").fetchall()
    assert found == [(first, 1)]
    assert refresh_facts(store, scope=enterprise_scope(first)) == 0  # nothing left of its own
    assert refresh_facts(store) == 11 and _stale(store) == 0


def test_peers_never_wait_for_a_large_group(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    office = OfficeService(SqliteOfficeRepository(store))
    first = _firm_ids(store)[0]
    # After its own visit: 11 of its division wait (more than 5), 5 of its district (not).
    monkeypatch.setattr(office_module, "PEER_REFRESH_BUDGET", 5)
    peers = office.peers(first)
    assert {p.group for p in peers} == {"district"}  # the division is left out, not miscounted
    assert all(p.n == 5 for p in peers if p.enterprise_score is not None and p.available)
    industry: Scope = ("SELECT id FROM enterprises WHERE substr(industry, 1, 2) = :k", {"k": "34"})
    assert stale_in(store, industry) == 6  # the other district's visits: still marked
    # Within the budget the group is brought up to date and answered as a full refresh would.
    monkeypatch.setattr(office_module, "PEER_REFRESH_BUDGET", 50)
    after = office.peers(first)
    assert {p.group for p in after} == {"industry", "district"} and _stale(store) == 0
    refresh_facts(store)
    assert office.peers(first) == after


def test_a_plan_of_an_unknown_enterprise_refreshes_nothing(store: Store) -> None:
    office = OfficeService(SqliteOfficeRepository(store))
    assert office.peers("no-such-enterprise") == []
    assert _stale(store) == 12


@pytest.mark.parametrize("workers", [1, 2])  # one: this process assesses a part of each batch
def test_worker_processes_give_the_facts_one_process_gives(
    store: Store, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    assert refresh_facts(store, workers=0) == 12
    alone = _facts(store)
    store.set_meta(ENGINE_KEY, "another engine")  # every visit marked again
    monkeypatch.setattr(pool_module, "POOL_FROM", 0)
    monkeypatch.setattr(pool_module, "ONE_WORKER_LOCAL_SHARE", 0.5)  # 2 of each 5 here
    seen: list[tuple[int, int]] = []
    done = refresh_facts(store, batch=5, workers=workers, progress=lambda d, t: seen.append((d, t)))
    assert done == 12
    assert seen == [(5, 12), (10, 12), (12, 12)]
    assert _facts(store) == alone and _stale(store) == 0


def test_a_stopped_pooled_refresh_keeps_what_it_wrote(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool_module, "POOL_FROM", 0)

    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        refresh_facts(store, batch=4, workers=2, progress=stop)
    assert _stale(store) == 8
    counted = store.conn.execute("SELECT count(*) FROM visit_facts WHERE counted = 1")
    assert counted.fetchone()[0] == 4  # written and counted, not left half done
    assert refresh_facts(store, workers=0) == 8 and _stale(store) == 0
