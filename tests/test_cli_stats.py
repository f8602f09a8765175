"""``python main.py stats``: text, JSON (the contract's keys), the Excel report, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

import main

DEMO_FIRMS, DEMO_VISITS = 40, 6


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("stats") / "demo.sqlite"
    code = main.main(
        ["demo", "--db", str(db), "--enterprises", str(DEMO_FIRMS), "--visits", str(DEMO_VISITS)]
    )
    assert code == 0
    return db


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    capsys.readouterr()
    assert main.main(["stats", *args, "--json"]) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


def test_stats_json_has_the_contract_keys(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _json(capsys, "--db", str(demo_db))
    enterprises = d["enterprises"]
    assert isinstance(enterprises, dict)
    assert enterprises["total"] == DEMO_FIRMS
    assert enterprises["diagnosed"] == DEMO_VISITS
    assert 0 < enterprises["above_scale"] <= DEMO_FIRMS
    measures = d["measures"]
    assert isinstance(measures, dict)
    accepted = measures["accepted"]
    assert accepted["count"] > 0
    assert accepted["investment_10k_yuan"] > 0 and accepted["money_saved_yuan"] > 0
    assert {"coverage", "progress", "visits", "targets", "filter"} <= d.keys()


def test_stats_year_and_district_filters(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    everything = _json(capsys, "--db", str(demo_db))
    none = _json(capsys, "--db", str(demo_db), "--year", "2019")
    assert none["enterprises"]["diagnosed"] == 0  # type: ignore[index]
    assert none["enterprises"]["total"] == DEMO_FIRMS  # type: ignore[index]
    haishu = _json(capsys, "--db", str(demo_db), "--district", "海曙区")
    assert haishu["filter"]["district"] == "330203"  # type: ignore[index]
    assert 0 < haishu["enterprises"]["total"] < everything["enterprises"]["total"]  # type: ignore[index]


def test_stats_text_is_bilingual(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main.main(["stats", "--db", str(demo_db)]) == 0
    out = capsys.readouterr().out
    assert "企业数 Enterprises: 40" in out
    assert "已采纳措施 Accepted measures" in out and "对照行动计划目标" in out


def test_stats_writes_the_workbook(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.xlsx"
    d = _json(capsys, "--db", str(demo_db), "--xlsx", str(target))
    wb = load_workbook(target)
    summary = {r[0]: r[1] for r in wb["概况 Summary"].iter_rows(min_row=5, values_only=True)}
    assert summary["企业数 Enterprises"] == d["enterprises"]["total"]  # type: ignore[index]
    investment = summary["投资 (万元) Investment (10k yuan)"]
    assert investment == pytest.approx(d["measures"]["accepted"]["investment_10k_yuan"])  # type: ignore[index]


def test_stats_refuses_unknown_district_and_bad_store(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main.main(["stats", "--db", str(demo_db), "--district", "火星"]) == 2
    assert "火星" in capsys.readouterr().err
    bad = tmp_path / "not.sqlite"
    bad.write_text("not a database")
    assert main.main(["stats", "--db", str(bad), "--lang", "en"]) == 2
    assert capsys.readouterr().err
    unwritable = tmp_path / "missing-dir-file"
    unwritable.write_text("x")
    assert main.main(["stats", "--db", str(demo_db), "--xlsx", str(unwritable / "r.xlsx")]) == 2
