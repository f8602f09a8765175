"""What is checked of a store and when (storage.store_check): the cheap check on open still
refuses a damaged file before any write; the whole-file check finds what it alone can, and a
store found damaged then refuses writes; an unclean shutdown makes the next open owe that check;
``store check`` says so by its exit code."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage import sqlite_cipher, store_check
from storage.database import Store, StoreError
from storage.store_file import FULL, QUICK, check_integrity
from tests.main_process import ROOT, run_main


def _with_rows(path: Path) -> None:
    store = Store(path, user="tester")
    try:
        store.write("enterprises", [_firm(i) for i in range(30)])
        # A table of the test's own with an index (nothing in the app reads it).
        store.conn.execute("CREATE TABLE t (x INTEGER, y INTEGER)")
        store.conn.execute("CREATE INDEX t_x ON t(x)")
        store.conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, 1000 - i) for i in range(50)])
    finally:
        store.close()


def _firm(i: int) -> dict[str, object]:
    return {"id": f"id-{i:04d}", "name": f"企业{i}", "credit_code": f"CODE{i:014d}"}


def _index_disagrees(path: Path) -> None:
    """Damage that only the whole-file check finds: index t_x now claims to be on y, and none
    of its entries match. Every page still reads and authenticates."""
    from storage.keys import key_for

    conn = sqlite_cipher.connect(path, key_for(path, create=False).raw)
    try:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX t_x ON t(y)' WHERE name='t_x'")
        conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.close()


def test_store_check_open_check_passes_what_only_the_full_check_finds(store_path: Path) -> None:
    _with_rows(store_path)
    _index_disagrees(store_path)
    from storage.keys import key_for

    key = key_for(store_path, create=False)
    check_integrity(store_path, key, None, QUICK)  # every page fine
    with pytest.raises(StoreError) as found:
        check_integrity(store_path, key, None, FULL)
    assert found.value.message.code == "store.corrupt"
    assert "t_x" in found.value.message.text("en")


def test_store_check_full_check_after_open_reports_damage_and_stops_writes(
    store_path: Path,
) -> None:
    _with_rows(store_path)
    _index_disagrees(store_path)
    store = Store(store_path, user="tester")  # opens: the open check passes
    try:
        store.write("enterprises", [_firm(100)])  # work goes on until the damage is known
        check = store.start_full_check()
        error = store.note_full_check(check)
        assert error is not None and error.message.code == "store.corrupt"
        with pytest.raises(StoreError):
            store.write("enterprises", [_firm(101)])
        count = store.conn.execute("SELECT count(*) FROM enterprises").fetchone()[0]
        assert count == 31  # reads still work; the refused write wrote nothing
    finally:
        store.close()


def test_store_check_truncated_file_refused_on_open(store_path: Path) -> None:
    _with_rows(store_path)
    data = store_path.read_bytes()
    store_path.write_bytes(data[: len(data) - 4096])
    with pytest.raises(StoreError) as refused:
        Store(store_path, user="tester")
    assert refused.value.message.code == "store.corrupt"
    assert store_path.read_bytes() == data[: len(data) - 4096]


_KILLED_APP = """
import os, sys
from pathlib import Path
import services
services.open_store(Path(sys.argv[1]), writer="app")
os._exit(9)  # killed, or the power cut: no close
"""


def test_store_check_unclean_shutdown_makes_the_next_open_owe_the_full_check(
    store_path: Path,
) -> None:
    _with_rows(store_path)
    store = Store(store_path, writer="app")
    assert store.full_check_due == store_check.NEVER
    store.note_full_check(store.start_full_check())
    store.close()
    again = Store(store_path, writer="app")
    assert again.full_check_due is None  # a clean close, a recent pass
    again.close()
    subprocess.run([sys.executable, "-c", _KILLED_APP, str(store_path)], cwd=ROOT, check=False)
    after = Store(store_path, writer="app")
    assert after.full_check_due == store_check.UNCLEAN
    after.close()
    # Still owed after a clean close with no check in between (a command, say) ...
    owed = Store(store_path, writer="import-enterprises")
    assert owed.full_check_due == store_check.UNCLEAN
    owed.note_full_check(owed.start_full_check())  # ... until one passes
    owed.close()
    done = Store(store_path, writer="app")
    assert done.full_check_due is None
    done.close()


def test_store_check_reading_commands_leave_no_state(store_path: Path) -> None:
    _with_rows(store_path)
    state = store_check.state_path(store_path)
    state.unlink(missing_ok=True)
    Store(store_path).close()
    assert not state.exists()


def test_store_check_command_exit_codes(tmp_path: Path, store_path: Path) -> None:
    _with_rows(store_path)
    healthy = run_main("store", "check", "--db", str(store_path), "--json")
    assert healthy.returncode == 0, healthy.stderr
    assert json.loads(healthy.stdout)["ok"] is True
    assert store_check.full_check_due(store_path) is None
    _index_disagrees(store_path)
    damaged = run_main("store", "check", "--db", str(store_path), "--lang", "en")
    assert damaged.returncode == 1
    assert "damaged" in damaged.stderr and "Make a copy" in damaged.stderr
    zh = run_main("store", "check", "--db", str(store_path))
    assert zh.returncode == 1 and "已损坏" in zh.stderr and "复制" in zh.stderr
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database\n" * 300, "utf-8")
    assert run_main("store", "check", "--db", str(notes)).returncode == 2
    assert run_main("store", "check", "--db", str(tmp_path / "none.sqlite")).returncode == 2


def test_store_check_central_store(tmp_path: Path) -> None:
    from storage.sync.server_db import ServerStore

    central = tmp_path / "central.sqlite"
    ServerStore(central).close()
    result = run_main("store", "check", "--store", str(central))
    assert result.returncode == 0, result.stderr


def test_store_check_central_store_found_damaged_in_the_background_takes_no_writes(
    tmp_path: Path,
) -> None:
    import sqlite3

    from storage.sync.errors import SyncRefusal
    from storage.sync.server_db import ServerStore

    central = tmp_path / "central.sqlite"
    ServerStore(central).close()
    conn = sqlite3.connect(central)
    conn.execute("CREATE TABLE t (x INTEGER, y INTEGER)")
    conn.execute("CREATE INDEX t_x ON t(x)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, 90 - i) for i in range(40)])
    conn.commit()
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX t_x ON t(y)' WHERE name='t_x'")
    conn.execute(f"PRAGMA schema_version = {version + 1}")
    conn.commit()
    conn.close()
    server = ServerStore(central)  # quick_check passes: it serves
    try:
        server.add_user("wang", "office", [])
        server.start_full_check().join(30)
        assert server.damaged is not None
        with pytest.raises(SyncRefusal) as refused:
            server.add_user("li", "office", [])
        assert refused.value.status == 503
        assert [u["name"] for u in server.list_users()] == ["wang"]  # reads go on
    finally:
        server.close()


def test_store_check_central_store_answers_before_its_pages_are_checked_and_writes_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server opens (and could listen) while the page-by-page quick_check still runs; a
    read answers at once, the first write waits for the check, and damage it finds refuses
    that write and every one after (503), reads going on."""
    import threading

    from diagnosis.messages import Message
    from storage.database import StoreError
    from storage.store_file import QUICK
    from storage.sync import server_db
    from storage.sync.errors import SyncRefusal
    from storage.sync.server_db import ServerStore

    central = tmp_path / "central.sqlite"
    first = ServerStore(central)
    first.add_user("wang", "office", [])
    first.close()
    release = threading.Event()
    asked: list[str] = []
    real_check = server_db.check_file

    def slow_quick_check(path: Path, what: str = QUICK) -> None:
        asked.append(what)
        if what == QUICK:
            assert release.wait(30)
            detail = "*** in database main *** Page 7: btreeInitPage() returns error code 11"
            raise StoreError(Message("store.corrupt", {"path": str(path), "detail": detail}))
        real_check(path, what)

    monkeypatch.setattr(server_db, "check_file", slow_quick_check)
    server = ServerStore(central)  # returns while the quick_check is held
    try:
        assert QUICK in asked and not release.is_set()
        assert [u["name"] for u in server.list_users()] == ["wang"]  # reads answer now
        outcome: list[BaseException] = []

        def write() -> None:
            try:
                server.add_user("li", "office", [])
            except BaseException as exc:
                outcome.append(exc)

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(0.3)
        assert writer.is_alive()  # the write waits for every page to be checked
        release.set()
        writer.join(30)
        assert [type(e) for e in outcome] == [SyncRefusal]
        assert outcome[0].status == 503  # type: ignore[attr-defined]
        assert server.damaged is not None
        with pytest.raises(SyncRefusal):
            server.add_user("zhao", "office", [])
        assert [u["name"] for u in server.list_users()] == ["wang"]
    finally:
        release.set()
        server.close()


def test_store_check_central_store_to_migrate_is_checked_before_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new (or older) central store is written at open (migrations): its pages are checked
    first, and damage refuses it untouched, as before."""
    from diagnosis.messages import Message
    from storage.database import StoreError
    from storage.store_file import QUICK
    from storage.sync import server_db
    from storage.sync.server_db import ServerStore

    central = tmp_path / "central.sqlite"
    conn = sqlite3.connect(central)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    before = central.read_bytes()
    real_check = server_db.check_file

    def damaged(path: Path, what: str = QUICK) -> None:
        if what == QUICK:
            raise StoreError(Message("store.corrupt", {"path": str(path), "detail": "page 2"}))
        real_check(path, what)

    monkeypatch.setattr(server_db, "check_file", damaged)
    with pytest.raises(StoreError):
        ServerStore(central)
    assert central.read_bytes() == before
