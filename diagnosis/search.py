"""Search as you type over the register, and the derived text that makes it possible.

The index holds one lower-cased haystack per enterprise (name, code, address, contact, pinyin of
the name and its initials), so a keystroke is a substring scan in memory: Chinese substrings of
any length match, and so do "nbyh" or "ningbo" for 宁波银行.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from diagnosis.enterprise import Enterprise
from diagnosis.industry_table import division_of
from diagnosis.pinyin import NamePinyin, name_pinyin
from diagnosis.ports import IndexRow

if TYPE_CHECKING:
    from diagnosis.work_list import WorkList

SEARCH_SOURCES = ("name", "credit_code", "address", "contact_person", "contact_phone")
FACET_FIELDS = ("district", "industry", "cluster", "above_scale", "willing")
_SEP = "\x1f"


def fold(text: str) -> str:
    """Full-width to half-width and lower case, the same on both sides of a match."""
    return unicodedata.normalize("NFKC", text).casefold()


def search_text(e: Enterprise, py: NamePinyin | None = None) -> str:
    py = py or name_pinyin(e.name)
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


def sort_name(e: Enterprise, py: NamePinyin | None = None) -> str:
    return (py or name_pinyin(e.name)).full + _SEP + e.name


def derived_columns(e: Enterprise) -> dict[str, str]:
    """The stored columns computed from the fields, for search, sorting and filters."""
    py = name_pinyin(e.name)  # once: it is most of the cost of saving a record
    return {"search_text": search_text(e, py), "sort_name": sort_name(e, py), "facets": facets(e)}


def facets(e: Enterprise) -> str:
    """The filterable fields packed in one column: one cell to load per row, not five. The
    industry filter is by division, so a class (3484) is filed under its division (34)."""
    return _SEP.join(
        _facet(division_of(e.industry) if name == "industry" else getattr(e, name))
        for name in FACET_FIELDS
    )


def _facet(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Filters:
    district: str | None = None
    industry: str | None = None
    cluster: str | None = None
    above_scale: bool | None = None
    willing: bool | None = None
    work: str | None = None  # a work filter (diagnosis.work_list.WORK_FILTERS)

    def active(self) -> bool:
        return self != Filters()


class EnterpriseIndex:
    """All live enterprises' search data, column by column; answers a query with ids in the
    requested order. Facets are unpacked only when a filter is first used."""

    def __init__(self, rows: Sequence[IndexRow]) -> None:
        self._ids = [r[0] for r in rows]
        self._texts = [r[1] for r in rows]
        self._packed = [r[2] for r in rows]
        self._facets: list[list[str]] | None = None
        self._known = set(self._ids)
        self._memo: dict[tuple[tuple[str, ...], Filters], range | list[int]] = {}
        self.work: WorkList | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def set_work(self, work: WorkList | None) -> None:
        """The work list the work filters read (it arrives after the index, and changes with
        every visit written); answers remembered with the old one are forgotten."""
        self.work = work
        self._memo.clear()

    def ids(self) -> list[str]:
        return self._ids

    def default_order(self) -> list[str]:
        return list(self._ids)

    def search(self, query: str, filters: Filters, order: Sequence[str] | None = None) -> list[str]:
        """Ids matching every term of ``query`` and every filter, in ``order`` (default: name)."""
        terms = fold(query).split()
        candidates = self._narrowed(terms, filters)
        if isinstance(candidates, range):  # no query, no filter: everyone
            return list(self._ids) if order is None else [i for i in order if i in self._known]
        ids = [self._ids[i] for i in candidates]
        if order is None:
            return ids
        keep = set(ids)
        return [i for i in order if i in keep]

    def _narrowed(self, terms: list[str], filters: Filters) -> range | list[int]:
        """Positions matching ``terms`` and ``filters``. Typing mostly extends the last query,
        so start from the last answer when it is a prefix of this one (and backspace finds the
        shorter query's answer still remembered)."""
        key = (tuple(terms), filters)
        if key in self._memo:
            return self._memo[key]
        base: range | list[int] = range(len(self._ids))
        done: tuple[str, ...] | None = None  # the remembered query we start from, if any
        for (old_terms, old_filters), found in self._memo.items():
            if (
                old_filters == filters
                and _extends(terms, old_terms)
                and (done is None or len(old_terms) >= len(done))
            ):
                base, done = found, old_terms
        candidates = base
        if done is None and filters.active():
            wanted = _wanted(filters)
            facets = self._unpacked()
            candidates = [i for i in candidates if all(facets[i][k] == v for k, v in wanted)]
            if filters.work is not None:
                # Until the work list has loaded, a work filter keeps nobody rather than
                # everybody: the list fills in when it arrives.
                work, ids, name = self.work, self._ids, filters.work
                candidates = (
                    [i for i in candidates if work.keeps(name, ids[i])] if work is not None else []
                )
        texts = self._texts
        for position, term in enumerate(terms):
            if done is not None and position < len(done) and done[position] == term:
                continue
            candidates = [i for i in candidates if term in texts[i]]
        if len(self._memo) > 32:
            self._memo.clear()
        self._memo[key] = candidates
        return candidates

    def _unpacked(self) -> list[list[str]]:
        if self._facets is None:
            self._facets = [p.split(_SEP) for p in self._packed]
        return self._facets


def _extends(terms: list[str], old: tuple[str, ...]) -> bool:
    """Whether every match of ``terms`` is also a match of ``old`` (term by term containment)."""
    if len(old) > len(terms):
        return False
    return all(o in t for o, t in zip(old, terms, strict=False))


def _wanted(f: Filters) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for position, name in enumerate(FACET_FIELDS):
        value = getattr(f, name)
        if value is not None:
            out.append((position, _facet(value)))
    return out
