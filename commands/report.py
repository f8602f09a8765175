"""``python main.py report VISIT_ID --out F.pdf|DIR``: a visit's improvement plan as a PDF, with
its path and page count said as text or JSON.

Every word of the plan is in templates/ and every figure in diagnosis.report; this module only
wires and prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from commands import EXIT_OK, EXIT_USAGE, err, open_or_exit

if TYPE_CHECKING:
    from diagnosis.messages import Lang


def cmd_report(args: argparse.Namespace) -> int:
    import json

    import services
    from diagnosis.messages import DomainError

    lang: Lang = args.lang
    font = Path(args.font) if args.font else None
    if font is not None and not font.is_file():
        err(f"字体文件不存在：{font}" if lang == "zh" else f"no font file at {font}")
        return EXIT_USAGE
    store = open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    try:
        plans = services.plan_service(store, font)
        written = plans.export(args.visit, Path(args.out), lang)
    except DomainError as exc:
        err(exc.problems[0].text(lang))
        return EXIT_USAGE
    except OSError as exc:
        err(f"无法写入 {args.out}：{exc}" if lang == "zh" else f"cannot write {args.out}: {exc}")
        return EXIT_USAGE
    finally:
        store.close()
    if args.json:
        print(
            json.dumps(
                {
                    "visit": written.visit_id,
                    "path": str(written.path),
                    "pages": written.pages,
                    "font_embedded": plans.font.embedded,
                    "warnings": list(written.warnings),
                },
                ensure_ascii=False,
            )
        )
    else:
        pages = f"{written.pages} 页" if lang == "zh" else f"{written.pages} pages"
        print(f"{written.path}  ({pages})")
        for warning in written.warnings:
            err(warning)
    return EXIT_OK
