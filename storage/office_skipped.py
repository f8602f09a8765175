"""Stored visits the office code cannot read: found, left out of the facts, and named.

A server or laptop from before the server checked the document's rules may have handed this
store a record the app cannot put together (an answer that is not JSON, notes that are not an
object of objects, a visit whose enterprise never arrived). ``refresh_facts`` asks
``unreadable`` before it assesses a visit: such a visit gets no facts, so it counts in no
figure, and is listed under ``SKIPPED`` (``local_meta``, never synced) until it is fixed or
gone. ``visit export`` asks the same question. The rules are ``diagnosis.sync.records.shape``,
the ones the server refuses a pushed record by.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any, Final

from diagnosis.office.figures import SkippedRecord
from diagnosis.sync.records import RecordProblem, shape

SKIPPED: Final = "office_facts.skipped"  # local_meta: {visit id: [table, id, reason]}
_VISIT_FIELDS: Final = (
    "enterprise_id",
    "date",
    "status",
    "organisation",
    "previous_id",
    "team",
    "areas",
    "checklists",
    "tables",
    "experts",
    "energy_use",
    "water_use",
    "measures",
    "notes",
)
_FINDING_FIELDS: Final = ("visit_id", "area", "item", "severity", "text", "photos")


def unreadable(
    conn: sqlite3.Connection, visit_id: str, *, answers: bool = True
) -> SkippedRecord | None:
    """The first record of the live visit ``visit_id`` (the visit, its enterprise, a live answer
    or finding) the app cannot read, or None (also for a visit not here or deleted).
    ``answers=False``: its answers are left to the reader (``SqliteVisitRepository.load`` with
    ``checked``), which holds each to the same rule as it parses it."""
    row = conn.execute(
        f"SELECT {', '.join('v.' + f for f in _VISIT_FIELDS)}, e.id FROM visits v "
        "LEFT JOIN enterprises e ON e.id = v.enterprise_id WHERE v.id = ? AND v.deleted = 0",
        [visit_id],
    ).fetchone()
    if row is None:
        return None
    visit = dict(zip(_VISIT_FIELDS, row, strict=False))
    if row[-1] is None:
        return SkippedRecord(
            "visits",
            visit_id,
            f"its enterprise {visit['enterprise_id']} is not in this store / 本存储库中没有其企业",
        )
    found = _first(("visits", visit_id, visit))
    if found is not None:
        return found
    if answers:
        found = _first_answer(conn, visit_id)
        if found is not None:
            return found
    findings = conn.execute(
        f"SELECT id, {', '.join(_FINDING_FIELDS)} FROM findings WHERE visit_id = ? AND deleted = 0",
        [visit_id],
    )
    for finding_id, *values in findings:
        found = _first(("findings", finding_id, dict(zip(_FINDING_FIELDS, values, strict=True))))
        if found is not None:
            return found
    return None


def _first_answer(conn: sqlite3.Connection, visit_id: str) -> SkippedRecord | None:
    rows = conn.execute(
        "SELECT id, visit_id, area, item, value FROM answers WHERE visit_id = ? AND deleted = 0",
        [visit_id],
    )
    for answer_id, *values in rows:
        found = _first(
            (
                "answers",
                answer_id,
                dict(zip(("visit_id", "area", "item", "value"), values, strict=True)),
            )
        )
        if found is not None:
            return found
    return None


def _first(record: tuple[str, str, Mapping[str, Any]]) -> SkippedRecord | None:
    table, record_id, data = record
    problem = shape(table, data)
    return None if problem is None else skipped_record(table, record_id, problem)


def skipped_record(table: str, record_id: str, problem: RecordProblem) -> SkippedRecord:
    """The record left out of the facts, with why in both languages."""
    return SkippedRecord(
        table, record_id, f"{problem.text()} / {problem.field}：{problem.reason_zh}"
    )


def skipped(conn: sqlite3.Connection) -> list[SkippedRecord]:
    """The records the facts leave out, in visit id order."""
    return [SkippedRecord(*entry) for _visit, entry in sorted(_read(conn).items())]


def changed_skips(conn: sqlite3.Connection) -> set[str]:
    """The skipped visits whose records now read differently (mended, or broken otherwise)."""
    return {
        visit_id
        for visit_id, entry in _read(conn).items()
        if (found := unreadable(conn, visit_id)) is None or list(found) != entry
    }


def note_skipped(conn: sqlite3.Connection, changes: Mapping[str, SkippedRecord | None]) -> None:
    """Record which visits are skipped now (a record) and which no longer (None); inside the
    caller's transaction, with the facts it writes."""
    if not changes:
        return
    current = _read(conn)
    updated = {k: v for k, v in current.items() if k not in changes}
    updated.update({k: list(v) for k, v in changes.items() if v is not None})
    if updated == current:
        return
    conn.execute(
        "INSERT INTO local_meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [SKIPPED, json.dumps(updated, ensure_ascii=False, sort_keys=True)],
    )


def _read(conn: sqlite3.Connection) -> dict[str, list[str]]:
    row = conn.execute("SELECT value FROM local_meta WHERE key = ?", [SKIPPED]).fetchone()
    if row is None:
        return {}
    try:
        value = json.loads(row[0])
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
