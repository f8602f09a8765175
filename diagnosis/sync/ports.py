"""What the app needs of sync, as plain data and a Protocol: the GUI drives a sync and shows
conflicts through this port; storage/sync implements it (docs/sync.md is the wire protocol).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class SyncSummary:
    sent: int  # records pushed
    received: int  # records pulled and applied
    conflicts: int  # open hard conflicts after the sync
    merged: int = 0  # pushed records merged with changes made elsewhere (soft conflicts)
    photos_sent: int = 0
    photos_received: int = 0
    revisions: tuple[str, ...] = ()  # new visit revisions the server made from finalised visits
    rejected: tuple[str, ...] = ()  # "table/id: reason" for each change the server refused
    # Photos (SHA-256 addresses) that did not get through this time; the next sync retries them.
    photos_unsent: tuple[str, ...] = ()  # of findings sent from here, not whole on the server
    photos_missing: tuple[str, ...] = ()  # named by findings here, not downloaded (yet)
    # The server's store went back (restored from a backup): this sync sent it again what it
    # lacked, ``resent`` records (docs/sync.md "Backup and restore").
    server_restored: bool = False
    resent: int = 0


@dataclass(frozen=True)
class ConflictSide:
    value: str  # the field's stored value (JSON text for structured fields)
    by: str
    at: str  # ISO 8601 UTC


@dataclass(frozen=True)
class ConflictView:
    """One field changed on two laptops to different values, for a person to settle."""

    id: str
    table: str  # enterprises, visits, answers, findings
    record_id: str
    field: str
    context: str  # what the record is, for a person: the enterprise, the visit, the question
    base: str | None  # the value both sides started from
    ours: ConflictSide  # the value the record holds now
    theirs: ConflictSide  # the competing value


# Reports (stage, done, total); stage is "push", "pull", "photos". May raise to cancel: a
# cancelled sync leaves the store consistent and the next sync carries on.
Progress = Callable[[str, int, int], None]


class SyncService(Protocol):
    def unsynced(self) -> int:
        """Local changes not yet on the server."""
        ...

    def sync(self, progress: Progress) -> SyncSummary:
        """Push, then pull until nothing is left; raises SyncError with a reason on failure."""
        ...

    def conflicts(self) -> list[ConflictView]: ...

    def resolve(self, conflict_id: str, value: str) -> None:
        """Settle a conflict with ``value`` (one side's, or a third typed by a person): a local
        edit, pushed with the next sync and audited by the server."""
        ...


class SyncError(Exception):
    """A sync that could not run or finish: ``code`` from the server's catalogue (or
    ``network.unreachable``, ``network.interrupted``), ``reason`` for a person."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


class BundleService(Protocol):
    """Sync through files (docs/sync.md, Offline bundle), for a laptop with no network to the
    server: each call opens the store on a connection of its own, so a worker may make it."""

    def export(self, out: Path, token: str) -> dict[str, Any]:
        """Write the request bundle ``out`` (the waiting changes, their photos, ``token``);
        returns what went in: ``changes`` (records), ``photos``, ``batches``, ``path``."""
        ...

    def import_reply(self, path: Path) -> SyncSummary:
        """Apply the reply bundle at ``path`` as a sync would; raises SyncError with a reason
        (not a reply, damaged, already imported, the answer to another request)."""
        ...
