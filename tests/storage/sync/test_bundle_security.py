"""Offline bundles trust nothing they did not sign (docs/sync.md, Offline bundle): a forged,
tampered, truncated, replayed or oversize bundle is refused with a reason in both languages and
nothing applied; a request's MAC is checked before any photo is read; a hostile zip is refused
before it is decompressed, fast and in little memory; the token never travels; and the normal
exchange still works through the real commands."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from diagnosis.register.enterprise import Enterprise
from diagnosis.sync.ports import SyncError
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.sync.bundle import WAITING, answer_request, export_request, import_reply
from storage.sync.bundle_auth import derive_key, key_id
from storage.sync.bundle_io import REPLY, write_signed
from storage.sync.bundle_zip import BundleFile
from storage.sync.client_meta import DATA_FIELDS
from storage.sync.server import create_app
from storage.sync.server_db import ServerStore
from tests.main_process import run_main
from tests.storage.sync.test_client_bundle import FakeServerStore
from tests.storage.sync.test_client_fakes import (
    FakeServer,
    Laptop,
    add_enterprise,
    add_finding,
    add_visit,
    laptop,
)
from tests.storage.sync.test_client_photos import _picture
from tests.storage.sync.test_server_support import AsgiClient

ROOT = Path(__file__).resolve().parents[3]
OTHER_CODE = "91330203MA2AFPJ79N"  # an enterprise of 海曙区, not the consultant's district


def state(lap: Laptop) -> tuple[Any, ...]:
    """Everything a reply could change on the laptop: its records, its bookkeeping (sync.since,
    the outbox, the waiting request) and its photos."""
    conn = lap.conn
    tables = tuple(
        tuple(conn.execute(f"SELECT * FROM {table} ORDER BY id")) for table in DATA_FIELDS
    )
    meta = tuple(conn.execute("SELECT key, value FROM local_meta ORDER BY key"))
    photos = tuple(sorted(p.name for p in lap.photos.folder.glob("*"))) if lap.photos else ()
    return tables, meta, photos


def since(lap: Laptop) -> str | None:
    return lap.store.meta("sync.since")


def rezip(
    src: Path,
    dst: Path,
    replace: dict[str, bytes] | None = None,
    comment: bytes | None = None,
) -> Path:
    """``src`` written again with some entries' bytes replaced, the rest (and the signed
    header) as they were: what someone editing a bundle on the way would make."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = (replace or {}).get(info.filename, zin.read(info))
            zout.writestr(info.filename, data, compress_type=info.compress_type)
        zout.comment = zin.comment if comment is None else comment
    return dst


def evil_page() -> dict[str, Any]:
    """The issue's forged page: an enterprise of another district, and ``next`` at 10^9 so
    the laptop would never again receive the records before it."""
    data: dict[str, Any] = dict.fromkeys(DATA_FIELDS["enterprises"])
    data.update(name="外区企业（伪造）", credit_code=OTHER_CODE, district="海曙区")
    record = {
        "table": "enterprises",
        "id": "9b0c1a52-7d0e-4c1b-9b7a-2f5d8e4a9c11",
        "rev": 7,
        "deleted": False,
        "data": data,
        "updated_by": "chen",
        "updated_at": "2024-03-28T08:15:02Z",
        "conflicts": [],
    }
    return {"seq": 10**9, "next": 10**9, "more": False, "changes": [record]}


def refused(code: str, call: Any, *args: Any) -> SyncError:
    with pytest.raises(SyncError) as caught:
        call(*args)
    err = caught.value
    assert err.code == code, err.reason
    # Both languages, each saying what happened.
    assert "nothing was applied" in err.reason.lower(), err.reason
    assert "未做任何更改" in getattr(err, "reason_zh", ""), err
    return err


@pytest.fixture
def fake() -> FakeServer:
    return FakeServer()


@pytest.fixture
def wang(tmp_path: Path, fake: FakeServer) -> Any:
    lap = laptop(tmp_path, "wang", fake)
    yield lap
    lap.store.close()


