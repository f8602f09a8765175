"""The table question: fixed rows (energy carriers, motor classes) by columns, edited cell by cell.

A small model holds the typed cells and refuses a cell that does not fit its column, in the
words of ``diagnosis.checklists.answers``; the widget emits the whole table after each committed
cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from diagnosis.checklists.answers import check_answer
from diagnosis.checklists.format import Column, Item, ItemType, Row
from diagnosis.messages import Lang
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gui.visit_editor.question_base import (
    QuestionWidget,
    in_lang,
    position_key,
    read_number,
    show_number,
    with_unit,
)

AnyIndex = QModelIndex | QPersistentModelIndex
TableValue = dict[str, dict[str, object]]
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
DOUBT_COLOUR = QColor("#ffe08a")  # amber: a warning on the cell, its value kept
_CELL_TYPES: dict[str, ItemType] = {"number": "number", "text": "text", "choice": "single"}


class TableAnswerModel(QAbstractTableModel):
    """Rows and columns of one table item; a cell is a number, a text or a choice value."""

    cell_committed = Signal()
    cell_refused = Signal(str)  # what is wrong, in the chosen language

    def __init__(self, item: Item, lang: Lang, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.lang = lang
        self._cells: dict[tuple[int, int], object] = {}
        self._doubts: dict[tuple[int, int], str] = {}  # cells with a plausibility warning

    def set_doubts(self, cells: Mapping[tuple[str, str], str]) -> None:
        """Mark the cells (row id, column id) a warning is about; the rest unmarked."""
        rows = {r.id: n for n, r in enumerate(self.item.rows)}
        columns = {c.id: n for n, c in enumerate(self.item.columns)}
        marked = {
            (rows[r], columns[c]): text
            for (r, c), text in cells.items()
            if r in rows and c in columns
        }
        if marked == self._doubts:
            return
        self._doubts = marked
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last, [_BACKGROUND, _TOOLTIP])

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.item.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.item.columns)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        column = self.item.columns[index.column()]
        value = self._cells.get((index.row(), index.column()))
        if role == _DISPLAY:
            return self._display(column, value)
        if role == _EDIT:
            if column.kind == "number":
                return show_number(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "number":
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        doubt = self._doubts.get((index.row(), index.column()))
        if doubt is not None and role == _BACKGROUND:
            return DOUBT_COLOUR
        if doubt is not None and role == _TOOLTIP:
            return doubt
        return None

    def _display(self, column: Column, value: object) -> str:
        if value is None:
            return ""
        if column.kind == "number":
            return show_number(value, grouped=True)
        if column.kind == "choice":
            option = next((o for o in column.choices if o.value == value), None)
            return str(value) if option is None else in_lang(option.text, self.lang)
        return str(value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.item.columns):
                column = self.item.columns[section]
                return with_unit(in_lang(column.text, self.lang), column.unit, self.lang)
            return None
        if 0 <= section < len(self.item.rows):
            row = self.item.rows[section]
            return with_unit(in_lang(row.text, self.lang), row.unit, self.lang)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: AnyIndex, value: object, role: int = _EDIT) -> bool:
        if not index.isValid() or role != _EDIT:
            return False
        row = self.item.rows[index.row()]
        column = self.item.columns[index.column()]
        typed = self._read(column, value)
        if typed is not None:
            bad = check_answer(self._cell_item(row, column), typed)
            if bad is not None:
                place = f"{in_lang(row.text, self.lang)} · {in_lang(column.text, self.lang)}"
                self.cell_refused.emit(f"{place}: {bad.text(self.lang)}")
                return False
        key = (index.row(), index.column())
        if self._cells.get(key) == typed:
            return True
        if typed is None:
            self._cells.pop(key, None)
        else:
            self._cells[key] = typed
        self.dataChanged.emit(index, index, [_DISPLAY, _EDIT])
        self.cell_committed.emit()
        return True

    def _read(self, column: Column, value: object) -> object:
        """The cell as typed: None when empty; a choice may be typed by its text."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if column.kind == "number":
            return read_number(text)
        if column.kind == "choice":
            for option in column.choices:
                if text.casefold() in (
                    option.value.casefold(),
                    option.text.zh.casefold(),
                    option.text.en.casefold(),
                ):
                    return option.value
        return text

    def _cell_item(self, row: Row, column: Column) -> Item:
        """The cell as a question of its own, so it is checked (and worded) like one."""
        return Item(
            id=self.item.id,
            type=_CELL_TYPES[column.kind],
            text=column.text,
            section=self.item.section,
            options=column.choices,
            unit=column.unit or row.unit,
            minimum=column.minimum,
            maximum=column.maximum,
        )

    def value(self) -> TableValue | None:
        table: TableValue = {}
        for (r, c), cell in sorted(self._cells.items()):
            table.setdefault(self.item.rows[r].id, {})[self.item.columns[c].id] = cell
        return table or None

    def set_value(self, value: object) -> None:
        self.beginResetModel()
        self._cells = {}
        if isinstance(value, dict):
            for r, row in enumerate(self.item.rows):
                cells = value.get(row.id)
                if not isinstance(cells, dict):
                    continue
                for c, column in enumerate(self.item.columns):
                    if cells.get(column.id) is not None:
                        self._cells[(r, c)] = cells[column.id]
        self.endResetModel()


