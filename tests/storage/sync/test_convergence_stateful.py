"""Sync as a state machine (hypothesis): three laptops edit one enterprise and one visit through
the app's services, sync in any order and settle the conflicts they list; whatever happened,
once every laptop has synced in turn and the conflicts are settled, every store holds what the
server holds, and no conflict was settled that no laptop had listed.

The server runs in-process: one uvicorn on loopback for the module, each example on a central
store of its own behind it."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from diagnosis.register.enterprise import Enterprise
from diagnosis.sync.ports import SyncError
from storage.sync.client_meta import DATA_FIELDS
from storage.sync.server import create_app
from storage.sync.server_db import ServerStore
from tests.storage.sync.conftest import (
    CODE,
    DISTRICT,
    CutOnce,
    Laptop,
    assert_converged,
    make_laptop,
    read_only,
    register_enterprise,
)
from tests.storage.sync.test_server_support import Loopback as Served

uvicorn = pytest.importorskip("uvicorn")

NAMES = ("wang", "chen", "li")
laptop = st.integers(0, len(NAMES) - 1)


class Switch:
    """An ASGI app passing each request to the app of the current example."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


class Loopback(Served):
    """The server on loopback, its app swapped for each example's fresh store."""

    def __init__(self) -> None:
        self.switch = Switch()
        super().__init__(self.switch)


@pytest.fixture(scope="module")
def loopback() -> Iterator[Loopback]:
    server = Loopback()
    yield server
    server.stop()


