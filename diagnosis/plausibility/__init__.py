"""Plausibility doubts: answers a checklist accepts but a real firm is unlikely to give; the
thresholds (``rules``), the figures they read (``terms``), the checks over tables and the
whole visit (``checks``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.plausibility.checks import find_doubts

__all__ = ["find_doubts"]
__getattr__ = lazy_names(__name__, {"find_doubts": "checks"})
