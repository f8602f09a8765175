"""Every command's argparse parser (``python main.py --help``), each bound to its command.

Built only when main.py needs it: ``python main.py gui`` reads its few options without it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from commands.export import cmd_export
from commands.register import cmd_demo, cmd_import
from commands.report import cmd_report
from commands.store import cmd_passphrase
from commands.store_check import cmd_store_check
from commands.sync import (
    cmd_bundle,
    cmd_serve,
    cmd_server_backup,
    cmd_server_cert,
    cmd_stats,
    cmd_sync,
    cmd_user,
)
from commands.visits import cmd_visit_export, cmd_visit_import, cmd_visit_list, cmd_visit_score


def build_parser(
    run_gui: Callable[[argparse.Namespace], int] | None = None,
) -> argparse.ArgumentParser:
    """Every command's parser; ``run_gui``: what the ``gui`` command runs (main.py gives it, so
    the commands never import main)."""
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="企业诊断工作台 / Enterprise diagnosis workbench",
    )
    sub = parser.add_subparsers(dest="command")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", metavar="PATH", help="SQLite store (default: user data folder)")
        passphrase_option(p)
        p.add_argument(
            "--lang",
            choices=["zh", "en"],
            default=None,
            help="language of messages (default: zh; the GUI remembers its choice)",
        )

    gui = sub.add_parser("gui", help="the desktop app (default)")
    common(gui)
    gui.add_argument("--settings", metavar="PATH", help=argparse.SUPPRESS)
    gui.set_defaults(func=run_gui)

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
    imp.add_argument(
        "--sheet",
        metavar="NAME|NUMBER",
        help="the workbook's sheet to read, by name or number from 1 "
        "(default: the first sheet with a header row)",
    )
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export-enterprises", help="the register as stored, to .xlsx/.csv/JSON")
    exp.add_argument("--out", metavar="F", help="write F.xlsx or F.csv (else a summary)")
    common(exp)
    exp.add_argument("--json", action="store_true", help="the records (or, with --out, counts)")
    exp.set_defaults(func=cmd_export)

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
    passphrase_option(stats)
    stats.add_argument("--lang", choices=["zh", "en"], default=None, help="language (default: zh)")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.add_argument("--xlsx", metavar="F", help="also write the Excel report to F")
    stats.add_argument("--year", type=int, metavar="Y", help="visits and projects of year Y")
    stats.add_argument("--district", metavar="D", help="one district (code or name)")
    stats.set_defaults(func=cmd_stats)
    _sync_parsers(sub, common)
    passphrase = sub.add_parser(
        "passphrase",
        help="set the passphrase that opens the store (to move it to another laptop)",
    )
    common(passphrase)
    passphrase.add_argument(
        "--new-passphrase-file",
        metavar="F",
        help="the new passphrase, on the first line of F (else it is asked for twice)",
    )
    passphrase.set_defaults(func=cmd_passphrase)
    store = sub.add_parser("store", help="the local store itself")
    store_sub = store.add_subparsers(dest="store_command", required=True)
    check = store_sub.add_parser(
        "check", help="check the whole store file for damage (exit 1 if damaged)"
    )
    common(check)
    check.add_argument("--store", metavar="PATH", help="a central server's store instead")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=cmd_store_check)
    return parser


def passphrase_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--passphrase-file",
        metavar="F",
        help="the store's passphrase, on the first line of F, where the system keyring does not "
        "hold its key (else $DIAGNOSIS_STORE_PASSPHRASE)",
    )


def _sync_parsers(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """serve, user, sync and bundle: the central store and the ways to reach it (docs/sync.md)."""
    serve = sub.add_parser("serve", help="the central sync server")
    serve.add_argument("--store", metavar="PATH", required=True, help="the server's SQLite file")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--certfile", metavar="F", help="TLS certificate (with --keyfile)")
    serve.add_argument("--keyfile", metavar="F")
    serve.add_argument(
        "--insecure-http",
        action="store_true",
        help="serve plain HTTP on a --host other than loopback (tokens and data in clear)",
    )
    serve.set_defaults(func=cmd_serve, lang="zh")

    # The server machine's administration, one group: its certificate (and backups).
    server = sub.add_parser("server", help="the server machine: its TLS certificate, backups")
    server_sub = server.add_subparsers(dest="server_command", required=True)
    cert = server_sub.add_parser("cert", help="a self-signed TLS certificate for serve")
    cert.add_argument(
        "--out", metavar="DIR", required=True, help="writes DIR/server.crt and DIR/server.key"
    )
    cert.add_argument(
        "--host",
        action="append",
        default=[],
        metavar="NAME|IP",
        help="a name or address the laptops use for the server, repeatable "
        "(default: this machine's names and addresses, localhost, 127.0.0.1)",
    )
    cert.add_argument("--days", type=int, default=None, metavar="N", help="default: 1825")
    cert.add_argument("--lang", choices=["zh", "en"], default=None, help="default: zh")
    cert.add_argument("--json", action="store_true")
    cert.set_defaults(func=cmd_server_cert)
    # docs/sync.md "Backup and restore": a consistent copy of a live store, and putting one back
    # as a new generation, so that every laptop sends it what it lacks.
    backup = server_sub.add_parser(
        "backup", help="copy the central store safely, even while served"
    )
    backup.add_argument("out", metavar="OUT", help="the backup file to write (must not exist)")
    restore = server_sub.add_parser(
        "restore", help="put a backup in the store's place (stop the server first)"
    )
    restore.add_argument("backup", metavar="BACKUP", help="a file written by server backup")
    for p in (backup, restore):
        p.add_argument("--store", metavar="PATH", required=True, help="the server's SQLite file")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_server_backup, lang="zh")  # it speaks both languages

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
    sync.add_argument(
        "--cafile",
        metavar="F",
        help="the office server's certificate (server cert's server.crt): trust it for https",
    )
    common(sync)
    sync.add_argument("--json", action="store_true")
    sync.add_argument(
        "--new-server",
        action="store_true",
        help="the server holds another central store than the one synced with, which it "
        "replaces: send it everything",
    )
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
