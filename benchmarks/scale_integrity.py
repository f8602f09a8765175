"""Scale figures (issue 20.1): nothing on the start or command path reads the whole file.

On a copy of the 20,000-visit store (the app writes beside what it opens: its lock, its check
state): start to first paint against a bare window, ``visit list --json`` against the same
SELECT and JSON in a bare process, and the open check against the whole-file check it replaced.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Result, by_ratio, printed
from benchmarks.register import median_starts

REPEAT = 5
# The baseline of ``visit list --json``: the store opened with its key (the same scrypt), the
# command's SELECT, the same JSON; nothing else.
_BARE_LIST = """
import json, sys
from pathlib import Path
from storage import sqlite_cipher
from storage.keys import key_for
p = Path(sys.argv[1])
c = sqlite_cipher.connect(p, key_for(p, create=False).raw)
rows = c.execute(
    "SELECT v.id, e.credit_code, e.name, v.date, v.status, v.revision FROM visits v "
    "JOIN enterprises e ON e.id = v.enterprise_id WHERE v.deleted = 0 "
    "ORDER BY v.date DESC, v.revision DESC, v.id"
).fetchall()
keys = ("id", "enterprise_code", "enterprise", "date", "status", "revision")
print(json.dumps([dict(zip(keys, r)) for r in rows], ensure_ascii=False))
"""


def _visits_copy(work: Path) -> Path:
    from benchmarks.scale_store import visits_store
    from storage.store_file import copy_store

    target = work / "integrity" / "diagnosis.sqlite"
    if not target.exists():
        copy_store(visits_store(), target)
    return target


def _env() -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DIAGNOSIS_QUIT_WHEN_SHOWN": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as on a user's machine (benchmarks.register)
    return env


def scale_startup(work: Path) -> list[Result]:
    db = _visits_copy(work)
    env = _env()
    settings = ["--settings", str(work / "integrity" / "settings.ini")]
    ours = [sys.executable, str(ROOT / "main.py"), "gui", "--db", str(db), *settings]
    empty = [*ours[:4], str(work / "integrity" / "empty.sqlite"), *settings]
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_window.py")]
    # (The warm-up run also migrates the copied store.)
    mine, base, small = median_starts([ours, bare, empty], env, REPEAT)
    return [
        by_ratio(
            "scale_startup",
            mine,
            base,
            "s",
            2.0,
            "process start to the register painted at 20,000 visits (encrypted, 0.9 GB), "
            "against a bare window",
        ),
        printed(
            "scale_startup_flat",
            mine,
            small,
            "s",
            "the same start against the app on an empty store: what the store's size adds",
        ),
    ]


def _run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def scale_visit_list(work: Path) -> Result:
    db = _visits_copy(work)
    env = _env()
    ours = [sys.executable, str(ROOT / "main.py"), "visit", "list", "--json", "--db", str(db)]
    bare = [sys.executable, "-c", _BARE_LIST, str(db)]
    for cmd in (ours, bare):
        _run(cmd, env)
    mine, base = [], []
    for _ in range(REPEAT):
        base.append(_run(bare, env))
        mine.append(_run(ours, env))
    return by_ratio(
        "scale_visit_list",
        statistics.median(mine),
        statistics.median(base),
        "s",
        1.5,
        "`visit list --json` at 20,000 visits against a bare process running the same SELECT "
        "and JSON on the store",
    )


def scale_open_check(work: Path) -> Result:
    from storage.keys import key_for
    from storage.store_file import FULL, OPEN, check_integrity

    db = _visits_copy(work)
    key = key_for(db, create=False)
    check_integrity(db, key, None, OPEN)  # warm, as the full check's reads are then
    opened = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        check_integrity(db, key, None, OPEN)
        opened.append(time.perf_counter() - start)
    start = time.perf_counter()
    check_integrity(db, key, None, FULL)  # once: tens of seconds
    full = time.perf_counter() - start
    return printed(
        "scale_open_check",
        statistics.median(opened),
        full,
        "s",
        "the check on every open (key, header, schema, length) against the whole-file "
        "integrity_check it replaced, 20,000 visits; the latter now runs in the background",
    )


FIGURES: dict[str, Callable[[Path], Any]] = {
    "scale_startup": scale_startup,
    "scale_visit_list": scale_visit_list,
    "scale_open_check": scale_open_check,
}
