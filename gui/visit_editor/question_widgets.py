"""One compact widget per checklist question type, answered from the keyboard first.

A widget shows a stored answer, emits ``answered`` with each committed value and shows the
problem it is given. It stores nothing and holds no rules: ranges and options come from the
checklist item and are checked by ``diagnosis.checklists.answers.check_answer``.

This module holds the option-button questions and ``make_question_widget``, and re-exports the
base class (question_base.py) and the one-field questions (field_questions.py).
"""

from __future__ import annotations

from typing import ClassVar

from diagnosis.checklists.format import YES_NO, Item, Option
from diagnosis.messages import Lang
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.visit_editor.field_questions import (
    DateQuestion,
    NumberQuestion,
    PhotoQuestion,
    TextQuestion,
)
from gui.visit_editor.question_base import (
    QuestionWidget,
    in_lang,
    key_badge,
    position_key,
    read_number,
    show_number,
    with_unit,
)
from gui.visit_editor.table_question import TableQuestion

__all__ = [
    "DateQuestion",
    "MultipleQuestion",
    "NumberQuestion",
    "PhotoQuestion",
    "QuestionWidget",
    "SingleQuestion",
    "TextQuestion",
    "YesNoQuestion",
    "in_lang",
    "make_question_widget",
    "position_key",
    "read_number",
    "show_number",
    "with_unit",
]

_DIGITS = {getattr(Qt.Key, f"Key_{d}"): d for d in range(10)}
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


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
        self.badges: list[QLabel] = []
        for i, button in enumerate(buttons):
            button.setObjectName(f"option_{self.options[i].value}")
            button.setToolTip(hint)
            button.installEventFilter(self)
            self.group.addButton(button, i)
            # The key that picks the option, beside it, so nobody has to guess the rule.
            badge = key_badge(self._key_of(i))
            badge.setObjectName(f"key_{self.options[i].value}")
            self.badges.append(badge)
            pair = QHBoxLayout()
            pair.setSpacing(4)
            pair.addWidget(badge)
            pair.addWidget(button)
            if not horizontal:
                pair.addStretch(1)
            box.addLayout(pair)
        if horizontal:
            box.addStretch(1)
        self.group.idToggled.connect(self._on_group_id_toggled)
        self._set_tab_stop(buttons[0] if buttons else None)
        return host

    def _key_of(self, index: int) -> str:
        """The key shown beside option ``index``: its position (1-9, then 0 for the tenth)."""
        return position_key(index)

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
        # By position on every question, maturity anchors "0".."5" included: the key shown
        # beside an option is the key that picks it.
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
    _LETTERS: ClassVar[dict[str, Qt.Key]] = dict(
        zip(YES_NO, (Qt.Key.Key_Y, Qt.Key.Key_N, Qt.Key.Key_A), strict=True)
    )

    def _keys_hint(self) -> str:
        return self.tr("Y, N, A or 1, 2, 3 answer yes, no, not applicable; Delete clears.")

    def _key_of(self, index: int) -> str:
        letter = self._LETTERS.get(self.options[index].value)
        return position_key(index) if letter is None else chr(letter.value)

    def _index_for_key(self, key: Qt.Key) -> int | None:
        values = [o.value for o in self.options]
        for value, letter in self._LETTERS.items():
            if key == letter and value in values:
                return values.index(value)
        return self._nth(key)  # digits by position, as on every choice question


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


_TYPES: dict[str, type[QuestionWidget]] = {
    "single": SingleQuestion,
    "yes_no": YesNoQuestion,
    "multiple": MultipleQuestion,
    "number": NumberQuestion,
    "text": TextQuestion,
    "date": DateQuestion,
    "photo": PhotoQuestion,
    "table": TableQuestion,
}


def make_question_widget(item: Item, lang: Lang, parent: QWidget | None = None) -> QuestionWidget:
    return _TYPES[item.type](item, lang, parent)
