"""The stores the ``--scale`` figures run on, built once and kept between runs.

A city's year of data: a 300,000-firm register, and a store of 20,000 complete visits (with the
register they belong to). Built in minutes, not the demo's ten (not through ``main.py demo``),
cached under ``$DIAGNOSIS_SCALE_CACHE`` (default /tmp/diagnosis-scale) by a key of the code that
makes them, so a second run starts at once. Callers that write must work on a copy
(``storage.store_file.copy_store``): the cached stores are shared by every figure.
"""

from __future__ import annotations

from pathlib import Path

REGISTER_FIRMS = 300_000
VISITS = 20_000


def register_store() -> Path:
    """An encrypted store holding ``REGISTER_FIRMS`` demo enterprises (no visits)."""
    raise NotImplementedError("built by issue 20's scale set-up")


def visits_store() -> Path:
    """An encrypted store holding ``VISITS`` complete visits of as many firms, facts stale
    (as after a sync pulled them), with photos referenced but not all present."""
    raise NotImplementedError("built by issue 20's scale set-up")
