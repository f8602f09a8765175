"""The plan's templates, compiled once, are kept for the next process (diagnosis.report.plan.
keep_compiled_in): the next process loads them instead of compiling, the plan is the same, and
the cache is advice only (damaged files, a folder that cannot be written: a plan still comes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# Renders the file-name template in a fresh process with the cache at argv[1]; prints how many
# templates Jinja2 compiled (Environment._compile calls) and the rendered name.
_SCRIPT = """
import sys
from pathlib import Path
from diagnosis.report import plan
plan.keep_compiled_in(Path(sys.argv[1]))
env = plan.environment()
compiled = []
real = env._compile
env._compile = lambda source, filename: compiled.append(filename) or real(source, filename)
name = plan.plan_file_name("宁波测试有限公司", "2026-12-08", 2, "zh")
print(len(compiled), name)
"""


def _run(folder: Path) -> tuple[int, str]:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(folder)],
        cwd=ROOT,
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split(maxsplit=1)
    return int(out[0]), out[1].strip()


def test_template_cache_next_process_loads_instead_of_compiling(tmp_path: Path) -> None:
    folder = tmp_path / "plan-templates"
    compiled, name = _run(folder)
    assert compiled >= 1 and any(folder.iterdir())
    again, same = _run(folder)
    assert again == 0 and same == name
    # An edited template (its source differs) would be compiled again: the cache is per source.
    for damaged in folder.iterdir():
        damaged.write_bytes(b"not a cache file")
    after, same = _run(folder)
    assert after >= 1 and same == name


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_template_cache_unwritable_folder_still_renders(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        compiled, name = _run(folder)
        assert compiled >= 1 and name.endswith(".pdf")
    finally:
        folder.chmod(0o700)


def test_template_cache_folder_that_is_a_file_still_renders(tmp_path: Path) -> None:
    folder = tmp_path / "a-file"
    folder.write_text("x")
    compiled, name = _run(folder)
    assert compiled >= 1 and name.endswith(".pdf")
