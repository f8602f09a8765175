"""The finalise dialog's heading counts the open warnings in proper English ("1 warning is still
open", "6 warnings are still open"; never "warning(s)"), and in Chinese as before; its list
shows each warning with its units in the dialog's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from diagnosis.messages import Bilingual, Lang, Message
from diagnosis.plain import Plain
from diagnosis.plausibility.checks import Doubt
from diagnosis.plausibility.terms import unit_words
from gui.visit_editor.doubts_dialog import DoubtsDialog
from scripts.translations import QM


def hours_doubt(value: float) -> Doubt:
    """E33 above a year's hours, as the range rule words it."""
    message = Message(
        "doubt.range",
        {
            "what": Bilingual("主要用能设备年运行小时数", "Annual operating hours"),
            "value": Plain(value),
            "unit": unit_words("h/yr"),
            "min": Plain(100),
            "max": Plain(8784),
            "why": Bilingual("一年最多 8 784 小时", "a year has at most 8,784 hours"),
        },
    )
    return Doubt("energy", "E33", None, None, "operating_hours", message)


def heading(qtbot: QtBot, count: int, lang: Lang) -> tuple[str, DoubtsDialog]:
    dialog = DoubtsDialog([hours_doubt(9000 + n) for n in range(count)], lang, lambda *_: None)
    qtbot.addWidget(dialog)
    label = dialog.findChild(QLabel, "doubts_heading")
    assert label is not None
    return label.text(), dialog


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    """The app's Chinese, as App.translations installs it."""
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_doubts_heading_says_one_warning_in_the_singular(qtbot: QtBot) -> None:
    text, dialog = heading(qtbot, 1, "en")
    assert text.startswith("1 warning is still open. The value stays as typed;")
    assert "press Enter on it" in text
    assert "(s)" not in text and "warnings" not in text
    assert dialog.listing.count() == 1


@pytest.mark.parametrize("count", [2, 6])
def test_doubts_heading_says_several_warnings_in_the_plural(qtbot: QtBot, count: int) -> None:
    text, dialog = heading(qtbot, count, "en")
    assert text.startswith(f"{count} warnings are still open. The values stay as typed;")
    assert "(s)" not in text
    assert dialog.listing.count() == count


def test_doubts_list_writes_units_in_the_dialogs_language(qtbot: QtBot) -> None:
    _, english = heading(qtbot, 1, "en")
    assert "9,000 h/yr" in english.listing.item(0).text()
    assert "年" not in english.listing.item(0).text()


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize("count", [1, 6])
def test_doubts_heading_in_chinese_is_as_before(qtbot: QtBot, count: int) -> None:
    text, dialog = heading(qtbot, count, "zh")
    assert text == (
        f"还有 {count} 条数据合理性提示。数值按录入保留；可以直接定稿，"
        "或在某条提示上按回车，去核对那道题的回答。"
    )
    assert "9,000 h/年" in dialog.listing.item(0).text()
