"""Acceptance of sync (docs/sync.md, DESIGN invariant 4) against the real server on 127.0.0.1:
laptops edit offline through the app's own services, sync in turn, and end up holding the same
records as the server, with every edit kept once, every hard conflict shown on every laptop
until a person settles it, and nothing a consultant may not change reaching anyone."""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from PIL import Image

from diagnosis.checklists.load import load_checklist
from diagnosis.measures.proposals import Decision
from diagnosis.sync.ports import ConflictView, SyncError
from storage.migrations import answer_id
from storage.sync.client_meta import DATA_FIELDS
from storage.sync.transport import HttpTransport
from tests.storage.sync.conftest import (
    CODE,
    DISTRICT,
    OTHER_DISTRICT,
    CutOnce,
    Laptop,
    ServerProcess,
    Snapshot,
    assert_converged,
    register_enterprise,
    snapshot,
    sync_in_turn,
)

NAMES = ("wang", "chen", "li")
Make = Callable[..., Laptop]
T = TypeVar("T")
# A record changed twice by one batch: a batch applied more than once.
TWICE = "SELECT batch, tbl, id FROM versions GROUP BY batch, tbl, id HAVING count(*) > 1"


# --- 1. the same enterprise and the same visit edited offline on two and three laptops ----------


def _team(laptops: Make, n: int) -> tuple[list[Laptop], str, str]:
    """n office laptops holding one enterprise and one visit (E03 answered) at the same rev."""
    laps = [laptops(name) for name in NAMES[:n]]
    first = laps[0]
    eid = register_enterprise(first)
    vid = first.desk.start(eid, "2024-03-28", NAMES[:n]).visit.id
    first.desk.answer(vid, "energy", "E03", 1000.0)
    sync_in_turn(laps, rounds=1)
    assert_converged(laps)
    return laps, eid, vid


def _listed(lap: Laptop) -> dict[str, ConflictView]:
    return {c.id: c for c in lap.client.conflicts()}


def _values(views: dict[str, ConflictView], record_id: str, field: str) -> set[str]:
    return {
        v
        for c in views.values()
        if (c.record_id, c.field) == (record_id, field)
        for v in (c.ours.value, c.theirs.value)
    }


ENTERPRISE_EDITS: dict[str, list[dict[str, Any]]] = {
    "different_fields": [
        {"address": "新碶街道明州路 1 号"},
        {"contact_person": "陈工"},
        {"employees": 120},
    ],
    "same_value": [{"address": "新碶街道明州路 1 号"}] * 3,
    "different_values": [{"address": f"明州路 {n} 号"} for n in (1, 2, 3)],
}


def _edit_enterprise(laps: list[Laptop], eid: str, case: str) -> None:
    if case in ENTERPRISE_EDITS:
        for lap, values in zip(laps, ENTERPRISE_EDITS[case], strict=False):
            lap.edit_enterprise(eid, **values)
        return
    laps[0].register.delete(eid)  # delete_vs_edit, edit_vs_delete
    for lap in laps[1:]:
        lap.edit_enterprise(eid, address="新碶街道明州路 1 号", employees=120)


def _edit_visit(laps: list[Laptop], vid: str, case: str) -> None:
    if case == "different_fields":
        # notes, measures, an answer and a finding: four writers of one visit
        laps[0].desk.note(vid, "energy", "E03", "按月抄表")
        laps[1].desk.decide(vid, Decision(None, custom=True, title="空压机变频改造"))
        if len(laps) > 2:
            laps[2].desk.answer(vid, "safety", "SC01", "yes")
            laps[2].desk.add_finding(vid, "safety", "major", "消防通道堵塞")
        return
    if case == "same_value":
        for lap in laps:
            lap.desk.answer(vid, "energy", "E03", 1200.0)  # answered before on every laptop
            lap.desk.answer(vid, "energy", "E04", 50.0)  # new on every laptop: base_rev 0
            lap.desk.note(vid, "energy", "E03", "按月抄表")
        return
    if case == "different_values":
        for lap, (value, text) in zip(
            laps, [(1300.0, "甲"), (1250.0, "乙"), (1275.0, "丙")], strict=False
        ):
            lap.desk.answer(vid, "energy", "E03", value)
            lap.desk.answer(vid, "energy", "E04", value / 10)  # new on every laptop
            lap.desk.note(vid, "energy", "E03", text)
        return
    laps[0].desk.answer(vid, "energy", "E03", None)  # cleared: the answer's tombstone
    for lap in laps[1:]:
        lap.desk.answer(vid, "energy", "E03", 1250.0)


