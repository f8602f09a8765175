"""The questions answered in one field: a number, free text, a date, and the photo count.

Kept apart from the option-button questions in question_widgets.py, which re-exports these
classes; like every question widget they store nothing and hold no rules.
"""

from __future__ import annotations

from diagnosis.checklists.units import unit_text
from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from gui.visit_editor.question_base import QuestionWidget, read_number, show_number


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
            row.addWidget(QLabel(unit_text(self.item.unit, self.lang)))
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
