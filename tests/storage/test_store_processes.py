"""The store shared by real processes, as users share it: the app keeps it open while commands
run beside it, then the app is killed. Nothing acknowledged may be lost (issue 13, item 1)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.storage.processes import Writer, expected, visit_list, writer_rows

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9 and /proc are POSIX")


def test_store_command_beside_the_app_loses_nothing_after_kill(tmp_path: Path) -> None:
    store = tmp_path / "laptop" / "diagnosis.sqlite"
    writer = Writer(store, 20, by="app")
    try:
        writer.wait_batch()
        # A read-only command while the app works: it opens, reads and closes the store.
        assert visit_list(store) == []
        writer.more()
        writer.wait_batch()
        assert visit_list(store) == []
        writer.more()
        writer.wait_batch()
        # Linux shows it at once: the app writing into a journal another process deleted.
        deleted = writer.deleted_links(store) if Path("/proc/self/fd").is_dir() else []
    finally:
        writer.kill()
    assert writer.acked == 60
    assert writer_rows(store) == expected(60)
    assert deleted == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads Linux's /proc")
def test_store_app_keeps_its_journal_when_a_command_runs(tmp_path: Path) -> None:
    """The probe users ran: the real app on a store, ``visit list`` beside it, and the app's
    open files checked for a journal deleted under it."""
    import os
    import subprocess
    import time

    from tests.storage.processes import ROOT, run_main

    store = tmp_path / "S.sqlite"
    assert (
        run_main(["demo", "--db", str(store), "--enterprises", "20", "--visits", "1"]).returncode
        == 0
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "gui", "--db", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    try:
        fds = Path(f"/proc/{app.pid}/fd")
        deadline = time.monotonic() + 60
        while not any(_link(fd).endswith("S.sqlite-wal") for fd in fds.iterdir()):
            assert app.poll() is None and time.monotonic() < deadline, "the app never opened it"
            time.sleep(0.1)
        assert len(visit_list(store)) == 1
        deleted = [t for fd in fds.iterdir() if (t := _link(fd)).endswith("(deleted)")]
        assert not [t for t in deleted if t.startswith(str(store))]
    finally:
        app.kill()
        app.wait(timeout=30)


def _link(fd: Path) -> str:
    import os

    try:
        return os.readlink(fd)
    except OSError:
        return ""
