"""``python main.py visit list|export|import|score``: visits and the portable diagnosis document
(JSON) on the command line.

Reads and writes go through diagnosis.visits.records' service; this module only wires and prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commands import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, err, open_or_exit

if TYPE_CHECKING:
    from diagnosis.messages import Lang, Message
    from diagnosis.visits.document import Document, Reading


def _read_document(path: str, lang: Lang) -> Reading | None:
    """The document at ``path`` with what the reader should be told (said on stderr at once:
    an old format folded into the answers, a stale derived block recomputed)."""
    import json

    from diagnosis.visits.document import DocumentError, read_document

    try:
        reading = read_document(json.loads(Path(path).read_text("utf-8")))
    except (OSError, ValueError) as exc:
        problems = exc.problems if isinstance(exc, DocumentError) else [str(exc)]
        err(("无法使用该诊断文件：" if lang == "zh" else "cannot use this document: ") + path)
        for problem in problems:
            err(f"  {problem}")
        return None
    _tell(reading.notices, lang)
    return reading


def _tell(notices: tuple[Message, ...], lang: Lang) -> None:
    for notice in notices:
        err(("注意：" if lang == "zh" else "note: ") + notice.text(lang))


def _visit_from_store(args: argparse.Namespace, visit_id: str) -> Document | None:
    import services
    from diagnosis.messages import DomainError

    store = open_or_exit(args)
    if store is None:
        return None
    try:
        return services.visit_service(store).export(visit_id)
    except DomainError as exc:
        err(exc.problems[0].text(args.lang))
        return None
    finally:
        store.close()


def cmd_visit_score(args: argparse.Namespace) -> int:
    import json

    from diagnosis.assessment.assess import assess, assessment_to_dict
    from diagnosis.plausibility.checks import doubts_of, doubts_to_dict

    lang: Lang = args.lang
    is_file = args.visit.endswith(".json") or Path(args.visit).is_file()
    notices: tuple[Message, ...] = ()
    if is_file:
        reading = _read_document(args.visit, lang)
        doc = None if reading is None else reading.document
        notices = () if reading is None else reading.notices
    else:
        doc = _visit_from_store(args, args.visit)
    if doc is None:
        return EXIT_USAGE
    result = assessment_to_dict(assess(doc), lang)
    result["notices"] = [n.text(lang) for n in notices]
    result["doubts"] = doubts_to_dict(doubts_of(doc), lang)  # warnings: the values are kept
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return EXIT_OK
    for area, s in result["areas"].items():
        score = "—" if s["score"] is None else f"{s['score']:.1f}"
        level = f"  L{s['level']}" if s["level"] is not None else ""
        print(f"{area:<28}{score:>7}{level}   ({s['answered']}/{s['required']})")
    for ind in result["indicators"]:
        print(f"{ind['key']:<36}{ind['value']:>14,.2f} {ind['unit']}")
    for flag in result["flags"]:
        print(f"! {flag['key']}: {flag['reason']}")
    for doubt in result["doubts"]:
        place = "/".join(p for p in (doubt["item"], doubt["row"], doubt["column"]) if p)
        print(f"? {doubt['area']} {place}: {doubt['message']}")
    for m in result["measures"]:
        line = _measure_line(m, lang)
        if line:
            print(line)
    return EXIT_OK


def _measure_line(m: dict[str, Any], lang: Lang) -> str:
    """One measure with figures: investment (a range while proposed), money saved ('≈' at a
    typical price), payback; then its missing inputs and warnings. '' for one without any."""
    zh = lang == "zh"

    def span(values: Any) -> str:
        if not isinstance(values, list):
            return ""
        low, high = (f"{v:,.2f}".rstrip("0").rstrip(".") for v in values)
        return low if low == high else f"{low}-{high}"

    parts = []
    invest = span(m["investment_range_10k_yuan"]) or (
        f"{m['investment_10k_yuan']:,.2f}" if isinstance(m["investment_10k_yuan"], float) else ""
    )
    if invest:
        parts.append(f"{'投资' if zh else 'investment'} {invest} 万元")
    money = m["money_saved_yuan"]
    if isinstance(money, int | float):
        mark = "≈" if m["money_basis"] == "typical_price" else ""
        parts.append(
            f"{'年节约' if zh else 'saves'} {mark}{money:,.0f} {'元' if zh else 'yuan/yr'}"
        )
    years = span(m["payback_range_years"]) or (
        f"{m['payback_years']:.1f}" if isinstance(m["payback_years"], float) else ""
    )
    if years:
        parts.append(f"{'回收期' if zh else 'payback'} {years} {'年' if zh else 'yr'}")
    notes = [str(x["text"]) for x in m["missing_inputs"]]
    notes += [f"! {w['text']}" for w in m["warnings"]]
    if not parts and not notes:
        return ""
    head = f"  {m['code'] or ''} {m['title']}: " + "; ".join(parts)
    return "\n".join([head, *(f"      {n}" for n in notes)])


def cmd_visit_list(args: argparse.Namespace) -> int:
    import json

    import services
    from diagnosis.messages import DomainError

    store = open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    try:
        visits = services.visit_service(store).list(args.enterprise)
    except DomainError as exc:
        err(exc.problems[0].text(args.lang))
        return EXIT_USAGE
    finally:
        store.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": v.id,
                        "enterprise_code": v.enterprise_code,
                        "enterprise": v.enterprise_name,
                        "date": v.date,
                        "status": v.status,
                        "revision": v.revision,
                    }
                    for v in visits
                ],
                ensure_ascii=False,
            )
        )
    else:
        for v in visits:
            print(
                f"{v.date}  {v.status:<10} r{v.revision}  {v.enterprise_code}  "
                f"{v.enterprise_name}  {v.id}"
            )
    return EXIT_OK


def _exportable(args: argparse.Namespace, visit_id: str) -> Document | None:
    """The stored visit as a document; None, with the reason said, when it is not here or one
    of its records is one the app cannot read (written before the server checked the
    document's rules: named, never a traceback)."""
    import services
    from diagnosis.messages import DomainError
    from storage.office_skipped import unreadable

    store = open_or_exit(args)
    if store is None:
        return None
    zh = args.lang == "zh"
    try:
        found = unreadable(store.conn, visit_id)
        if found is not None:
            where = f"{found.table}/{found.id}"
            err(
                f"无法导出走访 {visit_id}：记录 {where} 无法读取：{found.reason}"
                if zh
                else f"cannot export visit {visit_id}: record {where} is unreadable: {found.reason}"
            )
            return None
        return services.visit_service(store).export(visit_id)
    except DomainError as exc:
        err(exc.problems[0].text(args.lang))
        return None
    finally:
        store.close()


def cmd_visit_export(args: argparse.Namespace) -> int:
    import json

    from diagnosis.visits.document import document_to_dict

    doc = _exportable(args, args.id)
    if doc is None:
        return EXIT_USAGE
    try:
        text = json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1) + "\n"
    except (ValueError, TypeError, OverflowError) as exc:  # what the shape rules miss
        err(f"无法导出走访 {args.id}：{exc}" if args.lang == "zh" else f"cannot export: {exc}")
        return EXIT_REJECTED
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_visit_import(args: argparse.Namespace) -> int:
    import json

    import services
    from diagnosis.messages import DomainError

    lang: Lang = args.lang
    reading = _read_document(args.file, lang)
    if reading is None:
        return EXIT_USAGE
    store = open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    try:
        outcome = services.visit_service(store).import_document(reading.document, reading.notices)
    except DomainError as exc:
        for problem in exc.problems:
            err(problem.text(lang))
        return EXIT_REJECTED
    finally:
        store.close()
    if args.json:
        summary = {
            "visit": outcome.visit_id,
            "result": outcome.kind,
            "enterprise_added": outcome.enterprise_added,
            "notices": [n.text(lang) for n in outcome.notices],
        }
        print(json.dumps(summary, ensure_ascii=False))
        return EXIT_OK
    _tell(outcome.notices[len(reading.notices) :], lang)  # the reading's were said already
    if lang == "zh":
        words = {"created": "已导入", "updated": "已更新", "unchanged": "无变化"}
        print(f"{words[outcome.kind]}：{outcome.visit_id}")
    else:
        print(f"{outcome.kind}: {outcome.visit_id}")
    return EXIT_OK
