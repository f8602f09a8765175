"""The command line's subcommands (``python main.py demo|import-enterprises|export-enterprises|
visit|report|stats|serve|user|sync|bundle``): each builds its services through the composition
root (services.py) and never imports main.py, which imports them.

Never imported on the way to the desktop app (``python main.py gui`` reads its own options), and
never imports Qt or the GUI. Heavy libraries load inside the command that needs them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.database import Store

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def err(text: str) -> None:
    print(text, file=sys.stderr)


def db_path(args: argparse.Namespace) -> Path:
    """The store named by ``--db``, else the user data folder's."""
    import services

    return Path(args.db) if args.db else services.default_db_path()


# The commands that write to the local store: each holds its writer lock while it runs, waiting
# for another command to finish, and is refused at once while the app has the store open.
# Reading commands (export-enterprises, visit list|export|score, report, stats) never take it.
WRITING = {("demo", None), ("import-enterprises", None), ("visit", "import"), ("passphrase", None)}


def writer_name(args: argparse.Namespace) -> str | None:
    """The command's name if it writes to the local store, else None."""
    sub = getattr(args, "visit_command", None)
    key = (args.command, sub)
    return " ".join(k for k in key if k) if key in WRITING else None


def open_or_exit(args: argparse.Namespace) -> Store | None:
    """The store of ``--db`` opened and checked; None, with the reason said, if it cannot be."""
    import services
    from storage.database import StoreError

    try:
        return services.open_store(db_path(args), writer=writer_name(args))
    except StoreError as exc:
        err(exc.message.text(args.lang))
        return None