CASES = ("different_fields", "same_value", "different_values", "delete_vs_edit", "edit_vs_delete")


@pytest.mark.parametrize("n", [2, 3])
@pytest.mark.parametrize("kind", ["enterprise", "visit"])
@pytest.mark.parametrize("case", CASES)
def test_offline_edits_of_one_record_converge(
    laptops: Make, sync_server: ServerProcess, n: int, kind: str, case: str
) -> None:
    laps, eid, vid = _team(laptops, n)
    if kind == "enterprise":
        _edit_enterprise(laps, eid, case)
    else:
        _edit_visit(laps, vid, case)
    # The one who deleted syncs first, or last.
    order = laps[::-1] if case == "edit_vs_delete" else laps
    summaries = sync_in_turn(order, rounds=2)
    assert all(s.rejected == () for s in summaries)
    listed = [_listed(lap) for lap in laps]

    if case in ("different_fields", "same_value"):
        assert listed == [{}] * n and [s.conflicts for s in summaries] == [0] * len(summaries)
        assert sync_server.query("SELECT count(*) FROM conflicts") == [(0,)]
        final = assert_converged(laps, sync_server)
        _check_merged(laps[0], eid, vid, kind, case, n)
        assert final["enterprises"][eid][0] is False
        return

    # A hard conflict: every laptop lists the same ones, with every value that was made.
    assert all(views.keys() == listed[0].keys() for views in listed)
    views = listed[0]
    assert views, "no conflict was listed"
    server_open = {r[0] for r in sync_server.query("SELECT id FROM conflicts WHERE status='open'")}
    assert server_open == views.keys()
    if case == "different_values":
        for record_id, field, made in _made_values(eid, vid, kind, n):
            assert _values(views, record_id, field) == made
        # the person picks the competing value (for a field in two conflicts, the last one's)
        choice = {(c.record_id, c.field): c.theirs.value for c in views.values()}
    else:
        assert {c.field for c in views.values()} == {"deleted"}
        record_id = eid if kind == "enterprise" else answer_id(vid, "energy", "E03")
        assert _values(views, record_id, "deleted") == {"true", "false"}
        choice = {(record_id, "deleted"): "false" if case == "delete_vs_edit" else "true"}
    resolver = laps[-1]
    for c in resolver.client.conflicts():
        resolver.client.resolve(c.id, choice[(c.record_id, c.field)])
    assert resolver.client.conflicts() == []
    sync_in_turn(laps, rounds=2)
    final = assert_converged(laps, sync_server)
    assert sync_server.query("SELECT count(*) FROM conflicts WHERE status = 'resolved'") == [
        (len(views),)
    ]
    _check_resolved(final, eid, vid, kind, case, choice)


def _made_values(eid: str, vid: str, kind: str, n: int) -> list[tuple[str, str, set[str]]]:
    """(record, field, every value the laptops gave it) of the different_values case."""
    if kind == "enterprise":
        return [(eid, "address", {f"明州路 {k} 号" for k in (1, 2, 3)[:n]})]
    values = (1300.0, 1250.0, 1275.0)[:n]
    notes = [json.dumps({"energy": {"E03": t}}, ensure_ascii=False) for t in "甲乙丙"[:n]]
    return [
        (answer_id(vid, "energy", "E03"), "value", {str(v) for v in values}),
        (answer_id(vid, "energy", "E04"), "value", {str(v / 10) for v in values}),
        (vid, "notes", set(notes)),
    ]


