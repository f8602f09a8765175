"""The results panel's maturity line follows GB/T 39117's rule, as the plan does: four
sub-domains at 0 are below level 1 whatever the mean."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.visits.document import with_answers
from gui.visit_editor.results_panel import ResultsPanel

IM_ITEMS = [f"IM{n:02d}" for n in range(1, 22)]


def test_results_panel_maturity_line_follows_the_rule(qtbot: QtBot) -> None:
    panel = ResultsPanel("en")
    qtbot.addWidget(panel)
    doc = demo_document(next(iter(enterprises(1))), seed=3)
    answers = dict.fromkeys(IM_ITEMS, "3")
    answers.update(dict.fromkeys(["IM01", "IM02", "IM06", "IM07"], "0"))
    panel.show_assessment(assess(with_answers(doc, {"intelligent_manufacturing": answers})))
    text = panel.maturity.text()
    assert "below level 1 (indicative)" in text and "4 sub-domains short of level 1" in text
    panel.show_assessment(
        assess(with_answers(doc, {"intelligent_manufacturing": dict.fromkeys(IM_ITEMS, "2")}))
    )
    assert "Maturity (GB/T 39117): level 2 (indicative)" in panel.maturity.text()
