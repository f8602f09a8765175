"""The three-way merge of sync: its laws checked on generated records, and the cases of
docs/sync.md "Conflicts" (one side, both sides alike, both sides differently, delete vs edit)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from diagnosis.sync.merge import DELETED, MergeResult, merge

FIELDS = ("name", "district", "value", "photos", DELETED)
# 1 and True are equal in Python, as a flag read back from SQLite is; both appear on purpose.
VALUES = st.sampled_from([None, 0, 1, 2.5, "", "a", "b", "[]", True, False])
Record = dict[str, Any]
records = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=len(FIELDS))


@st.composite
def edited(draw: st.DrawFn, base: Record) -> Record:
    """``base`` with some fields changed, dropped or added: what one side may make of it."""
    out = dict(base)
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        if draw(st.booleans()) and field in out:
            del out[field]
        else:
            out[field] = draw(VALUES)
    return out


@st.composite
def triples(draw: st.DrawFn) -> tuple[Record | None, Record, Record]:
    base = draw(records)
    ours, theirs = draw(edited(base)), draw(edited(base))
    return (None if draw(st.integers(0, 9)) == 0 else base), ours, theirs


def conflicts(result: MergeResult) -> set[str]:
    return set(result.soft) | set(result.hard)


@given(records, records)
def test_merge_keeps_ours_when_theirs_is_the_base(base: Record, ours: Record) -> None:
    result = merge(base, ours, base)
    assert result.data == ours
    assert conflicts(result) == set()


@given(records, records)
def test_merge_takes_theirs_when_ours_is_the_base(base: Record, theirs: Record) -> None:
    result = merge(base, base, theirs)
    assert result.data == theirs
    assert conflicts(result) == set()


@given(triples())
def test_merge_hard_conflicts_are_symmetric(case: tuple[Record | None, Record, Record]) -> None:
    base, ours, theirs = case
    assert set(merge(base, ours, theirs).hard) == set(merge(base, theirs, ours).hard)
    assert set(merge(base, ours, theirs).soft) == set(merge(base, theirs, ours).soft)


@given(triples())
def test_merge_field_equal_on_both_sides_never_conflicts(
    case: tuple[Record | None, Record, Record],
) -> None:
    base, ours, theirs = case
    result = merge(base, ours, theirs)
    for field in FIELDS:
        if (field in ours) == (field in theirs) and ours.get(field) == theirs.get(field):
            assert field not in conflicts(result)
            assert result.data.get(field) == ours.get(field)


@given(triples())
def test_merge_every_field_comes_from_an_input(case: tuple[Record | None, Record, Record]) -> None:
    base, ours, theirs = case
    result = merge(base, ours, theirs)
    sides = [s for s in (base, ours, theirs) if s is not None]
    for field, value in result.data.items():
        assert any(field in s and s[field] == value for s in sides)
    assert set(result.hard) <= set(FIELDS)
    assert not set(result.soft) & set(result.hard)


@given(triples())
def test_merge_hard_conflict_keeps_ours(case: tuple[Record | None, Record, Record]) -> None:
    base, ours, theirs = case
    result = merge(base, ours, theirs)
    for field in result.hard:
        assert result.data.get(field) == ours.get(field)


def test_merge_fields_changed_on_different_sides_merge_softly() -> None:
    base = {"name": "甲", "district": "北仑", "value": "1", DELETED: False}
    ours = {**base, "name": "甲公司"}
    theirs = {**base, "value": "2"}
    result = merge(base, ours, theirs)
    assert result.data == {**base, "name": "甲公司", "value": "2"}
    assert result.soft == ("name", "value")
    assert result.hard == ()


def test_merge_same_change_on_both_sides_is_no_conflict() -> None:
    base = {"name": "甲", "value": "1"}
    result = merge(base, {**base, "value": "2"}, {**base, "value": "2"})
    assert result.data == {**base, "value": "2"}
    assert conflicts(result) == set()


def test_merge_same_field_changed_differently_is_hard_and_keeps_ours() -> None:
    base = {"name": "甲", "value": "1"}
    result = merge(base, {**base, "value": "2"}, {**base, "value": "3", "name": "乙"})
    assert result.data == {"name": "乙", "value": "2"}
    assert result.hard == ("value",)
    assert result.soft == ("name",)


def test_merge_delete_against_edit_is_a_hard_conflict_on_deleted() -> None:
    base = {"name": "甲", "value": "1", DELETED: False}
    edited_ = {**base, "value": "2"}
    deleted = {**base, DELETED: True}
    kept = merge(base, edited_, deleted)
    assert kept.hard == (DELETED,)
    assert kept.data == edited_  # the record stays alive with the edit until a person decides
    gone = merge(base, deleted, edited_)
    assert gone.hard == (DELETED,)
    assert gone.data == {**edited_, DELETED: True}  # still deleted, the edit kept inside


def test_merge_delete_on_both_sides_is_no_conflict() -> None:
    base = {"name": "甲", DELETED: False}
    result = merge(base, {**base, DELETED: True}, {**base, DELETED: True})
    assert result.data == {**base, DELETED: True}
    assert conflicts(result) == set()


def test_merge_without_base_conflicts_wherever_the_sides_differ() -> None:
    # Two laptops answered the same question (the same derived answer id) differently.
    ours = {"visit_id": "v", "item": "E03", "value": "1200"}
    theirs = {**ours, "value": "1300"}
    result = merge(None, ours, theirs)
    assert result.data == ours
    assert result.hard == ("value",)


def _notes(**areas: object) -> str:
    return json.dumps(areas, ensure_ascii=False, sort_keys=True)


def test_merge_object_fields_merge_key_by_key() -> None:
    # Two experts of one team write their own areas' notes on one visit: no conflict.
    base = {"notes": _notes(energy={"e01": "旧"})}
    ours = {"notes": _notes(energy={"e01": "旧", "e02": "空压机"})}
    theirs = {"notes": _notes(energy={"e01": "旧"}, safety={"s03": "消防通道堵塞"})}
    result = merge(base, ours, theirs, objects=("notes",))
    assert result.hard == ()
    assert json.loads(result.data["notes"]) == {
        "energy": {"e01": "旧", "e02": "空压机"},
        "safety": {"s03": "消防通道堵塞"},
    }
    assert result.soft == ()  # one field changed on both sides, merged inside


def test_merge_object_fields_conflict_only_on_a_key_changed_both_ways() -> None:
    base = {"notes": _notes(energy={"e01": "旧"})}
    ours = {"notes": _notes(energy={"e01": "甲"})}
    theirs = {"notes": _notes(energy={"e01": "乙"})}
    result = merge(base, ours, theirs, objects=("notes",))
    assert result.hard == ("notes",)
    assert result.data["notes"] == ours["notes"]  # ours kept until a person decides
    # The same texts merged as plain fields (not listed in ``objects``) conflict as a whole
    # even when the keys differ.
    apart = merge(
        base,
        {"notes": _notes(energy={"e01": "旧", "e02": "x"})},
        {"notes": _notes(energy={"e01": "旧"}, water={"w01": "y"})},
    )
    assert apart.hard == ("notes",)


def test_merge_object_field_deleted_key_on_one_side_merges() -> None:
    base = {"notes": _notes(energy="a", water="b")}
    ours = {"notes": _notes(energy="a")}  # water's note removed here
    theirs = {"notes": _notes(energy="a", water="b", safety="c")}
    result = merge(base, ours, theirs, objects=("notes",))
    assert result.hard == ()
    assert json.loads(result.data["notes"]) == {"energy": "a", "safety": "c"}


def test_merge_object_field_that_is_not_json_is_a_hard_conflict() -> None:
    result = merge({"notes": "{}"}, {"notes": "not json"}, {"notes": _notes(a=1)}, ("notes",))
    assert result.hard == ("notes",)


# --- measure decisions element by element, notes key by key (issue 14) -----------------------


def _measures(*decisions: dict[str, Any]) -> str:
    return json.dumps(list(decisions), ensure_ascii=False, sort_keys=True)


AIR = {"code": "EN.AIR.01", "status": "proposed"}
VFD = {"code": "EN.VFD.01", "status": "proposed"}
CUSTOM = {"custom": True, "status": "accepted", "title": "空压机变频改造"}


def test_merge_decisions_on_different_measures_merge() -> None:
    # Two experts each accept a different measure of one visit.
    base = {"measures": _measures(AIR, VFD)}
    ours = {"measures": _measures(AIR, {**VFD, "status": "accepted"})}
    theirs = {"measures": _measures({**AIR, "status": "accepted", "investment_10k_yuan": 5}, VFD)}
    result = merge(base, ours, theirs, objects=("measures",))
    assert result.hard == ()
    assert json.loads(result.data["measures"]) == [
        {**AIR, "status": "accepted", "investment_10k_yuan": 5},
        {**VFD, "status": "accepted"},
    ]


def test_merge_decisions_added_on_both_sides_keep_both() -> None:
    ours = {"measures": _measures({**AIR, "status": "accepted"})}
    theirs = {"measures": _measures(CUSTOM)}
    result = merge({"measures": "[]"}, ours, theirs, objects=("measures",))
    assert result.hard == ()
    assert json.loads(result.data["measures"]) == [{**AIR, "status": "accepted"}, CUSTOM]
    # no base at all (both laptops made the record) merges the same way
    assert merge(None, ours, theirs, ("measures",)).data == result.data


def test_merge_one_measure_decided_both_ways_conflicts_on_that_measure_only() -> None:
    base = {"measures": _measures(AIR, VFD)}
    ours = {"measures": _measures({**AIR, "status": "accepted"}, VFD, CUSTOM)}
    theirs = {"measures": _measures({**AIR, "status": "rejected"}, {**VFD, "status": "accepted"})}
    result = merge(base, ours, theirs, objects=("measures",))
    assert result.hard == ("measures",)
    # the record keeps our decision on the measure decided both ways; the rest merges
    kept = [{**AIR, "status": "accepted"}, {**VFD, "status": "accepted"}, CUSTOM]
    assert json.loads(result.data["measures"]) == kept
    # the competing value differs in that one measure only: either side chosen keeps the rest
    rival = [{**AIR, "status": "rejected"}, {**VFD, "status": "accepted"}, CUSTOM]
    assert json.loads(result.competing["measures"]) == rival
    assert set(merge(base, theirs, ours, ("measures",)).hard) == {"measures"}


def test_merge_measure_removed_on_one_side_and_changed_on_the_other_conflicts() -> None:
    base = {"measures": _measures(AIR, VFD)}
    ours = {"measures": _measures(VFD)}
    theirs = {"measures": _measures({**AIR, "status": "accepted"}, VFD)}
    result = merge(base, ours, theirs, objects=("measures",))
    assert result.hard == ("measures",)
    assert json.loads(result.data["measures"]) == [VFD]
    assert json.loads(result.competing["measures"]) == [VFD, {**AIR, "status": "accepted"}]
    removed = merge(base, ours, {"measures": _measures(AIR, VFD, CUSTOM)}, ("measures",))
    assert removed.hard == ()
    assert json.loads(removed.data["measures"]) == [VFD, CUSTOM]


def test_merge_measures_without_names_conflict_as_a_whole() -> None:
    # Two decisions on one code (or one without code and title) cannot be told apart.
    twice = _measures(AIR, {**AIR, "status": "accepted"})
    result = merge(
        {"measures": "[]"}, {"measures": twice}, {"measures": _measures(VFD)}, ("measures",)
    )
    assert result.hard == ("measures",)
    assert result.data["measures"] == twice
    assert result.competing["measures"] == _measures(VFD)
    nameless = _measures({"status": "accepted"})
    plain = merge(
        {"measures": "[]"}, {"measures": nameless}, {"measures": _measures(VFD)}, ("measures",)
    )
    assert plain.hard == ("measures",)


def test_merge_colliding_note_keeps_every_other_note() -> None:
    # One key written both ways used to keep our whole notes and drop their other notes.
    base = {"notes": _notes(energy={"E01": "旧"})}
    ours = {"notes": _notes(energy={"E01": "甲", "E02": "空压机"})}
    theirs = {"notes": _notes(energy={"E01": "乙"}, safety={"SC01": "消防通道堵塞"})}
    result = merge(base, ours, theirs, objects=("notes",))
    assert result.hard == ("notes",)
    assert json.loads(result.data["notes"]) == {
        "energy": {"E01": "甲", "E02": "空压机"},
        "safety": {"SC01": "消防通道堵塞"},
    }
    assert json.loads(result.competing["notes"]) == {
        "energy": {"E01": "乙", "E02": "空压机"},
        "safety": {"SC01": "消防通道堵塞"},
    }


def test_merge_competing_value_of_a_plain_field_is_theirs() -> None:
    base = {"name": "甲", "value": "1", DELETED: False}
    result = merge(base, {**base, "value": "2"}, {**base, "value": None})
    assert result.hard == ("value",)
    assert result.competing == {"value": None}
    gone = merge(base, {**base, "value": "2"}, {**base, DELETED: True})
    assert gone.competing == {DELETED: True}


@given(triples())
def test_merge_competing_values_name_the_hard_fields(
    case: tuple[Record | None, Record, Record],
) -> None:
    base, ours, theirs = case
    result = merge(base, ours, theirs)
    assert set(result.competing) == set(result.hard)
    for field in result.hard:
        assert result.competing[field] == theirs.get(field)
