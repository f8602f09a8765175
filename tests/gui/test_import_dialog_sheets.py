"""Issue 15 in the import dialog: a workbook's sheets in a combo box (name and rows, the first
with a header chosen), another sheet chosen from the keyboard is previewed and imported, and the
preview shows warnings, notes and the columns not imported, each list with its count."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from diagnosis.demo.enterprises import enterprises
from diagnosis.register.service import RegisterService
from gui.register.import_dialog import ImportDialog

A, B, C = (e.credit_code for e in enterprises(3, seed=13))


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    info = book.active
    assert info is not None
    info.title = "说明"
    info.append(["填表说明：每个区县一张表"])
    first = book.create_sheet("北仑")
    first.append(["北仑区名单"])
    first.append(["企业名称", "统一社会信用代码", "属地", "从业人员", "联系人邮箱"])
    first.append(["宁波北仑甲有限公司", A, "北仑", 40, "a@example.com"])
    first.append(["宁波北仑乙有限公司", B, "火星区", "四十", None])
    first.append(["注：人数为年末数"])
    second = book.create_sheet("镇海")
    second.append(["企业名称", "统一社会信用代码"])
    second.append(["宁波镇海丙有限公司", C])
    book.save(path)
    return path


def previewed(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.job is None and dialog.plan is not None, timeout=10_000)


def test_import_dialog_lists_sheets_and_imports_the_one_chosen_from_the_keyboard(
    qtbot: QtBot,
    service: RegisterService,
    tmp_path: Path,
    factory: Callable[[], RegisterService],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = ImportDialog(factory, "en", None, str(workbook(tmp_path / "名单.xlsx")))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.preview_button.click()
    previewed(qtbot, dialog)

    box = dialog.sheet_box
    assert box.isVisible()
    assert [box.itemText(i) for i in range(box.count())] == [
        "说明 (1 row)",
        "北仑 (5 rows)",
        "镇海 (2 rows)",
    ]
    assert box.currentText() == "北仑 (5 rows)"  # the first sheet with a header
    text = dialog.summary.text()
    assert "sheet “北仑”" in text and "add 2" in text and "reject 0" in text, text
    assert "Warnings: 2, in 1 row. The row is taken;" in text, text
    assert "Columns not imported: 联系人邮箱" in text, text
    tabs = dialog.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Rejected rows (0)",
        "Warnings (2)",
        "Notes (1)",
    ]
    assert tabs.currentIndex() == 1
    rows = dialog.warnings_model.rows
    assert [(w["row"], w["field"], w["value"]) for w in rows] == [
        (4, "district", "火星区"),
        (4, "employees", "四十"),
    ]
    cells = [dialog.warnings_model.index(1, c).data() for c in range(4)]
    assert cells == ["4", "Employees", "四十", "'四十' is not a number (cell not taken)"]
    assert dialog.notes_model.rows == [{"row": 5, "text": "注：人数为年末数"}]
    saved = tmp_path / "report.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(saved), ""))
    dialog.save_report_button.click()
    assert saved.read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "4,warning,District / county,火星区,unknown district or county '火星区' (cell not taken)",
        "4,warning,Employees,四十,'四十' is not a number (cell not taken)",
    ]

    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Down)  # the next sheet: previewed at once
    qtbot.waitUntil(lambda: dialog.job is None and "镇海" in dialog.summary.text(), timeout=10_000)
    assert "add 1" in dialog.summary.text()
    assert dialog.tabs.tabText(1) == "Warnings (0)"
    dialog.import_button.click()
    qtbot.waitUntil(
        lambda: dialog.job is None and "Imported" in dialog.summary.text(), timeout=10_000
    )

    stored = service.repo.by_codes([A, B, C])
    assert set(stored) == {C}


def test_import_dialog_hides_the_sheet_box_for_a_csv(
    qtbot: QtBot, tmp_path: Path, factory: Callable[[], RegisterService]
) -> None:
    path = tmp_path / "名单.csv"
    path.write_text(
        f"企业名称,统一社会信用代码,工业总产值\n宁波甲有限公司,{A},—\n", encoding="utf-8"
    )
    dialog = ImportDialog(factory, "en", None, str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.preview_button.click()
    previewed(qtbot, dialog)
    assert not dialog.sheet_box.isVisible()
    assert dialog.tabs.tabText(1) == "Warnings (0)"  # a dash is an empty cell, not a doubt
