"""Scale figures (issue 20): import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

FIGURES: dict[str, Callable[[Path], Any]] = {}
