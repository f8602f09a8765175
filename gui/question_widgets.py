"""One compact widget per checklist question type, answered from the keyboard first.

A widget shows a stored answer, emits ``answered`` with each committed value and shows the
problem it is given. It stores nothing and holds no rules: ranges and options come from the
checklist item and are checked by ``diagnosis.answers.check_answer``.
"""

from __future__ import annotations

import math
import unicodedata
from typing import ClassVar

from diagnosis.answers import check_answer
from diagnosis.checklist import YES_NO, Item, Option
from diagnosis.messages import Bilingual, Lang
from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

PROBLEM_STYLE = "color: #b3261e;"
MUTED_STYLE = "color: palette(placeholder-text);"
_DIGITS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


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
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    return f"{value:,.10g}" if grouped else f"{value:.10g}"


def with_unit(text: str, unit: str, lang: Lang) -> str:
    if not unit:
        return text
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"


def _label(layout: QVBoxLayout, name: str, text: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    layout.addWidget(label)
    return label


class QuestionWidget(QWidget):
    """The question, its help, the input of its type and a problem line (hidden when none)."""

    answered = Signal(object)  # the committed value; None when cleared

    def __init__(self, item: Item, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # As tall as its content: a page stacks many and must not spread them apart.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.item = item
        self.lang = lang
        self._value: object = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 3, 0, 3)
        layout.setSpacing(2)
        text = with_unit(in_lang(item.text, lang), item.unit, lang)
        self.question = _label(layout, "question", text)
        if item.help is not None:
            self.help = _label(layout, "help", in_lang(item.help, lang), MUTED_STYLE)
        layout.addWidget(self._make_input())
        self.problem = _label(layout, "problem", "", PROBLEM_STYLE)
        self.problem.hide()

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

    def focus_input(self) -> None:
        target = self._focus_target()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_target(self) -> QWidget | None:
        return None

    def _commit(self, value: object) -> None:
        if self._loading or value == self._value:
            return
        self._value = value
        self.answered.emit(value)

    def _problem_of(self, value: object) -> str | None:
        bad = check_answer(self.item, value)
        return None if bad is None else bad.text(self.lang)


class _ButtonsQuestion(QuestionWidget):
    """Radio buttons or checkboxes in a group; one of them is the Tab stop, keys pick options."""

    options: tuple[Option, ...]
    buttons: list[QAbstractButton]
    group: QButtonGroup

    def _place(self, buttons: list[QAbstractButton], horizontal: bool, hint: str) -> QWidget:
        host = QWidget()
        box = QHBoxLayout(host) if horizontal else QVBoxLayout(host)
        box.setContentsMargins(12, 0, 0, 0)
        box.setSpacing(12 if horizontal else 1)
        self.buttons = buttons
        for i, button in enumerate(buttons):
            button.setObjectName(f"option_{self.options[i].value}")
            button.setToolTip(hint)
            button.installEventFilter(self)
            self.group.addButton(button, i)
            box.addWidget(button)
        if horizontal:
            box.addStretch(1)
        self.group.idToggled.connect(self._on_group_id_toggled)
        self._set_tab_stop(buttons[0] if buttons else None)
        return host

    def _set_tab_stop(self, stop: QAbstractButton | None) -> None:
        # One Tab stop per question, as in a native radio group: Tab goes on to the next
        # question, arrows move between options.
        for button in self.buttons:
            policy = Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(policy)

    def _focus_target(self) -> QWidget | None:
        checked = [b for b in self.buttons if b.isChecked()]
        return next(iter(checked or self.buttons), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self.buttons:
            if event.type() == QEvent.Type.FocusIn and isinstance(watched, QAbstractButton):
                self._set_tab_stop(watched)
            elif (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.modifiers() in _PLAIN
                and self._key_pressed(Qt.Key(event.key()))
            ):
                return True
        return super().eventFilter(watched, event)

    def _key_pressed(self, key: Qt.Key) -> bool:
        return False

    def _nth(self, key: Qt.Key) -> int | None:
        """Digit k is the k-th option (1-based; 0 is the tenth)."""
        digit = _DIGITS.get(key)
        if digit is None:
            return None
        n = 9 if digit == 0 else digit - 1
        return n if n < len(self.buttons) else None

    def _on_group_id_toggled(self, index: int, checked: bool) -> None:
        # Single and multiple choice answer a toggle differently; each defines its own.
        raise TypeError(f"{type(self).__name__} does not handle a toggle")


class SingleQuestion(_ButtonsQuestion):
    """One answer out of several radio buttons; Delete or Backspace clears it."""

    horizontal = False

    def _make_input(self) -> QWidget:
        self.options = self.item.options
        self.group = QButtonGroup(self)
        radios: list[QAbstractButton] = [
            QRadioButton(in_lang(o.text, self.lang)) for o in self.options
        ]
        return self._place(radios, self.horizontal, self._keys_hint())

    def _keys_hint(self) -> str:
        return self.tr("Digits pick an option; arrows move; Delete clears.")

    def _on_group_id_toggled(self, index: int, checked: bool) -> None:
        if checked:
            self._commit(self.options[index].value)

    def _pick(self, index: int) -> None:
        button = self.buttons[index]
        button.setChecked(True)
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _clear(self) -> None:
        self.group.setExclusive(False)  # an exclusive group never lets the last button go
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)

    def _key_pressed(self, key: Qt.Key) -> bool:
        if key in _CLEAR_KEYS:
            self._clear()
            self._commit(None)
            return True
        index = self._index_for_key(key)
        if index is None:
            return False
        self._pick(index)
        return True

    def _index_for_key(self, key: Qt.Key) -> int | None:
        values = [o.value for o in self.options]
        if values and all(v.isdigit() for v in values):  # maturity anchors "0".."5"
            digit = _DIGITS.get(key)
            return values.index(str(digit)) if str(digit) in values else None
        return self._nth(key)

    def _show(self, value: object) -> None:
        self._clear()
        for option, button in zip(self.options, self.buttons, strict=True):
            if option.value == value:
                button.setChecked(True)
                self._set_tab_stop(button)


class YesNoQuestion(SingleQuestion):
    """是 / 否 / 不适用 in a row (texts from the checklist); Y, N, A or 1, 2, 3."""

    horizontal = True
    _KEYS: ClassVar[dict[Qt.Key, str]] = {
        **dict(zip((Qt.Key.Key_Y, Qt.Key.Key_N, Qt.Key.Key_A), YES_NO, strict=True)),
        **dict(zip((Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3), YES_NO, strict=True)),
    }

    def _keys_hint(self) -> str:
        return self.tr("Y, N, A or 1, 2, 3 answer yes, no, not applicable; Delete clears.")

    def _index_for_key(self, key: Qt.Key) -> int | None:
        wanted = self._KEYS.get(key)
        values = [o.value for o in self.options]
        return values.index(wanted) if wanted in values else None


class MultipleQuestion(_ButtonsQuestion):
    """Checkboxes; digit k toggles the k-th, arrows move, Space toggles."""

    def _make_input(self) -> QWidget:
        self.options = self.item.options
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        boxes: list[QAbstractButton] = [QCheckBox(in_lang(o.text, self.lang)) for o in self.options]
        hint = self.tr("Digits toggle an option (1 is the first, 0 the tenth); arrows move.")
        return self._place(boxes, False, hint)

    def _key_pressed(self, key: Qt.Key) -> bool:
        index = self._nth(key)
        if index is not None:
            self.buttons[index].toggle()
            self.buttons[index].setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1}
        if key in step:  # checkboxes have no arrow navigation of their own
            current = next((i for i, b in enumerate(self.buttons) if b.hasFocus()), 0)
            target = current + step[key]
            if 0 <= target < len(self.buttons):
                self.buttons[target].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False

    def _on_group_id_toggled(self, index: int, checked: bool) -> None:
        chosen = sorted(
            o.value for o, b in zip(self.options, self.buttons, strict=True) if b.isChecked()
        )
        self._commit(chosen or None)

    def _show(self, value: object) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for option, button in zip(self.options, self.buttons, strict=True):
            button.setChecked(option.value in chosen)


