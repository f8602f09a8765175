"""Composition root and command line of the diagnosis workbench.

Opens the store, builds the services and starts the GUI (the default) or a subcommand (the
commands package, which builds its services through the functions here). Heavy libraries, and
the commands themselves, are imported only when needed, so start-up stays quick.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diagnosis.demo.fill import DemoFilled
    from diagnosis.office.service import OfficeService
    from diagnosis.register.service import RegisterService
    from diagnosis.report.service import PlanService
    from diagnosis.sync.ports import BundleService, SyncService
    from diagnosis.visits.desk import VisitDesk
    from diagnosis.visits.records import VisitService
    from storage.database import BackgroundCheck, Store

APP_NAME = "diagnosis-workbench"


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
    writer: str | None = None,
    passphrase: str | None = None,
) -> Store:
    """The store at ``path``; ``writer`` (``"app"`` or a command's name) holds its writer lock
    while it is open (storage.store_lock), and is refused if another process holds it;
    ``passphrase``: typed by the user where no keyring keeps the store's key."""
    from storage.database import Store

    return Store(
        path,
        verify=verify,
        background=background,
        started=started,
        writer=writer,
        passphrase=passphrase,
    )


def register_service(store: Store) -> RegisterService:
    from diagnosis.register.service import RegisterService
    from storage.enterprises import SqliteEnterpriseRepository

    return RegisterService(SqliteEnterpriseRepository(store))


def visit_service(store: Store) -> VisitService:
    from diagnosis.visits.records import VisitService
    from storage.enterprises import SqliteEnterpriseRepository
    from storage.visits import SqliteVisitRepository

    return VisitService(SqliteVisitRepository(store), SqliteEnterpriseRepository(store))


def visit_desk(store: Store) -> VisitDesk:
    from diagnosis.visits.desk import VisitDesk
    from diagnosis.visits.lifecycle import VisitLifecycle
    from storage.enterprises import SqliteEnterpriseRepository
    from storage.visits import SqliteVisitRepository

    visits, enterprises = SqliteVisitRepository(store), SqliteEnterpriseRepository(store)
    photos = store.photos()
    return VisitDesk(VisitLifecycle(visits, enterprises), visit_service(store), photos)


def office_service(store: Store) -> OfficeService:
    from diagnosis.office.service import OfficeService
    from storage.office import SqliteOfficeRepository

    return OfficeService(SqliteOfficeRepository(store))


def plan_service(store: Store, font: Path | None = None) -> PlanService:
    from diagnosis.report.service import PlanService

    photos = store.photos()
    # Each area chapter prints the firm's score beside its peers' (issue 7).
    peers = office_service(store).peers
    return PlanService(visit_service(store), photos, font_setting=font, peers=peers)


def service_factory(path: Path) -> Callable[[], RegisterService]:
    """A fresh service on its own connection, for a worker thread (never shares the UI's)."""
    return lambda: register_service(open_store(path, verify=False))


def demo_filler(path: Path) -> Callable[[Callable[[int, int], None] | None], DemoFilled]:
    """The demo filled into the store at ``path`` on a worker's own connection (the welcome's
    "Open the demo"); the job takes a progress callback."""

    def fill(progress: Callable[[int, int], None] | None) -> DemoFilled:
        from diagnosis.demo.fill import fill_demo

        store = open_store(path, verify=False)
        try:
            return fill_demo(
                register_service(store), visit_service(store), store.photos(), progress=progress
            )
        finally:
            store.close()

    return fill


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


def sync_factory(
    path: Path, server: str, token: str, cafile: str = ""
) -> Callable[[], SyncService]:
    """Sync clients for worker threads, each on its own connection to the store at ``path``
    and its own HTTP connection (trusting only ``cafile``'s certificate, when given, for
    https); the sync modules and httpx load on the first sync."""
    import weakref

    def make() -> SyncService:
        from storage.sync.client import SyncClient
        from storage.sync.transport import HttpTransport

        store = open_store(path, verify=False)
        transport = HttpTransport(server, token, cafile=cafile or None)
        client: SyncService = SyncClient(store, transport, store.photos())
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


def unsynced_counter(path: Path) -> Callable[[], tuple[int, bool]]:
    """The status bar's count of changes not yet synced, for a worker thread: the sync
    client's own ``unsynced()`` (one definition of "unsynced"), on a connection of its own, with
    no server behind it, so it works before sync is set up and never loads httpx; and whether
    this store has ever synced (with a server or a bundle)."""

    def count() -> tuple[int, bool]:
        from storage.sync.client import SyncClient
        from storage.sync.client_meta import SERVER, SINCE, get_meta

        store = open_store(path, verify=False)
        try:
            client = SyncClient(store, _NoServer(), store.photos())
            synced = any(get_meta(store.conn, key) is not None for key in (SERVER, SINCE))
            return int(client.unsynced()), synced
        finally:
            store.close()

    return count


class _NoServer:
    """A transport for a client that only counts: any request would be a bug, and says so."""

    def __getattr__(self, name: str) -> Any:
        from diagnosis.sync.ports import SyncError

        raise SyncError("network.unreachable", f"no server: counting only ({name})")


def token_sealer(path: Path) -> Any:
    """The sealer of the store at ``path`` (the app has unlocked its key), for the sync token
    where there is no keyring; None if its key is not unlocked here."""
    from storage.keys import text_sealer

    return text_sealer(path)


def cmd_gui(args: argparse.Namespace) -> int:
    from storage.store_file import BackgroundCheck, has_content

    db = Path(args.db) if args.db else default_db_path()
    settings = Path(args.settings) if args.settings else default_settings_path()
    # The store's key and open check (storage.store_check) start now, on the other core, and
    # overlap with importing Qt and building the window; the GUI reports a refusal once Qt is
    # up. The whole-file check runs after the first paint, when due (gui.store_check_ui).
    started = BackgroundCheck(db) if has_content(db) else None
    # The app is the store's one writer while it shows it: a second app, or a command that
    # writes, is told so rather than interleaving with it.
    opener = functools.partial(open_store, background=True, started=started, writer="app")

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
        token_sealer,
        demo_filler,
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

    return build()


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
    # The commands reach this composition root by ``import main``: the script is that module,
    # rather than a second copy of it loaded again under its own name.
    sys.modules.setdefault("main", sys.modules[__name__])
    sys.exit(main())
