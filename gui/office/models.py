"""Tables of the office page: each column says how it reads a row and which enterprises stand
behind its number (a drill: the ``OfficeService.drill`` arguments), and a view where
double-click or Enter on a number asks for them.

Shows the figures the office service computed; it counts nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from diagnosis.messages import Lang
from diagnosis.office.figures import (
    CoverageRow,
    MemberRow,
    OfficeFigures,
    OfficeFilter,
    PipelineRow,
    ProgressPoint,
    RealisedSavings,
    Sums,
    TargetRow,
)
from diagnosis.office.labels import dimension_label, key_label, word
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.rows_model import RowsModel

T = TypeVar("T")


@dataclass(frozen=True)
class Drill:
    """What ``OfficeService.drill`` is asked; ``year``: a year other than the filter's."""

    dimension: str
    key: str | None = None
    measure: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    text: Callable[[T], str]
    drill: Callable[[T], Drill | None] | None = None
    numeric: bool = True


class FiguresModel(RowsModel[T]):
    """Rows of figures; numbers right-aligned, a drillable number says so in its tooltip."""

    def __init__(self, columns: Sequence[Column[T]], drill_hint: str = "") -> None:
        self.columns = list(columns)
        super().__init__([c.header for c in columns], self._texts)
        self.drill_hint = drill_hint

    def _texts(self, row: T) -> list[str]:
        return [c.text(row) for c in self.columns]

    def drill_at(self, index: QModelIndex | QPersistentModelIndex) -> Drill | None:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        column = self.columns[index.column()]
        return column.drill(self.rows[index.row()]) if column.drill else None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.columns[index.column()].numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.drill_hint if self.drill_at(index) is not None else ""
        return super().data(index, role)

    def label_of(self, index: QModelIndex | QPersistentModelIndex) -> str:
        """A drill's caption: the row's first cell and the column's heading."""
        first = self.columns[0].text(self.rows[index.row()])
        return f"{first} · {self.headers[index.column()]}"


class FiguresView(QTableView):
    """A figures table: Tab leaves it (to the next table), Enter or a double-click on a
    number emits ``drill_requested`` with what it drills into and a caption."""

    drill_requested = Signal(object, str)  # Drill, caption

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.doubleClicked.connect(self._on_self_double_clicked)

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        # The row's name takes the room left; numbers keep their width, beside it.
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def figures(self) -> FiguresModel[Any]:
        model = self.model()
        assert isinstance(model, FiguresModel)
        return model

    def drill_current(self) -> bool:
        index = self.currentIndex()
        drill = self.figures().drill_at(index)
        if drill is None:
            return False
        self.drill_requested.emit(drill, self.figures().label_of(index))
        return True

    def _on_self_double_clicked(self, _index: QModelIndex) -> None:
        self.drill_current()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.drill_current():
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: Any) -> None:
        # Arriving by Tab lands on the first number (not the row's name), so Enter drills.
        super().focusInEvent(event)
        model, current = self.model(), self.currentIndex()
        if model is None or model.rowCount() == 0 or model.columnCount() < 2:
            return
        if not current.isValid() or current.column() == 0:
            self.setCurrentIndex(model.index(max(0, current.row()), 1))


def count(value: int) -> str:
    return f"{value:,}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def amount(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


# The columns of each table. Headings are the office's own words (diagnosis.office.labels),
# so a figure is named here as in the Excel report and the command line.
def _label(dimension: str, key: str | None, lang: Lang) -> str:
    return word("total", lang) if dimension == "total" else key_label(dimension, key, lang)


def coverage_columns(dimension: str, lang: Lang) -> list[Column[CoverageRow]]:
    def drill(measure: str) -> Callable[[CoverageRow], Drill]:
        return lambda r: Drill(r.dimension, r.key, measure)

    def number(measure: str) -> Column[CoverageRow]:
        return Column(word(measure, lang), lambda r: count(getattr(r, measure)), drill(measure))

    return [
        Column(
            dimension_label(dimension, lang),
            lambda r: _label(r.dimension, r.key, lang),
            numeric=False,
        ),
        *(number(m) for m in ("enterprises", "above_scale", "target", "diagnosed")),
        number("diagnosed_target"),
        Column(word("share", lang), lambda r: percent(r.share)),
    ]


YearRow = tuple[ProgressPoint, "CoverageRow | None"]


def progress_columns(lang: Lang) -> list[Column[YearRow]]:
    def diagnosed(measure: str) -> Column[YearRow]:
        return Column(
            word(measure, lang),
            lambda r: count(getattr(r[1], measure)) if r[1] else "—",
            lambda r: Drill("year", str(r[0].year), measure) if r[1] else None,
        )

    return [
        Column(word("year", lang), lambda r: str(r[0].year), numeric=False),
        diagnosed("diagnosed"),
        diagnosed("diagnosed_target"),
        Column(word("first_diagnosed", lang), lambda r: count(r[0].first_diagnosed)),
        Column(word("cumulative", lang), lambda r: count(r[0].cumulative)),
        Column(
            word("target", lang),
            lambda r: count(r[0].target),
            lambda _r: Drill("total", None, "target"),
        ),
        Column(word("share", lang), lambda r: percent(r[0].share)),
    ]


def member_columns(lang: Lang) -> list[Column[MemberRow]]:
    by_member: Callable[[MemberRow], Drill] = lambda r: Drill("member", r.member)  # noqa: E731
    return [
        Column(word("member", lang), lambda r: r.member, numeric=False),
        Column(word("visits", lang), lambda r: count(r.visits), by_member),
        Column(word("diagnoses", lang), lambda r: count(r.diagnoses)),
        Column(word("follow_ups", lang), lambda r: count(r.follow_ups)),
        Column(word("enterprises", lang), lambda r: count(r.enterprises), by_member),
    ]


