"""One writer at a time, across real processes (issue 13, item 2): while the app has a store,
commands that write are told so and read-only commands keep working; a command that writes
waits for another command to finish."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.store_lock import StoreBusy, StoreLock, holder_of, lock_path
from tests.storage.processes import ROOT, Writer, run_main, visit_list, writer_rows

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")


def test_store_lock_commands_that_write_are_refused_while_the_app_has_the_store(
    tmp_path: Path,
) -> None:
    store = tmp_path / "diagnosis.sqlite"
    app = Writer(store, 5, by="app")
    try:
        app.wait_batch()
        for args in (
            ["demo", "--enterprises", "3"],
            ["demo", "--enterprises", "3", "--lang", "en"],
        ):
            started = time.monotonic()
            done = run_main([*args, "--db", str(store)])
            assert done.returncode == 2
            assert time.monotonic() - started < 30  # said at once, not after a wait
            said = done.stderr
            assert str(app.proc.pid) in said
            if "--lang" in args:
                assert "The workbench app is using the store" in said
            else:
                assert "工作台程序正在使用数据库" in said
        # Reading keeps working beside the app.
        assert visit_list(store) == []
        holder = holder_of(store)
        assert holder == {"pid": app.proc.pid, "by": "app"}
        app.more()
        app.wait_batch()
    finally:
        app.kill()
    # The refused commands wrote nothing: only the app's rows are there.
    assert len(writer_rows(store)) == 10
    assert holder_of(store) is None  # a killed holder leaves no stale lock


def test_store_lock_a_command_waits_for_another_command(tmp_path: Path) -> None:
    store = tmp_path / "diagnosis.sqlite"
    holder = Writer(store, 1, by="import-enterprises")
    demo = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "demo", "--db", str(store), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        holder.wait_batch()
        time.sleep(1.5)
        assert demo.poll() is None  # waiting for the lock, not refused
        holder.kill()
        out, err = demo.communicate(timeout=120)
    finally:
        holder.kill()
        if demo.poll() is None:
            demo.kill()
            demo.communicate()
    assert demo.returncode == 0, err
    assert json.loads(out)["inserted"] == 200


def test_store_lock_is_shared_within_a_process_and_released(tmp_path: Path) -> None:
    store = tmp_path / "diagnosis.sqlite"
    first = StoreLock(store, "app").acquire()
    second = StoreLock(store, "app").acquire()  # the app's window rebuilt: the same holder
    first.release()
    other = subprocess.run(
        [sys.executable, "-c", _TRY_LOCK, str(store), str(ROOT)], capture_output=True, text=True
    )
    assert other.stdout.strip() == "busy app"
    second.release()
    other = subprocess.run(
        [sys.executable, "-c", _TRY_LOCK, str(store), str(ROOT)], capture_output=True, text=True
    )
    assert other.stdout.strip() == "taken"
    assert lock_path(store).stat().st_mode & 0o777 == 0o600
    assert not store.exists()  # the lock is its own file: the store is never touched


_TRY_LOCK = """
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from storage.store_lock import StoreBusy, StoreLock
try:
    StoreLock(Path(sys.argv[1]), "test").acquire(wait=0.2).release()
    print("taken")
except StoreBusy as exc:
    print("busy", exc.holder.get("by"))
"""


def test_store_lock_busy_names_the_holder_in_both_languages(tmp_path: Path) -> None:
    store = tmp_path / "diagnosis.sqlite"
    holder = Writer(store, 1, by="sync")
    try:
        holder.wait_batch()
        with pytest.raises(StoreBusy) as caught:
            StoreLock(store, "demo").acquire(wait=0.3)
    finally:
        holder.kill()
    message = caught.value.message
    assert "sync" in message.text("zh") and str(holder.proc.pid) in message.text("zh")
    assert "Another command (sync" in message.text("en")
