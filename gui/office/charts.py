"""Bar charts of the office page, drawn with QPainter (QtCharts is not installed): grouped
bars over categories with a legend, values over the bars and a few grid lines; and the page's
three charts (coverage by district, the pipeline by area, visits by month).

Shows figures the office service computed; it computes none itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from diagnosis.messages import Lang
from diagnosis.office.figures import OfficeFigures
from diagnosis.office.labels import key_label, word
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

PALETTE = ("#1f6fb2", "#f0a030", "#4a9a4a", "#b23b3b")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    color: str


def nice_step(top: float, lines: int = 4) -> float:
    """A round grid step (1, 2 or 5 times a power of ten) giving about ``lines`` lines."""
    if top <= 0:
        return 1.0
    raw = top / lines
    power = float(10.0 ** math.floor(math.log10(raw)))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def short_number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


class BarChart(QWidget):
    """Grouped vertical bars: one group per category, one bar per series."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.empty_text = ""
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, categories: Sequence[str], series: Sequence[Series]) -> None:
        self.categories = list(categories)
        self.series = list(series)
        self.update()

    def top(self) -> float:
        values = [v for s in self.series for v in s.values]
        return max(values, default=0.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        painter.setPen(QColor("#222222"))
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(8, 4, self.width() - 16, line + 2), self.title)
        painter.setFont(self.font())
        self._legend(painter, metrics, line + 8)
        top = self.top()
        if not self.categories or top <= 0:
            painter.setPen(QColor("#777777"))
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        step = nice_step(top)
        top = step * math.ceil(top / step)
        left = 12 + metrics.horizontalAdvance(short_number(top))
        plot = QRectF(left, 2 * line + 22, self.width() - left - 10, 0)
        rotate = self._label_width(metrics) > self._slot(plot.width()) - 4
        label_height = (
            min(max(metrics.horizontalAdvance(c) for c in self.categories), 110) * 0.75 + line
            if rotate
            else line + 6
        )
        if rotate:  # the first label slants left, past the axis: leave it room
            first = min(metrics.horizontalAdvance(self.categories[0]), 110) * 0.72
            shift = max(0.0, first - self._slot(plot.width()) / 2 - plot.left() + 4)
            plot.setLeft(plot.left() + shift)
        plot.setHeight(max(40.0, self.height() - plot.top() - label_height - 6))
        self._grid(painter, plot, top, step)
        self._bars(painter, metrics, plot, top)
        self._labels(painter, metrics, plot, rotate)
        painter.end()

    def _slot(self, width: float) -> float:
        return width / max(1, len(self.categories))

    def _label_width(self, metrics: QFontMetrics) -> int:
        return max((metrics.horizontalAdvance(c) for c in self.categories), default=0)

    def _legend(self, painter: QPainter, metrics: QFontMetrics, y: float) -> None:
        x = 10.0
        for s in self.series:
            painter.fillRect(QRectF(x, y + 3, 12, metrics.height() - 6), QColor(s.color))
            painter.setPen(QColor("#333333"))
            painter.drawText(QRectF(x + 16, y, 400, metrics.height()), s.name)
            x += 16 + metrics.horizontalAdvance(s.name) + 18

    def _grid(self, painter: QPainter, plot: QRectF, top: float, step: float) -> None:
        value = 0.0
        while value <= top + step / 2:
            y = plot.bottom() - plot.height() * value / top
            painter.setPen(QPen(QColor("#e0e0e0"), 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(QColor("#666666"))
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 4, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                short_number(value),
            )
            value += step
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawLine(
            int(plot.left()), int(plot.bottom()), int(plot.right()), int(plot.bottom())
        )

    def _bars(self, painter: QPainter, metrics: QFontMetrics, plot: QRectF, top: float) -> None:
        slot = self._slot(plot.width())
        n = max(1, len(self.series))
        bar = min(40.0, slot * 0.8 / n)
        show_values = bar >= metrics.horizontalAdvance("0000") * 0.6
        for i in range(len(self.categories)):
            start = plot.left() + i * slot + (slot - bar * n) / 2
            for j, s in enumerate(self.series):
                value = s.values[i] if i < len(s.values) else 0.0
                h = plot.height() * value / top
                rect = QRectF(start + j * bar, plot.bottom() - h, bar - 2, h)
                painter.fillRect(rect, QColor(s.color))
                if show_values and value:
                    painter.setPen(QColor("#333333"))
                    painter.drawText(
                        QRectF(rect.left() - 20, rect.top() - metrics.height(), bar + 38, 14),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        short_number(value),
                    )

    def _labels(self, painter: QPainter, metrics: QFontMetrics, plot: QRectF, rotate: bool) -> None:
        slot = self._slot(plot.width())
        painter.setPen(QColor("#333333"))
        for i, label in enumerate(self.categories):
            centre = plot.left() + (i + 0.5) * slot
            if not rotate:
                painter.drawText(
                    QRectF(centre - slot / 2, plot.bottom() + 4, slot, metrics.height()),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
                continue
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, 110)
            painter.save()
            painter.translate(centre + metrics.ascent() / 2, plot.bottom() + 6)
            painter.rotate(-45)
            width = metrics.horizontalAdvance(text)
            painter.drawText(QRectF(-width, -metrics.height(), width, metrics.height()), text)
            painter.restore()


def month_span(months: Sequence[str]) -> list[str]:
    """Every month (YYYY-MM) from the first to the last given: a month without a visit stands
    on the axis at zero, so two bars side by side are always two months in a row."""
    known = sorted(m for m in months if m)
    if not known:
        return []
    year, month = (int(n) for n in known[0].split("-"))
    span: list[str] = []
    while f"{year:04d}-{month:02d}" <= known[-1]:
        span.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return span


def short_district(label: str) -> str:
    """A district's register name as a bar's label, without the "Ningbo " that every zone's
    English name starts with: cut to a bar's width, "Ningbo National Hi-tech Zone" and "Ningbo
    Qianwan New Area" both read "Ningbo". Chinese names are short already."""
    prefix = "Ningbo "
    return label[len(prefix) :] if label.startswith(prefix) else label


class OfficeCharts(QWidget):
    """The charts tab: diagnosed vs target by district, investment by area, visits by month."""

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("office_charts")
        self.lang = lang
        self.district_chart = BarChart(self.tr("Diagnosed vs target by district"))
        self.area_chart = BarChart(self.tr("Accepted measures by area: investment (10k yuan)"))
        self.trend_chart = BarChart(self.tr("Visits by month"))
        for chart in (self.district_chart, self.area_chart, self.trend_chart):
            chart.empty_text = self.tr("No figures yet")
        grid = QGridLayout(self)
        grid.addWidget(self.district_chart, 0, 0)
        grid.addWidget(self.area_chart, 0, 1)
        grid.addWidget(self.trend_chart, 1, 0, 1, 2)

    def show_figures(self, figures: OfficeFigures) -> None:
        rows = figures.coverage["district"]
        self.district_chart.set_data(
            [short_district(key_label("district", r.key, self.lang)) for r in rows],
            [
                Series(
                    word("diagnosed_target", self.lang),
                    tuple(float(r.diagnosed_target) for r in rows),
                    PALETTE[0],
                ),
                Series(word("target", self.lang), tuple(float(r.target) for r in rows), PALETTE[1]),
            ],
        )
        areas = figures.pipeline["area"]
        self.area_chart.set_data(
            [key_label("area", r.key, self.lang) for r in areas],
            [
                Series(
                    word("investment_10k_yuan", self.lang),
                    tuple(r.sums.investment_10k_yuan for r in areas),
                    PALETTE[2],
                )
            ],
        )
        by_month = {m.month: m for m in figures.trend}
        axis = month_span(list(by_month))
        self.trend_chart.set_data(
            axis,
            [
                Series(
                    word("diagnoses", self.lang),
                    tuple(float(by_month[m].diagnoses) if m in by_month else 0.0 for m in axis),
                    PALETTE[0],
                ),
                Series(
                    word("follow_ups", self.lang),
                    tuple(float(by_month[m].follow_ups) if m in by_month else 0.0 for m in axis),
                    PALETTE[3],
                ),
            ],
        )
