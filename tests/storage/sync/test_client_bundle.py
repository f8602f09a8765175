"""Sync through files: a request bundle from the laptop, answered on the server machine, the reply
applied as a sync would; exporting twice gives the same batch; a reply applies once."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from diagnosis.sync.ports import SyncError
from storage.migrations import answer_id
from storage.sync import client_commands
from storage.sync.bundle import answer_request, export_request, import_reply
from storage.sync.bundle_auth import derive_key, key_id
from storage.sync.client_meta import SINCE, outbox
from storage.sync.server_identity import Identity
from tests.storage.sync.test_client_fakes import (
    FakeServer,
    Laptop,
    add_enterprise,
    add_finding,
    add_visit,
    laptop,
)
from tests.storage.sync.test_client_photos import _picture


class FakeServerStore:
    """The methods of ``ServerStore`` a bundle answer uses, over the in-memory server."""

    def __init__(self, fake: FakeServer, folder: Path) -> None:
        self.fake, self.folder = fake, folder

    def bundle_account(self, account: str) -> tuple[str, bytes] | None:
        """As the server keeps each account's bundle key (derived from its token)."""
        for token, user in self.fake.tokens.items():
            if key_id(derive_key(token)) == account:
                return user, derive_key(token)
        return None

    def identity(self) -> Identity:
        # The fake server never goes back in time: one store, one generation.
        return Identity("fake-store", 1, ((1, 0),))

    def seq(self) -> int:
        return self.fake.seq

    def push(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self.fake.push(user, body).json())

    def pull(self, user: str, since: int, limit: int) -> dict[str, Any]:
        return self.fake.pull(since, limit)

    def photo_status(self, sha: str, user: Any = None) -> dict[str, Any]:
        return self.fake.status(sha)

    def put_photo(self, sha: str, offset: int, data: bytes, *, user: Any = None) -> dict[str, Any]:
        self.fake.photos.setdefault(sha, bytearray())[offset:] = data
        return self.fake.status(sha)

    def photo_visible(self, user: Any, sha: str) -> bool:
        return True  # the fake has no districts: every account may see every photo

    def photo_path(self, sha: str) -> Path | None:
        if not self.fake.status(sha)["complete"]:
            return None
        path = self.folder / sha
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(self.fake.photos[sha]))
        return path


@pytest.fixture
def fake() -> FakeServer:
    return FakeServer()


def _laptops(tmp_path: Path, fake: FakeServer) -> tuple[Laptop, Laptop]:
    return laptop(tmp_path, "wang", fake), laptop(tmp_path, "chen", fake)


def test_client_bundle_round_trip(tmp_path: Path, fake: FakeServer) -> None:
    wang, chen = _laptops(tmp_path, fake)
    server = FakeServerStore(fake, tmp_path / "server-photos")
    sha = wang.photos.add(_picture(tmp_path / "p.jpg", 3))
    add_enterprise(wang)
    add_visit(wang)
    wang.visits().save_answer("v1", "energy", "E03", 1200.0)
    add_finding(wang, "f1", [sha])

    request = tmp_path / "wang.zip"
    first = export_request(wang.store, wang.photos, request, "tok-wang")
    batch = json.loads(zipfile.ZipFile(request).read("bundle.json"))["batches"][0]["batch"]
    again = export_request(wang.store, wang.photos, request, "tok-wang")  # exported twice
    manifest = json.loads(zipfile.ZipFile(request).read("bundle.json"))
    assert [b["batch"] for b in manifest["batches"]] == [batch]
    assert first == again and first["changes"] == 4 and first["photos"] == 1
    assert f"photos/{sha}" in zipfile.ZipFile(request).namelist()

    reply = tmp_path / "wang.zip.reply"
    answered = answer_request(server, request, reply)
    assert answered["changes"] == 4 and answered["photos_in"] == 1
    assert answer_request(server, request, reply) == answered  # a repeat changes nothing
    assert len(fake.batches) == 1 and fake.status(sha)["complete"]

    summary = import_reply(wang.store, wang.photos, reply)
    assert (summary.sent, summary.conflicts, summary.photos_sent) == (4, 0, 1)
    assert wang.client.unsynced() == 0 and outbox(wang.conn) == []
    assert int(wang.store.meta(SINCE) or 0) == fake.seq
    with pytest.raises(SyncError) as caught:
        import_reply(wang.store, wang.photos, reply)  # a reply applies once
    assert caught.value.code == "bundle.stale"

    # the other laptop gets everything, photo included, through a bundle of its own
    request_b = tmp_path / "chen.zip"
    export_request(chen.store, chen.photos, request_b, "tok-chen")
    answer_request(server, request_b, tmp_path / "chen.zip.reply")
    got = import_reply(chen.store, chen.photos, tmp_path / "chen.zip.reply")
    assert (got.received, got.photos_received) == (4, 1)
    assert chen.row("answers", answer_id("v1", "energy", "E03"), "value, dirty") == ("1200.0", 0)
    assert chen.photos.open_bytes(sha) == wang.photos.open_bytes(sha)
    wang.store.close()
    chen.store.close()


def test_client_bundle_refuses_a_bad_token_and_foreign_files(
    tmp_path: Path, fake: FakeServer
) -> None:
    wang, _ = _laptops(tmp_path, fake)
    server = FakeServerStore(fake, tmp_path / "server-photos")
    request = tmp_path / "wang.zip"
    export_request(wang.store, wang.photos, request, "stolen")
    with pytest.raises(SyncError) as refused:
        answer_request(server, request, tmp_path / "reply")
    assert refused.value.code == "bundle.key_unknown" and not (tmp_path / "reply").exists()
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello", "utf-8")
    with pytest.raises(SyncError) as caught:
        import_reply(wang.store, wang.photos, not_zip)
    assert caught.value.code == "bundle.unusable"
    with pytest.raises(SyncError):
        import_reply(wang.store, wang.photos, request)  # a request is not a reply
    wang.store.close()


