"""``python main.py serve|server|user|sync|bundle|stats``: the central store, its machine's
certificate, its accounts, the ways a laptop reaches it (docs/sync.md), and the office figures
of either store.

Thin: the work is in storage.sync's server_commands and client_commands and in
storage.office_commands, each loaded only by the command that needs it (fastapi, uvicorn and
httpx never load for another command).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from commands import db_path


def cmd_stats(args: argparse.Namespace) -> int:
    from storage.office_commands import stats

    xlsx = Path(args.xlsx) if args.xlsx else None
    # --store: a central store's figures (its office mirror); else the local store's.
    server = Path(args.store) if args.store else None
    db = None if server else db_path(args)
    return stats(
        db, args.json, args.lang, xlsx, year=args.year, district=args.district, server_store=server
    )


def cmd_serve(args: argparse.Namespace) -> int:
    from storage.sync.server_commands import serve

    return serve(
        Path(args.store),
        args.host,
        args.port,
        args.certfile,
        args.keyfile,
        insecure_http=args.insecure_http,
    )


def cmd_server_cert(args: argparse.Namespace) -> int:
    from storage.sync.server_cert import DEFAULT_DAYS, cert_command

    days = DEFAULT_DAYS if args.days is None else args.days
    return cert_command(Path(args.out), args.host, days, args.json, args.lang)


def cmd_server_backup(args: argparse.Namespace) -> int:
    from storage.sync import server_commands

    if args.server_command == "backup":
        return server_commands.backup(Path(args.store), Path(args.out), args.json)
    return server_commands.restore(Path(args.backup), Path(args.store), args.json)


def cmd_user(args: argparse.Namespace) -> int:
    from storage.sync import server_commands as users

    store = Path(args.store)
    if args.user_command == "add":
        return users.user_add(store, args.name, args.role, args.district, args.json)
    if args.user_command == "list":
        return users.user_list(store, args.json)
    return users.user_revoke(store, args.name)


def cmd_sync(args: argparse.Namespace) -> int:
    from storage.sync.client_commands import sync

    return sync(
        db_path(args),
        args.server,
        args.token,
        args.json,
        args.lang,
        args.cafile,
        new_server=args.new_server,
    )


def cmd_bundle(args: argparse.Namespace) -> int:
    from storage.sync import client_commands as bundles

    if args.bundle_command == "export":
        return bundles.bundle_export(db_path(args), Path(args.file), args.token, args.json)
    if args.store:
        return bundles.bundle_import(
            Path(args.file), store_path=Path(args.store), as_json=args.json
        )
    return bundles.bundle_import(Path(args.file), db_path=db_path(args), as_json=args.json)
