"""The command line of the diagnosis workbench: starts the GUI (the default) or a subcommand.

The store and the services come from the composition root (services.py), which the commands
import too. The commands themselves, and heavy libraries, are imported only when needed, so
start-up stays quick.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import services

if TYPE_CHECKING:
    import argparse


def cmd_gui(args: argparse.Namespace) -> int:
    # Start-up makes some 300,000 objects that live as long as the app, and the cyclic
    # collector would walk them all several times before the first paint (about 8 ms). It is
    # paused until the window has painted; gui.app then freezes what start-up made out of
    # later collections and resumes it (gui.app.resume_collector).
    gc.disable()
    db = Path(args.db) if args.db else services.default_db_path()
    # scrypt first, on a thread of its own: the longest step of opening a store a passphrase
    # unlocks, and it needs only the salt in the key file (storage.kek).
    from storage.kek import derive_early

    derive_early(db)
    settings = Path(args.settings) if args.settings else services.default_settings_path()
    # The store's key, open check and first screen start now, on the other core, and overlap
    # with importing Qt and building the window; the GUI reports a refusal once Qt is up. The
    # whole-file check runs after the first paint, when due (gui.store_check_ui). The app is
    # the store's one writer while it shows it: a second app, or a command that writes, is
    # told so rather than interleaving with it.
    opener = services.app_opener(db)
    # Fontconfig, which the first text measured would read on this thread, read on another.
    from gui.font_warmup import start as warm_up_fonts

    warm_up_fonts()

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


_GUI_OPTIONS = ("--db", "--lang", "--settings", "--passphrase-file")


def _gui_args(argv: list[str]) -> Any:
    """The ``gui`` command's options, read as its argparse parser reads them (``--opt value``,
    ``--opt=value``, a unique prefix) without importing argparse and building every command's
    parser (10 ms of start-up); None for anything else (help, a mistake), which the whole
    parser answers."""
    if argv[:1] != ["gui"]:
        return None
    found: dict[str, str | None] = dict.fromkeys(_GUI_OPTIONS)
    rest = iter(argv[1:])
    for token in rest:
        name, has_value, value = token.partition("=")
        chosen = [option for option in _GUI_OPTIONS if option.startswith(name)]
        if not name.startswith("--") or len(name) < 3 or len(chosen) != 1:
            return None
        if not has_value:
            value = next(rest, "-")
            if value.startswith("-"):
                return None  # no value: argparse says what is missing
        found[chosen[0]] = value
    if found["--lang"] not in (None, "zh", "en"):
        return None
    args = SimpleNamespace(**{option[2:].replace("-", "_"): v for option, v in found.items()})
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
