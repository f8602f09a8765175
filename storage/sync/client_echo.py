"""The runs of the pull order a push only echoed (storage.sync.server_echo), kept until the
pull has passed them, so a laptop's first sync does not pull back every record it pushed.

A run ``[after, through]`` holds nothing but this laptop's own changes as the server took them,
which this store already holds (client_push marked them with their revisions). Whatever lies
outside the runs, another laptop's change made between two of this laptop's batches included,
is pulled as before. A page ends where the next run begins (the pull's ``until``); through a
transport that cannot say so (an older one), its limit is the positions left before the run,
so at most that many records of the run come back (a position may be a gap: a record since
changed again, or one this account may not see).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from storage.sync.client_meta import ECHO, get_json, put_json

Runs = list[tuple[int, int]]


def load(conn: sqlite3.Connection) -> Runs:
    return [(int(a), int(b)) for a, b in get_json(conn, ECHO, [])]


def note(conn: sqlite3.Connection, response: Mapping[str, Any]) -> None:
    """Keep a push answer's ``echo`` run (inside the caller's transaction, with the answer)."""
    run = response.get("echo")
    if not (
        isinstance(run, list)
        and len(run) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in run)
        and 0 <= run[0] < run[1]
    ):
        return
    put_json(conn, ECHO, merged([*load(conn), (run[0], run[1])]))


def merged(runs: Runs) -> Runs:
    """Sorted, touching or overlapping runs joined (one batch's run starts where the one before
    it ended when nobody else pushed between them)."""
    out: Runs = []
    for after, through in sorted(runs):
        if out and after <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], through))
        else:
            out.append((after, through))
    return out


def past(runs: Runs, since: int) -> int:
    """Where a pull at ``since`` goes on from: past every run it has reached."""
    for after, through in runs:
        if after <= since < through:
            since = through
    return since


def until(runs: Runs, since: int) -> int | None:
    """Where the next run ahead of ``since`` begins: the page from ``since`` ends there."""
    ahead = [after for after, _ in runs if after > since]
    return min(ahead) if ahead else None


def limit(runs: Runs, since: int, page_size: int) -> int:
    """The page size that stops a page from ``since`` at the next run ahead."""
    ahead = [after for after, _ in runs if after > since]
    return max(1, min(page_size, min(ahead) - since)) if ahead else page_size


def keep(conn: sqlite3.Connection, runs: Runs, since: int) -> None:
    """Forget the runs a pull has passed (inside the caller's transaction)."""
    put_json(conn, ECHO, [list(r) for r in runs if r[1] > since])
