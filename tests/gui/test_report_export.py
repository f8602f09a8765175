"""The improvement plan from the app: exported from the editor and the visit list off the UI
thread and opened on request; a batch for selected enterprises with progress, cancel and a
summary; the font chosen in the settings, and a visible warning when Chinese is not embedded."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QRadioButton
from pytestqt.qtbot import QtBot

import services
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.register.service import RegisterService
from diagnosis.report.fonts import FALLBACK_WARNING
from diagnosis.report.service import PlanService
from diagnosis.visits.service import VisitService
from gui.register.main_window import MainWindow
from gui.report.actions import PlanExports
from gui.report.dialogs import BatchExportDialog
from gui.visit_editor.visit_list import VisitListDialog
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk, open_editor

NAME = "宁波甬明精密机械有限公司"  # the example visit's enterprise
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
WAIT = 30_000  # ms; a 27-page plan takes about half a second here


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


@pytest.fixture
def visit_id() -> str:
    return EXAMPLE_ID


@pytest.fixture
def plans(store_path: Path, settings: QSettings) -> PlanExports:
    return PlanExports(lambda font: services.plan_factory(store_path, font), settings, "zh")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def save_as(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[tuple[Any, ...]]:
    """The save dialog answers ``target``; returns what it was asked."""
    asked: list[tuple[Any, ...]] = []

    def answer(*args: Any, **_kwargs: Any) -> tuple[str, str]:
        asked.append(args)
        return str(target), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages[:2])


def test_report_export_from_editor_writes_the_plan_and_opens_it(
    qtbot: QtBot,
    desk: VisitService,
    visit_id: str,
    plans: PlanExports,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
) -> None:
    editor = open_editor(qtbot, desk, visit_id, plans=plans)
    out = tmp_path / "plans" / "plan.pdf"
    out.parent.mkdir()
    asked = save_as(monkeypatch, out)
    assert not editor.exporter.act_open.isEnabled()
    qtbot.keyClick(editor, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: editor.exporter.job is None, timeout=WAIT)
    # Suggested: the templates' name, in the home folder the first time.
    suggested = Path(asked[0][2])
    assert suggested.parent == Path.home()
    assert suggested.name == f"{NAME}_诊断改进方案_2024-03-19_第1版.pdf"
    assert NAME in pdf_text(out)
    notice = editor.exporter.notice.text()
    assert "plan.pdf" in notice and "Ctrl+Shift+O" in notice
    assert plans.folder() == out.parent  # remembered for the next plan
    qtbot.keyClick(editor, Qt.Key.Key_O, CTRL | SHIFT)
    assert opened == [QUrl.fromLocalFile(str(out))]


def test_report_export_returns_before_the_plan_exists(
    qtbot: QtBot,
    desk: VisitService,
    visit_id: str,
    store_path: Path,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The UI thread only asks and starts: the worker (held here) writes the file later."""
    release = threading.Event()

    def held(font: Path | None) -> Callable[[], PlanService]:
        make = services.plan_factory(store_path, font)

        def build() -> PlanService:
            release.wait(WAIT / 1000)
            return make()

        return build

    editor = open_editor(qtbot, desk, visit_id, plans=PlanExports(held, settings, "zh"))
    out = tmp_path / "plan.pdf"
    asked = save_as(monkeypatch, out)
    editor.exporter.act_export.trigger()
    assert not out.exists()  # the action has returned; the plan is not written yet
    assert not editor.exporter.progress.isHidden()
    assert not editor.exporter.act_export.isEnabled()  # one plan at a time
    editor.exporter.act_export.trigger()
    assert len(asked) == 1
    release.set()
    qtbot.waitUntil(lambda: editor.exporter.job is None, timeout=WAIT)
    assert out.is_file() and editor.exporter.progress.isHidden()
    assert editor.exporter.act_export.isEnabled()


