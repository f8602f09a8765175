"""Who made a bundle, and that nobody changed it (docs/sync.md, Offline bundle): an
HMAC-SHA256 under a key derived from the account's token, never the token itself.

The laptop derives the key from the token it holds; the server, which keeps only the token's
SHA-256, keeps the derived key beside it (``users.bundle_key``, m005), stored when the account
is made and, for an account made before, when its token is next seen over HTTP. The key's id
(a hash of the key) names the account in a bundle; it tells nobody the token or the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3
from typing import Any, Final

from storage.sync.bundle_zip import FORMAT, BundleError

_LABEL: Final = b"diagnosis-bundle-v2"
_KEY_ID: Final = re.compile(r"[0-9a-f]{32}")
_UUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_MAC: Final = re.compile(r"[0-9a-f]{64}")


def derive_key(token: str) -> bytes:
    """The bundle key of the account whose token this is."""
    return hmac.new(token.encode("utf-8"), _LABEL, hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """What a bundle names its account by: reveals neither the key nor the token."""
    return hashlib.sha256(_LABEL + b"/id\n" + key).hexdigest()[:32]


def signer(key: bytes, kind: str, account: str, request: str) -> hmac.HMAC:
    """The MAC of a bundle, fed its header here and then ``bundle.json``'s bytes by the caller.
    The header is inside it, so a request cannot pass for a reply or answer another request."""
    fields = {"format": FORMAT, "kind": kind, "account": account, "request": request}
    text = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(key, _LABEL + b"\n" + text + b"\n", hashlib.sha256)


def comment(kind: str, account: str, request: str, mac: str) -> bytes:
    fields = {"format": FORMAT, "kind": kind, "account": account, "request": request, "mac": mac}
    return json.dumps(fields, separators=(",", ":")).encode("utf-8")


def checked_header(header: dict[str, Any], kind: str, name: str) -> tuple[str, str, str]:
    """The (account, request, mac) of a bundle of ``kind``, well formed; else refused."""
    if header.get("kind") != kind:
        asked = kind.endswith("request")
        what, what_zh = ("a request", "请求包") if asked else ("a reply", "回复包")
        raise BundleError("bundle.unusable", f"{name} is not {what}.", f"{name} 不是{what_zh}。")
    account, request, mac = header.get("account"), header.get("request"), header.get("mac")
    if not (
        isinstance(account, str)
        and _KEY_ID.fullmatch(account)
        and isinstance(request, str)
        and _UUID.fullmatch(request)
        and isinstance(mac, str)
        and _MAC.fullmatch(mac)
    ):
        raise BundleError(
            "bundle.unusable",
            f"{name}: its header lacks the account, request id or MAC.",
            f"{name}：其头部缺少账号、请求编号或 MAC。",
        )
    return account, request, mac


def check_mac(signed: hmac.HMAC, mac: str, name: str) -> None:
    if not hmac.compare_digest(signed.hexdigest(), mac):
        raise BundleError(
            "bundle.forged",
            f"{name}: its MAC does not match its contents.",
            f"{name}：MAC 与内容不符。",
        )


# --- the server's side: the key beside the account ------------------------------------------


def keep_key(conn: sqlite3.Connection, name: str, token: str) -> None:
    """Store the account's bundle key if it has none (the caller holds the writer)."""
    key = derive_key(token)
    conn.execute(
        "UPDATE users SET bundle_key = ?, bundle_key_id = ? WHERE name = ? AND bundle_key IS NULL",
        [key.hex(), key_id(key), name],
    )


def find_key(conn: sqlite3.Connection, account: str) -> tuple[tuple[str, str, str], bytes] | None:
    """((name, role, districts as JSON), key) of the live account ``account`` names, or None."""
    row = conn.execute(
        "SELECT name, role, districts, bundle_key FROM users "
        "WHERE bundle_key_id = ? AND revoked = 0",
        [account],
    ).fetchone()
    return None if row is None else ((row[0], row[1], row[2]), bytes.fromhex(row[3]))


def unknown_account() -> BundleError:
    return BundleError(
        "bundle.key_unknown",
        "Either the token it was made with is unknown or revoked, or the account was made before "
        "bundles were signed and has no bundle key yet: sync once over the network with that "
        "token (which stores the key), or make the account anew with `user add`.",
        "要么生成它的令牌未知或已吊销，要么该账号创建于同步包签名之前、尚无同步包密钥："
        "请用该令牌通过网络同步一次（即会保存密钥），或用 `user add` 重新创建账号。",
    )
