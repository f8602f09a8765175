"""Read scope on every path of the central server (issue 14, deliverable 1): a consultant sees and
writes only their districts' enterprises and their own or assigned visits; a visit may not name
an enterprise outside them; a photo is shown only to those who may see a finding naming it
genuinely; refusals say nothing of other districts. In-process, then with real processes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image

from diagnosis.sync.merge import DELETED
from storage.sync.server_db import ServerStore
from storage.sync.server_records import Ledger
from tests.storage.sync.conftest import (
    DISTRICT,
    OTHER_DISTRICT,
    Laptop,
    ServerProcess,
    register_enterprise,
)
from tests.storage.sync.test_server_support import (
    API,
    AT,
    Account,
    Api,
    Server,
    assert_error,
    change,
    enterprise,
    finding_data,
    new_id,
    open_server,
    outcomes,
    visit,
)

# The fixtures, imported under their own names so pytest finds them here.
from tests.storage.sync.test_server_support import api as api
from tests.storage.sync.test_server_support import server as server


def own_visit(
    server: Server, who: Account, team: list[str] | None = None, **over: Any
) -> tuple[str, str]:
    """An enterprise of ``who``'s district (or as ``over`` says) and a visit of it by ``who``."""
    eid, vid = new_id(), new_id()
    made = server.push(
        who,
        change("enterprises", eid, enterprise(**over)),
        change("visits", vid, visit(eid, team or [])),
    )
    assert outcomes(made) == ["created", "created"], made
    return eid, vid


def rejected(response: dict[str, Any]) -> dict[str, Any]:
    [result] = response["results"]
    assert result["outcome"] == "rejected", result
    return result  # type: ignore[no-any-return]


def seen(server: Server, who: Account) -> set[tuple[str, str]]:
    return {(c["table"], c["id"]) for c in server.pull_all(who)}


# -- records ---------------------------------------------------------------------------------


def test_visit_naming_another_districts_enterprise_is_refused(server: Server) -> None:
    theirs, _ = own_visit(server, server.li, district="镇海")
    fake, nowhere = new_id(), new_id()
    refused = rejected(server.push(server.wang, change("visits", fake, visit(theirs))))
    absent = rejected(server.push(server.wang, change("visits", new_id(), visit(nowhere))))
    # One answer for "of another district" and "not on the server": neither is told apart.
    assert refused["code"] == absent["code"] == "auth.forbidden"
    assert refused["rev"] == 0
    assert refused["reason"].replace(theirs, "E").replace(fake, "V") == absent["reason"].replace(
        nowhere, "E"
    ).replace(absent["id"], "V")
    for text in (refused["reason"], refused["reason_zh"]):
        assert "镇海" not in text
    assert ("enterprises", theirs) not in seen(server, server.wang)
    assert ("visits", fake) not in seen(server, server.office)  # it counts nowhere


def test_visit_moved_to_another_districts_enterprise_is_refused(server: Server) -> None:
    theirs, _ = own_visit(server, server.li, district="镇海")
    mine, vid = own_visit(server, server.wang)
    rev = server.pulled(server.wang, "visits", vid)["rev"]  # type: ignore[index]
    moved = rejected(server.push(server.wang, change("visits", vid, visit(theirs), rev)))
    assert moved["code"] == "auth.forbidden"
    assert server.pulled(server.wang, "visits", vid)["data"]["enterprise_id"] == mine  # type: ignore[index]
    assert ("enterprises", theirs) not in seen(server, server.wang)


def test_visit_assigned_across_districts_is_worked_on_not_moved(server: Server) -> None:
    # wang (北仑) names li (镇海) on the team of a visit of a 北仑 enterprise: li sees the visit
    # and, read-only, its enterprise; may change the visit, not the enterprise or where it points.
    eid, vid = own_visit(server, server.wang, team=["li"])
    assert {("visits", vid), ("enterprises", eid)} <= seen(server, server.li)
    rev = server.pulled(server.li, "visits", vid)["rev"]  # type: ignore[index]
    notes = json.dumps({"energy": {"E03": "按月抄表"}}, ensure_ascii=False)
    edited = server.push(server.li, change("visits", vid, visit(eid, ["li"], notes=notes), rev))
    assert outcomes(edited) == ["updated"]
    erev = server.pulled(server.li, "enterprises", eid)["rev"]  # type: ignore[index]
    touched = rejected(
        server.push(server.li, change("enterprises", eid, enterprise(district="镇海"), erev))
    )
    assert touched["code"] == "auth.forbidden" and touched["rev"] == 0
    for text in (touched["reason"], touched["reason_zh"]):
        assert "北仑" not in text
    others = rejected(server.push(server.li, change("visits", new_id(), visit(eid, ["li"]))))
    assert others["code"] == "auth.forbidden"


