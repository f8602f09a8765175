"""The register corpus (tests/data/registers): files as districts write them, each imported
as the user does (``python main.py import-enterprises F --json``) into a fresh store, compared
with its hand-written expected report and with what the store then holds, and imported a second
time, which must change nothing.

An expected report (``<name>.expected.json``) is the specification of the file's import, written
from the issue, never from the import's output. Compared are the stable essentials of the
``--json`` report: the exit code, the counts, the rejected and the warned (row, field) pairs of
the table's rows, the columns not imported (by header, brackets and spaces ignored), the note
lines under the header, the sheet and the header row; never the wording of a message. A warning
about a whole column (reported at the header row) is not compared: it is a remark, not a row.
In ``stored``, ``"*"`` means "any value, not empty" (绿色工厂 国家级/省级: the issue says they are
accepted, not how many stars they are), and numbers are compared to 0.01 (unit conversions).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from diagnosis.register import credit_code
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT / "tests" / "data" / "registers"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".xlsx", ".csv"))


def run_import(path: Path, db: Path) -> tuple[int, dict[str, Any], str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "main.py", "import-enterprises", str(path), "--json", "--db", str(db)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        check=False,
    )
    assert done.stdout, f"no report (exit {done.returncode}): {done.stderr}"
    return done.returncode, json.loads(done.stdout), done.stderr


def stored(db: Path) -> dict[str, dict[str, object]]:
    store = Store(db)
    try:
        repo = SqliteEnterpriseRepository(store)
        rows = repo.display_rows(repo.ids_by_name()).values()
        return {e.credit_code: e.values() for e in rows}
    finally:
        store.close()


_BRACKETS = re.compile(r"(?:\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】)$")


def header(text: str) -> str:
    """A header as compared: full-width folded, spaces and line breaks, a leading * and
    trailing brackets (units, hints) dropped."""
    key = "".join(unicodedata.normalize("NFKC", text).split()).lstrip("*")
    while (shorter := _BRACKETS.sub("", key)) != key and shorter:
        key = shorter
    return key


def _rows_of(items: list[Any]) -> list[int]:
    return sorted(int(i["row"]) if isinstance(i, dict) else int(i) for i in items)


def _pairs(items: list[dict[str, Any]], after: int) -> list[tuple[int, str]]:
    return sorted((int(i["row"]), str(i["field"])) for i in items if int(i["row"]) > after)


def _sheet(report: dict[str, Any]) -> object:
    sheet = report.get("sheet")
    return sheet.get("name") or sheet.get("used") if isinstance(sheet, dict) else sheet


def _same(expected: object, actual: object) -> bool:
    if expected == "*":
        return actual is not None and actual != ""
    if isinstance(expected, float) and isinstance(actual, (int, float)):
        return abs(expected - actual) <= 0.01
    return expected == actual


def test_the_corpus_holds_at_least_ten_files_each_with_its_expected_report() -> None:
    assert len(FILES) >= 10
    for path in FILES:
        assert (CORPUS / f"{path.stem}.expected.json").is_file(), path.name
    kinds = {p.suffix for p in FILES}
    assert kinds == {".xlsx", ".csv"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_expected_reports_name_firms_by_valid_codes(path: Path) -> None:
    """The corpus itself: every firm the spec says is stored has a valid credit code."""
    expected = json.loads((CORPUS / f"{path.stem}.expected.json").read_text("utf-8"))
    assert len(expected["stored"]) == expected["inserted"]
    for code in expected["stored"]:
        assert credit_code.check(code).ok, code


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_corpus_file_imports_as_its_expected_report_says_twice(path: Path, tmp_path: Path) -> None:
    expected = json.loads((CORPUS / f"{path.stem}.expected.json").read_text("utf-8"))
    db = tmp_path / "register.sqlite"

    code, report, stderr = run_import(path, db)

    problems: list[str] = []

    def check(what: str, want: object, got: object) -> None:
        if want != got:
            problems.append(f"{what}: expected {want!r}, got {got!r}")

    head = int(expected["header_row"])
    check("exit code", expected["exit"], code)
    check("header row", head, report.get("header_row", head))
    check("sheet", expected["sheet"], _sheet(report))
    check("inserted", expected["inserted"], report["inserted"])
    check("updated", 0, report["updated"])
    want_rejected = sorted((r["row"], r["field"]) for r in expected["rejected"])
    check("rejected (row, field)", want_rejected, _pairs(report["rejected"], 0))
    want_warnings = sorted((w["row"], w["field"]) for w in expected["warnings"])
    check("warnings (row, field)", want_warnings, _pairs(report.get("warnings", []), head))
    want_columns = sorted(header(h) for h in expected["not_imported"])
    got_columns = sorted(header(str(h)) for h in report.get("not_imported", []))
    check("not imported", want_columns, got_columns)
    got_notes = [r for r in _rows_of(report.get("notes", [])) if r > head]
    check("notes under the header", sorted(expected["notes"]), got_notes)

    register = stored(db) if db.exists() else {}
    check("stored credit codes", sorted(expected["stored"]), sorted(register))
    for firm, fields in expected["stored"].items():
        values = register.get(firm, {})
        for name, want in fields.items():
            if not _same(want, values.get(name)):
                problems.append(f"{firm} {name}: expected {want!r}, stored {values.get(name)!r}")

    again_code, again, _ = run_import(path, db)
    check("second import: exit code", expected["exit"], again_code)
    check("second import: inserted", 0, again["inserted"])
    check("second import: updated", 0, again["updated"])
    check("second import: unchanged", expected["inserted"], again["unchanged"])
    check("second import: the store", register, stored(db) if db.exists() else {})

    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems) + f"\n{stderr}"
