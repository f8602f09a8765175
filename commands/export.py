"""``python main.py export-enterprises``: the register as stored, to .xlsx, .csv or JSON.

A reading command: it opens the store without the writer lock, so it works beside the open app.
Rows and headers are diagnosis.register.export's; this module only wires and prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commands import EXIT_OK, EXIT_USAGE, db_path, err, open_or_exit

if TYPE_CHECKING:
    from diagnosis.messages import Lang
    from diagnosis.register.service import RegisterService

_CHUNK = 5000  # enterprises read per query: a register of 300,000 firms is never held whole


def cmd_export(args: argparse.Namespace) -> int:
    import services
    from diagnosis.messages import Message
    from diagnosis.register.export import summary, write_file

    lang: Lang = args.lang
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".xlsx", ".csv"):
        err(Message("export.format", {"suffix": out.suffix or out.name}).text(lang))
        return EXIT_USAGE
    # Opening a missing path would create an empty store and export nothing: say so instead.
    if not db_path(args).is_file():
        err(Message("export.no_store", {"path": str(db_path(args))}).text(lang))
        return EXIT_USAGE
    store = open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    try:
        service = services.register_service(store)
        ids = service.ids_by_name()
        rows = _records(service, ids, lang)
        if out is not None:
            try:
                write_file(out, rows, lang, len(ids))
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                err(Message("export.unwritable", {"path": str(out), "reason": reason}).text(lang))
                return EXIT_USAGE
        if args.json and out is None:
            _print_json(rows, len(ids))
        elif args.json:
            print(json.dumps({"count": len(ids), "file": str(out)}, ensure_ascii=False))
        elif out is not None:
            print(Message("export.written", {"count": len(ids), "path": str(out)}).text(lang))
        else:
            _print_summary(summary(rows), lang)
    finally:
        store.close()
    return EXIT_OK


def _records(service: RegisterService, ids: list[str], lang: Lang) -> Iterator[dict[str, Any]]:
    """The records in name order, read a chunk at a time as the writer takes them."""
    from diagnosis.register.export import records

    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found = service.rows(chunk)
        yield from records((found[i] for i in chunk if i in found), lang)


def _print_json(rows: Iterator[dict[str, Any]], count: int) -> None:
    """One JSON object, written a record at a time."""
    write = sys.stdout.write
    write(f'{{"count": {count}, "enterprises": [')
    for n, record in enumerate(rows):
        write((", " if n else "") + json.dumps(record, ensure_ascii=False))
    write("]}\n")


def _print_summary(s: dict[str, Any], lang: Lang) -> None:
    from diagnosis.messages import Message

    print(Message("export.summary", s).text(lang))
    for district, count in s["by_district"].items():
        print(f"  {district}: {count:,}")
