"""One sync with the office server: run by a worker on a service of its own, with the stage and
progress shown, a Cancel that stops at the next safe point, then what came of it.

The dialog only shows; pushing, pulling and merging are the sync service's (diagnosis.sync.ports).
A failure is shown here with its reason, never in a message box.
"""

from __future__ import annotations

from collections.abc import Callable

from diagnosis.messages import Lang
from diagnosis.sync.ports import SyncError, SyncService, SyncSummary
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.error_details import describe, details_button
from gui.sync.certificate import TLS_CODES, tls_failure_text
from gui.workers import Cancelled, WorkerSignals, start

SUMMARY_ROWS = ("sent", "received", "merged", "conflicts", "photos", "revisions", "rejected")


class StageSignal(QObject):
    """Carries (stage, done, total) from the worker; made on the UI thread, so it is queued."""

    reported = Signal(str, int, int)


class SyncDialog(QDialog):
    """Progress while syncing, then the summary; Esc or Cancel stops the sync cleanly."""

    synced = Signal(object)  # the SyncSummary
    stopped = Signal()  # the worker is done, whatever came of it
    conflicts_requested = Signal()
    settings_requested = Signal()

    def __init__(
        self,
        factory: Callable[[], SyncService],
        server: str,
        user: str,
        parent: QWidget | None = None,
        lang: Lang = "zh",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sync_dialog")
        self.lang: Lang = lang
        self.error_detail = ""
        self.factory = factory
        self.server = server
        self.user = user
        self.job: WorkerSignals | None = None
        self.cancel_requested = False
        self.summary: SyncSummary | None = None
        self.error: BaseException | None = None
        self._stage: StageSignal | None = None
        self.setWindowTitle(self.tr("Sync"))
        self.heading = QLabel()
        self.heading.setObjectName("sync_heading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        where = self.tr("Server: %1").replace("%1", server)
        if user:
            where += "  ·  " + self.tr("User: %1").replace("%1", user)
        self.where = QLabel(where)
        self.where.setObjectName("sync_where")
        self.where.setStyleSheet("color: #555;")
        self.progress = QProgressBar()
        self.progress.setObjectName("sync_progress")
        self.progress.setFormat("%v / %m")
        self.progress.setRange(0, 0)
        self.message = QLabel()
        self.message.setObjectName("sync_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self._build_summary()
        self.details = QPlainTextEdit()
        self.details.setObjectName("sync_details")
        self.details.setReadOnly(True)
        self.details.hide()
        buttons = QDialogButtonBox()
        # A failure's technical text (errno, HTTP status, code), shown only when asked for.
        self.details_button = details_button()
        self.details_button.toggled.connect(self._on_details_button_toggled)
        self.details_button.hide()
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.settings_button = buttons.addButton(
            self.tr("Sync &settings…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.settings_button.setObjectName("sync_open_settings")
        self.settings_button.clicked.connect(self._on_settings_clicked)
        self.settings_button.hide()
        self.close_button = buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("sync_close_or_cancel")
        self.close_button.clicked.connect(self.reject)
        self.main_layout = layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.where)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.summary_box)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _build_summary(self) -> None:
        self.summary_box = QWidget()
        self.summary_box.setObjectName("sync_summary")
        form = QFormLayout(self.summary_box)
        form.setContentsMargins(0, 6, 0, 0)
        labels = {
            "sent": self.tr("Changes sent:"),
            "received": self.tr("Changes received:"),
            "merged": self.tr("Merged with changes made elsewhere:"),
            "conflicts": self.tr("Conflicts to settle:"),
            "photos": self.tr("Photos sent / received:"),
            "revisions": self.tr("New revisions of finalised visits:"),
            "rejected": self.tr("Changes the server refused:"),
        }
        self.values: dict[str, QLabel] = {}
        for key in SUMMARY_ROWS:
            value = QLabel("0")
            value.setObjectName(f"sync_{key}")
            self.values[key] = value
            if key == "conflicts":
                row = QHBoxLayout()
                row.addWidget(value)
                self.conflicts_button = QPushButton(self.tr("Show &conflicts…"))
                self.conflicts_button.setObjectName("sync_show_conflicts")
                self.conflicts_button.clicked.connect(self._on_conflicts_clicked)
                self.conflicts_button.hide()
                row.addWidget(self.conflicts_button)
                row.addStretch(1)
                form.addRow(labels[key], row)
            else:
                form.addRow(labels[key], value)
        # Shown only when photos did not get through: the office must not think it has them all.
        self.photos_left = QLabel()
        self.photos_left.setObjectName("sync_photos_left")
        self.photos_left.setWordWrap(True)
        self.photos_left.setStyleSheet("color: #b00020; font-weight: bold;")
        form.addRow(self.tr("Photos not through yet:"), self.photos_left)
        self.summary_form = form
        self.summary_box.hide()

    def stage_text(self, stage: str, done: int, total: int) -> str:
        names = {
            "push": self.tr("Sending changes"),
            "photos": self.tr("Transferring photos"),
            "pull": self.tr("Receiving changes"),
        }
        name = names.get(stage, stage)
        if total <= 0:
            return f"{name}…"
        return (
            self.tr("%1: %2 of %3")
            .replace("%1", name)
            .replace("%2", str(done))
            .replace("%3", str(total))
        )

    def start(self) -> None:
        """Sync in a worker; returns at once."""
        factory = self.factory
        stage = StageSignal()
        stage.reported.connect(self._on_stage_reported)

        def job(signals: WorkerSignals) -> SyncSummary:
            service = factory()

            def progress(name: str, done: int, total: int) -> None:
                if signals.cancelled:  # the service stops here, its store consistent
                    raise Cancelled()
                stage.reported.emit(name, done, total)

            return service.sync(progress)

        self._stage = stage  # kept alive as long as the dialog
        self.cancel_requested = False
        self.summary = self.error = None
        self.heading.setText(self.tr("Connecting…"))
        self.progress.setRange(0, 0)
        self.error_detail = ""
        self.details_button.setChecked(False)
        self.details.setMaximumHeight(16_777_215)  # a summary's refused changes need the room
        for widget in (
            self.message,
            self.summary_box,
            self.details,
            self.settings_button,
            self.details_button,
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
        self.progress.setVisible(busy)
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("Cancel") if busy else self.tr("Close"))

    def _on_stage_reported(self, stage: str, done: int, total: int) -> None:
        if self.cancel_requested:
            return
        self.heading.setText(self.stage_text(stage, done, total))
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total > 0 else 0)

    def _on_job_succeeded(self, summary: SyncSummary) -> None:
        self.summary = summary
        self._show_summary(summary)
        self.synced.emit(summary)

    def _on_job_failed(self, exc: BaseException) -> None:
        self.error = exc
        self.message.setStyleSheet("")
        if isinstance(exc, Cancelled) or self.cancel_requested:
            self.heading.setText(self.tr("Sync cancelled."))
            self.message.setText(
                self.tr(
                    "What was sent or received before the cancel is kept; the next sync "
                    "carries on from there."
                )
            )
        else:
            reason, self.error_detail = describe(exc, self.lang)
            self.heading.setText(self.tr("The sync stopped."))
            self.message.setStyleSheet("color: #b00020;")
            # A certificate refused: what to set where, before OpenSSL's own words.
            tls = exc.code if isinstance(exc, SyncError) and exc.code in TLS_CODES else ""
            self.message.setText(
                (tls_failure_text(tls) + "\n" if tls else "")
                + reason
                + "\n"
                + self.tr(
                    "Nothing is lost: what was not sent stays on this laptop for the next sync."
                )
            )
            if isinstance(exc, SyncError):
                self.message.setToolTip(exc.code)
                self.settings_button.setVisible(exc.code.startswith(("auth.", "network.")))
            self.details_button.setVisible(bool(self.error_detail))
        self.message.show()

    def _on_details_button_toggled(self, shown: bool) -> None:
        self.details.setPlainText(self.error_detail)
        self.details.setVisible(shown)
        if shown:  # a line or two of technical text: no room to spare for the refused changes
            self.details.setMaximumHeight(self.details.fontMetrics().lineSpacing() * 6)
        self._fit()

    def _on_job_finished(self) -> None:
        self.job = None
        self._busy(False)
        self._fit()
        # With conflicts to settle, Enter or Space opens them; otherwise Enter closes.
        shown = not self.conflicts_button.isHidden() and not self.summary_box.isHidden()
        (self.conflicts_button if shown else self.close_button).setFocus()
        self.stopped.emit()

    def _show_summary(self, summary: SyncSummary) -> None:
        if summary.conflicts:
            self.heading.setText(
                self.tr("Sync finished; 1 conflict needs you.")
                if summary.conflicts == 1
                else self.tr("Sync finished; %1 conflicts need you.").replace(
                    "%1", str(summary.conflicts)
                )
            )
        elif left := len(summary.photos_unsent) + len(summary.photos_missing):
            self.heading.setText(
                self.tr("Sync finished; 1 photo did not get through.")
                if left == 1
                else self.tr("Sync finished; %1 photos did not get through.").replace(
                    "%1", str(left)
                )
            )
        else:
            self.heading.setText(self.tr("Sync finished."))
        numbers = {
            "sent": str(summary.sent),
            "received": str(summary.received),
            "merged": str(summary.merged),
            "conflicts": str(summary.conflicts),
            "photos": f"{summary.photos_sent} / {summary.photos_received}",
            "revisions": str(len(summary.revisions)),
            "rejected": str(len(summary.rejected)),
        }
        for key, text in numbers.items():
            self.values[key].setText(text)
        self.values["conflicts"].setStyleSheet(
            "color: #b00020; font-weight: bold;" if summary.conflicts else ""
        )
        self.values["rejected"].setStyleSheet(
            "color: #b00020; font-weight: bold;" if summary.rejected else ""
        )
        self.conflicts_button.setVisible(summary.conflicts > 0)
        self.photos_left.setText(
            self.tr("%1 to send, %2 missing; the next sync tries again")
            .replace("%1", str(len(summary.photos_unsent)))
            .replace("%2", str(len(summary.photos_missing)))
        )
        self.summary_form.setRowVisible(
            self.photos_left, bool(summary.photos_unsent or summary.photos_missing)
        )
        self.summary_box.show()
        details: list[str] = []
        if summary.server_restored:  # docs/sync.md "Backup and restore"
            details.append(
                self.tr("The server was restored from a backup; re-sent %1 records.").replace(
                    "%1", str(summary.resent)
                )
            )
        if summary.photos_unsent:
            details.append(self.tr("Photos not on the server yet (sent at the next sync):"))
            details += [f"  {sha}" for sha in summary.photos_unsent]
        if summary.photos_missing:
            details.append(
                self.tr("Photos not received (not on the server yet; asked for at the next sync):")
            )
            details += [f"  {sha}" for sha in summary.photos_missing]
        if summary.rejected:
            details.append(self.tr("Refused by the server, with the reason:"))
            details += [f"  {line}" for line in summary.rejected]
        if summary.revisions:
            details.append(
                self.tr("Finalised visits changed on two laptops became new draft revisions:")
            )
            details += [f"  {line}" for line in summary.revisions]
        self.details.setPlainText("\n".join(details))
        self.details.setVisible(bool(details))
        if details:
            self.resize(max(self.width(), 640), self.height())

    def _fit(self) -> None:
        """Grow to show wrapped text in full (a label's height depends on the width)."""
        layout = self.main_layout
        layout.activate()
        if layout.hasHeightForWidth():
            height = layout.heightForWidth(self.width())
        else:
            height = layout.sizeHint().height()
        if self.details.isVisibleTo(self) and self.error is None:
            height = max(height, 420)  # room to read the refused changes
        self.resize(self.width(), height)

    def _on_conflicts_clicked(self) -> None:
        self.conflicts_requested.emit()

    def _on_settings_clicked(self) -> None:
        self.settings_requested.emit()

    def reject(self) -> None:
        if self.job is not None:  # Esc or Cancel while syncing: stop at the next safe point
            self.job.cancel()
            self.cancel_requested = True
            self.close_button.setEnabled(False)
            self.heading.setText(self.tr("Cancelling; the sync stops at the next safe point…"))
            return
        super().reject()
