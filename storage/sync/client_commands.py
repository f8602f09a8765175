"""The laptop's sync commands (``sync``, ``bundle export|import``) for main.py to call.

Each opens what it needs, reports in the user's language (or one JSON object) and returns the
exit code: 0 done, 1 done with conflicts, refused changes or photos not yet through reported,
2 could not run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import Any

from diagnosis.messages import Lang
from diagnosis.sync.ports import SyncError, SyncSummary

EXIT_OK, EXIT_REPORTED, EXIT_UNUSABLE = 0, 1, 2
TOKEN_ENV = "DIAGNOSIS_SYNC_TOKEN"
KEYRING_SERVICE = "diagnosis-workbench"
_SHOWN_REJECTIONS = 20
_SHOWN_PHOTOS = 5


def find_token(token: str | None, server: str | None) -> str | None:
    """The token given, else $DIAGNOSIS_SYNC_TOKEN, else the system keyring's for ``server``."""
    if token:
        return token
    if os.environ.get(TOKEN_ENV):
        return os.environ[TOKEN_ENV]
    if server is None:
        return None
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, server)
    except Exception:  # no keyring backend (a server, a container): as if none were saved
        return None
    return found or None


def sync(
    db_path: Path,
    server: str,
    token: str | None,
    as_json: bool,
    lang: Lang,
    cafile: str | None = None,
    *,
    new_server: bool = False,
) -> int:
    """``cafile``: the office's certificate (``server cert``), the one trusted for https.
    ``new_server``: the server's store replaces the one synced with (client_reset)."""
    from storage.sync.client import SyncClient
    from storage.sync.transport import HttpTransport

    if cafile and not server.lower().startswith("https://"):
        _err(
            "--cafile 仅用于 https:// 服务器地址"
            if lang == "zh"
            else "--cafile is for an https:// server address"
        )
        return EXIT_UNUSABLE
    found = find_token(token, server)
    if found is None:
        _err(_no_token(lang, keyring=True))
        return EXIT_UNUSABLE
    opened = _open(db_path, lang, "sync")
    if opened is None:
        return EXIT_UNUSABLE
    store, photos = opened
    progress = _Progress(as_json)
    try:
        with HttpTransport(server, found, cafile=cafile) as transport:
            client = SyncClient(store, transport, photos, adopt=new_server)
            summary = client.sync(progress)
    except SyncError as exc:
        progress.end()
        _err(_failed(exc, lang))
        return EXIT_UNUSABLE
    finally:
        store.close()
    progress.end()
    return _report(summary, as_json, lang)


def bundle_export(
    db_path: Path, out: Path, token: str | None, as_json: bool, lang: Lang = "zh"
) -> int:
    from storage.sync.bundle import export_request

    found = find_token(token, None)
    if found is None:
        _err(_no_token(lang, keyring=False))
        return EXIT_UNUSABLE
    opened = _open(db_path, lang, "bundle export")
    if opened is None:
        return EXIT_UNUSABLE
    store, photos = opened
    try:
        written = export_request(store, photos, out, found)
    except OSError as exc:
        _err((f"无法写入 {out}：" if lang == "zh" else f"cannot write {out}: ") + str(exc))
        return EXIT_UNUSABLE
    except SyncError as exc:  # more than a bundle may hold
        _err(_failed(exc, lang))
        return EXIT_UNUSABLE
    finally:
        store.close()
    if as_json:
        print(json.dumps(written, ensure_ascii=False))
    elif lang == "zh":
        print(f"已写出 {out}：{written['changes']} 条更改，{written['photos']} 张照片")
    else:
        print(f"wrote {out}: {written['changes']} changes, {written['photos']} photos")
    return EXIT_OK