def test_a_visit_made_before_the_rule_shows_its_maker_nothing(server: Server) -> None:
    # A store from the previous version may hold a visit li made of a 北仑 enterprise.
    eid, _ = own_visit(server, server.wang, contact_phone="0574-88888888")
    with server.store._writing() as conn:
        Ledger(conn, "li", None, AT).save(
            "visits",
            new_id(),
            {**visit(eid), DELETED: False},
            base_rev=0,
            updated_at=AT,
            outcome="created",
        )
    assert ("enterprises", eid) not in seen(server, server.li)


def test_a_credit_code_of_another_district_is_refused_as_out_of_scope(server: Server) -> None:
    code = "91330200717285453P"
    theirs = new_id()
    assert outcomes(
        server.push(
            server.li, change("enterprises", theirs, enterprise(district="镇海", credit_code=code))
        )
    ) == ["created"]
    mine = new_id()
    dup = rejected(
        server.push(server.wang, change("enterprises", mine, enterprise(credit_code=code)))
    )
    rev = server.pulled(server.li, "enterprises", theirs)["rev"]  # type: ignore[index]
    moved = rejected(server.push(server.wang, change("enterprises", theirs, enterprise(), rev)))
    # The same code and reason as any enterprise out of reach: no code, no district, no id.
    assert dup["code"] == moved["code"] == "auth.forbidden"
    assert dup["reason"].replace(mine, "E") == moved["reason"].replace(theirs, "E")
    assert dup["reason_zh"].replace(mine, "E") == moved["reason_zh"].replace(theirs, "E")
    for text in (dup["reason"], dup["reason_zh"]):
        assert code not in text and "镇海" not in text and theirs not in text
    # Within one's districts, and for the office, the duplicate is named precisely.
    office = rejected(
        server.push(
            server.office,
            change("enterprises", new_id(), enterprise(district="北仑", credit_code=code)),
        )
    )
    assert office["code"] == "record.duplicate" and code in office["reason"]
    ours, _ = own_visit(server, server.wang, credit_code="913302001449739014")
    again = rejected(
        server.push(
            server.chen,
            change("enterprises", new_id(), enterprise(credit_code="913302001449739014")),
        )
    )
    assert again["code"] == "record.duplicate" and ours in again["reason"]


# -- photos ----------------------------------------------------------------------------------


def photo(seed: str) -> tuple[bytes, str]:
    data = b"\xff\xd8" + seed.encode() * 500
    return data, hashlib.sha256(data).hexdigest()


def status(api: Api, who: Account, sha: str) -> dict[str, Any]:
    return api.client.get(f"{API}/photos/{sha}/status", headers=api.headers(who)).json()  # type: ignore[no-any-return]


def put(api: Api, who: Account, sha: str, data: bytes, **params: int) -> Any:
    return api.client.put(
        f"{API}/photos/{sha}", params=params, content=data, headers=api.headers(who)
    )


def get(api: Api, who: Account, sha: str) -> Any:
    return api.client.get(f"{API}/photos/{sha}", headers=api.headers(who))


def finding_with(
    server: Server, who: Account, sha: str, team: list[str] | None = None
) -> tuple[str, str]:
    """A visit of ``who`` (their own enterprise) with a finding naming ``sha``: (visit, finding)."""
    district = "镇海" if who is server.li else "北仑"
    _, vid = own_visit(server, who, team=team, district=district)
    fid = new_id()
    made = server.push(who, change("findings", fid, finding_data(vid, photos=[sha])))
    assert outcomes(made) == ["created"]
    return vid, fid


ABSENT = {"size": 0, "complete": False}


