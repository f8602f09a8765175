"""The search box and the filters above the register table.

Says what the user asked for (``query_changed``, ``filters_changed``); the window decides what
to do with it. Choices come from the reference lists, labelled in the window's language.
"""

from __future__ import annotations

from diagnosis.messages import Lang
from diagnosis.register.reference_data import register_reference
from diagnosis.register.search import Filters
from diagnosis.register.work_list import WORK_FILTERS, word
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QToolButton, QWidget


class SearchBox(QLineEdit):
    """A line edit ignores Down and PgDown; here they go on to the results, as in a browser.
    (A key handler, not an event filter: a filter would take every event of the box through
    Python, each new kind of event costing PySide a type of its own at start-up.)"""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and not event.modifiers():
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class FilterBar(QWidget):
    query_changed = Signal(str)
    filters_changed = Signal(object)  # Filters
    down_pressed = Signal()  # Down or PgDown in the search box: on to the results

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ref = register_reference()
        self.search = SearchBox()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search name, credit code, address, contact or pinyin initials (Ctrl+F)")
        )
        self.search.textChanged.connect(self.query_changed)
        self.search.down_pressed.connect(self.down_pressed)
        self.district = self._combo(
            "district",
            self.tr("All districts"),
            [(i.code, i.label(lang)) for i in ref.districts.items],
        )
        self.industry = self._combo(
            "industry",
            self.tr("All industries"),
            [(i.code, f"{i.code} {i.label(lang)}") for i in ref.industries.items],
        )
        self.cluster = self._combo(
            "cluster",
            self.tr("All clusters"),
            [(i.code, f"{i.label(lang)} ({i.validity()})") for i in ref.clusters.items],
        )
        self.above = self._combo(
            "above_scale",
            self.tr("Any scale"),
            [(True, self.tr("Above scale")), (False, self.tr("Below scale"))],
        )
        self.willing = self._combo(
            "willing",
            self.tr("Willing or not"),
            [(True, self.tr("Willing")), (False, self.tr("Not willing"))],
        )
        # What the team has to do: firms never visited, a draft open, a follow-up due.
        self.work = self._combo(
            "work",
            self.tr("Any visit state"),
            [(name, word(name, lang)) for name in WORK_FILTERS],
        )
        clear = QToolButton()
        clear.setText(self.tr("Clear filters"))
        clear.setObjectName("clear_filters")
        clear.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 2)  # the filters need their words more than the box its width
        for combo in self.combos():
            layout.addWidget(combo, 1)
        layout.addWidget(clear)

    def combos(self) -> tuple[QComboBox, ...]:
        return (self.district, self.industry, self.cluster, self.above, self.willing, self.work)

    def _combo(self, name: str, everything: str, items: list[tuple[object, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"filter_{name}")
        combo.addItem(everything, None)
        for data, label in items:
            combo.addItem(label, data)
        combo.setMinimumContentsLength(4)  # six filters still fit a 700-pixel window
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.currentIndexChanged.connect(self._on_combo_changed)
        return combo

    def filters(self) -> Filters:
        return Filters(
            district=self.district.currentData(),
            industry=self.industry.currentData(),
            cluster=self.cluster.currentData(),
            above_scale=self.above.currentData(),
            willing=self.willing.currentData(),
            work=self.work.currentData(),
        )

    def clear(self) -> None:
        """Empty search, every filter back to "all": one change signalled, not seven."""
        for combo in self.combos():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self.filters_changed.emit(Filters())

    def _on_combo_changed(self, _index: int) -> None:
        self.filters_changed.emit(self.filters())
