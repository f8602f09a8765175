"""How many worker processes assess the office facts: one per idle core beyond this process's
own; on a two-core machine one worker only while the other core is idle."""

from __future__ import annotations

import os

import pytest

from storage import office_facts_pool


@pytest.mark.parametrize(
    ("cores", "load", "workers"),
    [
        (2, 0.2, 1),  # quiet two-core laptop: the other core assesses
        (2, 1.0, 1),  # only this process running
        (2, 1.3, 1),  # this process busy the last minute, a little else
        (2, 1.8, 1),
        (2, 2.0, 0),  # something else keeps the other core busy: one process is quicker
        (2, 3.0, 0),
        (1, 0.0, 0),
        (4, 0.5, 3),
        (8, 6.0, 7),  # many cores: one per core but this process's
    ],
)
def test_office_facts_workers_by_cores_and_load(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, workers: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cores)), raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert office_facts_pool.worker_count() == workers


def test_office_facts_workers_none_in_a_frozen_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_facts_pool.sys, "frozen", True, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert office_facts_pool.worker_count() == 0
