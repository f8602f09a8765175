"""Relevance conditions of checklist items: a tiny JSON expression language over answers.

Data, never code: a condition is a dict such as {"item": "E05", "equals": "yes"} or
{"all": [...]}; nothing here evaluates strings, so a checklist file cannot run anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Condition = Mapping[str, Any]
COMPARISONS = ("equals", "not_equals", "in", "gt", "ge", "lt", "le", "answered", "contains")
# What a condition may ask of the enterprise's register record (``{"enterprise": "division",
# "in": ["31", "32"]}``): only where the caller passes those facts (a hidden danger's grade),
# never in relevance, which sees answers alone.
ENTERPRISE_FACTS = ("division", "industry")


def condition_problems(
    cond: object, path: str, known_items: set[str], *, enterprise: bool = False
) -> list[str]:
    """What is wrong with a condition's shape, each with its JSON path; [] when it is sound.
    ``enterprise``: the condition may also ask the register's facts (ENTERPRISE_FACTS)."""
    if not isinstance(cond, Mapping):
        return [f"{path}: a condition must be an object"]
    for combinator in ("all", "any"):
        if combinator in cond:
            parts = cond[combinator]
            if not isinstance(parts, list) or not parts:
                return [f"{path}.{combinator}: must be a non-empty list of conditions"]
            out: list[str] = []
            for i, part in enumerate(parts):
                out.extend(
                    condition_problems(
                        part, f"{path}.{combinator}[{i}]", known_items, enterprise=enterprise
                    )
                )
            return out
    if "not" in cond:
        return condition_problems(cond["not"], f"{path}.not", known_items, enterprise=enterprise)
    if "enterprise" in cond:
        if not enterprise:
            return [f"{path}.enterprise: only a hidden danger's grade may ask the register"]
        if cond["enterprise"] not in ENTERPRISE_FACTS:
            return [f"{path}.enterprise: must be one of {', '.join(ENTERPRISE_FACTS)}"]
        ops = [k for k in cond if k != "enterprise"]
        if len(ops) != 1 or ops[0] not in ("equals", "in"):
            return [f"{path}: an enterprise condition needs exactly one of equals, in"]
        return []
    item = cond.get("item")
    if not isinstance(item, str):
        return [f'{path}: needs "item" (or all/any/not)']
    if item not in known_items:
        return [f"{path}.item: '{item}' is not an earlier item of this checklist"]
    ops = [k for k in cond if k not in ("item", "row", "column")]
    if len(ops) != 1 or ops[0] not in COMPARISONS:
        return [f"{path}: needs exactly one of {', '.join(COMPARISONS)}"]
    return []


def holds(
    cond: Condition | None,
    answers: Mapping[str, object],
    facts: Mapping[str, object] | None = None,
) -> bool:
    """Whether ``cond`` holds for ``answers`` (item id -> value). No condition always holds;
    a comparison with an unanswered item does not hold (the item stays hidden until then).
    ``facts``: the enterprise's (ENTERPRISE_FACTS); one unknown or not given does not hold."""
    if cond is None:
        return True
    if "all" in cond:
        return all(holds(c, answers, facts) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, answers, facts) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], answers, facts)
    if "enterprise" in cond:
        fact = (facts or {}).get(cond["enterprise"])
        if fact is None:
            return False
        return bool(fact == cond["equals"]) if "equals" in cond else fact in cond["in"]
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
