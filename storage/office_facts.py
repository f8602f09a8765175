"""Keep the office's derived facts (visit, measure and member facts) current.

Triggers (migration m006) mark a visit whose rows changed, by any write path, sync included, and
an enterprise whose register keys changed. ``refresh_facts`` recomputes the marked visits with
``assess`` and re-applies the counting rules (``diagnosis.office.counting``) to their
enterprises; with nothing marked it costs two empty reads, so every office query calls it first.
Marks rather than comparing ``updated_at``: a pulled row keeps the server's stamp, which may be
older than the facts, and comparing 30,000 visits' answers on every query would cost more than
the figures themselves.

Which visit counts, in short: revisions supersede what they revise, only live visits of live
enterprises count, an open follow-up is a visit but not a diagnosis, and each measure's current
decision is the one at the enterprise's latest counted visit deciding it (the module docstring of
``diagnosis.office.counting`` has the whole rules, docs/office.md the figures). Never writes a
synced table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor

from diagnosis.office.counting import (
    MeasureFact,
    MeasureLink,
    VisitFact,
    VisitLink,
    count_enterprise,
    engine_stamp,
)
from diagnosis.office.figures import SkippedRecord
from diagnosis.visits.document import Document

from storage.database import Store, now_iso
from storage.migrations import FACT_AREAS
from storage.office_facts_pool import assess_all, pool_for
from storage.office_facts_scope import Scope, marked
from storage.office_skipped import note_skipped, skipped_record, unreadable
from storage.visits import SqliteVisitRepository, UnreadableAnswer

ENGINE_KEY = "office_facts.engine"
# Visits assessed between two short write transactions: the app's autosave never waits long.
BATCH = 100
_VISIT_COLUMNS = (
    "visit_id, enterprise_id, date, year, month, status, revision, previous_id, is_follow_up, "
    f"team, {', '.join(f'score_{a}' for a in FACT_AREAS)}, im_level, open_keys, error, engine, "
    "source_updated_at, computed_at, intensity_equal_value, intensity_equivalent"
)
_MEASURE_COLUMNS = (
    "visit_id, seq, enterprise_id, year, key, code, title, area, category, status, investment, "
    "money, tce, co2, water, kinds, kind_mask, realised_money, realised_tce, projected_money, "
    "projected_tce, project, start_month, duration, support"
)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _source_stamp(store: Store, visit_id: str) -> str:
    """When the visit's rows last changed here: kept beside the facts for whoever checks them."""
    row = store.conn.execute(
        "SELECT max(coalesce((SELECT updated_at FROM visits WHERE id = :v), ''), "
        "coalesce((SELECT max(updated_at) FROM answers WHERE visit_id = :v AND deleted = 0), ''))",
        {"v": visit_id},
    ).fetchone()
    return str(row[0] or "")


Computed = tuple[VisitFact, list[MeasureFact]] | SkippedRecord | None


def _load(store: Store, repo: SqliteVisitRepository, visit_id: str) -> Computed | Document:
    """The document of a live visit of a known enterprise, to assess; else what its facts are
    already known to be: None for a visit to forget, the record the app cannot read for a visit
    left out (office_skipped)."""
    found = unreadable(store.conn, visit_id, answers=False)  # the answers: as they are read
    if found is not None:
        return found
    row = store.conn.execute(
        "SELECT 1 FROM visits v JOIN enterprises e ON e.id = v.enterprise_id "
        "WHERE v.id = ? AND v.deleted = 0",
        [visit_id],
    ).fetchone()
    try:
        return repo.load(visit_id, checked=True) if row is not None else None
    except UnreadableAnswer as exc:
        return skipped_record("answers", exc.answer_id, exc.problem)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        # What the shape rules do not foresee still never stops the office's figures.
        return SkippedRecord("visits", visit_id, f"{type(exc).__name__}: {exc}")


def _compute_many(
    store: Store, repo: SqliteVisitRepository, ids: Sequence[str], pool: Executor | None
) -> Callable[[], list[tuple[str, Computed]]]:
    """Each visit's facts, when the returned call is made: documents read here now (the one
    connection), assessed on ``pool`` meanwhile."""
    loaded = [(vid, _load(store, repo, vid)) for vid in ids]
    docs = [d for _vid, d in loaded if isinstance(d, Document)]
    assessing = assess_all(docs, pool)

    def done() -> list[tuple[str, Computed]]:
        assessed = iter(assessing())
        return [(vid, next(assessed) if isinstance(d, Document) else d) for vid, d in loaded]

    return done