def _check_merged(lap: Laptop, eid: str, vid: str, kind: str, case: str, n: int) -> None:
    if kind == "enterprise":
        e = lap.register.get(eid)
        assert e is not None
        assert e.address == "新碶街道明州路 1 号"
        if case == "different_fields":
            assert e.contact_person == "陈工"
            assert e.employees == (120 if n == 3 else None)
        return
    doc = lap.desk.open(vid)
    assert doc.notes == {"energy": {"E03": "按月抄表"}}
    if case == "same_value":
        assert lap.answers(vid) == {"energy/E03": 1200.0, "energy/E04": 50.0}
        return
    assert [m.get("title") for m in doc.measures] == ["空压机变频改造"]
    if n == 3:
        assert lap.answers(vid) == {"energy/E03": 1000.0, "safety/SC01": "yes"}
        assert [f.text for f in doc.findings] == ["消防通道堵塞"]


def _field(final: Snapshot, table: str, record_id: str, field: str) -> Any:
    """A data field (or "deleted") of a record in a snapshot."""
    deleted, _rev, *values = final[table][record_id]
    return deleted if field == "deleted" else values[DATA_FIELDS[table].index(field)]


def _check_resolved(
    final: Snapshot, eid: str, vid: str, kind: str, case: str, choice: dict[tuple[str, str], str]
) -> None:
    for (record_id, field), value in choice.items():
        table = (
            "enterprises" if kind == "enterprise" else "visits" if field == "notes" else "answers"
        )
        expected: Any = value == "true" if field == "deleted" else value
        assert _field(final, table, record_id, field) == expected
    if case == "different_values":
        return
    # the edits made beside the delete merged, whichever way it was settled
    if kind == "enterprise":
        assert _field(final, "enterprises", eid, "address") == "新碶街道明州路 1 号"
    else:
        assert _field(final, "answers", answer_id(vid, "energy", "E03"), "value") == "1250.0"


def answerable(area: str, turn: int = 0) -> list[tuple[str, Any]]:
    """Every item of ``area`` answered by one value or choice, each valid, varying with ``turn``."""
    out: list[tuple[str, Any]] = []
    for item in load_checklist(area).items:
        if item.type == "number":
            out.append((item.id, (item.minimum or 0.0) + 1.0 + turn))
        elif item.type in ("single", "yes_no"):
            out.append((item.id, item.options[turn % len(item.options)].value))
    return out


def test_team_fills_one_visit_on_two_laptops_without_conflict(
    laptops: Make, sync_server: ServerProcess
) -> None:
    energy, safety = laptops("energy_expert"), laptops("safety_expert")
    eid = register_enterprise(energy)
    vid = energy.desk.start(eid, "2024-03-28", ["energy_expert", "safety_expert"]).visit.id
    energy.sync()
    safety.sync()
    filled: dict[str, Any] = {}
    for lap, area, items in (
        (energy, "energy", answerable("energy")),
        (safety, "safety", answerable("safety")),
    ):
        for item, value in items:
            lap.desk.answer(vid, area, item, value)
            filled[f"{area}/{item}"] = value
        lap.desk.note(vid, area, items[0][0], f"{area} 备注")
        lap.desk.add_finding(vid, area, "major", f"{area} 问题")
    for lap in (energy, safety, energy):
        summary = lap.sync()
        assert (summary.conflicts, summary.rejected) == (0, ()), lap.client.conflicts()
    assert_converged([energy, safety], sync_server)
    for lap in (energy, safety):
        doc = lap.desk.open(vid)
        assert lap.answers(vid) == filled
        assert doc.notes == {"energy": {"E01": "energy 备注"}, "safety": {"SC01": "safety 备注"}}
        assert sorted(f.text for f in doc.findings) == ["energy 问题", "safety 问题"]
    assert sync_server.query("SELECT count(*) FROM conflicts") == [(0,)]


# --- 3. the connection cut at random points -------------------------------------------------------


