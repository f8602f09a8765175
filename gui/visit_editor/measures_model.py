"""The table of a visit's measures: the rules' proposal beside the team's decision, each
edited figure marked with what was proposed; status names in both languages.

A proposal's investment and payback read as ranges, a money saving at a typical price reads
"≈" (an estimate to be verified), a saving whose inputs are missing reads "to be estimated" with
the questions to answer, and a team figure far outside the proposal's range carries a warning.
Shows what the domain's assessment computed; it decides nothing.
"""

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from diagnosis.display import amount, figure
from diagnosis.figures.coefficients import format_number
from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.economics import explain_priority
from diagnosis.measures.estimating.costing import format_range
from diagnosis.measures.proposals import MeasureView
from diagnosis.messages import Lang, Message
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

# The team's vocabulary in both languages, like AREA_NAMES in results_panel.
STATUS_NAMES = {
    "proposed": ("建议", "proposed"),
    "accepted": ("已采纳", "accepted"),
    "rejected": ("已拒绝", "rejected"),
    "planned": ("已计划", "planned"),
    "in_progress": ("实施中", "in progress"),
    "implemented": ("已实施", "implemented"),
    "not_implemented": ("未实施", "not implemented"),
}
CODE, TITLE, STATUS, INVESTMENT, MONEY, TCE, CO2, PAYBACK, PRIORITY = range(9)
NUMERIC = (INVESTMENT, MONEY, TCE, CO2, PRIORITY)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_RED = "color: #b00020;"
_WARN = QColor("#b00020")
Tip = str | Callable[[], str] | None
WARNING = "⚠ "


def status_name(status: str, lang: Lang) -> str:
    zh, en = STATUS_NAMES.get(status, (status, status))
    return zh if lang == "zh" else en


def _num(value: float | None, decimals: int) -> str:
    return amount(value, decimals)


def span(values: tuple[float, float], kind: str) -> str:
    """'3.3–5.5': a range as the plan prints it too (one figure when both ends agree)."""
    return format_range(values, kind)


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _is_kwh(use: EnergyUse) -> bool:
    return use.carrier == "electricity" and use.unit == "kWh"


def _about(warning: Message, col: int) -> bool:
    """Whether a warning on the team's figures is about the figure of column ``col``."""
    field = {INVESTMENT: "investment_10k_yuan", MONEY: "money_saved_yuan"}.get(col)
    return warning.params.get("field") == field


def key_of(v: MeasureView) -> str:
    """How the desk tells decisions apart: the catalogue code, else the custom title."""
    return v.code or v.title()


