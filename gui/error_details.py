"""A failure told in the app's language, with the technical text (an errno, an HTTP status, the
server's code) kept behind a "details" button for whoever has to fix it.

The words come from the domain's catalogue (diagnosis.failures); this module only shows them.
"""

from __future__ import annotations

from diagnosis.failures import explain
from diagnosis.messages import Lang
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


def describe(exc: BaseException, lang: Lang, fallback: str = "sync.failed") -> tuple[str, str]:
    """(what to tell the user in ``lang``, the technical detail) for ``exc``."""
    failure = explain(exc, fallback)
    return failure.message.text(lang), failure.detail


def details_button(parent: QWidget | None = None) -> QPushButton:
    """A checkable "Details" button: checked, its owner shows the technical text."""
    button = QPushButton(QCoreApplication.translate("ErrorDetails", "&Details"), parent)
    button.setObjectName("error_details")
    button.setCheckable(True)
    button.setToolTip(
        QCoreApplication.translate("ErrorDetails", "The technical detail, for whoever fixes it")
    )
    return button


def show_error(parent: QWidget | None, title: str, text: str, detail: str) -> QMessageBox:
    """A message box with ``detail`` behind Qt's own "Show Details…" button. Opened, not
    executed: the window goes on (and a test is never stuck on it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error_box")
    if detail:
        box.setDetailedText(detail)
    box.open()
    return box
