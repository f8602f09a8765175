"""Run slow work (imports, big queries) on a thread pool and report back by signal.

A worker never touches widgets; it gets what it needs (a service factory, a path) up front and
hands its result to the UI thread through a queued signal.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside a job by ``WorkerSignals.check`` when the user asked to stop."""


class WorkerSignals(QObject):
    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        """Progress callback for domain code; also the point where a cancel takes effect."""
        if self._cancel.is_set():
            raise Cancelled()
        self.progressed.emit(done, total)


class Worker(QRunnable):
    def __init__(self, job: Callable[[WorkerSignals], Any]) -> None:
        super().__init__()
        self.job = job
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self.job(self.signals)
        except BaseException as exc:  # every failure reaches the UI, none kills the thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


def start(
    job: Callable[[WorkerSignals], Any],
    *,
    succeeded: Callable[[Any], object] | None = None,
    failed: Callable[[BaseException], object] | None = None,
    progressed: Callable[[int, int], object] | None = None,
    finished: Callable[[], object] | None = None,
    pool: QThreadPool | None = None,
) -> WorkerSignals:
    """Run ``job`` on the pool. The slots are connected before it starts: a quick job could
    otherwise finish before anyone listens, and its result would be lost."""
    worker = Worker(job)
    worker.setAutoDelete(True)
    signals = worker.signals
    for signal, slot in (
        (signals.succeeded, succeeded),
        (signals.failed, failed),
        (signals.progressed, progressed),
        (signals.finished, finished),
    ):
        if slot is not None:
            signal.connect(slot)
    (pool or QThreadPool.globalInstance()).start(worker)
    return signals
