"""The command line of the diagnosis workbench: starts the GUI (the default) or a subcommand.

The store and the services come from the composition root (services.py), which the commands
import too. The commands themselves, and heavy libraries, are imported only when needed, so
start-up stays quick.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import services


def cmd_gui(args: argparse.Namespace) -> int:
    db = Path(args.db) if args.db else services.default_db_path()
    settings = Path(args.settings) if args.settings else services.default_settings_path()
    # The store's key, open check and first screen start now, on the other core, and overlap
    # with importing Qt and building the window; the GUI reports a refusal once Qt is up. The
    # whole-file check runs after the first paint, when due (gui.store_check_ui). The app is
    # the store's one writer while it shows it: a second app, or a command that writes, is
    # told so rather than interleaving with it.
    opener = services.app_opener(db)

    from gui.app import run

    return run(
        db,
        settings,
        args.lang,
        opener,
        services.register_service,
        services.service_factory,
        services.visit_service,
        services.plan_factory,
        services.sync_factory,
        services.unsynced_counter,
        services.bundle_factory,
        services.office_factory,
        services.token_sealer,
        services.demo_filler,
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
    parser.add_argument("--passphrase-file")
    try:
        args, rest = parser.parse_known_args(argv[1:])
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command, args.func = "gui", cmd_gui
    return args


def build_parser() -> argparse.ArgumentParser:
    """Every command's parser (commands.parser), loaded only when the quick ``gui`` path cannot
    answer, so the desktop app never imports the commands."""
    from commands.parser import build_parser as build

    return build(cmd_gui)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "gui")
    args = _gui_args(argv) or build_parser().parse_args(argv)
    if args.command != "gui" and args.lang is None:
        args.lang = "zh"
    if getattr(args, "passphrase_file", None) and not _use_passphrase_file(
        Path(args.passphrase_file)
    ):
        return 2
    return int(args.func(args))


def _use_passphrase_file(path: Path) -> bool:
    """The store passphrase of ``--passphrase-file``, for every store this process opens."""
    from storage.keys import provide_passphrase, read_passphrase_file

    try:
        provide_passphrase(read_passphrase_file(path))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"无法读取口令文件 / cannot read the passphrase file {path}: {exc}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
