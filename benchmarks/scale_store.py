"""The stores the ``--scale`` figures run on, built once and kept between runs.

A city's year of data: a 300,000-firm register, and a store of 20,000 complete visits (with the
register they belong to). Built in minutes, not the demo's ten (not through ``main.py demo``),
cached under ``$DIAGNOSIS_SCALE_CACHE`` (default /tmp/diagnosis-scale) by a key of the code that
makes them, so a second run starts at once. Callers that write must work on a copy
(``storage.store_file.copy_store``): the cached stores are shared by every figure.

The stores are encrypted under the benchmarks' passphrase (``$DIAGNOSIS_STORE_PASSPHRASE``, set
to ``benchmark passphrase`` when unset, as ``python -m benchmarks`` does).

How the visits are made fast: ``TEMPLATES`` whole demo documents (diagnosis.demo.visit, ~37 ms
each) are cloned for the other firms, each clone with its own firm (the template firm's size and
trade, its own name, code, district and contact), visit id, finding ids and day, and saved through
the visits repository's own save path (storage.visits), many visits to a transaction. So the
rows are what the app writes, triggers included: every visit's office facts are stale, as after
a sync pulled them.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from diagnosis.register.enterprise import Enterprise
    from diagnosis.visits.document import Document
    from storage.database import Store

REGISTER_FIRMS = 300_000
VISITS = 20_000
TEMPLATES = 100
PASSPHRASE = "benchmark passphrase"
STORE_NAME = "diagnosis.sqlite"
# Firms a register transaction, visits a visits transaction: large, so a commit's fsync is paid
# rarely, yet a progress line comes every few seconds.
FIRMS_PER_COMMIT = 25_000
VISITS_PER_COMMIT = 1_000
# What a clone takes of its template's firm: what the answers were drawn from.
_PROFILE = (
    "industry",
    "cluster",
    "above_scale",
    "employees",
    "output_value",
    "tax",
    "land_area",
    "per_mu_class",
    "green_stars",
)
# What the stores are made of: a change to the demo or to the schema (a new migration, which
# would otherwise be applied to the shared cached store, a write) makes new stores; so does
# BUILD, moved by hand when this module changes what it builds. Not the storage modules' code:
# a faster write path makes the same rows, and rebuilding under other runs costs them minutes.
BUILD = 1
_SOURCES = (
    "diagnosis/demo/enterprises.py",
    "diagnosis/demo/visit.py",
    "diagnosis/demo/answers.py",
    "diagnosis/demo/photos.py",
)
_ROOT = Path(__file__).resolve().parents[1]


def cache_dir() -> Path:
    return Path(os.environ.get("DIAGNOSIS_SCALE_CACHE", "/tmp/diagnosis-scale"))


def demo_key() -> str:
    """A key of the demo code alone: what files made from demo firms depend on."""
    digest = hashlib.sha256(f"{BUILD}".encode())
    for name in _SOURCES:
        digest.update(name.encode() + b"\0" + (_ROOT / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def cache_key() -> str:
    """A key of what the stores are made of: the demo, the build, and the schema."""
    from storage.migrations import MIGRATION_NAMES

    text = f"{demo_key()}/{TEMPLATES}/{'/'.join(MIGRATION_NAMES)}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def register_store() -> Path:
    """An encrypted store holding ``REGISTER_FIRMS`` demo enterprises (no visits)."""
    return _cached("register", REGISTER_FIRMS, build_register)


def visits_store() -> Path:
    """An encrypted store holding ``VISITS`` complete visits of as many firms, facts stale
    (as after a sync pulled them), with photos referenced but not all present."""
    return _cached("visits", VISITS, build_visits)


def _progress(text: str) -> None:
    print(f"[scale store] {text}", file=sys.stderr, flush=True)


def _cached(kind: str, n: int, build: Callable[[Path, int], None]) -> Path:
    os.environ.setdefault("DIAGNOSIS_STORE_PASSPHRASE", PASSPHRASE)
    # The key wrapped by the passphrase in the key file, never in this user's keyring: the
    # cached stores are opened by every run, as the benchmarks open theirs.
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    root = cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    folder = root / f"{kind}-{n}-{cache_key()}"
    done = folder / STORE_NAME
    # One builder at a time across processes (figures run by several people at once wait for
    # the first one's build rather than making their own).
    with (root / f".{kind}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if folder.is_dir():
            return done
        for stale in root.glob(f"{kind}-{n}-*"):  # an older code's store: gigabytes, unused
            shutil.rmtree(stale, ignore_errors=True)
        partial = root / f".{kind}-{n}-building"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        start = time.perf_counter()
        build(partial / STORE_NAME, n)
        partial.rename(folder)  # whole or not at all: a cut build is never taken for a store
        _progress(f"{kind}: built in {time.perf_counter() - start:.0f} s: {done}")
    return done


def _open(path: Path) -> Store:
    from storage.database import Store

    return Store(path, user="scale", passphrase=os.environ.get("DIAGNOSIS_STORE_PASSPHRASE"))


def build_register(path: Path, n: int) -> None:
    """A new store at ``path`` with ``n`` demo enterprises, saved by the register's own path."""
    from diagnosis.demo.enterprises import enterprises
    from storage.enterprises import SqliteEnterpriseRepository

    store = _open(path)
    try:
        repo = SqliteEnterpriseRepository(store)
        firms = enterprises(n)
        start = time.perf_counter()
        for done in range(0, n, FIRMS_PER_COMMIT):
            batch = [next(firms) for _ in range(min(FIRMS_PER_COMMIT, n - done))]
            repo.save(batch, [])
            _progress(
                f"register: {done + len(batch):,}/{n:,} ({time.perf_counter() - start:.0f} s)"
            )
    finally:
        store.close()