class NumberQuestion(QuestionWidget):
    """A right-aligned field and its unit; Return or leaving the field commits."""

    def _make_input(self) -> QWidget:
        host = QWidget()
        row = QHBoxLayout(host)
        row.setContentsMargins(12, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName("input")
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0") * 18)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        row.addWidget(self.edit)
        if self.item.unit:
            row.addWidget(QLabel(self.item.unit))
        row.addStretch(1)
        return host

    def _focus_target(self) -> QWidget | None:
        return self.edit

    def _on_edit_editing_finished(self) -> None:
        value = read_number(self.edit.text())
        bad = None if value is None else self._problem_of(value)  # names the text or the range
        self.show_problem(bad)
        if bad is None:
            self._commit(value)

    def _show(self, value: object) -> None:
        self.edit.setText(show_number(value))


class TextQuestion(QuestionWidget):
    """A few lines of free text; Tab leaves the field and commits what changed."""

    def _make_input(self) -> QWidget:
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("input")
        self.edit.setTabChangesFocus(True)
        lines = self.edit.fontMetrics().lineSpacing() * 3
        self.edit.setFixedHeight(lines + 2 * self.edit.frameWidth() + 8)
        self.edit.installEventFilter(self)
        return self.edit

    def _focus_target(self) -> QWidget | None:
        return self.edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            text = self.edit.toPlainText()
            value = text if text.strip() else None
            bad = None if value is None else self._problem_of(value)
            self.show_problem(bad)
            if bad is None:
                self._commit(value)
        return super().eventFilter(watched, event)

    def _show(self, value: object) -> None:
        self.edit.setPlainText(value if isinstance(value, str) else "")


class _DateEdit(QDateEdit):
    """Shows "not set" until answered; entering it offers today, so digits can be typed over."""

    confirmed = Signal()  # Return pressed: the date shown is meant, even if it did not change

    def __init__(self, owner: DateQuestion) -> None:
        super().__init__()
        self.owner = owner

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.date() == self.minimumDate():
            self.set_date_quietly(QDate.currentDate())
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)  # commits what was typed first
        if self.owner.value() is None and not self.calendarWidget().isVisible():
            self.set_date_quietly(self.minimumDate())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirmed.emit()

    def set_date_quietly(self, day: QDate) -> None:
        self.blockSignals(True)
        self.setDate(day)
        self.blockSignals(False)


