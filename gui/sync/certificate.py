"""The CA certificate of the sync settings: the office server's own certificate (made by
``server cert``), the one file this laptop trusts for https; its fingerprint shown to compare with
the office's, and what a sync refused on the certificate tells the user. Reads no network."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

_PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)
# The sync failures a CA certificate in the settings can mend (storage.sync.transport's codes).
TLS_CODES = ("network.untrusted", "network.cafile")


def certificate_fingerprint(path: str) -> str | None:
    """SHA-256 of the first PEM certificate in the file at ``path`` as ``AB:CD:…`` (what
    ``server cert`` printed on the server machine); None when the file holds no certificate."""
    import ssl  # here: loading OpenSSL is not for the window's start-up

    try:
        text = Path(path).read_text("ascii", errors="replace")[:1_000_000]
        found = _PEM.search(text)
        der = ssl.PEM_cert_to_DER_cert(found.group(0)) if found else None
    except (OSError, ValueError):
        return None
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest()) if der else None


def tls_failure_text(code: str) -> str:
    """What to do about a sync refused on the server's certificate, in the app's language."""
    if code == "network.cafile":
        return QCoreApplication.translate(
            "CertificateField",
            "The CA certificate in Sync settings cannot be used: choose the server.crt file "
            "the office gave you.",
        )
    return QCoreApplication.translate(
        "CertificateField",
        "The server's certificate is not trusted. Choose the certificate file the office gave "
        "you (server.crt) under Sync settings › CA certificate, and compare its fingerprint "
        "with the office's.",
    )


class CertificateField(QWidget):
    """A path with a Choose… button, and the chosen file's fingerprint below it."""

    def __init__(self, saved: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = QLineEdit(saved)
        self.path.setObjectName("sync_cafile")
        self.path.setPlaceholderText(
            self.tr("Only for a server with its own certificate: the office's server.crt")
        )
        self.path.textChanged.connect(self._show_fingerprint)
        choose = QPushButton(self.tr("C&hoose…"))
        choose.setObjectName("sync_cafile_choose")
        choose.clicked.connect(self._choose)
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("sync_cafile_fingerprint")
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.fingerprint)
        self.setFocusProxy(self.path)  # the form label's mnemonic lands in the path
        self._show_fingerprint()

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("The office server's certificate"),
            self.path.text() or str(Path.home()),
            self.tr("Certificates (*.crt *.pem *.cer);;All files (*)"),
        )
        if path:
            self.path.setText(path)

    def _show_fingerprint(self) -> None:
        """The chosen certificate's fingerprint, to compare with the one the office reads out."""
        path = self.path.text().strip()
        found = certificate_fingerprint(path) if path else None
        self.fingerprint.setVisible(bool(path))
        if found:
            self.fingerprint.setText(
                self.tr("SHA-256 fingerprint: %1 (compare it with the office's)").replace(
                    "%1", found
                )
            )
        elif path:
            self.fingerprint.setText(self.tr("This file holds no certificate."))
