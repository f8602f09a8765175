"""The ports through which the domain reaches stored data; ``storage/`` implements them.

Kept as Protocols so the domain and its tests never depend on SQLite.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from diagnosis.register.enterprise import Enterprise

if TYPE_CHECKING:
    from array import array

    from diagnosis.visits.document import Document, Finding
    from diagnosis.visits.experts import Expert

# What search, filters and sorting need of one live enterprise: (id, search text, facets, then
# the numeric fields of diagnosis.register.search.NUMBERS in that order). Plain tuples, straight
# from the database cursor: 20,000 of them load in about 25 ms.
IndexRow = tuple[str, str, str, *tuple[float | None, ...]]


class EnterpriseRepository(Protocol):
    def get(self, enterprise_id: str) -> Enterprise | None: ...

    def known(self, enterprise_id: str) -> bool:
        """Whether the id was ever stored, deleted (tombstoned) ones included."""
        ...

    def by_codes(self, codes: Collection[str]) -> dict[str, Enterprise]:
        """Live enterprises whose credit code is among ``codes``, by code."""
        ...

    def save(
        self,
        inserts: Sequence[Enterprise],
        updates: Sequence[tuple[Enterprise, Mapping[str, object]]],
    ) -> None:
        """Insert and update in one transaction. An update is the record as it now stands and
        the fields that changed: only those are written (plus what derives from them)."""
        ...

    def delete(self, enterprise_id: str) -> bool:
        """Tombstone the enterprise; False if there was no live one."""
        ...

    def index_rows(self) -> Iterable[IndexRow]:
        """Every live enterprise, ordered by name (pinyin), with its derived search columns."""
        ...

    def ids_by_name(self) -> list[str]:
        """Ids of live enterprises in name (pinyin) order: what a first screen needs."""
        ...

    def order(self, column: str, descending: bool) -> list[str]:
        """Ids of live enterprises sorted by a register field (name sorts by pinyin)."""
        ...

    def sort_positions(self, column: str, descending: bool) -> tuple[int, array[int]]:
        """``order`` as positions in ``index_rows``' order, with the count of live enterprises
        it was computed over."""
        ...

    def display_rows(self, ids: Sequence[str]) -> dict[str, Enterprise]: ...

    def count(self) -> int: ...

    def close(self) -> None:
        """Release the connection (a worker's repository, when its job is done)."""
        ...


class VisitSummary(NamedTuple):
    """A line of the visit list."""

    id: str
    enterprise_id: str
    enterprise_code: str
    enterprise_name: str
    date: str
    status: str
    revision: int


class VisitRepository(Protocol):
    def list(self, enterprise_id: str | None = None) -> list[VisitSummary]:
        """Live visits, newest first; of one enterprise when given."""
        ...

    def load(self, visit_id: str) -> Document | None:
        """The whole visit as a document (the enterprise as the register holds it)."""
        ...

    def save(self, doc: Document, *, new_enterprise: bool = False) -> None:
        """Write the visit, its answers and findings in one transaction; the enterprise must
        already be in the register, or with ``new_enterprise`` is added in that transaction."""
        ...

    def finding_owners(self, finding_ids: Sequence[str]) -> dict[str, str]:
        """The visit each of these finding ids already belongs to, where one does."""
        ...

    def header(self, visit_id: str) -> tuple[str, Mapping[str, str]] | None:
        """(status, checklist versions by area) of a live visit: what saving an answer needs."""
        ...

    def save_answer(self, visit_id: str, area: str, item: str, value: object) -> None:
        """One answer, in one small transaction (None removes it)."""
        ...

    def set_status(
        self, visit_id: str, status: str, *, tables: Mapping[str, str] | None = None
    ) -> None:
        """The visit's status (and, given, the reference-table versions it is pinned to)."""
        ...

    def save_notes(self, visit_id: str, notes: Mapping[str, Mapping[str, str]]) -> None:
        """The visit's notes on items, all of them, in one small transaction."""
        ...

    def save_header(
        self,
        visit_id: str,
        when: str,
        team: Sequence[str],
        organisation: str,
        experts: Sequence[Expert],
    ) -> None:
        """The visit's date, team, organisation and the members' specialties and
        organisations (the same names in the same order), in one small transaction."""
        ...

    def save_finding(self, visit_id: str, finding: Finding) -> None:
        """One finding of the visit, new or changed (a deleted one given again lives again)."""
        ...

    def delete_finding(self, finding_id: str) -> None:
        """Tombstone one finding (it syncs as deleted; nothing is removed)."""
        ...


class PhotoRepository(Protocol):
    def add(self, path: Path) -> str:
        """Store the picture at ``path`` (downscaled) and return its SHA-256; refuses a file
        over the size limit or not a picture with a DomainError naming it."""
        ...

    def has(self, sha256: str) -> bool: ...
