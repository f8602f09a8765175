"""The composition root: the store opened and the services built over it, for the app (main.py
hands these to gui.app) and the commands (commands/*) alike. Nothing here imports the front
ends, so both import it and it imports neither.

Heavy libraries load inside the function that needs them, so start-up stays quick.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diagnosis.demo.fill import DemoFilled
    from diagnosis.office.service import OfficeService
    from diagnosis.register.service import RegisterService
    from diagnosis.report.service import PlanService
    from diagnosis.sync.ports import BundleService, SyncService
    from diagnosis.visits.records import VisitRecords
    from diagnosis.visits.service import VisitService
    from storage.database import BackgroundCheck, Store

APP_NAME = "diagnosis-workbench"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "diagnosis.sqlite"


def default_settings_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "settings.ini"


def app_opener(db: Path) -> Callable[..., Store]:
    """How the app opens stores, as the one writer of the store it shows. The store at ``db``
    begins its key and open check now, on the other core, overlapping with importing Qt and
    building the window; that thread then reads the first screen (storage.first_screen) under
    the writer's lock taken here. Its outcome is awaited before anything is written."""
    # What that thread runs is imported here first: Python code on two threads at once runs
    # slower than in turn (they pass the GIL to and fro), and this one is importing Qt next.
    # The thread then runs little but scrypt and SQLite, which let go of the GIL.
    from storage import enterprises, store_check  # noqa: F401
    from storage.first_screen import read_first_screen
    from storage.keys import load_cipher
    from storage.store_file import BackgroundCheck, has_content

    load_cipher()
    started = BackgroundCheck(db, then=read_first_screen, writer="app") if has_content(db) else None
    return functools.partial(open_store, background=True, started=started, writer="app")


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


def visit_records(store: Store) -> VisitRecords:
    from diagnosis.visits.records import VisitRecords
    from storage.enterprises import SqliteEnterpriseRepository
    from storage.visits import SqliteVisitRepository

    return VisitRecords(SqliteVisitRepository(store), SqliteEnterpriseRepository(store))


def visit_service(store: Store) -> VisitService:
    from diagnosis.visits.lifecycle import VisitLifecycle
    from diagnosis.visits.service import VisitService

    records = visit_records(store)  # the lifecycle works on the same two repositories
    lifecycle = VisitLifecycle(records.visits, records.enterprises)
    return VisitService(lifecycle, records, store.photos())


def office_service(store: Store) -> OfficeService:
    from diagnosis.office.service import OfficeService
    from storage.office import SqliteOfficeRepository

    return OfficeService(SqliteOfficeRepository(store))


def plan_service(store: Store, font: Path | None = None) -> PlanService:
    from platformdirs import user_cache_path

    from diagnosis.report.plan import keep_compiled_in
    from diagnosis.report.service import PlanService

    # The plan's templates, compiled once, are kept for the next session's first plan.
    keep_compiled_in(user_cache_path(APP_NAME, appauthor=False) / "plan-templates")
    photos = store.photos()
    # Each area chapter prints the firm's score beside its peers' (issue 7).
    peers = office_service(store).peers
    return PlanService(visit_records(store), photos, font_setting=font, peers=peers)


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