class DateQuestion(QuestionWidget):
    """A date typed as yyyy-MM-dd (or picked in the calendar); emits the ISO date."""

    def _make_input(self) -> QWidget:
        host = QWidget()
        row = QHBoxLayout(host)
        row.setContentsMargins(12, 0, 0, 0)
        self.edit = _DateEdit(self)
        self.edit.setObjectName("input")
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setCalendarPopup(True)
        self.edit.setKeyboardTracking(False)  # one answer when done, not one per digit
        self.edit.setMinimumDate(QDate(1900, 1, 1))  # the "not set" sentinel
        self.edit.setSpecialValueText(self.tr("not set"))
        self.edit.setDate(self.edit.minimumDate())
        self.edit.dateChanged.connect(self._on_edit_date_changed)
        self.edit.confirmed.connect(self._on_edit_confirmed)
        # A click on the day already shown changes nothing, yet it is an answer.
        self.edit.calendarWidget().clicked.connect(self._on_edit_date_changed)
        row.addWidget(self.edit)
        row.addStretch(1)
        return host

    def _focus_target(self) -> QWidget | None:
        return self.edit

    def _on_edit_date_changed(self, day: QDate) -> None:
        if day != self.edit.minimumDate():
            self._commit(day.toString(Qt.DateFormat.ISODate))

    def _on_edit_confirmed(self) -> None:
        self._on_edit_date_changed(self.edit.date())

    def _show(self, value: object) -> None:
        day = QDate.fromString(value, Qt.DateFormat.ISODate) if isinstance(value, str) else QDate()
        self.edit.set_date_quietly(day if day.isValid() else self.edit.minimumDate())


class PhotoQuestion(QuestionWidget):
    """How many photos are attached; photos themselves are added with findings."""

    def _make_input(self) -> QWidget:
        self.count = QLabel()
        self.count.setObjectName("count")
        self.count.setContentsMargins(12, 0, 0, 0)
        self._show(None)
        return self.count

    def _show(self, value: object) -> None:
        n = len(value) if isinstance(value, list) else 0
        self.count.setText(
            self.tr("%n photo(s) attached", "", n)
            + " · "
            + self.tr("Photos are added with findings.")
        )


_TYPES: dict[str, type[QuestionWidget]] = {
    "single": SingleQuestion,
    "yes_no": YesNoQuestion,
    "multiple": MultipleQuestion,
    "number": NumberQuestion,
    "text": TextQuestion,
    "date": DateQuestion,
    "photo": PhotoQuestion,
}


def make_question_widget(item: Item, lang: Lang, parent: QWidget | None = None) -> QuestionWidget:
    if item.type == "table":
        # Imported here: table_question builds on QuestionWidget from this module.
        from gui.table_question import TableQuestion

        return TableQuestion(item, lang, parent)
    return _TYPES[item.type](item, lang, parent)
