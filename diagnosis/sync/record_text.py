"""What any text or JSON value of a synced record must be, whatever its field: no control
characters, no lone surrogates, no number JSON or SQLite cannot hold, not too deep, not too big.
``diagnosis.sync.records`` applies these before the field's own rules. No Qt, no SQL.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Final

# C0 and C1 controls, DEL, lone surrogates and the two non-characters Excel and XML refuse.
# Tab, line feed and carriage return pass where a field is written on several lines.
_FORBIDDEN: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ONE_LINE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
MAX_DEPTH: Final = 16  # a checklist table answer is three levels deep; a decision four
MAX_INT: Final = 2**53  # beyond it a number is no longer exact as the float the figures use
MAX_JSON: Final = 256 * 1024  # characters of one JSON text field (a visit's measures, a table)


@dataclass(frozen=True)
class RecordProblem:
    """Why a record cannot be taken: the field (a dotted path inside a JSON field), in both
    languages."""

    field: str
    reason: str
    reason_zh: str

    def text(self) -> str:
        return f"{self.field}: {self.reason}"


def text_problem(field: str, value: str, *, lines: bool = False) -> RecordProblem | None:
    """A control character (or a lone surrogate) in ``value``; ``lines``: tab and line breaks
    are allowed (a finding's text, a note)."""
    found = (_FORBIDDEN if lines else _ONE_LINE).search(value)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    return RecordProblem(
        field,
        f"holds the control character {code} at position {found.start() + 1}",
        f"第 {found.start() + 1} 个字符为控制字符 {code}",
    )


def too_long(field: str, value: str, limit: int) -> RecordProblem | None:
    if len(value) <= limit:
        return None
    return RecordProblem(
        field,
        f"is {len(value)} characters long, at most {limit} are allowed",
        f"长 {len(value)} 个字符，最多 {limit} 个",
    )


def parse_json(field: str, text: str, limit: int = MAX_JSON) -> tuple[Any, RecordProblem | None]:
    """The JSON value of a JSON text field, or why it is not one the app can read."""
    long = too_long(field, text, limit)
    if long is not None:
        return None, long
    try:
        value = _DECODER.decode(text)
    except (ValueError, RecursionError):
        return None, RecordProblem(field, "is not JSON text", "不是 JSON 文本")
    if _RISK.search(text) is None and not _too_deep(value):
        return value, None  # nothing json_problem looks for can be in it
    return value, json_problem(field, value)


# What in a JSON text could make json_problem find something other than depth. A control
# character or a lone surrogate reaches a string only escaped (a raw C0 control is not JSON),
# or written raw where JSON allows it (C1, DEL, the non-characters); a number too large has 16
# digits or an exponent. A text with none of these, the answers of nearly every visit, needs
# only its depth checked: the office's facts after a sync read about 3 million of them.
_RISK: Final = re.compile(r"[\\\x7f-\x9f\ud800-\udfff\ufffe\uffff]|\d{16}|\d[eE]")


def _too_deep(value: Any) -> bool:
    """Whether any item of ``value`` lies deeper than MAX_DEPTH (json_problem's count: the
    value itself is at depth 1)."""
    if not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if not children:
            continue
        if depth + 1 > MAX_DEPTH:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


# One decoder for every call: json.loads with an option builds a new one each time, which cost
# as much as the decoding of a short answer (the office's facts read 3 million of them).
_DECODER: Final = json.JSONDecoder(parse_constant=_no_constant)


def json_problem(field: str, value: Any) -> RecordProblem | None:
    """Whatever inside a JSON value no field may hold: nesting beyond MAX_DEPTH, a number too
    large or not finite, a control character in a key or a string (tab and line breaks pass)."""
    stack: list[tuple[str, Any, int]] = [(field, value, 1)]
    while stack:
        path, item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return RecordProblem(
                path, f"is nested more than {MAX_DEPTH} levels deep", f"嵌套超过 {MAX_DEPTH} 层"
            )
        if isinstance(item, str):
            bad = text_problem(path, item, lines=True)
            if bad is not None:
                return bad
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int | float):
            bad = number_problem(path, item)
            if bad is not None:
                return bad
        elif isinstance(item, dict):
            for key, child in item.items():
                bad = text_problem(f"{path}.{key!r}", str(key))
                if bad is not None:
                    return bad
                stack.append((f"{path}.{key}", child, depth + 1))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", child, depth + 1) for i, child in enumerate(item))
    return None


def number_problem(field: str, value: float) -> RecordProblem | None:
    if isinstance(value, float) and not math.isfinite(value):
        return RecordProblem(field, "is not a finite number", "不是有限的数字")
    if isinstance(value, int) and abs(value) > MAX_INT:
        return RecordProblem(field, "is a number too large to hold", "数字过大，无法保存")
    if isinstance(value, float) and abs(value) > 1e300:
        return RecordProblem(field, "is a number too large to hold", "数字过大，无法保存")
    return None
