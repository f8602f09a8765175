"""The benchmarks still run against the current code (their timings are not judged here).

A benchmark is run by hand, so one broken by a change elsewhere goes unnoticed until the next
measurement: report_plan did, when plans began to read peer figures from the store. The quick
ones run here, once each."""

from __future__ import annotations

from pathlib import Path

from benchmarks.diagnosis import score_visit
from benchmarks.report import report_plan


def test_score_visit_benchmark_runs(tmp_path: Path) -> None:
    result = score_visit(tmp_path, repeat=2)
    assert result.name == "score_visit" and result.value > 0 and result.baseline > 0


def test_report_plan_benchmark_runs(tmp_path: Path) -> None:
    result = report_plan(tmp_path, repeat=1)
    assert result.name == "report_plan" and result.value > 0 and result.baseline > 0
    assert "photos" in result.note
