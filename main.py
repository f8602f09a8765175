"""Composition root and command line of the diagnosis workbench.

Opens the store, builds the services and starts the GUI (the default) or a subcommand. Heavy
libraries are imported inside the subcommand that needs them, so start-up stays quick.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diagnosis.document import Document
    from diagnosis.messages import Lang
    from diagnosis.office import OfficeService
    from diagnosis.register import RegisterService
    from diagnosis.report.service import PlanService
    from diagnosis.sync_ports import BundleService, SyncService
    from diagnosis.visit_desk import VisitDesk
    from diagnosis.visits import VisitService
    from storage.database import BackgroundCheck, Store

APP_NAME = "diagnosis-workbench"
EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
DEMO_VISITS_WITH_PHOTOS = 5  # drawing and storing pictures is slow; a few visits show them


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "diagnosis.sqlite"


def default_settings_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "settings.ini"


def open_store(
    path: Path,
    *,
    verify: bool = True,
    background: bool = False,
    started: BackgroundCheck | None = None,
) -> Store:
    from storage.database import Store

    return Store(path, verify=verify, background=background, started=started)


def register_service(store: Store) -> RegisterService:
    from diagnosis.register import RegisterService
    from storage.enterprises import SqliteEnterpriseRepository

    return RegisterService(SqliteEnterpriseRepository(store))


def visit_service(store: Store) -> VisitService:
    from diagnosis.visits import VisitService
    from storage.enterprises import SqliteEnterpriseRepository
    from storage.visits import SqliteVisitRepository

    return VisitService(SqliteVisitRepository(store), SqliteEnterpriseRepository(store))


def visit_desk(store: Store) -> VisitDesk:
    from diagnosis.visit_desk import VisitDesk
    from diagnosis.visit_lifecycle import VisitLifecycle
    from storage.enterprises import SqliteEnterpriseRepository
    from storage.photos import PhotoStore, photo_folder_for
    from storage.visits import SqliteVisitRepository

    visits, enterprises = SqliteVisitRepository(store), SqliteEnterpriseRepository(store)
    photos = PhotoStore(photo_folder_for(store.path))
    return VisitDesk(VisitLifecycle(visits, enterprises), visit_service(store), photos)


def office_service(store: Store) -> OfficeService:
    from diagnosis.office import OfficeService
    from storage.office import SqliteOfficeRepository

    return OfficeService(SqliteOfficeRepository(store))


def plan_service(store: Store, font: Path | None = None) -> PlanService:
    from diagnosis.report.service import PlanService
    from storage.photos import PhotoStore, photo_folder_for

    photos = PhotoStore(photo_folder_for(store.path))
    # Each area chapter prints the firm's score beside its peers' (issue 7).
    peers = office_service(store).peers
    return PlanService(visit_service(store), photos, font_setting=font, peers=peers)


def service_factory(path: Path) -> Callable[[], RegisterService]:
    """A fresh service on its own connection, for a worker thread (never shares the UI's)."""
    return lambda: register_service(open_store(path, verify=False))


def plan_factory(path: Path, font: Path | None = None) -> Callable[[], PlanService]:
    """Plan services for worker threads, each on its own connection. A plan service has no
    close of its own, so its connection closes when the service is dropped."""
    import weakref

    def make() -> PlanService:
        store = open_store(path, verify=False)
        plans = plan_service(store, font)
        weakref.finalize(plans, store.close)
        return plans

    return make


def sync_factory(path: Path, server: str, token: str) -> Callable[[], SyncService]:
    """Sync clients for worker threads, each on its own connection to the store at ``path``
    and its own HTTP connection; the sync modules and httpx load on the first sync."""
    import weakref

    def make() -> SyncService:
        from storage.photos import PhotoStore, photo_folder_for
        from storage.sync.client import SyncClient
        from storage.sync.transport import HttpTransport

        store = open_store(path, verify=False)
        transport = HttpTransport(server, token)
        client: SyncService = SyncClient(store, transport, PhotoStore(photo_folder_for(path)))
        weakref.finalize(client, store.close)
        weakref.finalize(client, transport.close)
        return client

    return make


def office_factory(path: Path) -> Callable[[], OfficeService]:
    """Office services for worker threads (the office page), each on its own connection; the
    connection closes when the service is dropped."""
    import weakref

    def make() -> OfficeService:
        store = open_store(path, verify=False)
        office = office_service(store)
        weakref.finalize(office, store.close)
        return office

    return make


def bundle_factory(path: Path) -> Callable[[], BundleService]:
    """Sync bundles (docs/sync.md, Offline bundle) of the store at ``path``, for worker threads:
    each export or import opens a connection of its own; the sync modules load on first use."""

    def make() -> BundleService:
        from storage.sync.bundle_service import LaptopBundles

        return LaptopBundles(path)

    return make


def unsynced_counter(path: Path) -> Callable[[], int]:
    """The status bar's count of changes not yet synced, for a worker thread: the sync
    client's own ``unsynced()`` (one definition of "unsynced"), on a connection of its own, with
    no server behind it, so it works before sync is set up and never loads httpx."""

    def count() -> int:
        from storage.photos import PhotoStore, photo_folder_for
        from storage.sync.client import SyncClient

        store = open_store(path, verify=False)
        try:
            client = SyncClient(store, _NoServer(), PhotoStore(photo_folder_for(path)))
            return int(client.unsynced())
        finally:
            store.close()

    return count


class _NoServer:
    """A transport for a client that only counts: any request would be a bug, and says so."""

    def __getattr__(self, name: str) -> Any:
        from diagnosis.sync_ports import SyncError

        raise SyncError("network.unreachable", f"no server: counting only ({name})")


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def cmd_gui(args: argparse.Namespace) -> int:
    from storage.database import BackgroundCheck, StoreError, check_header

    db = Path(args.db) if args.db else default_db_path()
    settings = Path(args.settings) if args.settings else default_settings_path()
    # The integrity check of the whole file starts now, on the other core, and overlaps with
    # importing Qt and building the window; the GUI reports a refusal once Qt is up.
    try:
        started = BackgroundCheck(db) if check_header(db) else None
    except StoreError:
        started = None
    opener = functools.partial(open_store, background=True, started=started)

    from gui.app import run

    return run(
        db,
        settings,
        args.lang,
        opener,
        register_service,
        service_factory,
        visit_desk,
        plan_factory,
        sync_factory,
        unsynced_counter,
        bundle_factory,
        office_factory,
    )


def _gui_args(argv: list[str]) -> argparse.Namespace | None:
    """The ``gui`` command's options, read without building every command's parser (7 ms of
    start-up); None for anything else (help, a mistake), which the whole parser answers."""
    if argv[:1] != ["gui"] or {"-h", "--help"} & set(argv):
        return None
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("--db")
    parser.add_argument("--lang", choices=["zh", "en"])
    parser.add_argument("--settings")
    try:
        args, rest = parser.parse_known_args(argv[1:])
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command, args.func = "gui", cmd_gui
    return args


def _open_or_exit(args: argparse.Namespace) -> Store | None:
    from storage.database import StoreError

    path = Path(args.db) if args.db else default_db_path()
    try:
        return open_store(path)
    except StoreError as exc:
        _err(exc.message.text(args.lang))
        return None


def cmd_demo(args: argparse.Namespace) -> int:
    from diagnosis.demo import enterprises
    from diagnosis.demo_photos import with_sample_photos
    from diagnosis.demo_visit import demo_document
    from storage.photos import PhotoStore, photo_folder_for

    store = _open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    service = register_service(store)
    wanted = list(enterprises(args.enterprises, seed=args.seed))
    existing = service.repo.by_codes({e.credit_code for e in wanted})
    new = [e for e in wanted if e.credit_code not in existing]
    service.repo.save(new, [])
    # Complete visits for the first firms, so a newcomer sees a whole diagnosis at once.
    stored = service.repo.by_codes({e.credit_code for e in wanted})
    visits = visit_service(store)
    created = 0
    count = min(args.visits, len(wanted)) if args.visits is not None else min(30, len(wanted))
    photos = PhotoStore(photo_folder_for(store.path))
    for n, e in enumerate(wanted[:count], start=1):
        doc = demo_document(stored[e.credit_code], seed=n)
        if n <= DEMO_VISITS_WITH_PHOTOS and visits.visits.load(doc.visit.id) is None:
            doc = with_sample_photos(doc, photos)
        outcome = visits.import_document(doc)
        created += outcome.kind == "created"
    lang: Lang = args.lang
    summary = {
        "inserted": len(new),
        "existing": len(existing),
        "total": service.count(),
        "visits": created,
        "db": str(store.path),
    }
    store.close()
    if args.json:
        import json

        print(json.dumps(summary, ensure_ascii=False))
    elif lang == "zh":
        print(
            f"已写入 {len(new)} 家示例企业（已有 {len(existing)} 家）和 {created} 次完整诊断；"
            f"数据库共 {summary['total']} 家：{summary['db']}"
        )
    else:
        print(
            f"Added {len(new)} sample enterprises ({len(existing)} already there) and "
            f"{created} complete visits; {summary['total']} in {summary['db']}"
        )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from diagnosis.table_reader import ReadError

    created = not (Path(args.db) if args.db else default_db_path()).exists()
    store = _open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    lang: Lang = args.lang
    try:
        plan = register_service(store).import_file(Path(args.file))
    except ReadError as exc:
        _err(exc.message.text(lang))
        store.close()
        if created:  # an unusable file leaves no empty store behind
            for suffix in ("", "-wal", "-shm"):
                Path(str(store.path) + suffix).unlink(missing_ok=True)
        return EXIT_USAGE
    store.close()
    summary = plan.summary(lang)
    if args.json:
        import json

        print(json.dumps(summary, ensure_ascii=False))
    else:
        _print_import(summary, lang)
    return EXIT_REJECTED if plan.rejected else EXIT_OK


def _print_import(summary: dict[str, object], lang: Lang) -> None:
    rejected = summary["rejected"]
    assert isinstance(rejected, list)
    rows = len({r["row"] for r in rejected})
    if lang == "zh":
        print(
            f"新增 {summary['inserted']} 家，更新 {summary['updated']} 家，"
            f"未变 {summary['unchanged']} 家，拒绝 {rows} 行"
        )
        for r in rejected:
            print(f"  第 {r['row']} 行 {r['field_label']}：{r['reason']}")
    else:
        print(
            f"inserted {summary['inserted']}, updated {summary['updated']}, "
            f"unchanged {summary['unchanged']}, rejected {rows} rows"
        )
        for r in rejected:
            print(f"  row {r['row']} {r['field_label']}: {r['reason']}")


def _read_document(path: str, lang: Lang) -> Document | None:
    import json

    from diagnosis.document import DocumentError, parse_document

    try:
        return parse_document(json.loads(Path(path).read_text("utf-8")))
    except (OSError, ValueError) as exc:
        problems = exc.problems if isinstance(exc, DocumentError) else [str(exc)]
        _err(("无法使用该诊断文件：" if lang == "zh" else "cannot use this document: ") + path)
        for problem in problems:
            _err(f"  {problem}")
        return None


def _visit_from_store(args: argparse.Namespace, visit_id: str) -> Document | None:
    from diagnosis.messages import DomainError

    store = _open_or_exit(args)
    if store is None:
        return None
    try:
        return visit_service(store).export(visit_id)
    except DomainError as exc:
        _err(exc.problems[0].text(args.lang))
        return None
    finally:
        store.close()


def cmd_visit_score(args: argparse.Namespace) -> int:
    import json

    from diagnosis.assessment import assess, assessment_to_dict

    lang: Lang = args.lang
    is_file = args.visit.endswith(".json") or Path(args.visit).is_file()
    doc = _read_document(args.visit, lang) if is_file else _visit_from_store(args, args.visit)
    if doc is None:
        return EXIT_USAGE
    result = assessment_to_dict(assess(doc), lang)
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
    return EXIT_OK


def cmd_visit_list(args: argparse.Namespace) -> int:
    import json

    from diagnosis.messages import DomainError

    store = _open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    try:
        visits = visit_service(store).list(args.enterprise)
    except DomainError as exc:
        _err(exc.problems[0].text(args.lang))
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


def cmd_visit_export(args: argparse.Namespace) -> int:
    import json

    from diagnosis.document import document_to_dict

    doc = _visit_from_store(args, args.id)
    if doc is None:
        return EXIT_USAGE
    text = json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_visit_import(args: argparse.Namespace) -> int:
    import json

    from diagnosis.messages import DomainError

    lang: Lang = args.lang
    doc = _read_document(args.file, lang)
    if doc is None:
        return EXIT_USAGE
    store = _open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    try:
        outcome = visit_service(store).import_document(doc)
    except DomainError as exc:
        _err(exc.problems[0].text(lang))
        return EXIT_REJECTED
    finally:
        store.close()
    if args.json:
        print(
            json.dumps(
                {
                    "visit": outcome.visit_id,
                    "result": outcome.kind,
                    "enterprise_added": outcome.enterprise_added,
                }
            )
        )
    elif lang == "zh":
        words = {"created": "已导入", "updated": "已更新", "unchanged": "无变化"}
        print(f"{words[outcome.kind]}：{outcome.visit_id}")
    else:
        print(f"{outcome.kind}: {outcome.visit_id}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    import json

    from diagnosis.messages import DomainError

    lang: Lang = args.lang
    font = Path(args.font) if args.font else None
    if font is not None and not font.is_file():
        _err(f"字体文件不存在：{font}" if lang == "zh" else f"no font file at {font}")
        return EXIT_USAGE
    store = _open_or_exit(args)
    if store is None:
        return EXIT_USAGE
    try:
        plans = plan_service(store, font)
        written = plans.export(args.visit, Path(args.out), lang)
    except DomainError as exc:
        _err(exc.problems[0].text(lang))
        return EXIT_USAGE
    except OSError as exc:
        _err(f"无法写入 {args.out}：{exc}" if lang == "zh" else f"cannot write {args.out}: {exc}")
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
            _err(warning)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from storage.office_commands import stats

    xlsx = Path(args.xlsx) if args.xlsx else None
    # --store: a central store's figures (its office mirror); else the local store's.
    server = Path(args.store) if args.store else None
    db = None if server else _db_path(args)
    return stats(
        db, args.json, args.lang, xlsx, year=args.year, district=args.district, server_store=server
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="企业诊断工作台 / Enterprise diagnosis workbench",
    )
    sub = parser.add_subparsers(dest="command")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", metavar="PATH", help="SQLite store (default: user data folder)")
        p.add_argument(
            "--lang",
            choices=["zh", "en"],
            default=None,
            help="language of messages (default: zh; the GUI remembers its choice)",
        )

    gui = sub.add_parser("gui", help="the desktop app (default)")
    common(gui)
    gui.add_argument("--settings", metavar="PATH", help=argparse.SUPPRESS)
    gui.set_defaults(func=cmd_gui)

    demo = sub.add_parser("demo", help="fill a store with realistic sample enterprises")
    common(demo)
    demo.add_argument("--enterprises", type=int, default=200, metavar="N")
    demo.add_argument(
        "--visits",
        type=int,
        default=None,
        metavar="K",
        help="complete visits for the first K firms (default: up to 30)",
    )
    demo.add_argument("--seed", type=int, default=20220101, help=argparse.SUPPRESS)
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(func=cmd_demo)

    imp = sub.add_parser("import-enterprises", help="import an enterprise register (.xlsx/.csv)")
    imp.add_argument("file", metavar="FILE")
    common(imp)
    imp.add_argument("--json", action="store_true", help="print one JSON object")
    imp.set_defaults(func=cmd_import)

    visit = sub.add_parser("visit", help="visits and the portable diagnosis document (JSON)")
    visit_sub = visit.add_subparsers(dest="visit_command", required=True)
    vlist = visit_sub.add_parser("list", help="the visits in the store")
    vlist.add_argument("--enterprise", metavar="CODE", help="only this enterprise's visits")
    common(vlist)
    vlist.add_argument("--json", action="store_true")
    vlist.set_defaults(func=cmd_visit_list)
    vexport = visit_sub.add_parser("export", help="a visit as a diagnosis document")
    vexport.add_argument("id", metavar="ID")
    vexport.add_argument("--out", metavar="F", help="write to F (default: standard output)")
    common(vexport)
    vexport.set_defaults(func=cmd_visit_export)
    vimport = visit_sub.add_parser("import", help="store a diagnosis document")
    vimport.add_argument("file", metavar="F")
    common(vimport)
    vimport.add_argument("--json", action="store_true")
    vimport.set_defaults(func=cmd_visit_import)
    score = visit_sub.add_parser(
        "score", help="scores, indicators and flags of a visit (ID) or a document (F.json)"
    )
    score.add_argument("visit", metavar="ID|F")
    common(score)
    score.add_argument("--json", action="store_true")
    score.set_defaults(func=cmd_visit_score)

    report = sub.add_parser("report", help="a visit's improvement plan as a PDF")
    report.add_argument("visit", metavar="VISIT_ID")
    report.add_argument("--out", metavar="F.pdf", required=True, help="a file, or a folder")
    report.add_argument("--font", metavar="PATH", help="a TrueType CJK font to embed")
    common(report)
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=cmd_report)

    stats = sub.add_parser("stats", help="the office figures: coverage and project pipeline")
    # common()'s --db, in a group with --store: one store or the other.
    where = stats.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PATH", help="SQLite store (default: user data folder)")
    where.add_argument(
        "--store",
        metavar="SERVER.sqlite",
        help="a central server's store: the figures of every record it holds",
    )
    stats.add_argument("--lang", choices=["zh", "en"], default=None, help="language (default: zh)")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.add_argument("--xlsx", metavar="F", help="also write the Excel report to F")
    stats.add_argument("--year", type=int, metavar="Y", help="visits and projects of year Y")
    stats.add_argument("--district", metavar="D", help="one district (code or name)")
    stats.set_defaults(func=cmd_stats)
    _sync_parsers(sub, common)
    return parser


def _sync_parsers(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """serve, user, sync and bundle: the central store and the ways to reach it (docs/sync.md)."""
    serve = sub.add_parser("serve", help="the central sync server")
    serve.add_argument("--store", metavar="PATH", required=True, help="the server's SQLite file")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--certfile", metavar="F", help="TLS certificate (with --keyfile)")
    serve.add_argument("--keyfile", metavar="F")
    serve.set_defaults(func=cmd_serve, lang="zh")

    user = sub.add_parser("user", help="accounts on the central server")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="a new account; prints its token once")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=["consultant", "office"], required=True)
    add.add_argument("--district", action="append", default=[], metavar="D")
    add.add_argument("--store", metavar="PATH", required=True)
    add.add_argument("--json", action="store_true")
    listing = user_sub.add_parser("list", help="the accounts")
    listing.add_argument("--store", metavar="PATH", required=True)
    listing.add_argument("--json", action="store_true")
    revoke = user_sub.add_parser("revoke", help="disable an account's token")
    revoke.add_argument("name", metavar="NAME")
    revoke.add_argument("--store", metavar="PATH", required=True)
    for p in (add, listing, revoke):
        p.set_defaults(func=cmd_user, lang="zh")

    sync = sub.add_parser("sync", help="push local changes to the server, then pull")
    sync.add_argument("--server", metavar="URL", required=True)
    sync.add_argument("--token", metavar="T", help="else $DIAGNOSIS_SYNC_TOKEN or the keyring")
    common(sync)
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(func=cmd_sync)

    bundle = sub.add_parser("bundle", help="sync through a file, for offices with no network")
    bundle_sub = bundle.add_subparsers(dest="bundle_command", required=True)
    export = bundle_sub.add_parser("export", help="this laptop's changes into a request bundle")
    export.add_argument("file", metavar="F")
    export.add_argument("--token", metavar="T", help="else $DIAGNOSIS_SYNC_TOKEN")
    common(export)
    export.add_argument("--json", action="store_true")
    imp = bundle_sub.add_parser(
        "import", help="on the server: answer a request (--store); on a laptop: apply a reply"
    )
    imp.add_argument("file", metavar="F")
    imp.add_argument("--store", metavar="PATH", help="the server's store: answer a request")
    common(imp)
    imp.add_argument("--json", action="store_true")
    for p in (export, imp):
        p.set_defaults(func=cmd_bundle)


