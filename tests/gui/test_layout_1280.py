"""At 1280x720, in Chinese and in English, no column header of the register is cut: each is as
wide as its text, or elided with the full name in its tooltip. The layout saved in one language
and restored in the other (a consultant switching language) must not cut them either."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from diagnosis.register.service import RegisterService
from gui.header_fit import is_cut
from gui.register.main_window import MainWindow


def _window(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    lang: str,
) -> MainWindow:
    window = MainWindow(service, factory, settings, lang, "test.sqlite")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def _cut(view: QTableView) -> list[str]:
    header = view.horizontalHeader()
    model = view.model()
    return [
        str(model.headerData(s, Qt.Orientation.Horizontal))
        for s in range(header.count())
        if not header.isSectionHidden(s) and is_cut(header, s)
    ]


@pytest.mark.parametrize(("first", "second"), [("zh", "en"), ("en", "zh")])
def test_layout_1280_register_headers_fit_after_switching_language(
    qtbot: QtBot,
    qapp: QApplication,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    first: str,
    second: str,
) -> None:
    from gui.app import Translations

    translations = Translations(qapp)
    try:
        for lang in (first, second):
            translations.use(lang)
            window = _window(qtbot, filled_service, factory, settings, lang)
            assert window.width() <= 1280
            assert _cut(window.table) == [], lang
            window.close()  # saves the layout the next language restores
    finally:
        translations.use("en")


def test_layout_1280_narrow_register_columns_elide_with_the_full_name(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = _window(qtbot, filled_service, factory, settings, "en")
    header = window.table.horizontalHeader()
    model = window.model
    names = {str(model.headerData(s, Qt.Orientation.Horizontal)): s for s in range(header.count())}
    # A yes/no column stays narrow: its header is elided, never clipped, and named in full.
    above = names["Above scale"]
    assert header.textElideMode() == Qt.TextElideMode.ElideRight
    assert header.sectionSize(above) <= 120
    tip = model.headerData(above, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Above designated size"
    assert not is_cut(header, names["Output (10k yuan)"])


def test_layout_1280_office_chart_months_and_district_labels() -> None:
    from diagnosis.register.reference_data import register_reference
    from gui.office.charts import month_span, short_district

    # A month without a visit is on the axis (at zero), across a year's end too.
    assert month_span(["2024-02", "2023-11"]) == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert month_span([]) == []
    # Every district reads as itself on a bar: none is cut down to a shared "Ningbo".
    names = [d.en for d in register_reference().districts.items]
    labels = [short_district(n) for n in names]
    assert len(set(labels)) == len(labels) and "Ningbo" not in labels
    assert all(len(label) <= 32 for label in labels)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_layout_1280_filter_words_are_not_cut(
    qtbot: QtBot,
    qapp: QApplication,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    lang: str,
) -> None:
    """Each filter shows its whole word at 1280x720 (in English "Above and below scale" was
    "Above and below s")."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    from gui.app import Translations

    translations = Translations(qapp)
    try:
        translations.use(lang)
        window = _window(qtbot, filled_service, factory, settings, lang)
        for combo in window.filter_bar.combos():
            option = QStyleOptionComboBox()
            combo.initStyleOption(option)
            room = combo.style().subControlRect(
                QStyle.ComplexControl.CC_ComboBox,
                option,
                QStyle.SubControl.SC_ComboBoxEditField,
                combo,
            )
            needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
            assert needed <= room.width(), (lang, combo.currentText())
    finally:
        translations.use("en")
