"""A consultant's whole visit, by keyboard, from the register window to the plan in hand: a new
visit is started, a year of energy, the output value, the water intake and the motors are typed
into the real visit editor, the live results panel shows the figures at once, a costed measure
is accepted on the measures page, the visit is finalised (its other required questions walked
with F8) and the plan exported; the figures are then checked in the results panel, in
``visit score --json`` run in another process on the same store, and in the plan's text.

Worked by hand from GB/T 2589-2020 and the coefficient table (each value cited there):
  electricity  1 200 000 kWh × 0.1229 kgce/kWh = 147.480 tce (当量值); × 0.3055 = 366.600 (等价值)
  natural gas    160 000 m³  × 1.2143 kgce/m³  = 194.288 tce
  total 当量值 341.768 tce, 等价值 560.888 tce; per 8 000 万元: 0.0427 tce/万元
  CO2: 1.2 GWh × 0.5500 (East China, 2023) = 660.0 t; 16 × 10⁴ Nm³ × 21.62 t = 345.92 t;
       1 005.92 t
  water (GB/T 7119): intake 36 000 m³ ≥ 30 000 (the retrofit flag); reuse 108 000 / 144 000 = 75.0 %
  motors: 20 × 37 kW below grade 3 (IE2 92.7 % → IE4 95.2 %, IEC 60034-30-1), 75 % load, 5 000 h:
          740 × 0.75 × 5 000 × (1/0.927 − 1/0.952) = 78 611.5 kWh; × 0.72 yuan/kWh = 56 600 yuan
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

import services
from diagnosis.demo.enterprises import enterprises
from diagnosis.register.service import RegisterService
from gui.register.main_window import MainWindow
from gui.visit_editor.header_dialog import VisitHeaderDialog
from gui.visit_editor.measures_model import INVESTMENT, MONEY
from gui.visit_editor.visit_list import VisitListDialog
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.keys import commit_text, focused
from tests.gui.test_fieldwork_keyboard import answer_by_keys, question_in_focus

ROOT = Path(__file__).resolve().parents[2]
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
TCE, TCE_EQUAL, CO2 = 341.768, 560.888, 1005.92
MOTOR_KWH = 740 * 0.75 * 5_000 * (1 / 0.927 - 1 / 0.952)


def type_number(qtbot: QtBot, editor: VisitEditor, area: str, item: str, text: str) -> None:
    editor.widgets[(area, item)].focus_input()
    qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def type_cells(
    qtbot: QtBot, editor: VisitEditor, area: str, item: str, cells: dict[tuple[int, int], str]
) -> None:
    """Type into a table question's cells: the cell chosen, the digits, Tab to commit."""
    editor.widgets[(area, item)].focus_input()
    view = focused()
    for (row, column), text in cells.items():
        view.setCurrentIndex(view.model().index(row, column))  # type: ignore[attr-defined]
        qtbot.keyClicks(view, text[0])  # the first key opens the cell's editor ...
        qtbot.keyClicks(focused(), text[1:])  # ... which takes the rest
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        view.setFocus()


def start_visit_from_the_register(qtbot: QtBot, window: MainWindow) -> VisitEditor:
    def fill_header() -> None:
        header = QApplication.activeModalWidget()
        assert isinstance(header, VisitHeaderDialog)
        try:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is header)
            commit_text(header.team, "王建国、陈静")
            qtbot.keyClick(header.team, Qt.Key.Key_Tab)
            commit_text(focused(), "宁波市工业企业诊断服务中心")
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
        finally:
            if header.isVisible():
                header.done(0)

    def start_new_visit() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VisitListDialog)
        try:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            QTimer.singleShot(0, fill_header)
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():
                dialog.done(0)

    QTimer.singleShot(0, start_new_visit)
    qtbot.keyClick(window.table, Qt.Key.Key_D, CTRL)
    editor = window.editors[0]
    assert isinstance(editor, VisitEditor)
    with qtbot.waitActive(editor):
        editor.activateWindow()
    return editor


