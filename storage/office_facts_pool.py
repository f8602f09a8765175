"""Assess many visits at once for the office facts, on worker processes where that helps.

Only documents go to the workers and only facts come back: a worker never opens the store (its
file, key or lock), so the one writer and SQLite's locks stay in the calling process and nothing
a worker does can touch the data. ``assess`` is pure and CPU-bound; threads would share one
interpreter lock, processes do not. A small refresh (one plan's enterprise, an
autosave's few visits) stays in process: starting a worker costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

from diagnosis.assessment.assess import assess
from diagnosis.office.counting import MeasureFact, VisitFact, facts_from
from diagnosis.visits.document import Document

# Below this many visits to assess, workers cost more to start (imports: about a second) than
# they save (assess: a few ms a visit).
POOL_FROM = 400
Facts = tuple[VisitFact, list[MeasureFact]]
# With one worker (two cores), reading the next documents and writing the facts leave this
# process time while the worker assesses: it takes this part of each batch itself (3,000
# visits on a quiet machine: 2.6 ms a visit, against 2.75 with every visit sent).
ONE_WORKER_LOCAL_SHARE = 0.15


def facts_of(doc: Document) -> Facts:
    """The facts of one readable document; a visit that cannot be scored still took place, so
    it is counted with the reason and no scores."""
    try:
        return facts_from(doc, assess(doc))
    except Exception as exc:
        return facts_from(doc, None, f"{type(exc).__name__}: {exc}")


def _facts_of_many(docs: Sequence[Document]) -> list[Facts]:
    return [facts_of(d) for d in docs]


def worker_count() -> int:
    """How many processes to assess on by default: one per core but the one this process
    needs to read the documents and write the facts (about 40% of a visit's cost). On two
    cores one worker takes the assessing while the other core is free: 3.1 ms a visit against
    4.3 alone (3,000 visits, quiet machine); on a busy machine it got too little time and was
    slower than one process (29-32 ms a visit alone, 35-42 with one worker), so it is used
    only while the load leaves that core idle. None where a process cannot be started safely
    (a frozen app would start itself again, not a worker)."""
    if getattr(sys, "frozen", False):
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    spare = (cores or 1) - 1
    if spare >= 2:
        return spare
    return 1 if spare == 1 and _other_core_idle(cores or 1) else 0


def _other_core_idle(cores: int) -> bool:
    """Whether the last minute's load leaves room beside this process's own. This process
    counts in the load when it was busy itself (a sync, a refresh just before): up to a load of
    one per core a worker pays; another busy program beside it (a build, a test run) loads the
    machine past that, and then one process is quicker."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return False
    return load < cores


def pool_for(visits: int, workers: int | None = None) -> Executor | None:
    """A process pool for ``visits`` visits to assess, or None to assess them in process.
    ``spawn``: a forked child would inherit the parent's open SQLite descriptors and locks."""
    n = worker_count() if workers is None else workers
    if n < 1 or visits < POOL_FROM:
        return None
    return ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn"))


def assess_all(
    docs: Sequence[Document], pool: Executor | None, local_share: float | None = None
) -> Callable[[], list[Facts]]:
    """The facts of each document, in order, when the returned call is made: on ``pool`` they
    are being worked out meanwhile (the caller reads the next documents), else at that call.
    Split in one slice per worker, so a worker pays the pickling once per slice, not per visit.
    ``local_share``: the part of the documents the caller assesses itself at that call, where
    reading and writing leave it time the workers would otherwise make it wait."""
    if pool is None or not docs:
        return lambda: _facts_of_many(docs)
    workers = getattr(pool, "_max_workers", 2)
    if local_share is None:
        local_share = ONE_WORKER_LOCAL_SHARE if workers == 1 else 0.0
    local = docs[: int(len(docs) * local_share)]
    sent = docs[len(local) :]
    size = max(1, -(-len(sent) // workers))
    futures = [pool.submit(_facts_of_many, sent[i : i + size]) for i in range(0, len(sent), size)]

    def done() -> list[Facts]:
        here = _facts_of_many(local)  # while the workers assess the rest
        return here + [facts for f in futures for facts in f.result()]

    return done
