"""The app shell: language chosen and remembered, damaged stores refused untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import main
from diagnosis.demo import enterprises
from gui.app import App


def make_app(settings_path: Path) -> App:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    settings = QSettings(str(settings_path), QSettings.Format.IniFormat)
    return App(qapp, settings, main.open_store, main.register_service, main.service_factory)


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
        main.open_store,
        main.register_service,
        main.service_factory,
    )
    assert code == 2
    assert "DISPLAY" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()


def test_app_refuses_a_store_that_fails_its_integrity_check(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check runs in the background while the window is built; the window never shows."""
    db = tmp_path / "damaged.sqlite"
    store = main.open_store(db)
    main.register_service(store).repo.save(list(enterprises(400)), [])
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


def test_app_start_up_loads_no_diagnosis_engine(tmp_path: Path) -> None:
    """The register window must not pay for the engine (checklists, measures, reportlab...):
    start-up time is a figure we hold (benchmarks: startup)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    script = (
        "import sys, main\n"
        f"main.main(['gui', '--db', {str(tmp_path / 'x.sqlite')!r}, "
        f"'--settings', {str(tmp_path / 's.ini')!r}])\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('diagnosis', 'openpyxl', "
        "'sqlite_utils', 'reportlab')))))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DIAGNOSIS_QUIT_WHEN_SHOWN": "1"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
        check=True,
    ).stdout
    loaded = set(out.split())
    assert "diagnosis.register" in loaded  # it did start
    heavy = {
        "diagnosis.assessment",
        "diagnosis.measures",
        "diagnosis.checklist",
        "diagnosis.indicators",
        "openpyxl",
        "reportlab",
    }
    assert not loaded & heavy, sorted(loaded & heavy)