def pipeline_columns(dimension: str, lang: Lang) -> list[Column[PipelineRow]]:
    def drill(r: PipelineRow) -> Drill | None:
        if r.dimension != "total":
            return Drill(f"pipeline.{r.dimension}", r.key)
        return Drill("accepted") if dimension in ("area", "category", "district") else None

    def sums(name: str, digits: int) -> Column[PipelineRow]:
        return Column(word(name, lang), lambda r: amount(getattr(r.sums, name), digits))

    first = dimension_label(dimension, lang) if dimension == "district" else word(dimension, lang)
    return [
        Column(first, lambda r: _label(r.dimension, r.key, lang), numeric=False),
        Column(word("count", lang), lambda r: count(r.sums.count), drill),
        sums("investment_10k_yuan", 1),
        sums("money_saved_yuan", 0),
        sums("tce", 1),
        sums("co2_t", 1),
        sums("water_m3", 0),
    ]


def target_columns(lang: Lang) -> list[Column[TargetRow]]:
    def target(r: TargetRow) -> str:
        if r.target is None:
            return "—"
        return count(r.target) if r.stated else f"{r.target:,} ({word('target_carried', lang)})"

    return [
        Column(word("kind", lang), lambda r: key_label("kind", r.kind, lang), numeric=False),
        Column(word("year", lang), lambda r: str(r.year), numeric=False),
        Column(
            word("count", lang),
            lambda r: count(r.count),
            lambda r: Drill("kind", r.kind, year=r.year),
        ),
        Column(word("target_value", lang), target),
        Column(word("target_share", lang), lambda r: percent(r.share)),
    ]


def realised_columns(lang: Lang) -> list[Column[RealisedSavings]]:
    return [
        Column(
            word("realised_measures", lang),
            lambda r: count(r.measures),
            lambda _r: Drill("realised"),
        ),
        Column(word("projected_money_yuan", lang), lambda r: amount(r.projected_money_yuan, 0)),
        Column(word("realised_money_yuan", lang), lambda r: amount(r.realised_money_yuan, 0)),
        Column(word("money_ratio", lang), lambda r: percent(r.money_ratio)),
        Column(word("projected_tce", lang), lambda r: amount(r.projected_tce, 1)),
        Column(word("realised_tce", lang), lambda r: amount(r.realised_tce, 1)),
    ]


class DrillDialog(QDialog):
    """The enterprises behind a number; Enter or a double-click on one chooses it."""

    chosen = Signal(str)

    def __init__(
        self, caption: str, rows: list[tuple[str, str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("office_drill")
        self.setWindowTitle(self.tr("Enterprises behind the figure"))
        self.model: RowsModel[tuple[str, str, str]] = RowsModel(
            [self.tr("Name"), self.tr("Credit code")], lambda r: (r[1], r[2])
        )
        self.model.set_rows(rows)
        self.table = QTableView()
        self.table.setObjectName("office_drill_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.activated.connect(lambda index: self._choose(index.row()))
        heading = QLabel(
            self.tr(
                "%1: %Ln enterprise(s). Enter opens one in the register.", "", len(rows)
            ).replace("%1", caption)
        )
        heading.setObjectName("office_drill_heading")
        heading.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 420)
        if rows:
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.chosen.emit(self.model.rows[row][0])
            self.accept()


def pipeline_total(rows: Sequence[PipelineRow]) -> Sums:
    fields = ("count", "investment_10k_yuan", "money_saved_yuan", "tce", "co2_t", "water_m3")
    return Sums(**{f: sum(getattr(r.sums, f) for r in rows) for f in fields})


FILTERS = ("year", "district", "industry", "cluster")


class OfficeFilterBar(QWidget):
    """Year, district, industry division and cluster; the choices are the keys the figures
    have shown so far (never dropped, so narrowing one filter keeps the others' choices)."""

    changed = Signal()

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        captions = {
            "year": self.tr("&Year:"),
            "district": self.tr("&District:"),
            "industry": self.tr("&Industry division:"),
            "cluster": self.tr("Cl&uster:"),
        }
        self.combos: dict[str, QComboBox] = {}
        for name in FILTERS:
            combo = self.combos[name] = QComboBox()
            combo.setObjectName(f"office_{name}")
            combo.addItem(word("all", lang), None)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            label = QLabel(captions[name])
            label.setBuddy(combo)
            row.addWidget(label)
            row.addWidget(combo)
        row.addStretch(1)

    def current(self) -> OfficeFilter:
        year = self.combos["year"].currentData()
        return OfficeFilter(
            int(year) if year else None, *(self.combos[n].currentData() for n in FILTERS[1:])
        )

    def add_keys(self, figures: OfficeFigures) -> None:
        keys: dict[str, set[str]] = {
            "year": {str(p.year) for p in figures.progress} | {m.month[:4] for m in figures.trend},
            **{d: {r.key for r in figures.coverage[d] if r.key} for d in FILTERS[1:]},
        }
        for name, found in keys.items():
            combo = self.combos[name]
            have = {combo.itemData(i) for i in range(1, combo.count())}
            if found <= have:
                continue
            combo.blockSignals(True)
            current = combo.currentData()
            while combo.count() > 1:
                combo.removeItem(1)
            for key in sorted(have | found):
                combo.addItem(key if name == "year" else key_label(name, key, self.lang), key)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)
