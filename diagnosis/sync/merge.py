"""The three-way, field-by-field merge of sync (docs/sync.md "Conflicts", DESIGN invariant 4).

Pure: it compares mappings and knows nothing of tables, revisions or storage. ``ours`` is the
record as the server holds it, ``theirs`` the incoming change, ``base`` the version the change
was made from (None when the change knew no version: both sides created the same record).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

# The tombstone travels as a field of its own so that a delete merges like any other change;
# a delete against an edit (or an edit against a delete) is still a hard conflict on it.
DELETED: Final = "deleted"


class _Missing:
    """A field one side does not have (no base, or a field added later): unlike None, which is
    a value a field can hold."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


# A JSON list merges element by element when each element is an object naming itself by the
# first of these keys it has: a visit's measure decisions, by catalogue code (a custom measure
# without one, by its title), as the desk replaces a decision (VisitService.decide).
ELEMENT_KEYS: Final = ("code", "title")


@dataclass(frozen=True)
class MergeResult:
    data: Mapping[str, Any]
    # Fields changed on one side only while both sides changed the record: merged cleanly, and
    # recorded in the record's history (a soft conflict).
    soft: tuple[str, ...]
    # Fields changed on both sides to different values: ``data`` keeps ours for each of them.
    hard: tuple[str, ...]
    # Per hard field, the competing value: theirs; for a JSON field merged key by key or element
    # by element, the merged value with theirs at the keys or elements that collided. Either
    # side, chosen by a person, so keeps every change that merged.
    competing: Mapping[str, Any] = field(default_factory=dict)


def merge(
    base: Mapping[str, Any] | None,
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    objects: Collection[str] = (),
) -> MergeResult:
    """Merge ``theirs`` into ``ours`` against ``base``, field by field (fields in sorted order).

    ``objects``: fields holding JSON as text: an object (a visit's notes, area by area and item
    by item) or a list of objects named by ``ELEMENT_KEYS`` (a visit's measure decisions).
    Changed on both sides, they merge key by key or element by element; a key or element changed
    on both sides differently is a hard conflict on the field, which keeps ours there and
    merges everything else."""
    before: Mapping[str, Any] = base or {}
    fields = sorted(set(before) | set(ours) | set(theirs))
    data: dict[str, Any] = {}
    competing: dict[str, Any] = {}
    ours_changed: list[str] = []
    theirs_changed: list[str] = []
    hard: list[str] = []
    for name in fields:
        b = before.get(name, MISSING)
        o = ours.get(name, MISSING)
        t = theirs.get(name, MISSING)
        changed_o, changed_t = _differ(o, b), _differ(t, b)
        if changed_o:
            ours_changed.append(name)
        if changed_t:
            theirs_changed.append(name)
        if not _differ(o, t):
            value = o  # the same on both sides, changed or not: never a conflict
        elif not changed_t:
            value = o
        elif not changed_o:
            value = t
        else:
            nested = _merge_json_text(b, o, t) if name in objects else None
            value, rival = (o, t) if nested is None else nested
            if nested is None or rival is not None:
                hard.append(name)
                competing[name] = None if rival is MISSING else rival
        if value is not MISSING:
            data[name] = value
    _delete_against_edit(ours, theirs, ours_changed, theirs_changed, data, hard, competing)
    concurrent = bool(ours_changed) and bool(theirs_changed)
    one_sided = set(ours_changed) ^ set(theirs_changed)
    soft = tuple(f for f in fields if concurrent and f in one_sided and f not in hard)
    hard_fields = tuple(f for f in fields if f in hard)
    return MergeResult(data, soft, hard_fields, {f: competing[f] for f in hard_fields})


