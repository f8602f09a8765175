"""The diagnosis engine's figure (issue 3): scoring a complete visit, beside reading its JSON."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.common import ROOT, Result, by_value, median_time


def score_visit(work: Path, repeat: int = 50) -> Result:
    from diagnosis.assessment.assess import assess, assessment_to_dict
    from diagnosis.visits.document import parse_document

    text = (ROOT / "docs" / "examples" / "visit.json").read_text("utf-8")
    assessment_to_dict(assess(parse_document(json.loads(text))))  # checklists load once

    def ours() -> None:
        assessment_to_dict(assess(parse_document(json.loads(text))), "zh")

    baseline = median_time(lambda: json.loads(text), repeat)
    value = median_time(ours, repeat)
    return by_value(
        "score_visit",
        value * 1000,
        baseline * 1000,
        "ms",
        20.0,
        "a complete visit (every area answered): parse, scores, indicators with "
        "explanations, flags, proposed measures with the team's decisions; baseline: json.loads",
    )


FIGURES = {"score_visit": score_visit}
