"""Peer benchmarks: an enterprise's area scores beside the median and quartiles of its peers.

Peers are the *other* live enterprises of the same industry division (or district) with a score
in the area, each at its latest diagnosis. A spread is never computed from fewer than five peers:
with four, one firm's score could be worked out from the others. Pure: no SQL, no Qt.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from diagnosis.checklist import AREAS
from diagnosis.display import figure
from diagnosis.industry_table import division_of
from diagnosis.office_figures import PeerBenchmark, PeerGroup

MIN_PEERS = 5
GROUPS = ("industry", "district")


def quartiles(values: Sequence[float]) -> tuple[float, float, float] | None:
    """(q1, median, q3) by linear interpolation between the sorted values (Excel's
    QUARTILE.INC, numpy's default); None below ``MIN_PEERS`` values."""
    if len(values) < MIN_PEERS:
        return None
    q1, median, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return q1, median, q3


def benchmarks(
    own: Mapping[str, float | None],
    group: str,
    key: str | None,
    peers: Iterable[Mapping[str, float | None]],
    areas: Sequence[str] = AREAS,
) -> list[PeerBenchmark]:
    """One benchmark per area of ``areas`` against ``peers`` (the group's others' scores)."""
    peer_list = list(peers)
    out = []
    for area in areas:
        values = [s for p in peer_list if (s := p.get(area)) is not None]
        spread = quartiles(values) if key is not None else None
        q1, median, q3 = spread if spread is not None else (None, None, None)
        out.append(PeerBenchmark(area, group, key, own.get(area), len(values), median, q1, q3))
    return out


def peer_groups(
    rows: Iterable[tuple[str | None, str | None, Mapping[str, float | None]]],
) -> list[PeerGroup]:
    """The spread of every area over every industry division and district with at least
    ``MIN_PEERS`` scored enterprises; ``rows``: (industry, district, scores) per enterprise."""
    values: dict[tuple[str, str, str], list[float]] = {}
    for industry, district, scores in rows:
        # Peers share a division: a register may give 3484 for one firm and 34 for the next.
        for group, key in (("industry", division_of(industry)), ("district", district)):
            if key is None:
                continue
            for area, score in scores.items():
                if score is not None:
                    values.setdefault((group, key, area), []).append(score)
    out = []
    for (group, key, area), scores_ in sorted(values.items()):
        spread = quartiles(scores_)
        if spread is not None:
            out.append(PeerGroup(group, key, area, len(scores_), *spread))
    return out


def peer_to_dict(p: PeerBenchmark) -> dict[str, Any]:
    """A benchmark as plain data: the ``stats --json`` and plan-context shape."""
    return {
        "area": p.area,
        "group": p.group,
        "key": p.key,
        "enterprise_score": p.enterprise_score,
        "n": p.n,
        "median": p.median,
        "q1": p.q1,
        "q3": p.q3,
        "available": p.available,
    }


def plan_peers(
    area: str, score: float | None, peers: Sequence[Mapping[str, Any]] | None
) -> list[dict[str, Any]]:
    """One area's benchmarks (``peer_to_dict`` shapes) as the plan prints them, one per peer
    group, numbers formatted as the plan's scores. The enterprise's score is the plan's own (the
    visit printed), not its latest diagnosis's, so the chapter agrees with itself."""
    out = []
    for p in peers or ():
        if p.get("area") != area:
            continue
        available = bool(p.get("available")) and p.get("median") is not None
        out.append(
            {
                "group": str(p.get("group", "")),
                "available": available,
                "n": str(p.get("n", 0)),
                "score": figure(score, "score"),
                "q1": figure(p.get("q1"), "score") if available else "",
                "median": figure(p.get("median"), "score") if available else "",
                "q3": figure(p.get("q3"), "score") if available else "",
            }
        )
    return out
