"""Photos of findings: uploaded in chunks, resumed from the size the server reports after a cut,
downloaded and verified by the laptop that pulls the finding."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image

from diagnosis.sync.ports import SyncError
from storage.sync import client_photos
from storage.sync.client_meta import UPLOADS
from tests.storage.sync.test_client_fakes import (
    FakeServer,
    add_enterprise,
    add_finding,
    add_visit,
    laptop,
)


def _picture(path: Path, seed: int) -> Path:
    rnd = random.Random(seed)
    image = Image.new("RGB", (64, 48))
    image.putdata([(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))] * (64 * 48))
    for x in range(0, 64, 4):
        image.putpixel((x, x % 48), (rnd.randrange(256), 0, 0))
    image.save(path, "JPEG")
    return path


def test_client_photos_upload_resumes_and_download_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = FakeServer()
    wang, chen = laptop(tmp_path, "wang", server), laptop(tmp_path, "chen", server)
    sha = wang.photos.add(_picture(tmp_path / "leak.jpg", 1))
    size = len(wang.photos.open_bytes(sha))
    monkeypatch.setattr(client_photos, "CHUNK", size // 3 + 1)
    add_enterprise(wang)
    add_visit(wang)
    add_finding(wang, "f1", [sha])

    server.cut_put_after = 100  # the connection breaks 100 bytes into the first chunk
    with pytest.raises(SyncError) as caught:
        wang.sync()
    assert caught.value.code == "network.interrupted"
    assert wang.client.unsynced() == 0  # the records went; the photo is still owed
    assert wang.store.meta(UPLOADS) == f'["{sha}"]'
    summary = wang.sync()
    assert summary.photos_sent == 1 and wang.store.meta(UPLOADS) is None
    offsets = [offset for _, offset, _ in server.puts]
    assert offsets[:2] == [0, 100]  # resumed where the server's copy ends
    assert all(length <= client_photos.CHUNK for _, _, length in server.puts)
    assert bytes(server.photos[sha]) == wang.photos.open_bytes(sha)
    assert wang.sync().photos_sent == 0  # nothing owed any more

    got = chen.sync()
    assert got.photos_received == 1
    assert chen.photos.open_bytes(sha) == wang.photos.open_bytes(sha)
    assert chen.sync().photos_received == 0
    wang.store.close()
    chen.store.close()


def test_client_photos_not_on_the_server_yet_are_asked_again(tmp_path: Path) -> None:
    server = FakeServer()
    wang, chen = laptop(tmp_path, "wang", server), laptop(tmp_path, "chen", server)
    sha = wang.photos.add(_picture(tmp_path / "leak.jpg", 2))
    add_enterprise(wang)
    add_visit(wang)
    add_finding(wang, "f1", [sha])
    server.cut_put_after = 0
    with pytest.raises(SyncError):
        wang.sync()  # the finding is on the server, its photo is not
    assert chen.sync().photos_received == 0  # 404: not an error, asked again next time
    assert not chen.photos.has(sha)
    wang.sync()
    assert chen.sync().photos_received == 1
    wang.store.close()
    chen.store.close()
