"""parse_json's quick path (a JSON text with no escape, no raw C1 or non-character, no long or
exponent number: only its depth checked) finds exactly what the whole walk (json_problem)
finds, on hostile values of every kind and at the depth limit's edge."""

from __future__ import annotations

import json
import random
from typing import Any

from diagnosis.sync.record_text import MAX_DEPTH, json_problem, parse_json

_SCALARS: list[Any] = [
    1,
    -2,
    3.5,
    0.1,
    2**53,
    2**53 + 1,
    12345678901234567,
    1e300,
    1e301,
    "a",
    "中文",
    "tab\there",
    "line\nbreak",
    "x\u0085y",  # C1, allowed raw by JSON
    "\ufffe",
    "\x7f",
    "c\x01",
    "2e5 words",
    True,
    None,
]
_KEYS = ["k", "k\n", "键", "a\x02", "b\x9f"]


def _value(rnd: random.Random, depth: int) -> Any:
    r = rnd.random()
    if depth > MAX_DEPTH + 3 or r < 0.3:
        return rnd.choice(_SCALARS)
    if r < 0.65:
        return [_value(rnd, depth + 1) for _ in range(rnd.randint(0, 3))]
    return {rnd.choice(_KEYS) + str(i): _value(rnd, depth + 1) for i in range(rnd.randint(0, 3))}


def test_record_text_quick_path_agrees_with_the_whole_walk_on_hostile_values() -> None:
    rnd = random.Random(20261207)
    found = 0
    for _ in range(3000):
        value = _value(rnd, rnd.randint(0, MAX_DEPTH + 2))
        text = json.dumps(value, ensure_ascii=rnd.random() < 0.5)
        want = json_problem("value", json.loads(text))
        assert parse_json("value", text)[1] == want, text[:300]
        found += want is not None
    assert found > 300  # the corpus is hostile: many values have a problem to find


def test_record_text_quick_path_depth_limit_to_the_item() -> None:
    for depth in range(MAX_DEPTH - 2, MAX_DEPTH + 3):
        scalar: Any = 1
        empty: Any = []
        for _ in range(depth - 1):
            scalar, empty = [scalar], [empty]
        for value in (scalar, empty, {"a": scalar}):
            problem = parse_json("value", json.dumps(value))[1]
            assert problem == json_problem("value", value)
            assert (problem is not None) == (json_problem("value", value) is not None)
    too_deep: Any = 1
    for _ in range(MAX_DEPTH):
        too_deep = [too_deep]
    problem = parse_json("value", json.dumps(too_deep))[1]
    assert problem is not None and "nested more than" in problem.reason
