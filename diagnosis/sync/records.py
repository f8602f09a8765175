"""The document's rules applied to one synced record as it travels and is stored (docs/sync.md
"Records"): an answer against its checklist item, a visit's header, blocks, measures and notes,
a finding, an enterprise's register fields. The central server refuses a pushed record that
breaks them; the office code skips a stored record whose shape it cannot read (``shape``).

The rules are the laptop's own: ``diagnosis.visits.document`` (the portable document), the answer
checks (``diagnosis.checklists.answers``), the register's ``validate``, the measure decisions'
reader.
Values come as the client stores them: JSON text for lists and objects, 0/1 for flags.
No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from diagnosis.checklists.format import AREAS
from diagnosis.sync.record_enterprise import enterprise_problem
from diagnosis.sync.record_fields import MAX_LINE, MAX_TEXT, checklist_of
from diagnosis.sync.record_text import (
    MAX_JSON,
    RecordProblem,
    json_problem,
    parse_json,
    text_problem,
    too_long,
)

MAX_RECORD: Final = 1024 * 1024  # characters of all a record's text together


@dataclass(frozen=True)
class Context:
    """What the server knows beside the record: for a visit, whether its enterprise exists;
    for an answer or a note, the visit's checklist versions (area -> version)."""

    enterprise_known: bool = True
    checklists: Mapping[str, str] = field(default_factory=dict)


def _bad(where: str, en: str, zh: str) -> RecordProblem:
    return RecordProblem(where, en, zh)


def check_record(table: str, data: Mapping[str, Any], context: Context) -> RecordProblem | None:
    """The first rule ``data`` (a record of ``table`` with every data field, each of the
    protocol's type) breaks, or None."""
    size = sum(len(v) for v in data.values() if isinstance(v, str))
    if size > MAX_RECORD:
        return too_long("data", "x" * size, MAX_RECORD)
    problem = shape(table, data)
    if problem is not None:
        return problem
    rules = _RULES.get(table)
    return rules(data, context) if rules is not None else None


def answer_value(raw: object) -> tuple[Any, RecordProblem | None]:
    """A stored answer's value read, and what makes the answer unreadable (``shape``'s rule for
    answers, with the value it parsed: a reader that needs both parses it once)."""
    if not isinstance(raw, str):
        return None, _bad("value", "must be JSON text", "须为 JSON 文本")
    return parse_json("value", raw)


def shape(table: str, data: Mapping[str, Any]) -> RecordProblem | None:
    """What makes a stored record unreadable by the app: a JSON field that is not JSON or not
    the list or object it should be, an answer that is not JSON, text with control characters
    where the app writes it in one line. A record with none of these can be put together as
    a document (its content may still break a rule ``check_record`` applies)."""
    for name, kind in _JSON_FIELDS.get(table, {}).items():
        raw = data.get(name)
        if not isinstance(raw, str):
            return _bad(name, "must be JSON text", "须为 JSON 文本")
        value, problem = parse_json(name, raw)
        if problem is not None:
            return problem
        problem = kind(name, value)
        if problem is not None:
            return problem
    if table == "answers":
        return answer_value(data.get("value"))[1]
    for name in _ONE_LINE.get(table, ()):
        raw = data.get(name)
        if raw is not None and not isinstance(raw, str):
            return _bad(name, "must be text", "须为文本")
        if isinstance(raw, str):
            problem = text_problem(name, raw) or too_long(name, raw, MAX_LINE)
            if problem is not None:
                return problem
    if table == "findings" and isinstance(data.get("text"), str):
        return text_problem("text", data["text"], lines=True)
    return None


# --- shapes of the JSON text fields ------------------------------------------------------------

Shape = Callable[[str, Any], RecordProblem | None]


def _list_of(kind: type, what_en: str, what_zh: str) -> Shape:
    def check(name: str, value: Any) -> RecordProblem | None:
        if not isinstance(value, list):
            return _bad(name, f"must be a list of {what_en}", f"须为{what_zh}列表")
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                return _bad(f"{name}[{i}]", f"must be {what_en}", f"须为{what_zh}")
        return None

    return check