class FlakyTransport(HttpTransport):
    """Cuts the connection on a seeded share of requests: before the request leaves (the server
    never sees it), or after the server has acted on it but before its answer arrives."""

    def __init__(self, base_url: str, token: str, rng: random.Random, rate: float) -> None:
        super().__init__(base_url, token)
        self.rng = rng
        self.rate = rate
        self.cuts = {"before": 0, "after": 0}

    def _flaky(self, call: Callable[[], T]) -> T:
        roll = self.rng.random()
        if roll < self.rate / 2:
            self.cuts["before"] += 1
            raise SyncError("network.interrupted", "cut before the request was sent")
        answer = call()
        if roll < self.rate:
            self.cuts["after"] += 1
            raise SyncError("network.interrupted", "cut after the server had acted")
        return answer

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._flaky(lambda: HttpTransport.push(self, body))

    def pull(self, since: int, limit: int) -> dict[str, Any]:
        return self._flaky(lambda: HttpTransport.pull(self, since, limit))

    def photo_status(self, sha: str) -> dict[str, Any]:
        return self._flaky(lambda: HttpTransport.photo_status(self, sha))

    def put_photo(
        self, sha: str, offset: int, data: bytes, size: int | None = None
    ) -> dict[str, Any]:
        return self._flaky(lambda: HttpTransport.put_photo(self, sha, offset, data, size))

    def get_photo(self, sha: str) -> bytes:
        return self._flaky(lambda: HttpTransport.get_photo(self, sha))


def credit_code(n: int) -> str:
    from diagnosis.register import credit_code as cc

    body = f"{71119200 + n:08d}"
    return cc.complete("91" + DISTRICT + body + (cc.body_check_character(body) or "0"))


def _photo(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (64, 48), colour).save(path, "JPEG")
    return path


@pytest.mark.parametrize("seed", [11, 22, 33])
def test_connection_cut_at_random_points_loses_and_duplicates_nothing(
    tmp_path: Path, laptops: Make, sync_server: ServerProcess, seed: int
) -> None:
    rng = random.Random(seed)
    flaky: dict[str, FlakyTransport] = {}

    def transport(url: str, token: str) -> HttpTransport:
        made = FlakyTransport(url, token, random.Random(rng.random()), rate=0.0)
        flaky[token] = made
        return made

    laps = [laptops(name, transport=transport) for name in NAMES]
    first = laps[0]
    shared = register_enterprise(first)
    vid = first.desk.start(shared, "2024-03-28", NAMES).visit.id
    sync_in_turn(laps, rounds=1)
    for t in flaky.values():
        t.rate = 0.35

    areas = {"wang": "energy", "chen": "water", "li": "cleaner_production"}
    fields = {"wang": "address", "chen": "contact_person", "li": "employees"}
    answers: dict[str, Any] = {}
    shared_values: dict[str, Any] = {}
    own: dict[str, tuple[str, float]] = {}  # laptop -> (its enterprise, tax)
    findings: dict[str, str] = {}
    notes: dict[str, dict[str, str]] = {}
    photos: set[str] = set()

    def edit(lap: Laptop, turn: int) -> None:
        """A few edits of ``lap``'s own part, remembered as what every store must end with."""
        area = areas[lap.name]
        items = answerable(area, turn)
        for item, value in rng.sample(items, 4):
            lap.desk.answer(vid, area, item, value)
            answers[f"{area}/{item}"] = value
        if turn == 2:  # clear one answer: its tombstone must win everywhere too
            cleared = rng.choice(sorted(k for k in answers if k.startswith(area + "/")))
            lap.desk.answer(vid, area, cleared.split("/")[1], None)
            del answers[cleared]
        field = fields[lap.name]
        shared_values[field] = 100 + turn if field == "employees" else f"{lap.name} 第 {turn} 版"
        lap.edit_enterprise(shared, **{field: shared_values[field]})
        if lap.name not in own:
            code = credit_code(len(own) + 1)
            e = register_enterprise(lap, code=code)
            own[lap.name] = (e, 0.0)
        e, tax = own[lap.name]
        lap.edit_enterprise(e, tax=tax + 1.5)
        own[lap.name] = (e, tax + 1.5)
        notes[area] = {items[0][0]: f"{lap.name} 第 {turn} 版"}
        lap.desk.note(vid, area, items[0][0], notes[area][items[0][0]])
        colour = (turn * 60, 40 * NAMES.index(lap.name), 160)
        paths = [_photo(tmp_path / f"{lap.name}-{turn}.jpg", colour)] if turn < 2 else []
        finding = lap.desk.add_finding(vid, area, "major", f"{lap.name} 问题 {turn}", paths)
        findings[finding.id] = finding.text
        photos.update(finding.photos)

    settling = False  # the last rounds only sync: an edit then would reach nobody before us

    def sync_until_done(lap: Laptop) -> None:
        for _attempt in range(100):
            try:
                lap.sync()
                return
            except SyncError as exc:
                assert exc.code == "network.interrupted", exc
                if not settling and rng.random() < 0.3:  # edited again while broken off
                    edit(lap, 3)
        raise AssertionError(f"{lap.name} never finished a sync")

    for turn in range(3):
        for lap in laps:
            edit(lap, turn)
        for lap in rng.sample(laps, len(laps)):
            sync_until_done(lap)
    settling = True
    for _ in range(2):
        for lap in laps:
            sync_until_done(lap)

    cuts = [t.cuts for t in flaky.values()]
    assert sum(c["before"] for c in cuts) > 0 and sum(c["after"] for c in cuts) > 0
    final = assert_converged(laps, sync_server)
    for lap in laps:
        assert lap.answers(vid) == answers
        e = lap.register.get(shared)
        assert e is not None
        assert {f: getattr(e, f) for f in shared_values} == shared_values
        for eid, tax in own.values():
            mine = lap.register.get(eid)
            assert mine is not None and mine.tax == tax
        doc = lap.desk.open(vid)
        assert {f.id: f.text for f in doc.findings} == findings
        assert doc.notes == notes
        assert all(lap.photos.has(sha) for sha in photos)
    # nothing twice: exactly the records made, one visit (no revision), every batch once
    assert sync_server.query(TWICE) == []
    counts = {t: sum(1 for r in rows.values() if not r[0]) for t, rows in final.items()}
    assert counts == {
        "enterprises": 1 + len(own),
        "visits": 1,
        "answers": len(answers),
        "findings": len(findings),
    }


