"""``python main.py demo`` and ``import-enterprises``: the enterprise register filled from sample
firms or from a district's file, with a summary as text or JSON.

The import's rules and messages are diagnosis.register.service's; this module only wires and prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commands import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, db_path, err, open_or_exit

if TYPE_CHECKING:
    from diagnosis.messages import Lang


def cmd_demo(args: argparse.Namespace) -> int:
    import services
    from diagnosis.demo.fill import fill_demo

    store = open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    filled = fill_demo(
        services.register_service(store),
        services.visit_service(store),
        store.photos(),
        count=args.enterprises,
        visit_count=args.visits,
        seed=args.seed,
    )
    new, created = filled.inserted, filled.visits
    lang: Lang = args.lang
    summary = {
        "inserted": new,
        "existing": filled.existing,
        "total": filled.total,
        "visits": created,
        "db": str(store.path),
    }
    store.close()
    if args.json:
        import json

        print(json.dumps(summary, ensure_ascii=False))
    elif lang == "zh":
        print(
            f"已写入 {new} 家示例企业（已有 {filled.existing} 家）和 {created} 次完整诊断；"
            f"数据库共 {summary['total']} 家：{summary['db']}"
        )
    else:
        print(
            f"Added {new} sample enterprises ({filled.existing} already there) and "
            f"{created} complete visits; {summary['total']} in {summary['db']}"
        )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    import services
    from diagnosis.register.table_errors import ReadError

    created = not db_path(args).exists()
    store = open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    lang: Lang = args.lang
    try:
        plan = services.register_service(store).import_file(Path(args.file), sheet=args.sheet)
    except ReadError as exc:
        err(exc.message.text(lang))
        store.close()
        if created:  # an unusable file leaves no empty store behind
            for suffix in ("", "-wal", "-shm"):
                Path(str(store.path) + suffix).unlink(missing_ok=True)
        return EXIT_USAGE
    store.close()
    report = plan.report(lang)
    if args.json:
        import json

        print(json.dumps(report, ensure_ascii=False))
    else:
        _print_import(report, lang)
    # Warnings alone exit 0: every row was taken, its doubtful fields left as they were.
    return EXIT_REJECTED if plan.rejected else EXIT_OK


_TEXT = {
    "zh": {
        "counts": "新增 {inserted} 家，更新 {updated} 家，未变 {unchanged} 家，拒绝 {rows} 行，"
        "提示 {warnings} 条",
        "sheet": "读取工作表“{sheet}”（另有：{others}）",
        "rejected": "  第 {row} 行 {field_label}：{reason}",
        "warning": "  提示：第 {row} 行 {field_label}“{value}”：{reason}{kept}",
        "left_empty": "（此格未采用）",
        "not_imported": "未导入的列：{columns}",
        "note": "  说明行：第 {row} 行 {text}",
        "sep": "、",
    },
    "en": {
        "counts": "inserted {inserted}, updated {updated}, unchanged {unchanged}, "
        "rejected {rows} rows, {warnings} warnings",
        "sheet": "read sheet '{sheet}' (others: {others})",
        "rejected": "  row {row} {field_label}: {reason}",
        "warning": "  warning: row {row} {field_label} '{value}': {reason}{kept}",
        "left_empty": " (cell not taken)",
        "not_imported": "not imported: {columns}",
        "note": "  note: row {row} {text}",
        "sep": ", ",
    },
}


def _print_import(report: dict[str, Any], lang: Lang) -> None:
    text = _TEXT[lang]
    rejected, warnings = report["rejected"], report["warnings"]
    if report["other_sheets"]:
        print(
            text["sheet"].format(
                sheet=report["sheet"], others=text["sep"].join(report["other_sheets"])
            )
        )
    rows = len({r["row"] for r in rejected})
    counts = {k: report[k] for k in ("inserted", "updated", "unchanged")}
    print(text["counts"].format(**counts, rows=rows, warnings=len(warnings)))
    for r in rejected:
        print(text["rejected"].format(**r))
    for w in warnings:
        print(text["warning"].format(**w, kept=text["left_empty"] if w["left_empty"] else ""))
    if report["not_imported"]:
        print(text["not_imported"].format(columns=text["sep"].join(report["not_imported"])))
    for n in report["notes"]:
        print(text["note"].format(**n))