def bundle_import(
    path: Path,
    db_path: Path | None = None,
    store_path: Path | None = None,
    as_json: bool = False,
    lang: Lang = "zh",
) -> int:
    """With ``store_path``: answer a request on the server machine, writing ``<path>.reply``.
    With ``db_path``: apply a reply to the laptop's store."""
    if not path.is_file():
        _err(f"找不到文件 {path}" if lang == "zh" else f"no file at {path}")
        return EXIT_UNUSABLE
    if store_path is not None:
        return _answer(path, store_path, as_json, lang)
    if db_path is None:
        _err("需要 --db 或 --store" if lang == "zh" else "give --db or --store")
        return EXIT_UNUSABLE
    from storage.sync.bundle import import_reply

    opened = _open(db_path, lang, "bundle import")
    if opened is None:
        return EXIT_UNUSABLE
    store, photos = opened
    try:
        summary = import_reply(store, photos, path)
    except SyncError as exc:
        _err(_failed(exc, lang))
        return EXIT_UNUSABLE
    finally:
        store.close()
    return _report(summary, as_json, lang)


def _answer(path: Path, store_path: Path, as_json: bool, lang: Lang) -> int:
    from storage.database import StoreError
    from storage.sync.bundle import answer_request
    from storage.sync.errors import SyncRefusal
    from storage.sync.server_db import ServerStore

    reply = path.with_name(path.name + ".reply")
    if not store_path.is_file():  # never make an empty central store by accident
        _err(f"找不到中心库 {store_path}" if lang == "zh" else f"no central store at {store_path}")
        return EXIT_UNUSABLE
    try:
        server = ServerStore(store_path)
    except StoreError as exc:
        _err(exc.message.text(lang))
        return EXIT_UNUSABLE
    try:
        answered = answer_request(server, path, reply)
    except SyncRefusal as exc:
        _err(f"{exc.code}: {exc.reason_zh if lang == 'zh' else exc.reason}")
        return EXIT_UNUSABLE
    except SyncError as exc:
        _err(_failed(exc, lang))
        return EXIT_UNUSABLE
    finally:
        server.close()
    if as_json:
        print(json.dumps(answered, ensure_ascii=False))
    elif lang == "zh":
        print(
            f"已写出 {reply}：收到 {answered['changes']} 条更改，"
            f"回复 {answered['records']} 条记录、{answered['photos_out']} 张照片"
        )
    else:
        print(
            f"wrote {reply}: {answered['changes']} changes in, "
            f"{answered['records']} records and {answered['photos_out']} photos out"
        )
    if answered.get("more") and not as_json:  # the reply had no room for all: say what to do
        print(
            "服务器还有更多记录：回复包导入后，请再导出一次请求并在此答复。"
            if lang == "zh"
            else "more records wait on the server: after importing the reply, export and answer "
            "another request"
        )
    return EXIT_OK


def _open(db_path: Path, lang: Lang, writer: str) -> tuple[Any, Any] | None:
    """The laptop's store and photos, holding the store's writer lock as ``writer``."""
    from storage.database import Store, StoreError

    try:
        store = Store(db_path, writer=writer)
    except StoreError as exc:
        _err(exc.message.text(lang))
        return None
    return store, store.photos()


def _report(summary: SyncSummary, as_json: bool, lang: Lang) -> int:
    if as_json:
        print(json.dumps(dataclasses.asdict(summary), ensure_ascii=False))
    elif lang == "zh":
        if summary.server_restored:
            print(f"服务器的存储库已从备份恢复；已重新发送 {summary.resent} 条记录")
        print(
            f"已发送 {summary.sent} 条，已接收 {summary.received} 条，"
            f"待解决冲突 {summary.conflicts} 个"
        )
        _details(summary, "已合并", "新修订版", "被拒绝", "照片：发送 {} 张，接收 {} 张")
        _photos_left(
            summary,
            "照片待发送 {} 张（下次同步重试）：{}",
            "照片缺失 {} 张（服务器上暂无，下次同步再取）：{}",
        )
    else:
        if summary.server_restored:
            print(f"the server was restored from a backup; re-sent {summary.resent} records")
        print(
            f"sent {summary.sent}, received {summary.received}, open conflicts {summary.conflicts}"
        )
        _details(summary, "merged", "new revisions", "refused", "photos: {} sent, {} received")
        _photos_left(
            summary,
            "photos still to send: {} (retried next sync): {}",
            "photos still missing: {} (not on the server yet; asked for next sync): {}",
        )
    # Photos that did not get through count as reported: the office must not think it has all.
    left = summary.photos_unsent or summary.photos_missing
    return EXIT_REPORTED if summary.conflicts or summary.rejected or left else EXIT_OK


