"""A visit record's rules (``diagnosis.sync.records``): the header, the checklist versions, the
activity blocks an older laptop still sends, the measure decisions and the notes, each as the
portable document's reader (``diagnosis.visits.document``) checks them. The record's shape (JSON
that
parses into the right lists and objects) is checked before. No Qt, no SQL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from diagnosis.checklists.format import AREAS
from diagnosis.json_check import Checker
from diagnosis.sync.record_fields import (
    MAX_LINE,
    MAX_TEXT,
    checklist_of,
    iso_date_problem,
    uuid_problem,
)
from diagnosis.sync.record_text import RecordProblem, text_problem, too_long
from diagnosis.visits.document import STATUSES
from diagnosis.visits.experts import KEYS, problems

MAX_TEAM: Final = 50  # team members, and their experts' entries, on one visit


def _bad(where: str, en: str, zh: str) -> RecordProblem:
    return RecordProblem(where, en, zh)


def _checker_problem(name: str, c: Checker) -> RecordProblem | None:
    if not c.problems:
        return None
    first = c.problems[0]
    return RecordProblem(name, first, f"不符合文档规则：{first}")


def visit_problem(data: Mapping[str, Any], enterprise_known: bool) -> RecordProblem | None:
    """The first rule of a visit ``data`` breaks (its shape already checked), or None."""
    enterprise_id = data["enterprise_id"]
    problem = uuid_problem("enterprise_id", enterprise_id)
    if problem is not None:
        return problem
    if not enterprise_known:
        return _bad(
            "enterprise_id",
            f"enterprise {enterprise_id} is not on the server; push it first",
            f"服务器上没有企业 {enterprise_id}，请先推送该企业",
        )
    problem = iso_date_problem("date", str(data["date"]))
    if problem is not None:
        return problem
    if data["status"] not in STATUSES:
        return _bad("status", f"must be one of {', '.join(STATUSES)}", "状态无效")
    if not isinstance(data["revision"], int) or data["revision"] < 1:
        return _bad("revision", "must be a whole number from 1", "须为从 1 起的整数")
    if data["previous_id"] is not None:
        problem = uuid_problem("previous_id", data["previous_id"])
        if problem is not None:
            return problem
    return (
        _team(json.loads(data["team"]))
        or _experts(json.loads(data.get("experts", "[]")))
        or _areas(json.loads(data["areas"]), json.loads(data["checklists"]))
        or _tables(json.loads(data["tables"]))
        or _blocks(data)
        or _measures(json.loads(data["measures"]))
        or _notes(json.loads(data["notes"]), json.loads(data["checklists"]))
    )


def _team(team: list[str]) -> RecordProblem | None:
    if len(team) > MAX_TEAM:
        return _bad("team", f"names {len(team)} people, at most {MAX_TEAM}", f"最多 {MAX_TEAM} 人")
    for i, name in enumerate(team):
        where = f"team[{i}]"
        if not name.strip():
            return _bad(where, "a name is non-empty text", "姓名不能为空")
        problem = text_problem(where, name) or too_long(where, name, MAX_LINE)
        if problem is not None:
            return problem
    return None


def _experts(experts: list[Any]) -> RecordProblem | None:
    """Each member's specialty and organisation (diagnosis.visits.experts): an entry naming no
    member of ``team`` is kept, not refused, since a laptop of an older version edits the
    team alone."""
    if len(experts) > MAX_TEAM:
        n = len(experts)
        return _bad("experts", f"lists {n} people, at most {MAX_TEAM}", f"最多 {MAX_TEAM} 人")
    found = problems(experts, MAX_LINE)
    if found:
        return _bad(*found[0])
    for i, entry in enumerate(experts):
        for name in KEYS:
            problem = text_problem(f"experts[{i}].{name}", entry.get(name, ""))
            if problem is not None:
                return problem
    return None


def _areas(areas: list[str], versions: Mapping[str, str]) -> RecordProblem | None:
    for i, area in enumerate(areas):
        if area not in AREAS:
            return _bad(f"areas[{i}]", f"unknown area {area!r}", f"未知的领域 {area!r}")
    for area in versions:
        found = checklist_of(area, versions)
        if isinstance(found, RecordProblem):
            return found
    return None


def _tables(tables: Mapping[str, str]) -> RecordProblem | None:
    for name, version in tables.items():
        where = f"tables.{name}"
        problem = (
            text_problem(where, name)
            or too_long(where, name, MAX_LINE)
            or text_problem(where, version)
            or too_long(where, version, MAX_LINE)
        )
        if problem is not None:
            return problem
    return None


def _blocks(data: Mapping[str, Any]) -> RecordProblem | None:
    """The activity blocks a laptop of a version before the answers became the record still
    sends (m008): read as the document reader reads a format-1 document's."""
    from diagnosis.visits.document_legacy import read_blocks

    raw = {
        "year": data["year"],
        "output_value_10k_yuan": data["output_value"],
        "energy_use": json.loads(data["energy_use"]),
        "water_use": json.loads(data["water_use"]),
        "water_reused_m3": data["water_reused_m3"],
    }
    c = Checker()
    read_blocks(c, raw, "$")
    return _checker_problem("year/output_value/energy_use/water_use/water_reused_m3", c)


def _measures(measures: list[dict[str, Any]]) -> RecordProblem | None:
    from diagnosis.measures.decisions import decision_from_dict

    for i, entry in enumerate(measures):
        where = f"measures[{i}]"
        code = entry.get("code")
        if code is not None and not isinstance(code, str):
            return _bad(f"{where}.code", "must be a measure code (text)", "须为措施代码（文本）")
        for key in ("note", "title"):
            if isinstance(entry.get(key), str):
                problem = too_long(f"{where}.{key}", entry[key], MAX_TEXT)
                if problem is not None:
                    return problem
        if entry:
            _decision, problems = decision_from_dict(entry, f"$.measures[{i}]")
            if problems:
                return RecordProblem(where, problems[0], f"措施决定不符合规则：{problems[0]}")
    return None


def _notes(
    notes: Mapping[str, Mapping[str, str]], versions: Mapping[str, str]
) -> RecordProblem | None:
    for area, items in notes.items():
        checklist = checklist_of(area, versions)
        if isinstance(checklist, RecordProblem):
            return RecordProblem(f"notes.{area}", checklist.reason, checklist.reason_zh)
        known = {i.id for i in checklist.items}
        for item, text in items.items():
            where = f"notes.{area}.{item}"
            if item not in known:
                return _bad(where, "not an item of the checklist", "不是检查表中的题目")
            if not text.strip():
                return _bad(where, "a note is non-empty text", "备注不能为空")
            problem = too_long(where, text, MAX_TEXT)
            if problem is not None:
                return problem
    return None
