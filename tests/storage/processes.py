"""Real processes on one store, for the tests that kill them: a writer that says which saves
were acknowledged, the command line as a user runs it, and what is left after a kill -9.

The writer opens the store as the desktop app does (``services.open_store`` with the integrity check
on a thread, then a worker's connection of its own) and prints ``ack N`` only after save N has
committed; a test then kills it at any moment and checks that every acknowledged save is there.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[2]

# Run as ``python -c WRITER STORE COUNT ROOT [BY]``: COUNT saves, then one more batch of COUNT
# for each line read on standard input, until it is killed. Each save is one enterprise's row.
# BY: the writer lock's holder ("app" as the desktop app holds it), none if empty.
WRITER = r"""
import sys
sys.path.insert(0, sys.argv[3])
from pathlib import Path
import main
import services

path, count = Path(sys.argv[1]), int(sys.argv[2])
by = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
# As the app opens it: the integrity check on a thread while the first screen is read.
store = services.open_store(path, background=True, **({"writer": by} if by else {}))
store.ensure_verified()
# A worker's connection, as the app's table, sync and office workers open them.
worker = services.open_store(path, verify=False)
register = services.register_service(store)
n = 0
print("ready", flush=True)
while True:
    for _ in range(count):
        n += 1
        store.write("enterprises", [{"id": f"w-{n:06d}", "name": f"writer {n}",
                                     "credit_code": f"W{n:017d}"}])
        print(f"ack {n}", flush=True)
    print("batch", flush=True)
    if not sys.stdin.readline():
        break
"""


class Writer:
    """The writer process: ``wait_batch`` for its acknowledgements, ``more`` for another batch."""

    def __init__(
        self, store: Path, count: int, by: str = "", env: dict[str, str] | None = None
    ) -> None:
        self.acked = 0
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store), str(count), str(ROOT), by],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        self._expect("ready")

    def _expect(self, word: str) -> None:
        out = self.proc.stdout
        assert out is not None
        for line in out:
            if line.startswith("ack "):
                self.acked = int(line.split()[1])
            elif line.strip() == word:
                return
        raise AssertionError(f"the writer stopped: {self.stderr()}")

    def wait_batch(self) -> None:
        self._expect("batch")

    def more(self) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write("go\n")
        stdin.flush()

    def deleted_links(self, store: Path) -> list[str]:
        """The store's files this process holds open that no longer exist (Linux's /proc)."""
        folder = Path(f"/proc/{self.proc.pid}/fd")
        links = []
        for fd in folder.iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith(str(store)) and target.endswith("(deleted)"):
                links.append(target)
        return links

    def kill(self) -> str:
        """kill -9 (if still running); what it had said on standard error."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        err: IO[str] | None = self.proc.stderr
        said = err.read() if err is not None and not err.closed else ""
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return said

    def stderr(self) -> str:
        return self.kill()


def run_main(
    args: Sequence[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python main.py ARGS`` as a user runs it, in its own process."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def visit_list(store: Path) -> list[object]:
    done = run_main(["visit", "list", "--db", str(store), "--json"])
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert isinstance(listed, list)
    return listed


def writer_rows(store: Path) -> set[str]:
    """The writer's enterprises in the store, read after its death, plus an integrity check."""
    from storage.database import Store

    s = Store(store, user="checker")
    try:
        assert s.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = s.conn.execute("SELECT id FROM enterprises WHERE id LIKE 'w-%'").fetchall()
    finally:
        s.close()
    return {r[0] for r in rows}


def expected(count: int) -> set[str]:
    return {f"w-{n:06d}" for n in range(1, count + 1)}
