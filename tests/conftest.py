"""Shared fixtures: every data, config and cache folder points into a temp dir, so no test ever
touches a real user's store or settings; a real SQLite store per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
    from diagnosis.register import RegisterService
    from storage.enterprises import SqliteEnterpriseRepository

    return RegisterService(SqliteEnterpriseRepository(store))  # type: ignore[arg-type]
