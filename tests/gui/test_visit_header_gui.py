"""The visit header by keyboard: edited in the visit editor (Ctrl+Shift+H) until finalised, with
the domain's words for what is wrong; asked when a visit is started from the register, with
the team and organisation of the latest visit offered."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from diagnosis.visits.service import VisitService
from gui.visit_editor.header_dialog import VisitHeaderDialog
from gui.visit_editor.visit_list import VisitListDialog
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk, open_editor
from tests.gui.keys import commit_text

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


@pytest.fixture
def example_id() -> str:
    return EXAMPLE_ID


def retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    commit_text(field, text)


def test_header_edited_in_the_editor_by_keyboard(
    qtbot: QtBot, desk: VisitService, example_id: str
) -> None:
    enterprise = desk.open(example_id).enterprise
    visit = desk.start(enterprise.id, "2025-05-20", ["王建国"]).visit.id
    editor = open_editor(qtbot, desk, visit)
    assert "王建国" in editor.flow.line.text() and "2025-05-20" in editor.flow.line.text()
    qtbot.keyClick(editor, Qt.Key.Key_H, CTRL_SHIFT)
    dialog = editor.flow.header_dialog
    assert isinstance(dialog, VisitHeaderDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.team.hasFocus() and dialog.team.text() == "王建国"
    retype(qtbot, dialog.team, "陈静、 陈静 ")
    qtbot.keyClick(dialog.team, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.problems.isVisible()
    assert "陈静" in dialog.problems.text() and "重复" in dialog.problems.text()
    assert desk.open(visit).visit.team == ("王建国",)  # nothing saved
    retype(qtbot, dialog.team, "陈静，俞明")
    qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # &Organisation
    qtbot.waitUntil(dialog.organisation.hasFocus)
    commit_text(dialog.organisation, "宁波市节能协会")
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Visit &date
    qtbot.waitUntil(dialog.date.hasFocus)
    qtbot.keyClicks(dialog.date, "20250522")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = desk.open(visit).visit
    assert (stored.date, stored.team, stored.organisation) == (
        "2025-05-22",
        ("陈静", "俞明"),
        "宁波市节能协会",
    )
    line = editor.flow.line.text()
    assert "2025-05-22" in line and "陈静、俞明" in line and "宁波市节能协会" in line
    assert "2025-05-22" in editor.windowTitle()


def test_header_of_a_finalised_visit_cannot_be_opened(
    qtbot: QtBot, desk: VisitService, example_id: str
) -> None:
    desk.finalise(example_id)
    editor = open_editor(qtbot, desk, example_id)
    assert not editor.act_header.isEnabled() and not editor.flow.button.isEnabled()
    qtbot.keyClick(editor, Qt.Key.Key_H, CTRL_SHIFT)
    assert editor.flow.header_dialog is None


def test_new_visit_asks_for_the_header_and_offers_the_last_team(
    qtbot: QtBot, desk: VisitService, example_id: str
) -> None:
    enterprise = desk.open(example_id).enterprise
    dialog = VisitListDialog(desk, enterprise, "zh")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    seen: list[tuple[str, str, str]] = []

    def answer(keys: str) -> None:
        header = QApplication.activeModalWidget()
        if not isinstance(header, VisitHeaderDialog):  # Alt+N clicks after a moment
            QTimer.singleShot(20, lambda: answer(keys))
            return
        try:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is header)
            seen.append((header.date.text(), header.team.text(), header.organisation.text()))
            if keys == "esc":
                qtbot.keyClick(header.team, Qt.Key.Key_Escape)
            else:
                retype(qtbot, header.team, keys)
                qtbot.keyClick(header.team, Qt.Key.Key_Return)
        finally:
            if header.isVisible():
                header.done(0)

    QTimer.singleShot(0, lambda: answer("esc"))
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # &New visit
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen[0] == (
        date.today().isoformat(),
        "王建国、陈静、俞明",  # the latest visit's team
        "宁波市工业企业诊断服务中心（示例）",
    )
    assert len(desk.visits_of(enterprise.id)) == 1 and dialog.chosen is None  # Esc: no visit
    with qtbot.waitActive(dialog):  # no window manager here to hand it back
        dialog.activateWindow()
    QTimer.singleShot(0, lambda: answer("赵六"))
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.chosen is not None)
    new = desk.open(str(dialog.chosen)).visit
    assert (new.date, new.team) == (date.today().isoformat(), ("赵六",))
    assert new.organisation == "宁波市工业企业诊断服务中心（示例）"
    assert desk.header_defaults() == (("赵六",), "宁波市工业企业诊断服务中心（示例）")
