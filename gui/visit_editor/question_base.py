"""What every question widget builds on: the base class (question, help, input, problem line)
and the helpers that word and read values alike in every question, the table included.

Separate from the concrete types so they can live in several modules without an import cycle
(question_widgets.py re-exports all of it). Like them it stores nothing and holds no rules.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence

from diagnosis.checklists.answers import check_answer
from diagnosis.checklists.format import Item
from diagnosis.checklists.units import unit_text
from diagnosis.messages import Bilingual, Lang
from diagnosis.plain import exact
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

PROBLEM_STYLE = "color: #b3261e;"
# A doubt is a warning, not a refusal: amber, and the value beside it is kept.
DOUBT_STYLE = "color: #7a4a00; background: #fff1cc; border-left: 3px solid #e0a000; padding: 2px;"
MUTED_STYLE = "color: palette(placeholder-text);"
# The question being answered: a tinted row with a bar at its left, strong enough to find at a
# glance on a bright factory floor, whether or not the question has an answer yet.
CURRENT_BACKGROUND = QColor("#e3edfc")
CURRENT_BAR = QColor("#1f5fd1")
CURRENT_BAR_WIDTH = 5
# Drawn like a key cap; no colour of its own, so a read-only question greys it too.
KEY_BADGE_STYLE = "border: 1px solid palette(mid); border-radius: 3px; padding: 0px 3px;"


def in_lang(text: Bilingual, lang: Lang) -> str:
    return text.zh if lang == "zh" else text.en


def read_number(text: str) -> float | str | None:
    """None when empty, the number when readable (full-width digits, 12,000), else the text."""
    typed = text.strip()
    if not typed:
        return None
    cleaned = unicodedata.normalize("NFKC", typed).replace(",", "").replace(" ", "")
    cleaned = cleaned.replace("\u2212", "-")  # the minus sign some input methods send
    if "_" in cleaned:  # float() would read 1_000; a person did not mean that
        return typed
    try:
        value = float(cleaned)
    except ValueError:
        return typed
    return value if math.isfinite(value) else typed


def show_number(value: object, grouped: bool = False) -> str:
    """A stored number as typed back, never in exponent notation (1e+15 reads as nothing)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return ""
    return exact(value, grouped)


def with_unit(text: str, unit: str, lang: Lang) -> str:
    if not unit:
        return text
    unit = unit_text(unit, lang)  # the checklist's unit, read in the UI's language
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"


def position_key(index: int) -> str:
    """The digit that picks the option at ``index``: 1-9, then 0 for the tenth; none after."""
    return str((index + 1) % 10) if index < 10 else ""


def key_badge(key: str) -> QLabel:
    badge = QLabel(key)
    badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
    badge.setMinimumWidth(badge.fontMetrics().horizontalAdvance("W") + 8)
    if key:  # an option past the tenth has no key: the place is kept, the frame is not
        badge.setStyleSheet(KEY_BADGE_STYLE)
    return badge


