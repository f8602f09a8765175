"""The measures page by keyboard: the demo visit's measures with the team's decisions, A/R to
decide at once, the form's figures saved and recomputed, bad numbers refused, custom measures,
read-only once finalised."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from diagnosis.visits.service import VisitService
from gui.visit_editor.measures_model import (
    CODE,
    INVESTMENT,
    PAYBACK,
    STATUS,
    TCE,
    TITLE,
    MeasuresModel,
)
from gui.visit_editor.measures_page import MeasuresPage
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


@pytest.fixture
def visit_id() -> str:
    return EXAMPLE_ID


def open_page(qtbot: QtBot, desk: VisitService, visit_id: str) -> MeasuresPage:
    page = MeasuresPage(desk, visit_id, "zh")
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page


def cell(page: MeasuresPage, row: int, column: int, role: Qt.ItemDataRole | None = None) -> Any:
    index = page.model.index(row, column)
    return index.data() if role is None else index.data(role)


def row_of(page: MeasuresPage, code: str) -> int:
    return next(n for n, v in enumerate(page.model.views) if v.code == code)


def stored(desk: VisitService, visit_id: str, key: str) -> dict[str, Any] | None:
    measures = desk.open(visit_id).measures
    return next((m for m in measures if (m.get("code") or m.get("title")) == key), None)


def choose_by_keys(qtbot: QtBot, page: MeasuresPage, code: str) -> None:
    """Walk the table with Down from the top until ``code`` is the current row."""
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home, CTRL)
    for _ in range(page.model.rowCount()):
        if page.current() is not None and page.current().code == code:  # type: ignore[union-attr]
            return
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    raise AssertionError(f"{code} not reached by keyboard")


def type_into(qtbot: QtBot, page: MeasuresPage, name: str, text: str) -> None:
    edit = page.fields[name]
    edit.setFocus()
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)


def test_measures_page_lists_proposals_with_decisions(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    page = open_page(qtbot, desk, visit_id)
    views = desk.assess(desk.open(visit_id)).measures
    assert page.model.rowCount() == len(views)
    assert [v.code for v in page.model.views] == [v.code for v in views]  # order as given
    air = row_of(page, "EN.AIR.02")
    assert cell(page, air, STATUS) == "已采纳"
    assert cell(page, air, TITLE) == "降低压缩空气压力设定"
    assert cell(page, row_of(page, "EN.PF.01"), STATUS) == "已拒绝"
    assert cell(page, row_of(page, "EN.STEAM.01"), STATUS) == "建议"
    # A compliance measure is marked; the team's figure shows the rules' proposal beside it.
    meter = row_of(page, "EN.METER.01")
    assert cell(page, meter, CODE).startswith("⚖")
    assert cell(page, meter, INVESTMENT) == "90.9"
    assert "proposed" in cell(page, meter, INVESTMENT, Qt.ItemDataRole.ToolTipRole)
    assert cell(page, meter, INVESTMENT, Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )
    assert "10k yuan" in page.model.headerData(INVESTMENT, Qt.Orientation.Horizontal)
    assert page.totals.text().startswith("Accepted: 5")
    assert page.form.isEnabled() and not page.readonly.isVisibleTo(page)


def test_measures_page_a_key_accepts_the_selected_measure(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    page = open_page(qtbot, desk, visit_id)
    before = page.totals.text()
    changed: list[bool] = []
    page.changed.connect(lambda: changed.append(True))
    choose_by_keys(qtbot, page, "EN.STEAM.01")
    assert page.heading.text().startswith("EN.STEAM.01")  # the form follows the selection
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert stored(desk, visit_id, "EN.STEAM.01") == {"code": "EN.STEAM.01", "status": "accepted"}
    assert cell(page, row_of(page, "EN.STEAM.01"), STATUS) == "已采纳"
    assert page.totals.text() != before and page.totals.text().startswith("Accepted: 6")
    assert changed == [True]
    assert page.current().code == "EN.STEAM.01"  # type: ignore[union-attr]
    qtbot.keyClick(page.table, Qt.Key.Key_R)
    assert stored(desk, visit_id, "EN.STEAM.01") == {"code": "EN.STEAM.01", "status": "rejected"}
    assert page.totals.text() == before


def test_measures_page_form_saves_figures_and_recomputes(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    page = open_page(qtbot, desk, visit_id)
    choose_by_keys(qtbot, page, "EN.VFD.01")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter goes from the table to the form
    assert QApplication.focusWidget() is page.status
    qtbot.keyClick(page.status, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.fields["investment"]
    qtbot.keyClicks(page.fields["investment"], "12")
    qtbot.keyClick(page.fields["investment"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.fields["electricity"]
    qtbot.keyClicks(page.fields["electricity"], "54000")
    type_into(qtbot, page, "money", "43200")
    qtbot.keyClick(page.fields["money"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.fields["realised"]  # follow-up figure, left empty
    qtbot.keyClick(page.fields["realised"], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.note
    qtbot.keyClicks(page.note, "VFD on pumps 2 and 3")
    qtbot.keyClick(page.note, Qt.Key.Key_Return, CTRL)

    assert stored(desk, visit_id, "EN.VFD.01") == {
        "code": "EN.VFD.01",
        "status": "proposed",  # figures entered, not yet decided
        "investment_10k_yuan": 12.0,
        "energy_saved": [{"carrier": "electricity", "quantity": 54000.0, "unit": "kWh"}],
        "money_saved_yuan": 43200.0,
        "note": "VFD on pumps 2 and 3",
    }
    row = row_of(page, "EN.VFD.01")
    payback_years = 12 * 10_000 / 43_200  # 2.78 yr
    assert 2 <= payback_years < 3
    assert cell(page, row, PAYBACK) == "2.8"  # the years, now that both figures are known
    tce = 54_000 * 0.1229 / 1000  # kWh x 当量值 kgce/kWh -> tce
    assert float(cell(page, row, TCE)) == pytest.approx(tce, abs=0.01)
    assert cell(page, row, INVESTMENT) == "12"
    tip = cell(page, row, INVESTMENT, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Team's figure; proposed: ")  # the rules' figure beside the edit
    assert page.fields["investment"].text() == "12"  # the form shows what was saved


def test_measures_page_bad_number_is_marked_and_not_saved(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    page = open_page(qtbot, desk, visit_id)
    before = desk.open(visit_id).measures
    choose_by_keys(qtbot, page, "EN.VFD.01")
    type_into(qtbot, page, "investment", "-5")
    type_into(qtbot, page, "money", "lots")
    qtbot.keyClick(page.fields["money"], Qt.Key.Key_Return, CTRL)
    for name in ("investment", "money"):
        assert page.errors[name].isVisibleTo(page) and page.errors[name].text()
    assert not page.errors["electricity"].isVisibleTo(page)
    assert desk.open(visit_id).measures == before
    type_into(qtbot, page, "investment", "5")
    type_into(qtbot, page, "money", "")
    qtbot.keyClick(page.fields["money"], Qt.Key.Key_Return, CTRL)
    assert not page.errors["investment"].isVisibleTo(page)
    assert stored(desk, visit_id, "EN.VFD.01") == {
        "code": "EN.VFD.01",
        "status": "proposed",
        "investment_10k_yuan": 5.0,
    }


def test_measures_page_custom_measure_with_a_chinese_title(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    page = open_page(qtbot, desk, visit_id)
    rows = page.model.rowCount()
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    assert page.custom_mode and page.title.isVisibleTo(page)
    assert QApplication.focusWidget() is page.title
    commit = QInputMethodEvent()
    commit.setCommitString("屋顶分布式光伏")
    QApplication.sendEvent(page.title, commit)
    type_into(qtbot, page, "investment", "80")
    qtbot.keyClick(page.fields["investment"], Qt.Key.Key_Return, CTRL)

    assert stored(desk, visit_id, "屋顶分布式光伏") == {
        "code": None,
        "status": "accepted",
        "investment_10k_yuan": 80.0,
        "custom": True,
        "title": "屋顶分布式光伏",
    }
    assert page.model.rowCount() == rows + 1
    assert cell(page, page.table.currentIndex().row(), TITLE) == "屋顶分布式光伏"
    assert page.totals.text().startswith("Accepted: 6")
    assert not page.custom_mode and not page.title.isVisibleTo(page)


def test_measures_page_custom_measure_needs_a_title(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    page = open_page(qtbot, desk, visit_id)
    before = desk.open(visit_id).measures
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    qtbot.keyClick(page.title, Qt.Key.Key_Return, CTRL)
    assert page.message.text() and desk.open(visit_id).measures == before
    qtbot.keyClick(page.title, Qt.Key.Key_Escape)
    assert not page.custom_mode and QApplication.focusWidget() is page.table


def test_measures_page_finalised_visit_is_read_only(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    desk.finalise(visit_id)
    page = open_page(qtbot, desk, visit_id)
    assert not page.form.isEnabled()
    assert page.readonly.isVisibleTo(page) and page.readonly.text()
    before = desk.open(visit_id).measures
    choose_by_keys(qtbot, page, "EN.STEAM.01")
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL_SHIFT)
    assert not page.custom_mode
    assert desk.open(visit_id).measures == before


def test_measures_page_refusal_of_the_desk_is_shown(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    page = open_page(qtbot, desk, visit_id)
    desk.finalise(visit_id)  # by another window, after this page was opened
    before = desk.open(visit_id).measures
    choose_by_keys(qtbot, page, "EN.STEAM.01")
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert "定稿" in page.message.text()
    assert desk.open(visit_id).measures == before


def test_measures_page_model_passes_the_model_tester(
    qtmodeltester: ModelTester, desk: VisitService, visit_id: str
) -> None:
    model = MeasuresModel("en")
    views = desk.assess(desk.open(visit_id)).measures
    model.set_views(views)
    qtmodeltester.check(model, force_py=True)
    model.set_views(views[:3])
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.index(0, STATUS).data() == "accepted"


def test_measures_page_follow_up_records_realised_savings(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    """A follow-up carries the accepted measures; the team enters what one really saved."""
    follow = desk.follow_up(visit_id, "2025-10-01")
    page = MeasuresPage(desk, follow.visit.id, "zh")
    qtbot.addWidget(page)
    page.show()
    carried = [r for r in range(page.model.rowCount()) if page.model.views[r].decision]
    assert carried, "the accepted measures are carried into the follow-up"
    page.table.selectRow(carried[0])
    code = page.model.views[carried[0]].code  # before saving: the order may change after
    page.fields["realised"].setText("120000")
    assert page.save()
    stored = next(m for m in desk.open(follow.visit.id).measures if m["code"] == code)
    assert stored["realised_money_yuan"] == 120000
