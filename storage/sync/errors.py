"""The one catalogue of sync errors: stable codes, their HTTP status and a reason in English and
Chinese (docs/sync.md "Errors"). Cheap to import: the client shares it with the server."""

from __future__ import annotations

from typing import Any, Final

CATALOGUE: Final[dict[str, tuple[int, str, str]]] = {
    "auth.missing": (
        401,
        "This request needs a token (Authorization: Bearer <token>).",
        "请求缺少令牌（Authorization: Bearer <令牌>）。",
    ),
    "auth.invalid": (
        401,
        "The token is unknown or has been revoked; ask the office for a new one.",
        "令牌无效或已被吊销，请向办公室申请新令牌。",
    ),
    "auth.forbidden": (
        403,
        "This account may not see or change this record.",
        "此账号无权查看或修改该记录。",
    ),
    "request.malformed": (422, "The request is malformed.", "请求格式有误。"),
    "batch.reused": (
        409,
        "This batch id was already used for other changes; send them under a new batch id.",
        "该批次编号已用于其他更改，请使用新的批次编号发送。",
    ),
    "batch.too_large": (
        413,
        "The batch is too large (at most 500 changes).",
        "批次过大（最多 500 项更改）。",
    ),
    "record.duplicate": (
        409,
        "Another record already has this natural key.",
        "已有另一条记录使用相同的唯一标识。",
    ),
    "record.invalid": (
        422,
        "The record breaks a rule of the diagnosis document; it was not taken.",
        "该记录不符合诊断文档的规则，未被接收。",
    ),
    "photo.too_large": (
        413,
        "The photo is larger than the server accepts.",
        "照片超过服务器允许的大小。",
    ),
    "photo.mismatch": (
        422,
        "The uploaded bytes do not match the photo's SHA-256; they were discarded.",
        "上传的数据与照片的 SHA-256 不符，已丢弃。",
    ),
    "photo.busy": (
        409,
        "This photo is being uploaded by another request; try again shortly.",
        "另一请求正在上传这张照片，请稍后重试。",
    ),
    "photo.timeout": (
        408,
        "The photo's upload stalled; the bytes received are kept: resume from the reported size.",
        "照片上传停滞；已收到的数据已保留，请从报告的大小处续传。",
    ),
    "photo.missing": (404, "The server has no such photo.", "服务器上没有这张照片。"),
    "district.unknown": (
        422,
        "No district has this code or name.",
        "没有此代码或名称的区县。",
    ),
    "not_found": (404, "Not found.", "未找到。"),
    # docs/sync.md "Backup and restore": a push made for the store as it was is never merged.
    "store.reset": (
        409,
        "The server's store is not the one this laptop last synced with (restored from a backup, "
        "or another store); sync again to send it what it lacks.",
        "服务器的存储库已不是本机上次同步的那个（已从备份恢复，或是另一个存储库）；"
        "请再次同步，把服务器缺少的内容重新发送过去。",
    ),
    "store.other": (
        409,
        "This server holds another central store than the one this laptop synced with; nothing "
        "was sent or applied. If it really replaces that server, sync once with --new-server.",
        "该服务器上是另一个中央存储库，不是本机同步过的那个；未发送也未应用任何内容。"
        "如果它确实取代了原服务器，请加 --new-server 同步一次。",
    ),
    # Offline bundles (docs/sync.md, Offline bundle): refused whole, nothing applied.
    "bundle.unusable": (
        422,
        "This file is not a usable sync bundle; nothing was applied.",
        "该文件不是可用的同步包，未做任何更改。",
    ),
    "bundle.format": (
        422,
        "This bundle's format is no longer accepted (format 1 carried the token in clear); "
        "export the request again with this version of the app. Nothing was applied.",
        "该同步包的格式已不再接受（格式 1 明文携带令牌）；请用此版本的应用重新导出请求。"
        "未做任何更改。",
    ),
    "bundle.too_large": (
        413,
        "This bundle exceeds the limits on entries or sizes; nothing was applied.",
        "该同步包超出条目数或大小限制，未做任何更改。",
    ),
    "bundle.forged": (
        401,
        "This bundle was changed after it was written, or made without this account's key; "
        "nothing was applied.",
        "该同步包在写出后被改动过，或并非用此账号的密钥生成，未做任何更改。",
    ),
    "bundle.key_unknown": (
        401,
        "No account has the key this request was signed with; nothing was applied.",
        "没有账号持有签署此请求的密钥，未做任何更改。",
    ),
    "bundle.stale": (
        409,
        "This reply was already imported, or no export is waiting for one; nothing was applied.",
        "该回复包已导入过，或没有等待回复的导出，未做任何更改。",
    ),
    "bundle.foreign": (
        409,
        "This reply answers another request (another laptop's, or an earlier export of this one); "
        "nothing was applied. Import the reply to this laptop's latest export.",
        "该回复包答复的是另一请求（另一台电脑的，或本机较早的导出），未做任何更改。"
        "请导入本机最近一次导出的回复包。",
    ),
    "bundle.restart": (
        409,
        "The server's store was restored from a backup since this request was made; nothing of "
        "this reply was applied. Export a new request and have the server machine answer it.",
        "自导出该请求以来，服务器的存储库已从备份恢复，本回复包未应用任何内容。"
        "请重新导出请求，再到服务器所在电脑上答复。",
    ),
    "server.error": (
        500,
        "The server failed to handle the request; nothing was changed.",
        "服务器处理请求失败，未做任何更改。",
    ),
}


class SyncRefusal(Exception):
    """A request (or one change of a batch) refused with a catalogue code.

    ``detail``/``detail_zh`` say what exactly was wrong (which field, which limit) and are added
    to the catalogue's reason; ``status`` overrides the catalogue's (400 for a body that is not
    JSON at all, 405 for a wrong method) without inventing a new code.
    """

    def __init__(
        self, code: str, detail: str = "", detail_zh: str | None = None, *, status: int = 0
    ) -> None:
        default_status, en, zh = CATALOGUE[code]
        self.code = code
        self.status = status or default_status
        self.reason = f"{en} {detail}".strip()
        self.reason_zh = f"{zh}{detail_zh if detail_zh is not None else detail}".strip()
        super().__init__(f"{code}: {self.reason}")

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "reason": self.reason, "reason_zh": self.reason_zh}
