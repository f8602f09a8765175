"""The small read-only table used by dialogs and pages."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.rows_model import RowsModel


def test_rows_model_shows_each_record_through_its_render(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model: RowsModel[tuple[str, int]] = RowsModel(["名称", "数量"], lambda r: (r[0], str(r[1])))
    model.set_rows([("电机", 3), ("空压机", 2)])
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.data(model.index(1, 0)) == "空压机"
    assert model.data(model.index(1, 1)) == "2"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "数量"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None
    model.set_rows([])
    assert model.rowCount() == 0
