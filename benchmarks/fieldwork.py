"""The fieldwork figures (issue 4): opening a complete visit, saving one answer, refreshing the
results after it. Each beside a baseline measured in the same run."""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import ROOT, Result, by_value, median_time, plain_copy

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication


def _desk(work: Path):  # type: ignore[no-untyped-def]
    import services
    from diagnosis.visits.document import parse_document

    db = work / "fieldwork.sqlite"
    store = services.open_store(db)
    doc = parse_document(json.loads((ROOT / "docs" / "examples" / "visit.json").read_text("utf-8")))
    services.visit_service(store).import_document(doc)
    return store, services.visit_service(store), doc.visit.id


def _app() -> QCoreApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def open_visit(work: Path, repeat: int = 15) -> Result:
    from PySide6.QtWidgets import QLabel

    from gui.visit_editor.window import VisitEditor

    app = _app()
    store, desk, visit_id = _desk(work)

    def ours() -> None:
        editor = VisitEditor(desk, visit_id, "zh")
        editor.show()
        app.processEvents()
        editor.close()
        editor.deleteLater()

    def bare() -> None:
        label = QLabel("x")
        label.show()
        app.processEvents()
        label.close()
        label.deleteLater()

    ours()  # checklists and fonts load once
    value, baseline = median_time(ours, repeat), median_time(bare, repeat)
    store.close()
    return by_value(
        "open_visit",
        value * 1000,
        baseline * 1000,
        "ms",
        150.0,
        "a complete visit opened, first page built and painted; baseline: a label",
    )


def answer_save(work: Path, repeat: int = 200) -> Result:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gui.visit_editor.window import VisitEditor
    from storage.database import PRAGMAS

    app = _app()
    store, desk, visit_id = _desk(work)
    editor = VisitEditor(desk, visit_id, "zh")
    editor.show()
    app.processEvents()
    editor.areas.setCurrentRow(4)  # safety: yes/no items answered with Y and N
    app.processEvents()
    widget = editor.widgets[("safety", "S16")]
    times = []
    for n in range(repeat):
        widget.focus_input()
        target = QApplication.focusWidget()
        assert target is not None
        start = time.perf_counter()
        QTest.keyClick(target, Qt.Key.Key_Y if n % 2 else Qt.Key.Key_N)  # saved when this returns
        times.append(time.perf_counter() - start)
    editor.close()
    bare_db = plain_copy(store, work / "fieldwork-bare.sqlite")
    bare = sqlite3.connect(bare_db, isolation_level=None)
    for pragma in PRAGMAS:
        bare.execute(pragma)
    bare_times = []
    for n in range(repeat):
        start = time.perf_counter()
        bare.execute("BEGIN")
        bare.execute(
            "UPDATE answers SET value = ? WHERE item = 'S16' AND deleted = 0",
            ['"yes"' if n % 2 else '"no"'],
        )
        bare.execute("COMMIT")
        bare_times.append(time.perf_counter() - start)
    bare.close()
    store.close()
    return by_value(
        "answer_save",
        statistics.median(times) * 1000,
        statistics.median(bare_times) * 1000,
        "ms",
        5.0,
        "keystroke to committed row (synchronous=FULL), results refreshed after; "
        "baseline: a bare one-row UPDATE and commit",
    )


def results_refresh(work: Path, repeat: int = 50) -> Result:
    from gui.visit_editor.results_panel import ResultsPanel

    app = _app()
    store, desk, visit_id = _desk(work)
    doc = desk.open(visit_id)
    panel = ResultsPanel("zh")
    panel.show()

    def ours() -> None:
        panel.show_assessment(desk.assess(doc))
        app.processEvents()

    value = median_time(ours, repeat)
    baseline = median_time(lambda: desk.assess(doc), repeat)
    store.close()
    return by_value(
        "results_refresh",
        value * 1000,
        baseline * 1000,
        "ms",
        30.0,
        "scores, indicators, measures and flags after an answer, shown and painted; "
        "baseline: the assessment alone",
    )


FIGURES = {"open_visit": open_visit, "answer_save": answer_save, "results_refresh": results_refresh}
