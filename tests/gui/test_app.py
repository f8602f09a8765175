"""The app shell: language chosen and remembered, damaged stores refused untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMenu
from pytestqt.qtbot import QtBot

import main
import services
from diagnosis.demo.enterprises import enterprises
from gui.app import App


def make_app(settings_path: Path) -> App:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    return App(
        qapp, settings, services.open_store, services.register_service, services.service_factory
    )


@pytest.fixture
def app(tmp_path: Path, qtbot: QtBot) -> App:
    shell = make_app(tmp_path / "settings.ini")
    yield shell  # type: ignore[misc]
    if shell.window is not None:
        shell.window.close()
        shell.window.deleteLater()
    shell.translations.use("en")
    if shell.store is not None:
        shell.store.close()


def test_app_starts_in_chinese_by_default(app: App, tmp_path: Path) -> None:
    window = app.show(tmp_path / "new.sqlite", app.language())
    assert window is not None
    assert window.windowTitle().startswith("企业诊断工作台")
    assert [a.text() for a in window.menuBar().actions()][:2] == ["文件(&F)", "企业(&E)"]
    assert window.search.placeholderText().startswith("搜索名称")
    # A new store says what to do first.
    assert window.empty_hint.isVisible()
    assert "Ctrl+I" in window.empty_hint.text() and "名录为空" in window.empty_hint.text()


def test_app_language_switch_rebuilds_and_is_remembered(
    app: App, tmp_path: Path, qtbot: QtBot
) -> None:
    db = tmp_path / "store.sqlite"
    first = app.show(db, "zh")
    assert first is not None
    first.findChild(type(first.act_new), "lang_en").trigger()
    qtbot.waitUntil(lambda: app.window is not first)
    assert app.window is not None
    assert app.window.windowTitle().startswith("Enterprise diagnosis workbench")
    assert "enterprise" in app.window.count_label.text()
    app.settings.sync()
    again = make_app(Path(app.settings.fileName()))
    assert again.language() == "en"


def test_app_refuses_a_damaged_store_and_leaves_it_untouched(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"minutes of the meeting, not a database\n" * 50)
    before = bad.read_bytes()
    told: list[str] = []
    monkeypatch.setattr(App, "_ask_other_file", lambda _self, text: told.append(text))
    assert app.show(bad, "zh") is None
    assert bad.read_bytes() == before
    assert "不是本软件的数据库文件" in told[0] and str(bad) in told[0]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == [
        "notes.sqlite"
    ]


def test_app_opens_the_other_file_the_user_chooses(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "broken.sqlite"
    bad.write_bytes(b"\x00" * 4096)
    good = tmp_path / "good.sqlite"
    monkeypatch.setattr(App, "_ask_other_file", lambda _self, _text: good)
    window = app.show(bad, "en")
    assert window is not None and window.db_path == str(good)
    assert good.exists()


def test_app_without_display_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gui import app as app_module

    monkeypatch.setattr(app_module, "has_display", lambda: False)
    code = app_module.run(
        tmp_path / "x.sqlite",
        tmp_path / "s.ini",
        None,
        services.open_store,
        services.register_service,
        services.service_factory,
    )
    assert code == 2
    assert "DISPLAY" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()


def test_app_refuses_a_store_that_fails_its_integrity_check(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check runs in the background while the window is built; the window never shows."""
    db = tmp_path / "damaged.sqlite"
    store = services.open_store(db)
    services.register_service(store).repo.save(list(enterprises(400)), [])
    store.close()
    data = bytearray(db.read_bytes())
    page = 4096
    for n in range(3, len(data) // page, 4):  # scribble over every fourth page's cell area
        data[n * page + 200 : n * page + 600] = b"\xa5" * 400
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    told: list[str] = []
    monkeypatch.setattr(App, "_ask_other_file", lambda _self, text: told.append(text))
    assert app.show(db, "en") is None
    assert app.window is None
    assert "damaged" in told[0]
    assert db.read_bytes() == before


def test_app_shows_the_register_while_the_check_runs_and_refuses_a_damaged_file_after(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big store's whole-file check finishes after the first paint: the register shows at
    once, nothing is written meanwhile (a worker's connection waits), and when the check finds
    damage (here: the check is held, then reports it) the window goes and the refusal says
    why, the file untouched."""
    import functools
    import threading

    from diagnosis.messages import Message
    from storage import store_file
    from storage.store_file import BackgroundCheck
    from storage.store_messages import StoreError

    db = tmp_path / "damaged.sqlite"
    store = services.open_store(db)
    services.register_service(store).repo.save(list(enterprises(400)), [])
    store.close()
    before = db.read_bytes()
    release = threading.Event()
    run = BackgroundCheck._run

    def held(check: BackgroundCheck, path: Path) -> None:
        release.wait(30)  # as long as a 3 GB store's check would take
        run(check, path)

    def damaged(path: Path, *_args: object) -> None:  # what the check finds, late
        detail = "*** in database main *** Page 103: never used"
        raise StoreError(Message("store.corrupt", {"path": str(path), "detail": detail}))

    monkeypatch.setattr(store_file, "check_then_read", damaged)
    monkeypatch.setattr(BackgroundCheck, "_run", held)
    told: list[str] = []
    monkeypatch.setattr(App, "_ask_other_file", lambda _self, text: told.append(text))
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    opener = functools.partial(services.open_store, background=True, writer="app")
    app = App(
        qapp,
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        opener,
        services.register_service,
        services.service_factory,
    )
    monkeypatch.setattr(qapp, "quit", lambda: None)
    window = app.show(db, "en")
    assert window is not None and window.isVisible(), told  # shown before the check has run
    worker: list[BaseException] = []

    def second_connection() -> None:  # a worker's store waits for the check's outcome
        try:
            services.open_store(db, verify=False).close()
        except BaseException as exc:
            worker.append(exc)

    waiting = threading.Thread(target=second_connection)
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive()  # nothing opens beside the app before the check has passed
    release.set()
    waiting.join(30)
    assert [type(e) for e in worker] == [StoreError]
    qtbot.waitUntil(lambda: app.window is None, timeout=10_000)
    assert told and "damaged" in told[0]
    assert db.read_bytes() == before


def test_app_start_up_loads_no_diagnosis_engine(tmp_path: Path) -> None:
    """The register window must not pay for the engine (checklists, measures, reportlab...),
    nor for sync, plans or the office page, which load after the first paint: start-up time
    is a figure we hold (benchmarks: startup). The modules are listed as the window is shown."""
    out = _app_in_a_process(
        tmp_path,
        "import sys, main\n"
        "import gui.app\n"
        "report = gui.app._report_shown_and_quit\n"
        "def shown(qapp):\n"
        "    report(qapp)\n"
        "    print(' '.join(sorted(sys.modules)))\n"
        "gui.app._report_shown_and_quit = shown\n",
    )
    assert out[0] == "shown"
    loaded = set(out[1].split())
    assert (
        "diagnosis.register.service" in loaded and "gui.register.main_window" in loaded
    )  # it did start
    heavy = {
        "diagnosis.assessment.assess",
        "diagnosis.measures.proposals",
        "diagnosis.checklists.format",
        "diagnosis.figures.indicators",
        "diagnosis.sync.ports",
        "openpyxl",
        "reportlab",
        "jinja2",
        "httpx",
        "keyring",
        # What the window loads after its first paint (gui.register.deferred_actions) or when used.
        "gui.sync.actions",
        "gui.sync.settings",
        "gui.sync.bundle_actions",
        "gui.report.actions",
        "gui.report.dialogs",
        "gui.workers",
        "gui.office.page",
        "gui.visit_editor.visit_list",
        "storage.sync",
        # The command line's commands and their parser (main.build_parser); 'gui' reads its
        # few options without them.
        "commands",
        "commands.parser",
        "commands.register",
        "commands.visits",
        "commands.report",
        "commands.sync",
    }
    assert not loaded & heavy, sorted(loaded & heavy)


def test_app_builds_sync_and_plan_commands_right_after_the_first_paint(
    app: App, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Sync menu and every shortcut are there as the window is shown; what they do, and
    the unsynced count, load once the event loop has painted the rows
    (gui.register.deferred_actions)."""
    from gui.sync.actions import SyncActions

    monkeypatch.setattr(SyncActions, "FIRST_COUNT_DELAY_MS", 0)
    app.build_desk = services.visit_service
    app.build_plans = services.plan_factory
    app.build_sync = services.sync_factory
    app.build_bundles = services.bundle_factory
    app.build_office = services.office_factory
    app.build_counter = lambda _path: lambda: 3

    def commands() -> dict[str, str]:
        assert window is not None
        return {
            a.objectName(): a.shortcut().toString()
            for a in window.findChildren(QAction)
            if a.objectName() and a.isEnabled()
        }

    def sync_menu() -> list[str]:
        assert window is not None
        menu = window.findChild(QMenu, "sync_menu")
        assert isinstance(menu, QMenu)
        return [a.objectName() for a in menu.actions() if not a.isSeparator()]

    window = app.show(tmp_path / "store.sqlite", "en")
    assert window is not None
    assert not window.deferred.built  # shown, not painted: nothing of sync has loaded
    assert window.findChild(QLabel, "unsynced") is None
    before = commands()
    assert {
        "sync": "Ctrl+Shift+Y",
        "sync_conflicts": "Ctrl+Shift+K",
        "sync_settings": "",
        "sync_bundle_export": "",
        "sync_bundle_import": "",
        "export_plans": "Ctrl+Shift+P",
        "plan_font": "",
        "office": "Ctrl+Shift+B",
        "import": "Ctrl+I",
        "find": "Ctrl+F",
        "shortcuts": "F1",
    }.items() <= before.items(), before
    expected_menu = [
        "sync",
        "sync_conflicts",
        "sync_bundle_export",
        "sync_bundle_import",
        "sync_settings",
    ]
    assert sync_menu() == expected_menu
    assert [a.text() for a in window.menuBar().actions()][-2:] == ["&Sync", "&Help"]

    qtbot.waitUntil(lambda: window.deferred.built)  # nobody asked: the first paint did
    assert commands() == before  # the same commands, none twice
    assert sync_menu() == expected_menu
    assert window.sync_actions.act_sync is window.findChild(QAction, "sync")
    assert window.bundle_actions.act_export is window.findChild(QAction, "sync_bundle_export")
    assert window.plans is not None and window.act_plans.isEnabled()
    label = window.sync_actions.status
    qtbot.waitUntil(lambda: label.text() == "3 changes not synced")
    assert label.isVisible() and window.findChild(QLabel, "unsynced") is label


def test_app_sync_shortcut_works_before_the_sync_commands_load(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.sync.actions import SyncActions

    synced: list[SyncActions] = []
    monkeypatch.setattr(SyncActions, "sync", lambda self: synced.append(self))
    app.build_sync = services.sync_factory
    window = app.show(tmp_path / "store.sqlite", "en")
    assert window is not None and not window.deferred.built
    action = window.findChild(QAction, "sync")
    assert isinstance(action, QAction) and action.isEnabled()
    action.trigger()  # what Ctrl+Shift+Y does
    assert window.deferred.built
    assert synced == [window.sync_actions]


@pytest.mark.parametrize(
    "argv",
    [
        ["gui"],
        ["gui", "--db", "a.sqlite"],
        ["gui", "--db", "a.sqlite", "--settings", "s.ini", "--lang", "en"],
        ["gui", "--lang=zh", "--db=a.sqlite"],
        ["gui", "--se", "s.ini"],
        ["gui", "--passphrase-file", "p.txt", "--db", "a.sqlite", "--db", "b.sqlite"],
        ["gui", "--pass=p.txt", "--l", "en"],
    ],
)
def test_app_gui_options_read_quickly_as_the_whole_parser_reads_them(argv: list[str]) -> None:
    quick = main._gui_args(argv)
    assert quick is not None
    assert vars(quick) == vars(main.build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["gui", "-h"],
        ["gui", "--lang", "fr"],
        ["gui", "--lang=fr"],
        ["gui", "--db"],
        ["gui", "--db", "--lang", "en"],
        ["gui", "--other"],
        ["gui", "--", "a.sqlite"],
        ["gui", "a.sqlite"],
        ["gui", "--help"],
        ["demo"],
    ],
)
def test_app_gui_options_leave_help_and_mistakes_to_the_whole_parser(argv: list[str]) -> None:
    assert main._gui_args(argv) is None


def test_app_pauses_the_garbage_collector_until_its_first_paint(tmp_path: Path) -> None:
    """Start-up runs without the cyclic collector (it would walk every object start-up makes,
    several times); the collector is on again once the window has painted, with what start-up
    made frozen out of its way. As main.py runs it, in a process of its own."""
    out = _app_in_a_process(
        tmp_path,
        "import gc, sys, main\n"
        "import gui.app\n"
        "show, report = gui.app.App.show, gui.app._report_shown_and_quit\n"
        "def showing(self, *args):\n"
        "    print('building', gc.isenabled())\n"
        "    return show(self, *args)\n"
        "def shown(qapp):\n"
        "    report(qapp)\n"
        "    print('painted', gc.isenabled(), gc.get_freeze_count() > 10000)\n"
        "gui.app.App.show, gui.app._report_shown_and_quit = showing, shown\n",
        "print('after', gc.isenabled())\n",
    )
    assert out == ["building False", "shown", "painted True True", "after True"]


def test_app_resumes_the_collector_when_it_ends_without_a_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused at start (the passphrase dialog cancelled, say): the collector is on again."""
    import gc

    import gui.app

    monkeypatch.setattr(gui.app.App, "show", lambda self, *args: None)
    gc.disable()
    try:
        code = gui.app.run(
            tmp_path / "x.sqlite",
            tmp_path / "s.ini",
            "en",
            services.app_opener(tmp_path / "x.sqlite"),
            services.register_service,
            services.service_factory,
        )
        assert code == 2 and gc.isenabled()
    finally:
        gc.enable()


def _app_in_a_process(tmp_path: Path, before: str, after: str = "") -> list[str]:
    """What the app prints when ``main.main`` starts it in a process of its own on a new store,
    quitting once shown: ``before`` patches it first, ``after`` runs once it has ended."""
    import os
    import subprocess
    import sys

    script = (
        f"{before}main.main(['gui', '--db', {str(tmp_path / 'x.sqlite')!r}, "
        f"'--settings', {str(tmp_path / 's.ini')!r}])\n{after}"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DIAGNOSIS_QUIT_WHEN_SHOWN": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return done.stdout.splitlines()
