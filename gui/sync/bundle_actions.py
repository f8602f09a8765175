"""The Sync menu's offline bundle (docs/sync.md), loaded when first used: choosing the file, then
a dialog that exports a request or imports a reply in a worker and says what came of it.

Writing and applying bundles is the bundle service's (diagnosis.sync.ports), on a store
connection of its own; a failure is shown here with its reason, never in a message box.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Literal

from diagnosis.messages import Lang
from diagnosis.sync.ports import BundleService, SyncError, SyncService, SyncSummary
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from gui.sync.dialog import SyncDialog
from gui.workers import WorkerSignals, start

FOLDER_KEY = "sync/bundle_folder"
BundleKind = Literal["export", "import"]


def _folder(settings: QSettings) -> Path:
    value = settings.value(FOLDER_KEY, "")
    return Path(str(value)) if value else Path.home()


def choose_export_path(parent: QWidget, settings: QSettings) -> Path | None:
    """Where to write the request bundle (a .zip), or None when the user cancelled."""
    from PySide6.QtWidgets import QFileDialog

    suggested = _folder(settings) / f"sync-request-{date.today():%Y%m%d}.zip"
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("BundleDialog", "Export sync bundle"),
        str(suggested),
        QCoreApplication.translate("BundleDialog", "Sync bundle (*.zip)"),
    )
    if not chosen:
        return None
    out = Path(chosen)
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    settings.setValue(FOLDER_KEY, str(out.parent))
    return out


def choose_reply_path(parent: QWidget, settings: QSettings) -> Path | None:
    """The reply bundle the server machine wrote, or None when the user cancelled."""
    from PySide6.QtWidgets import QFileDialog

    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("BundleDialog", "Import sync reply"),
        str(_folder(settings)),
        QCoreApplication.translate("BundleDialog", "Sync reply (*.reply);;All files (*)"),
    )
    if not chosen:
        return None
    settings.setValue(FOLDER_KEY, str(Path(chosen).parent))
    return Path(chosen)


def _no_sync() -> SyncService:
    raise AssertionError("a bundle dialog never syncs over the network")


class BundleDialog(SyncDialog):
    """Export a request bundle or import a reply, in a worker; then what went into the file, or
    the same summary as a sync. Both are quick and not stopped halfway: Esc waits for the end."""

    def __init__(
        self,
        kind: BundleKind,
        factory: Callable[[], BundleService],
        path: Path,
        token: str,
        lang: Lang,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_no_sync, "", "", parent)
        self.setObjectName("bundle_dialog")
        self.kind = kind
        self.bundles = factory
        self.path = path
        self.token = token
        self.lang = lang
        self.written: dict[str, Any] | None = None
        exporting = kind == "export"
        self.setWindowTitle(
            self.tr("Export sync bundle") if exporting else self.tr("Import sync reply")
        )
        self.where.setText(self.tr("File: %1").replace("%1", str(path)))
        self.where.setWordWrap(True)
        self._build_written()

    def _build_written(self) -> None:
        self.written_box = QWidget()
        self.written_box.setObjectName("bundle_written")
        form = QFormLayout(self.written_box)
        form.setContentsMargins(0, 6, 0, 0)
        self.records = QLabel("0")
        self.records.setObjectName("bundle_records")
        self.photos = QLabel("0")
        self.photos.setObjectName("bundle_photos")
        form.addRow(self.tr("Records:"), self.records)
        form.addRow(self.tr("Photos:"), self.photos)
        self.hint = QLabel()
        self.hint.setObjectName("bundle_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        form.addRow(self.hint)
        self.written_box.hide()
        self.main_layout.insertWidget(self.main_layout.indexOf(self.summary_box), self.written_box)

    def start(self) -> None:
        """Export or import in a worker; returns at once."""
        factory, path, token = self.bundles, self.path, self.token
        if self.kind == "export":

            def job(_signals: WorkerSignals) -> object:
                return factory().export(path, token)

            self.heading.setText(self.tr("Writing the sync bundle…"))
        else:

            def job(_signals: WorkerSignals) -> object:
                return factory().import_reply(path)

            self.heading.setText(self.tr("Importing the reply…"))
        self.summary = self.error = self.written = None
        for widget in (
            self.message,
            self.summary_box,
            self.written_box,
            self.details,
            self.settings_button,
        ):
            widget.hide()
        self._busy(True)
        self.job = start(
            job,
            succeeded=self._on_job_succeeded,
            failed=self._on_job_failed,
            finished=self._on_job_finished,
        )

    def _busy(self, busy: bool) -> None:
        super()._busy(busy)
        if busy:  # a file is written or applied whole, and quickly: nothing to cancel
            self.close_button.setText(self.tr("Close"))
            self.close_button.setEnabled(False)

    def _on_job_succeeded(self, result: Any) -> None:
        if self.kind == "import":
            super()._on_job_succeeded(result)
            return
        self.written = dict(result)
        self.heading.setText(self.tr("Sync bundle written."))
        self.records.setText(f"{int(self.written.get('changes', 0)):,}")
        self.photos.setText(f"{int(self.written.get('photos', 0)):,}")
        self.hint.setText(
            self.tr(
                "Take this file to the server machine. Its reply (%1) brings the server's "
                "records back: import it with Sync ▸ Import sync reply…"
            ).replace("%1", self.path.name + ".reply")
        )
        self.written_box.show()

    def _show_summary(self, summary: SyncSummary) -> None:
        super()._show_summary(summary)
        if summary.conflicts == 1:
            self.heading.setText(self.tr("Reply imported; 1 conflict needs you."))
        elif summary.conflicts:
            self.heading.setText(
                self.tr("Reply imported; %1 conflicts need you.").replace(
                    "%1", str(summary.conflicts)
                )
            )
        else:
            self.heading.setText(self.tr("Reply imported."))

    def _on_job_failed(self, exc: BaseException) -> None:
        self.error = exc
        code = exc.code if isinstance(exc, SyncError) else ""
        self.heading.setText(
            self.tr("The sync bundle was not written.")
            if self.kind == "export"
            else self.tr("The reply was not imported.")
        )
        reason = self.tr("Reason: %1").replace("%1", self.reason(exc))
        self.message.setText("\n".join(t for t in (self.explain(code), reason) if t))
        self.message.setStyleSheet("color: #b00020;")
        self.message.setToolTip(code)
        self.message.show()
        self.settings_button.setVisible(code.startswith("auth."))

    def explain(self, code: str) -> str:
        """What a failure means for the user, in their language ("" when the reason says it)."""
        if code.startswith("auth."):
            return self.tr(
                "The office server refused the token. Ask the office for a new one and save it "
                "in the sync settings."
            )
        texts = {
            "bundle.unusable": self.tr(
                "This file is not a sync reply of this app, or it is damaged. Nothing was changed."
            ),
            "bundle.stale": self.tr(
                "This reply was already imported, or a later sync has replaced it. Nothing was "
                "changed."
            ),
            "bundle.foreign": self.tr(
                "This reply answers another request: another laptop's, or an earlier export of "
                "this one. Nothing was changed; import the reply to this laptop's latest export."
            ),
            "bundle.unwritable": self.tr(
                "The file could not be written there; choose another folder or a USB stick."
            ),
            "bundle.forged": self.tr(
                "This reply was changed after the server wrote it, or was not written for this "
                "account. Nothing was changed; answer the request again on the server machine."
            ),
            "bundle.too_large": self.tr(
                "This file exceeds the limits of a sync bundle. Nothing was changed."
            ),
            "bundle.format": self.tr(
                "This file was made by an earlier version of the app. Nothing was changed; "
                "export the request again and have the server machine answer it."
            ),
        }
        return texts.get(code, "")

    def reason(self, exc: BaseException) -> str:
        if isinstance(exc, SyncError):
            reason_zh = getattr(exc, "reason_zh", None)  # a bundle's refusal, in both languages
            return reason_zh if self.lang == "zh" and isinstance(reason_zh, str) else exc.reason
        message = getattr(exc, "message", None)  # a store's refusal carries both languages
        if message is not None and hasattr(message, "text"):
            return str(message.text(self.lang))
        return str(exc) or type(exc).__name__

    def reject(self) -> None:
        if self.job is not None:  # Esc while working: the file is done in a moment
            return
        super().reject()
