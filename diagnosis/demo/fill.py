"""A store filled with the demo: sample enterprises and complete visits for the first of them,
a few with pictures. One routine for ``python main.py demo`` and the welcome's "Open the demo"
button, so both give a newcomer the same store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from diagnosis.demo.enterprises import enterprises
from diagnosis.ports import PhotoRepository
from diagnosis.register.service import RegisterService
from diagnosis.visits.service import VisitService

DEMO_ENTERPRISES = 200
DEMO_VISITS = 30
DEMO_SEED = 20220101
DEMO_VISITS_WITH_PHOTOS = 5  # drawing and storing pictures is slow; a few visits show them


@dataclass(frozen=True)
class DemoFilled:
    inserted: int  # sample enterprises added
    existing: int  # sample enterprises already there (a demo run twice adds nothing twice)
    total: int  # enterprises in the store afterwards
    visits: int  # complete visits created


def fill_demo(
    register: RegisterService,
    visits: VisitService,
    photos: PhotoRepository,
    *,
    count: int = DEMO_ENTERPRISES,
    visit_count: int | None = None,
    seed: int = DEMO_SEED,
    progress: Callable[[int, int], None] | None = None,
) -> DemoFilled:
    """Add ``count`` sample enterprises and complete visits for the first ``visit_count`` of
    them (default: 30, or all when fewer); ``progress(done, total)`` after each visit."""
    from diagnosis.demo.photos import with_sample_photos
    from diagnosis.demo.visit import demo_document

    wanted = list(enterprises(count, seed=seed))
    existing = register.repo.by_codes({e.credit_code for e in wanted})
    new = [e for e in wanted if e.credit_code not in existing]
    register.repo.save(new, [])
    stored = register.repo.by_codes({e.credit_code for e in wanted})
    n_visits = min(DEMO_VISITS if visit_count is None else visit_count, len(wanted))
    created = 0
    for n, e in enumerate(wanted[:n_visits], start=1):
        doc = demo_document(stored[e.credit_code], seed=n)
        if n <= DEMO_VISITS_WITH_PHOTOS and not visits.has(doc.visit.id):
            doc = with_sample_photos(doc, photos)
        created += visits.import_document(doc).kind == "created"
        if progress is not None:
            progress(n, n_visits)
    return DemoFilled(len(new), len(existing), register.count(), created)
