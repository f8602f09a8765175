"""Scale figures (issue 20): search and sort over a 300,000-firm register.

The keystrokes are the default ``search_keystroke`` sequence (benchmarks.register), typed into
the real window over a copy of the cached register, with no sort and with a column sort; the
first sort click on a fresh window; and the memory the loaded register costs per firm.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Result, by_value, demo_store, printed

# The column a sorted search is typed under: many ties and empty values, the hard case.
_SORTED = ("employees", True)
_SORT_COLUMNS = ("employees", "district", "address", "output_value", "name")


def register_copy(work: Path) -> Path:
    """A copy of the cached 300,000-firm register (the app migrates what it opens: never the
    shared file), or one built here while the cache is not available."""
    from storage.store_file import copy_store

    target = work / "scale-register.sqlite"
    if target.exists():
        return target
    from benchmarks import scale_store

    try:
        source = scale_store.register_store()
    except NotImplementedError:
        source = demo_store(work / "scale-register-built.sqlite", scale_store.REGISTER_FIRMS)
    copy_store(source, target)
    return target


def _window(path: Path, work: Path) -> tuple[Any, Any]:
    """The register's window over ``path``, its search index loaded; and its store (the
    integrity check at open is issue 20's item 1, not measured here)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    import services
    from gui.register.main_window import MainWindow
    from storage.database import Store

    app = QApplication.instance() or QApplication([])
    settings = work / "scale-search.ini"
    settings.unlink(missing_ok=True)  # no sort or layout kept from an earlier window
    store = services.open_store(path, verify=False)
    window = MainWindow(
        services.register_service(store),
        lambda: services.register_service(Store(path, verify=False)),
        QSettings(str(settings), QSettings.Format.IniFormat),
        "zh",
        str(path),
    )
    window.show()
    app.processEvents()
    window.model.set_query("x")  # the index loaded before anything is timed
    window.model.set_query("")
    app.processEvents()
    return window, store


def _strokes(edit: Any) -> list[float]:
    """The default benchmark's 96 keystrokes, each timed to the repainted table."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    times: list[float] = []

    def timed(action: Callable[[], object]) -> None:
        start = time.perf_counter()
        action()
        app.processEvents()
        times.append(time.perf_counter() - start)

    def commit(text: str) -> None:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)

    def key(k: Qt.Key) -> Callable[[], None]:
        return lambda: QTest.keyClick(edit, k)

    for _round in range(3):
        for letter in "BEILUN":
            timed(key(getattr(Qt.Key, f"Key_{letter}")))
        for _ in range(6):
            timed(key(Qt.Key.Key_Backspace))
        for text in ("北", "仑", " ", "机", "械"):
            timed(lambda t=text: commit(t))  # type: ignore[misc]
        for _ in range(5):
            timed(key(Qt.Key.Key_Backspace))
        for digit in "91330212":
            timed(key(getattr(Qt.Key, f"Key_{digit}")))
        for _ in range(8):
            timed(key(Qt.Key.Key_Backspace))
    return times


def _p90(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=10)[-1]


def _keystrokes(work: Path, sort: tuple[str, bool] | None, name: str) -> list[Result]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    from diagnosis.register.enterprise import FIELDS

    path = register_copy(work)
    app = QApplication.instance() or QApplication([])
    warm = QLineEdit()  # the first widget of a process pays for fonts and caches
    warm.show()
    _strokes(warm)
    warm.close()
    window, store = _window(path, work)
    if sort is not None:
        column = [f.name for f in FIELDS].index(sort[0])
        order = Qt.SortOrder.DescendingOrder if sort[1] else Qt.SortOrder.AscendingOrder
        window.table.sortByColumn(column, order)
        app.processEvents()
    ours = _strokes(window.search)
    firms = window.model.total()
    window.close()
    store.close()
    bare_edit = QLineEdit()
    bare_edit.show()
    app.processEvents()
    bare = _strokes(bare_edit)
    bare_edit.close()
    sorted_note = (
        f", sorted by {sort[0]} {'descending' if sort[1] else 'ascending'}" if sort else ""
    )
    note = (
        f"{len(ours)} keystrokes (the default figure's sequence) over {firms:,} firms"
        f"{sorted_note}; baseline: a bare QLineEdit"
    )
    return [
        by_value(
            name, statistics.median(ours) * 1000, statistics.median(bare) * 1000, "ms", 16.0, note
        ),
        by_value(
            f"{name}_p90", _p90(ours) * 1000, _p90(bare) * 1000, "ms", 33.0, "90th percentile"
        ),
    ]


def scale_keystroke(work: Path) -> list[Result]:
    return _keystrokes(work, None, "scale_keystroke")


def scale_keystroke_sorted(work: Path) -> list[Result]:
    return _keystrokes(work, _SORTED, "scale_keystroke_sorted")


def scale_first_sort(work: Path) -> list[Result]:
    """The first click on each of a few headers (a fresh window each), against the order the
    store gave before m015: ids sorted by SQL over the table, then matched to the index."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from diagnosis.register.enterprise import FIELDS

    path = register_copy(work)
    app = QApplication.instance() or QApplication([])
    names = [f.name for f in FIELDS]
    ours: list[float] = []
    before: list[float] = []
    for column in _SORT_COLUMNS:
        window, store = _window(path, work)
        model = window.model
        descending = column == "name"  # name ascending is the index's own order
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        start = time.perf_counter()
        window.table.sortByColumn(names.index(column), order)
        app.processEvents()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        ids = model.service.order(column, descending)
        model._index.search("", model.filters, ids)
        before.append(time.perf_counter() - start)
        window.close()
        store.close()
    return [
        by_value(
            "scale_first_sort",
            statistics.median(ours) * 1000,
            statistics.median(before) * 1000,
            "ms",
            300.0,
            f"first click on a header, median of {', '.join(_SORT_COLUMNS)} (slowest "
            f"{max(ours) * 1000:.0f} ms), table repainted; baseline: the order as before m015 "
            "(SQL sort of the table's ids, matched to the index)",
        )
    ]