class SyncMachine(RuleBasedStateMachine):
    def __init__(self, loopback: Loopback) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sync-machine-"))
        self.central_path = self.folder / "central.sqlite"
        self.central = ServerStore(self.central_path)
        loopback.switch.app = create_app(self.central)
        tokens = {name: self.central.add_user(name, "office", []) for name in NAMES}
        self.laps = [make_laptop(self.folder, n, loopback.url, tokens[n], CutOnce) for n in NAMES]
        first = self.laps[0]
        self.eid = register_enterprise(first)
        self.vid = first.desk.start(self.eid, "2024-03-28", NAMES).visit.id
        self.findings = 0
        # every conflict id each laptop has listed
        self.listed: dict[str, set[str]] = {name: set() for name in NAMES}
        self.sync_all(rounds=1)

    # -- helpers --------------------------------------------------------------------------

    def sync(self, lap: Laptop) -> None:
        try:
            summary = lap.sync()
        finally:  # a sync broken off may have pulled conflicts before it stopped
            self.listed[lap.name] |= {c.id for c in lap.client.conflicts()}
        assert summary.rejected == ()

    def sync_all(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            for lap in self.laps:
                self.sync(lap)

    # -- rules: edits through the app's services, syncs, resolutions -----------------------

    @rule(
        i=laptop,
        change=st.sampled_from(
            [
                ("address", "明州路 1 号"),
                ("address", "明州路 2 号"),
                ("contact_person", "陈工"),
                ("contact_person", "王工"),
                ("employees", 100),
                ("employees", 200),
            ]
        ),
    )
    def edit_enterprise(self, i: int, change: tuple[str, Any]) -> None:
        lap = self.laps[i]
        current = lap.register.get(self.eid)
        if current is not None:  # a deleted enterprise is not offered for editing
            lap.register.save(current.with_values(**{change[0]: change[1]}))

    @rule(i=laptop)
    def delete_enterprise(self, i: int) -> None:
        lap = self.laps[i]
        if lap.register.get(self.eid) is not None:
            lap.register.delete(self.eid)

    @rule(i=laptop)
    def register_again(self, i: int) -> None:
        """Registering the code of a deleted enterprise brings its record back."""
        lap = self.laps[i]
        if lap.register.get(self.eid) is None:
            e = Enterprise(name="宁波甬明精密机械有限公司", credit_code=CODE, district=DISTRICT)
            lap.register.save(e, create=True)

    @rule(
        i=laptop,
        item=st.sampled_from(["E01", "E03", "E04"]),
        value=st.sampled_from([None, 2020, 2023, 1200.0]),
    )
    def answer(self, i: int, item: str, value: Any) -> None:
        if item == "E01" and value == 1200.0:
            value = 2021  # E01 is a year
        self.laps[i].desk.answer(self.vid, "energy", item, value)

    @rule(i=laptop, item=st.sampled_from(["E03", "W03"]), text=st.sampled_from(["", "甲", "乙"]))
    def note(self, i: int, item: str, text: str) -> None:
        area = "energy" if item.startswith("E") else "water"
        self.laps[i].desk.note(self.vid, area, item, text)

    @rule(i=laptop)
    def add_finding(self, i: int) -> None:
        self.findings += 1
        self.laps[i].desk.add_finding(self.vid, "energy", "major", f"问题 {self.findings}")

    @rule(i=laptop)
    def sync_one(self, i: int) -> None:
        self.sync(self.laps[i])

    @rule(
        i=laptop,
        request=st.sampled_from(["push", "pull"]),
        when=st.sampled_from(["before", "after"]),
    )
    def sync_broken_off(self, i: int, request: str, when: str) -> None:
        """The connection drops once during this sync (if it gets that far)."""
        lap = self.laps[i]
        transport = lap.client.transport
        assert isinstance(transport, CutOnce)
        transport.cut = (request, when)
        try:
            self.sync(lap)
        except SyncError as exc:
            assert exc.code == "network.interrupted"
        transport.cut = None

    @precondition(lambda self: any(lap.client.conflicts() for lap in self.laps))
    @rule(i=laptop, pick=st.integers(0, 7), ours=st.booleans())
    def resolve(self, i: int, pick: int, ours: bool) -> None:
        listed = self.laps[i].client.conflicts()
        self.listed[self.laps[i].name] |= {c.id for c in listed}
        if not listed:
            return
        c = listed[pick % len(listed)]
        self.laps[i].client.resolve(c.id, c.ours.value if ours else c.theirs.value)

    # -- invariants ------------------------------------------------------------------------

    @invariant()
    def a_clean_row_holds_its_revision(self) -> None:
        """A row not edited here since its last sync is the server's version of its rev, never
        the data as pushed under the rev of a merge (the next edit would overwrite others')."""
        versions = {
            (t, i, rev): (bool(deleted), data)
            for t, i, rev, deleted, data in read_only(
                self.central_path, "SELECT tbl, id, rev, deleted, data FROM versions"
            )
        }
        for lap in self.laps:
            for table, fields in DATA_FIELDS.items():
                columns = ", ".join(f"[{f}]" for f in fields)
                for rid, rev, deleted, *values in lap.conn.execute(
                    f"SELECT id, rev, deleted, {columns} FROM [{table}] WHERE dirty = 0"
                ):
                    version = versions.get((table, rid, rev))
                    assert version is not None, f"{lap.name}: {table}/{rid} at unknown rev {rev}"
                    server = json.loads(version[1])
                    assert (version[0], [server[f] for f in fields]) == (
                        bool(deleted),
                        values,
                    ), f"{lap.name}: clean {table}/{rid} is not rev {rev}"

    # -- the end: everyone syncs, conflicts are settled, every store agrees -----------------

    def teardown(self) -> None:
        try:
            self.settle_and_check()
        finally:
            for lap in self.laps:
                lap.close()
            self.central.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def settle_and_check(self) -> None:
        self.sync_all()
        for _ in range(6):
            busy = [lap for lap in self.laps if lap.client.conflicts()]
            if not busy:
                break
            for c in busy[0].client.conflicts():  # one person settles what they see
                self.listed[busy[0].name].add(c.id)
                busy[0].client.resolve(c.id, c.theirs.value)
            self.sync_all()
        assert_converged(self.laps, self.central_path)
        # every conflict was shown on a laptop, and settled by someone whose laptop listed it
        shown = set().union(*self.listed.values())
        for cid, status, by, ours, ours_by, theirs, theirs_by in read_only(
            self.central_path,
            "SELECT id, status, resolved_by, ours_value, ours_by, theirs_value, theirs_by "
            "FROM conflicts",
        ):
            assert status == "resolved"
            # one account, one laptop here: its own two edits are never a conflict
            assert ours_by != theirs_by, f"conflict {cid}: {ours_by} against themselves"
            if ours == theirs:
                continue  # over: one side came round to the other's value
            assert cid in shown, f"conflict {cid} was never listed"
            assert cid in self.listed[by], f"conflict {cid} settled by {by}, who never saw it"
        counts = read_only(
            self.central_path, "SELECT tbl, count(*) FROM records GROUP BY tbl ORDER BY tbl"
        )
        assert dict(counts).get("visits") == 1 and dict(counts).get("enterprises") == 1
        assert dict(counts).get("findings", 0) == self.findings


def test_sync_state_machine_converges(loopback: Loopback) -> None:
    run_state_machine_as_test(
        lambda: SyncMachine(loopback),  # type: ignore[arg-type]  # a factory is documented
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            derandomize=True,  # the same examples on every run and in CI
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
