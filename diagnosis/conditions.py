"""Relevance conditions of checklist items: a tiny JSON expression language over answers.

Data, never code: a condition is a dict such as {"item": "E05", "equals": "yes"} or
{"all": [...]}; nothing here evaluates strings, so a checklist file cannot run anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Condition = Mapping[str, Any]
COMPARISONS = ("equals", "not_equals", "in", "gt", "ge", "lt", "le", "answered", "contains")


def condition_problems(cond: object, path: str, known_items: set[str]) -> list[str]:
    """What is wrong with a condition's shape, each with its JSON path; [] when it is sound."""
    if not isinstance(cond, Mapping):
        return [f"{path}: a condition must be an object"]
    for combinator in ("all", "any"):
        if combinator in cond:
            parts = cond[combinator]
            if not isinstance(parts, list) or not parts:
                return [f"{path}.{combinator}: must be a non-empty list of conditions"]
            out: list[str] = []
            for i, part in enumerate(parts):
                out.extend(condition_problems(part, f"{path}.{combinator}[{i}]", known_items))
            return out
    if "not" in cond:
        return condition_problems(cond["not"], f"{path}.not", known_items)
    item = cond.get("item")
    if not isinstance(item, str):
        return [f'{path}: needs "item" (or all/any/not)']
    if item not in known_items:
        return [f"{path}.item: '{item}' is not an earlier item of this checklist"]
    ops = [k for k in cond if k not in ("item", "row", "column")]
    if len(ops) != 1 or ops[0] not in COMPARISONS:
        return [f"{path}: needs exactly one of {', '.join(COMPARISONS)}"]
    return []


def holds(cond: Condition | None, answers: Mapping[str, object]) -> bool:
    """Whether ``cond`` holds for ``answers`` (item id -> value). No condition always holds;
    a comparison with an unanswered item does not hold (the item stays hidden until then)."""
    if cond is None:
        return True
    if "all" in cond:
        return all(holds(c, answers) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, answers) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], answers)
    value = answers.get(cond["item"])
    if "row" in cond and isinstance(value, Mapping):  # a cell of a table item
        row = value.get(cond["row"])
        value = row.get(cond.get("column", "quantity")) if isinstance(row, Mapping) else None
    if "answered" in cond:
        return (value not in (None, "", [], {})) == bool(cond["answered"])
    if value is None:
        return False
    if "equals" in cond:
        return bool(value == cond["equals"])
    if "not_equals" in cond:
        return bool(value != cond["not_equals"])
    if "in" in cond:
        return value in cond["in"]
    if "contains" in cond:
        return isinstance(value, list) and cond["contains"] in value
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    for op, test in (
        ("gt", value.__gt__),
        ("ge", value.__ge__),
        ("lt", value.__lt__),
        ("le", value.__le__),
    ):
        if op in cond:
            return bool(test(cond[op]))
    return False
