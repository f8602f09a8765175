"""The diagnosis team's experts: each member's specialty and organisation, beside the visit's
``team`` (issue 17 item 6; docs/visit-experts.md).

``team`` stays the list of names, the lead first: the office counts visits per member by it and a
laptop of an older version edits only it. ``experts`` adds one entry a member, written by this
version with the same names in the same order. Read back, ``team`` decides who is on the team and
in which order, and an entry is found by its name: a member an older laptop added has no entry
(no specialty; the visit's organisation), an entry whose member was removed is not printed.
No Qt, no SQL.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

KEYS: Final = ("name", "specialty", "organisation")
MAX_SPECIALTY: Final = 40  # typed in the header: a few words ("节能、清洁生产")
# Suggested specialties (zh, en): the five areas the programme's teams are drawn from; any other
# text is kept as typed.
SPECIALTIES: Final = (
    ("智能制造", "Intelligent manufacturing"),
    ("节能", "Energy saving"),
    ("节水", "Water saving"),
    ("清洁生产", "Cleaner production"),
    ("安全环保", "Safety and environment"),
)


@dataclass(frozen=True)
class Expert:
    name: str
    specialty: str = ""
    organisation: str = ""  # empty: the visit's organisation


def key(name: str) -> str:
    """Two spellings of one name compare equal (full-width letters, case), as the header's."""
    return unicodedata.normalize("NFKC", name).casefold()


def aligned(team: Sequence[str], experts: Sequence[Expert]) -> tuple[Expert, ...]:
    """One entry per member of ``team`` in its order: the member's own, or a bare one."""
    found: dict[str, Expert] = {}
    for e in experts:
        found.setdefault(key(e.name), e)
    return tuple(
        Expert(name, found[key(name)].specialty, found[key(name)].organisation)
        if key(name) in found
        else Expert(name)
        for name in team
    )


def to_json(experts: Sequence[Expert]) -> list[dict[str, str]]:
    return [
        {"name": e.name, "specialty": e.specialty, "organisation": e.organisation} for e in experts
    ]


def problems(value: Any, limit: int) -> list[tuple[str, str, str]]:
    """What is wrong with ``value`` as the experts field: (where, English, Chinese) each, where
    naming the entry and its field (``experts[1].specialty``); ``limit`` the longest text."""
    if not isinstance(value, list):
        return [("experts", "must be a list of objects", "须为对象列表")]
    out: list[tuple[str, str, str]] = []
    for i, entry in enumerate(value):
        where = f"experts[{i}]"
        if not isinstance(entry, Mapping):
            out.append(
                (
                    where,
                    "must be an object with name, specialty, organisation",
                    "须为含 name、specialty、organisation 的对象",
                )
            )
            continue
        for extra in sorted(set(entry) - set(KEYS)):
            out.append((f"{where}.{extra}", "is not a field of an expert", "不是专家的字段"))
        for name in KEYS:
            text = entry.get(name, "")
            if not isinstance(text, str):
                out.append((f"{where}.{name}", "must be text", "须为文本"))
            elif name == "name" and not text.strip():
                out.append((f"{where}.name", "a name is non-empty text", "姓名不能为空"))
            elif len(text) > limit:
                out.append(
                    (
                        f"{where}.{name}",
                        f"is {len(text)} characters long, at most {limit} are allowed",
                        f"长 {len(text)} 个字符，最多 {limit} 个",
                    )
                )
    return out


def from_json(value: Any) -> tuple[Expert, ...]:
    """The entries of a field as stored (checked by ``problems`` on the way in); anything else
    a store might hold is read as no entry rather than stopping the visit from opening."""
    if not isinstance(value, list):
        return ()
    return tuple(
        Expert(*(str(e.get(k) or "") for k in KEYS))
        for e in value
        if isinstance(e, Mapping) and isinstance(e.get("name"), str) and e["name"]
    )