def exchange(tmp_path: Path, lap: Laptop, server: Any, token: str, name: str) -> Path:
    """Export a request, have ``server`` answer it; the reply's path."""
    request = tmp_path / f"{name}.zip"
    export_request(lap.store, lap.photos, request, token)
    answer_request(server, request, tmp_path / f"{name}.zip.reply")
    return tmp_path / f"{name}.zip.reply"


# --- forged, tampered, truncated, replayed replies --------------------------------------------


def test_forged_reply_injecting_another_district_is_refused_and_nothing_applied(
    tmp_path: Path, wang: Laptop
) -> None:
    add_enterprise(wang)
    export_request(wang.store, wang.photos, tmp_path / "wang.zip", "tok-wang")
    before = state(wang)

    # The attack as it worked: a reply of the old format, made by anyone.
    old = tmp_path / "old.zip.reply"
    with zipfile.ZipFile(old, "w") as zf:
        reply = {
            "kind": REPLY,
            "version": 1,
            "laptop": wang.store.meta("sync.laptop"),
            "since": 0,
            "pulled_from": 0,
            "responses": [],
            "pages": [evil_page()],
        }
        zf.writestr("bundle.json", json.dumps(reply))
    err = refused("bundle.format", import_reply, wang.store, wang.photos, old)
    assert "export the request again" in err.reason

    # The same in the new format, naming the waiting request and account (both readable in the
    # request file), signed with a key that is not the account's.
    header = json.loads(zipfile.ZipFile(tmp_path / "wang.zip").comment)
    forged = {
        "kind": REPLY,
        "format": 2,
        "request": header["request"],
        "account": header["account"],
        "since": 0,
        "pulled_from": 0,
        "responses": [],
        "pages": [evil_page()],
        "photos": [],
    }
    write_signed(tmp_path / "forged.reply", derive_key("guessed"), forged, {})
    refused("bundle.forged", import_reply, wang.store, wang.photos, tmp_path / "forged.reply")

    assert state(wang) == before and since(wang) is None
    assert not wang.conn.execute(
        "SELECT 1 FROM enterprises WHERE credit_code = ?", [OTHER_CODE]
    ).fetchall()


