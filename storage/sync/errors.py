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
    "photo.missing": (404, "The server has no such photo.", "服务器上没有这张照片。"),
    "district.unknown": (
        422,
        "No district has this code or name.",
        "没有此代码或名称的区县。",
    ),
    "not_found": (404, "Not found.", "未找到。"),
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
