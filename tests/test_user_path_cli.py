"""The consultant's whole way through the command line, in real processes: a document holding
nothing but answers is imported, scored and printed, and every figure is the one worked out by
hand below from GB/T 2589 and GB/T 7119, in `visit score --json` and in the plan's text alike.

Worked example (the coefficient table's values, each cited there):
  electricity 1 200 000 kWh × 0.1229 kgce/kWh = 147.480 tce (当量值)
              1 200 000 kWh × 0.3055 kgce/kWh = 366.600 tce (等价值, 2023)
  natural gas   150 000 m³  × 1.2143 kgce/m³  = 182.145 tce
  raw coal           80 t   × 0.7143 kgce/kg  =  57.144 tce
  total 当量值 386.769 tce, 等价值 605.889 tce; per 8 000 万元 output 0.048346 tce/万元
  CO2: 1.2 GWh × 0.5500 (East China 2023) = 660.0 t; 15 × 10⁴ Nm³ × 21.62 = 324.3 t;
       80 t × 1.900 = 152.0 t; total 1 136.3 t
  water: intake 35 000 + 5 000 = 40 000 m³ (≥ 30 000: the retrofit flag); rainwater 2 000 m³ is
         not intake; reuse 120 000 / (120 000 + 40 000) = 75.0 %; 40 000 / 8 000 = 5.0 m³/万元
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

from diagnosis.checklists.format import AREAS
from diagnosis.checklists.load import available_versions
from diagnosis.demo.enterprises import enterprises
from tests.main_process import run_main

ROOT = Path(__file__).resolve().parents[1]
TCE = 386.769
TCE_EQUAL_VALUE = 605.889
CO2 = 1136.3
INTENSITY = TCE / 8_000


def answers_only() -> dict[str, Any]:
    firm = next(enterprises(1, seed=77))
    visit_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "user-path/cli"))
    return {
        "format": "enterprise-diagnosis/2",
        "enterprise": {"id": firm.id, **firm.values(), "output_value": 50_000.0},
        "visit": {
            "id": visit_id,
            "date": "2024-04-18",
            "team": ["王建国", "陈静"],
            "organisation": "宁波市工业企业诊断服务中心",
            "checklists": {area: available_versions(area)[-1] for area in AREAS},
        },
        "answers": {
            "energy": {
                "E01": 2023,
                "E02": {
                    "electricity": {"quantity": 1_200_000},
                    "natural_gas": {"quantity": 150_000},
                    "raw_coal": {"quantity": 80},
                    "diesel": {"quantity": 0},
                },
                "E03": 8_000.0,
                # Equipment alone makes a costed proposal: 20 motors of 37 kW below grade 3,
                # 5 000 h a year, the firm's electricity at 0.72 yuan/kWh.
                "E07": {"p_7_5_45": {"count": 20, "total_kw": 740.0, "grade": "below_g3"}},
                "E12": "present",
                "E33": 5_000.0,
                "E34": 0.72,
            },
            "water": {
                "W01": {
                    "tap": {"quantity": 35_000},
                    "ground": {"quantity": 5_000},
                    "rain": {"quantity": 2_000},
                },
                "W03": 120_000.0,
            },
        },
        "findings": [],
        "measures": [],
        "notes": {},
    }


run = run_main


def check_figures(score: dict[str, Any]) -> None:
    figures = {i["key"]: i["value"] for i in score["indicators"]}
    assert figures["energy.total_tce"] == pytest.approx(TCE, abs=1e-6)
    assert figures["energy.total_tce_equal_value"] == pytest.approx(TCE_EQUAL_VALUE, abs=1e-6)
    assert figures["energy.co2_t"] == pytest.approx(CO2, abs=1e-6)
    assert figures["energy.intensity_tce_per_10k_yuan"] == pytest.approx(INTENSITY)
    assert figures["water.intake_m3"] == pytest.approx(40_000)
    assert figures["water.reuse_rate"] == pytest.approx(75.0)
    assert figures["water.intake_per_10k_yuan"] == pytest.approx(5.0)
    assert "water.retrofit_required" in {f["key"] for f in score["flags"]}
    motor = next(m for m in score["measures"] if m["code"] == "EN.MOTOR.01")
    assert motor["tce"] and motor["tce"] > 0 and motor["money_saved_yuan"] > 0
    low, high = motor["investment_range_10k_yuan"]
    assert 0 < low < high
    payback = motor["payback_range_years"]
    assert payback[0] > 0 and payback[1] >= payback[0]


def test_a_document_of_answers_alone_scores_imports_and_prints_the_worked_figures(
    tmp_path: Path,
) -> None:
    doc = tmp_path / "visit.json"
    doc.write_text(json.dumps(answers_only(), ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "store.sqlite")

    from_file = run("visit", "score", str(doc), "--json")
    assert from_file.returncode == 0, from_file.stderr
    check_figures(json.loads(from_file.stdout))

    imported = run("visit", "import", str(doc), "--db", db, "--json")
    assert imported.returncode == 0, imported.stderr
    visit_id = json.loads(imported.stdout)["visit"]
    stored = run("visit", "score", visit_id, "--db", db, "--json")
    assert stored.returncode == 0, stored.stderr
    check_figures(json.loads(stored.stdout))

    # Exported again, the file carries the figures' activity for readers, from the answers.
    exported = json.loads(run("visit", "export", visit_id, "--db", db).stdout)
    assert exported["derived"]["output_value_10k_yuan"] == 8_000.0
    assert {u["carrier"] for u in exported["derived"]["energy_use"]} == {
        "electricity",
        "natural_gas",
        "raw_coal",
    }

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    for lang, words in (("zh", ("386.77", "605.89", "1,136.3", "40,000")), ("en", ("386.77",))):
        pdf = tmp_path / f"plan-{lang}.pdf"
        made = run("report", visit_id, "--out", str(pdf), "--lang", lang, "--db", db)
        assert made.returncode == 0, made.stderr
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for figure in words:
            assert figure in text, (lang, figure)
        assert "本次诊断未录入分品种能源消费量" not in text
        assert "EN.MOTOR.01" in text