def score_in_another_process(store_path: Path, visit_id: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "visit", "score", visit_id, "--db",
         str(store_path), "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_a_visit_typed_by_keyboard_gives_the_worked_figures_everywhere(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    tmp_path: Path,
    factory: Callable[[], RegisterService],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service = services.register_service(store)
    service.repo.save(enterprises(1, seed=77), [])
    window = MainWindow(
        service,
        factory,
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        "zh",
        str(store_path),
        services.visit_service(store),
        plan_factory=lambda font: services.plan_factory(store_path, font),
    )
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.table.setFocus()
    window.table.selectRow(0)
    editor = start_visit_from_the_register(qtbot, window)
    visit_id = editor.doc.visit.id
    editor.areas.setCurrentRow(list(editor.doc.visit.areas).index("energy"))

    type_number(qtbot, editor, "energy", "E01", "2023")
    type_cells(qtbot, editor, "energy", "E02", {(0, 0): "1200000", (1, 0): "160000"})
    type_number(qtbot, editor, "energy", "E03", "8000")
    # 20 motors of the 7.5-45 kW class, 740 kW in all, below grade 3 (the fourth choice)
    type_cells(qtbot, editor, "energy", "E07", {(1, 0): "20", (1, 1): "740"})
    qtbot.keyClick(focused(), Qt.Key.Key_F2)  # Tab left the grade cell current: its list
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    editor.widgets[("energy", "E12")].focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_3)  # obsolete equipment present: proposes EN.MOTOR.01
    type_number(qtbot, editor, "energy", "E33", "5000")
    type_number(qtbot, editor, "energy", "E34", "0.72")
    editor.areas.setCurrentRow(list(editor.doc.visit.areas).index("water"))
    type_cells(qtbot, editor, "water", "W01", {(0, 0): "30000", (2, 0): "6000"})
    type_number(qtbot, editor, "water", "W03", "108000")

    # The live results panel: the figures as soon as the answers are given.
    panel = editor.results
    shown = "\n".join(panel.indicators.item(n).text() for n in range(panel.indicators.count()))
    assert "341.77 tce" in shown and "560.89 tce" in shown and "1,005.9" in shown
    assert "0.0427" in shown and "75.0 %" in shown
    assert "30,000" in panel.flags.text()  # the water-retrofit flag, at 36 000 m³

    # The measures page: the motor proposal costed from the equipment answers, accepted by key.
    editor.areas.setCurrentRow(editor.areas.count() - 1)
    page = editor.measures_page
    row = next(n for n, v in enumerate(page.model.views) if v.code == "EN.MOTOR.01")
    assert page.model.index(row, MONEY).data() == f"{MOTOR_KWH * 0.72:,.0f}"
    assert "–" in page.model.index(row, INVESTMENT).data()  # a range before the team edits
    page.table.setFocus()
    page.table.selectRow(row)
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert any(
        m.get("code") == "EN.MOTOR.01" and m["status"] == "accepted"
        for m in services.visit_service(store).open(visit_id).measures
    )

    # Every other required question, walked with F8 and answered by key; then finalise.
    editor.areas.setCurrentRow(0)
    for _step in range(300):
        if not services.visit_service(store).missing(editor.doc):
            break
        qtbot.keyClick(focused(), Qt.Key.Key_F8)
        answer_by_keys(qtbot, editor, question_in_focus(editor))
    qtbot.keyClick(focused(), Qt.Key.Key_F, CTRL | SHIFT)
    doubts = editor.flow.doubts_dialog
    if doubts is not None and doubts.isVisible():  # open warnings listed: finalise anyway
        qtbot.waitUntil(lambda: QApplication.activeWindow() is doubts)
        qtbot.keyClick(doubts, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.doc.visit.status == "finalised")

    # The plan, exported from the editor (Ctrl+E) off the UI thread.
    out = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "PDF (*.pdf)"))
    with qtbot.waitActive(editor):
        editor.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: out.exists() and editor.exporter.job is None, timeout=60_000)

    # The same figures on the command line, in another process on the same store ...
    score = score_in_another_process(store_path, visit_id)
    figures = {i["key"]: i["value"] for i in score["indicators"]}
    assert figures["energy.total_tce"] == pytest.approx(TCE)
    assert figures["energy.total_tce_equal_value"] == pytest.approx(TCE_EQUAL)
    assert figures["energy.co2_t"] == pytest.approx(CO2)
    assert figures["water.intake_m3"] == pytest.approx(36_000)
    assert figures["water.reuse_rate"] == pytest.approx(75.0)
    assert "water.retrofit_required" in {f["key"] for f in score["flags"]}
    motor = next(m for m in score["measures"] if m["code"] == "EN.MOTOR.01")
    assert motor["status"] == "accepted"
    assert motor["money_saved_yuan"] == pytest.approx(MOTOR_KWH * 0.72)
    assert score["measure_totals"]["count"] >= 1

    # ... and in the plan the firm keeps.
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("341.77", "560.89", "1,005.9", "36,000", "EN.MOTOR.01", "王建国"):
        assert words in text, words
    assert "本次诊断未录入分品种能源消费量" not in text
