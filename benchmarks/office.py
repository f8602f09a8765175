"""The office figures (issue 7): every figure over 10,000 enterprises with 3 visits each.

The store is built fast: twenty demo visits are assessed for real, and their facts copied and
perturbed onto 30,000 visit rows (a diagnosis, then a revision, a repeat diagnosis or a
follow-up), written through the same ``write_facts`` and ``recount`` a refresh uses. What is
measured is the real ``OfficeService.figures`` on that warm store, its facts current (its refresh
finds nothing to do), beside a bare SELECT of the rows the figures sum.
"""

from __future__ import annotations

import functools
import json
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.common import Result, by_value, median_time

if TYPE_CHECKING:
    from diagnosis.office.counting import MeasureFact, VisitFact
    from storage.database import Store

ENTERPRISES = 10_000
TEMPLATES = 20
GOAL_MS = 300.0


def _templates() -> list[tuple[VisitFact, list[MeasureFact]]]:
    from diagnosis.assessment.assess import assess
    from diagnosis.demo.enterprises import enterprises
    from diagnosis.demo.visit import demo_document
    from diagnosis.office.counting import facts_from

    out: list[tuple[VisitFact, list[MeasureFact]]] = []
    for n, firm in enumerate(enterprises(TEMPLATES, seed=7), start=1):
        doc = demo_document(firm, seed=n)
        out.append(facts_from(doc, assess(doc)))
    return out


def _visit(template: VisitFact, rng: random.Random, **changes: Any) -> VisitFact:
    scores = {
        a: None if s is None else min(100.0, max(0.0, s + rng.uniform(-15, 15)))
        for a, s in template.scores.items()
    }
    return replace(template, scores=scores, **changes)


def _measures(
    template: list[MeasureFact], visit_id: str, rng: random.Random, follow_up: bool = False
) -> list[MeasureFact]:
    out: list[MeasureFact] = []
    for m in template:
        if follow_up and m.status != "accepted":
            continue  # a follow-up carries the accepted measures only
        k = rng.uniform(0.5, 1.5)

        def scaled(x: float | None, k: float = k) -> float | None:
            return None if x is None else x * k

        fig: dict[str, Any] = {
            "investment_10k_yuan": scaled(m.investment_10k_yuan),
            "money_saved_yuan": scaled(m.money_saved_yuan),
            "tce": scaled(m.tce),
            "co2_t": scaled(m.co2_t),
            "water_m3": scaled(m.water_m3),
        }
        if follow_up:
            fig["status"] = rng.choice(("in_progress", "implemented", "implemented"))
            if fig["status"] == "implemented" and fig["money_saved_yuan"] is not None:
                fig["projected_money_yuan"] = fig["money_saved_yuan"]
                fig["realised_money_yuan"] = fig["money_saved_yuan"] * rng.uniform(0.6, 1.1)
        out.append(replace(m, visit_id=visit_id, seq=len(out), **fig))
    return out


