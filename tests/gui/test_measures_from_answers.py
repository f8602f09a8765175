"""The user's whole way to a costed measure: a fresh visit, equipment answers typed in the real
visit editor (one old 37 kW motor in E07, E12 'present', E33 hours, E34 price), then the measures
page shows the high-efficiency motor proposal with its saving, investment range and payback, and
how it was computed; the same answers scored by ``python main.py visit score F.json --json``
give the same figures.

Worked by hand: IEC 60034-30-1 4-pole 37 kW, IE2 92.7 % → IE4 95.2 %, 75 % load, 6 000 h:
37 × 0.75 × 6 000 × (1/0.927 − 1/0.952) = 4 716.7 kWh; × 0.80 yuan/kWh (E34) = 3 773 yuan/yr;
300-600 yuan/kW × 37 kW = 1.11-2.22 万元; payback 11 100/3 773 = 2.9 to 22 200/3 773 = 5.9 yr;
4 716.7 kWh × 0.1229 kgce/kWh = 0.58 tce."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import main
import services
from diagnosis.demo.enterprises import enterprises
from diagnosis.visits.document import document_to_dict
from diagnosis.visits.service import VisitService
from gui.app import Translations
from gui.visit_editor.measures_model import CO2, INVESTMENT, MONEY, PAYBACK, TCE
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.keys import focused

KWH = 37 * 0.75 * 6000 * (1 / 0.927 - 1 / 0.952)
MONEY_YUAN = KWH * 0.8


@pytest.fixture
def desk(store: Store) -> VisitService:
    return services.visit_service(store)


@pytest.fixture
def visit_id(store: Store, desk: VisitService) -> str:
    """A fresh visit of a register entry with nothing answered (the newest checklists)."""
    firm = next(iter(enterprises(1, seed=5)))
    services.register_service(store).repo.save([firm], [])
    return desk.start(firm.id, "2024-03-20").visit.id


def type_number(qtbot: QtBot, editor: VisitEditor, item_id: str, text: str) -> None:
    widget = editor.widgets[("energy", item_id)]
    widget.focus_input()
    qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def test_motor_answers_typed_in_the_editor_make_a_costed_proposal(
    qtbot: QtBot,
    desk: VisitService,
    visit_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    editor = VisitEditor(desk, visit_id, "zh")
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    editor.areas.setCurrentRow(list(editor.doc.visit.areas).index("energy"))

    # E07: the 7.5-45 kW row, count 1, total 37 kW, grade "below grade 3" (the fourth choice)
    motors = editor.widgets[("energy", "E07")]
    motors.focus_input()
    view = focused()
    view.setCurrentIndex(view.model().index(1, 0))  # type: ignore[attr-defined]
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "37")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_F2)  # the grade's drop-down
    for _ in range(4):  # (empty), grade 1, grade 2, grade 3, below grade 3
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    # E12: obsolete equipment present (its third option), which proposes EN.MOTOR.01
    editor.widgets[("energy", "E12")].focus_input()
    qtbot.keyClick(focused(), Qt.Key.Key_3)
    type_number(qtbot, editor, "E33", "6000")
    type_number(qtbot, editor, "E34", "0.8")

    doc = desk.open(visit_id)
    assert doc.visit.checklists["energy"] == "2026.3"  # new visits take the newest
    assert doc.answers["energy"]["E07"]["p_7_5_45"] == {
        "count": 1.0,
        "total_kw": 37.0,
        "grade": "below_g3",
    }
    assert (doc.answers["energy"]["E12"], doc.answers["energy"]["E33"]) == ("present", 6000.0)
    assert doc.answers["energy"]["E34"] == 0.8

    editor.areas.setCurrentRow(editor.areas.count() - 1)  # measures
    page = editor.measures_page
    assert page.isVisibleTo(editor)
    row = next(n for n, v in enumerate(page.model.views) if v.code == "EN.MOTOR.01")
    cell = lambda col: page.model.index(row, col).data()  # noqa: E731
    assert cell(MONEY) == f"{MONEY_YUAN:,.0f}"  # the firm's own price: no '≈'
    assert cell(INVESTMENT) == "1.11–2.22"
    assert cell(PAYBACK) == "2.9–5.9"
    assert cell(TCE) == f"{KWH * 0.1229 / 1000:,.2f}"
    assert cell(CO2)  # at the visit year's grid factor
    page.table.setFocus()
    page.table.selectRow(row)
    how = page.how.toPlainText()
    assert "E07" in how and "IE2" in how and "IE4" in how and "E34" in how
    assert f"{round(KWH, 4):,}" in how
    assert "待测算" not in cell(PAYBACK) and not page.warnings.isVisible()

    # The same answers as a document, scored on the command line
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(document_to_dict(doc), ensure_ascii=False), "utf-8")
    assert main.main(["visit", "score", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    m = next(x for x in result["measures"] if x["code"] == "EN.MOTOR.01")
    assert m["money_saved_yuan"] == pytest.approx(MONEY_YUAN)
    assert m["money_basis"] == "firm_price"
    assert m["investment_range_10k_yuan"] == [1.11, 2.22]
    assert m["payback_range_years"] == [
        round(11_100 / MONEY_YUAN, 2),
        round(22_200 / MONEY_YUAN, 2),
    ]
    assert m["tce"] == pytest.approx(KWH * 0.1229 / 1000)
    assert m["missing_inputs"] == [] and m["warnings"] == []
    # and in words, in the human output
    assert main.main(["visit", "score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "EN.MOTOR.01" in out and "投资 1.11-2.22 万元" in out and "回收期 2.94-5.88 年" in out


def test_a_far_off_team_figure_is_flagged_on_the_page(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    """643 万元 typed for a leak repair (a survey costs 0.5-2 万元) is kept and flagged."""
    for item, value in (
        ("E08", {"group_1": {"count": 2, "kw": 55}}),
        ("E16", "no"),
        ("E37", 25),
        ("E33", 6000),
    ):
        desk.answer(visit_id, "energy", item, value)
    editor = VisitEditor(desk, visit_id, "en")
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    editor.areas.setCurrentRow(editor.areas.count() - 1)
    page = editor.measures_page
    row = next(n for n, v in enumerate(page.model.views) if v.code == "EN.AIR.01")
    assert page.model.index(row, INVESTMENT).data() == "0.5–2"
    page.table.setFocus()
    page.table.selectRow(row)
    page.fields["investment"].setFocus()
    qtbot.keyClicks(page.fields["investment"], "643")
    qtbot.keyClick(
        page.fields["investment"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    row = next(n for n, v in enumerate(page.model.views) if v.code == "EN.AIR.01")
    assert page.model.index(row, INVESTMENT).data() == "⚠ 643"
    tip = page.model.index(row, INVESTMENT).data(Qt.ItemDataRole.ToolTipRole)
    assert "643" in tip and "0.5-2" in tip
    assert page.warnings.isVisible() and "far outside" in page.warnings.text()
    stored = [m for m in desk.open(visit_id).measures if m["code"] == "EN.AIR.01"]
    assert stored[0]["investment_10k_yuan"] == 643.0  # kept as entered


@pytest.fixture
def chinese() -> Iterator[None]:
    """The app's Chinese translations installed, as the app does for a Chinese user."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    locale = QLocale()
    words = Translations(app)
    words.use("zh")
    yield
    for translator in words.installed:
        app.removeTranslator(translator)
    QLocale.setDefault(locale)


