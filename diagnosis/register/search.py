"""Search as you type over the register, and the derived text that makes it possible.

The index holds one lower-cased haystack per enterprise (name, code, address, contact, pinyin of
the name and its initials), so a keystroke is a substring scan in memory: Chinese substrings of
any length match, and so do "nbyh" or "ningbo" for 宁波银行.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress
from operator import not_
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from diagnosis.ports import IndexRow
from diagnosis.register.enterprise import FIELD_BY_NAME, Enterprise
from diagnosis.register.industry_table import division_of
from diagnosis.register.pinyin import NamePinyin, name_pinyin

if TYPE_CHECKING:
    from diagnosis.register.work_list import WorkList

SEARCH_SOURCES = ("name", "credit_code", "address", "contact_person", "contact_phone")
FACET_FIELDS = ("district", "industry", "cluster", "above_scale", "willing")
# The numeric fields the index keeps (8 bytes a firm each, NaN for none), so that a click on
# their header sorts in memory: reading a column of 300,000 firms from the store took 250 ms of
# the first sort's 400. The facets sort in memory too, but the industry, filed by division.
NUMBERS = ("employees", "output_value", "tax", "land_area", "data_year", "green_stars")
_FACETS_SORTED = ("district", "cluster", "above_scale", "willing")
_BLANKS = frozenset((None, ""))
_SEP = "\x1f"
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


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
    # FACET_FIELDS spelt out (asserted below): a generator over them cost as much as the rest.
    return _SEP.join(
        (
            _facet(e.district),
            _facet(division_of(e.industry)),
            _facet(e.cluster),
            _facet(e.above_scale),
            _facet(e.willing),
        )
    )


assert FACET_FIELDS == ("district", "industry", "cluster", "above_scale", "willing")


def _facet(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


class Filters(NamedTuple):
    district: str | None = None
    industry: str | None = None
    cluster: str | None = None
    above_scale: bool | None = None
    willing: bool | None = None
    work: str | None = None  # a work filter (diagnosis.register.work_list.WORK_FILTERS)

    def active(self) -> bool:
        return self != Filters()


_MemoKey = tuple[tuple[str, ...], "Filters", "Order | None"]
# Remembered answers: at most this many, holding at most this many positions per firm.
_MEMO_ANSWERS, _MEMO_ROWS = 32, 6


class Order:
    """The index's rows in some order (a sorted column), as positions in name order: a search
    in it scans the rows in that order, so its answer comes sorted at no extra cost."""

    __slots__ = ("_ranks", "positions")

    def __init__(self, positions: array[int]) -> None:
        self.positions = positions
        self._ranks: array[int] | None = None

    def pick(self, hits: list[int], size: int) -> array[int]:
        """``hits`` (positions in name order, of an index of ``size`` rows) that this order
        holds, in this order. A search's first term is matched in name order, where the texts
        lie in memory as they are read, and only its hits are put in this order: a sorted
        register's first keystroke was the slowest of all."""
        if len(hits) * 8 < len(self.positions):  # few: sorted by their place in this order
            ranks = self._place(size)
            return array("i", sorted((i for i in hits if ranks[i] >= 0), key=ranks.__getitem__))
        marked = bytearray(size)
        for i in hits:
            marked[i] = 1
        return array("i", [i for i in self.positions if marked[i]])

    def _place(self, size: int) -> array[int]:
        """Each position's place in this order, -1 where it holds none (made once)."""
        if self._ranks is None or len(self._ranks) != size:
            ranks = array("i", [-1]) * size
            for place, position in enumerate(self.positions):
                ranks[position] = place
            self._ranks = ranks
        return self._ranks