def _cut(lap: Laptop, request: str, when: str) -> None:
    assert isinstance(lap.client.transport, CutOnce)
    lap.client.transport.cut = (request, when)
    with pytest.raises(SyncError):
        lap.sync()


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_field_edited_again_after_a_broken_sync_conflicts_with_nobody(
    laptops: Make, sync_server: ServerProcess, when: str
) -> None:
    wang, chen = laptops("wang", transport=CutOnce), laptops("chen")
    eid = register_enterprise(wang)
    sync_in_turn([wang, chen], rounds=1)
    wang.edit_enterprise(eid, address="明州路 1 号")
    _cut(wang, "push", when)  # the batch stays in the outbox, applied or not
    chen.edit_enterprise(eid, contact_person="陈工")
    chen.sync()
    wang.edit_enterprise(eid, address="明州路 2 号")  # a second thought, same field
    sync_in_turn([wang, chen, wang], rounds=1)
    assert wang.client.conflicts() == []
    sync_in_turn([wang, chen], rounds=1)
    assert_converged([wang, chen], sync_server)
    e = chen.register.get(eid)
    assert e is not None and (e.address, e.contact_person) == ("明州路 2 号", "陈工")


@pytest.mark.parametrize("field", ["tax", "address"])
def test_an_edit_after_a_merged_push_whose_pull_broke_off_overwrites_nothing(
    laptops: Make, sync_server: ServerProcess, field: str
) -> None:
    wang, chen = laptops("wang", transport=CutOnce), laptops("chen")
    eid = register_enterprise(wang)
    sync_in_turn([wang, chen], rounds=1)
    chen.edit_enterprise(eid, contact_person="陈工")
    chen.sync()
    wang.edit_enterprise(eid, address="明州路 1 号")
    _cut(wang, "pull", "before")  # pushed and merged with chen's edit, never pulled
    wang.edit_enterprise(eid, **{field: 12.5 if field == "tax" else "明州路 2 号"})
    sync_in_turn([wang, chen], rounds=2)
    assert_converged([wang, chen], sync_server)
    e = chen.register.get(eid)
    assert e is not None and e.contact_person == "陈工"  # not reverted by wang's stale copy
    assert (e.tax, e.address) == (
        (12.5, "明州路 1 号") if field == "tax" else (None, "明州路 2 号")
    )


# --- 4. the server killed mid-batch and started again on the same store ---------------------------


