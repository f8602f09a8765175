"""The office figures of the central store (docs/sync.md "Office figures"), for office accounts.

The figures are computed where they already are, by ``diagnosis.office.service.OfficeService`` over
a
desktop store: the *office mirror*, ``<stem>.office.sqlite`` beside the server store, which pulls
the server's records in-process exactly as an office laptop's sync applies them, so both see the
same figures. The mirror is derived data: it never writes the server store, may be deleted at any
time, and is rebuilt when it is damaged or unusable. No figure rules here, no HTTP.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from diagnosis.messages import Message
from diagnosis.office.figures import OfficeFilter
from diagnosis.office.service import OfficeService
from diagnosis.register.reference_data import register_reference
from pydantic import BaseModel, ConfigDict, Field

from storage.database import Store, StoreError
from storage.office import SqliteOfficeRepository
from storage.store_lock import StoreLock
from storage.sync.client_meta import SERVER, get_json, get_since, put_json
from storage.sync.client_pull import PullTally, apply_pull_page
from storage.sync.client_rows import pull_durability
from storage.sync.errors import SyncRefusal
from storage.sync.server_activity import Activity
from storage.sync.server_db import ServerStore, User
from storage.sync.server_pull import MAX_LIMIT

MIRROR_USER: Final = "office-mirror"
# The mirror pulls as an office account does: every record, with its open conflicts.
_OFFICE: Final = User(MIRROR_USER, "office", ())
_log = logging.getLogger(__name__)
_MIRROR_WAIT = 3600.0
# Pages the background catch-up applies between two looks at the server's requests: one, a
# tenth of a second or so, so a laptop that starts to sync then waits no longer than that.
_TURN = 1
# The writer lock is shared within a process (storage.store_lock), so the mirrors of one file
# in this process also take turns on a lock of their own.
_mirror_locks: dict[str, threading.Lock] = {}
_mirror_locks_guard = threading.Lock()


def _in_process(path: Path) -> threading.Lock:
    with _mirror_locks_guard:
        return _mirror_locks.setdefault(str(path.resolve()), threading.Lock())


def mirror_path(store_path: Path) -> Path:
    """``/srv/central.sqlite`` -> ``/srv/central.office.sqlite``."""
    return store_path.with_name(f"{store_path.stem}.office.sqlite")


def office_filter(year: int | None, district: str | None) -> OfficeFilter:
    """The figures' filter from a request; a district by code or name, as ``stats`` takes it."""
    code = None
    if district is not None:
        item = register_reference().districts.lookup(district)
        if item is None:
            raise SyncRefusal("district.unknown", f"district: {district}", f"区县：{district}")
        code = item.code
    return OfficeFilter(year=year, district=code)