_RSS_SCRIPT = """
import os, sys, gc
sys.path.insert(0, {root!r})
from pathlib import Path
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
mode, path = sys.argv[1], Path(sys.argv[2])
if mode == "plain":
    from storage.database import Store
    store = Store(path, verify=False)
    before = rss()
    sql = "SELECT id, search_text, facets FROM enterprises WHERE deleted = 0 ORDER BY sort_name, id"
    rows = [tuple(r) for r in store.conn.execute(sql)]
    store.close()
    gc.collect()
    print(rss() - before, len(rows))
else:
    from benchmarks.scale_search import _window
    window, _store = _window(path, Path(sys.argv[3]))
    gc.collect()
    print(rss(), window.model.total())
"""


def scale_register_rss(work: Path) -> list[Result]:
    """The app's resident memory with the register loaded (index built, first screen shown)
    against the same app on an empty store, per firm; beside a plain Python list of the same
    (id, search text, facets) tuples, per firm."""
    from storage.database import Store

    path = register_copy(work)
    empty = work / "scale-empty.sqlite"
    if not empty.exists():
        Store(empty, user="benchmark").close()
    script = _RSS_SCRIPT.format(root=str(ROOT))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str) -> tuple[int, int]:
        out = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=True,
        )
        value, count = out.stdout.split()[-2:]
        return int(value), int(count)

    loaded, firms = run("app", str(path), str(work))
    bare, _ = run("app", str(empty), str(work))
    plain, _ = run("plain", str(path))
    return [
        printed(
            "scale_register_rss",
            (loaded - bare) / firms,
            plain / firms,
            "B",
            f"app RSS {loaded / 1e6:.0f} MB with {firms:,} firms loaded, {bare / 1e6:.0f} MB "
            "empty, per firm; baseline: a plain list of the same (id, text, facets) tuples",
        )
    ]


FIGURES: dict[str, Callable[[Path], Any]] = {
    "scale_keystroke": scale_keystroke,
    "scale_keystroke_sorted": scale_keystroke_sorted,
    "scale_first_sort": scale_first_sort,
    "scale_register_rss": scale_register_rss,
}
