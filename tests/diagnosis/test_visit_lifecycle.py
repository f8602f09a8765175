"""A visit's life against a real store: answers checked and saved one by one, finalise locks,
revise keeps the finalised visit, follow-up carries the accepted measures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diagnosis.checklists.answers import check_answer
from diagnosis.checklists.load import load_checklist
from diagnosis.messages import DomainError
from diagnosis.visits.document import parse_document
from diagnosis.visits.lifecycle import VisitLifecycle
from diagnosis.visits.records import VisitRecords
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.visits import SqliteVisitRepository

EXAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "visit-2026.1.json"


@pytest.fixture
def life(store: Store) -> VisitLifecycle:
    return VisitLifecycle(SqliteVisitRepository(store), SqliteEnterpriseRepository(store))


@pytest.fixture
def example_id(store: Store) -> str:
    doc = parse_document(json.loads(EXAMPLE.read_text("utf-8")))
    VisitRecords(SqliteVisitRepository(store), SqliteEnterpriseRepository(store)).import_document(
        doc
    )
    return doc.visit.id


def codes(exc: pytest.ExceptionInfo[DomainError]) -> list[str]:
    return [p.message.code for p in exc.value.problems]


def test_lifecycle_start_records_the_newest_checklists(
    life: VisitLifecycle, example_id: str
) -> None:
    enterprise = life.visits.load(example_id).enterprise  # type: ignore[union-attr]
    doc = life.start(enterprise.id, "2025-05-20", team=("王建国", "陈静"))
    assert (doc.visit.status, doc.visit.revision, doc.year) == ("draft", 1, 2024)
    assert doc.visit.checklists["energy"] == load_checklist("energy").version
    assert life.visits.load(doc.visit.id) == doc


def test_lifecycle_answers_are_checked_then_saved_alone(
    life: VisitLifecycle, example_id: str
) -> None:
    enterprise = life.visits.load(example_id).enterprise  # type: ignore[union-attr]
    visit = life.start(enterprise.id, "2025-05-20").visit.id
    life.answer(visit, "intelligent_manufacturing", "IM01", "3")
    life.answer(visit, "safety", "S02", "no")
    with pytest.raises(DomainError) as caught:
        life.answer(visit, "intelligent_manufacturing", "IM02", "7")
    assert codes(caught) == ["answer.option"]
    assert "0, 1, 2, 3, 4, 5" in caught.value.problems[0].text("en")
    with pytest.raises(DomainError) as caught:
        life.answer(visit, "energy", "E99", 1)
    assert codes(caught) == ["answer.unknown_item"]
    stored = life.visits.load(visit)
    assert stored is not None
    assert stored.answers == {"intelligent_manufacturing": {"IM01": "3"}, "safety": {"S02": "no"}}
    life.answer(visit, "safety", "S02", None)  # cleared
    assert life.visits.load(visit).answers == {  # type: ignore[union-attr]
        "intelligent_manufacturing": {"IM01": "3"}
    }


def test_lifecycle_finalise_needs_every_required_answer(
    life: VisitLifecycle, example_id: str
) -> None:
    enterprise = life.visits.load(example_id).enterprise  # type: ignore[union-attr]
    empty = life.start(enterprise.id, "2025-05-20").visit.id
    with pytest.raises(DomainError) as caught:
        life.finalise(empty)
    assert codes(caught) == ["visit.incomplete"]
    assert "Intelligent manufacturing IM01" in caught.value.problems[0].text("en")
    assert "智能制造 IM01" in caught.value.problems[0].text("zh")  # area names, not ids
    life.finalise(example_id)  # the demo visit answers every relevant required item
    with pytest.raises(DomainError) as caught:
        life.answer(example_id, "safety", "S02", "yes")
    assert codes(caught) == ["visit.locked"]


def test_lifecycle_revise_keeps_the_finalised_visit(life: VisitLifecycle, example_id: str) -> None:
    life.finalise(example_id)
    before = life.visits.load(example_id)
    revised = life.revise(example_id)
    assert (revised.visit.status, revised.visit.revision, revised.visit.previous) == (
        "revision",
        2,
        example_id,
    )
    assert revised.answers == before.answers  # type: ignore[union-attr]
    assert {f.id for f in revised.findings}.isdisjoint(f.id for f in before.findings)  # type: ignore[union-attr]
    life.answer(revised.visit.id, "safety", "S02", "yes")
    assert life.visits.load(example_id) == before  # untouched
    assert life.visits.load(revised.visit.id).answers["safety"]["S02"] == "yes"  # type: ignore[union-attr]


def test_lifecycle_follow_up_carries_the_measures_taken_on(
    life: VisitLifecycle, example_id: str
) -> None:
    original = life.visits.load(example_id)
    assert original is not None
    taken = [m["code"] for m in original.measures if m["status"] == "accepted"]
    follow = life.follow_up(example_id, "2025-09-01")
    assert follow.visit.status == "follow_up" and follow.visit.previous == example_id
    assert [m["code"] for m in follow.measures] == taken
    assert follow.answers == {}


def test_answers_check_every_item_type() -> None:
    energy = load_checklist("energy")
    table = next(i for i in energy.items if i.type == "table")
    row = table.rows[0].id
    assert check_answer(table, {row: {"quantity": 1200.0}}) is None
    bad = check_answer(table, {row: {"quantity": -5}})
    assert bad is not None and bad.message.code == "answer.table_cell"
    assert check_answer(table, {"moonlight": {"quantity": 1}}).message.code == (  # type: ignore[union-attr]
        "answer.table_row"
    )
    number = next(i for i in energy.items if i.type == "number" and i.maximum is not None)
    assert check_answer(number, number.maximum + 1).message.code == "number.range"  # type: ignore[operator,union-attr]
    assert check_answer(number, "12").message.code == "number.invalid"  # type: ignore[union-attr]
    im = load_checklist("intelligent_manufacturing")
    systems = next(i for i in im.items if i.type == "multiple")
    first = systems.options[0].value
    assert check_answer(systems, [first]) is None
    assert check_answer(systems, [first, first]).message.code == "answer.repeated"  # type: ignore[union-attr]
    assert check_answer(systems, first).message.code == "answer.options"  # type: ignore[union-attr]
    yes_no = next(i for i in load_checklist("safety").items if i.type == "yes_no")
    assert check_answer(yes_no, "na") is None
    assert check_answer(yes_no, "maybe").message.code == "answer.option"  # type: ignore[union-attr]


def test_lifecycle_finding_with_photos_stored_by_hash(
    life: VisitLifecycle, example_id: str, store: Store, tmp_path: Path
) -> None:
    from PIL import Image

    from storage.photos import PhotoStore, photo_folder_for

    photos = PhotoStore(photo_folder_for(store.path))
    picture = tmp_path / "leak.png"
    Image.new("RGB", (3000, 1000), (200, 30, 30)).save(picture)
    finding = life.add_finding(
        example_id, "energy", "serious", "主管道法兰处泄漏", photos, [picture], item="E18"
    )
    assert len(finding.photos) == 1 and photos.has(finding.photos[0])
    with Image.open(photos.path_of(finding.photos[0])) as stored:
        assert stored.size == (2048, 683)  # the longer side brought down to 2048, aspect kept
    doc = life.visits.load(example_id)
    assert doc is not None and doc.findings[-1] == finding


def test_lifecycle_refused_photo_changes_nothing(
    life: VisitLifecycle, example_id: str, store: Store, tmp_path: Path
) -> None:
    from storage.photos import PhotoStore, photo_folder_for

    before = life.visits.load(example_id)
    not_a_picture = tmp_path / "notes.jpg"
    not_a_picture.write_text("meeting notes")
    with pytest.raises(DomainError) as caught:
        life.add_finding(
            example_id,
            "safety",
            "general",
            "配电箱未上锁",
            PhotoStore(photo_folder_for(store.path)),
            [not_a_picture],
        )
    assert codes(caught) == ["photo.unreadable"]
    assert life.visits.load(example_id) == before
    with pytest.raises(DomainError) as caught:
        life.add_finding(
            example_id, "marketing", "general", "x", PhotoStore(photo_folder_for(store.path))
        )
    assert codes(caught) == ["finding.invalid"]
    with pytest.raises(DomainError) as caught:
        life.add_finding(
            example_id,
            "energy",
            "general",
            "x",
            PhotoStore(photo_folder_for(store.path)),
            item="S02",  # a safety question, not an energy one
        )
    assert codes(caught) == ["finding.unknown_item"]
    assert life.visits.load(example_id) == before


def test_lifecycle_duplicate_starts_a_new_draft_from_the_answers(
    life: VisitLifecycle, example_id: str
) -> None:
    original = life.visits.load(example_id)
    assert original is not None
    copy = life.duplicate(example_id, "2025-04-01")
    assert copy.visit.id != example_id and copy.visit.previous == example_id
    assert (copy.visit.status, copy.visit.revision) == ("draft", 1)
    assert copy.answers == original.answers and copy.energy_use == original.energy_use
    assert (copy.findings, copy.measures) == ((), ())
    life.answer(copy.visit.id, "safety", "S02", "yes")
    assert life.visits.load(example_id) == original  # the earlier visit is untouched


def test_lifecycle_notes_are_set_cleared_and_checked(life: VisitLifecycle, example_id: str) -> None:
    life.note(example_id, "water", "W04", "冷却塔在三号楼顶")
    assert life.visits.load(example_id).notes["water"]["W04"] == "冷却塔在三号楼顶"  # type: ignore[union-attr]
    life.note(example_id, "water", "W04", "  ")
    assert "water" not in life.visits.load(example_id).notes  # type: ignore[union-attr]
    with pytest.raises(DomainError) as caught:
        life.note(example_id, "water", "W99", "x")
    assert codes(caught) == ["answer.unknown_item"]