def _build(store: Store) -> None:
    import uuid

    from diagnosis.demo.enterprises import enterprises
    from storage.enterprises import SqliteEnterpriseRepository
    from storage.office_facts import recount, refresh_facts, write_facts

    refresh_facts(store)  # an empty store: records which engine the facts below are from
    firms = list(enterprises(ENTERPRISES, seed=20240701))
    SqliteEnterpriseRepository(store).save(firms, [])
    ids = [r[0] for r in store.conn.execute("SELECT id FROM enterprises")]
    templates = _templates()
    rng = random.Random(11)
    rows: list[dict[str, Any]] = []
    facts: list[tuple[str, tuple[VisitFact, list[MeasureFact]]]] = []
    for n, firm in enumerate(ids):
        base, measures = templates[n % TEMPLATES]
        shape = n % 3
        prev: str | None = None
        when = ""
        for k in range(3):
            vid = str(uuid.uuid4())
            year = 2022 + k if shape != 1 else (2023 if k < 2 else 2024)
            revision = 2 if shape == 1 and k == 1 else 1
            if revision == 1:  # a revision keeps the date of the visit it revises
                when = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            follow = shape != 2 and k == 2
            status = "follow_up" if follow else "finalised"
            previous = prev if shape != 2 and k > 0 else None
            team = tuple(rng.sample(("王建国", "陈静", "李海燕", "周强", "俞明", "吴芳"), 3))
            fact = _visit(
                base,
                rng,
                visit_id=vid,
                enterprise_id=firm,
                date=when,
                year=year,
                month=when[:7],
                status=status,
                revision=revision,
                previous_id=previous,
                is_follow_up=follow,
                team=team,
                open_keys=() if follow else base.open_keys,
            )
            if follow:
                fact = replace(fact, scores=dict.fromkeys(fact.scores), im_level=None)
            rows.append(
                {
                    "id": vid,
                    "enterprise_id": firm,
                    "date": when,
                    "status": status,
                    "revision": revision,
                    "team": json.dumps(list(team), ensure_ascii=False),
                    "previous_id": previous,
                }
            )
            facts.append((vid, (fact, _measures(measures, vid, rng, follow_up=follow))))
            prev = vid
    with store.transaction():
        store.write_in_transaction("visits", inserts=rows)
    marks = dict(store.conn.execute("SELECT visit_id, seq FROM facts_stale").fetchall())
    for start in range(0, len(facts), 5_000):
        write_facts(store, facts[start : start + 5_000], marks)
    emarks = dict(store.conn.execute("SELECT enterprise_id, seq FROM facts_stale_enterprises"))
    recount(store, ids, emarks)


@functools.cache
def _store(work: Path) -> tuple[Store, float]:
    from storage.database import Store

    start = time.perf_counter()
    store = Store(work / "office.sqlite", user="bench")
    _build(store)
    store.conn.execute("ANALYZE")
    return store, time.perf_counter() - start


def _bare(store: Store) -> None:
    """The rows the figures sum, selected as they are: the register's keys and flags, the
    counted visits' facts, the current measures' figures."""
    conn = store.conn
    conn.execute(
        "SELECT id, district, industry, cluster, above_scale, willing FROM enterprises "
        "WHERE deleted = 0"
    ).fetchall()
    conn.execute(
        "SELECT enterprise_id, year, month, status, is_follow_up, diagnosis, team, "
        "open_proposals, score_intelligent_manufacturing, score_energy, score_water, "
        "score_cleaner_production, score_safety FROM visit_facts WHERE counted = 1"
    ).fetchall()
    conn.execute(
        "SELECT district, area, category, status, origin_year, kind_mask, investment, money, "
        "tce, co2, water, realised_money, projected_money, realised_tce, projected_tce "
        "FROM measure_facts WHERE is_current = 1"
    ).fetchall()


def stats_10k(work: Path, repeat: int = 7) -> Result:
    from diagnosis.office.service import OfficeService
    from storage.office import SqliteOfficeRepository

    store, built = _store(work)
    office = OfficeService(SqliteOfficeRepository(store))
    refreshed = office.refresh()
    assert refreshed == 0, f"facts not current: {refreshed} visits recomputed"
    fig = office.figures()  # warm: page cache, statements
    assert fig.total.enterprises == ENTERPRISES and fig.visits > 0
    value = median_time(office.figures, repeat)
    baseline = median_time(lambda: _bare(store), repeat)
    measures = store.conn.execute("SELECT count(*) FROM measure_facts").fetchone()[0]
    return by_value(
        "stats_10k",
        value * 1000,
        baseline * 1000,
        "ms",
        GOAL_MS,
        f"every office figure (coverage by 4 dimensions, progress, members, months, pipeline "
        f"by 4 dimensions, targets, realised) over {ENTERPRISES:,} enterprises, "
        f"{fig.visits:,} counted of {3 * ENTERPRISES:,} visits, {measures:,} measure facts, "
        f"facts current; baseline: a bare SELECT of the rows summed (register keys, counted "
        f"visit facts, current measure facts); store built in {built:.0f} s",
    )


FIGURES = {"stats_10k": stats_10k}