def test_photo_status_of_a_photo_one_may_not_see_looks_absent(api: Api) -> None:
    data, sha = photo("wang's valve")
    finding_with(api.server, api.server.wang, sha, team=["chen"])
    assert put(api, api.server.wang, sha, data).json()["complete"] is True
    assert status(api, api.server.wang, sha)["complete"] is True
    assert status(api, api.server.chen, sha)["complete"] is True  # on the team
    assert status(api, api.server.office, sha)["complete"] is True
    assert status(api, api.server.li, sha) == {"sha": sha, **ABSENT}
    assert get(api, api.server.chen, sha).content == data  # the laptop flow: the team downloads
    assert_error(get(api, api.server.li, sha), 404, "photo.missing")


def test_naming_anothers_photo_in_ones_own_finding_unlocks_nothing(api: Api) -> None:
    data, sha = photo("wang's valve")
    finding_with(api.server, api.server.wang, sha)
    put(api, api.server.wang, sha, data)
    finding_with(api.server, api.server.li, sha)  # li copied the hash into a finding of his own
    assert status(api, api.server.li, sha) == {"sha": sha, **ABSENT}
    assert_error(get(api, api.server.li, sha), 404, "photo.missing")
    # A team member who names it in the author's finding gains nothing either.
    other, sha2 = photo("wang's other visit")
    finding_with(api.server, api.server.wang, sha2)
    put(api, api.server.wang, sha2, other)
    vid, fid = finding_with(api.server, api.server.wang, sha, team=["chen"])
    rev = api.server.pulled(api.server.chen, "findings", fid)["rev"]  # type: ignore[index]
    edited = change("findings", fid, finding_data(vid, photos=[sha, sha2]), rev)
    assert outcomes(api.server.push(api.server.chen, edited)) == ["updated"]
    assert get(api, api.server.chen, sha).content == data  # wang's own reference
    assert_error(get(api, api.server.chen, sha2), 404, "photo.missing")
    assert status(api, api.server.chen, sha2) == {"sha": sha2, **ABSENT}


def test_sending_the_whole_photo_proves_one_holds_it(api: Api) -> None:
    data, sha = photo("a valve both have")
    finding_with(api.server, api.server.wang, sha)
    put(api, api.server.wang, sha, data)
    finding_with(api.server, api.server.li, sha)
    assert_error(put(api, api.server.li, sha, b"\xff\xd8 a guess"), 422, "photo.mismatch")
    assert status(api, api.server.li, sha) == {"sha": sha, **ABSENT}
    half = len(data) // 2
    first = put(api, api.server.li, sha, data[:half], offset=0, size=len(data)).json()
    assert first == {"sha": sha, "size": half, "complete": False}  # as for a photo not here
    assert status(api, api.server.li, sha)["size"] == half
    assert put(api, api.server.li, sha, data[half:], offset=half).json()["complete"] is True
    assert get(api, api.server.li, sha).content == data
    assert status(api, api.server.li, sha)["complete"] is True


def test_an_upload_is_shown_only_to_its_sender_and_a_tail_credits_nobody(api: Api) -> None:
    data, sha = photo("cut off")
    finding_with(api.server, api.server.wang, sha, team=["chen"])
    finding_with(api.server, api.server.li, sha)
    half = len(data) // 2
    put(api, api.server.wang, sha, data[:half], offset=0, size=len(data))
    assert status(api, api.server.wang, sha)["size"] == half
    assert status(api, api.server.li, sha) == {"sha": sha, **ABSENT}
    # li sends the tail of wang's upload: the photo is whole, but nobody sent all of it.
    assert put(api, api.server.li, sha, data[half:], offset=half).json()["complete"] is True
    assert_error(get(api, api.server.li, sha), 404, "photo.missing")
    assert_error(get(api, api.server.chen, sha), 404, "photo.missing")
    assert status(api, api.server.wang, sha) == {"sha": sha, **ABSENT}
    put(api, api.server.wang, sha, data)  # wang's next sync sends it whole: now it is his
    assert get(api, api.server.chen, sha).content == data
    assert_error(get(api, api.server.li, sha), 404, "photo.missing")