class EnterpriseIndex:
    """All live enterprises' search data, column by column; answers a query with ids in the
    requested order.

    Kept lean for 300,000 firms: positions are 4-byte arrays, not lists of int objects; rows
    are read from the cursor straight into the columns (never a list of row tuples)."""

    def __init__(self, rows: Iterable[IndexRow]) -> None:
        ids: list[str] = []
        narrow: list[str] = []
        wide: list[str] = []
        # The packed facets are few distinct strings (district x division x cluster x two
        # flags): each row keeps a 4-byte code of its combination, not a string of its own.
        combos: dict[str, int] = {}
        codes = array("i")
        numbers = [array("d") for _ in NUMBERS]
        nan = math.nan
        # Each haystack in two: ASCII terms (pinyin, codes, phones: most keystrokes) scan the
        # text with every non-ASCII run cut to a separator, a string of one byte a character
        # and twice as fast to scan; other terms scan only the fields that are not all ASCII.
        # Neither can make or lose a match: no term holds the separator (it is whitespace).
        sub, sep = _NON_ASCII.sub, _SEP
        for eid, text, packed, *values in rows:
            ids.append(eid)
            for column, value in zip(numbers, values, strict=True):
                column.append(nan if value is None else value)
            if text.isascii():
                narrow.append(text)
                wide.append("")
            else:
                narrow.append(sub(sep, text))
                wide.append(sep.join([f for f in text.split(sep) if not f.isascii()]))
            codes.append(combos.setdefault(packed, len(combos)))
        self._ids, self._narrow, self._wide, self._codes = ids, narrow, wide, codes
        self._numbers = dict(zip(NUMBERS, numbers, strict=True))
        self._combos = [c.split(_SEP) for c in combos]
        self._memo: dict[_MemoKey, range | array[int]] = {}
        self.work: WorkList | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def set_work(self, work: WorkList | None) -> None:
        """The work list the work filters read (it arrives after the index, and changes with
        every visit written); answers remembered with the old one are forgotten."""
        self.work = work
        self._forget()

    def ids(self) -> list[str]:
        return self._ids

    def default_order(self) -> list[str]:
        return list(self._ids)

    def sorted_by(self, column: str, descending: bool) -> Order | None:
        """Its rows sorted by ``column`` as the store sorts them (positions_sorted), when the
        index holds the column (NUMBERS and most facets); else None: ask the store."""
        if column in self._numbers:
            values: list[Any] = [None if v != v else v for v in self._numbers[column]]
        elif column in _FACETS_SORTED:
            k = FACET_FIELDS.index(column)
            per_combo = [combo[k] for combo in self._combos]
            values = [per_combo[code] for code in self._codes]
        else:
            return None
        yes_no = FIELD_BY_NAME[column].kind == "bool"
        return Order(positions_sorted(values, descending, blanks_last=not yes_no))

    def order_of(self, ids: Iterable[str]) -> Order:
        """``ids`` as an order over this index; ids it does not hold are dropped."""
        where = dict(zip(self._ids, range(len(self._ids)), strict=True))
        found = map(where.get, ids)
        return Order(array("i", [p for p in found if p is not None]))

    def order_from(self, positions: array[int], live: int) -> Order | None:
        """An order the store computed as positions in name order, if the store held exactly
        the enterprises this index did (``live`` of them): else None, and the caller asks for
        the order by ids."""
        if live != len(self._ids) or len(positions) != live:
            return None
        return Order(positions)

    def search(
        self, query: str, filters: Filters, order: Order | Sequence[str] | None = None
    ) -> list[str]:
        """Ids matching every term of ``query`` and every filter, in ``order`` (default: name)."""
        return list(self.found(query, filters, order))

    def found(
        self, query: str, filters: Filters, order: Order | Sequence[str] | None = None
    ) -> Found:
        """``search``'s answer as a view over the index, for a list of 300,000 rows that is
        read a screenful at a time: no list of ids made at every keystroke."""
        if order is not None and not isinstance(order, Order):
            order = self.order_of(order)
        return Found(self._ids, self._narrowed(fold(query).split(), filters, order))

    def _narrowed(
        self, terms: list[str], filters: Filters, order: Order | None
    ) -> range | array[int]:
        """Positions matching ``terms`` and ``filters``, in ``order``. Typing mostly extends
        the last query, so start from the last answer when it is a prefix of this one (and
        backspace finds the shorter query's answer still remembered)."""
        key = (tuple(terms), filters, order)
        if key in self._memo:
            return self._memo[key]
        base: range | array[int] = range(len(self._ids)) if order is None else order.positions
        done: tuple[str, ...] | None = None  # the remembered query we start from, if any
        for (old_terms, old_filters, old_order), found in self._memo.items():
            if (
                old_filters == filters
                and old_order is order
                and _extends(terms, old_terms)
                and (done is None or len(old_terms) >= len(done))
            ):
                base, done = found, old_terms
        candidates: range | array[int] = base
        if done is None and filters.active():
            candidates = self._filtered(base, filters)
        for position, term in enumerate(terms):
            if done is not None and position < len(done) and done[position] == term:
                continue
            texts = self._narrow if term.isascii() else self._wide
            if isinstance(candidates, range):
                kept = array("i", [i for i, text in enumerate(texts) if term in text])
            elif order is not None and candidates is order.positions:
                hits = [i for i, text in enumerate(texts) if term in text]
                kept = order.pick(hits, len(texts))
            else:
                kept = array("i", [i for i in candidates if term in texts[i]])
            # A narrower query that keeps every row (9, 91, 913... in the credit codes) is
            # the same answer: share it rather than hold a copy.
            if len(kept) != len(candidates):
                candidates = kept
        self._remember(key, candidates)
        return candidates

    def _filtered(self, candidates: range | array[int], filters: Filters) -> array[int]:
        wanted = _wanted(filters)
        kept: list[int] | range | array[int] = candidates
        if wanted:
            ok = bytearray(all(c[k] == v for k, v in wanted) for c in self._combos)
            codes = self._codes
            kept = [i for i in kept if ok[codes[i]]]
        if filters.work is not None:
            # Until the work list has loaded, a work filter keeps nobody rather than
            # everybody: the list fills in when it arrives.
            work, ids, name = self.work, self._ids, filters.work
            kept = [i for i in kept if work.keeps(name, ids[i])] if work is not None else []
        return array("i", kept)

    def _remember(self, key: _MemoKey, found: range | array[int]) -> None:
        # Bounded by the positions held, not only by count: at 300,000 firms the answer to a
        # one-letter query is a megabyte. The oldest answers go first.
        self._memo[key] = found
        while len(self._memo) > 1 and (
            len(self._memo) > _MEMO_ANSWERS or self._held() > _MEMO_ROWS * max(len(self._ids), 1)
        ):
            del self._memo[next(iter(self._memo))]

    def _held(self) -> int:
        """Positions the remembered answers hold (a shared answer, or an order's own
        positions, counted once or not at all)."""
        orders = {id(k[2].positions) for k in self._memo if k[2] is not None}
        own = {id(v): v for v in self._memo.values() if isinstance(v, array)}
        return sum(len(v) for i, v in own.items() if i not in orders)

    def _forget(self) -> None:
        self._memo.clear()