def write_facts(
    store: Store,
    facts: Iterable[tuple[str, Computed]],
    marks: dict[str, int] | None = None,
    stamps: dict[str, str] | None = None,
) -> set[str]:
    """Replace the facts of each (visit id, facts or None to drop), in one transaction, and
    clear the visit's mark when it is still the one read (``marks``: visit id -> seq). The
    enterprises whose counting must be redone. A skipped visit (a SkippedRecord) gets no facts
    and is listed as skipped; any other is no longer."""
    conn = store.conn
    touched: set[str] = set()
    engine, now = engine_stamp(), now_iso()
    with store.transaction():
        skips: dict[str, SkippedRecord | None] = {}
        for visit_id, computed in facts:
            skips[visit_id] = computed if isinstance(computed, SkippedRecord) else None
            if isinstance(computed, SkippedRecord):
                computed = None
            old = conn.execute(
                "SELECT enterprise_id FROM visit_facts WHERE visit_id = ?", [visit_id]
            ).fetchone()
            if old is not None:
                touched.add(old[0])
            conn.execute("DELETE FROM measure_facts WHERE visit_id = ?", [visit_id])
            conn.execute("DELETE FROM visit_members WHERE visit_id = ?", [visit_id])
            conn.execute("DELETE FROM visit_facts WHERE visit_id = ?", [visit_id])
            if computed is not None:
                visit, measures = computed
                touched.add(visit.enterprise_id)
                stamp = (stamps or {}).get(visit_id, "")
                _insert(store, visit, measures, engine, stamp, now)
            if marks is not None and visit_id in marks:
                conn.execute(
                    "DELETE FROM facts_stale WHERE visit_id = ? AND seq = ?",
                    [visit_id, marks[visit_id]],
                )
        note_skipped(conn, skips)
    return touched


def _insert(
    store: Store, v: VisitFact, measures: Sequence[MeasureFact], engine: str, stamp: str, now: str
) -> None:
    visit_row = (
        v.visit_id,
        v.enterprise_id,
        v.date,
        v.year,
        v.month,
        v.status,
        v.revision,
        v.previous_id,
        int(v.is_follow_up),
        _dumps(list(v.team)),
        *(v.scores.get(a) for a in FACT_AREAS),
        v.im_level,
        _dumps(list(v.open_keys)),
        v.error,
        engine,
        stamp,
        now,
        v.intensity_equal_value,
        v.intensity_equivalent,
    )
    marks = ", ".join("?" * len(visit_row))
    store.conn.execute(f"INSERT INTO visit_facts ({_VISIT_COLUMNS}) VALUES ({marks})", visit_row)
    store.conn.executemany(
        "INSERT OR IGNORE INTO visit_members (visit_id, member, enterprise_id, year, "
        "is_follow_up) VALUES (?, ?, ?, ?, ?)",
        [(v.visit_id, m, v.enterprise_id, v.year, int(v.is_follow_up)) for m in v.team],
    )
    rows = [
        (
            m.visit_id,
            m.seq,
            v.enterprise_id,
            v.year,
            m.key,
            m.code,
            m.title,
            m.area,
            m.category,
            m.status,
            m.investment_10k_yuan,
            m.money_saved_yuan,
            m.tce,
            m.co2_t,
            m.water_m3,
            _dumps(list(m.kinds)),
            m.kind_mask,
            m.realised_money_yuan,
            m.realised_tce,
            m.projected_money_yuan,
            m.projected_tce,
            m.project,
            m.start_month,
            m.duration_months,
            _dumps([list(s) for s in m.support]),
        )
        for m in measures
    ]
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        store.conn.executemany(
            f"INSERT INTO measure_facts ({_MEASURE_COLUMNS}) VALUES ({marks})", rows
        )


def recount(
    store: Store, enterprise_ids: Iterable[str], marks: dict[str, int] | None = None
) -> None:
    """Re-apply the counting rules to each enterprise's visits and measures and copy its
    register keys onto them; clear each enterprise's mark still as read (``marks``)."""
    ids = sorted(set(enterprise_ids) | set(marks or {}))
    for start in range(0, len(ids), 500):
        with store.transaction():
            for enterprise_id in ids[start : start + 500]:
                _recount_one(store, enterprise_id)
                if marks is not None and enterprise_id in marks:
                    store.conn.execute(
                        "DELETE FROM facts_stale_enterprises WHERE enterprise_id = ? AND seq = ?",
                        [enterprise_id, marks[enterprise_id]],
                    )


