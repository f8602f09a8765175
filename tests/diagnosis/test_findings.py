"""Findings after they are added: edited (text, severity, question), given or stripped of
photos, deleted as a tombstone and restored, all refused once finalised; which answers failed
(each may become a finding); finalising lists the open doubts and still finalises."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

import services
from diagnosis.checklists.load import load_checklist
from diagnosis.messages import DomainError
from diagnosis.visits.document import parse_document
from diagnosis.visits.findings import failed, failed_items, screening, suggested_severity
from diagnosis.visits.service import VisitService
from storage.database import Store

EXAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "visit-2026.1.json"


@pytest.fixture
def desk(store: Store) -> VisitService:
    services.visit_service(store).import_document(
        parse_document(json.loads(EXAMPLE.read_text("utf-8")))
    )
    return services.visit_service(store)


@pytest.fixture
def visit(desk: VisitService) -> str:
    enterprise = desk.open(json.loads(EXAMPLE.read_text("utf-8"))["visit"]["id"]).enterprise
    return desk.start(enterprise.id, "2025-05-20", ["王建国"]).visit.id


def picture(tmp_path: Path, name: str, colour: tuple[int, int, int]) -> Path:
    path = tmp_path / name
    Image.new("RGB", (64, 48), colour).save(path)
    return path


def codes(exc: pytest.ExceptionInfo[DomainError]) -> list[str]:
    return [p.message.code for p in exc.value.problems]


def test_findings_edit_text_severity_and_question(desk: VisitService, visit: str) -> None:
    f = desk.add_finding(visit, "energy", "general", "空压机漏气")
    edited = desk.edit_finding(
        visit,
        f.id,
        area="energy",
        severity="serious",
        text=" 空压机管网漏气严重 ",
        item="E16",
        photos=(),
    )
    assert (edited.id, edited.text, edited.severity, edited.item) == (
        f.id,
        "空压机管网漏气严重",
        "serious",
        "E16",
    )
    assert desk.open(visit).findings == (edited,)
    with pytest.raises(DomainError) as caught:
        desk.edit_finding(
            visit, f.id, area="energy", severity="general", text="x", item="S02", photos=()
        )
    assert codes(caught) == ["finding.unknown_item"]
    with pytest.raises(DomainError) as caught:
        desk.edit_finding(
            visit, f.id, area="energy", severity="general", text="  ", item=None, photos=()
        )
    assert codes(caught) == ["finding.invalid"]
    assert desk.open(visit).findings == (edited,)


def test_findings_photos_given_and_stripped(desk: VisitService, visit: str, tmp_path: Path) -> None:
    first = desk.store_photo(picture(tmp_path, "a.png", (200, 30, 30)))
    second = desk.store_photo(picture(tmp_path, "b.png", (30, 200, 30)))
    f = desk.add_finding(visit, "safety", "major", "配电箱未上锁", stored=[first])
    both = desk.edit_finding(
        visit,
        f.id,
        area=f.area,
        severity=f.severity,
        text=f.text,
        item=None,
        photos=[*f.photos, second],
    )
    assert both.photos == (first, second)
    stripped = desk.edit_finding(
        visit, f.id, area=f.area, severity=f.severity, text=f.text, item=None, photos=[second]
    )
    assert desk.open(visit).findings[0].photos == (second,) == stripped.photos
    assert desk.photo_path(first) is not None  # content-addressed: the file stays
    with pytest.raises(DomainError) as caught:
        desk.edit_finding(
            visit,
            f.id,
            area=f.area,
            severity=f.severity,
            text=f.text,
            item=None,
            photos=[second, "0" * 64],
        )
    assert codes(caught) == ["photo.missing"]


def test_findings_delete_is_a_tombstone_and_can_be_restored(
    desk: VisitService, visit: str, store: Store
) -> None:
    keep = desk.add_finding(visit, "water", "general", "冷却塔浓缩倍数低")
    gone = desk.add_finding(visit, "water", "general", "卫生间龙头非节水型")
    assert desk.delete_finding(visit, gone.id) == gone
    assert desk.open(visit).findings == (keep,)
    row = store.conn.execute(
        "SELECT deleted, dirty FROM findings WHERE id = ?", [gone.id]
    ).fetchone()
    assert tuple(row) == (1, 1)  # kept as a tombstone, to be synced as deleted
    with pytest.raises(DomainError) as caught:
        desk.delete_finding(visit, gone.id)
    assert codes(caught) == ["finding.missing"]
    desk.restore_finding(visit, gone)
    assert desk.open(visit).findings == (keep, gone)


def test_findings_of_a_finalised_visit_are_refused(desk: VisitService, visit: str) -> None:
    f = desk.add_finding(visit, "energy", "general", "照明为荧光灯")
    desk.lifecycle.visits.set_status(visit, "finalised")
    attempts: list[Callable[[], object]] = [
        lambda: desk.add_finding(visit, "energy", "general", "再加一条"),
        lambda: desk.edit_finding(
            visit, f.id, area="energy", severity="general", text="改", item=None, photos=()
        ),
        lambda: desk.delete_finding(visit, f.id),
        lambda: desk.restore_finding(visit, f),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as caught:
            attempt()
        assert codes(caught) == ["visit.locked"]
    assert desk.open(visit).findings == (f,)


def test_failed_answers_are_scored_shortfalls_and_failing_safety_items() -> None:
    safety = load_checklist("safety", "2026.1")
    energy = load_checklist("energy", "2026.1")
    water = load_checklist("water", "2026.1")
    assert "SC01" in screening(safety) and "W04" in screening(water)
    assert failed(safety.item("S02"), "no")  # a major hidden danger
    assert not failed(safety.item("S02"), "yes") and not failed(safety.item("S02"), "na")
    assert not failed(safety.item("SC01"), "no", screening(safety))  # a fact, not a failure
    assert failed(safety.item("OH01"), "no", screening(safety))  # unscored, still a "no"
    assert failed(water.item("W08"), "yes")  # once-through cooling: "yes" is the bad answer
    assert failed(energy.item("E24"), "mixed") and not failed(energy.item("E24"), "led_controls")
    assert not failed(energy.item("E15"), "na")
    answers = {"SC01": "no", "S02": "no", "S16": "yes", "S04": "no"}
    assert failed_items(safety, answers) == ["S02"]  # S04 is hidden while SC01 is "no"
    assert suggested_severity(safety.item("S02")) == "major"
    assert suggested_severity(energy.item("E24")) == "general"


def test_finalise_lists_the_open_doubts_and_still_finalises(desk: VisitService) -> None:
    visit = json.loads(EXAMPLE.read_text("utf-8"))["visit"]["id"]
    doubts = desk.doubts(desk.open(visit))
    assert doubts  # the example's tables hold fractional counts
    assert desk.finalise(visit) == doubts
    assert desk.open(visit).visit.status == "finalised"
