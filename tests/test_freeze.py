"""The frozen build (scripts/freeze.py) starts, opens a store, renders a plan and shows a window.

Building takes one to two minutes here, so these run only when asked: ``FREEZE_SMOKE=1``
(with the ``freeze`` extra installed). ``FREEZE_DIST=FOLDER`` checks a build made already (the
folder holding ``diagnosis-workbench-cli``) instead of building one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import freeze_check
from tests.conftest import report_counts

pytestmark = pytest.mark.skipif(
    os.environ.get("FREEZE_SMOKE") != "1",
    reason="slow (builds the frozen app, 1-2 min): FREEZE_SMOKE=1 runs it",
)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[freeze_check.Build]:
    given = os.environ.get("FREEZE_DIST")
    if given:
        folder = Path(given)
    else:
        try:
            import PyInstaller  # noqa: F401
        except ImportError:
            pytest.fail('FREEZE_SMOKE=1 needs PyInstaller: pip install -e ".[freeze]"')
        from scripts.freeze import build as freeze

        out = tmp_path_factory.mktemp("freeze")
        started = time.monotonic()
        folder = freeze(out / "dist", out / "work")
        report_counts("freeze", {"build_s": round(time.monotonic() - started, 1)})
    yield freeze_check.Build(folder, tmp_path_factory.mktemp("smoke"))


@pytest.fixture(scope="module")
def stored(build: freeze_check.Build) -> freeze_check.Build:
    """The build with its demo store made (the plan and the window need one)."""
    freeze_check.check_store(build)
    return build


def test_the_build_holds_both_programs_the_data_and_qts_chinese(
    build: freeze_check.Build,
) -> None:
    freeze_check.check_contents(build)


def test_the_frozen_program_starts(build: freeze_check.Build) -> None:
    assert freeze_check.check_starts(build) == "--help answered"


def test_the_frozen_program_makes_an_encrypted_store_and_reads_it(
    stored: freeze_check.Build,
) -> None:
    # check_store raises unless the file is not plain SQLite and the visit reads back.
    assert stored.store.is_file()
    assert stored.store.read_bytes()[:16] != b"SQLite format 3\x00"


def test_the_frozen_program_renders_a_chinese_plan(stored: freeze_check.Build) -> None:
    seen = freeze_check.check_plan(stored)
    text = freeze_check.pdf_text(stored.scratch / "plan.pdf")
    assert text is not None, "pdftotext or pypdf is needed to read the plan"
    assert "企业诊断改进方案" in text, seen
    assert "统一社会信用代码" in text


def test_the_frozen_app_shows_its_window_on_the_store(stored: freeze_check.Build) -> None:
    # Offscreen: the app prints "shown" once the register's rows are painted, then quits.
    started = time.monotonic()
    freeze_check.check_window(stored)
    report_counts("freeze", {"start_to_window_s": round(time.monotonic() - started, 2)})
