"""Where and as whom this laptop syncs: the server address and name in the settings, the token
in the system keyring (or, with no keyring, in the settings file sealed with the store's key,
and the dialog says so). The token is never written in clear. For an office server with its own
self-signed certificate (``server cert``), the CA certificate file the laptop trusts for https.

The keyring package is imported only when a token is read or written, never at start-up; the
token is never shown again once saved, only replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.sync.certificate import CertificateField, certificate_fingerprint

KEYRING_SERVICE = "diagnosis-workbench"
# "settings": sealed with the store's key in the settings file (earlier versions kept it there
# in clear; such a token is sealed the first time it is read).
TokenPlace = Literal["keyring", "settings", ""]


class TokenSealer(Protocol):
    """Seals a short secret with the store's key (main.py gives storage.keys.TextSealer)."""

    def seal(self, text: str) -> str: ...

    def open(self, sealed: str) -> str | None: ...


def normalise_server(text: str) -> str | None:
    """``http(s)://host[:port]`` without a trailing slash, or None when it is not one."""
    text = text.strip().rstrip("/")
    try:
        parts = urlsplit(text)
        port = parts.port  # raises on a port that is not a number in range
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.path or parts.query or parts.fragment or "@" in parts.netloc:
        return None
    host = parts.hostname
    if not (host.startswith("[") or ":" in host) and not all(
        c.isalnum() or c in ".-" for c in host
    ):
        return None
    if port is None and parts.netloc.endswith(":"):
        return None
    return f"{parts.scheme}://{parts.netloc}"