def cmd_serve(args: argparse.Namespace) -> int:
    from storage.sync.server_commands import serve

    return serve(Path(args.store), args.host, args.port, args.certfile, args.keyfile)


def cmd_user(args: argparse.Namespace) -> int:
    from storage.sync import server_commands as users

    store = Path(args.store)
    if args.user_command == "add":
        return users.user_add(store, args.name, args.role, args.district, args.json)
    if args.user_command == "list":
        return users.user_list(store, args.json)
    return users.user_revoke(store, args.name)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db_path()


def cmd_sync(args: argparse.Namespace) -> int:
    from storage.sync.client_commands import sync

    return sync(_db_path(args), args.server, args.token, args.json, args.lang)


def cmd_bundle(args: argparse.Namespace) -> int:
    from storage.sync import client_commands as bundles

    if args.bundle_command == "export":
        return bundles.bundle_export(_db_path(args), Path(args.file), args.token, args.json)
    if args.store:
        return bundles.bundle_import(
            Path(args.file), store_path=Path(args.store), as_json=args.json
        )
    return bundles.bundle_import(Path(args.file), db_path=_db_path(args), as_json=args.json)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "gui")
    args = _gui_args(argv) or build_parser().parse_args(argv)
    if args.command != "gui" and args.lang is None:
        args.lang = "zh"
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
