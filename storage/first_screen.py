"""The register's first screen, read on the open check's thread while the app imports Qt.

``main.py`` hands ``read_first_screen`` to the background check (storage.store_file), which
runs it on the connection that has just passed the open check, under the writer's lock; the
register repository (storage.enterprises) takes the result once, for the window's first paint,
instead of reading the same again on the main thread. Most of the read is SQLite's, which runs
without the GIL, so it overlaps with importing Qt rather than delaying the window.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from diagnosis.register.enterprise import Enterprise

# Rows read with the ids: more than any first screen shows (the table fetches 60 at a time).
FIRST_ROWS = 100


class FirstScreen(NamedTuple):
    ids: list[str]  # every live enterprise, in name order
    rows: dict[str, Enterprise]  # the first FIRST_ROWS of them, by id


def read_first_screen(conn: sqlite3.Connection) -> FirstScreen:
    # Imported here, on the check's thread: main.py names this before it imports anything else.
    from storage.enterprises import read_display_rows, read_ids_by_name

    ids = read_ids_by_name(conn)
    return FirstScreen(ids, read_display_rows(conn, ids[:FIRST_ROWS]))
