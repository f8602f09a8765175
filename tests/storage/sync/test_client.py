"""The sync client against an in-memory server over httpx.MockTransport: push, pull, batch
retries, edits during a sync, conflicts and their resolution, cancelling, transport errors."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from diagnosis.sync.ports import SyncError, SyncService
from storage.migrations import answer_id
from storage.sync import client as client_module
from storage.sync import client_push
from storage.sync.client_meta import RESOLVES, SINCE, outbox
from storage.sync.transport import HttpTransport
from tests.storage.sync.test_client_fakes import (
    SERVER,
    FakeServer,
    Laptop,
    add_enterprise,
    add_visit,
    laptop,
)


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def wang(tmp_path: Path, server: FakeServer) -> Laptop:
    lap = laptop(tmp_path, "wang", server)
    yield lap  # type: ignore[misc]
    lap.store.close()


@pytest.fixture
def chen(tmp_path: Path, server: FakeServer) -> Laptop:
    lap = laptop(tmp_path, "chen", server)
    yield lap  # type: ignore[misc]
    lap.store.close()


def _fill(lap: Laptop) -> str:
    add_enterprise(lap)
    add_visit(lap)
    lap.visits().save_answer("v1", "energy", "E01", 2023)
    lap.visits().save_answer("v1", "energy", "E03", 1200.0)
    return answer_id("v1", "energy", "E03")


def test_client_implements_the_port(wang: Laptop) -> None:
    service: SyncService = wang.client
    assert service.unsynced() == 0


def test_client_counts_dirty_rows_of_the_four_tables(wang: Laptop) -> None:
    _fill(wang)
    wang.store.write("findings", [{"id": "f1", "visit_id": "v1", "area": "energy",
                                    "severity": "minor", "text": "t"}])  # fmt: skip
    assert wang.client.unsynced() == 5  # enterprise, visit, 2 answers, finding
    wang.store.write("local_meta", [])  # nothing written: still 5
    assert wang.client.unsynced() == 5


def test_client_push_then_pull_brings_everything_clean(
    wang: Laptop, chen: Laptop, server: FakeServer
) -> None:
    aid = _fill(wang)
    summary = wang.sync()
    assert (summary.sent, summary.conflicts, summary.rejected) == (4, 0, ())
    assert wang.client.unsynced() == 0
    assert wang.row("answers", aid, "dirty, rev")[0] == 0
    assert wang.row("answers", aid, "rev")[0] == server.records[("answers", aid)].rev
    first = server.pushes[0]["changes"]
    assert [c["table"] for c in first] == ["enterprises", "visits", "answers", "answers"]
    assert first[0]["base_rev"] == 0 and first[0]["resolves"] == []
    assert "search_text" not in first[0]["data"]  # derived columns never travel
    assert first[2]["data"] == {"visit_id": "v1", "area": "energy", "item": "E01", "value": "2023"}

    got = chen.sync()
    assert got.received == 4 and got.sent == 0
    assert chen.client.unsynced() == 0  # pulled rows are clean
    assert chen.row("answers", aid, "value, dirty, updated_by") == ("1200.0", 0, "wang")
    name, search, sort = chen.row("enterprises", "e1", "name, search_text, sort_name")
    assert name == "宁波甬明精密机械有限公司" and "nbymjmjx" in search and sort.startswith("ning")
    assert int(chen.store.meta(SINCE) or 0) == server.seq
    assert chen.sync().received == 0  # nothing new: the next pull is empty


def test_client_retry_after_a_lost_response_resends_the_same_batch(
    wang: Laptop, server: FakeServer
) -> None:
    aid = _fill(wang)
    server.lose_next_push_response = True
    with pytest.raises(SyncError) as caught:
        wang.sync()
    assert caught.value.code == "network.interrupted"
    assert wang.client.unsynced() == 4  # the server applied it; this laptop does not know yet
    assert len(outbox(wang.conn)) == 1
    seq = server.seq
    wang.visits().save_answer("v1", "energy", "E03", 1300.0)  # edited before the retry
    wang.sync()
    first, retry, rest = server.pushes
    assert retry == first  # same batch id, same changes: answered from the server's record
    assert [c["id"] for c in rest["changes"]] == [aid] and rest["batch"] != first["batch"]
    assert rest["changes"][0]["base_rev"] == server.records[("answers", aid)].rev - 1
    assert server.seq == seq + 1  # the batch was applied once; the edit once more
    assert server.records[("answers", aid)].data["value"] == "1300.0"
    assert wang.client.unsynced() == 0 and outbox(wang.conn) == []


def test_client_row_edited_during_the_sync_stays_dirty(wang: Laptop, server: FakeServer) -> None:
    aid = _fill(wang)
    handle = server.handle

    def edit_while_pushing(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/push"):
            wang.visits().save_answer("v1", "energy", "E03", 1500.0)  # autosave meanwhile
        return handle(request)

    server.handle = edit_while_pushing  # type: ignore[method-assign]
    wang.client.transport = HttpTransport(
        SERVER, "tok-wang", transport=httpx.MockTransport(edit_while_pushing)
    )
    wang.sync()
    value, dirty, rev = wang.row("answers", aid, "value, dirty, rev")
    assert (value, dirty) == ("1500.0", 1)  # the pull did not overwrite it either
    assert rev == server.records[("answers", aid)].rev  # based on what the server holds
    assert wang.client.unsynced() == 1
    server.handle = handle  # type: ignore[method-assign]
    wang.client.transport = HttpTransport(SERVER, "tok-wang", transport=server.transport())
    assert wang.sync().merged == 0
    assert server.records[("answers", aid)].data["value"] == "1500.0"
    assert server.records[("answers", aid)].conflicts == []  # no conflict with itself
    assert wang.client.unsynced() == 0


def test_client_conflict_is_stored_on_both_and_resolved(
    wang: Laptop, chen: Laptop, server: FakeServer
) -> None:
    aid = _fill(wang)
    wang.sync()
    chen.sync()
    wang.visits().save_answer("v1", "energy", "E03", 1300.0)
    chen.visits().save_answer("v1", "energy", "E03", 1250.0)
    wang.sync()
    got = chen.sync()
    assert got.conflicts == 1 and chen.client.unsynced() == 0
    [view] = chen.client.conflicts()
    assert (view.table, view.record_id, view.field) == ("answers", aid, "value")
    assert view.context == "energy/E03 · 2024-03-28 宁波甬明精密机械有限公司"
    assert (view.base, view.ours.value, view.theirs.value) == ("1200.0", "1300.0", "1250.0")
    assert (view.ours.by, view.theirs.by) == ("wang", "chen")
    assert chen.row("answers", aid, "value")[0] == "1300.0"  # the server's value, clean
    assert wang.sync().conflicts == 1  # the other laptop sees it too
    assert [c.id for c in wang.client.conflicts()] == [view.id]

    chen.client.resolve(view.id, "1250.0")
    assert chen.client.conflicts() == []
    assert chen.row("answers", aid, "value, dirty") == ("1250.0", 1)
    assert json.loads(chen.store.meta(RESOLVES) or "{}") == {f"answers/{aid}": ["value"]}
    assert chen.sync().conflicts == 0
    sent = server.pushes[-1]["changes"][0]
    assert (sent["id"], sent["resolves"], sent["data"]["value"]) == (aid, ["value"], "1250.0")
    assert chen.store.meta(RESOLVES) is None  # sent and answered: forgotten
    assert server.records[("answers", aid)].conflicts == []
    assert wang.sync().conflicts == 0
    assert wang.client.conflicts() == []
    assert wang.row("answers", aid, "value")[0] == "1250.0"  # converged


def test_client_resolve_types_a_third_value_for_the_column(wang: Laptop, chen: Laptop) -> None:
    add_enterprise(wang)
    wang.sync()
    chen.sync()
    wang.store.write("enterprises", updates=[("e1", {"employees": 120})])
    chen.store.write("enterprises", updates=[("e1", {"employees": 130})])
    wang.sync()
    chen.sync()
    [view] = chen.client.conflicts()
    assert (view.context, view.ours.value, view.theirs.value) == (
        "宁波甬明精密机械有限公司",
        "120",
        "130",
    )
    with pytest.raises(ValueError):
        chen.client.resolve(view.id, "many")
    chen.client.resolve(view.id, "125")
    assert chen.row("enterprises", "e1", "employees, dirty") == (125, 1)


def test_client_rejected_changes_are_reported_and_stay_dirty(
    wang: Laptop, server: FakeServer
) -> None:
    add_enterprise(wang)
    server.reject_tables.add("enterprises")
    summary = wang.sync()
    assert summary.rejected == ("enterprises/e1: request.malformed: no",)
    assert wang.client.unsynced() == 1
    assert len(server.pushes) == 1  # not sent twice in one sync
    assert wang.sync().rejected == summary.rejected  # reported again next time


def test_client_revision_of_a_finalised_visit_restores_the_local_copy(
    wang: Laptop, server: FakeServer
) -> None:
    aid = _fill(wang)
    wang.sync()
    server.finalised.add("v1")
    wang.visits().save_answer("v1", "energy", "E03", 999.0)
    summary = wang.sync()
    assert summary.revisions == ("v1-r2",)
    # the finalised visit's answer is the server's again, clean
    assert wang.row("answers", aid, "value, dirty") == ("1200.0", 0)


def test_client_cancelled_by_progress_leaves_a_consistent_store(
    wang: Laptop, chen: Laptop, server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(7):
        add_enterprise(wang, f"e{n}", f"企业{n}")
        wang.conn.execute("UPDATE enterprises SET credit_code = ? WHERE id = ?", [f"C{n}", f"e{n}"])
    monkeypatch.setattr(client_push, "BATCH_SIZE", 3)

    def cancel_after_first(stage: str, done: int, total: int) -> None:
        if done > 0:
            raise KeyboardInterrupt  # any exception: the GUI's cancel

    with pytest.raises(KeyboardInterrupt):
        wang.client.sync(cancel_after_first)
    assert wang.client.unsynced() == 4 and outbox(wang.conn) == []
    assert not wang.conn.in_transaction
    assert wang.sync().sent == 4

    monkeypatch.setattr(client_module, "PULL_BATCH", 2)  # pages committed two at a time
    with pytest.raises(KeyboardInterrupt):
        chen.client.sync(cancel_after_first)  # two pages of 3 applied, then cancelled
    assert not chen.conn.in_transaction
    assert chen.conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert chen.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (6,)
    assert int(chen.store.meta(SINCE) or 0) == 6
    assert chen.sync().received == 1  # carries on from there
    assert chen.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (7,)


def test_client_ignores_tables_it_does_not_know(chen: Laptop, server: FakeServer) -> None:
    server._store(("gadgets", "g1"), {"x": 1}, False, "wang")
    assert chen.sync().received == 0
    assert int(chen.store.meta(SINCE) or 0) == 1


def test_transport_errors_become_sync_errors(server: FakeServer) -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    down = HttpTransport(SERVER, "tok", transport=httpx.MockTransport(refused))
    with down, pytest.raises(SyncError) as caught:
        down.pull(0, 10)
    assert caught.value.code == "network.unreachable"
    stranger = HttpTransport(SERVER, "nobody", transport=server.transport())
    with stranger, pytest.raises(SyncError) as caught:
        stranger.me()
    assert (caught.value.code, caught.value.reason) == ("auth.invalid", "who are you")
    with HttpTransport(SERVER, "tok-wang", transport=server.transport()) as t:
        assert t.me()["name"] == "wang"


def test_client_batch_id_taken_by_other_changes_is_dropped_and_resent(
    wang: Laptop, server: FakeServer
) -> None:
    _fill(wang)
    server.lose_next_push_response = True
    with pytest.raises(SyncError):
        wang.sync()
    [(_, body)] = outbox(wang.conn)
    server.batches[body["batch"]] = ("something else", {})  # the id now means other changes
    summary = wang.sync()
    assert summary.sent == 4 and summary.rejected == ()
    assert server.pushes[-1]["batch"] != body["batch"]  # sent again under a new id
    assert wang.client.unsynced() == 0 and outbox(wang.conn) == []


def test_client_pull_marks_the_visits_of_pulled_answers_stale(wang: Laptop, chen: Laptop) -> None:
    # The answer triggers are paused during a pull (m007); the page marks each visit itself.
    _fill(wang)
    wang.sync()
    chen.sync()
    conn = chen.store.conn
    stale = "SELECT visit_id FROM facts_stale"
    assert conn.execute(stale).fetchall() == [("v1",)]
    assert conn.execute("SELECT count(*) FROM facts_pause").fetchone()[0] == 0
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again after the pull
    with chen.store.transaction():
        conn.execute("DELETE FROM facts_stale")
    wang.visits().save_answer("v1", "energy", "E03", 1300.0)
    wang.sync()
    chen.sync()  # a page of one answer, its visit unchanged
    assert conn.execute(stale).fetchall() == [("v1",)]
    with chen.store.transaction():
        conn.execute("DELETE FROM facts_stale")
    chen.visits().save_answer("v1", "energy", "E03", 1400.0)  # the triggers mark again
    assert conn.execute(stale).fetchall() == [("v1",)]


def test_client_pull_a_record_this_store_cannot_hold_is_reported_the_page_still_applies(
    wang: Laptop, chen: Laptop
) -> None:
    """chen registered the same credit code under another id before syncing: wang's enterprise
    cannot be held (one live enterprise a code), so the page goes again record by record; the
    refusal is reported and every other record of the page, its visit and answers, arrives."""
    aid = _fill(wang)
    wang.sync()
    add_enterprise(chen, eid="e-chen")
    summary = chen.client.sync(lambda *_: None)
    assert [r.split(":")[0] for r in summary.rejected] == ["enterprises/e1"]
    assert chen.row("answers", aid, "dirty")[0] == 0  # the rest of the page applied, clean
    assert chen.row("visits", "v1", "enterprise_id")[0] == "e1"
    conn = chen.store.conn
    assert conn.execute("SELECT count(*) FROM facts_pause").fetchone()[0] == 0
    assert conn.execute("SELECT visit_id FROM facts_stale").fetchall() == [("v1",)]
    assert conn.execute("SELECT value FROM local_meta WHERE key = ?", [SINCE]).fetchone()


def test_client_pull_batch_with_a_record_it_cannot_hold_applies_the_rest(
    wang: Laptop, chen: Laptop, server: FakeServer
) -> None:
    # Pages are committed several at a time; one record of them this store cannot hold (its
    # credit code is another enterprise's here) sends the batch back to page by page: that
    # record is reported, every other one of the batch is applied, and the pull goes on.
    for n in range(7):
        add_enterprise(wang, f"e{n}", f"企业{n}")
        wang.conn.execute("UPDATE enterprises SET credit_code = ? WHERE id = ?", [f"C{n}", f"e{n}"])
    assert wang.sync().sent == 7
    # chen has, from before, an enterprise holding the code the fourth one pulled will bring.
    chen.conn.execute(
        "INSERT INTO enterprises (id, name, credit_code, dirty, rev, updated_at, updated_by) "
        "VALUES ('mine', '本地', 'C3', 0, 0, '2024-01-01T00:00:00Z', 'chen')"
    )
    summary = chen.sync()
    assert summary.received == 6
    assert len(summary.rejected) == 1 and summary.rejected[0].startswith("enterprises/e3")
    ids = {r[0] for r in chen.conn.execute("SELECT id FROM enterprises")}
    assert ids == {"mine", "e0", "e1", "e2", "e4", "e5", "e6"}
    assert int(chen.store.meta(SINCE) or 0) == 7
