"""Which version of each reference table a computation uses, so a finalised revision's figures
and plan stay as they were after a table is corrected (DESIGN.md invariant 6).

The tables that make figures (coefficients, measures, priority, plan rules, prices, estimating)
live in ``reference/<name>.json``, the newest version; when one changes, its previous version is
kept in ``reference/archive/<name>/<version>.json``. A finalised visit records the versions it
was computed with (``Visit.tables``). Computing it runs inside ``pinned(visit.tables)``: each
table's loader then reads the pinned version. A context variable rather than a parameter through
every calculator: the pins follow the computation down to the estimators' defaults without
thirty signatures carrying them, and each thread (a plan worker) has its own. No Qt, no SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

REFERENCE = Path(__file__).parent / "reference"
ARCHIVE = REFERENCE / "archive"
# The tables whose content changes a visit's figures, flags, proposals or plan.
TABLES = (
    "coefficients",
    "measures",
    "priority",
    "plan_rules",
    "prices",
    "estimating",
    "maturity_levels",
    "energy_limits",
    "cleaner_production",
    "im_route",
    "equipment_grades",
    "project_categories",
    "water_quotas",
)

_PINNED: ContextVar[Mapping[str, str] | None] = ContextVar("reference_pins", default=None)


class TableVersionMissing(LookupError):
    """A visit names a version of a table this copy of the app does not have."""

    def __init__(self, name: str, version: str) -> None:
        super().__init__(f"reference table {name} has no version {version} here")
        self.name = name
        self.version = version


@contextmanager
def pinned(versions: Mapping[str, str]) -> Iterator[None]:
    """Within the block, each table named in ``versions`` is read at that version; the others
    (and everything when ``versions`` is empty: a draft) at the newest."""
    token = _PINNED.set(available(versions))
    try:
        yield
    finally:
        _PINNED.reset(token)


def wanted(name: str) -> str | None:
    """The version of ``name`` pinned for the current computation; None: the newest."""
    version = (_PINNED.get() or {}).get(name)
    return None if version is None or version == current_version(name) else version


@cache
def current_version(name: str) -> str:
    raw = json.loads((REFERENCE / f"{name}.json").read_text("utf-8"))
    return str(raw["version"])


def current_versions() -> dict[str, str]:
    """Every table at its newest version: what a visit is pinned to when it is finalised."""
    return {name: current_version(name) for name in TABLES}


def table_path(name: str, version: str | None) -> Path:
    """The file of ``name`` at ``version`` (None: the newest)."""
    if version is None or version == current_version(name):
        return REFERENCE / f"{name}.json"
    path = ARCHIVE / name / f"{version}.json"
    if not path.is_file():
        raise TableVersionMissing(name, version)
    return path


def available(versions: Mapping[str, str]) -> dict[str, str]:
    """The pins this copy of the app can honour (a visit synced from a newer laptop may name
    a version it has not got: that table is then read at its newest)."""
    out = {}
    for name, version in versions.items():
        try:
            table_path(name, version)
        except TableVersionMissing:
            continue
        out[name] = version
    return out