def test_client_commands_bundle_and_token(
    tmp_path: Path,
    fake: FakeServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wang, _ = _laptops(tmp_path, fake)
    add_enterprise(wang)
    db = wang.store.path
    wang.store.close()
    monkeypatch.delenv(client_commands.TOKEN_ENV, raising=False)
    monkeypatch.setattr(client_commands, "find_token", lambda token, server: token)
    out = tmp_path / "req.zip"
    assert client_commands.bundle_export(db, out, None, False) == 2
    assert "DIAGNOSIS_SYNC_TOKEN" in capsys.readouterr().err
    assert client_commands.sync(db, "http://127.0.0.1:9", None, False, "en") == 2
    assert "no sync token" in capsys.readouterr().err
    assert client_commands.bundle_export(db, out, "tok-wang", True) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == 1

    server = FakeServerStore(fake, tmp_path / "server-photos")
    answer_request(server, out, Path(f"{out}.reply"))
    assert client_commands.bundle_import(Path(f"{out}.reply"), db_path=db, as_json=True) == 0
    assert json.loads(capsys.readouterr().out)["sent"] == 1
    assert client_commands.bundle_import(Path(f"{out}.reply"), db_path=db, lang="en") == 2
    assert "bundle.stale" in capsys.readouterr().err
    assert client_commands.bundle_import(tmp_path / "none.zip", db_path=db) == 2


def test_client_commands_sync_unreachable_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.sqlite"
    # port 9 (discard) on loopback: refused at once, no network leaves the machine
    assert client_commands.sync(db, "http://127.0.0.1:9", "tok", False, "en") == 2
    assert "network.unreachable" in capsys.readouterr().err


def test_client_commands_token_from_env_then_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    monkeypatch.setenv(client_commands.TOKEN_ENV, "from-env")
    assert client_commands.find_token(None, "http://s") == "from-env"
    assert client_commands.find_token("given", "http://s") == "given"
    monkeypatch.delenv(client_commands.TOKEN_ENV)
    asked: list[tuple[str, str]] = []

    def get_password(service: str, user: str) -> str:
        asked.append((service, user))
        return "from-keyring"

    monkeypatch.setattr(keyring, "get_password", get_password)
    assert client_commands.find_token(None, "http://s") == "from-keyring"
    assert asked == [("diagnosis-workbench", "http://s")]
    assert client_commands.find_token(None, None) is None


def test_client_bundle_reply_for_another_laptop_is_refused(
    tmp_path: Path, fake: FakeServer
) -> None:
    wang, chen = _laptops(tmp_path, fake)
    server = FakeServerStore(fake, tmp_path / "server-photos")
    add_enterprise(wang)
    export_request(wang.store, wang.photos, tmp_path / "wang.zip", "tok-wang")
    answer_request(server, tmp_path / "wang.zip", tmp_path / "wang.zip.reply")
    # chen waits for no reply; then for one of its own: wang's is refused both times
    with pytest.raises(SyncError) as caught:
        import_reply(chen.store, chen.photos, tmp_path / "wang.zip.reply")
    assert caught.value.code == "bundle.stale"
    export_request(chen.store, chen.photos, tmp_path / "chen.zip", "tok-chen")
    with pytest.raises(SyncError) as caught:
        import_reply(chen.store, chen.photos, tmp_path / "wang.zip.reply")
    assert caught.value.code == "bundle.foreign"
    assert chen.client.unsynced() == 0 and chen.conn.execute(
        "SELECT COUNT(*) FROM enterprises"
    ).fetchone() == (0,)
    wang.store.close()
    chen.store.close()


def test_client_bundle_reply_over_the_caps_goes_on_next_exchange(
    tmp_path: Path, fake: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.sync import bundle_answer

    wang, chen = _laptops(tmp_path, fake)
    server = FakeServerStore(fake, tmp_path / "server-photos")
    add_enterprise(wang)
    add_visit(wang)
    wang.visits().save_answer("v1", "energy", "E03", 1200.0)
    wang.visits().save_answer("v1", "energy", "E04", 3.0)
    export_request(wang.store, wang.photos, tmp_path / "wang.zip", "tok-wang")
    answer_request(server, tmp_path / "wang.zip", tmp_path / "wang.zip.reply")
    import_reply(wang.store, wang.photos, tmp_path / "wang.zip.reply")

    # A reply may hold a record or two: the rest waits for the next exchange.
    monkeypatch.setattr(bundle_answer, "_JSON_BUDGET", 1000)
    received, rounds = 0, 0
    while True:
        rounds += 1
        request = tmp_path / f"chen-{rounds}.zip"
        export_request(chen.store, chen.photos, request, "tok-chen")
        answered = answer_request(server, request, Path(f"{request}.reply"))
        received += import_reply(chen.store, chen.photos, Path(f"{request}.reply")).received
        if not answered["more"]:
            break
        assert rounds < 10
    assert rounds > 1 and received == 4
    assert int(chen.store.meta(SINCE) or 0) == fake.seq
    assert chen.row("answers", answer_id("v1", "energy", "E04"), "value") == ("3.0",)
    wang.store.close()
    chen.store.close()
