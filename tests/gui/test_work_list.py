"""The register as the team's work list (issue 15, part 7), in the real window: the last visit,
open follow-ups and accepted measures columns, the work filters with their counts in the status
bar, a visit finalised in the editor leaving "draft visit open", Down from the search box into
the results, and Ctrl+D with nothing selected saying so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import services
from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.proposals import Decision
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.service import RegisterService
from diagnosis.visits.document import Document, Visit
from gui.register.main_window import MainWindow
from gui.register.work_columns import FIRST_WORK_COLUMN
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from storage.visits import SqliteVisitRepository
from tests.gui.example_visit import EXAMPLE_ID, example_desk
from tests.gui.keys import commit_text, focused

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
DUE = Enterprise(name="久未回访机械有限公司", credit_code="91330200000000001X")
FOLLOWING = Enterprise(name="回访进行中电器有限公司", credit_code="91330200000000002X")
NEVER = Enterprise(name="从未走访模具有限公司", credit_code="91330200000000003X")
ACCEPTED = Decision("EN.AIR.01", "accepted", investment_10k_yuan=10.0)
PLANNED = Decision("IM.MES.01", "planned", investment_10k_yuan=20.0)


def others(n: int, start: int = 10) -> list[Enterprise]:
    """Firms never visited, named apart from the ones above."""
    return [
        Enterprise(name=f"甬江第{k:02d}五金有限公司", credit_code=f"913302000000{k:05d}X")
        for k in range(start, start + n)
    ]


def _doc(e: Enterprise, vid: str, when: str, status: str, previous: str | None = None) -> Document:
    visit = Visit(vid, when, status, 1, ("王建国",), "中心", ("energy",), {}, previous)
    measures = tuple(decision_to_dict(d) for d in (ACCEPTED, PLANNED))
    return Document(e, visit, {}, (), measures)


@pytest.fixture
def window(
    qtbot: QtBot,
    store: Store,
    store_path: Path,
    tmp_path: Path,
    factory: Callable[[], RegisterService],
) -> MainWindow:
    """The example visit (a draft, five accepted measures, 2024-03-19); a firm finalised in
    2020 with two accepted measures and nothing since (follow-up due); one whose follow-up is
    under way; one never visited among 20 demo firms never visited either."""
    desk = example_desk(store)
    service = services.register_service(store)
    service.repo.save([DUE, FOLLOWING, NEVER, *others(20)], [])
    visits = SqliteVisitRepository(store)
    visits.save(_doc(DUE, "due-1", "2020-04-01", "finalised"))
    visits.save(_doc(FOLLOWING, "fol-1", "2021-04-01", "finalised"))
    visits.save(_doc(FOLLOWING, "fol-2", "2021-10-08", "follow_up", previous="fol-1"))
    win = MainWindow(
        service,
        factory,
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        "zh",
        str(store_path),
        desk,
    )
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    qtbot.waitUntil(lambda: win.model.work is not None and not win.work_loader.busy())
    return win


def cells(window: MainWindow, e_name: str) -> list[str]:
    model = window.model
    row = next(r for r in range(model.rowCount()) if model.enterprise_at(r).name == e_name)  # type: ignore[union-attr]
    return [model.index(row, FIRST_WORK_COLUMN + n).data() for n in range(4)]


def shown(window: MainWindow) -> set[str]:
    model = window.model
    return {model.enterprise_at(r).name for r in range(model.rowCount())}  # type: ignore[union-attr]


def choose_work(window: MainWindow, name: str | None) -> None:
    window.work_filter.setCurrentIndex(window.work_filter.findData(name))


def example_name(window: MainWindow) -> str:
    visit = window.desk.open(EXAMPLE_ID)  # type: ignore[union-attr]
    return visit.enterprise.name


def test_work_columns_show_last_visit_follow_ups_and_accepted(window: MainWindow) -> None:
    headers = [
        window.model.headerData(FIRST_WORK_COLUMN + n, Qt.Orientation.Horizontal) for n in range(4)
    ]
    assert headers == ["最近走访", "走访状态", "未结回访", "已采纳措施"]
    assert cells(window, example_name(window)) == ["2024-03-19", "草稿", "", "5"]
    assert cells(window, DUE.name) == ["2020-04-01", "已定稿", "", "2"]
    assert cells(window, FOLLOWING.name) == ["2021-10-08", "回访", "1", "2"]
    assert cells(window, NEVER.name) == ["", "", "", ""]
    # shown right after the name
    header = window.table.horizontalHeader()
    assert [header.logicalIndex(v) for v in range(1, 5)] == [
        FIRST_WORK_COLUMN + n for n in range(4)
    ]


def test_work_columns_sort(window: MainWindow) -> None:
    window.table.sortByColumn(FIRST_WORK_COLUMN + 3, Qt.SortOrder.DescendingOrder)
    model = window.model
    top = [model.enterprise_at(r).name for r in range(3)]  # type: ignore[union-attr]
    assert top[0] == example_name(window)  # 5 accepted, then the two with 2 (by name)
    assert set(top[1:]) == {DUE.name, FOLLOWING.name}
    window.table.sortByColumn(FIRST_WORK_COLUMN, Qt.SortOrder.AscendingOrder)
    dates = [model.index(r, FIRST_WORK_COLUMN).data() for r in range(model.rowCount())]
    assert dates[:3] == ["2020-04-01", "2021-10-08", "2024-03-19"] and set(dates[3:]) == {""}


def test_work_filters_combine_with_search_and_count_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    assert window.work_label.text() == "从未走访 21 · 草稿 1 · 待回访 1"
    choose_work(window, "never_visited")
    assert len(shown(window)) == 21 and NEVER.name in shown(window)
    commit_text(window.search, "模具")
    assert shown(window) == {NEVER.name}
    window.search.clear()
    choose_work(window, "draft_open")
    assert shown(window) == {example_name(window)}
    choose_work(window, "follow_up_due")
    assert shown(window) == {DUE.name}
    window.above.setCurrentIndex(window.above.findData(True))  # with another filter: none above
    assert shown(window) == set()
    window.clear_filters()
    assert window.model.rowCount() == 24
    # An import (or a sync) reloads the register: the counts follow.
    services.register_service(store).repo.save(others(2, start=50), [])
    window.model.reload()
    qtbot.waitUntil(lambda: window.work_label.text().startswith("从未走访 23 "))


def test_a_visit_finalised_in_the_editor_leaves_draft_visit_open(
    qtbot: QtBot, window: MainWindow
) -> None:
    name = example_name(window)
    choose_work(window, "draft_open")
    assert shown(window) == {name}
    editor = window.open_visit(EXAMPLE_ID)
    assert isinstance(editor, VisitEditor)
    with qtbot.waitActive(editor):
        editor.activateWindow()
    qtbot.keyClick(editor, Qt.Key.Key_F, CTRL | SHIFT)
    dialog = editor.flow.doubts_dialog  # the example's doubtful figures, then Alt+F
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.doc.visit.status == "finalised")
    with qtbot.waitActive(window):  # back to the register
        window.activateWindow()
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    # finalised, dated 2024-03-19 with accepted measures: its follow-up is due at once
    assert window.work_label.text() == "从未走访 21 · 草稿 0 · 待回访 2"
    choose_work(window, "follow_up_due")
    assert shown(window) == {name, DUE.name}
    choose_work(window, None)
    assert cells(window, name)[:2] == ["2024-03-19", "已定稿"]


def test_down_from_the_search_box_selects_the_first_result(
    qtbot: QtBot, window: MainWindow
) -> None:
    for key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
        window.search.setFocus()
        commit_text(window.search, "有限公司")
        qtbot.keyClick(window.search, key)
        assert focused() is window.table
        assert [i.row() for i in window.table.selectionModel().selectedRows()] == [0]
        window.search.clear()
        window.table.clearSelection()


def test_ctrl_d_with_nothing_selected_says_so(qtbot: QtBot, window: MainWindow) -> None:
    window.table.clearSelection()
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_D, CTRL)
    assert "No enterprise selected" in window.statusBar().currentMessage()
    assert window.editors == []