def _object_of(kind: type, what_en: str, what_zh: str) -> Shape:
    def check(name: str, value: Any) -> RecordProblem | None:
        if not isinstance(value, dict):
            return _bad(name, f"must be an object of {what_en}", f"须为值为{what_zh}的对象")
        for key, item in value.items():
            if not isinstance(item, kind):
                return _bad(f"{name}.{key}", f"must be {what_en}", f"须为{what_zh}")
        return None

    return check


def _notes_shape(name: str, value: Any) -> RecordProblem | None:
    problem = _object_of(dict, "objects", "对象")(name, value)
    if problem is not None:
        return problem
    for area, items in value.items():
        problem = _object_of(str, "text", "文本")(f"{name}.{area}", items)
        if problem is not None:
            return problem
    return None


_TEXTS = _list_of(str, "text", "文本")
_OBJECTS = _list_of(dict, "objects", "对象")
_JSON_FIELDS: Final[dict[str, dict[str, Shape]]] = {
    "visits": {
        "team": _TEXTS,
        "areas": _TEXTS,
        "checklists": _object_of(str, "text", "文本"),
        "tables": _object_of(str, "text", "文本"),
        "energy_use": _OBJECTS,
        "water_use": _OBJECTS,
        "measures": _OBJECTS,
        "notes": _notes_shape,
        "experts": _OBJECTS,
    },
    "findings": {"photos": _TEXTS},
}
_ONE_LINE: Final[dict[str, tuple[str, ...]]] = {
    "visits": ("enterprise_id", "date", "status", "organisation", "previous_id"),
    "answers": ("visit_id", "area", "item"),
    "findings": ("visit_id", "area", "item", "severity"),
}


# --- the rules of each table ---------------------------------------------------------------------


def _visit(data: Mapping[str, Any], context: Context) -> RecordProblem | None:
    from diagnosis.sync.record_visit import visit_problem  # the visit's rules are the longest

    return visit_problem(data, context.enterprise_known)


def _answer(data: Mapping[str, Any], context: Context) -> RecordProblem | None:
    from diagnosis.checklists.answers import check_answer

    checklist = checklist_of(str(data["area"]), context.checklists)
    if isinstance(checklist, RecordProblem):
        return checklist
    item = next((i for i in checklist.items if i.id == data["item"]), None)
    if item is None:
        return _bad(
            "item",
            f"{data['item']!r} is not an item of the {checklist.area} checklist "
            f"{checklist.version}",
            f"{data['item']!r} 不是 {checklist.area} 检查表 {checklist.version} 的题目",
        )
    value, _ = parse_json("value", str(data["value"]))
    if value is None:  # a cleared answer
        return None
    bad = check_answer(item, value)
    if bad is None:
        return None
    return _bad(f"value ({item.id})", bad.text("en"), bad.text("zh"))


def _finding(data: Mapping[str, Any], context: Context) -> RecordProblem | None:
    from diagnosis.visits.document import SEVERITIES
    from diagnosis.visits.photos import is_sha256

    if data["area"] not in AREAS:
        return _bad("area", f"unknown area {data['area']!r}", f"未知的领域 {data['area']!r}")
    if data["severity"] not in SEVERITIES:
        return _bad(
            "severity", f"must be one of {', '.join(SEVERITIES)}", f"须为 {'、'.join(SEVERITIES)}"
        )
    text = str(data["text"])
    problem = too_long("text", text, MAX_TEXT)
    if problem is not None:
        return problem
    value, _ = parse_json("photos", str(data["photos"]))
    for i, sha in enumerate(value):
        if not is_sha256(sha):
            return _bad(f"photos[{i}]", "must be a SHA-256 in lower-case hex", "须为 SHA-256")
    return None


def _enterprise(data: Mapping[str, Any], context: Context) -> RecordProblem | None:
    return enterprise_problem(data)


_RULES: Final[dict[str, Callable[[Mapping[str, Any], Context], RecordProblem | None]]] = {
    "enterprises": _enterprise,
    "visits": _visit,
    "answers": _answer,
    "findings": _finding,
}


__all__ = [
    "MAX_JSON",
    "Context",
    "RecordProblem",
    "answer_value",
    "check_record",
    "json_problem",
    "shape",
]
