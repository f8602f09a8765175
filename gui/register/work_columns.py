"""The register's work-list columns (last visit, its status, open follow-ups, measures accepted):
their texts, their sort order, and the loader that reads the work list off the UI thread.

The work list (``diagnosis.register.work_list``) comes from one query over the office facts, which
may
first bring a few visits' facts up to date; it runs on a thread with its own connection after
the first paint and after every write, and the model takes it when it arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from diagnosis.messages import Lang
from diagnosis.register.enterprise import FIELDS
from diagnosis.register.work_list import WORDS, WORK_COLUMNS, WorkList, WorkRow, word
from PySide6.QtCore import QObject, Signal

FIRST_WORK_COLUMN = len(FIELDS)  # the work columns follow the register's fields
NUMERIC = (False, False, True, True)
# Visit statuses by how much they ask of the team, for sorting by status.
_STATUS_RANK = {"draft": 0, "revision": 1, "follow_up": 2, "finalised": 3}


def header(column: int, lang: Lang) -> str:
    return word(WORK_COLUMNS[column], lang)


def texts(row: WorkRow | None, lang: Lang) -> list[str]:
    """The four cells of a firm; blank for a firm never visited (or before the list loads)."""
    if row is None:
        return ["", "", "", ""]
    status = word(row.last_status, lang) if row.last_status in WORDS else row.last_status
    return [
        row.last_date,
        status,
        str(row.open_follow_ups) if row.open_follow_ups else "",
        str(row.accepted) if row.accepted else "",
    ]


def order(ids: Sequence[str], work: WorkList | None, column: int, descending: bool) -> list[str]:
    """``ids`` (in name order) sorted by work column ``column``; firms without a value last,
    in name order, whichever way the column is sorted (as the register's own columns do)."""
    name = WORK_COLUMNS[column]
    rows = work.rows if work is not None else {}
    keyed: list[tuple[object, str]] = []
    rest: list[str] = []
    for i in ids:
        row = rows.get(i)
        key = None if row is None else _key(row, name)
        if key is None:
            rest.append(i)
        else:
            keyed.append((key, i))
    # Python's sort is stable both ways: equal keys keep the name order.
    keyed.sort(key=lambda pair: pair[0], reverse=descending)  # type: ignore[arg-type,return-value]
    return [i for _key_, i in keyed] + rest


def _key(row: WorkRow, name: str) -> object:
    if name == "last_date":
        return row.last_date or None
    if name == "last_status":
        return _STATUS_RANK.get(row.last_status, 9)
    value = row.open_follow_ups if name == "open_follow_ups" else row.accepted
    return value or None


class WorkLoader(QObject):
    """Loads the work list on the thread pool (gui.workers, as every slow job of the app);
    ``loaded`` in the UI thread with each new list. A load asked for while one runs starts when
    it ends (so the newest writes are always read)."""

    loaded = Signal(object)  # WorkList
    failed = Signal(str)

    def __init__(self, load: Callable[[], WorkList | None]) -> None:
        super().__init__()
        self._load = load
        self._running = False
        self._again = False

    def load(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        from gui import workers  # loaded after the first paint, as every worker is

        # The pool's worker keeps its own signals object alive while it runs, and its queued
        # signals reach this loader in the UI thread, or nobody if it has gone meanwhile.
        workers.start(
            lambda _signals: self._load(),
            succeeded=self._on_loaded,
            failed=self._on_failed,
        )

    def _on_loaded(self, work: WorkList | None) -> None:
        self._running = False
        if work is not None:
            self.loaded.emit(work)
        self._next()

    def _on_failed(self, exc: BaseException) -> None:
        # A locked or vanished store: said in the status bar.
        self._running = False
        self.failed.emit(f"{type(exc).__name__}: {exc}")
        self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            self.load()

    def busy(self) -> bool:
        return self._running
