"""The register window driven as a user would: typing, filters, sorting, editing, deleting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractTableModel, QSettings, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from diagnosis.register.enterprise import FIELDS
from diagnosis.register.service import RegisterService
from gui.register.enterprise_editor import EnterpriseDialog
from gui.register.main_window import MainWindow
from tests.gui.conftest import BANK, YOUNGOR
from tests.gui.keys import commit_text


def make_window(
    qtbot: QtBot,
    service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    lang: str = "zh",
) -> MainWindow:
    window = MainWindow(service, factory, settings, lang, "test.sqlite")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # window shortcuts only fire in the active window
        window.show()
        window.activateWindow()
    return window


def shown_names(window: MainWindow) -> list[str]:
    return [window.model.enterprise_at(r).name for r in range(window.model.rowCount())]  # type: ignore[union-attr]


def test_main_window_lists_every_enterprise_with_count(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    assert window.model.rowCount() == 302 == filled_service.count()
    assert "302" in window.count_label.text()
    assert not window.empty_hint.isVisible()


def test_main_window_search_by_code_as_typed(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    qtbot.keyClicks(window.search, "913302007111")
    assert shown_names(window) == [BANK.name]
    assert "1" in window.count_label.text() and "302" in window.count_label.text()


def test_main_window_search_chinese_two_characters(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    commit_text(window.search, "银行")
    assert window.search.text() == "银行"
    assert shown_names(window) == [BANK.name]
    window.search.clear()
    commit_text(window.search, "戈")  # one character is enough
    assert YOUNGOR.name in shown_names(window)
    assert all(
        "戈" in n or "戈" in window.model.enterprise_at(i).address  # type: ignore[union-attr]
        for i, n in enumerate(shown_names(window))
    )


def test_main_window_search_pinyin_initials(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    qtbot.keyClicks(window.search, "nbyh")
    names = shown_names(window)
    assert BANK.name in names and len(names) < 10  # 宁波裕航… shares the initials
    qtbot.keyClicks(window.search, "gf")
    assert shown_names(window) == [BANK.name]


def test_main_window_filters_match_the_register(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    window.district.setCurrentIndex(window.district.findData("330206"))
    window.above.setCurrentIndex(window.above.findData(True))
    everyone = filled_service.rows(filled_service.order("name"))
    expected = sorted(e.name for e in everyone.values() if e.district == "330206" and e.above_scale)
    assert expected, "the demo data should have above-scale firms in 北仑区"
    assert sorted(shown_names(window)) == expected
    qtbot.keyClick(
        window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.model.rowCount() == 302
    assert window.district.currentIndex() == 0


def test_main_window_sorts_by_clicked_column(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    column = [f.name for f in FIELDS].index("employees")
    window.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    top = window.model.enterprise_at(0)
    assert top is not None and top.name == YOUNGOR.name  # 9,000 staff, the most
    window.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    values = [window.model.enterprise_at(r).employees for r in range(20)]  # type: ignore[union-attr]
    assert values == sorted(values)


def test_main_window_model_passes_qt_model_tester(
    qtmodeltester, filled_service: RegisterService
) -> None:  # type: ignore[no-untyped-def]
    from gui.register.enterprise_model import EnterpriseTableModel

    model = EnterpriseTableModel(filled_service, "zh")
    qtmodeltester.check(model)
    model.set_query("宁波")
    qtmodeltester.check(model)


def test_enterprise_dialog_marks_invalid_code_and_blocks_save(
    qtbot: QtBot, filled_service: RegisterService
) -> None:
    dialog = EnterpriseDialog(filled_service, "zh", None)
    qtbot.addWidget(dialog)
    dialog.show()
    commit_text(dialog.widgets["name"], "宁波测试机械有限公司")
    qtbot.keyClicks(dialog.widgets["credit_code"], "91330200711192037N")
    message = dialog.messages["credit_code"]
    assert message.isVisible()
    assert "校验位" in message.text() and "M" in message.text()
    save = dialog.buttons.buttons()[0]
    assert not save.isEnabled()
    qtbot.keyClick(dialog.widgets["credit_code"], Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.widgets["credit_code"], "M")
    # A correct code, but already the bank's: the field names the owner.
    assert BANK.name in message.text()
    assert not save.isEnabled()


def test_enterprise_dialog_creates_by_keyboard(
    qtbot: QtBot, filled_service: RegisterService
) -> None:
    dialog = EnterpriseDialog(filled_service, "zh", None)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    name = dialog.widgets["name"]
    commit_text(name, "宁波甬测精密机械有限公司")
    qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter moves on to the code
    assert dialog.focusWidget() is dialog.widgets["credit_code"]
    commit_text(dialog.widgets["credit_code"], "９１３３０２００７１７２８５４５３ｐ")  # full width
    qtbot.keyClicks(dialog.widgets["employees"], "abc")
    assert "abc" in dialog.messages["employees"].text()
    dialog.widgets["employees"].clear()
    qtbot.keyClicks(dialog.widgets["employees"], "420")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = filled_service.get(dialog.saved_id or "")
    assert saved is not None
    assert (saved.name, saved.credit_code, saved.employees) == (
        "宁波甬测精密机械有限公司",
        "91330200717285453P",
        420,
    )


def test_main_window_edit_saves_one_field(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    qtbot.keyClicks(window.search, "913302007111")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # to the table, first row selected
    assert (
        window.selected_id()
        == filled_service.repo.by_codes([BANK.credit_code])[BANK.credit_code].id
    )

    def fill_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EnterpriseDialog)
        try:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            field = dialog.widgets["contact_phone"]
            field.clear()
            qtbot.keyClicks(field, "0574-88888888")
            qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        finally:
            if dialog.isVisible():  # a failed step must not leave the test waiting on exec()
                dialog.done(0)

    QTimer.singleShot(0, fill_dialog)
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    stored = filled_service.repo.by_codes([BANK.credit_code])[BANK.credit_code]
    assert stored.contact_phone == "0574-88888888"
    assert stored.employees == BANK.employees
    assert window.model.enterprise_at(0).contact_phone == "0574-88888888"  # type: ignore[union-attr]


def test_main_window_delete_asks_then_removes(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    qtbot.keyClicks(window.search, "nbyhgf")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert BANK.name in asked[0]
    assert window.model.rowCount() == 0
    assert filled_service.count() == 301


def test_main_window_remembers_geometry_and_columns(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    window.resize(700, 520)  # inside the 800x600 offscreen screen
    window.table.setColumnWidth(0, 333)
    window.close()
    again = make_window(qtbot, filled_service, factory, settings)
    assert (again.width(), again.height()) == (700, 520)
    assert again.table.columnWidth(0) == 333


def _drop(window: MainWindow, path: Path) -> bool:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = window.table.geometry().center()
    enter = QDragEnterEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dragEnterEvent(enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    return True


def test_main_window_dropped_register_opens_the_import(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = make_window(qtbot, filled_service, factory, settings)
    opened: list[str] = []
    monkeypatch.setattr(window, "import_register", lambda path="": opened.append(path))
    register = tmp_path / "名录.xlsx"
    register.write_bytes(b"")
    assert _drop(window, register)
    qtbot.waitUntil(lambda: opened == [str(register)])
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    assert not _drop(window, notes)


def test_main_window_import_of_a_given_file_previews_it_at_once(
    qtbot: QtBot,
    filled_service: RegisterService,
    factory: Callable[[], RegisterService],
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from gui.register.import_dialog import ImportDialog

    register = tmp_path / "register.csv"
    register.write_text(
        "企业名称,统一社会信用代码\n宁波银行股份有限公司,91330200711192037M\n", encoding="utf-8"
    )
    seen: list[str] = []

    def exec_(dialog: ImportDialog) -> int:  # stands in for the modal loop
        qtbot.waitUntil(lambda: dialog.plan is not None and dialog.job is None, timeout=10_000)
        seen.append(dialog.summary.text())
        return 0

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    window = make_window(qtbot, filled_service, factory, settings, lang="en")
    window.import_register(str(register))
    assert "leave 1 unchanged" in seen[0]


def test_main_window_table_paints_the_same_through_multidata_as_through_data(
    qtbot: QtBot, filled_service: RegisterService
) -> None:
    """The delegate asks every role of a cell in one call (``multiData``); the cells it paints
    (text, numbers to the right, sorted and filtered) are those ``data`` gives one role at a
    time, which is what Qt asks of a model without ``multiData``."""
    from gui.register.enterprise_model import EnterpriseTableModel
    from gui.register.register_table import EnterpriseTable

    class OneRoleAtATime(EnterpriseTableModel):
        multiData = QAbstractTableModel.multiData  # Qt's own: data() once for each role

    asked: list[int] = []

    class Counting(EnterpriseTableModel):
        def multiData(self, index, roleDataSpan):  # type: ignore[no-untyped-def]
            asked.append(index.row())
            super().multiData(index, roleDataSpan)

    def painted(model_class: type[EnterpriseTableModel], query: str, column: int) -> QImage:
        table = EnterpriseTable(model_class(filled_service, "zh"))
        qtbot.addWidget(table)
        table.resize(1280, 600)
        table.model().set_query(query)  # type: ignore[attr-defined]
        table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        table.show()
        qtbot.waitExposed(table)
        return table.grab().toImage()

    for query, column in (("", 0), ("宁波", 3), ("", len(FIELDS) - 1)):
        through_data = painted(OneRoleAtATime, query, column)
        through_multidata = painted(Counting, query, column)
        assert asked, "the view asked through multiData"
        assert through_multidata == through_data
        asked.clear()
