"""Pull (docs/sync.md "Pull"): the records a user may see past a position, in pull order, each
with its open hard conflicts. Read-only, on a snapshot: one page never mixes two states.

Pages follow each record's ``seq`` (its rev, or later when it became visible to someone new),
so a page boundary never splits equal positions and every record comes exactly once.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Final

from storage.sync.errors import SyncRefusal
from storage.sync.server_fields import with_added
from storage.sync.server_push import User
from storage.sync.server_records import current_seq

MAX_LIMIT: Final = 1000
DEFAULT_LIMIT: Final = 500

_SELECT = (
    "SELECT r.seq, r.tbl, r.id, r.rev, r.deleted, r.data, r.updated_by, r.updated_at, r.conflict "
    "FROM records r WHERE r.seq > :since"
)
# A consultant sees the visits they created or are on the team of, with their answers and
# findings, the enterprises of their districts and, read-only, the enterprise of a visit someone
# else made and named them in (a laptop cannot store a visit without its enterprise). Push lets
# a visit name only an enterprise its author may change, so that enterprise was shared by a
# person who may see it; a visit a consultant made themselves shows them nothing more (a store
# from before that rule may hold visits naming any enterprise).
_CONSULTANT = """
 AND (
   (r.tbl <> 'enterprises' AND r.scope IN (SELECT visit_id FROM visit_members WHERE name = :name))
   OR (r.tbl = 'enterprises' AND (
        r.scope IN (SELECT value FROM json_each(:districts))
        OR r.id IN (SELECT v.enterprise_id FROM records v WHERE v.tbl = 'visits'
                    AND v.created_by <> :name AND v.scope IN
                    (SELECT visit_id FROM visit_members WHERE name = :name)))))"""
_ORDER = " ORDER BY r.seq LIMIT :limit"


# The largest position SQLite's 64-bit integers hold: a larger ``since`` cannot be bound.
MAX_SINCE: Final = 2**63 - 1


def check_page(since: object, limit: object) -> tuple[int, int]:
    if not (isinstance(since, int) and not isinstance(since, bool) and 0 <= since <= MAX_SINCE):
        raise SyncRefusal(
            "request.malformed",
            f"since: must be a whole number from 0 to {MAX_SINCE}.",
            f"since：须为 0 到 {MAX_SINCE} 的整数。",
        )
    if not (isinstance(limit, int) and not isinstance(limit, bool) and 1 <= limit <= MAX_LIMIT):
        raise SyncRefusal("request.malformed", f"limit: must be from 1 to {MAX_LIMIT}.")
    return since, limit


def pull(
    conn: sqlite3.Connection, user: User, since: int, limit: int, until: int | None = None
) -> dict[str, Any]:
    """One page; the caller's connection must not be inside a transaction. ``until``: no
    record past that position (where a run of the laptop's own pushes begins, which it passes
    over: storage.sync.client_echo); the page then ends there, ``more`` if the store goes on."""
    if until is not None and until <= since:
        until = None
    bound = "" if until is None else " AND r.seq <= :until"
    sql = _SELECT + bound + ("" if user.office else _CONSULTANT) + _ORDER
    params = {
        "until": until,
        "since": since,
        "limit": limit + 1,  # one more than asked says whether another page follows
        "name": user.name,
        "districts": json.dumps(list(user.districts)),
    }
    conn.execute("BEGIN")
    try:
        seq = current_seq(conn)
        rows = conn.execute(sql, params).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        changes = [_change(conn, row) for row in rows]
    finally:
        conn.execute("COMMIT")
    # With nothing more, the next pull starts from the sequence itself: records this user may
    # not see are then never scanned again (one that becomes visible gets a new seq).
    end = seq if until is None else min(seq, until)
    nxt = rows[-1][0] if more else end
    return {"seq": seq, "next": nxt, "more": more or end < seq, "changes": changes}


def _change(conn: sqlite3.Connection, row: tuple[Any, ...]) -> dict[str, Any]:
    _seq, table, rid, rev, deleted, data, updated_by, updated_at, flagged = row
    return {
        "table": table,
        "id": rid,
        "rev": rev,
        "deleted": bool(deleted),
        "data": with_added(table, json.loads(data)),
        "updated_by": updated_by,
        "updated_at": updated_at,
        "conflicts": _conflicts(conn, table, rid) if flagged else [],
    }


def _conflicts(conn: sqlite3.Connection, table: str, record_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, field, base, ours_value, ours_by, ours_at, theirs_value, theirs_by, "
        "theirs_at FROM conflicts WHERE tbl = ? AND record_id = ? AND status = 'open' "
        "ORDER BY rev, id",
        [table, record_id],
    )
    return [
        {
            "id": cid,
            "field": field,
            "base": None if base is None else json.loads(base),
            "ours": {"value": json.loads(ours), "by": ours_by, "at": ours_at},
            "theirs": {"value": json.loads(theirs), "by": theirs_by, "at": theirs_at},
        }
        for cid, field, base, ours, ours_by, ours_at, theirs, theirs_by, theirs_at in rows
    ]
