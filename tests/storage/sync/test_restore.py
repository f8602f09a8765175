"""Restoring the central store from a backup loses nothing (docs/sync.md "Backup and restore").

Before the store had an identity and a generation, a restored store renumbered new versions into
the range a laptop had already pulled: that laptop's lost edits stayed lost, later edits never
reached it, and every sync said "sent 0, received 0". Here: the whole way through real processes,
the backup and restore commands, the server's own detection of a store put back by hand, and the
laptop's judgement of what it meets (storage.sync.client_reset).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from diagnosis.sync.ports import SyncError
from storage.database import Store
from storage.sync import client_reset
from storage.sync.client_meta import OUTBOX, RESET, SERVER, SINCE, get_json, get_since, put_meta
from storage.sync.errors import SyncRefusal
from storage.sync.server_backup import BackupError, backup, restore
from storage.sync.server_db import ServerStore
from storage.sync.server_identity import highwater_path
from storage.sync.server_office import OfficeMirror
from tests.main_process import run_main
from tests.storage.sync.conftest import (
    CODE,
    DISTRICT,
    Laptop,
    ServerProcess,
    assert_converged,
    make_laptop,
    read_only,
    register_enterprise,
)
from tests.storage.sync.test_server_support import (
    batch,
    change,
    enterprise,
    new_id,
    open_server,
    outcomes,
    valid_code,
)

ROOT = Path(__file__).resolve().parents[3]
SECOND_CODE = valid_code("91330206MA2H7K3Q5")


def enterprise_row(lap: Laptop, enterprise_id: str) -> dict[str, Any]:
    row = lap.conn.execute(
        "SELECT name, address, contact_person, deleted FROM enterprises WHERE id = ?",
        [enterprise_id],
    ).fetchone()
    assert row is not None
    return dict(zip(("name", "address", "contact_person", "deleted"), row, strict=True))


# --- (a) the whole way: server, two laptops, a backup, a restore ---------------------------------


def test_a_restore_between_two_syncs_loses_nothing(
    tmp_path: Path, sync_server: ServerProcess
) -> None:
    url = sync_server.url
    token_a = sync_server.add_user("wang", "office")
    token_b = sync_server.add_user("chen", "office")
    a = make_laptop(tmp_path, "wang", url, token_a)
    b = make_laptop(tmp_path, "chen", url, token_b)
    laps = [a, b]
    try:
        x = register_enterprise(a)
        a.sync()
        b.sync()
        saved = tmp_path / "backups" / "central-monday.sqlite"
        saved.parent.mkdir()
        # Backed up while the server runs: SQLite's online backup.
        made = run_main("server", "backup", str(saved), "--store", str(sync_server.store))
        assert made.returncode == 0, made.stderr
        # A's edit and new enterprise reach the server after the backup: the restore loses them.
        a.edit_enterprise(x, address="宁波市北仑区新碶街道明州路 8 号")
        y = register_enterprise(a, code=SECOND_CODE)
        assert a.sync().sent == 2
        sync_server.stop()
        put_back = run_main("server", "restore", str(saved), "--store", str(sync_server.store))
        assert put_back.returncode == 0, put_back.stderr
        assert "generation 2" in put_back.stdout
        sync_server.start()
        assert sync_server.query("SELECT count(*) FROM records WHERE id = ?", [y]) == [(0,)]

        # B edits another field of the same enterprise, after the restore, through the CLI.
        b.edit_enterprise(x, contact_person="陈工")
        b.close()
        laps.remove(b)
        b_db = tmp_path / "chen" / "diagnosis.sqlite"
        out_b = run_main(
            "sync", "--server", url, "--token", token_b, "--db", str(b_db), "--lang", "en"
        )
        assert out_b.returncode == 0, out_b.stderr
        assert "the server was restored from a backup; re-sent 0 records" in out_b.stdout

        # A syncs: its lost edit and its lost enterprise go back, B's edit comes to it.
        a.close()
        laps.remove(a)
        a_db = tmp_path / "wang" / "diagnosis.sqlite"
        out_a = run_main("sync", "--server", url, "--token", token_a, "--db", str(a_db), "--json")
        assert out_a.returncode == 0, out_a.stderr
        summary = json.loads(out_a.stdout.strip().splitlines()[-1])
        assert summary["server_restored"] is True
        assert summary["resent"] == 2
        assert summary["conflicts"] == 0 and summary["rejected"] == []

        a = make_laptop(tmp_path, "wang", url, token_a)
        b = make_laptop(tmp_path, "chen", url, token_b)
        laps += [a, b]
        b.sync()
        again = a.sync()
        assert not again.server_restored and again.sent == 0
        assert_converged([a, b], sync_server)
        for lap in (a, b):
            assert enterprise_row(lap, x) == {
                "name": "宁波甬明精密机械有限公司",
                "address": "宁波市北仑区新碶街道明州路 8 号",
                "contact_person": "陈工",
                "deleted": 0,
            }
            assert enterprise_row(lap, y)["deleted"] == 0
        # Nothing duplicated: the two enterprises, once each, on the server and the laptops.
        assert sync_server.query("SELECT count(*) FROM records WHERE tbl = 'enterprises'") == [(2,)]
        assert a.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (2,)
    finally:
        for lap in laps:
            lap.close()


# --- (b) the commands, and a store put back by hand -----------------------------------------------


def test_b_backup_and_restore_commands(tmp_path: Path) -> None:
    path = tmp_path / "central.sqlite"
    server = open_server(path)
    first = enterprise(credit_code=CODE, district=DISTRICT)
    eid = new_id()
    try:
        assert outcomes(server.push(server.office, change("enterprises", eid, first))) == [
            "created"
        ]
        before = server.store.identity()
        photos = path.parent / "central-photos"
        photos.mkdir()
        (photos / f"{'a' * 64}.jpg").write_bytes(b"jpeg")
        saved = tmp_path / "saved.sqlite"
        made = backup(path, saved)  # the server's store is open meanwhile
        assert (made.generation, made.seq, made.photos) == (1, 1, 1)
        with pytest.raises(BackupError):  # never over an earlier backup
            backup(path, saved)
        lost = server.push(server.office, change("enterprises", new_id(), enterprise()))
        assert outcomes(lost) == ["created"]
    finally:
        server.store.close()
    (photos / f"{'a' * 64}.jpg").unlink()

    done = restore(saved, path)
    assert (done.generation, done.seq, done.previous, done.other_store) == (2, 1, 1, False)
    assert done.kept is not None and done.kept.is_file()  # the replaced store, kept
    assert (photos / f"{'a' * 64}.jpg").read_bytes() == b"jpeg"
    with ServerStore(path) as central:
        assert central.restored is None  # the command bumped it; nothing found afterwards
        now = central.identity()
        assert now.store_id == before.store_id
        assert now.lineage == ((1, 0), (2, 1))
        assert central.seq() == 1
    assert json.loads(highwater_path(path).read_text())["generation"] == 2

    # Restored again from the same backup: a generation never issued before.
    assert restore(saved, path).generation == 3


def test_b_restore_refuses_while_the_server_runs(
    sync_server: ServerProcess, tmp_path: Path
) -> None:
    saved = tmp_path / "saved.sqlite"
    assert (
        run_main("server", "backup", str(saved), "--store", str(sync_server.store)).returncode == 0
    )
    refused = run_main("server", "restore", str(saved), "--store", str(sync_server.store))
    assert refused.returncode == 2
    assert "stop it first" in refused.stderr and "请先停止" in refused.stderr


def test_b_a_store_put_back_by_hand_gets_a_new_generation(tmp_path: Path) -> None:
    path = tmp_path / "central.sqlite"
    server = open_server(path)
    try:
        server.push(server.office, change("enterprises", new_id(), enterprise()))
        saved = tmp_path / "copy.sqlite"
        backup(path, saved)
        server.push(server.office, change("enterprises", new_id(), enterprise()))
    finally:
        server.store.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(saved, path)  # what an administrator might do by hand
    with ServerStore(path) as central:
        assert central.restored is not None and "below" in central.restored
        assert central.identity().lineage == ((1, 0), (2, 1))
    with ServerStore(path) as central:  # once only
        assert central.restored is None and central.identity().generation == 2


def test_b_a_push_meant_for_another_generation_is_refused_whole(tmp_path: Path) -> None:
    server = open_server(tmp_path / "central.sqlite")
    try:
        identity = server.store.identity()
        body = batch(change("enterprises", new_id(), enterprise()))
        for expect in (
            {"store_id": identity.store_id, "generation": 7, "since": 0},
            {"store_id": str(new_id()), "generation": 1, "since": 0},
            {"since": 5},
        ):
            with pytest.raises(SyncRefusal) as refused:
                server.store.push(server.office.user, {**body, "expect": expect})
            assert refused.value.code == "store.reset" and refused.value.status == 409
        assert server.store.seq() == 0
        fine = {"store_id": identity.store_id, "generation": 1, "since": 0}
        answer = server.store.push(server.office.user, {**body, "expect": fine})
        assert answer["store"] == identity.wire()
        assert server.store.pull(server.office.user, 0)["store"]["generation"] == 1
    finally:
        server.store.close()


def test_b_the_office_mirror_is_rebuilt_for_a_new_generation(tmp_path: Path) -> None:
    path = tmp_path / "central.sqlite"
    server = open_server(path)
    try:
        server.push(server.office, change("enterprises", new_id(), enterprise()))
        saved = tmp_path / "saved.sqlite"
        backup(path, saved)
        lost = new_id()
        server.push(server.office, change("enterprises", lost, enterprise()))
        with OfficeMirror(server.store).service():
            pass  # the mirror holds the record the restore loses, at position 2
    finally:
        server.store.close()
    restore(saved, path)
    with ServerStore(path) as central:
        # The restored store takes new pushes past the mirror's position before it is used.
        for _ in range(3):
            central.push(server.office.user, batch(change("enterprises", new_id(), enterprise())))
        assert central.seq() > 2
        mirror = OfficeMirror(central)
        with mirror.service():
            pass
        ids = {r[0] for r in read_only(mirror.path, "SELECT id FROM enterprises")}
        assert lost not in ids and len(ids) == 4


# --- (c) the laptop's judgement ------------------------------------------------------------------


@pytest.fixture
def laptop(tmp_path: Path) -> Any:
    store = Store(tmp_path / "lap.sqlite", user="wang")
    yield store
    store.close()


def _answer(
    seq: int, generation: int, lineage: list[tuple[int, int]], sid: str = "S1"
) -> dict[str, Any]:
    return {
        "seq": seq,
        "store": {
            "id": sid,
            "generation": generation,
            "lineage": [{"generation": g, "start": s} for g, s in lineage],
        },
    }


def _rows(store: Store, revs: dict[str, int]) -> None:
    """Enterprises synced at the given revisions, clean."""
    with store.transaction():
        for n, (eid, rev) in enumerate(revs.items()):
            store.conn.execute(
                "INSERT INTO enterprises (id, name, credit_code, district, rev, dirty, deleted, "
                "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 0, 0, '', '')",
                [eid, f"企业{n}", valid_code(f"9133020600000{n:04d}"), DISTRICT, rev],
            )
        put_meta(store.conn, SINCE, str(max(revs.values())))


def test_c_fork_point() -> None:
    lineage = ((1, 0), (2, 100), (4, 150))
    assert client_reset.fork_point(1, lineage) == 100
    assert client_reset.fork_point(2, lineage) == 150
    assert client_reset.fork_point(3, lineage) == 0  # a branch abandoned: nothing assumed shared


def test_c_the_first_store_met_is_remembered(laptop: Store) -> None:
    assert client_reset.observe(laptop, _answer(0, 1, [(1, 0)]), 0) is False
    assert get_json(laptop.conn, SERVER, None) == {"id": "S1", "generation": 1}
    assert client_reset.expectation(laptop.conn) == {"store_id": "S1", "generation": 1, "since": 0}
    assert client_reset.observe(laptop, _answer(9, 1, [(1, 0)]), 0) is False


def test_c_a_new_generation_starts_a_reset(laptop: Store) -> None:
    _rows(laptop, {"e-old": 40, "e-lost": 70})
    assert client_reset.observe(laptop, _answer(80, 1, [(1, 0)]), 70) is False
    with laptop.transaction():
        put_meta(laptop.conn, OUTBOX + "000000001", json.dumps({"batch": "b", "changes": []}))
    # Restored from a backup at 50, and already past 70 again with others' pushes.
    assert client_reset.observe(laptop, _answer(90, 2, [(1, 0), (2, 50)]), 70) is True
    pending = client_reset.load(laptop.conn)
    assert pending is not None
    assert (pending.fork, pending.stale) == (50, {"enterprises/e-lost"})
    assert get_since(laptop.conn) == 0
    assert laptop.conn.execute(
        "SELECT count(*) FROM local_meta WHERE key LIKE 'sync.outbox.%'"
    ).fetchone() == (0,)
    assert get_json(laptop.conn, SERVER, None) == {"id": "S1", "generation": 2}
    # The stale row waits for the pull: it is not pushed on the base it has.
    assert client_reset.stale_keys(laptop.conn) == {"enterprises/e-lost"}

    # The pull from 0 brings the server's older version: kept here, based on the fork.
    conn = laptop.conn
    row = conn.execute("SELECT dirty, rev, deleted FROM enterprises WHERE id = 'e-lost'").fetchone()
    local = (*row, *([None] * 17))
    pulled = {"rev": 30, "deleted": False, "data": {"name": "旧名"}}
    with laptop.transaction():
        assert client_reset.settle(conn, "enterprises", "e-lost", pulled, local, pending)
        assert not client_reset.settle(conn, "enterprises", "e-old", pulled, local, pending)
        client_reset.save(conn, pending)  # as each pulled page does
        assert client_reset.finish(conn) == 1
    assert conn.execute("SELECT dirty, rev FROM enterprises WHERE id = 'e-lost'").fetchone() == (
        1,
        30,
    )
    assert get_json(conn, RESET, None) is None


def test_c_a_record_the_server_lacks_goes_as_new(laptop: Store) -> None:
    _rows(laptop, {"e-old": 40, "e-lost": 70})
    client_reset.observe(laptop, _answer(80, 1, [(1, 0)]), 70)
    assert client_reset.observe(laptop, _answer(50, 2, [(1, 0), (2, 50)]), 70) is True
    with laptop.transaction():
        assert client_reset.finish(laptop.conn) == 1
    assert laptop.conn.execute(
        "SELECT dirty, rev FROM enterprises WHERE id = 'e-lost'"
    ).fetchone() == (1, 0)
    assert laptop.conn.execute(
        "SELECT dirty, rev FROM enterprises WHERE id = 'e-old'"
    ).fetchone() == (0, 40)


def test_c_a_position_past_the_servers_sequence_is_a_reset(laptop: Store) -> None:
    _rows(laptop, {"e-old": 40, "e-lost": 70})
    client_reset.observe(laptop, _answer(80, 1, [(1, 0)]), 70)
    # Same store and generation, yet behind this laptop: nothing is assumed shared.
    assert client_reset.observe(laptop, _answer(45, 1, [(1, 0)]), 70) is True
    pending = client_reset.load(laptop.conn)
    assert pending is not None and pending.fork == 0
    assert pending.stale == {"enterprises/e-old", "enterprises/e-lost"}


def test_c_another_store_is_refused_unless_adopted(laptop: Store) -> None:
    _rows(laptop, {"e-old": 40})
    client_reset.observe(laptop, _answer(80, 1, [(1, 0)]), 40)
    with pytest.raises(SyncError) as refused:
        client_reset.observe(laptop, _answer(80, 1, [(1, 0)], sid="S2"), 40)
    assert refused.value.code == "store.other"
    assert get_json(laptop.conn, SERVER, None)["id"] == "S1"  # nothing changed
    assert client_reset.load(laptop.conn) is None
    assert client_reset.observe(laptop, _answer(80, 1, [(1, 0)], sid="S2"), 40, adopt=True)
    pending = client_reset.load(laptop.conn)
    assert pending is not None and pending.fork == 0
    assert get_json(laptop.conn, SERVER, None)["id"] == "S2"


def test_c_a_server_that_does_not_say_is_judged_by_its_sequence(laptop: Store) -> None:
    _rows(laptop, {"e-old": 40})
    assert client_reset.observe(laptop, {"seq": 40}, 40) is False
    assert get_json(laptop.conn, SERVER, None) is None
    assert client_reset.observe(laptop, {"seq": 10}, 40) is True


def test_c_the_sync_dialog_says_the_server_was_restored(qtbot: Any) -> None:
    from diagnosis.sync.ports import SyncSummary
    from gui.sync.dialog import SyncDialog

    def no_service() -> Any:
        raise AssertionError("not started here")

    dialog = SyncDialog(no_service, "https://office:8765", "wang")
    qtbot.addWidget(dialog)
    dialog._show_summary(SyncSummary(sent=3, received=5, conflicts=0))
    assert "restored" not in dialog.details.toPlainText()
    dialog._show_summary(
        SyncSummary(sent=3, received=5, conflicts=0, server_restored=True, resent=3)
    )
    assert "The server was restored from a backup; re-sent 3 records." in (
        dialog.details.toPlainText()
    )