class CellDelegate(QStyledItemDelegate):
    """A drop-down for choice columns; the usual line editor for numbers and text."""

    def __init__(self, item: Item, lang: Lang, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.lang = lang

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        column = self.item.columns[index.column()]
        if column.kind != "choice":
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItem("", "")  # empties the cell
        for n, choice in enumerate(column.choices):
            # The key shown first, as beside a question's options: typing the digit finds
            # the entry (a drop-down's own search by its first character).
            key = position_key(n)
            text = in_lang(choice.text, self.lang)
            combo.addItem(f"{key} · {text}" if key else text, choice.value)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(_EDIT))))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), _EDIT)
            return
        super().setModelData(editor, model, index)


class _TableView(QTableView):
    """Tab moves cell by cell and, past the last cell, on to the next question."""

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        model = self.model()
        current = self.currentIndex()
        if current.isValid() and model is not None:
            last = (model.rowCount() - 1, model.columnCount() - 1)
            at = (current.row(), current.column())
            action = QAbstractItemView.CursorAction
            if (cursorAction == action.MoveNext and at == last) or (
                cursorAction == action.MovePrevious and at == (0, 0)
            ):
                return QModelIndex()  # the view then hands focus on instead of wrapping
        return super().moveCursor(cursorAction, modifiers)


class TableQuestion(QuestionWidget):
    def _make_input(self) -> QWidget:
        self.model = TableAnswerModel(self.item, self.lang, self)
        self.model.cell_committed.connect(self._on_model_cell_committed)
        self.model.cell_refused.connect(self.show_problem)
        self.view = _TableView()
        self.view.setObjectName("input")
        self.view.setModel(self.model)
        self.view.setItemDelegate(CellDelegate(self.item, self.lang, self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        # As tall as its rows, so a page of questions scrolls as one.
        self.view.setFixedHeight(
            self.view.horizontalHeader().sizeHint().height()
            + rows.length()
            + self.view.horizontalScrollBar().sizeHint().height()
            + 2 * self.view.frameWidth()
        )
        return self.view

    def _focus_target(self) -> QWidget | None:
        if not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        return self.view

    def show_doubts(
        self, texts: Sequence[str], cells: Mapping[tuple[str, str], str] | None = None
    ) -> None:
        super().show_doubts(texts, cells)
        self.model.set_doubts(cells or {})

    def _on_model_cell_committed(self) -> None:
        self.show_problem(None)
        self._commit(self.model.value())

    def _show(self, value: object) -> None:
        self.model.set_value(value)