def test_report_export_from_visit_list_in_the_other_language(
    qtbot: QtBot,
    desk: VisitService,
    visit_id: str,
    plans: PlanExports,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = VisitListDialog(desk, desk.open(visit_id).enterprise, "zh", plans=plans)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    out = tmp_path / "plan-en"  # no suffix typed: .pdf is added
    asked = save_as(monkeypatch, out)
    dialog.exporter.act_export_other.trigger()  # Ctrl+Shift+E: English from a Chinese app
    qtbot.waitUntil(lambda: dialog.exporter.job is None, timeout=WAIT)
    assert Path(asked[0][2]).name == f"{NAME}_improvement-plan_2024-03-19_r1.pdf"
    written = tmp_path / "plan-en.pdf"
    assert "Enterprise Diagnosis Improvement Plan" in pdf_text(written)
    assert "plan-en.pdf" in dialog.exporter.notice.text()
    # The button exports the selected visit in the app's language.
    asked.clear()
    out.with_suffix(".pdf").unlink()
    save_as(monkeypatch, tmp_path / "plan-zh.pdf")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.exporter.job is None, timeout=WAIT)
    assert "企业诊断改进方案" in pdf_text(tmp_path / "plan-zh.pdf")


def _register_with_visits(store: Store, with_visit: int, without: int) -> list[str]:
    """Enterprises, the first ``with_visit`` of them with a complete demo visit; their names."""
    firms = list(enterprises(with_visit + without, seed=11))
    service = services.register_service(store)
    service.repo.save(firms, [])
    stored = service.repo.by_codes({e.credit_code for e in firms})
    visits = services.visit_service(store)
    for n, e in enumerate(firms[:with_visit], start=1):
        visits.import_document(demo_document(stored[e.credit_code], seed=n))
    return [e.name for e in firms]


def register_window(
    qtbot: QtBot,
    store: Store,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    plan_factory: Callable[[Path | None], Callable[[], PlanService]],
) -> MainWindow:
    window = MainWindow(
        services.register_service(store),
        factory,
        settings,
        "zh",
        "x.sqlite",
        services.visit_service(store),
        plan_factory,
    )
    qtbot.addWidget(window)
    window.show()
    return window


