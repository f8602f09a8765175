"""The results panel's safety level line: while a major hidden danger is open it says so,
whatever the safety score the radar shows; otherwise it is hidden."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from diagnosis.assessment.assess import assess
from gui.visit_editor.results_panel import ResultsPanel
from tests.diagnosis.report.test_plan_safety import _doc
from tests.diagnosis.test_safety_relevance import compliant


def test_results_panel_safety_level_overrides_the_score(qtbot: QtBot) -> None:
    panel = ResultsPanel("en")
    qtbot.addWidget(panel)
    panel.show()
    a = assess(_doc(compliant(S01="no", S02="no", S08="no")))
    assert a.areas["safety"].score is not None and a.areas["safety"].score >= 80
    panel.show_assessment(a)
    assert panel.safety_level.isVisible()
    assert "major hidden danger present (S01, S02, S08)" in panel.safety_level.text()
    panel.show_assessment(assess(_doc(compliant())))
    assert not panel.safety_level.isVisible()
