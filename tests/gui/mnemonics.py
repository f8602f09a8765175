"""Alt keys as a user meets them, for the GUI tests: every label shown with a mnemonic must have
a buddy that takes the focus, and no two mnemonics live at once in a window may share a letter
(Qt then cycles between them instead of going where the label says)."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar, QWidget


def mnemonic_of(text: str) -> str | None:
    """The letter after a single '&' ('&&' is a literal ampersand); rich text has none."""
    if Qt.mightBeRichText(text):
        return None
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1].isalnum():  # "Safety & env." is a literal ampersand
                return text[i + 1].upper()
            i += 1
        i += 1
    return None


def mnemonic_problems(window: QWidget) -> list[str]:
    """What is wrong with the Alt keys live in ``window`` (its shown widgets and menu bar)."""
    problems: list[str] = []
    owners: dict[str, list[str]] = defaultdict(list)
    for label in window.findChildren(QLabel):
        letter = mnemonic_of(label.text())
        if letter is None or not label.isVisibleTo(window):
            continue
        owners[letter].append(label.text())
        buddy = label.buddy()
        if buddy is None:
            problems.append(f"{label.text()!r}: no buddy")
        elif buddy.focusPolicy() == Qt.FocusPolicy.NoFocus:
            problems.append(f"{label.text()!r}: buddy {type(buddy).__name__} takes no focus")
        elif not buddy.isVisibleTo(window):
            problems.append(f"{label.text()!r}: buddy hidden")
    for button in window.findChildren(QAbstractButton):
        letter = mnemonic_of(button.text())
        if letter is not None and button.isVisibleTo(window):
            owners[letter].append(button.text())
    for bar in window.findChildren(QMenuBar):
        for action in bar.actions():
            letter = mnemonic_of(action.text())
            if letter is not None and action.isVisible():
                owners[letter].append(action.text())
    problems += [f"Alt+{k} clashes: {v}" for k, v in sorted(owners.items()) if len(v) > 1]
    return problems
