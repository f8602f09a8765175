"""``visit score`` lists the plausibility doubts beside the scores: in the JSON a script reads
("doubts": area, item, row, column, rule, message) and in the lines a person reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import main

EXAMPLE_VISIT = Path(__file__).resolve().parents[1] / "tests" / "data" / "visit-2026.1.json"


def doubtful_document(tmp_path: Path) -> Path:
    raw = json.loads(EXAMPLE_VISIT.read_text("utf-8"))
    energy = raw["answers"]["energy"]
    energy["E02"]["electricity"]["quantity"] = 1e15
    energy["E10"] = {"boiler_1": {"count": 1, "fuel": "natural_gas", "efficiency_pct": 15}}
    raw.pop("derived", None)
    path = tmp_path / "doubtful.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    return path


def test_cli_visit_score_json_lists_the_doubts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = doubtful_document(tmp_path)
    assert main.main(["visit", "score", str(path), "--json", "--lang", "en"]) == 0
    result = json.loads(capsys.readouterr().out)
    by_rule = {d["rule"]: d for d in result["doubts"]}
    assert by_rule["boiler_efficiency"] == {
        "area": "energy",
        "item": "E10",
        "row": "boiler_1",
        "column": "efficiency_pct",
        "rule": "boiler_efficiency",
        "message": by_rule["boiler_efficiency"]["message"],
    }
    ceiling = by_rule["electricity_ceiling"]["message"]
    assert "1,000,000,000,000,000 kWh" in ceiling and "e+" not in ceiling
    assert result["areas"]["energy"]["score"] is not None  # the values were kept and scored


def test_cli_visit_score_prints_the_doubts_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(["visit", "score", str(doubtful_document(tmp_path))]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("? ")]
    assert any("energy E10/boiler_1/efficiency_pct" in line and "热效率" in line for line in lines)