def test_a_proposal_without_its_inputs_names_the_questions(
    qtbot: QtBot, desk: VisitService, visit_id: str, chinese: None
) -> None:
    """'待测算' only where an input is missing, and it says which questions to answer."""
    desk.answer(visit_id, "energy", "E15", "some")
    editor = VisitEditor(desk, visit_id, "zh")
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    editor.areas.setCurrentRow(editor.areas.count() - 1)
    page = editor.measures_page
    row = next(n for n, v in enumerate(page.model.views) if v.code == "EN.VFD.01")
    money = page.model.index(row, MONEY)
    assert money.data() == "待测算"
    tip = money.data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "待测算：缺少 E36 未变频风机水泵总功率；缺少 E33 年运行小时"
    page.table.setFocus()
    page.table.selectRow(row)
    assert "缺少 E36" in page.how.toPlainText() and "缺少 E33" in page.how.toPlainText()
    # once answered, the saving is there and nothing is 待测算 any more
    desk.answer(visit_id, "energy", "E36", 55.0)
    desk.answer(visit_id, "energy", "E33", 6000.0)
    page.reload()
    row = next(n for n, v in enumerate(page.model.views) if v.code == "EN.VFD.01")
    assert page.model.index(row, MONEY).data() == f"≈{109_260.6 * 0.7:,.0f}"
    assert page.model.index(row, INVESTMENT).data() == "3.3–5.5"
    assert "估算，待核实" in page.model.index(row, MONEY).data(Qt.ItemDataRole.ToolTipRole)