class MeasuresModel(QAbstractTableModel):
    """The visit's MeasureViews in the assessment's order, each row formatted once."""

    def __init__(self, lang: Lang, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.views: list[MeasureView] = []
        # (text, tooltip) by column; a long explanation is written when first hovered
        self.rows: list[list[tuple[str, Tip]]] = []
        self.warned: list[set[int]] = []  # columns whose figure carries a warning, by row
        self.team: list[set[int]] = []  # columns showing the team's own figure, by row
        self.headers = [
            self.tr("Code"),
            self.tr("Measure"),
            self.tr("Status"),
            self.tr("Investment (10k yuan)"),
            self.tr("Savings (yuan/yr)"),
            self.tr("Energy saved (tce/yr)"),
            self.tr("CO2 avoided (t/yr)"),
            self.tr("Payback (yr)"),
            self.tr("Priority"),
        ]

    def set_views(self, views: list[MeasureView]) -> None:
        self.beginResetModel()
        self.views = list(views)
        self.rows = [self._cells(v) for v in self.views]
        self.warned = [self._warned(v) for v in self.views]
        self.team = [self._team(v) for v in self.views]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.headers[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMERIC:
                return _RIGHT
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        col = index.column()
        text, tip = self.rows[index.row()][col]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if callable(tip):
                tip = tip()
                self.rows[index.row()][col] = (text, tip)
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (*NUMERIC, PAYBACK):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and col in self.warned[index.row()]:
            return QBrush(_WARN)
        bold = col == CODE and tip is not None
        if role == Qt.ItemDataRole.FontRole and (bold or col in self.team[index.row()]):
            font = QFont()  # bold: a compliance measure; italic: the team's figure
            font.setBold(bold)
            font.setItalic(not bold)
            return font
        return None

    def _cells(self, v: MeasureView) -> list[tuple[str, Tip]]:
        econ, m, lang = v.economics, v.measure, self.lang
        compliance = m is not None and m.compliance
        title = v.title(lang) if m is None else (m.title.zh if lang == "zh" else m.title.en)
        return [
            (
                ("⚖ " if compliance else "") + (v.code or "✚"),
                self.tr("Fixes a legal non-compliance") if compliance else None,
            ),
            (title, v.decision.note or None if v.decision else None),
            (status_name(v.status, lang), None),
            self._figure(v, INVESTMENT, v.figures.investment_10k_yuan, 2),
            self._figure(v, MONEY, v.figures.money_saved_yuan, 0),
            self._figure(v, TCE, econ.tce_saved if econ else None, 2),
            self._figure(v, CO2, econ.co2_t if econ else None, 1),
            self._payback(v),
            # formatted as the plan prints it (diagnosis.display), from the same MeasureView
            (figure(v.priority, "priority"), partial(explain_priority, v.priority_terms, lang)),
        ]

    def _missing(self, v: MeasureView) -> str | None:
        """The questions still to answer, when the proposal's saving cannot be estimated."""
        e = v.estimate
        if e is None or not e.needed or "money_saved_yuan" in v.edited:
            return None
        return self.tr("To be estimated: %1").replace("%1", e.missing(self.lang))

    def _payback(self, v: MeasureView) -> tuple[str, Tip]:
        econ, bucket = v.economics, v.payback_bucket or ""
        if v.payback_range is not None:
            e = v.estimate
            lazy = None if e is None else partial(e.explain, self.lang)
            return span(v.payback_range, "payback_years"), lazy
        missing = self._missing(v)
        if v.payback_basis == "typical":
            tip = self.tr("Typical range of the catalogue, not estimated")
            years = v.measure.payback_years if v.measure is not None else None
            text = span((years.min, years.max), "payback_years") if years else bucket
            return "~" + text, tip if missing is None else f"{missing}\n{tip}"
        if econ is not None and econ.payback_years is not None:
            payback = econ.payback_years  # infinite: a saving of nothing never pays back
            text = "∞" if math.isinf(payback) else _num(payback, 1)
            return text, partial(econ.explain, self.lang)
        if missing is not None:
            return self.tr("to be estimated"), missing
        return bucket, None

    @staticmethod
    def _team(v: MeasureView) -> set[int]:
        cols = {INVESTMENT: "investment_10k_yuan", MONEY: "money_saved_yuan"}
        found = {col for col, name in cols.items() if name in v.edited}
        return found | ({TCE, CO2} if "energy_saved" in v.edited else set())

    def _warned(self, v: MeasureView) -> set[int]:
        return {col for col in (INVESTMENT, MONEY) if any(_about(w, col) for w in v.warnings)}

    def _figure(
        self, v: MeasureView, col: int, value: float | None, decimals: int
    ) -> tuple[str, Tip]:
        """A figure in force; the team's own carries the rules' proposal in its tooltip, a
        proposal's investment reads as its range, a money saving at a typical price as '≈'."""
        text = _num(value, decimals)
        if col == INVESTMENT and "." in text:
            text = _trim(text)
        source = "investment_10k_yuan" if col == INVESTMENT else "money_saved_yuan"
        edited = (source if col in (INVESTMENT, MONEY) else "energy_saved") in v.edited
        warnings = [w.text(self.lang) for w in v.warnings if _about(w, col)]
        if edited:
            tip = self.tr("Team's figure; proposed: %1").replace("%1", self.proposed(v, col))
            if warnings:
                return WARNING + text, "\n".join([*warnings, tip])
            return text, tip
        e = v.estimate
        if col == INVESTMENT and v.investment_range is not None and e is not None:
            return span(v.investment_range, "investment_10k_yuan"), partial(e.explain, self.lang)
        if col == MONEY and e is not None and e.money is not None:
            money = e.money
            if e.typical_price:
                note = self.tr("Estimate, to be verified: a typical price stands in for the firm's")
                return "≈" + text, lambda: f"{note}\n{money.explain(self.lang)}"
            return text, partial(money.explain, self.lang)
        if col == MONEY and not text and (missing := self._missing(v)) is not None:
            return self.tr("to be estimated"), missing
        return text, None

    def proposed(self, v: MeasureView, col: int) -> str:
        """The rules' figure: the proposal's investment range or economics, else the
        catalogue's typical investment, else a dash."""
        e = v.estimate
        if col == INVESTMENT and e is not None and e.investment is not None:
            i = e.investment
            return span((i.low_10k_yuan, i.high_10k_yuan), "investment_10k_yuan")
        econ = v.proposal.economics if v.proposal is not None else None
        if econ is not None:
            values = {INVESTMENT: econ.investment_10k_yuan, MONEY: econ.money_saved_yuan}
            value = values.get(col, econ.tce_saved if col == TCE else econ.co2_t)
            if value is not None:
                return format_number(value)
        typical = v.measure.investment if v.measure is not None else None
        if col == INVESTMENT and typical is not None:
            low, high = format_number(typical.min), format_number(typical.max)
            return self.tr("%1–%2 (typical)").replace("%1", low).replace("%2", high)
        return "—"
