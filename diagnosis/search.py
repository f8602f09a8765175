"""Search as you type over the register, and the derived text that makes it possible.

The index holds one lower-cased haystack per enterprise (name, code, address, contact, pinyin of
the name and its initials), so a keystroke is a substring scan in memory: Chinese substrings of
any length match, and so do "nbyh" or "ningbo" for 宁波银行.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from diagnosis.enterprise import Enterprise
from diagnosis.pinyin import name_pinyin
from diagnosis.ports import IndexRow

SEARCH_SOURCES = ("name", "credit_code", "address", "contact_person", "contact_phone")


def fold(text: str) -> str:
    """Full-width to half-width and lower case, the same on both sides of a match."""
    return unicodedata.normalize("NFKC", text).casefold()


def search_text(e: Enterprise) -> str:
    py = name_pinyin(e.name)
    parts = [
        e.name,
        e.credit_code,
        e.address,
        e.contact_person,
        e.contact_phone,
        py.full,
        py.initials,
    ]
    return fold("\x1f".join(parts))


def sort_name(e: Enterprise) -> str:
    return name_pinyin(e.name).full + "\x1f" + e.name


@dataclass(frozen=True)
class Filters:
    district: str | None = None
    industry: str | None = None
    cluster: str | None = None
    above_scale: bool | None = None
    willing: bool | None = None

    def active(self) -> bool:
        return self != Filters()


class EnterpriseIndex:
    """All live enterprises' search data; answers a query with ids in the requested order."""

    def __init__(self, rows: Sequence[IndexRow]) -> None:
        self._rows = list(rows)
        self._pos = {r.id: i for i, r in enumerate(self._rows)}

    def __len__(self) -> int:
        return len(self._rows)

    def default_order(self) -> list[str]:
        return [r.id for r in self._rows]

    def search(self, query: str, filters: Filters, order: Sequence[str] | None = None) -> list[str]:
        """Ids matching every term of ``query`` and every filter, in ``order`` (default: name)."""
        rows = self._rows
        candidates = [r for r in rows if _passes(r, filters)] if filters.active() else rows
        for term in fold(query).split():
            candidates = [r for r in candidates if term in r.search_text]
        if order is None:
            return [r.id for r in candidates]
        if len(candidates) == len(rows):
            return [i for i in order if i in self._pos]
        wanted = {r.id for r in candidates}
        return [i for i in order if i in wanted]


def _passes(r: IndexRow, f: Filters) -> bool:
    return (
        (f.district is None or r.district == f.district)
        and (f.industry is None or r.industry == f.industry)
        and (f.cluster is None or r.cluster == f.cluster)
        and (f.above_scale is None or r.above_scale == f.above_scale)
        and (f.willing is None or r.willing == f.willing)
    )
