"""F1: every key of the window it is pressed in, in the UI's language.

Read from what the window has installed at that moment, so the list cannot drift from the
keys: its actions and shortcuts, the Alt keys of the labels, buttons and menus it shows, and
the keys that widgets handle in code, which they declare with ``describe_keys``. Nothing here
changes what a key does; the help window is built on first use (start-up time is a figure).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from html import escape

from diagnosis.messages import Lang
from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

_KEYS_ATTR = "help_keys"  # (key, what it does) pairs a widget handles in its own code
_NATIVE = QKeySequence.SequenceFormat.NativeText


# Called by this name so that pyside6-lupdate finds the words (it does not follow a wrapper).
translate = QCoreApplication.translate


def editor_keys(lang: Lang) -> tuple[tuple[str, str], ...]:
    """The keys of the visit editor's questions, from gui.visit_editor.keys (where the editor binds
    them); those that are actions are read from the window itself and listed once."""
    from gui.visit_editor.keys import EDITOR_KEYS

    return tuple((k.keys, k.text(lang)) for k in EDITOR_KEYS)


def describe_keys(widget: QWidget, keys: Sequence[tuple[str, str]]) -> None:
    """Declare keys ``widget`` handles in code (shown by F1 while the widget is shown)."""
    setattr(widget, _KEYS_ATTR, tuple(keys))


def install(window: QWidget, keys: Sequence[tuple[str, str]] = ()) -> QAction:
    """F1 in ``window`` opens the list of its keys; ``keys`` are handled by the window's code."""
    if keys:
        describe_keys(window, keys)
    action = QAction(translate("KeyHelp", "&Keyboard shortcuts"), window)
    action.setObjectName("shortcuts")
    action.setShortcut(QKeySequence("F1"))
    # A weak reference: the action must not keep a closed, parentless dialog alive.
    ref = weakref.ref(window)
    action.triggered.connect(lambda _checked=False: (w := ref()) is not None and show_keys(w))
    window.addAction(action)
    return action


def plain_text(text: str) -> str:
    """A label or action text without its mnemonic marker ('&&' stays one '&')."""
    text = re.sub(r"\s*\(&[^&]\)", "", text)  # the Chinese style, "导入(&I)"
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _mnemonic(text: str) -> str | None:
    if QtGui.Qt.mightBeRichText(text):  # Qt gives rich text no Alt key
        return None
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1].isalnum():  # "Safety & env." is a literal ampersand
                return text[i + 1].upper()
            i += 1
        i += 1
    return None


def _shown(widget: QWidget | None, window: QWidget) -> bool:
    if widget is None:
        return False
    return widget is window or (widget.window() is window and widget.isVisibleTo(window))


def _widget_of(shortcut: QShortcut) -> QWidget | None:
    parent = shortcut.parent()
    return parent if isinstance(parent, QWidget) else None


def _action_live(action: QAction, window: QWidget) -> bool:
    from PySide6.QtWidgets import QMenu

    for owner in action.associatedObjects():
        if isinstance(owner, QMenu) or (isinstance(owner, QWidget) and _shown(owner, window)):
            return True
    return False


def _live_bindings(window: QWidget) -> list[tuple[str, str]]:
    """(key, what) of every live action and shortcut of ``window``, one per key bound."""
    found: list[tuple[str, str]] = []
    actions = {id(a): a for a in [*window.actions(), *window.findChildren(QAction)]}
    for action in actions.values():
        if _action_live(action, window):
            found += [(k.toString(_NATIVE), plain_text(action.text())) for k in action.shortcuts()]
    for shortcut in window.findChildren(QShortcut):
        if shortcut.isEnabled() and _shown(_widget_of(shortcut), window):
            what = shortcut.whatsThis() or translate("KeyHelp", "(no description)")
            found += [(k.toString(_NATIVE), what) for k in shortcut.keys()]  # noqa: SIM118
    return [(key, what) for key, what in found if key]


def clashes(window: QWidget) -> dict[str, list[str]]:
    """Keys bound twice in ``window`` now: Qt then runs neither (an ambiguous shortcut)."""
    bound: dict[str, list[str]] = {}
    for key, what in _live_bindings(window):
        bound.setdefault(key, []).append(what)
    # One action bound twice to keys the UI writes alike (Return, keypad Enter) is no clash.
    return {key: whats for key, whats in bound.items() if len(set(whats)) > 1}


def keys_of(window: QWidget) -> list[tuple[str, str, str]]:
    """(section, key, what it does) for every key live in ``window`` now, commands first."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar

    commands, here, alt = (
        translate("KeyHelp", "Commands"),
        translate("KeyHelp", "Here"),
        translate("KeyHelp", "Alt keys"),
    )
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()

    def add(section: str, key: str, what: str) -> None:
        # A key a command already takes is not listed again under the page's own keys.
        keys = [k for k in key.split(" / ") if k and k not in seen]
        if keys:
            seen.update(keys)
            rows.append((section, " / ".join(keys), what))

    by_what: dict[str, list[str]] = {}
    for key, what in _live_bindings(window):
        by_what.setdefault(what, []).append(key)
    for what, keys in by_what.items():
        add(commands, " / ".join(dict.fromkeys(keys)), what)
    # A page's own keys before the window's general ones (the findings page's Enter edits).
    for widget in [*window.findChildren(QWidget), window]:
        if _shown(widget, window):
            for key, what in getattr(widget, _KEYS_ATTR, ()):
                add(here, key, what)
    for bar in window.findChildren(QMenuBar):
        for action in bar.actions():
            letter = _mnemonic(action.text())
            if letter and action.isVisible():
                add(
                    alt,
                    f"Alt+{letter}",
                    translate("KeyHelp", "Menu: %1").replace("%1", plain_text(action.text())),
                )
    for label in window.findChildren(QLabel):
        letter = _mnemonic(label.text())
        if letter and _shown(label, window) and label.buddy() is not None:
            add(
                alt,
                f"Alt+{letter}",
                translate("KeyHelp", "Go to: %1").replace("%1", plain_text(label.text())),
            )
    for button in window.findChildren(QAbstractButton):
        letter = _mnemonic(button.text())
        if letter and _shown(button, window):
            add(alt, f"Alt+{letter}", plain_text(button.text()))
    return rows


class KeyHelpDialog(QDialog):
    """The list of a window's keys by section; ``rows`` holds what it shows."""

    def __init__(self, window: QWidget) -> None:
        from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser, QVBoxLayout

        super().__init__(window)
        self.setObjectName("key_help")
        self.rows = keys_of(window)
        title = window.windowTitle().split(" — ")[0]
        self.setWindowTitle(
            translate("KeyHelp", "Keyboard shortcuts") + (f" — {title}" if title else "")
        )
        self.text = QTextBrowser()
        self.text.setObjectName("key_list")
        html, section = [], None
        for part, key, what in self.rows:
            if part != section:
                section = part
                html.append(f'<tr><td colspan="2"><b>{escape(part)}</b></td></tr>')
            html.append(
                f'<tr><td style="padding-right: 16px;">{escape(key)}</td>'
                f"<td>{escape(what)}</td></tr>"
            )
        self.text.setHtml(f"<table>{''.join(html)}</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 620)


def show_keys(window: QWidget) -> KeyHelpDialog:
    """The list for ``window``, window-modal and not blocking (Esc closes it)."""
    dialog = KeyHelpDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.text.setFocus()
    return dialog
