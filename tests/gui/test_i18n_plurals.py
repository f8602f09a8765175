"""English counts in the singular and the plural (issue 18): with the app's English installed as
gui.app.Translations installs it, the widgets say "1 photo attached" and "3 photos attached",
never "photo(s)"; every counted string of gui/i18n/en.qm reads so for n = 1 and n = 2; and
Chinese stays as it was."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from diagnosis.checklists.load import load_checklist
from diagnosis.demo.enterprises import enterprises
from diagnosis.register.service import RegisterService
from gui.app import Translations
from gui.register.main_window import MainWindow
from gui.report.actions import PlanExports
from gui.report.dialogs import BatchExportDialog
from gui.visit_editor.question_widgets import make_question_widget
from scripts.translations import EN_QM, EN_TS
from tests.gui.conftest import BANK, YOUNGOR


@pytest.fixture
def english(qapp: QApplication) -> Iterator[Translations]:
    """The app's English, installed as at an English start."""
    translations = Translations(qapp)
    translations.use("en")
    yield translations
    translations.use("en")  # as a test switching languages leaves it: English


def counted_messages() -> list[tuple[str, str]]:
    """(context, source) of every counted string of the English catalogue, which compiles to
    en.qm byte for byte (tests/gui/test_i18n.py)."""
    return [
        (context.findtext("name") or "", m.findtext("source") or "")
        for context in ET.parse(EN_TS).iter("context")
        for m in context.iter("message")
    ]


def translate(context: str, source: str, n: int) -> str:
    return QCoreApplication.translate(context, source, None, n)


def test_plurals_no_english_count_is_shown_with_an_s_in_brackets(
    english: Translations,
) -> None:
    messages = counted_messages()
    assert len(messages) >= 17
    qm = QTranslator()
    assert qm.load(str(EN_QM))
    for context, source in messages:
        # The file itself: a singular and a plural form for each.
        one, two = (qm.translate(context, source, None, n) for n in (1, 2))
        assert one and two and one != two, (context, source)
        # As the app shows them: the number put in, no "(s)".
        for n in (1, 2):
            text = translate(context, source, n)
            assert "(s)" not in text and "%n" not in text and "%Ln" not in text, text
            assert str(n) in text, text
        singular, plural = translate(context, source, 1), translate(context, source, 2)
        assert singular.replace("1", "#", 1) != plural.replace("2", "#", 1), source


@pytest.mark.parametrize(
    ("context", "source", "one", "three"),
    [
        ("PhotoQuestion", "%n photo(s) attached", "1 photo attached", "3 photos attached"),
        ("FindingForm", "%n photo(s) to attach", "1 photo to attach", "3 photos to attach"),
        (
            "VisitEditor",
            "%n required question(s) unanswered:",
            "1 required question unanswered:",
            "3 required questions unanswered:",
        ),
        (
            "VisitFlow",
            "Finalised with %n open warning(s).",
            "Finalised with 1 open warning.",
            "Finalised with 3 open warnings.",
        ),
        (
            "ResultsPanel",
            "; %n sub-domain(s) short of level {n}",
            "; 1 sub-domain short of level {n}",
            "; 3 sub-domains short of level {n}",
        ),
        (
            "DrillDialog",
            "%1: %Ln enterprise(s). Enter opens one in the register.",
            "%1: 1 enterprise. Enter opens it in the register.",
            "%1: 3 enterprises. Enter opens one in the register.",
        ),
        (
            "BatchExportDialog",
            "%n enterprise(s) have no visit, so no plan.",
            "1 enterprise has no visit, so no plan.",
            "3 enterprises have no visit, so no plan.",
        ),
        (
            "BatchExportDialog",
            "%n plan(s) written to %1.",
            "1 plan written to %1.",
            "3 plans written to %1.",
        ),
        (
            "ImportDialog",
            "The import will add %1, update %2, leave %3 unchanged and reject %n row(s).",
            "The import will add %1, update %2, leave %3 unchanged and reject 1 row.",
            "The import will add %1, update %2, leave %3 unchanged and reject 3 rows.",
        ),
        (
            "ImportDialog",
            "Warnings: %1, in %n row(s). Those rows are taken; what is doubtful in them is not.",
            "Warnings: %1, in 1 row. The row is taken; what is doubtful in it is not.",
            "Warnings: %1, in 3 rows. Those rows are taken; what is doubtful in them is not.",
        ),
    ],
)
def test_plurals_in_their_contexts(
    english: Translations, context: str, source: str, one: str, three: str
) -> None:
    assert translate(context, source, 1) == one
    assert translate(context, source, 3) == three


@pytest.mark.parametrize("n", [1, 3])
def test_plurals_photo_count_on_a_question(qtbot: QtBot, english: Translations, n: int) -> None:
    item = next(i for i in load_checklist("energy").items if i.type == "photo")
    question: Any = make_question_widget(item, "en")
    qtbot.addWidget(question)
    question.set_value([f"{k:064x}" for k in range(n)])
    photos = "1 photo" if n == 1 else "3 photos"
    assert question.count.text().startswith(f"{photos} attached · "), question.count.text()


@pytest.mark.parametrize("n", [1, 3])
def test_plurals_register_count_label(
    qtbot: QtBot,
    english: Translations,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    n: int,
) -> None:
    service.repo.save([BANK, YOUNGOR, *enterprises(1, seed=5)][:n], [])
    window = MainWindow(service, factory, settings, "en", "test.sqlite")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    firms = "1 enterprise" if n == 1 else "3 enterprises"
    qtbot.waitUntil(lambda: window.count_label.text() == firms, timeout=10_000)
    qtbot.keyClicks(window.search, "0000000000")  # no name, code or phone has it
    shown = f"Showing 0 of {firms}"
    qtbot.waitUntil(lambda: window.count_label.text() == shown, timeout=10_000)
    # The work list is read on a worker once the window is painted: let it finish here.
    qtbot.waitUntil(lambda: window.model.work is not None and not window.work_loader.busy())


@pytest.mark.parametrize("n", [1, 3])
def test_plurals_plans_dialog_heading(
    qtbot: QtBot, english: Translations, settings: QSettings, tmp_path: Path, n: int
) -> None:
    plans = PlanExports(lambda _font: None, settings, "en")  # type: ignore[arg-type, return-value]
    visits: Any = [object()] * n  # the heading counts them; nothing is written
    dialog = BatchExportDialog(plans, visits, [], tmp_path, "en")
    qtbot.addWidget(dialog)
    written = "1 plan" if n == 1 else "3 plans"
    assert dialog.heading.text() == f"{written} to write into {tmp_path}."


def test_plurals_chinese_as_before_and_english_installed_once(
    qapp: QApplication, english: Translations
) -> None:
    source = "%n photo(s) attached"
    english.use("zh")
    assert translate("PhotoQuestion", source, 1) == "已附 1 张照片"
    assert translate("PhotoQuestion", source, 3) == "已附 3 张照片"
    english.use("en")
    assert translate("PhotoQuestion", source, 1) == "1 photo attached"
    again = Translations(qapp)  # the app rebuilds its window; tests make their own
    again.use("en")
    again.use("en")
    found = qapp.findChildren(QTranslator, Translations.ENGLISH)
    assert len(found) == 1 and found[0] in english.installed
    assert translate("PhotoQuestion", source, 3) == "3 photos attached"