def test_a_store_of_the_previous_version_keeps_its_photos_for_their_authors(tmp_path: Path) -> None:
    path = tmp_path / "central.sqlite"
    old = open_server(path)
    data, sha = photo("before the upgrade")
    finding_with(old, old.wang, sha, team=["chen"])
    finding_with(old, old.li, sha)  # a later copy of the hash
    old.store.put_photo(sha, 0, data)
    old.store.close()
    conn = sqlite3.connect(path)  # as the previous version left it: no photo holders
    conn.executescript(
        "DROP TABLE photo_holders; DROP TABLE photo_senders; "
        "DELETE FROM _sqlite_migrations WHERE name = 'm003_photo_holders';"
    )
    conn.close()
    store = ServerStore(path)
    try:
        assert store.photo_visible(old.chen.user, sha)  # wang's finding came first
        assert not store.photo_visible(old.li.user, sha)
        assert store.photo_status(sha, old.li.user) == {"sha": sha, **ABSENT}
        assert store.photo_status(sha, old.wang.user)["complete"] is True
    finally:
        store.close()


# -- real processes --------------------------------------------------------------------------

OTHER_CODE = "91330200704800698F"
WANG_PHONE = "0574-86868686"


def _picture(path: Path) -> Path:
    image = Image.new("RGB", (64, 48), (200, 40, 40))
    for x in range(0, 64, 3):
        image.putpixel((x, x % 48), (0, 0, 255))
    image.save(path, "JPEG")
    return path


def _hostile(lap: Laptop, sql: str, params: list[Any]) -> None:
    """What an attacker does to their own laptop's store, bypassing the app."""
    lap.conn.execute("PRAGMA foreign_keys = OFF")
    lap.conn.execute(sql, params)
    lap.conn.commit()
    lap.conn.execute("PRAGMA foreign_keys = ON")


def test_real_laptops_another_districts_enterprise_and_photo_stay_out_of_reach(
    tmp_path: Path, sync_server: ServerProcess, laptops: Callable[..., Laptop]
) -> None:
    wang = laptops("wang", "consultant", [DISTRICT])
    li = laptops("li", "consultant", [OTHER_DISTRICT])
    office = laptops("boss")
    # wang: an enterprise of his district, a visit, a finding with a photo; all synced.
    eid = register_enterprise(wang)
    wang.edit_enterprise(eid, contact_phone=WANG_PHONE)
    wvid = wang.desk.start(eid, "2024-03-28", ["wang"]).visit.id
    finding = wang.desk.add_finding(
        wvid, "energy", "major", "阀门漏气", [_picture(tmp_path / "v.jpg")]
    )
    [sha] = finding.photos
    assert wang.sync().photos_sent == 1
    # li: a visit of his own enterprise, turned (in his own store) into one of wang's
    # enterprise, whose id anyone can work out from its public credit code; and a finding of a
    # real visit of his that names wang's photo.
    own = register_enterprise(li, OTHER_DISTRICT, OTHER_CODE)
    lvid = li.desk.start(own, "2024-03-29", ["li"]).visit.id
    fake = li.desk.start(own, "2024-03-30", ["li"]).visit.id
    _hostile(li, "UPDATE visits SET enterprise_id = ?, dirty = 1 WHERE id = ?", [eid, fake])
    stolen = li.desk.add_finding(lvid, "energy", "major", "照片")
    _hostile(
        li, "UPDATE findings SET photos = ?, dirty = 1 WHERE id = ?", [json.dumps([sha]), stolen.id]
    )
    summary = li.sync()
    assert summary.photos_received == 0
    li.sync()
    # li received neither wang's enterprise nor the photo.
    held = li.conn.execute("SELECT count(*) FROM enterprises WHERE id = ?", [eid]).fetchone()
    assert held == (0,)
    assert WANG_PHONE not in json.dumps(li.conn.execute("SELECT * FROM enterprises").fetchall())
    assert not li.photos.has(sha)
    assert sync_server.query("SELECT count(*) FROM records WHERE id = ?", [fake]) == [(0,)]
    assert any(fake in r and "auth.forbidden" in r for r in summary.rejected), summary.rejected
    # The office's figures count wang's visit and li's real one, not the fake.
    token = sync_server.add_user("auditor", "office")
    with sync_server.client(token) as client:
        figures = client.get(f"{API}/stats").json()
    assert figures["visits"]["total"] == 2
    office.sync()
    assert office.photos.has(sha)  # the office sees every photo
    visits = {r[0] for r in office.conn.execute("SELECT id FROM visits")}
    assert visits == {wvid, lvid}
