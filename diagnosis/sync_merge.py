"""The three-way, field-by-field merge of sync (docs/sync.md "Conflicts", DESIGN invariant 4).

Pure: it compares mappings and knows nothing of tables, revisions or storage. ``ours`` is the
record as the server holds it, ``theirs`` the incoming change, ``base`` the version the change
was made from (None when the change knew no version: both sides created the same record).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class MergeResult:
    data: Mapping[str, Any]
    # Fields changed on one side only while both sides changed the record: merged cleanly, and
    # recorded in the record's history (a soft conflict).
    soft: tuple[str, ...]
    # Fields changed on both sides to different values: ``data`` keeps ours for each of them.
    hard: tuple[str, ...]


def merge(
    base: Mapping[str, Any] | None,
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    objects: Collection[str] = (),
) -> MergeResult:
    """Merge ``theirs`` into ``ours`` against ``base``, field by field (fields in sorted order).

    ``objects``: fields holding a JSON object as text (a visit's notes, area by area and item by
    item): changed on both sides, they merge key by key, and conflict only when one key does."""
    before: Mapping[str, Any] = base or {}
    fields = sorted(set(before) | set(ours) | set(theirs))
    data: dict[str, Any] = {}
    ours_changed: list[str] = []
    theirs_changed: list[str] = []
    hard: list[str] = []
    for field in fields:
        b = before.get(field, MISSING)
        o = ours.get(field, MISSING)
        t = theirs.get(field, MISSING)
        changed_o, changed_t = _differ(o, b), _differ(t, b)
        if changed_o:
            ours_changed.append(field)
        if changed_t:
            theirs_changed.append(field)
        if not _differ(o, t):
            value = o  # the same on both sides, changed or not: never a conflict
        elif not changed_t:
            value = o
        elif not changed_o:
            value = t
        else:
            nested = _merge_object_text(b, o, t) if field in objects else None
            if nested is None:
                value = o
                hard.append(field)
            else:
                value = nested
        if value is not MISSING:
            data[field] = value
    _delete_against_edit(ours, ours_changed, theirs_changed, data, hard)
    concurrent = bool(ours_changed) and bool(theirs_changed)
    one_sided = set(ours_changed) ^ set(theirs_changed)
    soft = tuple(f for f in fields if concurrent and f in one_sided and f not in hard)
    return MergeResult(data, soft, tuple(f for f in fields if f in hard))


def _differ(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is not b
    # Plain equality on purpose: 5 and 5.0 (an INTEGER read back from a REAL column) are the
    # same value, and a field must never conflict with itself.
    return bool(a != b)


def _merge_object_text(base: Any, ours: Any, theirs: Any) -> str | None:
    """Two JSON object texts changed from ``base`` merged key by key (nested objects too),
    spelled as the client spells them; None when a key changed on both sides differently."""
    b = {} if base is MISSING or base is None else _object(base)
    o, t = _object(ours), _object(theirs)
    if b is None or o is None or t is None:
        return None
    merged = _merge_keys(b, o, t)
    return None if merged is None else json.dumps(merged, ensure_ascii=False, sort_keys=True)


def _object(text: Any) -> dict[str, Any] | None:
    if not isinstance(text, str):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _merge_keys(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    for key in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if not _differ(o, t) or not _differ(t, b):
            value = o
        elif not _differ(o, b):
            value = t
        elif isinstance(o, dict) and isinstance(t, dict) and (b is MISSING or isinstance(b, dict)):
            value = _merge_keys(b if isinstance(b, dict) else {}, o, t)
            if value is None:
                return None
        else:
            return None
        if value is not MISSING:
            out[key] = value
    return out


def _delete_against_edit(
    ours: Mapping[str, Any],
    ours_changed: list[str],
    theirs_changed: list[str],
    data: dict[str, Any],
    hard: list[str],
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
        value = ours.get(DELETED, MISSING)
        if value is MISSING:
            data.pop(DELETED, None)
        else:
            data[DELETED] = value
