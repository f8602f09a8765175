"""The office window over a real store whose figures are known by construction
(tests/storage/test_office.py ``_build``): coverage, filters, drill-down, export, keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

import services
from diagnosis.register.service import RegisterService
from gui.office.models import Drill, FiguresView
from gui.office.page import OfficePage
from gui.register.main_window import MainWindow
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from tests.storage.test_office import D1, D2, World, _build

DIAGNOSED = 4  # the column of "diagnosed" in the coverage tables


@pytest.fixture
def world(store: Store) -> World:
    return _build(store)


@pytest.fixture
def page(world: World, store_path: Path, qtbot: QtBot) -> Iterator[OfficePage]:
    register = RegisterService(SqliteEnterpriseRepository(world.store))

    def lookup(eid: str) -> tuple[str, str] | None:
        e = register.get(eid)
        return None if e is None else (e.name, e.credit_code)

    shown = OfficePage(services.office_factory(store_path), "en", lookup)
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.figures_shown, timeout=20000):
        shown.reload()
    yield shown
    qtbot.waitUntil(lambda: shown.job is None)


def cell(view: FiguresView, row: int, column: int) -> str:
    return str(view.model().index(row, column).data())


def row_of(view: FiguresView, label: str) -> int:
    model = view.model()
    rows = [r for r in range(model.rowCount()) if model.index(r, 0).data() == label]
    assert rows, label
    return rows[0]


def test_office_page_shows_the_coverage(page: OfficePage) -> None:
    text = page.headline.text()
    assert ">7</a> of" in text and ">9</a>" in text and "78%" in text
    assert ">6</a>" in text and ">2</a>" in text  # never visited, of them willing above scale
    districts = page.district_table
    haishu = row_of(districts, "Haishu District")
    assert [cell(districts, haishu, c) for c in range(1, 7)] == ["6", "4", "3", "3", "2", "67%"]
    total = districts.model().rowCount() - 1
    assert [cell(districts, total, c) for c in (0, 1, 3, 5)] == ["Total", "15", "9", "7"]
    assert cell(page.members_table, 0, 0) == "乙" and cell(page.members_table, 0, 1) == "8"
    assert page.pipeline_table.model().rowCount() == 5  # four areas and the total
    assert cell(page.pipeline_table, 4, 2) == "137.0"
    assert page.charts.district_chart.categories[:2] == ["Jiangbei District", "Haishu District"]


def test_office_page_filter_by_district_changes_the_figures(page: OfficePage, qtbot: QtBot) -> None:
    combo = page.combos["district"]
    assert combo.findData(D2) > 0
    with qtbot.waitSignal(page.figures_shown, timeout=20000) as shown:
        combo.setCurrentIndex(combo.findData(D1))
    assert shown.args[0].filter.district == D1
    assert ">2</a> of" in page.headline.text() and ">3</a> willing" in page.headline.text()
    assert page.district_table.model().rowCount() == 2  # Haishu and the total
    assert combo.findData(D2) > 0  # the other districts can still be chosen


def test_office_page_drill_lists_exactly_those_enterprises(
    page: OfficePage, world: World, qtbot: QtBot
) -> None:
    view = page.district_table
    view.setFocus()
    view.setCurrentIndex(view.model().index(row_of(view, "Haishu District"), DIAGNOSED))
    chosen: list[str] = []
    page.enterprise_chosen.connect(chosen.append)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.drill_dialog is not None and page.drill_dialog.isVisible())
    dialog = page.drill_dialog
    assert dialog is not None
    ids = [r[0] for r in dialog.model.rows]
    assert sorted(ids) == sorted(world.e[n] for n in ("E0", "E1", "E3"))
    assert [r[1] for r in dialog.model.rows] == ["测试企业00", "测试企业01", "测试企业03"]
    assert dialog.model.rows[0][2] == "TEST00000000000000"
    dialog.table.setCurrentIndex(dialog.model.index(1, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert chosen == [world.e["E1"]]
    assert not dialog.isVisible()


def test_office_page_drill_of_a_target_uses_its_year(page: OfficePage, qtbot: QtBot) -> None:
    captured: list[Drill] = []
    page.drill = lambda drill, _caption: captured.append(drill)  # type: ignore[method-assign]
    view = page.targets_table
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 2))
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert captured and captured[0].dimension == "kind" and captured[0].year is not None


def test_office_page_tab_moves_between_tables(page: OfficePage, qtbot: QtBot) -> None:
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.district_table.setFocus()
    qtbot.waitUntil(lambda: page.district_table.hasFocus())
    qtbot.keyClick(page.district_table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.industry_table
    # Arriving by Tab lands on a number: Enter drills at once.
    assert page.industry_table.figures().drill_at(page.industry_table.currentIndex()) is not None


def test_office_page_exports_the_workbook(
    page: OfficePage, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "figures"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "Excel workbook (*.xlsx)")
    )
    with qtbot.waitSignal(page.exported, timeout=30000) as done:
        page.export_button.click()
    written = Path(done.args[0])
    assert written == tmp_path / "figures.xlsx" and written.stat().st_size > 0
    assert str(written) in page.status.text()


def test_main_window_opens_the_office_and_selects_the_chosen_enterprise(
    world: World, store_path: Path, settings: QSettings, qtbot: QtBot
) -> None:
    register = RegisterService(SqliteEnterpriseRepository(world.store))
    window = MainWindow(
        register,
        lambda: register,
        settings,
        "en",
        "test.sqlite",
        office_factory=services.office_factory(store_path),
    )
    qtbot.addWidget(window)
    assert window.act_office.shortcut().toString() == "Ctrl+Shift+B"
    window.act_office.trigger()
    office = window.office_page
    assert isinstance(office, OfficePage)
    qtbot.waitUntil(lambda: office.figures is not None, timeout=20000)
    office.enterprise_chosen.emit(world.e["E3"])
    assert window.selected_id() == world.e["E3"]
    qtbot.waitUntil(lambda: office.job is None)