def run_batch(
    qtbot: QtBot,
    window: MainWindow,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    langs: str = "",
) -> BatchExportDialog:
    """Pick ``folder``, then in the dialog the languages (``zh``, ``en``, ``both``; empty keeps
    the one offered) and Enter starts, as a user at the keyboard would."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(folder))
    window.table.selectAll()
    window.act_plans.trigger()
    dialog = window.plan_batch
    assert isinstance(dialog, BatchExportDialog)
    assert dialog.job is None and not folder.exists()  # nothing starts before the choice
    if langs:
        dialog.findChild(QRadioButton, f"batch_{langs}").click()
    checked = dialog.lang_group.checkedButton()
    qtbot.keyClick(checked, Qt.Key.Key_Return)  # the default button: Start
    assert dialog.job is not None or dialog.outcome is not None
    return dialog


def test_report_batch_exports_the_latest_visits_and_names_firms_without_one(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
) -> None:
    names = _register_with_visits(store, with_visit=3, without=1)
    window = register_window(
        qtbot, store, factory, settings, lambda font: services.plan_factory(store_path, font)
    )
    folder = tmp_path / "plans"
    dialog = run_batch(qtbot, window, folder, monkeypatch)
    assert dialog.close_button.text() in ("Cancel", "取消")
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert sorted(p.name.split("_")[0] for p in folder.glob("*.pdf")) == sorted(names[:3])
    summary = dialog.summary.text()
    assert "3" in summary and "1" in summary
    assert names[3] in dialog.details.toPlainText()
    assert dialog.progress.isHidden() and dialog.font_warning.isHidden()
    dialog.open_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(folder))]
    dialog.close_button.click()  # now "Close"
    qtbot.waitUntil(lambda: not dialog.isVisible())


def _held(
    store_path: Path, first_written: threading.Event, go_on: threading.Event
) -> Callable[[Path | None], Callable[[], PlanService]]:
    """A plan factory whose service, after writing each plan, says so and waits for ``go_on``:
    the test can cancel while a batch is mid-way."""

    def held(font: Path | None) -> Callable[[], PlanService]:
        make = services.plan_factory(store_path, font)

        def build() -> PlanService:
            service = make()
            export = service.export

            def export_then_wait(*args: Any) -> Any:
                written = export(*args)
                first_written.set()
                go_on.wait(WAIT / 1000)
                return written

            service.export = export_then_wait  # type: ignore[method-assign]
            return service

        return build

    return held


def test_report_batch_cancel_stops_after_the_current_plan(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register_with_visits(store, with_visit=3, without=0)
    first_written, go_on = threading.Event(), threading.Event()

    held = _held(store_path, first_written, go_on)

    window = register_window(qtbot, store, factory, settings, held)
    folder = tmp_path / "plans"
    dialog = run_batch(qtbot, window, folder, monkeypatch)
    qtbot.waitUntil(first_written.is_set, timeout=WAIT)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels, as the Cancel button does
    assert "取消" in dialog.heading.text() or "Cancel" in dialog.heading.text()
    go_on.set()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert dialog.outcome is not None and dialog.outcome.cancelled
    assert len(dialog.outcome.written) == 1
    assert len(list(folder.glob("*.pdf"))) == 1  # the plan written stays
    assert dialog.isVisible()  # the summary is shown, not closed by the cancel
    assert "2" in dialog.summary.text()  # two plans not written


def test_report_font_fallback_is_shown_in_status_bar_and_summary(
    qtbot: QtBot,
    desk: VisitService,
    visit_id: str,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    plans: PlanExports,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("diagnosis.report.service.find_cjk_font", lambda _setting=None: None)
    editor = open_editor(qtbot, desk, visit_id, plans=plans)
    save_as(monkeypatch, tmp_path / "plan.pdf")
    editor.exporter.act_export.trigger()
    qtbot.waitUntil(lambda: editor.exporter.job is None, timeout=WAIT)
    assert FALLBACK_WARNING.zh in editor.exporter.notice.text()
    window = register_window(
        qtbot, store, factory, settings, lambda font: services.plan_factory(store_path, font)
    )
    dialog = run_batch(qtbot, window, tmp_path / "batch", monkeypatch)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert not dialog.font_warning.isHidden()
    assert FALLBACK_WARNING.zh in dialog.font_warning.text()


def test_report_plan_font_is_chosen_remembered_and_checked(
    qtbot: QtBot,
    desk: VisitService,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file that is no font cannot be embedded: the plans use a system font and say so."""
    not_a_font = tmp_path / "notes.ttf"
    not_a_font.write_bytes(b"not a font" * 100)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(not_a_font), "TrueType")
    )
    used: list[Path | None] = []

    def plan_factory(font: Path | None) -> Callable[[], PlanService]:
        used.append(font)
        return services.plan_factory(store_path, font)

    window = register_window(qtbot, store, factory, settings, plan_factory)
    window.act_plan_font.trigger()
    assert window.plans is not None and window.plans.font() == not_a_font
    assert "notes.ttf" in window.statusBar().currentMessage()
    dialog = run_batch(qtbot, window, tmp_path / "batch", monkeypatch)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert used == [not_a_font]
    assert "notes.ttf" in dialog.font_warning.text()


