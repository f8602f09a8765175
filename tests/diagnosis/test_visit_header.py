"""The visit header (date, team, organisation): checked as typed, editable until finalised, and
followed by everything that reads it: the plan's cover and sign-off, and the office's visits
per member."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

import services
from diagnosis.assessment.assess import assess
from diagnosis.messages import DomainError
from diagnosis.office.service import OfficeService
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import parse_document
from diagnosis.visits.header import check_header, split_names
from diagnosis.visits.service import VisitService
from storage.database import Store
from storage.office import SqliteOfficeRepository

EXAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "visit-2026.1.json"
TODAY = date(2025, 5, 20)


@pytest.fixture
def desk(store: Store) -> VisitService:
    services.visit_service(store).import_document(
        parse_document(json.loads(EXAMPLE.read_text("utf-8")))
    )
    return services.visit_service(store)


def codes(exc: pytest.ExceptionInfo[DomainError]) -> list[str]:
    return [p.message.code for p in exc.value.problems]


def test_header_names_are_split_trimmed_and_folded() -> None:
    assert split_names(" 王建国、陈静，俞明;  Li  Wei ;；\n") == [
        "王建国",
        "陈静",
        "俞明",
        "Li Wei",
    ]
    header, problems = check_header(
        " 2025-05-20 ", ["　王建国　", "", "陈静"], " 中心（示例） ", TODAY
    )
    assert problems == []
    assert (header.date, header.team, header.organisation) == (
        "2025-05-20",
        ("王建国", "陈静"),
        "中心（示例）",  # full-width punctuation kept as typed
    )


@pytest.mark.parametrize(
    ("when", "team", "code"),
    [
        ("20250520", (), "header.date"),  # Python would read it; the app writes YYYY-MM-DD
        ("2025-02-30", (), "header.date"),
        ("1999-12-31", (), "header.date_range"),
        ((TODAY + timedelta(days=400)).isoformat(), (), "header.date_range"),
        ("2025-05-20", ("王建国", " 王建国"), "header.name_repeated"),
        ("2025-05-20", ("Li Wei", "li wei"), "header.name_repeated"),
        ("2025-05-20", ("Li Wei", "Ｌｉ　Ｗｅｉ"), "header.name_repeated"),
        ("2025-05-20", ("王" * 41,), "header.name_too_long"),
        ("2025-05-20", tuple(f"n{i}" for i in range(21)), "header.team_too_large"),
    ],
)
def test_header_refuses_what_cannot_be_a_header(
    when: str, team: tuple[str, ...], code: str
) -> None:
    _header, problems = check_header(when, team, "", TODAY)
    assert [p.message.code for p in problems] == [code]
    assert all(p.text("zh") and p.text("en") for p in problems)


def test_header_edit_is_saved_and_refused_once_finalised(desk: VisitService) -> None:
    enterprise = desk.open(json.loads(EXAMPLE.read_text("utf-8"))["visit"]["id"]).enterprise
    visit = desk.start(enterprise.id, "2025-05-20", ["王建国"], "宁波市节能协会").visit.id
    doc = desk.set_header(visit, "2025-05-21", ["陈静", "俞明"], " 宁波市工业企业诊断服务中心 ")
    assert desk.open(visit).visit == doc.visit
    assert (doc.visit.date, doc.visit.team, doc.visit.organisation) == (
        "2025-05-21",
        ("陈静", "俞明"),
        "宁波市工业企业诊断服务中心",
    )
    with pytest.raises(DomainError) as caught:
        desk.set_header(visit, "2025-05-21", ["陈静", "陈静"], "")
    assert codes(caught) == ["header.name_repeated"]
    assert desk.open(visit).visit.team == ("陈静", "俞明")  # nothing changed
    desk.lifecycle.visits.set_status(visit, "finalised")
    with pytest.raises(DomainError) as caught:
        desk.set_header(visit, "2025-05-22", ["陈静"], "")
    assert codes(caught) == ["visit.locked"]


def test_header_start_checks_and_defaults_follow_the_latest_visit(desk: VisitService) -> None:
    enterprise = desk.open(json.loads(EXAMPLE.read_text("utf-8"))["visit"]["id"]).enterprise
    assert desk.header_defaults() == (
        ("王建国", "陈静", "俞明"),
        "宁波市工业企业诊断服务中心（示例）",
    )
    with pytest.raises(DomainError) as caught:
        desk.start(enterprise.id, "2025/05/20", ["王建国"])
    assert codes(caught) == ["header.date"]
    desk.start(enterprise.id, "2025-06-01", ["赵六"], "余姚诊断组")
    assert desk.header_defaults() == (("赵六",), "余姚诊断组")


def test_header_edit_reaches_the_plan_and_the_office(desk: VisitService, store: Store) -> None:
    visit = json.loads(EXAMPLE.read_text("utf-8"))["visit"]["id"]
    desk.set_header(visit, "2024-03-20", ["孙敏", "王建国"], "宁波市节能协会")
    doc = desk.open(visit)
    markup = render_markup(plan_context(doc, assess(doc), "zh", generated=TODAY), "zh")
    cover = markup[: markup.index("</table>")]
    assert "孙敏、王建国" in cover and "宁波市节能协会" in cover and "陈静" not in cover
    assert '<signer role="诊断服务机构（盖章）" name="宁波市节能协会" seal="1"/>' in markup
    assert "<td>诊断日期</td><td>2024 年 3 月 20 日</td>" in cover
    members = {m.member for m in OfficeService(SqliteOfficeRepository(store)).figures().members}
    assert "孙敏" in members and "陈静" not in members
