"""The experts in the visit header dialog by keyboard: each member's specialty and organisation
typed, saved with the header, and printed in the plan's sign-off."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from diagnosis.assessment.assess import assess
from diagnosis.messages import Lang
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.experts import Expert
from gui.visit_editor.header_dialog import VisitHeaderDialog
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk, open_editor
from tests.gui.keys import commit_text

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_experts_typed_by_keyboard_are_saved_and_printed(qtbot: QtBot, store: Store) -> None:
    desk = example_desk(store)
    enterprise = desk.open(EXAMPLE_ID).enterprise
    visit = desk.start(
        enterprise.id, "2025-05-20", ["陈静", "王建国"], "宁波市工业企业诊断服务中心"
    )
    editor = open_editor(qtbot, desk, visit.visit.id)
    qtbot.keyClick(editor, Qt.Key.Key_H, CTRL_SHIFT)
    dialog = editor.flow.header_dialog
    assert isinstance(dialog, VisitHeaderDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert [name for name, _s, _o in dialog.experts.rows] == ["陈静", "王建国"]
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # &Experts
    first = dialog.experts.rows[0][1]
    qtbot.waitUntil(lambda: first.hasFocus() or first.lineEdit().hasFocus())
    commit_text(first.lineEdit(), "节能")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # on to 陈静's organisation
    org = dialog.experts.rows[0][2]
    qtbot.waitUntil(org.hasFocus)
    assert org.accessibleName() == "Organisation of 陈静" or "陈静" in org.accessibleName()
    commit_text(org, "宁波市节能协会")
    qtbot.keyClick(org, Qt.Key.Key_Tab)  # 王建国's specialty
    second = dialog.experts.rows[1][1]
    qtbot.waitUntil(lambda: second.hasFocus() or second.lineEdit().hasFocus())
    commit_text(second.lineEdit(), "智能制造")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    doc = desk.open(visit.visit.id)
    assert doc.visit.experts == (
        Expert("陈静", "节能", "宁波市节能协会"),
        Expert("王建国", "智能制造", ""),
    )
    plans: tuple[tuple[Lang, tuple[str, ...]], ...] = (
        (
            "zh",
            ('name="陈静" detail="节能 · 宁波市节能协会"', "智能制造 · 宁波市工业企业诊断服务中心"),
        ),
        ("en", ('detail="Energy saving · 宁波市节能协会"', "Intelligent manufacturing · ")),
    )
    for lang, words in plans:
        markup = render_markup(
            plan_context(doc, assess(doc), lang, generated=date(2025, 5, 21)), lang
        )
        for w in words:
            assert w in markup, (lang, w)
