"""The register's work-list facts (``diagnosis.register.work_list``) in one query over the office
facts.

The facts are brought up to date first (``refresh_facts``: with nothing marked, two empty
reads), so the register counts visits and accepted measures exactly as the office does. The
query reads the facts' covering indexes (migration m009), never one query per firm: 300,000
firms cost one pass over the visits and the current measures.
"""

from __future__ import annotations

from diagnosis.measures.proposals import COUNTED
from diagnosis.register.work_list import OPEN_STATUSES, WorkRow
from diagnosis.visits.lifecycle import FOLLOWED

from storage.database import Store


def _listed(values: tuple[str, ...]) -> str:
    # Fixed words of the code, never user input: written into the statement for the indexes.
    return ", ".join(f"'{v}'" for v in values)


# The last counted visit of each firm: latest date; of two the same day, the one no other
# visit that day follows (a follow-up made the day of its diagnosis comes after it).
_QUERY = f"""
WITH counted AS (
    SELECT enterprise_id, visit_id, date, status, previous_id, is_follow_up
    FROM visit_facts INDEXED BY visit_facts_work WHERE counted = 1
),
followed AS (
    SELECT DISTINCT previous_id, date FROM counted WHERE previous_id IS NOT NULL
),
ranked AS (
    SELECT c.enterprise_id, c.date, c.status, row_number() OVER (
        PARTITION BY c.enterprise_id
        ORDER BY c.date DESC, f.previous_id IS NOT NULL, c.visit_id DESC
    ) AS n
    FROM counted c LEFT JOIN followed f ON f.previous_id = c.visit_id AND f.date = c.date
),
visits AS (
    SELECT enterprise_id, total(is_follow_up) AS follow_ups,
        max(status IN ({_listed(OPEN_STATUSES)})) AS draft_open
    FROM counted GROUP BY enterprise_id
),
measures AS (
    SELECT enterprise_id, total(status IN ({_listed(COUNTED)})) AS accepted,
        total(status IN ({_listed(FOLLOWED)})) AS to_follow
    FROM measure_facts INDEXED BY measure_facts_work WHERE is_current = 1
    GROUP BY enterprise_id
)
SELECT r.enterprise_id, r.date, r.status, v.follow_ups, v.draft_open,
    coalesce(m.accepted, 0), coalesce(m.to_follow, 0)
FROM ranked r JOIN visits v ON v.enterprise_id = r.enterprise_id
LEFT JOIN measures m ON m.enterprise_id = r.enterprise_id
WHERE r.n = 1
"""


def work_rows(store: Store) -> list[WorkRow]:
    """One row a firm with a counted visit; firms never visited have none."""
    conn = store.conn
    if conn.execute("SELECT 1 FROM visits LIMIT 1").fetchone() is None:
        return []  # no visit, no facts to bring up to date (and the engine stays unloaded)
    from storage.office_facts import refresh_facts  # loads the assessment engine

    refresh_facts(store)
    return [
        WorkRow(eid, when, status, int(follow_ups), int(accepted), int(to_follow), bool(draft))
        for eid, when, status, follow_ups, draft, accepted, to_follow in conn.execute(_QUERY)
    ]
