"""Why the store cannot be used, in both languages: the error every front end shows as it is.

The store's own refusals (in use, locked by its key) have their codes here; the general ones
(not a database, damaged, newer) are in ``diagnosis.messages``' catalogue, which ``StoreMessage``
falls back to. ``refusal_for`` says which of them a SQLite error met reading the store means,
for the file check (storage.store_file) and the open store (storage.database) alike: here, as
the file check loads storage.store_check only once its background check runs (start-up time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.messages import Lang, Message

from storage.kek import ENV_PASSPHRASE

if TYPE_CHECKING:
    from pathlib import Path

NOTADB = 26  # SQLITE_NOTADB: not a database (or not with this key)

_CATALOGUE: dict[str, tuple[str, str]] = {
    "store.busy_app": (
        "工作台程序正在使用数据库“{path}”（进程 {pid}）。请在程序里操作，或先关闭程序再试。",
        "The workbench app is using the store '{path}' (process {pid}). Do this in the app, "
        "or close the app and try again.",
    ),
    "store.busy_command": (
        "另一个命令（{what}，进程 {pid}）正在写入数据库“{path}”，请等它结束后再试。",
        "Another command ({what}, process {pid}) is writing to the store '{path}'; try again "
        "when it has finished.",
    ),
    "store.passphrase_needed": (
        "数据库“{path}”已加密，本机的系统密钥环里没有它的密钥：请用 --passphrase-file 文件 "
        f"或环境变量 {ENV_PASSPHRASE} 提供它的口令。",
        "The store '{path}' is encrypted and this computer's keyring does not hold its key: "
        f"give its passphrase with --passphrase-file F or the environment variable "
        f"{ENV_PASSPHRASE}.",
    ),
    "store.passphrase_new": (
        "本机没有可用的系统密钥环来保存新数据库“{path}”的密钥：请设定一个口令，用 "
        f"--passphrase-file 文件 或环境变量 {ENV_PASSPHRASE} 提供。",
        "This computer has no system keyring to keep the key of the new store '{path}': choose "
        f"a passphrase and give it with --passphrase-file F or the environment variable "
        f"{ENV_PASSPHRASE}.",
    ),
    "store.passphrase_wrong": (
        "口令不对，无法打开数据库“{path}”。",
        "Wrong passphrase: the store '{path}' cannot be opened with it.",
    ),
    "store.passphrase_short": (
        "口令至少需要 {min} 个字符。",
        "A passphrase needs at least {min} characters.",
    ),
    "store.key_elsewhere": (
        "数据库“{path}”的密钥保存在另一台电脑的系统密钥环里，且未设定口令。请在原电脑上用 "
        "python main.py passphrase --db 路径 设定口令，再在这里提供该口令。",
        "The key of the store '{path}' is kept in another computer's keyring and no passphrase "
        "was set for it. On that computer, set one with python main.py passphrase --db PATH, "
        "then give it here.",
    ),
    "store.in_use": (
        "数据库“{path}”正被另一个程序打开，现在无法加密；请关闭该程序后再试。",
        "The store '{path}' is open in another program, so it cannot be encrypted now; close "
        "that program and try again.",
    ),
    "store.key_missing": (
        "数据库“{path}”已加密，但它的密钥文件“{keys}”不在旁边，未做任何修改。"
        "请把密钥文件和数据库放在同一文件夹。",
        "The store '{path}' is encrypted but its key file '{keys}' is not beside it; it was "
        "left untouched. Put the key file in the same folder as the store.",
    ),
    "store.key_damaged": (
        "数据库“{path}”的密钥文件“{keys}”无法读取（{detail}），未做任何修改。",
        "The key file '{keys}' of the store '{path}' cannot be read ({detail}); the store was "
        "left untouched.",
    ),
}


class StoreMessage(Message):
    """A ``Message`` whose code may be one of the store's own (above). Message's fields,
    equality and frozenness as they are: no dataclass of its own to build at every start."""

    def text(self, lang: Lang = "zh") -> str:
        if self.code not in _CATALOGUE:
            return super().text(lang)
        zh, en = _CATALOGUE[self.code]
        return (zh if lang == "zh" else en).format(**self.params)


class StoreError(Exception):
    """The store cannot be used; nothing was written. ``message`` says why, in both languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text("en"))
        self.message = message


def is_not_database(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code == NOTADB or "not a database" in str(exc)


def refusal_for(path: Path, exc: BaseException) -> StoreError:
    """A SQLite error met reading the store, as the refusal it means: not a database (or not
    with this key), or damaged."""
    if is_not_database(exc):
        return StoreError(Message("store.not_database", {"path": str(path)}))
    return StoreError(Message("store.corrupt", {"path": str(path), "detail": str(exc)}))