def build_visits(path: Path, n: int, templates: int = TEMPLATES) -> None:
    """A new store at ``path`` with ``n`` firms, each with one complete visit: ``templates``
    demo documents and their clones (module docstring)."""
    from diagnosis.demo.enterprises import enterprises
    from diagnosis.demo.photos import with_sample_photos
    from diagnosis.demo.visit import demo_document
    from storage.enterprises import SqliteEnterpriseRepository
    from storage.visits import SqliteVisitRepository

    start = time.perf_counter()
    firms = list(enterprises(n, seed=20260101))
    store = _open(path)
    try:
        photos = store.photos()
        made: list[Document] = []
        for k, firm in enumerate(firms[:templates]):
            doc = demo_document(firm, seed=k + 1, year=2023 if k % 4 else 2022)
            if k < 3:  # a few real pictures, shared by these templates' clones
                doc = with_sample_photos(doc, photos)
            made.append(doc)
        _progress(f"visits: {len(made)} templates ({time.perf_counter() - start:.0f} s)")
        register = SqliteEnterpriseRepository(store)
        register.save(
            [clone_firm(f, made[i % len(made)].enterprise) for i, f in enumerate(firms)], []
        )
        visits = SqliteVisitRepository(store)
        for first in range(0, n, VISITS_PER_COMMIT):
            with one_transaction(store):
                for i in range(first, min(first + VISITS_PER_COMMIT, n)):
                    template = made[i % len(made)]
                    visits.save(clone_visit(template, clone_firm(firms[i], template.enterprise), i))
            _progress(
                f"visits: {min(first + VISITS_PER_COMMIT, n):,}/{n:,} "
                f"({time.perf_counter() - start:.0f} s)"
            )
    finally:
        store.close()


def clone_firm(firm: Enterprise, template: Enterprise) -> Enterprise:
    """``firm`` (its name, code, district, contact) with the size and trade of ``template``."""
    return firm.with_values(**{name: getattr(template, name) for name in _PROFILE})


def clone_visit(template: Document, firm: Enterprise, n: int) -> Document:
    """``template`` as the visit of ``firm``: new visit and finding ids, its own day; every
    third visit's findings also refer to a photo this laptop does not have (not yet pulled)."""
    v = template.visit
    visit_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"scale/{firm.credit_code}/{v.date[:4]}"))
    missing = n % 3 == 1
    findings = []
    for k, f in enumerate(template.findings):
        fid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{visit_id}/finding/{k}"))
        shots = f.photos
        if missing:
            shots = (*shots, hashlib.sha256(f"{fid}/photo".encode()).hexdigest())
        findings.append(replace(f, id=fid, photos=shots))
    day = f"{v.date[:8]}{10 + n % 19:02d}"
    visit = replace(v, id=visit_id, date=day)
    return replace(template, enterprise=firm, visit=visit, findings=tuple(findings))


@contextlib.contextmanager
def one_transaction(store: Store) -> Iterator[None]:
    """Many saves in one transaction: each save's own ``transaction()`` joins this one (a save
    that fails rolls the whole batch back, which a build starts again anyway)."""
    with store.transaction():
        store.transaction = contextlib.nullcontext  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            del store.transaction
