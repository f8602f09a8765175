"""The README's run command (scripts/run.sh) as a user runs it: it installs only when the
checkout's pyproject.toml changed, and starts offline once set up.

Each test builds a small checkout in a temporary folder: the real scripts and pyproject.toml,
the app's code linked in, and its own .venv whose site-packages points at this test run's
packages through a .pth file. That venv has no pip and the package index is unreachable, so any
install attempt fails: a test passing with an up-to-date stamp proves no install was tried.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_LINKED = ("main.py", "diagnosis", "gui", "storage", "commands", "templates")


def _checkout(tmp_path: Path, *, packages: bool = True) -> Path:
    proj = tmp_path / "proj"
    (proj / "scripts").mkdir(parents=True)
    for name in ("run.sh", "venv-setup.sh", "system-packages.sh"):
        shutil.copy(ROOT / "scripts" / name, proj / "scripts" / name)
    shutil.copy(ROOT / "pyproject.toml", proj / "pyproject.toml")
    for name in _LINKED:
        (proj / name).symlink_to(ROOT / name)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(proj / ".venv")], check=True)
    if packages:
        site = next((proj / ".venv" / "lib").glob("python3*/site-packages"))
        (site / "this_run.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return proj


def _stamp(proj: Path, pyproject: bytes) -> None:
    digest = hashlib.sha256(pyproject).hexdigest()
    (proj / ".venv" / ".installed-app").write_text(f"app {digest}\n")


def _run(proj: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PIP_INDEX_URL": "http://127.0.0.1:9/simple",  # nothing listens on the discard port
        "PIP_NO_CACHE_DIR": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        ["bash", str(proj / "scripts" / "run.sh"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(autouse=True)
def _debian_packages() -> None:
    # run.sh first makes sure Qt's system libraries are there; where they are missing and we are
    # not root it stops, which is right for a user but says nothing about the launcher.
    probe = subprocess.run(["bash", str(ROOT / "scripts" / "system-packages.sh"), "app"])
    if probe.returncode != 0:
        pytest.skip("the app's Debian packages are missing and cannot be installed here")


def test_set_up_checkout_starts_offline_without_installing(tmp_path: Path) -> None:
    proj = _checkout(tmp_path)
    _stamp(proj, (proj / "pyproject.toml").read_bytes())
    result = _run(proj, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage" in result.stdout.lower()
    assert "Warning" not in result.stderr and "pip" not in result.stderr


def test_changed_pyproject_tries_to_install_and_starts_the_installed_version(
    tmp_path: Path,
) -> None:
    proj = _checkout(tmp_path)
    _stamp(proj, b"an older pyproject.toml\n")
    before = (proj / ".venv" / ".installed-app").read_text()
    result = _run(proj, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage" in result.stdout.lower()
    assert "Warning: could not update the dependencies" in result.stderr
    assert "无法更新依赖" in result.stderr
    # The failed install leaves the stamp as it was: the next start tries again.
    assert (proj / ".venv" / ".installed-app").read_text() == before


def test_set_up_from_before_the_stamps_starts_offline(tmp_path: Path) -> None:
    proj = _checkout(tmp_path)  # installed (the project's metadata is there), no stamp
    result = _run(proj, "--help")
    assert result.returncode == 0, result.stderr
    assert "Warning: could not update the dependencies" in result.stderr


def test_nothing_installed_and_no_index_says_why(tmp_path: Path) -> None:
    proj = _checkout(tmp_path, packages=False)
    result = _run(proj, "--help")
    assert result.returncode == 1
    assert "the first set-up needs the package index" in result.stderr
    assert "usage" not in result.stdout.lower()
