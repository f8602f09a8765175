"""The scale stores' builder (benchmarks.scale_store) at a small size: what it writes is what
the app writes, and the cache hands out a whole store or builds one."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import scale_store
from diagnosis.demo.visit import demo_document
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.visits import SqliteVisitRepository


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIAGNOSIS_STORE_PASSPHRASE", scale_store.PASSPHRASE)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def test_register_of_n_firms(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    scale_store.build_register(path, 200)
    store = Store(path)
    try:
        repo = SqliteEnterpriseRepository(store)
        assert repo.count() == 200
        assert len(repo.ids_by_name()) == 200
        assert store.conn.execute("SELECT count(*) FROM visits").fetchone()[0] == 0
    finally:
        store.close()


def test_visits_are_complete_clones_with_their_own_ids(tmp_path: Path) -> None:
    path = tmp_path / "visits.sqlite"
    scale_store.build_visits(path, 20, templates=5)
    store = Store(path)
    try:
        visits = SqliteVisitRepository(store)
        summaries = visits.list()
        assert len(summaries) == 20
        assert len({s.enterprise_id for s in summaries}) == 20
        ids = [s.id for s in summaries]
        assert len(set(ids)) == 20
        finding_ids = [r[0] for r in store.conn.execute("SELECT id FROM findings")]
        assert len(finding_ids) == len(set(finding_ids)) > 0
        # Every visit's facts wait to be computed, as after a sync pulled them.
        stale = {r[0] for r in store.conn.execute("SELECT visit_id FROM facts_stale")}
        assert stale == set(ids)
        # A clone is its template's diagnosis of a firm of the template's size and trade.
        docs = [visits.load(i) for i in ids]
        assert all(d is not None and d.answers and d.measures for d in docs)
        template = docs[0]
        assert template is not None
        same = [
            d
            for d in docs
            if d is not None
            and d.visit.id != template.visit.id
            and d.answers == template.answers
            and d.measures == template.measures
        ]
        assert same and all(
            d.enterprise.output_value == template.enterprise.output_value
            and d.enterprise.industry == template.enterprise.industry
            and d.enterprise.credit_code != template.enterprise.credit_code
            for d in same
        )
        # Photos referred to: some on this laptop, some not (not yet pulled).
        shas = [sha for d in docs if d is not None for f in d.findings for sha in f.photos]
        photos = store.photos()
        assert any(photos.has(s) for s in shas) and any(not photos.has(s) for s in shas)
    finally:
        store.close()


def test_a_clone_keeps_the_template_but_its_ids_and_day() -> None:
    from diagnosis.demo.enterprises import enterprises

    firms = list(enterprises(2))
    template = demo_document(firms[0], seed=1)
    firm = scale_store.clone_firm(firms[1], template.enterprise)
    clone = scale_store.clone_visit(template, firm, 7)
    assert clone.enterprise.id == firms[1].id
    assert clone.visit.id != template.visit.id
    assert clone.visit.date[:8] == template.visit.date[:8]
    assert {f.id for f in clone.findings}.isdisjoint(f.id for f in template.findings)
    assert [f.text for f in clone.findings] == [f.text for f in template.findings]
    assert clone.answers == template.answers


def test_cache_builds_once_and_hands_out_the_whole_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIAGNOSIS_SCALE_CACHE", str(tmp_path))
    built: list[Path] = []

    def build(path: Path, n: int) -> None:
        built.append(path)
        scale_store.build_register(path, n)

    first = scale_store._cached("register", 30, build)
    again = scale_store._cached("register", 30, build)
    assert first == again and first.exists() and len(built) == 1
    assert first.parent.name.endswith(scale_store.cache_key())
    assert not list(tmp_path.glob(".register-*-building"))