def _photos_left(summary: SyncSummary, unsent: str, missing: str) -> None:
    """One line each for photos not sent and not received, with the first addresses (--json
    lists them all)."""
    for line, shas in ((unsent, summary.photos_unsent), (missing, summary.photos_missing)):
        if shas:
            shown = ", ".join(sha[:12] for sha in shas[:_SHOWN_PHOTOS])
            more = f" … +{len(shas) - _SHOWN_PHOTOS}" if len(shas) > _SHOWN_PHOTOS else ""
            print(line.format(len(shas), shown + more))


def _details(summary: SyncSummary, merged: str, revisions: str, refused: str, pics: str) -> None:
    if summary.merged:
        print(f"{merged}: {summary.merged}")
    if summary.photos_sent or summary.photos_received:
        print(pics.format(summary.photos_sent, summary.photos_received))
    if summary.revisions:
        print(f"{revisions}: {', '.join(summary.revisions)}")
    # A refused visit refuses its answers too: the first lines say why, --json lists them all.
    for line in summary.rejected[:_SHOWN_REJECTIONS]:
        print(f"{refused}: {line}")
    if len(summary.rejected) > _SHOWN_REJECTIONS:
        print(f"{refused}: … +{len(summary.rejected) - _SHOWN_REJECTIONS} (--json)")


class _Progress:
    """One updating line on a terminal; nothing when output is piped or JSON."""

    def __init__(self, as_json: bool) -> None:
        self.live = not as_json and sys.stderr.isatty()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.live:
            print(f"\r{stage} {done}/{total}   ", end="", file=sys.stderr, flush=True)
            self.shown = True

    def end(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def _no_token(lang: Lang, keyring: bool) -> str:
    if lang == "zh":
        where = "、系统钥匙串" if keyring else ""
        return f"没有同步令牌：请用 --token 提供，或设置环境变量 {TOKEN_ENV}{where}。"
    where = " or save it in the system keyring" if keyring else ""
    return f"no sync token: give --token, set ${TOKEN_ENV}{where}."


_NETWORK_ZH = {
    "network.unreachable": "无法连接服务器，请检查网络和服务器地址。",
    "network.interrupted": "连接中断；再次同步会从中断处继续。",
    "network.untrusted": "服务器证书不受信任：请用 --cafile 指定办公室给的证书文件 server.crt。",
    "network.cafile": "无法使用 --cafile 指定的证书文件。",
}
# What to type on the command line, after the app's own words for a network failure.
_CLI_HINTS_ZH = {"network.untrusted": "请用 --cafile 指定办公室给的证书文件 server.crt。"}
# What to do, after the English reason (the Chinese texts above say it already).
_HINTS_EN = {
    "network.untrusted": "give the office's certificate file with --cafile server.crt",
}


def _failed(exc: SyncError, lang: Lang) -> str:
    if lang != "zh":
        hint = _HINTS_EN.get(exc.code)
        return f"sync failed ({exc.code}): {exc.reason}" + (f"; {hint}" if hint else "")
    reason_zh = getattr(exc, "reason_zh", None)  # a bundle refusal says it all in Chinese
    if isinstance(reason_zh, str) and reason_zh:
        return f"同步未完成（{exc.code}）：{reason_zh}"
    from diagnosis.failures import ExplainedSyncError

    from storage.sync.errors import CATALOGUE

    if isinstance(exc, ExplainedSyncError):  # a network failure the app words for the reader
        failure = exc.failure
        detail = f"（详细信息：{failure.detail}）" if failure.detail else ""
        hint = _CLI_HINTS_ZH.get(exc.code, "")  # what to type, which the app's words cannot say
        return f"同步未完成（{exc.code}）：{failure.message.text('zh')}{detail}{hint}"
    known = CATALOGUE.get(exc.code)
    text = known[2] if known else _NETWORK_ZH.get(exc.code, "")
    return f"同步未完成（{exc.code}）：" + " ".join(part for part in (text, exc.reason) if part)


def _err(text: str) -> None:
    print(text, file=sys.stderr)
