"""Which positions of the pull order a push only echoed back (docs/sync.md "Push", ``echo``).

A laptop's first sync pushes its whole store, then pulls; without this the pull brings every
record it has just sent back to it (2.66 million at a city's year of data). The writer holds
one lock per batch, so the positions a batch takes are one run ``(before, after]`` with nobody
else's write in it. When every record at those positions is exactly one of the batch's changes
as pushed (created or updated, no conflict, nothing settled, not moved on by a later write of
the same batch), the laptop already holds all of it and may pull past the run. Anything else
in the run (a merge, a revision, a record touched because someone new may see it) and there is
no echo: the laptop pulls it all, as before. Another laptop's write is never inside the run,
so it is never skipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from storage.sync.server_fields import Change

# What a laptop holds exactly as the server does after its push (client_push._SAME_AS_PUSHED);
# "unchanged" writes nothing, so takes no position.
_ECHOED = frozenset({"created", "updated"})


def echo(
    conn: sqlite3.Connection,
    before: int,
    after: int,
    changes: Sequence[Change],
    results: Sequence[dict[str, Any]],
) -> list[int] | None:
    """``[before, after]`` when the positions after ``before`` up to ``after`` hold only this
    batch's own changes as pushed, else None. In the writer's transaction, after the batch."""
    if after <= before:
        return None
    echoed = {
        (r["table"], r["id"], r["rev"])
        for c, r in zip(changes, results, strict=True)
        if r.get("outcome") in _ECHOED and not c.resolves
    }
    rows = conn.execute(
        "SELECT tbl, id, rev, seq, conflict FROM records WHERE seq > ? AND seq <= ?",
        [before, after],
    ).fetchall()
    for table, record_id, rev, seq, conflict in rows:
        if seq != rev or conflict or (table, record_id, rev) not in echoed:
            return None
    return [before, after]