class KillDuringSecondPush(HttpTransport):
    """Says when the second push has left, and lets nothing else leave until the test has
    killed the server: the kill always lands inside the sync, during or after that batch."""

    def __init__(self, base_url: str, token: str) -> None:
        super().__init__(base_url, token)
        self.pushes = 0
        self.sending = threading.Event()
        self.killed = threading.Event()

    def push(self, body: dict[str, Any]) -> dict[str, Any]:
        self.pushes += 1
        if self.pushes != 2:
            return super().push(body)
        self.sending.set()
        try:
            return super().push(body)
        finally:
            assert self.killed.wait(30)


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15])
def test_server_killed_mid_batch_applies_it_once(
    laptops: Make, sync_server: ServerProcess, delay: float
) -> None:
    wang = laptops("wang", transport=KillDuringSecondPush)
    chen = laptops("chen")
    eid = register_enterprise(wang)
    areas = ("intelligent_manufacturing", "energy", "water", "cleaner_production", "safety")
    questions = [(area, item, value) for area in areas for item, value in answerable(area)]
    # Enough visits for 2 000 answers however many questions the newest checklists ask.
    count = -(-2000 // len(questions))
    visits = [wang.desk.start(eid, "2024-03-28", ["wang"]).visit.id for _ in range(count)]
    wang.sync()
    made = [(vid, *q) for vid in visits for q in questions][:2000]
    for vid, area, item, value in made:
        wang.desk.answer(vid, area, item, value)
    assert wang.client.unsynced() == 2000

    transport = wang.client.transport
    assert isinstance(transport, KillDuringSecondPush)
    transport.pushes = 0
    failure: list[BaseException] = []

    def run() -> None:
        try:
            wang.sync()
        except BaseException as exc:
            failure.append(exc)

    syncing = threading.Thread(target=run)
    syncing.start()
    assert transport.sending.wait(60), "the second batch was never sent"
    if delay:
        threading.Event().wait(delay)
    sync_server.kill()  # SIGKILL, mid-batch or just after it
    transport.killed.set()
    syncing.join(60)
    assert not syncing.is_alive()
    assert len(failure) == 1  # a SyncError (one that says what it means for the user)
    assert isinstance(failure[0], SyncError)
    assert failure[0].code in ("network.interrupted", "network.unreachable")

    sync_server.start()
    assert sync_server.query("PRAGMA integrity_check") == [("ok",)]
    wang.sync()
    chen.sync()
    assert_converged([wang, chen], sync_server)
    ids = {answer_id(vid, area, item) for vid, area, item, _ in made}
    assert len(ids) == 2000 and set(snapshot(chen.conn)["answers"]) == ids
    # every answer applied exactly once: one version each, one batch per 500
    per_answer = sync_server.query(
        "SELECT count(*), min(n), max(n) FROM "
        "(SELECT count(*) AS n FROM versions WHERE tbl = 'answers' GROUP BY id)"
    )
    assert per_answer == [(2000, 1, 1)]
    batches = sync_server.query("SELECT count(DISTINCT batch) FROM versions WHERE tbl = 'answers'")
    assert batches == [(4,)] and sync_server.query(TWICE) == []
    assert wang.answers(visits[-1]) == chen.answers(visits[-1]) != {}


# --- 5. access: tokens, districts, malformed requests -------------------------------------------


def _refused(response: httpx.Response, status: int, code: str) -> None:
    assert (response.status_code, response.json()["code"]) == (status, code), response.text


def test_requests_without_a_valid_token_get_401(sync_server: ServerProcess) -> None:
    token = sync_server.add_user("wang")
    gone = sync_server.add_user("chen")
    sync_server.revoke("chen")
    requests: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", "/api/v1/me", {}),
        ("GET", "/api/v1/pull", {"params": {"since": 0}}),
        ("POST", "/api/v1/push", {"json": {"batch": str(uuid.uuid4()), "changes": []}}),
        ("GET", f"/api/v1/photos/{'a' * 64}/status", {}),
        ("PUT", f"/api/v1/photos/{'a' * 64}", {"content": b"x"}),
        ("GET", f"/api/v1/photos/{'a' * 64}", {}),
    ]
    with sync_server.client() as anonymous:
        for method, url, kwargs in requests:
            _refused(anonymous.request(method, url, **kwargs), 401, "auth.missing")
            basic = anonymous.request(
                method, url, headers={"Authorization": "Basic eDp5"}, **kwargs
            )
            _refused(basic, 401, "auth.missing")
    for wrong in ("not-a-token", token + "x", gone):
        with sync_server.client(wrong) as client:
            for method, url, kwargs in requests:
                response = client.request(method, url, **kwargs)
                _refused(response, 401, "auth.invalid")
                assert response.headers["www-authenticate"] == "Bearer"
    with sync_server.client(token) as wang:
        assert wang.get("/api/v1/me").json()["name"] == "wang"
    # nothing reached the store
    assert sync_server.query("SELECT count(*) FROM records") == [(0,)]


