"""The first-run welcome over an empty register: how to import the district's list (Ctrl+I), add
a firm (Ctrl+N), or open the demo: a store of sample firms and complete visits beside this one.

Shown by the main window while the store has no enterprise; it runs nothing itself but the
window's own actions, so every key it names does what the menus do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _keys(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


class Welcome(QFrame):
    """Three ways in for a new consultant, each a button: import the register, add a firm, or
    open the demo (``open_demo``: the window's request; the demo is its own store, so sample
    firms never mix with real ones)."""

    def __init__(
        self,
        import_action: QAction,
        new_action: QAction,
        open_demo: Callable[[], None],
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(self.tr("Welcome: the register is empty"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        intro = QLabel(
            self.tr(
                "Import the list of enterprises your district handed you (.xlsx or .csv), or "
                "add an enterprise by hand. You can also drop the file on this window."
            )
        )
        intro.setWordWrap(True)
        self.import_button = QPushButton(
            self.tr("&Import register… (%1)").replace("%1", _keys(import_action))
        )
        self.import_button.setObjectName("welcome_import")
        self.import_button.clicked.connect(import_action.trigger)
        self.new_button = QPushButton(
            self.tr("Add an &enterprise (%1)").replace("%1", _keys(new_action))
        )
        self.new_button.setObjectName("welcome_new")
        self.new_button.clicked.connect(new_action.trigger)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        demo = QLabel(
            self.tr(
                "Or try the app first on sample enterprises with complete visits: the demo "
                "opens as a store of its own, and File ▸ Open database… returns to this one."
            )
        )
        demo.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("Open the &demo"))
        self.demo_button.setObjectName("welcome_demo")
        self.demo_button.clicked.connect(open_demo)
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_button)
        demo_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(demo)
        layout.addLayout(demo_row)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def text(self) -> str:
        """Everything the welcome says, buttons included, as one text (for tests and reading)."""
        parts = [label.text() for label in self.findChildren(QLabel)]
        parts += [self.import_button.text(), self.new_button.text(), self.demo_button.text()]
        return "\n".join(parts)

    def set_demo_busy(self, busy: bool) -> None:
        """While the demo is being filled: its button says so and cannot be pressed twice."""
        self.demo_button.setEnabled(not busy)
        self.demo_button.setText(
            self.tr("Filling the demo…") if busy else self.tr("Open the &demo")
        )
