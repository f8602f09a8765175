"""The editor's industry field takes any form of industry and shows what it read (issue 15)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from diagnosis.register.service import RegisterService
from gui.register.enterprise_editor import EnterpriseDialog
from tests.gui.keys import commit_text


# The completer's popup asks the offscreen platform for things it cannot do (raise, grab the
# keyboard); those notices are the test platform's, not the editor's.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_industry_field_reads_a_class_name_and_saves_its_code(
    qtbot: QtBot, filled_service: RegisterService
) -> None:
    dialog = EnterpriseDialog(filled_service, "zh", None)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    commit_text(dialog.widgets["name"], "宁波甬测精密机械有限公司")
    commit_text(dialog.widgets["credit_code"], "91330200717285453P")
    industry = dialog.widgets["industry"]
    assert isinstance(industry, QLineEdit)
    commit_text(industry, "机械零部件加工")
    assert dialog.industry_name.isVisible()
    assert dialog.industry_name.text() == "3484 机械零部件加工（34 通用设备制造业）"
    industry.clear()
    commit_text(industry, "金属制品")  # several industries start so: the field says which
    assert "33 金属制品业" in dialog.messages["industry"].text()
    assert not dialog.buttons.buttons()[0].isEnabled()
    industry.clear()
    commit_text(industry, "C3484")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = filled_service.get(dialog.saved_id or "")
    assert saved is not None and saved.industry == "3484"
    again = EnterpriseDialog(filled_service, "zh", saved)
    qtbot.addWidget(again)
    shown = again.widgets["industry"]
    assert isinstance(shown, QLineEdit)
    assert shown.text() == "3484 机械零部件加工（34 通用设备制造业）"
    assert again.collect()[0].industry == "3484"  # the label reads back as the same code