class OfficeMirror:
    """The office figures of ``server``, through its mirror at ``path``.

    One lock around each use: the HTTP server answers on a thread pool, and the mirror has one
    writer (its catch-up and the facts' refresh). Each use opens the mirror and closes it again,
    so nothing stays open between requests; only the first open in a process checks the file.
    """

    def __init__(
        self, server: ServerStore, path: Path | None = None, page: int = MAX_LIMIT
    ) -> None:
        self.server = server
        self.path = path or mirror_path(server.path)
        self.page = page
        self._lock = _in_process(self.path)
        self._checked = False

    def warm(self, activity: Activity | None = None) -> None:
        """Catch up now, so the first office request after a start does not wait for a pull of
        the whole store (as long as a laptop's first sync). For a background thread: a failure
        is logged, and the next request tries again. ``activity``: the server's requests, to
        which it gives way: a few pages at a time, each once the server is idle (a request
        for the figures meanwhile takes the mirror between two turns and catches up itself)."""
        try:
            more = True
            while more:
                if activity is not None:
                    activity.wait_idle()
                with self._opened() as store:
                    more = self._catch_up(store, pages=None if activity is None else _TURN)
        except Exception:
            _log.exception("the office mirror %s could not catch up", self.path)

    def stats(self, f: OfficeFilter) -> dict[str, Any]:
        """What ``python main.py stats --json`` prints for the server's records."""
        with self.service() as office:
            return office.to_dict(office.figures(f))

    @contextmanager
    def service(self) -> Iterator[OfficeService]:
        """The office service over the mirror, caught up with the server; holds the lock."""
        with self._opened() as store:
            self._catch_up(store)
            yield OfficeService(SqliteOfficeRepository(store))

    @contextmanager
    def _opened(self) -> Iterator[Store]:
        """The mirror, open and held by this process until the block ends."""
        # One process at a time uses the mirror: the server and ``stats --store`` beside it would
        # otherwise both create a new mirror at once, and one would fail (or rebuild the
        # other's). Its writer lock (beside it) says so; the catch-up can take minutes.
        with self._lock, StoreLock(self.path, MIRROR_USER).acquire(wait=_MIRROR_WAIT):
            store = self._open()
            try:
                yield store
            except sqlite3.DatabaseError as exc:
                if not isinstance(exc, sqlite3.OperationalError):  # not "locked" or "busy"
                    self._checked = False  # damaged since it was opened: checked next time
                raise
            finally:
                store.close()

    def _open(self) -> Store:
        try:
            # Plain: it holds nothing the server store (itself plain, README) does not.
            store = Store(self.path, user=MIRROR_USER, verify=not self._checked, encrypted=False)
        except StoreError as exc:
            # A laptop's store is refused untouched when damaged or newer, since it may hold
            # the only copy of someone's work; the mirror holds nothing the server lacks, so it
            # is thrown away and pulled again.
            _log.warning("rebuilding the office mirror %s: %s", self.path, exc)
            store = self._fresh()
        self._checked = True
        if get_since(store.conn) > self.server.seq():
            # The server store went back (restored from a backup): the mirror may hold records
            # the server no longer has.
            _log.warning("rebuilding the office mirror %s: the server store is older", self.path)
            store.close()
            store = self._fresh()
        # Built from another store or generation (a restore that has since taken new pushes
        # past the mirror's position), or before the mirror noted which: pulled again whole.
        identity = self.server.identity()
        source = {"id": identity.store_id, "generation": identity.generation}
        built = get_json(store.conn, SERVER, None)
        if built != source and (built is not None or get_since(store.conn) > 0):
            _log.warning(
                "rebuilding the office mirror %s: built from %s, the server store is %s",
                self.path,
                built,
                source,
            )
            store.close()
            store = self._fresh()
        if built != source:
            with store.transaction():
                put_json(store.conn, SERVER, source)
        return store

    def _fresh(self) -> Store:
        for name in (self.path.name, f"{self.path.name}-wal", f"{self.path.name}-shm"):
            # A stale -wal beside a new file would be replayed into it: all three go.
            self.path.with_name(name).unlink(missing_ok=True)
        return Store(self.path, user=MIRROR_USER, verify=False, encrypted=False)

    def _catch_up(self, store: Store, pages: int | None = None) -> bool:
        """Pull what the server has past the mirror's position, or ``pages`` pages of it; True
        if more is left. Each page commits with its position, as in ``SyncClient``: a catch-up
        cut short resumes there."""
        conn = store.conn
        tally = PullTally()
        since = get_since(conn)
        with pull_durability(conn):
            more = self._pages(store, since, tally, pages)
        if tally.skipped:
            # An office laptop reports these in its sync summary; here only the log can.
            shown = "; ".join(tally.skipped[:5])
            _log.warning("office mirror: %d records not applied: %s", len(tally.skipped), shown)
        return more

    def _pages(self, store: Store, since: int, tally: PullTally, pages: int | None) -> bool:
        # No other process moves the mirror meanwhile: the caller holds its lock file.
        more, done = True, 0
        while more and (pages is None or done < pages):
            page = self.server.pull(_OFFICE, since, self.page)
            more = apply_pull_page(store, page, since, tally)
            since = int(page["next"])
            done += 1
        return more


@contextmanager
def server_office(store_path: Path) -> Iterator[OfficeService]:
    """For the command line: the office service of the server store at ``store_path``."""
    if not store_path.is_file():
        detail = {"path": str(store_path), "detail": "没有中央存储库 / no central store there"}
        raise StoreError(Message("store.unopenable", detail))
    with ServerStore(store_path) as server, OfficeMirror(server).service() as office:
        yield office


# --- the answer's shape, for the OpenAPI contract only -------------------------------------------
# docs/office.md "stats --json" lists every key; the ones below are those clients rely on. The
# handler sends OfficeService.to_dict as it is, never through these models.


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class StatsEnterprises(_Open):
    total: int
    above_scale: int
    willing_above_scale: int
    diagnosed: int
    diagnosed_above_scale: int
    diagnosed_willing_above_scale: int
    never_visited: int


class StatsSums(_Open):
    count: int
    investment_10k_yuan: float = Field(description="万元 / 10k yuan")
    money_saved_yuan: float = Field(description="元/年 / yuan a year")
    tce: float
    co2_t: float
    water_m3: float


class StatsMeasures(_Open):
    accepted: StatsSums


class StatsCoverage(_Open):
    key: str | None
    enterprises: int
    above_scale: int
    willing_above_scale: int
    diagnosed: int
    share: float | None


class OfficeStats(_Open):
    """The office figures, as ``python main.py stats --json`` prints them (docs/office.md)."""

    filter: dict[str, Any]
    enterprises: StatsEnterprises
    coverage: dict[str, list[StatsCoverage]] = Field(
        description="By district, industry, cluster and year"
    )
    measures: StatsMeasures
