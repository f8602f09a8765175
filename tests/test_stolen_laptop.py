"""A stolen laptop (issue 13, item 6): after ``python main.py demo``, no enterprise name, phone
number or photo byte is found in any file under the store's folder, by grepping the bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import services
from diagnosis.demo.enterprises import enterprises
from tests.conftest import report_counts

ROOT = Path(__file__).resolve().parents[1]
DEMO_SEED = 20220101  # ``demo``'s default
PHOTO_SLICE = 48


def _needles(store_path: Path) -> dict[str, list[bytes]]:
    firms = list(enterprises(200, seed=DEMO_SEED))
    names = [e.name.encode("utf-8") for e in firms if e.name]
    phones = [e.contact_phone.encode() for e in firms if e.contact_phone]
    contacts = [e.contact_person.encode("utf-8") for e in firms if e.contact_person]
    store = services.open_store(store_path)
    try:
        shas = set()
        for (text,) in store.conn.execute("SELECT photos FROM findings WHERE photos != '[]'"):
            shas.update(json.loads(text))
        photos = store.photos()
        jpegs = [photos.open_bytes(sha) for sha in sorted(shas)]
    finally:
        store.close()
    # Slices of each picture's compressed data (past its headers, which any JPEG shares).
    slices = [
        jpeg[start : start + PHOTO_SLICE]
        for jpeg in jpegs
        for start in range(len(jpeg) // 4, len(jpeg) - PHOTO_SLICE, len(jpeg) // 8)
    ]
    return {"names": names, "phones": phones, "contacts": contacts, "photos": slices}


def test_stolen_laptop_holds_no_name_phone_or_photo_byte(tmp_path: Path) -> None:
    folder = tmp_path / "laptop"
    store_path = folder / "diagnosis.sqlite"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "demo", "--db", str(store_path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    needles = _needles(store_path)
    assert len(needles["names"]) == 200 and len(needles["phones"]) > 50
    assert len(needles["photos"]) > 20  # the demo's visits have photos
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert "diagnosis.sqlite" in {p.name for p in files}
    found = {}
    for p in files:
        data = p.read_bytes()
        for kind, items in needles.items():
            hits = [n for n in items if n in data]
            if hits:
                found[f"{p.relative_to(folder)} {kind}"] = len(hits)
    checked = {kind: len(items) for kind, items in needles.items()}
    size = sum(p.stat().st_size for p in files)
    report_counts("stolen laptop", {"files": len(files), "bytes": size, "looked for": checked})
    assert found == {}
