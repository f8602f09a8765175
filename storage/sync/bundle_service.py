"""The laptop's side of sync through files, as the app's ``BundleService`` port: export a request
bundle, import the reply (storage.sync.bundle does the work; docs/sync.md, Offline bundle).

Each call opens the store on a connection of its own and closes it, so the GUI's workers can
use one; a failure comes back as a ``SyncError`` with a reason, never half-explained.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from diagnosis.sync_ports import SyncError, SyncSummary

from storage.database import Store
from storage.photos import PhotoStore
from storage.sync import bundle
from storage.sync.client_meta import outbox

_MAX_MANIFEST = 64 * 1024 * 1024  # only read to check whose reply it is; bundle.py reads it all


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
        store, photos = self._open()
        try:
            _refuse_another_request(store, path)
            return bundle.import_reply(store, photos, path)
        finally:
            store.close()


def _refuse_another_request(store: Store, path: Path) -> None:
    """A reply that answers none of the batches this laptop is waiting on answers another
    request: another laptop's, or an older export. Its pages are that requester's view of the
    server, so they are not applied here. (With nothing waiting, bundle.py's checks decide.)"""
    waiting = {body.get("batch") for _key, body in outbox(store.conn)}
    if not waiting:
        return
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("bundle.json")
            if info.file_size > _MAX_MANIFEST:
                return
            reply = json.loads(zf.read(info))
        if reply.get("kind") != bundle.REPLY:
            return
        answered = {r.get("batch") for r in reply.get("responses") or []}
    except (OSError, KeyError, ValueError, AttributeError, TypeError, zipfile.BadZipFile):
        return  # not readable as a reply: bundle.import_reply says why
    if not answered & waiting:
        raise SyncError(
            "bundle.foreign",
            f"{path.name} answers another request (another laptop's, or an earlier export of "
            "this one); nothing was applied",
        )
