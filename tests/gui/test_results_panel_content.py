"""The results panel shows what it has and no empty boxes: a visit just begun gets each area's
row and a line naming the figures still to come, not two blank boxes; a complete one gets
the scores with the maturity level, its figures in a list as tall as its rows, and how a figure
was computed once one is chosen (by keyboard)."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from gui.visit_editor.results_panel import ResultsPanel

AREAS_EN = ("Intelligent mfg.", "Energy", "Water", "Cleaner prod.", "Safety & env.")


def _panel(qtbot: QtBot) -> ResultsPanel:
    panel = ResultsPanel("en")
    qtbot.addWidget(panel)
    panel.resize(420, 680)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_results_panel_content_visit_just_begun_has_no_empty_box(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    full = demo_document(next(iter(enterprises(1))), seed=3)
    panel.show_assessment(assess(replace(full, answers={})))
    # No figure yet: neither the list nor the explanation stands there empty.
    assert not panel.indicators.isVisible()
    assert not panel.explain.isVisible()
    assert panel.missing.isVisible() and "Total energy" in panel.missing.text()
    table = panel.scores.text()
    assert all(escape(name) in table for name in AREAS_EN)
    assert "—" in table  # nothing answered, no score yet


def test_results_panel_content_complete_visit_shows_level_scores_and_figures(
    qtbot: QtBot,
) -> None:
    panel = _panel(qtbot)
    a = assess(demo_document(next(iter(enterprises(1))), seed=3))
    panel.show_assessment(a)
    table = panel.scores.text()
    im = a.areas["intelligent_manufacturing"]
    assert im.maturity is not None
    level = "below level 1" if im.maturity.level == 0 else f"level {im.maturity.level}"
    assert level in table
    for score in a.areas.values():
        assert score.score is not None and f"<b>{score.score:.0f}</b>" in table
    rows = panel.indicators.count()
    assert rows >= 6 and panel.indicators.isVisible()
    # As tall as its rows: no blank box under the last figure.
    assert panel.indicators.height() <= rows * panel.indicators.sizeHintForRow(0) + 12
    assert not panel.explain.isVisible() and panel.hint.isVisible()
    panel.indicators.setFocus()
    qtbot.keyClick(panel.indicators, Qt.Key.Key_Down)
    assert panel.explain.isVisible() and panel.explain.toPlainText()
    assert not panel.hint.isVisible()
