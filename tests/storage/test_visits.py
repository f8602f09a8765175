"""Visits in the store: documents round-trip, answers update in place, finalised visits stay."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import DomainError
from diagnosis.visits.document import Visit, parse_document, with_answers
from diagnosis.visits.records import VisitRecords
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.visits import SqliteVisitRepository

EXAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "visit-2026.1.json"


@pytest.fixture
def visits(store: Store) -> VisitRecords:
    return VisitRecords(SqliteVisitRepository(store), SqliteEnterpriseRepository(store))


def example():  # type: ignore[no-untyped-def]
    return parse_document(json.loads(EXAMPLE.read_text("utf-8")))


def test_visits_import_adds_the_enterprise_and_round_trips(visits: VisitRecords) -> None:
    doc = example()
    outcome = visits.import_document(doc)
    assert (outcome.kind, outcome.enterprise_added) == ("created", True)
    assert visits.export(doc.visit.id) == doc
    again = visits.import_document(doc)
    assert again.kind == "unchanged"


def test_visits_belong_to_the_register_enterprise_with_the_same_code(visits: VisitRecords) -> None:
    doc = example()
    registered = replace(doc.enterprise, id="register-id", name="宁波甬明精密机械有限公司（名录）")
    visits.enterprises.save([registered], [])
    outcome = visits.import_document(doc)
    assert not outcome.enterprise_added
    stored = visits.export(doc.visit.id)
    assert stored.enterprise.id == "register-id"
    assert stored.enterprise.name.endswith("（名录）")  # the register is not overwritten


def test_visits_answer_changes_update_rows_in_place(visits: VisitRecords, store: Store) -> None:
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


def test_visits_finalised_visit_is_never_overwritten(visits: VisitRecords) -> None:
    doc = example()
    final = replace(doc, visit=replace(doc.visit, status="finalised"))
    visits.import_document(final)
    changed = with_answers(final, {"water": {"W03": 1.0}})
    with pytest.raises(DomainError) as caught:
        visits.import_document(changed)
    assert caught.value.problems[0].message.code == "visit.finalised"
    assert visits.export(doc.visit.id) == final


def test_visits_list_by_enterprise_code_newest_first(visits: VisitRecords) -> None:
    for seed, e in enumerate(list(enterprises(3, seed=11)), start=1):
        for n, when in enumerate(("2024-03-01", "2025-04-02")):
            doc = demo_document(e, seed=seed, year=2023 + n)
            visit_id = f"00000000-0000-4000-8000-0000000000{seed}{n}"
            doc = replace(doc, visit=replace(doc.visit, id=visit_id, date=when))
            visits.import_document(doc)
    assert len(visits.list()) == 6
    mine = visits.list(list(enterprises(3, seed=11))[1].credit_code)
    assert [v.id for v in mine] == [
        "00000000-0000-4000-8000-000000000021",
        "00000000-0000-4000-8000-000000000020",
    ]
    with pytest.raises(DomainError):
        visits.list("91330200MA293KDE7K")


def test_visits_missing_visit_is_a_clear_refusal(visits: VisitRecords) -> None:
    with pytest.raises(DomainError) as caught:
        visits.export("nope")
    assert "nope" in caught.value.problems[0].text("en")


def test_visits_visit_record_keeps_checklist_versions(visits: VisitRecords) -> None:
    doc = example()
    assert isinstance(doc.visit, Visit) and doc.visit.checklists
    visits.import_document(doc)
    assert visits.export(doc.visit.id).visit.checklists == doc.visit.checklists


def test_visits_import_adds_enterprise_and_visit_together_or_neither(
    visits: VisitRecords, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import that fails half-way (here: writing the findings) leaves no enterprise
    without its visit: both are one transaction."""
    doc = example()

    def fail(*_args: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(SqliteVisitRepository, "_sync_findings", fail)
    with pytest.raises(RuntimeError):
        visits.import_document(doc)
    assert store.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (0,)
    assert store.conn.execute("SELECT count(*) FROM visits").fetchone() == (0,)
    monkeypatch.undo()
    assert visits.import_document(doc).enterprise_added


def test_visits_import_of_a_copied_document_renews_clashing_finding_ids(
    visits: VisitRecords,
) -> None:
    doc = example()
    visits.import_document(doc)
    copy = replace(doc, visit=replace(doc.visit, id="00000000-0000-4000-8000-00000000c0a1"))
    outcome = visits.import_document(copy)
    assert outcome.kind == "created"
    assert [n.code for n in outcome.notices] == ["document.finding_ids_renewed"]
    original, copied = visits.export(doc.visit.id), visits.export(copy.visit.id)
    assert [f.text for f in copied.findings] == [f.text for f in original.findings]
    assert not {f.id for f in copied.findings} & {f.id for f in original.findings}
    assert original == doc  # the first visit keeps its findings


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: replace(d, visit=replace(d.visit, id="visit-1")), "visit.id"),
        (
            lambda d: replace(d, visit=replace(d.visit, id=d.visit.id.upper())),
            "visit.id",
        ),
        (
            lambda d: replace(d, findings=(replace(d.findings[0], id="f1"), *d.findings[1:])),
            "findings[0].id",
        ),
        (
            lambda d: replace(d, findings=(d.findings[0], d.findings[0])),
            "findings[1].id",
        ),
    ],
)
def test_visits_import_refuses_ids_the_server_would_refuse(
    visits: VisitRecords, store: Store, change: object, field: str
) -> None:
    doc = change(example())  # type: ignore[operator]
    with pytest.raises(DomainError) as caught:
        visits.import_document(doc)
    assert field in {p.field for p in caught.value.problems}
    assert store.conn.execute("SELECT count(*) FROM visits").fetchone() == (0,)
    assert store.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (0,)
