"""The enterprise list as a lazy Qt table model: it holds ids only and fetches visible rows.

Search, filters and sort order are answered by the domain's in-memory index and the store's
ordering; the model resets with the new list of ids and reads a window of rows around what the
view asks for, so 20,000 enterprises cost no more than the rows on screen.
"""

from __future__ import annotations

from typing import Any

from diagnosis.enterprise import FIELDS, Enterprise
from diagnosis.messages import Lang
from diagnosis.register import RegisterService
from diagnosis.search import EnterpriseIndex, Filters
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from gui.formatting import display, is_numeric

_WINDOW_BEFORE, _WINDOW_AFTER = 40, 120
_CACHE_LIMIT = 4000
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class EnterpriseTableModel(QAbstractTableModel):
    counts_changed = Signal(int, int)  # shown, total

    def __init__(self, service: RegisterService, lang: Lang) -> None:
        super().__init__()
        self.service = service
        self.lang = lang
        self.query = ""
        self.filters = Filters()
        self.sort_column: int | None = None
        self.sort_descending = False
        self._orders: dict[tuple[str, bool], list[str]] = {}
        self._cache: dict[str, Enterprise] = {}
        self._index: EnterpriseIndex = service.index()
        self._ids: list[str] = self._index.default_order()

    # Qt model interface
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(FIELDS):
            return None
        spec = FIELDS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.header(self.lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.label_with_unit(self.lang)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == ID_ROLE:
            return self._ids[row]
        if role == Qt.ItemDataRole.DisplayRole:
            e = self.enterprise_at(row)
            return "" if e is None else display(e, FIELDS[col], self.lang)
        if role == Qt.ItemDataRole.TextAlignmentRole and is_numeric(FIELDS[col]):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column = column
        self.sort_descending = order == Qt.SortOrder.DescendingOrder
        self._refresh()

    # What the window asks of it
    def enterprise_at(self, row: int) -> Enterprise | None:
        if not 0 <= row < len(self._ids):
            return None
        eid = self._ids[row]
        e = self._cache.get(eid)
        if e is None:
            self._fetch_around(row)
            e = self._cache.get(eid)
        return e

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, enterprise_id: str) -> int | None:
        try:
            return self._ids.index(enterprise_id)
        except ValueError:
            return None

    def set_query(self, query: str) -> None:
        if query != self.query:
            self.query = query
            self._refresh()

    def set_filters(self, filters: Filters) -> None:
        if filters != self.filters:
            self.filters = filters
            self._refresh()

    def reload(self) -> None:
        """After a write: rebuild the index and forget cached rows and orders."""
        self._index = self.service.index()
        self._orders.clear()
        self._cache.clear()
        self._refresh()

    def total(self) -> int:
        return len(self._index)

    def _order(self) -> list[str] | None:
        if self.sort_column is None:
            return None
        key = (FIELDS[self.sort_column].name, self.sort_descending)
        if key not in self._orders:
            self._orders[key] = self.service.order(*key)
        return self._orders[key]

    def _refresh(self) -> None:
        self.beginResetModel()
        self._ids = self._index.search(self.query, self.filters, self._order())
        self.endResetModel()
        self.counts_changed.emit(len(self._ids), len(self._index))

    def _fetch_around(self, row: int) -> None:
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        window = self._ids[max(0, row - _WINDOW_BEFORE) : row + _WINDOW_AFTER]
        missing = [i for i in window if i not in self._cache]
        self._cache.update(self.service.rows(missing))