def keyring_backend() -> str | None:
    """The name of a usable system keyring, or None when only the fail backend is there."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring install is the same as none, for us
        return None
    if isinstance(backend, fail.Keyring):
        return None
    return str(getattr(backend, "name", type(backend).__name__))


class SyncSettings:
    """The sync settings of this user: read and saved, the token wherever it can be kept."""

    SERVER_KEY = "sync/server"
    USER_KEY = "sync/user"
    TOKEN_KEY = "sync/token"  # only when no keyring is available
    PLACE_KEY = "sync/token_place"
    CAFILE_KEY = "sync/cafile"

    def __init__(self, settings: QSettings, sealer: TokenSealer | None = None) -> None:
        """``sealer``: the store's, to keep the token in the settings file where there is no
        keyring; without one (and no keyring) no token can be saved."""
        self.settings = settings
        self.sealer = sealer

    def _text(self, key: str) -> str:
        value = self.settings.value(key, "")
        return str(value) if value else ""

    def server(self) -> str:
        return self._text(self.SERVER_KEY)

    def user(self) -> str:
        return self._text(self.USER_KEY)

    def cafile(self) -> str:
        """The certificate file trusted for an https server ("": the public authorities)."""
        return self._text(self.CAFILE_KEY)

    def token_place(self) -> TokenPlace:
        place = self._text(self.PLACE_KEY)
        return place if place in ("keyring", "settings") else ""  # type: ignore[return-value]

    def settings_file(self) -> str:
        return self.settings.fileName()

    def token(self) -> str:
        """The saved token ("" when there is none or the keyring no longer has it)."""
        place, server = self.token_place(), self.server()
        if place == "settings":
            kept = self._text(self.TOKEN_KEY)
            if self.sealer is None:
                return ""
            token = self.sealer.open(kept)
            if token is None and kept and not kept.startswith("sealed:"):
                token = kept  # an earlier version's token, in clear: sealed from now on
                self.settings.setValue(self.TOKEN_KEY, self.sealer.seal(token))
                self.settings.sync()
            return token or ""
        if place == "keyring" and server:
            try:
                import keyring

                return keyring.get_password(KEYRING_SERVICE, server) or ""
            except Exception:
                return ""
        return ""

    def configured(self) -> bool:
        return bool(self.server() and self.token_place())

    def save(self, server: str, user: str, new_token: str, cafile: str | None = None) -> TokenPlace:
        """Save the address and name; ``new_token`` replaces the token ("" keeps the saved one,
        moved to the new address); ``cafile`` replaces the CA certificate's path (None keeps
        it). Returns where the token is now kept."""
        old_server, old_place = self.server(), self.token_place()
        token = new_token.strip() or self.token()
        place: TokenPlace = ""
        if token:
            place = "keyring" if self._into_keyring(server, token) else "settings"
            if place == "keyring":
                self.settings.remove(self.TOKEN_KEY)  # no copy left in the clear
                if old_place == "keyring" and old_server and old_server != server:
                    self._forget_in_keyring(old_server)
            elif self.sealer is not None:
                self.settings.setValue(self.TOKEN_KEY, self.sealer.seal(token))
                if old_place == "keyring" and old_server:
                    self._forget_in_keyring(old_server)
            else:  # nowhere to keep it but in clear: not kept
                place = ""
        self.settings.setValue(self.SERVER_KEY, server)
        self.settings.setValue(self.USER_KEY, user.strip())
        if cafile is not None:
            self.settings.setValue(self.CAFILE_KEY, cafile)
        self.settings.setValue(self.PLACE_KEY, place)
        self.settings.sync()
        return place

    @staticmethod
    def _into_keyring(server: str, token: str) -> bool:
        if keyring_backend() is None:
            return False
        try:
            import keyring

            keyring.set_password(KEYRING_SERVICE, server, token)
        except Exception:  # locked or refused: the settings file still works
            return False
        return True

    @staticmethod
    def _forget_in_keyring(server: str) -> None:
        try:
            import keyring

            keyring.delete_password(KEYRING_SERVICE, server)
        except Exception:
            pass  # nothing there, or the keyring refuses: the stale entry does no harm


class SyncSettingsDialog(QDialog):
    """Server address, your name, the token (says where it is kept) and the CA certificate."""

    def __init__(self, store: SyncSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_settings")
        self.store = store
        self.saved_place: TokenPlace = ""
        self.backend = keyring_backend()
        self.setWindowTitle(self.tr("Sync settings"))
        self.server = QLineEdit(store.server())
        self.server.setObjectName("sync_server")
        self.server.setPlaceholderText("https://sync.example.org:8443")
        self.user = QLineEdit(store.user())
        self.user.setObjectName("sync_user")
        self.user.setPlaceholderText(self.tr("How your changes are signed, e.g. 王工"))
        self.token = QLineEdit()
        self.token.setObjectName("sync_token")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_state = QLabel()
        self.token_state.setObjectName("sync_token_state")
        self.token_state.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("sync_token_note")
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("sync_settings_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Server &address:"), self.server)
        form.addRow(self.tr("Your &name:"), self.user)
        form.addRow(self.tr("Token:"), self.token_state)
        token_label = self.tr("&Replace token:") if store.token_place() else self.tr("&Token:")
        form.addRow(token_label, self.token)
        self.certificate = CertificateField(store.cafile())
        self.cafile = self.certificate.path
        form.addRow(self.tr("CA certi&ficate:"), self.certificate)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._show_token_state()
        self.resize(520, self.sizeHint().height())
        (self.server if not store.server() else self.token).setFocus()

    def _show_token_state(self) -> None:
        place = self.store.token_place()
        if place == "keyring":
            self.token_state.setText(
                self.tr("Saved in the system keyring (%1).").replace("%1", self.backend or "?")
            )
        elif place == "settings":
            self.token_state.setText(
                self.tr("Saved in the settings file %1, encrypted with this store's key.").replace(
                    "%1", self.store.settings_file()
                )
            )
        else:
            self.token_state.setText(self.tr("None saved yet."))
        self.token.setPlaceholderText(
            self.tr("Leave empty to keep the saved token")
            if place
            else self.tr("Paste the token the office gave you")
        )
        if self.backend is None:  # the token goes into a file, sealed with the store's key
            self.note.setStyleSheet("color: #555;")
            self.note.setText(
                self.tr(
                    "No system keyring is available: the token will be stored in the settings "
                    "file %1, encrypted with this store's key."
                ).replace("%1", self.store.settings_file())
            )
        else:
            self.note.setStyleSheet("color: #555;")
            self.note.setText(
                self.tr("The token will be stored in the system keyring (%1).").replace(
                    "%1", self.backend
                )
            )
            self.note.setVisible(place != "keyring")  # the line above already says so

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.error.setText(text)
        self.error.show()
        field.setFocus()
        field.selectAll()

    def accept(self) -> None:
        server = normalise_server(self.server.text())
        if server is None:
            self._refuse(
                self.tr(
                    "The server address must look like https://host or http://host:port (no path)."
                ),
                self.server,
            )
            return
        if not self.token.text().strip() and not self.store.token_place():
            self._refuse(self.tr("Paste the token the office gave you."), self.token)
            return
        cafile = self.cafile.text().strip()
        if cafile:
            cafile = str(Path(cafile).expanduser().absolute())
            if certificate_fingerprint(cafile) is None:
                self._refuse(
                    self.tr(
                        "The CA certificate must be the certificate file the office gave you "
                        "(server.crt)."
                    ),
                    self.cafile,
                )
                return
            if not server.startswith("https://"):
                self._refuse(
                    self.tr("A CA certificate is used only with an https:// server address."),
                    self.server,
                )
                return
        self.saved_place = self.store.save(
            server, self.user.text(), self.token.text(), cafile=cafile
        )
        self.token.clear()
        super().accept()


def token_place_text(place: TokenPlace, store: SyncSettings) -> str:
    """A status-bar line after saving: where the token went."""
    from PySide6.QtCore import QCoreApplication

    if place == "keyring":
        return QCoreApplication.translate(
            "SyncSettingsDialog", "Sync settings saved; the token is in the system keyring."
        )
    if place == "settings":
        return QCoreApplication.translate(
            "SyncSettingsDialog",
            "Sync settings saved; the token is in the settings file %1, encrypted.",
        ).replace("%1", store.settings_file())
    return QCoreApplication.translate(
        "SyncSettingsDialog", "Sync settings saved; the token could not be kept."
    )
