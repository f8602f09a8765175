"""A fuzz of pushed records against the in-process server: valid records of every table with
one field (or a key inside a JSON field) replaced by something hostile: control characters,
lone surrogates, huge or non-finite numbers, deep or broken JSON, wrong types. Whatever comes,
the server never answers 5xx, and after each batch it took ``GET /stats`` still answers 200."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.storage.sync.test_server_support import (
    API,
    Api,
    answer_data,
    change,
    enterprise,
    finding_data,
    visit,
)
from tests.storage.sync.test_server_support import answer_id as answer_id

# The fixture, imported under its own name so pytest finds it here.
from tests.storage.sync.test_server_support import api as api

OUTCOMES = {"created", "updated", "merged", "conflict", "unchanged", "revision", "rejected"}

hostile_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec=None, categories=["Cc", "Cs", "Co", "Cn"]), max_size=8),
    st.sampled_from(
        [
            '=HYPERLINK("http://x","y")',
            "\x00",
            "\ud800",
            "a\u2028b",
            "\ufeff",
            "{bad",
            "[" * 60 + "]" * 60,
            "1" + "0" * 400,
            "NaN",
            "Infinity",
            "-0",
            "null",
            "[]",
            "{}",
            '{"x": {"y": {}}}',
            "2024-02-30",
            "x" * 70_000,
        ]
    ),
)
hostile_number = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([2**63, -(2**63), 2**64, 10**30, 1e308, -1e308, 5e-324]),
)
hostile_json: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.none(), st.booleans(), hostile_number, hostile_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)
    ),
    max_leaves=12,
)
hostile_value = st.one_of(
    hostile_text,
    hostile_number,
    st.none(),
    st.booleans(),
    hostile_json,
    hostile_json.map(lambda v: json.dumps(v, ensure_ascii=False)),
)


def records(ids: list[str]) -> list[dict[str, Any]]:
    """A valid enterprise, visit, three answers and a finding, as a laptop pushes them."""
    eid, vid, fid = ids
    return [
        change("enterprises", eid, enterprise()),
        change("visits", vid, visit(eid, ["wang"], tables="{}")),
        change("answers", answer_id(vid, "energy", "E03"), answer_data(vid, "E03", "1200.5")),
        change(
            "answers",
            answer_id(vid, "energy", "E02"),
            answer_data(vid, "E02", '{"electricity": {"quantity": 1000}}'),
        ),
        change("answers", answer_id(vid, "energy", "E06"), answer_data(vid, "E06", '"备注"')),
        change("findings", fid, finding_data(vid, photos=["a" * 64])),
    ]


# Which fields each of the records above has, to pick from (the ids do not matter here).
FIELDS = [sorted(c["data"]) for c in records([str(uuid.uuid4()) for _ in range(3)])]
Mutation = tuple[int, str, int, Any, Any]  # record, where, field index, value, key or element


@st.composite
def mutations(draw: st.DrawFn) -> list[Mutation]:
    out: list[Mutation] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        index = draw(st.integers(min_value=0, max_value=len(FIELDS) - 1))
        where = draw(st.sampled_from(["data", "data", "data", "json", "json", "envelope"]))
        field = draw(st.integers(min_value=0, max_value=len(FIELDS[index])))
        value = draw(hostile_json if where == "json" else hostile_value)
        out.append((index, where, field, value, draw(hostile_text)))
    return out


def mutated(changes: list[dict[str, Any]], plan: list[Mutation]) -> None:
    for index, where, field, value, key in plan:
        target = changes[index]
        names = [*FIELDS[index], "extra"]
        if where == "envelope":
            target[("id", "table", "base_rev", "deleted", "updated_at")[field % 5]] = value
            continue
        name = names[field]
        if where == "json" and isinstance(target["data"].get(name), str):
            # Inside a JSON text field: a key or an element added, the rest kept.
            try:
                inner = json.loads(target["data"][name])
            except ValueError:
                inner = None
            if isinstance(inner, dict):
                inner[key] = value
            elif isinstance(inner, list):
                inner.append(value)
            else:
                inner = value
            target["data"][name] = json.dumps(inner, ensure_ascii=False)
        else:
            target["data"][name] = value


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=mutations(), order=st.randoms(use_true_random=False))
def test_no_pushed_record_makes_a_server_error(
    api: Api, plan: list[Mutation], order: random.Random
) -> None:
    # Fresh ids each time: a record that exists already would only test the merge.
    changes = records([str(uuid.uuid4()) for _ in range(3)])
    mutated(changes, plan)
    order.shuffle(changes)
    body = {"batch": str(uuid.uuid4()), "changes": changes}
    # ensure_ascii: a lone surrogate travels as its JSON escape, as a hostile client sends it.
    content = json.dumps(body, ensure_ascii=True)
    headers = {**api.headers(api.server.office), "Content-Type": "application/json"}
    response = api.client.post(f"{API}/push", content=content, headers=headers)
    assert response.status_code < 500, response.text
    if response.status_code != 200:
        return
    results = response.json()["results"]
    assert {r["outcome"] for r in results} <= OUTCOMES
    for r in results:
        if r["outcome"] == "rejected":
            assert r["code"] and r["reason"] and r["reason_zh"]
    stats = api.client.get(f"{API}/stats", headers=api.headers(api.server.office))
    assert stats.status_code == 200, stats.text
    assert stats.json()["skipped"] == []  # nothing the server took is unreadable


def test_the_unmutated_records_are_all_taken(api: Api) -> None:
    """The fuzz's starting point is valid: what it finds is the mutation's doing."""
    body = {"batch": str(uuid.uuid4()), "changes": records([str(uuid.uuid4()) for _ in range(3)])}
    response = api.push(api.server.office, body)
    assert {r["outcome"] for r in response.json()["results"]} == {"created"}, response.text
