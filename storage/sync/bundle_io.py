"""Signed bundles, both ways: write one under a key, open one and check its MAC before a byte
of ``bundle.json`` is parsed or a photo read, then each photo against the signed list."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from storage.sync.bundle_auth import check_mac, checked_header, comment, signer
from storage.sync.bundle_zip import MAX_JSON, BundleError, BundleFile, photo_mismatch, write_bundle

REQUEST: Final = "diagnosis-sync-request"
REPLY: Final = "diagnosis-sync-reply"
_SHA: Final = frozenset("0123456789abcdef")


class SignedBundle(BundleFile):
    def verified(self, kind: str, key: bytes) -> dict[str, Any]:
        """``bundle.json``, once its MAC under ``key`` holds, with every photo entry listed in
        it and hashing to its name. Until the MAC holds, no photo is read."""
        name = self.path.name
        account, request, mac = checked_header(self.header, kind, name)
        # First only through the MAC, keeping nothing: a hostile file costs a chunk of memory.
        signed = signer(key, kind, account, request)
        for chunk in self.body_chunks():
            signed.update(chunk)
        check_mac(signed, mac, name)
        # Then kept, and checked again: the file may have changed between the two reads.
        again, parts = signer(key, kind, account, request), []
        for chunk in self.body_chunks():
            again.update(chunk)
            parts.append(chunk)
        check_mac(again, mac, name)
        text = b"".join(parts)
        del parts
        try:
            manifest = json.loads(text)
        except ValueError as exc:  # signed, yet not JSON: written by something else
            raise BundleError("bundle.unusable", f"{name}: {exc}", f"{name}：{exc}") from exc
        if (
            not isinstance(manifest, dict)
            or manifest.get("kind") != kind
            or manifest.get("request") != request
            or manifest.get("account") != account
        ):
            raise BundleError(
                "bundle.unusable",
                f"{name}: its contents do not match its header.",
                f"{name}：内容与头部不符。",
            )
        listed = photo_list(manifest)
        if set(listed) != set(self.photos):
            raise BundleError(
                "bundle.forged",
                f"{name}: its photos are not the ones it was signed with.",
                f"{name}：其中的照片与签名时的不同。",
            )
        for sha in listed:
            if self.photo_sha(sha) != sha:
                raise photo_mismatch(sha)
        return manifest


def open_signed(path: Path) -> SignedBundle:
    return SignedBundle(path)


def write_signed(
    out: Path,
    key: bytes,
    manifest: Mapping[str, Any],
    photos: Mapping[str, Callable[[], bytes] | Path],
) -> None:
    """``manifest`` (with its kind, account and request) as ``bundle.json``, signed, and the
    photos it lists."""
    kind, account, request = manifest["kind"], manifest["account"], manifest["request"]
    text = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    if len(text) > MAX_JSON:
        raise BundleError(
            "bundle.too_large",
            f"bundle.json would be {len(text):,} bytes (at most {MAX_JSON:,}).",
            f"bundle.json 将有 {len(text):,} 字节（上限 {MAX_JSON:,}）。",
        )
    signed = signer(key, kind, account, request)
    signed.update(text)
    write_bundle(out, comment(kind, account, request, signed.hexdigest()), text, photos)


def finding_photos(changes: Iterable[Mapping[str, Any]]) -> list[str]:
    """The photos the findings among ``changes`` name, each once."""
    names: dict[str, None] = {}
    for c in changes:
        if c.get("table") != "findings" or c.get("deleted"):
            continue
        try:
            listed = json.loads((c.get("data") or {}).get("photos") or "[]")
        except (TypeError, ValueError):
            continue
        if isinstance(listed, list):
            names.update((n, None) for n in listed if is_sha(n))
    return list(names)


def is_sha(name: object) -> bool:
    return isinstance(name, str) and len(name) == 64 and set(name) <= _SHA


def photo_list(manifest: Mapping[str, Any], key: str = "photos") -> list[str]:
    value = manifest.get(key) or []
    if not isinstance(value, list) or not all(is_sha(v) for v in value):
        raise BundleError(
            "bundle.unusable",
            f"Its {key} are not a list of SHA-256.",
            f"其 {key} 不是 SHA-256 列表。",
        )
    return list(dict.fromkeys(value))


def records(manifest: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = manifest.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise BundleError(
            "bundle.unusable", f"Its {key} are not a list of records.", f"其 {key} 不是记录列表。"
        )
    return value
