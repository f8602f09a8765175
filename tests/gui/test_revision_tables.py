"""A finalised visit keeps its reference tables in the store; revising it in the visit editor
moves the revision to the newest tables and the editor says what that changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import services
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.reference_versions import current_versions
from diagnosis.visits.document import with_answers
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.diagnosis.test_reference_versions import _clear, update_grid_factor

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_revising_a_finalised_visit_says_what_the_newer_tables_change(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    firm = next(enterprises(1, seed=9))
    electricity = {"electricity": {"quantity": 1_000_000.0}}
    doc = with_answers(demo_document(firm, seed=9), {"energy": {"E01": 2023, "E02": electricity}})
    services.visit_service(store).import_document(doc)
    desk = services.visit_service(store)
    editor = VisitEditor(desk, doc.visit.id, "en")
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_F, CTRL_SHIFT)
    dialog = editor.flow.doubts_dialog  # 1 GWh for this firm's output: a doubt, listed
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # finalise anyway
    qtbot.waitUntil(lambda: desk.open(doc.visit.id).visit.status == "finalised")
    row = store.conn.execute("SELECT tables FROM visits WHERE id = ?", [doc.visit.id]).fetchone()
    assert json.loads(row[0]) == current_versions()
    with qtbot.waitActive(editor):
        editor.activateWindow()
    old = update_grid_factor(tmp_path, monkeypatch)
    try:
        qtbot.keyClick(editor, Qt.Key.Key_R, CTRL_SHIFT)
        assert editor.doc.visit.revision == 2 and editor.doc.visit.tables == {}
        assert editor.banner.isVisible()
        shown = editor.banner.text()
        assert f"coefficient table: {old} → 2027.1" in shown
        assert "CO2 emissions: 550.0 → 600.0" in shown
        # The finalised revision itself still reads 550 t; the new one reads 600 t.
        finalised = desk.open(doc.visit.id)
        assert desk.assess(finalised).indicators["energy.co2_t"].value == pytest.approx(550.0)
        assert desk.assess(editor.doc).indicators["energy.co2_t"].value == pytest.approx(600.0)
    finally:
        _clear()
