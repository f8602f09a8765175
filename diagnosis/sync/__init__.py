"""Sync's domain: what the app needs of a sync (``ports``), the three-way merge, and the rules
each synced record must meet as it travels (``records``, ``record_*``, ``ids``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.sync.merge import merge
    from diagnosis.sync.ports import SyncService

__all__ = ["SyncService", "merge"]
__getattr__ = lazy_names(__name__, {"SyncService": "ports", "merge": "merge"})
