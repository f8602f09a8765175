"""The first-run welcome over an empty register: how to import the district's list (Ctrl+I), add
a firm (Ctrl+N), or try the app on sample data with the demo command for this very store.

Shown by the main window while the store has no enterprise; it runs nothing itself but the
window's own actions, so every key it names does what the menus do.
"""

from __future__ import annotations

import shlex

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def demo_command(db_path: str) -> str:
    """The command that fills this store with sample firms and complete visits."""
    return f"python main.py demo --db {shlex.quote(db_path)}"


def _keys(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


class Welcome(QFrame):
    """Two ways in for a new consultant, each a button with its key, and the demo's command
    ready to copy (the app holds the store open, so the demo runs with the app closed)."""

    def __init__(
        self, db_path: str, import_action: QAction, new_action: QAction, parent: QWidget | None
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
                "To try the app first on sample enterprises with complete visits, close it and "
                "run this command in the app's folder, then start the app again:"
            )
        )
        demo.setWordWrap(True)
        self.command = QLineEdit(demo_command(db_path))
        self.command.setObjectName("welcome_demo_command")
        self.command.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("&Copy command"))
        self.copy_button.setObjectName("welcome_copy")
        self.copy_button.clicked.connect(self.copy_command)
        command_row = QHBoxLayout()
        command_row.addWidget(self.command, 1)
        command_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(demo)
        layout.addLayout(command_row)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def text(self) -> str:
        """Everything the welcome says, buttons included, as one text (for tests and reading)."""
        parts = [label.text() for label in self.findChildren(QLabel)]
        parts += [self.import_button.text(), self.new_button.text(), self.command.text()]
        return "\n".join(parts)

    def copy_command(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.command.text())
        self.copy_button.setText(self.tr("Copied"))
