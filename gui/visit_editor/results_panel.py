"""The live results beside the questions: a radar of the five area scores, the scores, the
plan's flags and the indicators, each indicator with how it was computed.

Shows an Assessment the domain computed; it computes nothing itself.
"""

from __future__ import annotations

import math
from html import escape

from diagnosis.assessment.assess import Assessment
from diagnosis.assessment.hazards import MAJOR_FLAG
from diagnosis.checklists.units import unit_text
from diagnosis.display import indicator
from diagnosis.messages import Lang
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

AREA_NAMES = {
    "intelligent_manufacturing": ("智能制造", "Intelligent mfg."),
    "energy": ("节能", "Energy"),
    "water": ("节水", "Water"),
    "cleaner_production": ("清洁生产", "Cleaner prod."),
    "safety": ("安全环保", "Safety & env."),
}


def area_name(area: str, lang: Lang) -> str:
    zh, en = AREA_NAMES.get(area, (area, area))
    return zh if lang == "zh" else en


class RadarChart(QWidget):
    """Five spokes, 0-100; the polygon is the visit's scores (unanswered areas at 0)."""

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.scores: dict[str, float | None] = dict.fromkeys(AREA_NAMES)
        self.setMinimumSize(220, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_scores(self, scores: dict[str, float | None]) -> None:
        self.scores = scores
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(self.width() / 2, self.height() / 2 + 6)
        radius = min(self.width(), self.height()) / 2 - 34
        areas = list(AREA_NAMES)
        n = len(areas)

        def point(i: int, fraction: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n
            return QPointF(
                centre.x() + radius * fraction * math.cos(angle),
                centre.y() + radius * fraction * math.sin(angle),
            )

        painter.setPen(QPen(QColor("#c8c8c8"), 1))
        for ring in (0.25, 0.5, 0.75, 1.0):
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(n)]))
        for i in range(n):
            painter.drawLine(centre, point(i, 1.0))
        values = [(self.scores.get(a) or 0.0) / 100 for a in areas]
        painter.setPen(QPen(QColor("#1f6fb2"), 2))
        painter.setBrush(QColor(31, 111, 178, 70))
        painter.drawPolygon(QPolygonF([point(i, v) for i, v in enumerate(values)]))
        painter.setPen(QColor("#333333"))
        for i, area in enumerate(areas):
            p = point(i, 1.18)
            score = self.scores.get(area)
            text = f"{area_name(area, self.lang)} {'—' if score is None else f'{score:.0f}'}"
            painter.drawText(
                QRectF(p.x() - 60, p.y() - 10, 120, 20), Qt.AlignmentFlag.AlignCenter, text
            )
        painter.end()


