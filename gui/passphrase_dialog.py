"""Asks for the store's passphrase, where no system keyring keeps its key: a new one (typed
twice) for a new store, or the one set before. Nothing here is saved; the store unwraps its key
with it (storage.keys) and forgets it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

MIN_LENGTH = 8  # storage.keys.MIN_PASSPHRASE


class PassphraseDialog(QDialog):
    """``new``: choose a passphrase (typed twice); else: type the store's passphrase."""

    def __init__(
        self, store: str, *, new: bool, error: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passphrase_dialog")
        self.new = new
        self.setWindowTitle(self.tr("Store passphrase"))
        intro = QLabel()
        intro.setObjectName("passphrase_intro")
        intro.setWordWrap(True)
        if new:
            intro.setText(
                self.tr(
                    "The store %1 is encrypted. This computer has no system keyring to keep its "
                    "key, so choose a passphrase (at least %2 characters): you will type it each "
                    "time the app opens this store, and it opens the store on another computer. "
                    "Nobody can recover it if it is lost."
                )
                .replace("%1", store)
                .replace("%2", str(MIN_LENGTH))
            )
        else:
            intro.setText(
                self.tr("The store %1 is encrypted. Type its passphrase to open it.").replace(
                    "%1", store
                )
            )
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("passphrase_again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(error)
        self.error.setObjectName("passphrase_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(bool(error))
        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        if new:
            form.addRow(self.tr("&Again:"), self.again)
        else:
            self.again.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())
        self.passphrase.setFocus()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.passphrase.setFocus()
        self.passphrase.selectAll()

    def accept(self) -> None:
        text = self.passphrase.text()
        if not text:
            self._refuse(self.tr("Type the passphrase."))
            return
        if self.new and len(text) < MIN_LENGTH:
            self._refuse(
                self.tr("A passphrase needs at least %1 characters.").replace("%1", str(MIN_LENGTH))
            )
            return
        if self.new and text != self.again.text():
            self._refuse(self.tr("The two passphrases differ."))
            return
        super().accept()


def ask_passphrase(store: str, *, new: bool, error: str = "") -> str | None:
    """The passphrase typed, or None if the user gave up."""
    dialog = PassphraseDialog(store, new=new, error=error)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text()
