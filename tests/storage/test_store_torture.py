"""The store under torture, as SQLite tests itself (issue 13, item 4): round after round, a
process saving answers, importing visits or pulling from the real server on loopback is killed
with SIGKILL at a random moment, while another process reads the store all along. After each
round ``PRAGMA integrity_check`` is ok and every save that was acknowledged, in any round so far,
is there.

Rounds: ``DIAGNOSIS_TORTURE_ROUNDS`` (50 by default, as CI runs it; the benchmark-sized run is
``DIAGNOSIS_TORTURE_ROUNDS=500``). The seed of the random moments is printed, with the counts.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import services
from storage.database import Store
from storage.sync.client_meta import get_since
from storage.sync.server_db import ServerStore
from tests.conftest import report_counts
from tests.storage.processes import ROOT, run_main
from tests.storage.sync.test_server_live import LiveServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROUNDS = int(os.environ.get("DIAGNOSIS_TORTURE_ROUNDS", "50"))
OPERATIONS = ("save", "import", "pull")


def _child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.storage.torture_child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def _wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"the child did not start: {line!r} {err}")


def _kill(proc: subprocess.Popen[str]) -> list[str]:
    """SIGKILL, then every line it had written (its acknowledgements)."""
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    return out.splitlines()


def _server(tmp_path: Path) -> tuple[LiveServer, str, int]:
    """The central store with a demo laptop's records, served on loopback; an office token."""
    central = tmp_path / "central.sqlite"
    with ServerStore(central) as server:
        token = server.add_user("office", "office", [])
    source = tmp_path / "source" / "diagnosis.sqlite"
    assert (
        run_main(["demo", "--db", str(source), "--enterprises", "60", "--visits", "3"]).returncode
        == 0
    )
    live = LiveServer(central, tmp_path / "server.log")
    live.start()
    done = run_main(["sync", "--server", live.url, "--token", token, "--db", str(source), "--json"])
    assert done.returncode == 0, done.stderr
    with ServerStore(central) as server:
        seq = server.seq()
    return live, token, seq


def test_store_torture_kill_9_at_random_moments_loses_nothing_acknowledged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = int(os.environ.get("DIAGNOSIS_TORTURE_SEED", str(random.randrange(10**6))))
    rng = random.Random(seed)
    store_path = tmp_path / "laptop" / "diagnosis.sqlite"
    assert (
        run_main(
            ["demo", "--db", str(store_path), "--enterprises", "5", "--visits", "1"]
        ).returncode
        == 0
    )
    store = services.open_store(store_path)
    visit_id = store.conn.execute("SELECT id FROM visits LIMIT 1").fetchone()[0]
    store.close()
    live, token, server_seq = _server(tmp_path)
    reader = _child("read", str(store_path))
    _wait_ready(reader)
    saved: dict[str, int] = {}  # answer item -> the last value whose save was acknowledged
    imported: dict[str, int] = {}  # visit id -> its number of answers
    counts: Counter[str] = Counter()
    pulled_pages = 0
    try:
        for round_no in range(1, ROUNDS + 1):
            op = OPERATIONS[(round_no - 1) % 3] if round_no <= 3 else rng.choice(OPERATIONS)
            args = {
                "save": ["save", str(store_path), str(round_no), visit_id],
                "import": ["import", str(store_path), str(round_no)],
                "pull": ["pull", str(store_path), str(round_no), live.url, token],
            }[op]
            child = _child(*args)
            _wait_ready(child)
            time.sleep(rng.uniform(0.0, 0.4))
            lines = _kill(child)
            counts[op] += 1
            last_pull = -1
            for line in lines:
                word = line.split()
                if word[:1] != ["ack"]:
                    continue
                counts[f"{op} acknowledged"] += 1
                if op == "save":
                    saved[word[2]] = int(word[3])
                elif op == "import":
                    imported[word[1]] = int(word[2])
                else:
                    last_pull = int(word[2])
            pulled_pages += last_pull >= 0
            _check(store_path, visit_id, saved, imported, last_pull, round_no)
        assert reader.poll() is None, "the reader died"
    finally:
        reader_lines = _kill(reader) if reader.poll() is None else []
        if live.proc is not None:
            live.stop()
    reads = max([int(line.split()[1]) for line in reader_lines if line.startswith("reads")] or [0])
    # Finally a pull that runs to its end: the store that survived every kill takes it all.
    store = services.open_store(store_path)
    try:
        assert get_since(store.conn) <= server_seq
    finally:
        store.close()
    summary = {
        "rounds": ROUNDS,
        "seed": seed,
        **dict(counts),
        "answers checked": len(saved),
        "visits checked": len(imported),
        "pulls with a page committed": pulled_pages,
        "reads beside": reads,
    }
    report_counts("torture", summary)
    with capsys.disabled():
        print("\ntorture:", json.dumps(summary, ensure_ascii=False))
    assert counts["save acknowledged"] > 0 and counts["import acknowledged"] > 0
    assert reads > 0


def _check(
    store_path: Path,
    visit_id: str,
    saved: dict[str, int],
    imported: dict[str, int],
    last_pull: int,
    round_no: int,
) -> None:
    store = Store(store_path, user="checker")
    try:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], round_no
        answers = dict(
            conn.execute(
                "SELECT item, value FROM answers WHERE visit_id = ? AND area = 'energy' "
                "AND deleted = 0",
                [visit_id],
            ).fetchall()
        )
        lost = {item: n for item, n in saved.items() if answers.get(item) != str(n)}
        assert not lost, f"round {round_no}: acknowledged answers lost: {sorted(lost)[:5]}"
        for vid, n in imported.items():
            got = conn.execute(
                "SELECT count(*) FROM answers WHERE visit_id = ? AND deleted = 0", [vid]
            ).fetchone()[0]
            assert got == n, f"round {round_no}: visit {vid} has {got} of its {n} answers"
        if last_pull >= 0:
            assert get_since(conn) >= last_pull, f"round {round_no}: a pulled page was lost"
    finally:
        store.close()