class Found(Sequence[str]):
    """The ids of a search's answer, read through its positions only as they are asked for."""

    __slots__ = ("_ids", "_positions")

    def __init__(self, ids: list[str], positions: range | array[int]) -> None:
        self._ids = ids
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, row: int) -> str: ...

    @overload
    def __getitem__(self, row: slice) -> list[str]: ...

    def __getitem__(self, row: int | slice) -> str | list[str]:
        if isinstance(row, slice):
            return list(map(self._ids.__getitem__, self._positions[row]))
        return self._ids[self._positions[row]]

    def __iter__(self) -> Iterator[str]:
        return map(self._ids.__getitem__, self._positions)

    def index(self, value: object, start: int = 0, stop: int | None = None) -> int:
        """The row of id ``value``; ValueError if the answer does not hold it."""
        row = self._positions.index(self._ids.index(value))  # type: ignore[arg-type]
        if not start <= row < (len(self._positions) if stop is None else stop):
            raise ValueError(value)
        return row


def positions_sorted(values: list[Any], descending: bool, blanks_last: bool) -> array[int]:
    """Positions (of ``values``, in name order) sorted as the store's SQL sorts: by value either
    way, equal values in name order (the sort is stable, reversed or not), and empty values
    (None, '') last in name order unless ``blanks_last`` is off (a yes/no column)."""
    n = len(values)
    blank = list(map(_BLANKS.__contains__, values)) if blanks_last else [False] * n
    kept = list(compress(range(n), map(not_, blank)))
    try:
        kept.sort(key=values.__getitem__, reverse=descending)
    except TypeError:  # a column holding numbers and text: SQLite puts numbers first
        kept = sorted(
            compress(range(n), map(not_, blank)),
            key=lambda p: _sql_key(values[p]),
            reverse=descending,
        )
    out = array("i", kept)
    out.extend(compress(range(n), blank))
    return out


def _sql_key(value: object) -> tuple[int, Any]:
    return (0 if isinstance(value, int | float) else 1 if isinstance(value, str) else 2, value)


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
