"""Peer benchmarks: an enterprise's area scores beside the median and quartiles of its peers.

Peers are the *other* live enterprises of the same industry division (or district) with a score
in the area, each at its latest diagnosis. A spread is never computed from fewer than five peers:
with four, one firm's score could be worked out from the others. Pure: no SQL, no Qt.

The energy intensity (tce per 万元 of output on the 等价值 basis, which issue 17 asks the peers
to compare on, as for Zhejiang's 亩均 evaluation) is benchmarked the same way under the
pseudo-area ``INTENSITY``, wherever no consumption limit covers the firm's products: lower is
better.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from diagnosis.assessment.assess import Assessment, output_source
from diagnosis.checklists.format import AREAS
from diagnosis.display import DECIMALS, amount, figure
from diagnosis.figures.indicators import Figure, energy_intensity
from diagnosis.office.figures import PeerBenchmark, PeerGroup
from diagnosis.register.industry_table import division_of
from diagnosis.visits.document import Document

MIN_PEERS = 5
GROUPS = ("industry", "district")
# The pseudo-area of the energy intensity (等价值 tce/万元) among the peer benchmarks: present
# only where the repository keeps intensities (the SQLite facts), after the checklist areas.
INTENSITY = "energy_intensity"
# Past this the printed figures are as equal as any reader could tell (report.numbers').
_MAX_DECIMALS = 10


def energy_intensities(doc: Document, a: Assessment) -> tuple[Figure, Figure] | None:
    """The visit's energy per 万元 of output on the 当量值 and 等价值 bases, exactly as the plan's
    energy chapter prints them (the same totals, output and calculator); None when the plan
    prints none: no energy area, no total on either basis, or no output value."""
    output = doc.output_value_10k_yuan
    eq = a.indicators.get("energy.total_tce")
    ev = a.indicators.get("energy.total_tce_equal_value")
    if "energy" not in a.areas or eq is None or ev is None or not output or output <= 0:
        return None
    source = output_source(doc)
    return energy_intensity(eq, output, source), energy_intensity(ev, output, source)


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
    areas: Sequence[str] | None = None,
) -> list[PeerBenchmark]:
    """One benchmark per area of ``areas`` against ``peers`` (the group's others' scores);
    by default the checklist areas, then ``INTENSITY`` when ``own`` carries that key."""
    if areas is None:
        areas = (*AREAS, INTENSITY) if INTENSITY in own else AREAS
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


# Where a firm's intensity stands among its peers' (lower is better), from best to worst.
POSITIONS = ("below_q1", "q1_median", "median", "median_q3", "above_q3")


def _order(a: float, b: float) -> int:
    """-1, 0 or 1; figures equal but for floating-point noise (a quartile interpolated to the
    firm's own value) are equal."""
    if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
        return 0
    return (a > b) - (a < b)


def _position(value: float, q1: float, median: float, q3: float) -> str:
    if _order(value, q1) < 0:
        return "below_q1"
    at_median = _order(value, median)
    if at_median < 0:
        return "q1_median"
    if at_median == 0:
        return "median"
    return "median_q3" if _order(value, q3) <= 0 else "above_q3"


def _printed(value: float, spread: Sequence[float]) -> list[str]:
    """``value`` then ``spread`` at the intensity's decimals, or more until each printed pair
    (value, quartile) stands in the same order as the unrounded pair (report.numbers' rule)."""
    decimals = DECIMALS["intensity"]
    while True:
        shown = [amount(x, decimals) for x in (value, *spread)]
        read = [float(x.replace(",", "")) for x in shown]
        if decimals >= _MAX_DECIMALS or all(
            _order(read[0], r) == _order(value, q) for r, q in zip(read[1:], spread, strict=True)
        ):
            return shown
        decimals += 1


def plan_intensity_peers(
    value: float | None, peers: Sequence[Mapping[str, Any]] | None
) -> list[dict[str, Any]]:
    """The ``INTENSITY`` benchmarks (``peer_to_dict`` shapes) as the energy chapter prints them,
    one per peer group: the plan's own intensity (``value``, 等价值 tce/万元) beside the peers'
    quartiles and where it stands (``POSITIONS``; lower intensity is better). A group of fewer
    than ``MIN_PEERS`` gets its count and no spread. [] without peers or without a value."""
    out: list[dict[str, Any]] = []
    if value is None:
        return out
    for p in peers or ():
        if p.get("area") != INTENSITY:
            continue
        spread = tuple(v for k in ("q1", "median", "q3") if isinstance(v := p.get(k), int | float))
        available = bool(p.get("available")) and len(spread) == 3
        row = {
            "group": str(p.get("group", "")),
            "available": available,
            "n": str(p.get("n", 0)),
            "value": figure(value, "intensity"),
            "q1": "",
            "median": "",
            "q3": "",
            "position": "",
        }
        if available:
            q1, median, q3 = (float(v) for v in spread)
            shown = _printed(value, (q1, median, q3))
            row.update(
                value=shown[0],
                q1=shown[1],
                median=shown[2],
                q3=shown[3],
                position=_position(value, q1, median, q3),
            )
        out.append(row)
    return out
