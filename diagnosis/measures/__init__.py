"""Improvement measures: the coded catalogue, the proposals from a visit's answers with their
estimators, each measure's economics (savings, money, payback, priority), the team's decisions,
savings in tce and plan totals, and the firm's project list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.measures.catalogue import MeasuresCatalogue
    from diagnosis.measures.economics import economics
    from diagnosis.measures.estimates import Estimate
    from diagnosis.measures.proposals import propose

__all__ = ["Estimate", "MeasuresCatalogue", "economics", "propose"]
__getattr__ = lazy_names(
    __name__,
    {
        "propose": "proposals",
        "MeasuresCatalogue": "catalogue",
        "Estimate": "estimates",
        "economics": "economics",
    },
)