def test_tampered_reply_or_photo_is_refused_and_nothing_applied(
    tmp_path: Path, wang: Laptop, fake: FakeServer
) -> None:
    server = FakeServerStore(fake, tmp_path / "server-photos")
    sha = wang.photos.add(_picture(tmp_path / "p.jpg", 3))
    add_enterprise(wang)
    add_visit(wang)
    add_finding(wang, "f1", [sha])
    reply = exchange(tmp_path, wang, server, "tok-wang", "wang")
    assert f"photos/{sha}" in zipfile.ZipFile(reply).namelist()  # the finding's photo comes back
    wang.photos.file_of(sha).unlink()  # as on a laptop that has yet to receive it
    before = state(wang)

    # bundle.json edited: the forged page slipped in, the signed header kept.
    body = json.loads(zipfile.ZipFile(reply).read("bundle.json"))
    body["pages"] = [evil_page()]
    edited = rezip(reply, tmp_path / "edited.reply", {"bundle.json": json.dumps(body).encode()})
    refused("bundle.forged", import_reply, wang.store, wang.photos, edited)

    # A photo's bytes changed (bundle.json, and so the MAC, untouched).
    photo = bytearray(zipfile.ZipFile(reply).read(f"photos/{sha}"))
    photo[len(photo) // 2] ^= 0xFF
    swapped = rezip(reply, tmp_path / "photo.reply", {f"photos/{sha}": bytes(photo)})
    err = refused("bundle.forged", import_reply, wang.store, wang.photos, swapped)
    assert sha in err.reason

    # A photo added that the server did not sign.
    extra = rezip(reply, tmp_path / "extra.reply")
    with zipfile.ZipFile(extra, "a") as zf:
        zf.writestr("photos/" + hashlib.sha256(b"x").hexdigest(), b"x")
    refused("bundle.forged", import_reply, wang.store, wang.photos, extra)

    assert state(wang) == before and not wang.photos.has(sha)
    summary = import_reply(wang.store, wang.photos, reply)  # the genuine one still applies
    assert summary.sent == 3 and wang.photos.has(sha)


def test_truncated_reply_is_refused_and_nothing_applied(
    tmp_path: Path, wang: Laptop, fake: FakeServer
) -> None:
    server = FakeServerStore(fake, tmp_path / "server-photos")
    add_enterprise(wang)
    reply = exchange(tmp_path, wang, server, "tok-wang", "wang")
    before = state(wang)
    data = reply.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        short = tmp_path / f"cut-{cut}.reply"
        short.write_bytes(data[:cut])
        refused("bundle.unusable", import_reply, wang.store, wang.photos, short)
    # Whole directory, a deflate stream cut short inside: the entry's check value says so.
    body = zipfile.ZipFile(reply).getinfo("bundle.json")
    damaged = bytearray(data)
    start = body.header_offset + 30 + len(body.filename) + 10
    damaged[start : start + 8] = bytes(8)
    (tmp_path / "damaged.reply").write_bytes(bytes(damaged))
    with pytest.raises(SyncError) as caught:
        import_reply(wang.store, wang.photos, tmp_path / "damaged.reply")
    assert caught.value.code in ("bundle.unusable", "bundle.forged")
    assert state(wang) == before


def test_replayed_reply_is_refused(tmp_path: Path, wang: Laptop, fake: FakeServer) -> None:
    server = FakeServerStore(fake, tmp_path / "server-photos")
    add_enterprise(wang)
    first = exchange(tmp_path, wang, server, "tok-wang", "first")
    assert import_reply(wang.store, wang.photos, first).sent == 1
    assert wang.store.meta(WAITING) is None
    after_first = state(wang)
    refused("bundle.stale", import_reply, wang.store, wang.photos, first)  # the same again

    # After a new export, the old reply is still refused: only the latest export's applies.
    other = Enterprise(name="宁波乙机械有限公司", credit_code="91330206MA2GQ5XK3D", id="e2")
    SqliteEnterpriseRepository(wang.store).save([other], [])
    export_request(wang.store, wang.photos, tmp_path / "second.zip", "tok-wang")
    before = state(wang)
    assert before != after_first
    refused("bundle.foreign", import_reply, wang.store, wang.photos, first)
    assert state(wang) == before


# --- the server's side --------------------------------------------------------------------------


@pytest.fixture
def central(tmp_path: Path) -> Any:
    store = ServerStore(tmp_path / "central" / "central.sqlite")
    yield store
    store.close()


def test_request_with_a_wrong_mac_is_refused_before_any_photo_is_read(
    tmp_path: Path, wang: Laptop, central: ServerStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = central.add_user("wang", "consultant", ["北仑区"])
    sha = wang.photos.add(_picture(tmp_path / "p.jpg", 5))
    add_enterprise(wang)
    add_visit(wang)
    add_finding(wang, "f1", [sha])
    request = tmp_path / "wang.zip"
    export_request(wang.store, wang.photos, request, token)
    body = json.loads(zipfile.ZipFile(request).read("bundle.json"))
    body["since"] = 10**9
    tampered = rezip(request, tmp_path / "tampered.zip", {"bundle.json": json.dumps(body).encode()})

    read: list[str] = []

    def reading(self: BundleFile, sha: str) -> Any:
        read.append(sha)
        raise AssertionError("a photo was read before the MAC was checked")

    monkeypatch.setattr(BundleFile, "photo_sha", reading)
    monkeypatch.setattr(BundleFile, "photo", reading)
    refused("bundle.forged", answer_request, central, tampered, tmp_path / "reply")
    assert read == [] and not (tmp_path / "reply").exists()
    assert central.seq() == 0 and not central.photo_status(sha)["complete"]

    # A request signed with a token the server does not know.
    export_request(wang.store, wang.photos, tmp_path / "stolen.zip", "not-a-token")
    err = refused(
        "bundle.key_unknown", answer_request, central, tmp_path / "stolen.zip", tmp_path / "r"
    )
    assert "user add" in err.reason and "user add" in getattr(err, "reason_zh", "")
    assert read == [] and central.seq() == 0


def test_an_account_made_before_bundle_keys_gets_one_from_its_next_http_request(
    tmp_path: Path, wang: Laptop, central: ServerStore
) -> None:
    token = central.add_user("li", "office", [])
    (bundle_key,) = central._reader().execute("SELECT bundle_key FROM users").fetchone()
    assert bundle_key == derive_key(token).hex() and token not in bundle_key  # made with it
    with sqlite3.connect(central.path) as conn:  # as an account made by an older version
        conn.execute("UPDATE users SET bundle_key = NULL, bundle_key_id = NULL")
    request = tmp_path / "li.zip"
    export_request(wang.store, wang.photos, request, token)
    err = refused("bundle.key_unknown", answer_request, central, request, tmp_path / "r")
    assert "sync once over the network" in err.reason
    assert "通过网络同步一次" in getattr(err, "reason_zh", "")

    client = AsgiClient(create_app(central))
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert answer_request(central, request, tmp_path / "li.reply")["user"] == "li"
    assert import_reply(wang.store, wang.photos, tmp_path / "li.reply").sent == 0

    central.revoke("li")  # a revoked account's bundles are refused as its token is
    export_request(wang.store, wang.photos, request, token)
    refused("bundle.key_unknown", answer_request, central, request, tmp_path / "r")


# --- hostile zips: refused before decompression, fast, in little memory --------------------------


def _signed_comment(token: str) -> bytes:
    """A header naming a real account, so that only the caps can stop the file."""
    header = {
        "format": 2,
        "kind": "diagnosis-sync-request",
        "account": key_id(derive_key(token)),
        "request": "0b0c1a52-7d0e-4c1b-9b7a-2f5d8e4a9c11",
        "mac": "0" * 64,
    }
    return json.dumps(header).encode()


def _many_photos(path: Path, comment: bytes) -> None:
    """The issue's file: many ``photos/<hex>`` entries, each 64 KiB of zeros deflated to a few
    bytes (320 MiB in all, which the old reader held at once before checking the token)."""
    zeros = bytes(64 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("bundle.json", b"{}")
        for n in range(5000):
            zf.writestr("photos/" + hashlib.sha256(str(n).encode()).hexdigest(), zeros)
        zf.comment = comment


def _bomb(path: Path, comment: bytes, name: str = "bundle.json", mib: int = 300) -> None:
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open(name, "w") as f:
            for _ in range(mib):
                f.write(zeros)
        zf.comment = comment


def _lying(path: Path, comment: bytes) -> None:
    """bundle.json declares 1,000 bytes; its deflate stream holds 64 MiB."""
    _bomb(path, comment, mib=64)
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")
    data[at + 24 : at + 28] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (_many_photos, "bundle.too_large"),
        (_bomb, "bundle.too_large"),
        (lambda p, c: _bomb(p, c, "photos/" + "a" * 64, 30), "bundle.too_large"),
        (_lying, "bundle.unusable"),
    ],
    ids=["5000-entries", "bomb", "photo-over-20MB", "lying-size"],
)
def test_hostile_request_is_refused_within_a_second_in_bounded_memory(
    tmp_path: Path, central: ServerStore, make: Any, code: str
) -> None:
    token = central.add_user("wang", "consultant", ["北仑区"])
    hostile = tmp_path / "hostile.zip"
    make(hostile, _signed_comment(token))
    assert hostile.stat().st_size < 2 * 1024 * 1024  # a small file, as in the issue

    tracemalloc.start()
    started = time.perf_counter()
    try:
        refused(code, answer_request, central, hostile, tmp_path / "reply")
        elapsed = time.perf_counter() - started
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0, elapsed
    assert peak < 16 * 1024 * 1024, peak
    assert central.seq() == 0 and not (tmp_path / "reply").exists()


def test_the_token_never_appears_in_a_bundle(
    tmp_path: Path, wang: Laptop, fake: FakeServer
) -> None:
    token = "tok-wang-" + "s3cr3t" * 6
    fake.tokens[token] = "wang"
    server = FakeServerStore(fake, tmp_path / "server-photos")
    add_enterprise(wang)
    reply = exchange(tmp_path, wang, server, token, "wang")
    secrets = [
        token,
        hashlib.sha256(token.encode()).hexdigest(),  # the server's token hash
        derive_key(token).hex(),  # the key itself
    ]
    for path in (tmp_path / "wang.zip", reply):
        raw = path.read_bytes()
        with zipfile.ZipFile(path) as zf:
            contents = [raw, zf.comment, *(zf.read(name) for name in zf.namelist())]
        for blob in contents:
            for secret in secrets:
                assert secret.encode() not in blob, (path.name, secret[:8])


# --- the user's whole way, through the real commands --------------------------------------------


main_py = run_main


def test_bundle_round_trip_through_the_commands(tmp_path: Path) -> None:
    store_path = tmp_path / "central" / "central.sqlite"
    made = main_py("user", "add", "wang", "--role", "office", "--store", str(store_path), "--json")
    assert made.returncode == 0, made.stderr
    token = json.loads(made.stdout)["token"]

    db = tmp_path / "laptop" / "store.sqlite"
    laptop_store = Store(db, user="wang")
    ours = Enterprise(name="宁波甬明精密机械有限公司", credit_code="91330200711192037M")
    SqliteEnterpriseRepository(laptop_store).save([ours.with_values(district="北仑区")], [])
    laptop_store.close()

    request = tmp_path / "usb" / "wang.zip"
    out = main_py("bundle", "export", str(request), "--db", str(db), "--token", token, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["changes"] == 1
    answered = main_py("bundle", "import", str(request), "--store", str(store_path), "--json")
    assert answered.returncode == 0, answered.stderr
    assert json.loads(answered.stdout)["user"] == "wang"
    reply = Path(f"{request}.reply")

    # Tampered on the way back: refused, in Chinese by default, exit 2, nothing applied.
    body = json.loads(zipfile.ZipFile(reply).read("bundle.json"))
    body["pages"] = [evil_page()]
    bad = rezip(reply, tmp_path / "usb" / "bad.reply", {"bundle.json": json.dumps(body).encode()})
    forged = main_py("bundle", "import", str(bad), "--db", str(db))
    assert forged.returncode == 2 and "bundle.forged" in forged.stderr
    assert "未做任何更改" in forged.stderr, forged.stderr

    applied = main_py("bundle", "import", str(reply), "--db", str(db), "--json")
    assert applied.returncode == 0, applied.stderr
    assert json.loads(applied.stdout)["sent"] == 1
    again = main_py("bundle", "import", str(reply), "--db", str(db), "--lang", "en")
    assert again.returncode == 2 and "bundle.stale" in again.stderr, again.stderr

    with ServerStore(store_path) as central:
        office = central.authenticate(central.add_user("reader", "office", []))
        assert office is not None
        seq = central.seq()
        codes = [c["data"]["credit_code"] for c in central.pull(office, 0, 100)["changes"]]
    assert codes == [ours.credit_code]
    laptop_store = Store(db, user="wang")
    try:
        assert laptop_store.meta("sync.since") == str(seq)
        dirty = laptop_store.conn.execute("SELECT count(*) FROM enterprises WHERE dirty = 1")
        assert dirty.fetchone() == (0,)
        assert not laptop_store.conn.execute(
            "SELECT 1 FROM enterprises WHERE credit_code = ?", [OTHER_CODE]
        ).fetchall()
    finally:
        laptop_store.close()