def _label(layout: QVBoxLayout, name: str, text: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    layout.addWidget(label)
    return label


class QuestionWidget(QWidget):
    """The question, its help, the input of its type, a problem line (a refusal: the value was
    not saved), a doubt line (a warning: the value was saved) and, when the answer failed, the
    offer to make a finding of it; each hidden when there is nothing to say."""

    answered = Signal(object)  # the committed value; None when cleared
    finding_requested = Signal()  # "make a finding from this question"

    def __init__(self, item: Item, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # As tall as its content: a page stacks many and must not spread them apart.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.item = item
        self.lang = lang
        self._value: object = None
        self._loading = False
        self._current = False
        layout = QVBoxLayout(self)
        # Room on the left for the bar that marks the current question.
        layout.setContentsMargins(CURRENT_BAR_WIDTH + 4, 3, 4, 3)
        layout.setSpacing(2)
        text = with_unit(in_lang(item.text, lang), item.unit, lang)
        self.question = _label(layout, "question", text)
        self.help: QLabel | None = None
        if item.help is not None:
            self.help = _label(layout, "help", in_lang(item.help, lang), MUTED_STYLE)
        layout.addWidget(self._make_input())
        self.problem = _label(layout, "problem", "", PROBLEM_STYLE)
        self.problem.hide()
        # Made when first needed: a visit opens with a hundred questions and few doubts.
        self.doubt: QLabel | None = None
        self.make_finding: QPushButton | None = None

    def set_current(self, current: bool) -> None:
        """Mark this question as the one being answered (or no longer)."""
        if current != self._current:
            self._current = current
            self.update()

    def is_current(self) -> bool:
        return self._current

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._current:
            painter = QPainter(self)
            painter.fillRect(self.rect(), CURRENT_BACKGROUND)
            painter.fillRect(0, 0, CURRENT_BAR_WIDTH, self.height(), CURRENT_BAR)
            painter.end()
        super().paintEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        # The help has a muted colour of its own, which a disabled widget keeps: give it the
        # disabled text colour, so a read-only question is greyed whole.
        if event.type() == QEvent.Type.EnabledChange and self.help is not None:
            if self.isEnabled():
                self.help.setStyleSheet(MUTED_STYLE)
            else:
                disabled, role = QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText
                grey = self.palette().color(disabled, role)
                self.help.setStyleSheet(f"color: {grey.name()};")
        super().changeEvent(event)

    def _make_input(self) -> QWidget:
        # Every question type defines its input; the base class is never shown on its own.
        raise TypeError(f"{type(self).__name__} defines no input")

    def _show(self, value: object) -> None:
        """Put ``value`` on screen; signals raised meanwhile are not answers."""

    def value(self) -> object:
        return self._value

    def set_value(self, value: object) -> None:
        self._loading = True
        try:
            self._value = value
            self._show(value)
        finally:
            self._loading = False

    def show_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    def show_doubts(
        self, texts: Sequence[str], cells: Mapping[tuple[str, str], str] | None = None
    ) -> None:
        """The plausibility warnings on this answer; ``cells`` maps the table cells they are
        about, (row, column), to their warning (a table marks them)."""
        if self.doubt is None:
            if not texts:
                return
            self.doubt = QLabel()
            self.doubt.setObjectName("doubt")
            self.doubt.setWordWrap(True)
            self.doubt.setStyleSheet(DOUBT_STYLE)
            self._layout().insertWidget(self._layout().indexOf(self.problem) + 1, self.doubt)
        self.doubt.setText("\n".join(f"⚠ {t}" for t in texts))
        self.doubt.setVisible(bool(texts))

    def doubt_text(self) -> str:
        """The warnings shown beside the answer ('' when none)."""
        return self.doubt.text() if self.doubt is not None and not self.doubt.isHidden() else ""

    def set_failed(self, failed: bool) -> None:
        """Offer "make a finding from this question" while the answer falls short."""
        if self.make_finding is None:
            if not failed:
                return
            button = self.make_finding = QPushButton(self.tr("Make a finding from this question…"))
            button.setObjectName("make_finding")
            button.setToolTip(self.tr("The answer falls short (Ctrl+Shift+N)"))
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab stays on the answers
            button.clicked.connect(self.finding_requested)
            row = QHBoxLayout()
            row.setContentsMargins(12, 0, 0, 0)
            row.addWidget(button)
            row.addStretch(1)
            self._layout().addLayout(row)
        self.make_finding.setVisible(failed)

    def offers_finding(self) -> bool:
        return self.make_finding is not None and not self.make_finding.isHidden()

    def _layout(self) -> QVBoxLayout:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        return layout

    def focus_input(self) -> None:
        target = self._focus_target()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_target(self) -> QWidget | None:
        return None

    def takes_input(self) -> bool:
        """Whether the keyboard can answer this question (a photo count cannot: Enter and F8
        pass over it)."""
        return type(self)._focus_target is not QuestionWidget._focus_target

    def _commit(self, value: object) -> None:
        if self._loading or value == self._value:
            return
        self._value = value
        self.answered.emit(value)

    def _problem_of(self, value: object) -> str | None:
        bad = check_answer(self.item, value)
        return None if bad is None else bad.text(self.lang)
