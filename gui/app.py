"""Start the desktop app: language, settings, the store (refusing a damaged one), the window.

The store and services are built by callables from main.py, so this module never sees SQL; a
language change rebuilds the window in the new language, keeping its place.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diagnosis.messages import Lang
from diagnosis.register.service import RegisterService
from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from gui.register.main_window import MainWindow

if TYPE_CHECKING:
    from diagnosis.office.service import OfficeService
    from diagnosis.report.service import PlanService
    from diagnosis.sync.ports import BundleService, SyncService
    from diagnosis.visits.service import VisitService

    from gui.sync.actions import UnsyncedCounter

I18N_DIR = Path(__file__).with_name("i18n")
# Opens the store at a path (``passphrase=``: typed by the user, where no keyring keeps its key).
StoreOpener = Callable[..., Any]
ServiceBuilder = Callable[[Any], RegisterService]
FactoryBuilder = Callable[[Path], Callable[[], RegisterService]]
# The visit desk pulls in the whole diagnosis engine: built on first use, not at start-up.
DeskBuilder = Callable[[Any], "VisitService"]
# Plan services for workers, on the store at a path, set in the chosen font (None: found).
PlanFactoryBuilder = Callable[[Path, Path | None], Callable[[], "PlanService"]]
# Sync services for workers, on the store at a path, with the server, token and CA certificate
# file ("" for none) of the settings.
SyncFactoryBuilder = Callable[[Path, str, str, str], Callable[[], "SyncService"]]
# How many changes of the store at a path are not synced yet (called on a worker thread).
CounterBuilder = Callable[[Path], "UnsyncedCounter"]
# Sync bundles (export a request, import a reply) of the store at a path, for workers.
BundleFactoryBuilder = Callable[[Path], Callable[[], "BundleService"]]
# Office services (the office page's figures) on the store at a path, for workers.
OfficeFactoryBuilder = Callable[[Path], Callable[[], "OfficeService"]]
# The sealer of the store at a path (its key unlocked): keeps the sync token out of the clear.
SealerBuilder = Callable[[Path], Any]
# The demo written into the store at a path on a worker: job(progress) -> DemoFilled.
DemoBuilder = Callable[[Path], Callable[[Callable[[int, int], None] | None], Any]]
# The welcome's demo store, beside the store shown: sample firms never mix with real ones.
DEMO_STORE_NAME = "demo.sqlite"


class _SyncMaker:
    """Sync services of the store at ``db_path`` for a server and token; ``sealer`` keeps the
    token sealed with the store's key where there is no keyring (gui.sync.settings)."""

    def __init__(self, build: SyncFactoryBuilder, db_path: Path, sealer: Any) -> None:
        self.build, self.db_path, self.sealer = build, db_path, sealer

    def __call__(self, server: str, token: str, cafile: str = "") -> Callable[[], SyncService]:
        return self.build(self.db_path, server, token, cafile)


def _needs_passphrase(exc: Exception, tried: str | None) -> bool:
    """The store wants a passphrase (storage.keys.KeyNeeded), or the one typed was wrong."""
    code = getattr(getattr(exc, "message", None), "code", "")
    if code in ("store.passphrase_needed", "store.passphrase_new"):
        return True
    return tried is not None and code in ("store.passphrase_wrong", "store.passphrase_short")


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# Qt's own words its qtbase_zh_CN.qm lacks (the file icon provider's types in a file dialog).
_QT_MISSING = {
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
}