def _recount_one(store: Store, enterprise_id: str) -> None:
    conn = store.conn
    register = conn.execute(
        "SELECT district, industry, cluster, above_scale, willing, deleted FROM enterprises "
        "WHERE id = ?",
        [enterprise_id],
    ).fetchone()
    live = register is not None and not register[5]
    district, industry, cluster, above, willing = register[:5] if register else (None,) * 5
    # Figures and peers are by industry division; the register keeps the finest code (3484).
    industry = industry[:2] if industry else industry
    visits = [
        VisitLink(
            vid,
            when,
            year,
            revision,
            previous,
            bool(follow),
            tuple(json.loads(keys)),
            tuple(json.loads(team)),
        )
        for vid, when, year, revision, previous, follow, keys, team in conn.execute(
            "SELECT visit_id, date, year, revision, previous_id, is_follow_up, open_keys, team "
            "FROM visit_facts WHERE enterprise_id = ?",
            [enterprise_id],
        )
    ]
    measures = [
        MeasureLink(*row)
        for row in conn.execute(
            "SELECT visit_id, seq, key, status FROM measure_facts WHERE enterprise_id = ?",
            [enterprise_id],
        )
    ]
    counts = count_enterprise(visits, measures, live=live)
    conn.executemany(
        "UPDATE visit_facts SET counted = ?, diagnosis = ?, latest_diagnosis = ?, "
        "year_diagnosis = ?, first_year = ?, open_proposals = ?, district = ?, industry = ?, "
        "cluster = ?, above_scale = ?, willing = ? WHERE visit_id = ?",
        [
            (
                int(c.counted),
                int(c.diagnosis),
                int(c.latest_diagnosis),
                int(c.year_diagnosis),
                int(c.first_year),
                c.open_proposals,
                district,
                industry,
                cluster,
                int(bool(above)),
                int(bool(willing)),
                vid,
            )
            for vid, c in counts.visits.items()
        ],
    )
    member_rows = []
    for v in visits:
        counted = int(counts.visits[v.visit_id].counted)
        for m in dict.fromkeys(v.team):
            first, first_of_year = counts.members.get((v.visit_id, m), (False, False))
            member_rows.append(
                (
                    counted,
                    int(first),
                    int(first_of_year),
                    district,
                    industry,
                    cluster,
                    v.visit_id,
                    m,
                )
            )
    conn.executemany(
        "UPDATE visit_members SET counted = ?, first_visit = ?, first_of_year = ?, "
        "district = ?, industry = ?, cluster = ? WHERE visit_id = ? AND member = ?",
        member_rows,
    )
    conn.executemany(
        "UPDATE measure_facts SET is_current = ?, origin_year = ?, district = ?, industry = ?, "
        "cluster = ? WHERE visit_id = ? AND seq = ?",
        [
            (
                int((m.visit_id, m.seq) in counts.current),
                counts.current.get((m.visit_id, m.seq)),
                district,
                industry,
                cluster,
                m.visit_id,
                m.seq,
            )
            for m in measures
        ],
    )


def _check_engine(store: Store) -> None:
    """Facts computed by another version of the rules or catalogue are all recomputed."""
    engine = engine_stamp()
    if store.meta(ENGINE_KEY) == engine:
        return
    with store.transaction():
        store.conn.execute(
            "INSERT INTO facts_stale (visit_id, seq) SELECT id, 1 FROM visits WHERE true "
            "ON CONFLICT(visit_id) DO UPDATE SET seq = seq + 1"
        )
        store.conn.execute(
            "INSERT INTO local_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [ENGINE_KEY, engine],
        )


def refresh_facts(
    store: Store,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
    *,
    scope: Scope | None = None,
    workers: int | None = None,
) -> int:
    """Recompute the facts of every visit marked since; the number recomputed (0: current).
    ``progress(done, total)`` after each batch (a first refresh of a big store takes seconds);
    it may raise to stop: what was written stays, the rest stays marked. ``scope``: only the
    visits of the enterprises it selects (a plan's own and its peers'); the other marks stay.
    ``workers``: processes to assess on (None: ``office_facts_pool.worker_count`` when there
    are many visits; 0: none)."""
    _check_engine(store)
    marks, enterprise_marks, again = marked(store, scope)
    if not marks and not enterprise_marks and not again:
        return 0
    repo = SqliteVisitRepository(store)
    touched: set[str] = set()
    ids = sorted(set(marks) | again)
    pool = pool_for(len(ids), workers)
    try:
        # With a pool, the next batch is read while the workers assess this one.
        batches = [ids[start : start + batch] for start in range(0, len(ids), batch)]
        pending = _compute_many(store, repo, batches[0], pool) if batches else None
        done = 0
        for n, chunk in enumerate(batches):
            assert pending is not None
            current = pending
            if n + 1 < len(batches):
                pending = _compute_many(store, repo, batches[n + 1], pool)
            computed = current()
            stamps = {
                vid: _source_stamp(store, vid)
                for vid, facts in computed
                if facts is not None and not isinstance(facts, SkippedRecord)
            }
            touched |= write_facts(store, computed, marks, stamps)
            done += len(chunk)
            if progress is not None:
                try:
                    progress(done, len(ids))
                except BaseException:
                    recount(store, touched)  # what was written counts correctly
                    raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    recount(store, touched, enterprise_marks)
    return len(ids)