def test_a_consultants_change_outside_their_districts_is_rejected_and_reaches_nobody(
    laptops: Make, sync_server: ServerProcess
) -> None:
    office, other = laptops("office"), laptops("li")
    zhao = laptops("zhao", role="consultant", districts=[DISTRICT])
    # an enterprise of another district, on a visit whose team names zhao: zhao sees both
    foreign = register_enterprise(office, district=OTHER_DISTRICT)
    vid = office.desk.start(foreign, "2024-03-28", ["zhao"]).visit.id
    sync_in_turn([office, other, zhao], rounds=1)
    assert zhao.register.get(foreign) is not None
    zhao.edit_enterprise(foreign, address="改了别区的企业", tax=9.0)
    mine = register_enterprise(zhao, code=credit_code(1))  # in zhao's own district
    elsewhere = register_enterprise(zhao, district=OTHER_DISTRICT, code=credit_code(2))
    zhao.desk.answer(vid, "energy", "E03", 1200.0)  # the visit is theirs to fill

    summary = zhao.sync()
    rejected = sorted(summary.rejected)
    assert len(rejected) == 2
    assert {r.split(":")[0] for r in rejected} == {
        f"enterprises/{foreign}",
        f"enterprises/{elsewhere}",
    }
    assert all(": auth.forbidden: " in r for r in rejected)
    sync_in_turn([office, other], rounds=1)
    for lap in (office, other):
        e = lap.register.get(foreign)
        assert e is not None and (e.address, e.tax) == ("", None)
        assert lap.register.get(elsewhere) is None
        assert lap.register.get(mine) is not None
        assert lap.answers(vid) == {"energy/E03": 1200.0}
    server = {r[0]: r[1] for r in sync_server.query("SELECT id, rev FROM records")}
    assert elsewhere not in server
    versions = sync_server.query("SELECT count(*) FROM versions WHERE id = ?", [foreign])
    assert versions == [(1,)]
    # rejected rows stay unsynced on zhao's laptop, refused again (not lost, not applied)
    assert zhao.client.unsynced() == 2
    assert len(zhao.sync().rejected) == 2


MALFORMED_BODIES: list[tuple[bytes, int, str]] = [
    (b"not json", 400, "request.malformed"),
    (b"", 400, "request.malformed"),
    (b'{"batch": ', 400, "request.malformed"),
    (b"[" * 100_000, 400, "request.malformed"),
    (b'{"batch": NaN, "changes": []}', 400, "request.malformed"),
    (b"[]", 422, "request.malformed"),
    (b'"text"', 422, "request.malformed"),
    (b'{"changes": []}', 422, "request.malformed"),
    (b'{"batch": 5, "changes": []}', 422, "request.malformed"),
    (b'{"batch": "not-a-uuid", "changes": []}', 422, "request.malformed"),
]


def _batch(changes: Any) -> bytes:
    return json.dumps({"batch": str(uuid.uuid4()), "changes": changes}).encode()