def test_report_batch_without_selection_or_visits_writes_nothing(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = _register_with_visits(store, with_visit=0, without=2)
    window = register_window(
        qtbot, store, factory, settings, lambda font: services.plan_factory(store_path, font)
    )
    window.act_plans.trigger()  # nothing selected: the status bar says what to do
    assert window.plan_batch is None and window.statusBar().currentMessage()

    def no_folder(*_args: Any, **_kwargs: Any) -> str:
        raise AssertionError("no folder is needed when there is nothing to write")

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", no_folder)
    window.table.selectAll()
    window.act_plans.trigger()
    dialog = window.plan_batch
    assert isinstance(dialog, BatchExportDialog) and dialog.job is None
    assert all(name in dialog.details.toPlainText() for name in names)
    assert not dialog.open_folder_button.isEnabled()


def test_report_actions_speak_chinese_in_the_visit_menu(
    qtbot: QtBot, chinese: None, desk: VisitService, visit_id: str, plans: PlanExports
) -> None:
    editor = open_editor(qtbot, desk, visit_id, plans=plans)
    menu = editor.menuBar().actions()[0].menu()
    texts = [a.text() for a in menu.actions()]  # type: ignore[union-attr]
    assert "导出改进方案(&E)…" in texts and "导出 英文 版改进方案…" in texts  # no English word
    assert "打开方案(&P)" in texts


def test_report_batch_in_both_languages_writes_a_chinese_and_an_english_plan_per_firm(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = _register_with_visits(store, with_visit=2, without=0)
    window = register_window(
        qtbot, store, factory, settings, lambda font: services.plan_factory(store_path, font)
    )
    folder = tmp_path / "plans"
    headings: list[str] = []
    dialog = run_batch(qtbot, window, folder, monkeypatch, "both")
    assert dialog.job is not None
    dialog.job.progressed.connect(lambda *_: headings.append(dialog.heading.text()))
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert dialog.outcome is not None and len(dialog.outcome.written) == 4
    for name in names:
        zh = list(folder.glob(f"{name}_诊断改进方案_*.pdf"))
        en = list(folder.glob(f"{name}_improvement-plan_*.pdf"))
        assert len(zh) == 1 and len(en) == 1, sorted(p.name for p in folder.iterdir())
        zh_text, en_text = pdf_text(zh[0]), pdf_text(en[0])
        assert "企业诊断改进方案" in zh_text and "企业基本情况" in zh_text
        assert "Enterprise Diagnosis Improvement Plan" in en_text
        assert "Enterprise profile" in en_text and "Executive summary" in en_text
    assert len(list(folder.glob("*.pdf"))) == 4
    # Every file counts: "of 4", and the language of each is named.
    assert dialog.progress.maximum() == 4
    assert any(" 4" in h and "(英文)" in h for h in headings), headings
    summary = dialog.summary.text()
    assert "4 plans written" in summary
    assert "中文: 2 plans" in summary and "英文: 2 plans" in summary  # in the UI's language
    written = dialog.details.toPlainText()
    assert all(p.name in written for p in folder.glob("*.pdf"))


def test_report_batch_language_defaults_to_the_app_and_is_remembered(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register_with_visits(store, with_visit=1, without=0)
    window = register_window(
        qtbot, store, factory, settings, lambda font: services.plan_factory(store_path, font)
    )
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path))
    window.table.selectAll()
    window.act_plans.trigger()
    first = window.plan_batch
    assert isinstance(first, BatchExportDialog)
    assert first.findChild(QRadioButton, "batch_zh").isChecked()  # the app speaks Chinese
    assert "1 plan to write" in first.heading.text()
    # Keyboard: the choice has focus, Alt+B picks both, Tab leaves the choice for Start.
    with qtbot.waitActive(first):
        first.activateWindow()
    both = first.findChild(QRadioButton, "batch_both")
    assert QApplication.focusWidget() is first.findChild(QRadioButton, "batch_zh")
    qtbot.keyClick(first, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(both.isChecked)  # a mnemonic animates a click
    assert both.hasFocus() and "2 plans to write" in first.heading.text()
    qtbot.keyClick(both, Qt.Key.Key_Tab)  # one Tab stop for the choice, then Start
    assert first.start_button.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(first.findChild(QRadioButton, "batch_en").isChecked)
    first.close_button.click()  # closed before starting: nothing written, nothing remembered
    assert first.job is None and not list(tmp_path.glob("*.pdf"))
    assert settings.value("plans/batch_languages") is None
    dialog = run_batch(qtbot, window, tmp_path / "en", monkeypatch, "en")
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert [p.name.split("_")[1] for p in (tmp_path / "en").glob("*.pdf")] == ["improvement-plan"]
    assert settings.value("plans/batch_languages") == "en"
    dialog.close_button.click()
    again = run_batch(qtbot, window, tmp_path / "again", monkeypatch)
    assert again.findChild(QRadioButton, "batch_en").isChecked()  # the last choice is offered
    qtbot.waitUntil(lambda: again.outcome is not None, timeout=WAIT)


def test_report_batch_cancel_in_both_languages_stops_after_the_current_file(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register_with_visits(store, with_visit=2, without=0)
    first_written, go_on = threading.Event(), threading.Event()

    held = _held(store_path, first_written, go_on)

    window = register_window(qtbot, store, factory, settings, held)
    folder = tmp_path / "plans"
    dialog = run_batch(qtbot, window, folder, monkeypatch, "both")
    qtbot.waitUntil(first_written.is_set, timeout=WAIT)
    dialog.close_button.click()
    go_on.set()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT)
    assert dialog.outcome is not None and dialog.outcome.cancelled
    assert [p.name for p in folder.glob("*.pdf")] == [dialog.outcome.written[0].path.name]
    assert "3 plans not written" in dialog.summary.text()  # of 2 firms x 2 languages
    assert "英文: 0 plans" in dialog.summary.text()
