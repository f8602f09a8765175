"""Which office facts wait to be recomputed: all the marks, or those of some enterprises only.

A plan asks for its own enterprise's and its peer groups' facts (``storage.office``), and
must not wait for the whole store's; a ``Scope`` names the enterprises by SQL so a district of
30,000 firms is never a Python list. Reads only; the marks are cleared by the writes.
"""

from __future__ import annotations

from storage.database import Store
from storage.office_skipped import changed_skips

# SQL selecting enterprise ids, and its named parameters.
Scope = tuple[str, dict[str, object]]


def enterprise_scope(enterprise_id: str) -> Scope:
    return "SELECT :enterprise", {"enterprise": enterprise_id}


def _scoped_visits(scope: Scope) -> str:
    # The visits as stored and as last counted: a visit moved to another enterprise leaves
    # facts under the old one until it is recomputed.
    return (
        f"SELECT id FROM visits WHERE enterprise_id IN ({scope[0]}) "
        f"UNION SELECT visit_id FROM visit_facts WHERE enterprise_id IN ({scope[0]})"
    )


def stale_in(store: Store, scope: Scope) -> int:
    """How many visits of the enterprises ``scope`` selects are marked."""
    sql = f"SELECT count(*) FROM facts_stale WHERE visit_id IN ({_scoped_visits(scope)})"
    return int(store.conn.execute(sql, scope[1]).fetchone()[0])


def marked(store: Store, scope: Scope | None) -> tuple[dict[str, int], dict[str, int], set[str]]:
    """The visits marked (id -> seq), the enterprises marked, and the skipped visits to ask
    again: all of them, or those of the enterprises ``scope`` selects."""
    conn = store.conn
    # A skipped visit may have been mended by a change no trigger marks (its notes, a finding,
    # its enterprise arriving): asked again on every refresh; there are few.
    again = changed_skips(conn)
    if scope is None:
        marks = dict(conn.execute("SELECT visit_id, seq FROM facts_stale").fetchall())
        enterprise_marks = dict(
            conn.execute("SELECT enterprise_id, seq FROM facts_stale_enterprises").fetchall()
        )
        return marks, enterprise_marks, again
    sql, params = scope
    visits = _scoped_visits(scope)
    marks = dict(
        conn.execute(
            f"SELECT visit_id, seq FROM facts_stale WHERE visit_id IN ({visits})", params
        ).fetchall()
    )
    enterprise_marks = dict(
        conn.execute(
            "SELECT enterprise_id, seq FROM facts_stale_enterprises "
            f"WHERE enterprise_id IN ({sql})",
            params,
        ).fetchall()
    )
    if again:
        again &= {r[0] for r in conn.execute(visits, params)}
    return marks, enterprise_marks, again
