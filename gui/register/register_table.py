"""The register's table view: column widths, sorting, movable columns, and a selection that
code can replace whatever key is held down.

Kept apart from the main window so the window reads as layout and commands; the view shows the
lazy ``EnterpriseTableModel`` as it is and never fetches or measures rows itself. It says when its
rows were first painted, so the window can load then what the first screen does not need.
"""

from __future__ import annotations

from diagnosis.register.enterprise import FIELDS
from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from gui.header_fit import fit_headers
from gui.register.work_columns import FIRST_WORK_COLUMN

_COLUMN_WIDTHS = {"name": 260, "credit_code": 170, "industry": 210, "address": 300}
_KIND_WIDTHS = {
    "bool": 60,
    "year": 60,
    "class": 60,
    "stars": 80,
    "district": 100,
    "cluster": 110,
    "phone": 120,
}
# Yes/no, a year, a class, stars: a short value under a header that may be long in English.
_NARROW = {"bool": 96, "year": 80, "class": 80, "stars": 96}


class EnterpriseTable(QTableView):
    """Several rows may be selected (Shift/Ctrl with keys or mouse) for a batch of plans; a row
    chosen by code (Return in the search box) replaces the selection, whatever key is down."""

    first_painted = Signal()  # once, when the first rows have been painted

    def __init__(self, model: QAbstractItemModel) -> None:
        super().__init__()
        self.setObjectName("enterprises")
        self._painted = False
        # Columns that stay narrow whatever their header says (elided, tooltip in full).
        self._narrow = {
            column: _NARROW[spec.kind] for column, spec in enumerate(FIELDS) if spec.kind in _NARROW
        }
        self._narrow.update({FIRST_WORK_COLUMN + 2: 96, FIRST_WORK_COLUMN + 3: 96})
        # Row numbers are not shown. Hidden before the model is set, the row header never asks
        # the model for the 200 sections it would measure (800 calls into Python at start-up).
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().hide()
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)  # one line a cell; wrapping lays out every cell twice
        # Unsorted indicator first: enabling sorting re-sorts by the indicator's column.
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSectionsMovable(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header = self.horizontalHeader()
        for column, spec in enumerate(FIELDS):
            # Wide enough for typical content; never measured over 20,000 rows.
            self.setColumnWidth(
                column, _COLUMN_WIDTHS.get(spec.name, _KIND_WIDTHS.get(spec.kind, 100))
            )
        # The work list's columns (last visit, status, follow-ups, accepted measures) show
        # right after the name, where the team reads them first; narrow: a date, a word, a count.
        # (The view relays out at each move, asking the model for every header: once is enough.)
        header.blockSignals(True)
        for n, width in enumerate((86, 64, 0, 0)):
            column = FIRST_WORK_COLUMN + n
            self.setColumnWidth(column, width)
            header.moveSection(header.visualIndex(column), 1 + n)
        header.blockSignals(False)
        self.updateGeometries()
        self.fit_headers()

    def fit_headers(self) -> None:
        """Every header readable: widened to its text, or (a yes/no or a count, which must not
        push the name's neighbours off a laptop screen) elided with the full name as tooltip.
        Called again after a saved layout is restored: it may come from the other language."""
        fit_headers(self.horizontalHeader(), self._narrow)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Overridden rather than filtered: the viewport's paint events arrive here anyway, and
        # the first viewport() call from Python costs 10 ms at start-up (PySide loads dozens
        # of widget classes to type the plain QWidget it returns).
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def selectionCommand(
        self, index: QModelIndex | QPersistentModelIndex, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        if event is None:
            flag = QItemSelectionModel.SelectionFlag
            return flag.ClearAndSelect | flag.Rows
        return super().selectionCommand(index, event)