class QtBaseTranslator(QTranslator):
    """Qt's qtbase translations, also for the texts Qt 6 gave a mnemonic since the catalogue was
    made: "&Look in:" and "Files of &type:" in a file dialog are found as "Look in:" and "Files of
    type:", and given their key back the Chinese way, "查找范围(&L)："."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        found = super().translate(context, source, disambiguation, n)
        if found:
            return found
        if "&" in source and not source.startswith("&&"):
            plain = super().translate(context, source.replace("&", ""), disambiguation, n)
            key = source[source.index("&") + 1 : source.index("&") + 2].upper()
            if plain and key.isalnum():
                colon = plain[-1] if plain.endswith(("：", ":")) else ""
                return f"{plain.removesuffix(colon)}(&{key}){colon}"
        # None, not "": Qt takes any non-null string, even an empty one, as the translation.
        return _QT_MISSING.get((context, source))  # type: ignore[return-value]


class Translations:
    """The app's own Chinese strings plus Qt's (standard buttons, file dialogs), swapped as a
    pair; in English, the plural forms of the counted strings ("%n photo(s) attached" shown as
    "1 photo attached", "6 photos attached"; gui/i18n/en.ts), every other string as written."""

    # The English plurals: one translator per application, a child of it found by this name,
    # so that every Translations (the app rebuilds its window; tests make several) installs the
    # same one, never a second copy.
    ENGLISH = "english_plurals"

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.installed: list[QTranslator] = []

    def use(self, lang: Lang) -> None:
        for translator in self.installed:
            self.app.removeTranslator(translator)
        self.installed.clear()
        if lang != "zh":
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
            english = self._english()
            if english is not None:
                self.app.removeTranslator(english)  # installed by another: asked first again
                self.app.installTranslator(english)
                self.installed.append(english)
            return
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        # The last installed is asked first: the app's own strings before Qt's.
        for name, folder in (("qtbase_zh_CN", qt_dir), ("zh_CN", str(I18N_DIR))):
            translator = (
                QtBaseTranslator(self.app) if name.startswith("qt") else QTranslator(self.app)
            )
            if translator.load(name, folder):
                self.app.installTranslator(translator)
                self.installed.append(translator)

    def _english(self) -> QTranslator | None:
        """The application's English plurals, loaded on first use; None without gui/i18n/en.qm
        (the strings then show as written)."""
        found = self.app.findChild(QTranslator, self.ENGLISH)
        if found is not None:
            return found
        translator = QTranslator(self.app)
        if not translator.load("en", str(I18N_DIR)):
            translator.deleteLater()
            return None
        translator.setObjectName(self.ENGLISH)
        return translator


class App(QObject):
    """Owns the window and rebuilds it when the language or the database changes."""

    def __init__(
        self,
        qapp: QApplication,
        settings: QSettings,
        open_store: StoreOpener,
        build_service: ServiceBuilder,
        build_factory: FactoryBuilder,
        build_desk: DeskBuilder | None = None,
        build_plans: PlanFactoryBuilder | None = None,
        build_sync: SyncFactoryBuilder | None = None,
        build_counter: CounterBuilder | None = None,
        build_bundles: BundleFactoryBuilder | None = None,
        build_office: OfficeFactoryBuilder | None = None,
        build_sealer: SealerBuilder | None = None,
        build_demo: DemoBuilder | None = None,
    ) -> None:
        super().__init__()
        self.build_demo = build_demo
        self.build_sealer = build_sealer
        self.build_office = build_office
        self.build_bundles = build_bundles
        self.build_desk = build_desk
        self.build_plans = build_plans
        self.build_sync = build_sync
        self.build_counter = build_counter
        self.qapp = qapp
        self.settings = settings
        self.open_store = open_store
        self.build_service = build_service
        self.build_factory = build_factory
        self.translations = Translations(qapp)
        self.window: MainWindow | None = None
        self.store: Any = None
        self.store_check: Any = None  # gui.store_check_ui, of the store shown

    def language(self) -> Lang:
        value = self.settings.value("language", "zh")
        return "en" if value == "en" else "zh"

    def show(self, db_path: Path, lang: Lang) -> MainWindow | None:
        """Open the store at ``db_path`` (on refusal: say why, offer another file) and show it."""
        self.translations.use(lang)
        passphrase: str | None = None
        while True:
            store: Any = None
            try:
                if passphrase is None:
                    store = self.open_store(db_path)
                else:
                    store = self.open_store(db_path, passphrase=passphrase)
                window = MainWindow(
                    self.build_service(store),
                    self.build_factory(db_path),
                    self.settings,
                    lang,
                    str(db_path),
                    self._desk_factory(store),
                    self._plan_factory(db_path),
                    self._sync_factory(db_path),
                    self.build_counter(db_path) if self.build_counter else None,
                    self.build_bundles(db_path) if self.build_bundles else None,
                    self.build_office(db_path) if self.build_office else None,
                )
                # The register shows while the open check finishes on the other core;
                # nothing is written before it passes (the store's writes, and every other
                # connection in this process, wait for it), and a damaged file is refused then.
                if not store.verification_pending():
                    store.ensure_verified()
                break
            except Exception as exc:  # a StoreError carries a bilingual message
                if _needs_passphrase(exc, passphrase):
                    passphrase = self._ask_passphrase(db_path, exc, passphrase, lang)
                    if passphrase is None:
                        return None
                    continue
                message = self._refusal(store, exc)
                chosen = self._ask_other_file(message.text(lang))
                if chosen is None:
                    return None
                db_path = chosen
        if self.store is not None:
            self.store.close()
        self.store = store
        self.settings.setValue("language", lang)
        window.language_requested.connect(lambda code: self._rebuild(db_path, code))
        window.database_requested.connect(lambda path: self._rebuild(Path(path), self.language()))
        window.demo_requested.connect(lambda: self.open_demo(db_path))
        if self.window is not None:
            self.window.save_state()
            self.window.hide()
            self.window.deleteLater()
        self.window = window
        window.show()
        # The whole-file check: after the first paint when due, and on demand (File menu).
        if hasattr(store, "start_full_check"):
            from gui.store_check_ui import StoreCheckUi

            self.store_check = StoreCheckUi(window, store, lang)
            window.table.first_painted.connect(self.store_check.start_when_due)
        if store.verification_pending():
            self._await_verification(store, db_path, lang)
        return window

    def _await_verification(self, store: Any, db_path: Path, lang: Lang) -> None:
        """Once the whole-file check of the store being shown has run: nothing if it passed;
        else the window goes, the refusal says why, and another file may be chosen."""
        if store.verification_pending():
            QTimer.singleShot(25, lambda: self._await_verification(store, db_path, lang))
            return
        if store is not self.store:
            return  # another store is shown since
        try:
            store.ensure_verified()
        except Exception as exc:  # a StoreError carries a bilingual message
            message = self._refusal(None, exc)
            window, self.window, self.store = self.window, None, None
            if window is not None:
                window.hide()
                window.deleteLater()
            chosen = self._ask_other_file(message.text(lang))
            if chosen is None:
                self.qapp.quit()
            else:
                self.show(chosen, lang)

    def _desk_factory(self, store: Any) -> Callable[[], VisitService] | None:
        build = self.build_desk
        return None if build is None else (lambda: build(store))

    def _plan_factory(self, db_path: Path) -> Callable[[Path | None], Callable[[], Any]] | None:
        build = self.build_plans
        return None if build is None else (lambda font: build(db_path, font))

    def _sync_factory(self, db_path: Path) -> Callable[[str, str, str], Callable[[], Any]] | None:
        if self.build_sync is None:
            return None
        sealer = self.build_sealer(db_path) if self.build_sealer is not None else None
        return _SyncMaker(self.build_sync, db_path, sealer)

    @staticmethod
    def _refusal(store: Any, exc: Exception) -> Any:
        """The store's own refusal (damaged, not a database) if there is one; else re-raise."""
        message = getattr(exc, "message", None)
        if message is None and store is not None:
            try:
                store.ensure_verified()  # a read error on a damaged file: say it is damaged
            except Exception as refused:
                message = getattr(refused, "message", None)
        if message is None and store is not None and hasattr(store, "refusal_for"):
            # A page that fails its authentication as the first screen reads it: damaged.
            message = store.refusal_for(exc)
        if message is None:
            raise exc
        if store is not None:
            store.close()
        return message

    @staticmethod
    def _ask_passphrase(db_path: Path, exc: Exception, tried: str | None, lang: Lang) -> str | None:
        """The store's passphrase from the user (None: they gave up); after a wrong one, the
        store's own words say so."""
        from gui.passphrase_dialog import ask_passphrase  # only where there is no keyring

        message = getattr(exc, "message", None)
        error = message.text(lang) if tried is not None and message is not None else ""
        return ask_passphrase(str(db_path), new=bool(getattr(exc, "new", False)), error=error)

    def open_demo(self, current: Path) -> MainWindow | None:
        """The welcome's "Open the demo": the demo store beside ``current`` shown (created, with
        its passphrase asked where no keyring keeps keys) and, while it has no enterprise,
        filled with sample firms and complete visits on a worker."""
        target = current.with_name(DEMO_STORE_NAME)
        window = self.window if target == current else self.show(target, self.language())
        if window is not None and self.build_demo is not None and window.model.total() == 0:
            window.fill_demo(self.build_demo(target))
        return window

    def _rebuild(self, db_path: Path, lang: str) -> None:
        self.show(db_path, "en" if lang == "en" else "zh")

    def _ask_other_file(self, text: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox  # only on this rare path

        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Database"), text)
        open_other = box.addButton(self.tr("Open another file…"), QMessageBox.ButtonRole.AcceptRole)
        new_file = box.addButton(
            self.tr("Create a new database…"), QMessageBox.ButtonRole.ActionRole
        )
        box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is open_other:
            path, _ = QFileDialog.getOpenFileName(None, self.tr("Open database"))
        elif clicked is new_file:
            path, _ = QFileDialog.getSaveFileName(None, self.tr("New database"), "diagnosis.sqlite")
        else:
            return None
        return Path(path) if path else None


def run(
    db_path: Path,
    settings_path: Path,
    lang: str | None,
    open_store: StoreOpener,
    build_service: ServiceBuilder,
    build_factory: FactoryBuilder,
    build_desk: DeskBuilder | None = None,
    build_plans: PlanFactoryBuilder | None = None,
    build_sync: SyncFactoryBuilder | None = None,
    build_counter: CounterBuilder | None = None,
    build_bundles: BundleFactoryBuilder | None = None,
    build_office: OfficeFactoryBuilder | None = None,
    build_sealer: SealerBuilder | None = None,
    build_demo: DemoBuilder | None = None,
) -> int:
    if not has_display():
        print(
            "没有可用的显示器（DISPLAY 未设置）。请在桌面环境中运行，"
            "或在虚拟屏幕上运行：xvfb-run bash scripts/run.sh\n"
            "No display found (DISPLAY is not set). Run it on a desktop, or on a virtual "
            "screen: xvfb-run bash scripts/run.sh",
            file=sys.stderr,
        )
        return 2
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("diagnosis-workbench")
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    app = App(
        qapp,
        settings,
        open_store,
        build_service,
        build_factory,
        build_desk,
        build_plans,
        build_sync,
        build_counter,
        build_bundles,
        build_office,
        build_sealer,
        build_demo,
    )
    chosen: Lang = "en" if (lang or app.language()) == "en" else "zh"
    try:
        return _run_shown(qapp, app, db_path, chosen)
    finally:
        resume_collector()


def _run_shown(qapp: QApplication, app: App, db_path: Path, chosen: Lang) -> int:
    window = app.show(db_path, chosen)
    if window is None:
        return 2
    window.table.first_painted.connect(resume_collector)
    QTimer.singleShot(_COLLECTOR_AT_LATEST_MS, resume_collector)  # a window that never paints
    if os.environ.get("DIAGNOSIS_QUIT_WHEN_SHOWN"):
        # For start-up benchmarks and smoke checks: say when the first rows are on screen.
        QTimer.singleShot(0, lambda: _report_shown_and_quit(qapp))
    code = int(qapp.exec())
    if app.store is not None:
        app.store.close()  # a clean exit: the next start owes the store no whole-file check
    return code


_COLLECTOR_AT_LATEST_MS = 3000


def resume_collector() -> None:
    """The cyclic garbage collector on again after start-up (main.py pauses it until the first
    paint); what start-up made is moved out of its way for good (``gc.freeze``): modules,
    classes and the first screen, which would otherwise be walked at every full collection."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _report_shown_and_quit(qapp: QApplication) -> None:
    qapp.processEvents()
    print("shown", flush=True)
    qapp.quit()
