"""Shared fixtures: every data, config and cache folder points into a temp dir, so no test ever
touches a real user's store or settings; a real SQLite store per test."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Stores are encrypted (issue 13). A fresh machine has no keyring, so its key is wrapped by a
# passphrase: the tests, and every process they start, give this one. No test may touch a real
# keyring, where a developer's machine has one: keyring's "fail" backend stands for none.
TEST_PASSPHRASE = "test passphrase, not a secret"
os.environ["DIAGNOSIS_STORE_PASSPHRASE"] = TEST_PASSPHRASE
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# Counts a test reports (the torture test's rounds, the stolen-laptop grep), shown at the end of
# the run: pytest-xdist keeps a worker's prints to itself. Set before the workers start.
_OWN_COUNTS: Path | None = None  # the folder this process made, removed when the run ends
if "DIAGNOSIS_TEST_COUNTS" not in os.environ:
    _OWN_COUNTS = Path(tempfile.mkdtemp(prefix="diagnosis-counts-"))
    os.environ["DIAGNOSIS_TEST_COUNTS"] = str(_OWN_COUNTS / "counts")


def report_counts(name: str, counts: dict[str, object]) -> None:
    """Show ``counts`` under ``name`` in the run's closing summary."""
    with open(os.environ["DIAGNOSIS_TEST_COUNTS"], "a", encoding="utf-8") as out:
        out.write(json.dumps({name: counts}, ensure_ascii=False) + "\n")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    counts = Path(os.environ["DIAGNOSIS_TEST_COUNTS"])
    if counts.is_file():
        terminalreporter.section("counts")
        for line in counts.read_text("utf-8").splitlines():
            terminalreporter.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _OWN_COUNTS is not None and not hasattr(config, "workerinput"):
        shutil.rmtree(_OWN_COUNTS, ignore_errors=True)
        os.environ.pop("DIAGNOSIS_TEST_COUNTS", None)


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / "user" / var.lower()))


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture
def store(store_path: Path) -> Iterator[object]:
    from storage.database import Store

    s = Store(store_path, user="tester")
    yield s
    s.close()


@pytest.fixture
def service(store: object) -> object:
    from diagnosis.register.service import RegisterService
    from storage.enterprises import SqliteEnterpriseRepository

    return RegisterService(SqliteEnterpriseRepository(store))  # type: ignore[arg-type]