class ResultsPanel(QWidget):
    """Compact: each part takes the height of what it shows, and a part with nothing to show
    says so in a line or hides, so a visit just begun shows no empty boxes; the rest scrolls."""

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.radar = RadarChart(lang)
        # Each area's progress, score and level in one small table under the radar.
        self.scores = QLabel()
        self.scores.setObjectName("scores")
        self.scores.setTextFormat(Qt.TextFormat.RichText)
        self.maturity = QLabel()
        self.maturity.setObjectName("maturity")
        self.maturity.setWordWrap(True)
        # The safety area's level while a major hidden danger is open: it overrides the
        # score, so the radar's number is never read as the safety state.
        self.safety_level = QLabel()
        self.safety_level.setObjectName("safety_level")
        self.safety_level.setWordWrap(True)
        self.safety_level.setStyleSheet("color: #8a1c1c; font-weight: bold;")
        self.safety_level.hide()
        self.flags = QLabel()
        self.flags.setObjectName("flags")
        self.flags.setWordWrap(True)
        self.indicators = QListWidget()
        self.indicators.setObjectName("indicators")
        self.indicators.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.indicators.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # The figures that cannot be computed yet, by name; why in the tooltip.
        self.missing = QLabel()
        self.missing.setObjectName("missing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #666666;")
        self.explain = QPlainTextEdit()
        self.explain.setObjectName("explain")
        self.explain.setReadOnly(True)
        self.explain.setFixedHeight(150)
        self.explain.hide()  # until an indicator is chosen: never an empty box
        self.hint = QLabel(self.tr("Select an indicator to see how it was computed."))
        self.hint.setObjectName("explain_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666666;")
        self.indicators.currentItemChanged.connect(self._on_indicators_current_item_changed)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel(self.tr("Results"))
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(self.radar)
        layout.addWidget(self.scores)
        layout.addWidget(self.safety_level)
        layout.addWidget(self.maturity)
        layout.addWidget(self.flags)
        layout.addWidget(self.indicators)
        layout.addWidget(self.missing)
        layout.addWidget(self.hint)
        layout.addWidget(self.explain)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("results_scroll")
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Never narrower than what it shows: the splitter stops there rather than cut text.
        scroll.setMinimumWidth(body.minimumSizeHint().width() + 16)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._explanations: dict[str, str] = {}

    def show_assessment(self, a: Assessment) -> None:
        self.radar.set_scores({area: s.score for area, s in a.areas.items()})
        major = next((f for f in a.flags if f.key == MAJOR_FLAG), None)
        if major is not None:
            self.safety_level.setText(
                self.tr("Safety & env.: major hidden danger present ({items})").format(
                    items=", ".join(major.items)
                )
            )
        self.safety_level.setVisible(major is not None)
        self.scores.setText(self._scores_html(a, major is not None))
        self.maturity.setText(self._maturity_text(a))
        self.maturity.setVisible("intelligent_manufacturing" in a.areas)
        if a.flags:
            lines = [
                ("⚠ " if f.urgent else "• ") + (f.reason.zh if self.lang == "zh" else f.reason.en)
                for f in a.flags
            ]
            self.flags.setText("\n".join(lines))
            self.flags.setStyleSheet("color: #8a1c1c;" if any(f.urgent for f in a.flags) else "")
        else:
            self.flags.setText(self.tr("No flag of the plan applies yet."))
            self.flags.setStyleSheet("")
        current = self.indicators.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.indicators.clear()
        self._explanations = {}
        labels = self._labels()
        for key, figure in a.indicators.items():
            label = labels.get(key, key)
            text = f"{label}: {indicator(key, figure.value)} {unit_text(figure.unit, self.lang)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(text)
            self.indicators.addItem(item)
            self._explanations[key] = figure.explain(self.lang)
            if key == keep:
                self.indicators.setCurrentItem(item)
        self._fit_indicators()
        missing = [key for key in labels if key in a.missing and key not in a.indicators]
        if missing:
            self.missing.setText(
                self.tr("Not computed yet: {names}").format(
                    names=", ".join(labels[key] for key in missing)
                )
            )
            self.missing.setToolTip("\n".join(f"{labels[k]}: {a.missing[k]}" for k in missing))
        self.missing.setVisible(bool(missing))
        self._on_indicators_current_item_changed(self.indicators.currentItem(), None)

    def _fit_indicators(self) -> None:
        """As tall as its rows (none: hidden), so a short list leaves no blank box below it."""
        rows = self.indicators.count()
        self.indicators.setVisible(rows > 0)
        if rows:
            row = self.indicators.sizeHintForRow(0)
            frame = 2 * self.indicators.frameWidth()
            self.indicators.setFixedHeight(rows * row + frame + 2)

    def _scores_html(self, a: Assessment, major: bool) -> str:
        """Each area's score and level (the progress is in the editor's list of areas)."""
        rows = []
        for area, score in a.areas.items():
            value = "—" if score.score is None else f"{score.score:.0f}"
            level = ""
            if score.maturity is not None:
                level = (
                    self.tr("below level 1")
                    if score.maturity.level == 0
                    else self.tr("level {n}").format(n=score.maturity.level)
                )
            elif area == "safety" and major:
                level = self.tr("major hidden danger")
            rows.append(
                f"<tr><td>{escape(area_name(area, self.lang))}&nbsp;</td>"
                f"<td align='right'><b>{value}</b>&nbsp;</td><td>{escape(level)}</td></tr>"
            )
        # Outside the f-string: the translation tool does not look inside one.
        area_head, score_head, level_head = self.tr("Area"), self.tr("Score"), self.tr("Level")
        head = (
            f"<tr><th align='left'>{escape(area_head)}</th>"
            f"<th>{escape(score_head)}&nbsp;</th>"
            f"<th align='left'>{escape(level_head)}</th></tr>"
        )
        return f"<table cellspacing='0'>{head}{''.join(rows)}</table>"

    def _maturity_text(self, a: Assessment) -> str:
        """The level by GB/T 39117's rule (every required sub-domain met), as the plan gives it."""
        im = a.areas.get("intelligent_manufacturing")
        m = im.maturity if im is not None else None
        if m is None:
            return self.tr("Maturity (GB/T 39117): not answered yet")
        level = self.tr("below level 1") if m.level == 0 else self.tr("level {n}").format(n=m.level)
        text = self.tr("Maturity (GB/T 39117): {level}").format(level=level)
        if m.indicative:
            text += self.tr(" (indicative)")
        if m.next_level is not None and m.missing:
            text += self.tr("; %n sub-domain(s) short of level {n}", "", len(m.missing)).format(
                n=m.next_level
            )
        return text

    def _labels(self) -> dict[str, str]:
        return {
            "energy.total_tce": self.tr("Total energy (equivalent value)"),
            "energy.total_tce_equal_value": self.tr("Total energy (equal value)"),
            "energy.co2_t": self.tr("CO2 emissions"),
            "energy.intensity_tce_per_10k_yuan": self.tr("Energy intensity"),
            "water.intake_m3": self.tr("Water intake"),
            "water.reuse_rate": self.tr("Water reuse rate"),
            "water.intake_per_10k_yuan": self.tr("Water intake per output"),
        }

    def _on_indicators_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        key = current.data(Qt.ItemDataRole.UserRole) if current else None
        text = self._explanations.get(key, "") if key else ""
        self.explain.setPlainText(text)
        self.explain.setVisible(bool(text))
        self.hint.setVisible(not text and self.indicators.count() > 0)
