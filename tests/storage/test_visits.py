"""Visits in the store: documents round-trip, answers update in place, finalised visits stay."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from diagnosis.demo import enterprises
from diagnosis.demo_visit import demo_document
from diagnosis.document import Visit, parse_document
from diagnosis.messages import DomainError
from diagnosis.visits import VisitService
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.visits import SqliteVisitRepository

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "visit.json"


@pytest.fixture
def visits(store: Store) -> VisitService:
    return VisitService(SqliteVisitRepository(store), SqliteEnterpriseRepository(store))


def example():  # type: ignore[no-untyped-def]
    return parse_document(json.loads(EXAMPLE.read_text("utf-8")))


def test_visits_import_adds_the_enterprise_and_round_trips(visits: VisitService) -> None:
    doc = example()
    outcome = visits.import_document(doc)
    assert (outcome.kind, outcome.enterprise_added) == ("created", True)
    assert visits.export(doc.visit.id) == doc
    again = visits.import_document(doc)
    assert again.kind == "unchanged"


def test_visits_belong_to_the_register_enterprise_with_the_same_code(visits: VisitService) -> None:
    doc = example()
    registered = replace(doc.enterprise, id="register-id", name="宁波甬明精密机械有限公司（名录）")
    visits.enterprises.save([registered], [])
    outcome = visits.import_document(doc)
    assert not outcome.enterprise_added
    stored = visits.export(doc.visit.id)
    assert stored.enterprise.id == "register-id"
    assert stored.enterprise.name.endswith("（名录）")  # the register is not overwritten


def test_visits_answer_changes_update_rows_in_place(visits: VisitService, store: Store) -> None:
    doc = example()
    visits.import_document(doc)
    before = dict(
        store.conn.execute(
            "SELECT area || '/' || item, id FROM answers WHERE deleted = 0"
        ).fetchall()
    )
    answers = {area: dict(values) for area, values in doc.answers.items()}
    answers["energy"]["E01"] = 2021
    dropped = next(iter(answers["safety"]))
    del answers["safety"][dropped]
    outcome = visits.import_document(replace(doc, answers=answers))
    assert outcome.kind == "updated"
    after = dict(
        store.conn.execute(
            "SELECT area || '/' || item, id FROM answers WHERE deleted = 0"
        ).fetchall()
    )
    assert after["energy/E01"] == before["energy/E01"]  # same row, new value
    assert f"safety/{dropped}" not in after
    tomb = store.conn.execute(
        "SELECT deleted, dirty FROM answers WHERE id = ?", [before[f"safety/{dropped}"]]
    ).fetchone()
    assert tomb == (1, 1)  # a tombstone, for sync and history
    assert visits.export(doc.visit.id).answers["energy"]["E01"] == 2021


def test_visits_finalised_visit_is_never_overwritten(visits: VisitService) -> None:
    doc = example()
    final = replace(doc, visit=replace(doc.visit, status="finalised"))
    visits.import_document(final)
    changed = replace(final, water_reused_m3=1.0)
    with pytest.raises(DomainError) as caught:
        visits.import_document(changed)
    assert caught.value.problems[0].message.code == "visit.finalised"
    assert visits.export(doc.visit.id) == final


def test_visits_list_by_enterprise_code_newest_first(visits: VisitService) -> None:
    for seed, e in enumerate(list(enterprises(3, seed=11)), start=1):
        for n, when in enumerate(("2024-03-01", "2025-04-02")):
            doc = demo_document(e, seed=seed, year=2023 + n)
            doc = replace(doc, visit=replace(doc.visit, id=f"v{seed}-{n}", date=when))
            visits.import_document(doc)
    assert len(visits.list()) == 6
    mine = visits.list(list(enterprises(3, seed=11))[1].credit_code)
    assert [v.id for v in mine] == ["v2-1", "v2-0"]
    with pytest.raises(DomainError):
        visits.list("91330200MA293KDE7K")


def test_visits_missing_visit_is_a_clear_refusal(visits: VisitService) -> None:
    with pytest.raises(DomainError) as caught:
        visits.export("nope")
    assert "nope" in caught.value.problems[0].text("en")


def test_visits_visit_record_keeps_checklist_versions(visits: VisitService) -> None:
    doc = example()
    assert isinstance(doc.visit, Visit) and doc.visit.checklists
    visits.import_document(doc)
    assert visits.export(doc.visit.id).visit.checklists == doc.visit.checklists
