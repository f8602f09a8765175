"""``python main.py store check``: the whole-file ``integrity_check`` of a store, on demand.

Reads only (it never migrates nor takes the writer's lock, so it runs beside the app). Exit 0:
no damage; 1: damage found, said with what to do; 2: not a store that can be checked here (not
a database, its key not available).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from diagnosis.messages import Message

from commands import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, db_path, err


def cmd_store_check(args: argparse.Namespace) -> int:
    from storage.keys import key_for
    from storage.store_check import full_check_passed
    from storage.store_file import FULL, check_file, check_integrity, has_content, plain_store
    from storage.store_messages import StoreError

    central = bool(args.store)
    path = Path(args.store) if central else db_path(args)
    if not has_content(path):
        err(f"没有这个数据库：{path}" if args.lang == "zh" else f"no store at {path}")
        return EXIT_USAGE
    start = time.perf_counter()
    try:
        if central:
            check_file(path, FULL)
        else:
            key = None if plain_store(path) else key_for(path, create=False)
            check_integrity(path, key, None, FULL)
    except StoreError as exc:
        damaged = exc.message.code == "store.corrupt"
        text = exc.message.text(args.lang)
        if args.json:
            print(json.dumps({"ok": False, "code": exc.message.code, "message": text}))
        err(text)
        if damaged:
            err(Message("store.damaged_todo").text(args.lang))
        return EXIT_REJECTED if damaged else EXIT_USAGE
    if not central:
        full_check_passed(path)  # the app need not run it again soon
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps({"ok": True, "seconds": round(seconds, 3)}))
    else:
        print(
            f"数据库完好：{path}（{seconds:.1f} 秒）"
            if args.lang == "zh"
            else f"no damage found: {path} ({seconds:.1f} s)"
        )
    return EXIT_OK
