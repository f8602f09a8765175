"""``python -m benchmarks --scale [NAME ...]``: the figures of a city's year of data (issue 20),
each beside its baseline in the same run. Slow (minutes; the stores are cached between runs by
``benchmarks.scale_store``), so never part of the default run or the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

# Each module owns its figures: name -> function(work folder) -> Result or list of Results.
SCALE_FIGURES: dict[str, Callable[[Path], Any]] = {}


def _collect() -> None:
    from benchmarks import (
        scale_import,
        scale_integrity,
        scale_office,
        scale_search,
        scale_sync,
    )

    for module in (scale_integrity, scale_office, scale_search, scale_sync, scale_import):
        SCALE_FIGURES.update(module.FIGURES)


_collect()
