"""The laptop's side of sync through files, as the app's ``BundleService`` port: export a request
bundle, import the reply (storage.sync.bundle does the work; docs/sync.md, Offline bundle).

Each call opens the store on a connection of its own and closes it, so the GUI's workers can
use one; a failure comes back as a ``SyncError`` with a reason, never half-explained.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from diagnosis.sync.ports import SyncError, SyncSummary

from storage.database import Store
from storage.photos import PhotoStore
from storage.sync import bundle


class LaptopBundles:
    """Request and reply bundles of the store at ``db_path``."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def _open(self) -> tuple[Store, PhotoStore]:
        store = Store(self.db_path, verify=False)
        return store, store.photos()

    def export(self, out: Path, token: str) -> dict[str, Any]:
        store, photos = self._open()
        try:
            return bundle.export_request(store, photos, out, token)
        except OSError as exc:
            raise SyncError("bundle.unwritable", f"cannot write {out}: {exc}") from exc
        finally:
            store.close()

    def import_reply(self, path: Path) -> SyncSummary:
        """Only the reply to this laptop's latest export applies, once (storage.sync.bundle)."""
        store, photos = self._open()
        try:
            return bundle.import_reply(store, photos, path)
        finally:
            store.close()
