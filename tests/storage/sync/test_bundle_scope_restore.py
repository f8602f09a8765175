"""Offline bundles keep the central store's rules: a photo goes only to an account that may see
it (as over HTTP, docs/sync.md "Photos"), and a store restored from a backup between two
exchanges loses nothing (docs/sync.md "Backup and restore"), as it does for a network sync."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storage.sync.bundle import answer_request, export_request, import_reply
from storage.sync.server_backup import backup, restore
from storage.sync.server_db import ServerStore
from tests.storage.sync.conftest import CODE, DISTRICT, Laptop, make_laptop, register_enterprise
from tests.storage.sync.test_client_photos import _picture
from tests.storage.sync.test_restore import SECOND_CODE, enterprise_row

UNUSED_URL = "http://127.0.0.1:9"  # these laptops exchange files only


def exchange(tmp: Path, lap: Laptop, central: ServerStore, token: str) -> Any:
    """One round of the offline exchange: export, answer on the server machine, import."""
    n = len(list(tmp.glob(f"{lap.name}-*.zip")))
    request = tmp / f"{lap.name}-{n}.zip"
    export_request(lap.store, lap.photos, request, token)
    answer_request(central, request, request.with_suffix(".zip.reply"))
    return import_reply(lap.store, lap.photos, request.with_suffix(".zip.reply"))


def test_a_bundle_carries_no_photo_its_account_may_not_see(tmp_path: Path) -> None:
    central = ServerStore(tmp_path / "central" / "central.sqlite")
    wang_token = central.add_user("wang", "consultant", [DISTRICT])
    li_token = central.add_user("li", "consultant", ["330203"])
    wang = make_laptop(tmp_path, "wang", UNUSED_URL, wang_token)
    li = make_laptop(tmp_path, "li", UNUSED_URL, li_token)
    try:
        eid = register_enterprise(wang)
        visit = wang.desk.start(eid, "2024-03-28", ["wang"]).visit.id
        found = wang.desk.add_finding(
            visit, "energy", "major", "空压机漏气", [_picture(tmp_path / "leak.jpg", 7)]
        )
        (sha,) = found.photos
        exchange(tmp_path, wang, central, wang_token)
        assert central.photo_status(sha)["complete"]  # sent whole, by its author

        # Li, of another district, names wang's photo hash in a finding of a visit of his own
        # district's enterprise, and exchanges files: the reply must not carry the photo.
        other = register_enterprise(li, district="330203", code=SECOND_CODE)
        own = li.desk.start(other, "2024-03-29", ["li"]).visit.id
        stolen = li.desk.add_finding(own, "energy", "major", "照片")
        with li.store.transaction():  # what a hostile client writes into its own store
            li.conn.execute(
                "UPDATE findings SET photos = ?, dirty = 1 WHERE id = ?",
                [json.dumps([sha]), stolen.id],
            )
        summary = exchange(tmp_path, li, central, li_token)
        assert summary.photos_received == 0 and not li.photos.has(sha)
        assert sha in summary.photos_missing  # said, not silently dropped
        assert (
            li.conn.execute("SELECT count(*) FROM enterprises WHERE id = ?", [eid]).fetchone()[0]
            == 0
        )
    finally:
        wang.close()
        li.close()
        central.close()


def test_a_restore_between_two_bundle_exchanges_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "central" / "central.sqlite"
    central = ServerStore(path)
    token_a = central.add_user("wang", "office", [])
    token_b = central.add_user("chen", "office", [])
    a = make_laptop(tmp_path, "wang", UNUSED_URL, token_a)
    b = make_laptop(tmp_path, "chen", UNUSED_URL, token_b)
    try:
        x = register_enterprise(a, code=CODE)
        exchange(tmp_path, a, central, token_a)
        exchange(tmp_path, b, central, token_b)
        saved = tmp_path / "monday.sqlite"
        backup(path, saved)
        a.edit_enterprise(x, address="宁波市北仑区新碶街道明州路 8 号")
        y = register_enterprise(a, code=SECOND_CODE)
        assert exchange(tmp_path, a, central, token_a).sent == 2
        central.close()
        restore(saved, path)
        central = ServerStore(path)
        assert central.seq() < 3  # A's two changes are gone from the restored store

        # B edits after the restore: its reply says the store went back, and B sends its
        # edit with the next exchange, on the base the reset established.
        b.edit_enterprise(x, contact_person="陈工")
        first = exchange(tmp_path, b, central, token_b)
        assert first.server_restored and first.sent == 0
        assert exchange(tmp_path, b, central, token_b).sent == 1

        # A: the reset, then what the store lost goes back, then B's edit comes.
        assert exchange(tmp_path, a, central, token_a).server_restored
        again = exchange(tmp_path, a, central, token_a)
        assert again.sent == 2 and again.conflicts == 0 and not again.rejected
        exchange(tmp_path, b, central, token_b)
        exchange(tmp_path, a, central, token_a)
        for lap in (a, b):
            assert enterprise_row(lap, x) == {
                "name": "宁波甬明精密机械有限公司",
                "address": "宁波市北仑区新碶街道明州路 8 号",
                "contact_person": "陈工",
                "deleted": 0,
            }
            assert enterprise_row(lap, y)["deleted"] == 0
            assert lap.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (2,)
        assert central._reader().execute(
            "SELECT count(*) FROM records WHERE tbl = 'enterprises'"
        ).fetchone() == (2,)
    finally:
        a.close()
        b.close()
        central.close()