def _differ(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is not b
    # Plain equality on purpose: 5 and 5.0 (an INTEGER read back from a REAL column) are the
    # same value, and a field must never conflict with itself.
    return bool(a != b)


def _merge_json_text(base: Any, ours: Any, theirs: Any) -> tuple[str, str | None] | None:
    """Two JSON texts changed from ``base`` merged key by key (nested objects too) or element
    by element, spelled as the client spells them (storage.visits): the merged text and, when
    a key or element changed on both sides differently, the competing text (else None). None
    when they are not both objects or both lists of named elements."""
    o, t = _parsed(ours), _parsed(theirs)
    b = _parsed(base) if base is not MISSING and base is not None else None
    if isinstance(o, dict) and isinstance(t, dict) and isinstance(b, dict | None):
        mine, rival, clash = _merge_keys(b or {}, o, t)
        return _dumps(mine), (_dumps(rival) if clash else None)
    if not (isinstance(o, list) and isinstance(t, list) and isinstance(b, list | None)):
        return None
    named_b, named_o, named_t = _named(b or []), _named(o), _named(t)
    if named_b is None or named_o is None or named_t is None:
        return None
    elements, rivals, clash = _merge_elements(named_b, named_o, named_t)
    return _dumps([*elements.values()]), (_dumps([*rivals.values()]) if clash else None)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _parsed(text: Any) -> Any:
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _named(items: list[Any]) -> dict[str, Any] | None:
    """The elements by name, in order; None when one has no name or two share one."""
    out: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, dict):
            return None
        name = next((item[k] for k in ELEMENT_KEYS if item.get(k)), None)
        if not isinstance(name, str) or name in out:
            return None
        out[name] = item
    return out


def _merge_elements(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """Named elements merged whole (a decision is one person's judgement, never mixed): ours
    in our order, then theirs' new ones in theirs'."""
    order = [*ours, *(k for k in theirs if k not in ours), *(k for k in base if k not in ours)]
    mine: dict[str, Any] = {}
    rival: dict[str, Any] = {}
    clash = False
    for key in dict.fromkeys(order):
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        vo, vt, clashed = _pick(b, o, t)
        clash |= clashed
        if vo is not MISSING:
            mine[key] = vo
        if vt is not MISSING:
            rival[key] = vt
    return mine, rival, clash


def _pick(b: Any, o: Any, t: Any) -> tuple[Any, Any, bool]:
    """One key's or element's value for our side and the competing one, and whether they
    collided (changed on both sides differently)."""
    if not _differ(o, t) or not _differ(t, b):
        return o, o, False
    if not _differ(o, b):
        return t, t, False
    return o, t, True


def _merge_keys(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], bool]:
    mine: dict[str, Any] = {}
    rival: dict[str, Any] = {}
    clash = False
    for key in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        vo, vt, clashed = _pick(b, o, t)
        nested = isinstance(o, dict) and isinstance(t, dict) and isinstance(b, dict | _Missing)
        if clashed and nested:
            vo, vt, clashed = _merge_keys(b if isinstance(b, dict) else {}, o, t)
        clash |= clashed
        if vo is not MISSING:
            mine[key] = vo
        if vt is not MISSING:
            rival[key] = vt
    return mine, rival, clash


def _delete_against_edit(
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    ours_changed: list[str],
    theirs_changed: list[str],
    data: dict[str, Any],
    hard: list[str],
    competing: dict[str, Any],
) -> None:
    """A delete on one side and an edit on the other must not merge into a tombstone carrying
    the edit (or a live record ignoring the delete): a person decides, on the field ``deleted``."""
    if DELETED in hard:
        return
    o_del = DELETED in ours_changed and DELETED not in theirs_changed
    t_del = DELETED in theirs_changed and DELETED not in ours_changed
    edited_o = any(f != DELETED for f in ours_changed)
    edited_t = any(f != DELETED for f in theirs_changed)
    if (o_del and edited_t) or (t_del and edited_o):
        hard.append(DELETED)
        competing[DELETED] = theirs.get(DELETED)
        value = ours.get(DELETED, MISSING)
        if value is MISSING:
            data.pop(DELETED, None)
        else:
            data[DELETED] = value
