"""``python main.py report VISIT_ID --out F.pdf [--lang]``: the plan written, its summary
printed, bad input refused with exit 2 and nothing written."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

import main


@pytest.fixture
def visit_id(store_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main.main(["demo", "--db", str(store_path), "--enterprises", "2", "--visits", "1"]) == 0
    capsys.readouterr()
    assert main.main(["visit", "list", "--db", str(store_path), "--json"]) == 0
    visits = json.loads(capsys.readouterr().out)
    return str(visits[0]["id"])


def test_report_writes_the_plan_and_prints_where(
    store_path: Path, visit_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.pdf"
    assert main.main(["report", visit_id, "--db", str(store_path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed and "页" in printed
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "诊断结论摘要" in text.replace(" ", "")


def test_report_in_english_into_a_folder_with_json(
    store_path: Path, visit_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", visit_id, "--db", str(store_path), "--out", str(tmp_path), "--lang", "en"]
    assert main.main([*args, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"visit", "path", "pages", "font_embedded", "warnings"}
    path = Path(result["path"])
    assert path.parent == tmp_path and "improvement-plan" in path.name
    assert result["font_embedded"] is True and result["pages"] == len(PdfReader(path).pages)
    assert "Executive summary" in "".join(p.extract_text() or "" for p in PdfReader(path).pages)


def test_report_of_an_unknown_visit_exits_two_and_writes_nothing(
    store_path: Path, visit_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "none.pdf"
    code = main.main(["report", "no-such-visit", "--db", str(store_path), "--out", str(out)])
    assert code == 2 and not out.exists()
    assert "no-such-visit" in capsys.readouterr().err


def test_report_with_a_missing_font_file_exits_two(
    store_path: Path, visit_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.pdf"
    args = ["report", visit_id, "--db", str(store_path), "--out", str(out), "--lang", "en"]
    assert main.main([*args, "--font", str(tmp_path / "nope.ttf")]) == 2
    assert "no font file" in capsys.readouterr().err and not out.exists()
