"""The server's requests in flight, so that its background work gives way to laptops.

After a start, the office mirror catches up with the whole store (storage.sync.server_office):
minutes of Python at a city's year of data, in the server's own process. Run beside a laptop's
first sync, it took the interpreter from the requests turn about and doubled that sync's time.
The catch-up now goes a few pages at a time, each only once the server has answered nothing for
a moment (``wait_idle``); a request for the office figures still catches up at once, itself.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

# Quiet this long after the last answer: a laptop asks its next page well within it, even
# when applying the last one took long (a page of complete visits, a checkpoint).
QUIET = 1.0
_POLL = 0.05

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
Asgi = Callable[[Scope, Receive, Send], Awaitable[None]]


class Activity:
    """How many requests are being answered, and since when none is."""

    def __init__(self, quiet: float = QUIET) -> None:
        self.quiet = quiet
        self._lock = threading.Lock()
        self._running = 0
        self._last_end = 0.0

    def begin(self) -> None:
        with self._lock:
            self._running += 1

    def end(self) -> None:
        with self._lock:
            self._running -= 1
            self._last_end = time.monotonic()

    def idle(self) -> bool:
        with self._lock:
            return self._running == 0 and time.monotonic() - self._last_end >= self.quiet

    def wait_idle(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Return once no request has run for ``quiet`` seconds (or ``stop`` says so)."""
        while not self.idle() and not stop():
            time.sleep(_POLL)


class CountRequests:
    """ASGI middleware: every HTTP request counted in ``activity`` while it runs."""

    def __init__(self, app: Asgi, activity: Activity) -> None:
        self.app = app
        self.activity = activity

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.activity.begin()
        try:
            await self.app(scope, receive, send)
        finally:
            self.activity.end()