def test_malformed_requests_get_4xx_with_a_code_never_500(sync_server: ServerProcess) -> None:
    token = sync_server.add_user("wang")
    data: dict[str, Any] = {f: None for f in DATA_FIELDS["enterprises"]}
    data.update(name="甬明", credit_code=CODE, district=DISTRICT, above_scale=0, willing=0)
    data.update(address="", contact_person="", contact_phone="")
    good: dict[str, Any] = {
        "table": "enterprises",
        "id": str(uuid.uuid4()),
        "base_rev": 0,
        "deleted": False,
        "updated_at": "2024-03-28T08:00:00Z",
        "data": data,
        "resolves": [],
    }
    bodies = [
        *MALFORMED_BODIES,
        (_batch("x"), 422, "request.malformed"),
        (_batch([1, 2]), 422, "request.malformed"),
        (_batch([{**good, "base_rev": "0"}]), 422, "request.malformed"),
        (_batch([{**good, "deleted": "no"}]), 422, "request.malformed"),
        (_batch([{**good, "resolves": "name"}]), 422, "request.malformed"),
        (_batch([good] * 600), 413, "batch.too_large"),
    ]
    with sync_server.client(token) as wang:
        for body, status, code in bodies:
            response = wang.post(
                "/api/v1/push", content=body, headers={"Content-Type": "application/json"}
            )
            _refused(response, status, code)
        # a change with wrong data types is rejected, the batch itself answered
        wrong = {**good, "data": {**data, "employees": "many"}}
        pushed = wang.post("/api/v1/push", content=_batch([wrong])).json()
        [result] = pushed["results"]
        assert (result["outcome"], result["code"]) == ("rejected", "request.malformed")
        assert sync_server.query("SELECT count(*) FROM records") == [(0,)]
        for params in ({"since": -1}, {"since": "x"}, {"limit": 0}, {"limit": 5000}):
            _refused(wang.get("/api/v1/pull", params=params), 422, "request.malformed")
        _refused(wang.get("/api/v1/photos/not-a-sha/status"), 422, "request.malformed")
        _refused(wang.delete("/api/v1/push"), 405, "request.malformed")
        _refused(wang.get("/api/v1/nowhere"), 404, "not_found")
        # seeded garbage in one place of a change: a 4xx or a rejection, never a 500
        rng = random.Random(7)
        junk: list[Any] = [None, True, -1, 2**70, 1.5, "", "x" * 300, [], {}, [1], {"a": 1}]
        outcomes: set[str] = set()
        for n in range(150):
            code = credit_code(100 + n)  # one live enterprise per credit code
            change: dict[str, Any] = {**good, "id": str(uuid.uuid4())}
            change["data"] = {**data, "credit_code": code}
            key = rng.choice([*change, *data])
            target = change if key in change else change["data"]
            target[key] = rng.choice(junk)
            response = wang.post("/api/v1/push", content=_batch([change]))
            assert response.status_code < 500, response.text
            body = response.json()
            assert "code" in body or "results" in body, body
            outcomes.update(r["outcome"] for r in body.get("results", []))
        assert outcomes == {"created", "rejected"}


def test_a_resolution_settles_only_the_conflicts_its_laptop_listed(
    laptops: Make, sync_server: ServerProcess
) -> None:
    wang, chen, li = laptops("wang"), laptops("chen"), laptops("li")
    eid = register_enterprise(wang)
    sync_in_turn([wang, chen, li], rounds=1)
    wang.edit_enterprise(eid, address="明州路 1 号")
    chen.edit_enterprise(eid, address="明州路 2 号")
    sync_in_turn([wang, chen, wang], rounds=1)
    [first] = wang.client.conflicts()
    li.edit_enterprise(eid, address="明州路 3 号")  # offline all along: a second conflict
    li.sync()
    wang.client.resolve(first.id, "明州路 2 号")  # settles what wang was shown
    wang.sync()
    sync_in_turn([wang, chen, li], rounds=1)
    # li's value was never shown to anyone: its conflict stays open, listed everywhere
    listed = [{c.theirs.value for c in lap.client.conflicts()} for lap in (wang, chen, li)]
    assert listed == [{"明州路 3 号"}] * 3
    [second] = li.client.conflicts()
    assert second.id != first.id
    li.client.resolve(second.id, "明州路 3 号")
    sync_in_turn([li, wang, chen], rounds=2)
    assert_converged([wang, chen, li], sync_server)
    e = wang.register.get(eid)
    assert e is not None and e.address == "明州路 3 号"
