"""Field rules more than one table's records share (``diagnosis.sync.records`` for answers and
findings, ``diagnosis.sync.record_visit`` for visits): the length limits, a date, a UUID, and
the checklist an area's answers and notes are read against. Their own module so the visit's
rules use them without importing ``records``, which dispatches to the visit's rules. No Qt, no
SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Final

from diagnosis.checklists.format import AREAS, Checklist, ChecklistError
from diagnosis.checklists.load import available_versions, load_checklist
from diagnosis.sync.ids import is_uuid
from diagnosis.sync.record_text import RecordProblem

MAX_TEXT: Final = 20_000  # a finding's text, a note, a measure's note: pages, not books
MAX_LINE: Final = 200  # a one-line field: a team member, the organisation, an id, a date


def _bad(where: str, en: str, zh: str) -> RecordProblem:
    return RecordProblem(where, en, zh)


@cache
def _versions(area: str) -> tuple[str, ...]:
    return tuple(available_versions(area)) if area in AREAS else ()


def checklist_of(area: str, versions: Mapping[str, str]) -> Checklist | RecordProblem:
    """The checklist a visit with ``versions`` answers ``area`` with (its newest when the visit
    names none), or why there is none. Only versions this app ships are looked up, so a
    version from a record never names a file."""
    if area not in AREAS:
        return _bad("area", f"unknown area {area!r}", f"未知的领域 {area!r}")
    version = versions.get(area)
    if version is not None and version not in _versions(area):
        return _bad(
            f"checklists.{area}",
            f"the server does not know version {version!r} of the {area} checklist "
            "(a newer app's?); update the server",
            f"服务器不认识 {area} 检查表的版本 {version!r}（较新版本的软件？），请更新服务器",
        )
    try:
        return load_checklist(area, version)
    except ChecklistError as exc:
        return _bad(f"checklists.{area}", "; ".join(exc.problems), "检查表无法读取")


def iso_date_problem(name: str, value: str) -> RecordProblem | None:
    try:
        date.fromisoformat(value)
        ok = len(value) == 10
    except ValueError:
        ok = False
    return (
        None if ok else _bad(name, f"{value!r} is not a date (YYYY-MM-DD)", "须为日期 YYYY-MM-DD")
    )


def uuid_problem(name: str, value: object) -> RecordProblem | None:
    return None if is_uuid(value) else _bad(name, "must be a UUID", "须为 UUID")
