"""The project list in the office figures (issue 17 item 5): ``stats --xlsx`` writes a 项目清单
sheet with one row per project of each enterprise's current decisions, and the pipeline
(``stats --json``, the text, the 项目 sheet) counts projects by category and by start year;
each figure recomputed by hand from the decisions of a known visit."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import main
import services
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from storage.database import Store

KWH = [{"carrier": "electricity", "quantity": 100_000, "unit": "kWh"}]
DECISIONS: tuple[dict[str, Any], ...] = (
    {
        "code": "EN.VFD.01",
        "status": "accepted",
        "investment_10k_yuan": 12.5,
        "energy_saved": KWH,  # 100,000 kWh x 0.1229 kgce/kWh = 12.29 tce
        "money_saved_yuan": 80_000,
        "start_month": "2026-04",
        "duration_months": 3,
    },
    {
        "code": "IM.MES.01",
        "status": "planned",
        "investment_10k_yuan": 80,
        "money_saved_yuan": 150_000,
        "start_month": "2027-01",
        "duration_months": 9,
    },
    {
        "code": "EN.AIR.01",
        "status": "accepted",
        "investment_10k_yuan": 5,
        "project_category": "equipment",  # the team's category; no start yet
    },
    {"code": "IM.PLAN.01", "status": "accepted", "investment_10k_yuan": 0},  # not a project
)
# By category: energy 1 (12.50 万元), digital 1 (80.00), equipment 1 (5.00): 97.50 in all.
# By start year: 2026 1 (12.50), 2027 1 (80.00), not set 1 (5.00).


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("projects") / "office.sqlite"
    base = demo_document(next(enterprises(1)), seed=1)
    firm = dataclasses.replace(base.enterprise, per_mu_class="A", green_stars=3)
    doc = dataclasses.replace(base, enterprise=firm, answers={}, measures=DECISIONS)
    store = Store(path, user="tester")
    try:
        services.visit_service(store).import_document(doc)
    finally:
        store.close()
    return path, doc.visit.id, firm.credit_code


def test_projects_office_sheet_has_one_row_per_project(
    db: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, visit_id, code = db
    target = tmp_path / "report.xlsx"
    assert main.main(["stats", "--db", str(path), "--xlsx", str(target)]) == 0
    capsys.readouterr()
    ws = load_workbook(target)["项目清单 Projects"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    body, total = rows[:-1], rows[-1]
    by_code = {r[4]: r for r in body}
    assert sorted(by_code) == ["EN.AIR.01", "EN.VFD.01", "IM.MES.01"]  # no IM.PLAN.01
    vfd = by_code["EN.VFD.01"]
    assert vfd[1] == code and vfd[13] == visit_id
    assert vfd[5] == "风机、水泵变频调速"
    assert (vfd[6], vfd[7], vfd[8], vfd[9], vfd[10]) == ("节能降碳改造", 12.5, "2026-04", 3, 80000)
    assert vfd[11] == pytest.approx(12.29)
    assert vfd[12] == "市级投资补助；区县设备补助"  # A class, three stars: nothing pending
    air = by_code["EN.AIR.01"]
    assert (air[6], air[8], air[9]) == ("设备更新", None, None)
    mes = by_code["IM.MES.01"]
    assert mes[12].endswith("数字化车间等认定")
    assert total[0].startswith("合计（项目） Total (projects): 3")
    assert total[7] == pytest.approx(97.5)  # 12.5 + 80 + 5
    assert total[10] == pytest.approx(230_000)  # 80,000 + 150,000 yuan


def test_projects_office_pipeline_counts_by_category_and_start_year(
    db: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, _ = db
    capsys.readouterr()
    assert main.main(["stats", "--db", str(path), "--json"]) == 0
    m = json.loads(capsys.readouterr().out)["measures"]
    cat = {r["key"]: (r["count"], r["investment_10k_yuan"]) for r in m["by_project"]}
    assert cat == {"digital": (1, 80.0), "energy": (1, 12.5), "equipment": (1, 5.0)}
    years = [(r["key"], r["count"], r["investment_10k_yuan"]) for r in m["by_start_year"]]
    assert years == [("2026", 1, 12.5), ("2027", 1, 80.0), (None, 1, 5.0)]  # unset last
    assert m["accepted"]["count"] == 4  # every accepted measure, projects or not
    assert main.main(["stats", "--db", str(path), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Technical-transformation projects (项目类别 Project category):" in text
    assert "  Digital/intelligent transformation: 1 projects  80.00" in text


def test_projects_office_pipeline_sheet_and_drill(
    db: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, _ = db
    target = tmp_path / "r.xlsx"
    assert main.main(["stats", "--db", str(path), "--xlsx", str(target)]) == 0
    capsys.readouterr()
    ws = load_workbook(target)["项目 Pipeline"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    project = [r for r in rows if r[0] == "项目类别 Project category"]
    assert [(r[2], r[3]) for r in project] == [
        ("数字化/智能化改造", 1),
        ("节能降碳改造", 1),
        ("设备更新", 1),
        ("合计（项目） Total (projects)", 3),
    ]
    years = [(r[2], r[3]) for r in rows if r[0] == "计划开工年度 Start year"]
    assert years[-1] == ("合计（项目） Total (projects)", 3)

    from diagnosis.office.figures import OfficeFilter
    from diagnosis.office.service import OfficeService
    from storage.office import SqliteOfficeRepository

    store = Store(path, user="tester")
    try:
        office = OfficeService(SqliteOfficeRepository(store))
        f = OfficeFilter()
        assert len(office.drill(f, "pipeline.project", "digital", None)) == 1
        assert len(office.drill(f, "pipeline.start_year", "2026", None)) == 1
        assert len(office.drill(f, "pipeline.start_year", None, None)) == 1
        assert office.drill(f, "pipeline.project", "water", None) == []
    finally:
        store.close()
