"""The ports through which the domain reaches stored data; ``storage/`` implements them.

Kept as Protocols so the domain and its tests never depend on SQLite.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple, Protocol

from diagnosis.enterprise import Enterprise


class IndexRow(NamedTuple):
    """What search and filters need of one live enterprise, held in memory for all of them."""

    id: str
    search_text: str
    district: str | None
    industry: str | None
    cluster: str | None
    above_scale: bool
    willing: bool


class EnterpriseRepository(Protocol):
    def get(self, enterprise_id: str) -> Enterprise | None: ...

    def known(self, enterprise_id: str) -> bool:
        """Whether the id was ever stored, deleted (tombstoned) ones included."""
        ...

    def by_codes(self, codes: Collection[str]) -> dict[str, Enterprise]:
        """Live enterprises whose credit code is among ``codes``, by code."""
        ...

    def save(
        self, inserts: Sequence[Enterprise], updates: Sequence[tuple[str, Mapping[str, object]]]
    ) -> None:
        """Insert and update in one transaction; updates carry only the changed fields."""
        ...

    def delete(self, enterprise_id: str) -> bool:
        """Tombstone the enterprise; False if there was no live one."""
        ...

    def index_rows(self) -> list[IndexRow]:
        """Every live enterprise, ordered by name (pinyin)."""
        ...

    def order(self, column: str, descending: bool) -> list[str]:
        """Ids of live enterprises sorted by a register field (name sorts by pinyin)."""
        ...

    def display_rows(self, ids: Sequence[str]) -> dict[str, Enterprise]: ...

    def count(self) -> int: ...

    def close(self) -> None:
        """Release the connection (a worker's repository, when its job is done)."""
        ...
