"""The register's work-list facts, read in one query from the office facts (storage/work_list.py)
and judged by diagnosis/register/work_list.py: last visit, open follow-ups, accepted measures, and
which
firms each work filter keeps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.proposals import Decision
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.work_list import WorkList, WorkRow, load_work_list, months_before
from diagnosis.visits.document import Document, Visit
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.office_facts import ENGINE_KEY
from storage.visits import SqliteVisitRepository
from storage.work_list import work_rows

TODAY = date(2025, 6, 30)


def firm(n: int) -> Enterprise:
    return Enterprise(name=f"工作企业{n:02d}", credit_code=f"WORK{n:014d}")


def doc(
    e: Enterprise,
    visit_id: str,
    when: str,
    status: str,
    *,
    measures: Sequence[Decision] = (),
    previous: str | None = None,
    revision: int = 1,
) -> Document:
    visit = Visit(visit_id, when, status, revision, ("甲",), "中心", ("energy",), {}, previous)
    return Document(e, visit, {}, (), tuple(decision_to_dict(d) for d in measures))


ACCEPTED = Decision("EN.AIR.01", "accepted", investment_10k_yuan=10.0)
PLANNED = Decision("IM.MES.01", "planned", investment_10k_yuan=20.0)
IMPLEMENTED = Decision("EN.AIR.01", "implemented", investment_10k_yuan=10.0)
REJECTED = Decision("EN.HEAT.01", "rejected")
FIRMS = [firm(n) for n in range(7)]


def build(store: Store) -> dict[str, str]:
    SqliteEnterpriseRepository(store).save(FIRMS, [])
    visits = SqliteVisitRepository(store)
    f = FIRMS
    for d in (
        # F1: a draft
        doc(f[1], "D1", "2025-05-01", "draft"),
        # F2: finalised long ago, two accepted measures and a rejected one: follow-up due
        doc(f[2], "V2", "2023-03-01", "finalised", measures=[ACCEPTED, PLANNED, REJECTED]),
        # F3: finalised long ago, a follow-up under way (open) the same day: not due
        doc(f[3], "V3", "2023-03-01", "finalised", measures=[ACCEPTED]),
        doc(f[3], "F3", "2023-03-01", "follow_up", measures=[ACCEPTED], previous="V3"),
        # F4: finalised last month with an accepted measure: not yet due
        doc(f[4], "V4", "2025-05-20", "finalised", measures=[ACCEPTED]),
        # F5: finalised, revised (the revision open), the revision alone counts
        doc(f[5], "V5", "2022-01-10", "finalised", measures=[ACCEPTED]),
        doc(f[5], "V5r", "2022-01-10", "revision", revision=2, previous="V5", measures=[PLANNED]),
        # F6: every measure implemented at a finalised follow-up: nothing left to follow up
        doc(f[6], "V6", "2022-01-10", "finalised", measures=[ACCEPTED]),
        doc(f[6], "F6", "2022-09-10", "finalised", measures=[IMPLEMENTED], previous="V6"),
    ):
        visits.save(d)
    return {f"F{n}": e.id for n, e in enumerate(FIRMS)}


def test_work_rows_per_firm(store: Store) -> None:
    ids = build(store)
    rows = {r.enterprise_id: r for r in work_rows(store)}
    assert ids["F0"] not in rows  # never visited: no row
    assert rows[ids["F1"]] == WorkRow(ids["F1"], "2025-05-01", "draft", 0, 0, 0, True)
    assert rows[ids["F2"]] == WorkRow(ids["F2"], "2023-03-01", "finalised", 0, 2, 2, False)
    # the follow-up made the day of its diagnosis is the last visit
    assert rows[ids["F3"]] == WorkRow(ids["F3"], "2023-03-01", "follow_up", 1, 1, 1, False)
    assert rows[ids["F5"]] == WorkRow(ids["F5"], "2022-01-10", "revision", 0, 1, 1, True)
    assert rows[ids["F6"]] == WorkRow(ids["F6"], "2022-09-10", "finalised", 0, 1, 0, False)


def test_work_filters_and_counts(store: Store) -> None:
    ids = build(store)
    work = load_work_list(SqliteEnterpriseRepository(store), TODAY)
    assert work is not None
    everyone = list(ids.values())
    kept = {name: {k for k, i in ids.items() if work.keeps(name, i)} for name in
            ("never_visited", "draft_open", "follow_up_due")}  # fmt: skip
    assert kept == {
        "never_visited": {"F0"},
        "draft_open": {"F1", "F5"},
        "follow_up_due": {"F2"},
    }
    assert work.counts(everyone) == {"never_visited": 1, "draft_open": 2, "follow_up_due": 1}
    # F4's finalised visit becomes due six months after it (reference/work_list.json)
    later = load_work_list(SqliteEnterpriseRepository(store), date(2025, 11, 20))
    assert later is not None and later.keeps("follow_up_due", ids["F4"])


def test_a_deleted_visit_or_firm_leaves_the_work_list(store: Store) -> None:
    ids = build(store)
    store.write("visits", updates=[("D1", {"deleted": 1})])
    SqliteEnterpriseRepository(store).delete(ids["F2"])
    rows = {r.enterprise_id for r in work_rows(store)}
    assert ids["F1"] not in rows and ids["F2"] not in rows


def test_work_list_is_one_indexed_query(store: Store) -> None:
    build(store)
    work_rows(store)  # facts current: what follows is the query alone
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        work_rows(store)
    finally:
        store.conn.set_trace_callback(None)
    reads = [s for s in statements if "FROM visit_facts" in s]
    assert len(reads) == 1
    plan = " ".join(
        str(r[-1]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + reads[0].strip())
    )
    assert "visit_facts_work" in plan and "measure_facts_work" in plan


def test_months_before_clamps_to_the_month_end() -> None:
    assert months_before(date(2025, 8, 31), 6) == date(2025, 2, 28)
    assert months_before(date(2025, 3, 15), 6) == date(2024, 9, 15)
    assert WorkList([], TODAY).cutoff == "2024-12-30"


def test_a_store_without_visits_loads_nothing(store: Store) -> None:
    SqliteEnterpriseRepository(store).save(FIRMS, [])
    assert work_rows(store) == []
    assert store.meta(ENGINE_KEY) is None  # the facts were not even looked at
