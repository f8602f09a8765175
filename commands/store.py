"""``python main.py passphrase``: set the passphrase that opens an encrypted store, so that it can
move to another laptop (or be opened if this computer's keyring is lost).

The key stays the same; only its wrapping in the key file beside the store changes. storage.keys
does the work; this module asks for the passphrase and prints.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from commands import EXIT_OK, EXIT_USAGE, err, open_or_exit

if TYPE_CHECKING:
    from diagnosis.messages import Lang


def cmd_passphrase(args: argparse.Namespace) -> int:
    from storage.keys import keys_path, set_passphrase
    from storage.store_messages import StoreError

    lang: Lang = args.lang
    new = _new_passphrase(args, lang)
    if new is None:
        return EXIT_USAGE
    store = open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    try:
        if store.key is None:
            err("该数据库未加密" if lang == "zh" else "this store is not encrypted")
            return EXIT_USAGE
        set_passphrase(store.path, store.key, new)
    except StoreError as exc:
        err(exc.message.text(lang))
        return EXIT_USAGE
    finally:
        store.close()
    if lang == "zh":
        print(
            f"已设定口令。在另一台电脑上打开此数据库时，请把“{store.path.name}”、"
            f"“{keys_path(store.path).name}”和照片文件夹一起复制过去，并提供该口令。"
        )
    else:
        print(
            f"Passphrase set. To open this store on another computer, copy "
            f"'{store.path.name}', '{keys_path(store.path).name}' and the photos folder "
            "together, and give this passphrase there."
        )
    return EXIT_OK


def _new_passphrase(args: argparse.Namespace, lang: Lang) -> str | None:
    from storage.keys import MIN_PASSPHRASE, read_passphrase_file

    if args.new_passphrase_file:
        try:
            return read_passphrase_file(Path(args.new_passphrase_file))
        except OSError as exc:
            err(
                ("无法读取口令文件：" if lang == "zh" else "cannot read the passphrase file: ")
                + str(exc)
            )
            return None
    first = getpass.getpass("新口令 / New passphrase: ")
    again = getpass.getpass("再输入一次 / Again: ")
    if first != again:
        err("两次输入的口令不一致" if lang == "zh" else "the two passphrases differ")
        return None
    if len(first) < MIN_PASSPHRASE:
        err(
            f"口令至少需要 {MIN_PASSPHRASE} 个字符"
            if lang == "zh"
            else f"a passphrase needs at least {MIN_PASSPHRASE} characters"
        )
        return None
    return first
