"""Plans of many enterprises at once: the latest visit of each, written into one folder by a
worker, with progress, cancel (after the plan being written) and a summary to act on.

The batch runs in the plan service's ``export_many`` on a connection of its own; this dialog
only shows how far it got and what came of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from diagnosis.enterprise import Enterprise
from diagnosis.messages import Lang
from diagnosis.ports import VisitSummary
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from gui.report_actions import FontReport, PlanExports, font_notice, font_report, open_in_system
from gui.workers import WorkerSignals, start

if TYPE_CHECKING:
    from diagnosis.report.service import BatchOutcome
    from diagnosis.visit_desk import VisitDesk


class BatchExportDialog(QDialog):
    """Progress while the plans are written, then what was written, what failed and why."""

    def __init__(
        self,
        plans: PlanExports,
        visits: Sequence[VisitSummary],
        without_visit: Sequence[str],
        folder: Path,
        lang: Lang,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batch_export")
        self.plans = plans
        self.visits = list(visits)
        self.without_visit = list(without_visit)
        self.folder = folder
        self.lang = lang
        self.job: WorkerSignals | None = None
        self.outcome: BatchOutcome | None = None
        self.setWindowTitle(self.tr("Export improvement plans"))
        self.heading = QLabel()
        self.heading.setObjectName("batch_heading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.progress = QProgressBar()
        self.progress.setObjectName("batch_progress")
        self.progress.setRange(0, max(len(self.visits), 1))
        self.progress.setFormat("%v / %m")
        self.summary = QLabel()
        self.summary.setObjectName("batch_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.font_warning = QLabel()
        self.font_warning.setObjectName("batch_font_warning")
        self.font_warning.setWordWrap(True)
        self.font_warning.setStyleSheet(
            "background: #fff4d6; color: #6b3a00; padding: 6px; border-radius: 3px;"
        )
        self.font_warning.hide()
        self.details = QPlainTextEdit()
        self.details.setObjectName("batch_details")
        self.details.setReadOnly(True)
        self.details.hide()
        buttons = QDialogButtonBox()
        self.open_folder_button = buttons.addButton(
            self.tr("Open &folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_folder_button.setObjectName("open_folder")
        self.open_folder_button.clicked.connect(lambda: open_in_system(self.folder))
        self.close_button = buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("close_or_cancel")
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.font_warning)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())  # grows when there is a summary to show

    def start(self) -> None:
        """Write the plans in a worker; returns at once. With no visit to export, says so."""
        if not self.visits:
            self._show_summary(None, None)
            return
        ids = [v.id for v in self.visits]
        factory, font, folder, lang = (
            self.plans.factory(),
            self.plans.font(),
            self.folder,
            self.lang,
        )

        def job(signals: WorkerSignals) -> tuple[BatchOutcome, FontReport]:
            service = factory()

            def progress(done: int, total: int) -> None:
                # The last report comes after the last plan: nothing is left to cancel then,
                # and raising there would lose the outcome.
                if done < total:
                    signals.report(done, total)
                else:
                    signals.progressed.emit(done, total)

            outcome = service.export_many(ids, folder, lang, progress)
            return outcome, font_report(service, font)

        self._busy(True)
        self._on_job_progressed(0, len(ids))
        self.job = start(
            job,
            progressed=self._on_job_progressed,
            succeeded=self._on_job_succeeded,
            failed=self._on_job_failed,
            finished=lambda: self._busy(False),
        )

    def _busy(self, busy: bool) -> None:
        if not busy:
            self.job = None
        self.progress.setVisible(busy)
        self.open_folder_button.setEnabled(not busy)
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("Cancel") if busy else self.tr("Close"))

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if done < total:
            self.heading.setText(
                self.tr("Writing plan %1 of %2: %3")
                .replace("%1", str(done + 1))
                .replace("%2", str(total))
                .replace("%3", self.visits[done].enterprise_name)
            )

    def _on_job_succeeded(self, result: tuple[BatchOutcome, FontReport]) -> None:
        outcome, font = result
        self._busy(False)  # at once: the job's "finished" comes in a later event
        self.outcome = outcome
        self._show_summary(outcome, font)

    def _on_job_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.heading.setText(self.tr("The export stopped: %1").replace("%1", str(exc)))
        self.summary.setText(self.tr("Plans written before the error stay in the folder."))

    def _show_summary(self, outcome: BatchOutcome | None, font: FontReport | None) -> None:
        names = {v.id: v.enterprise_name for v in self.visits}
        written = len(outcome.written) if outcome else 0
        failed = list(outcome.failed) if outcome else []
        if outcome is not None and outcome.cancelled:
            self.heading.setText(self.tr("Cancelled; the plans written so far stay."))
        else:
            self.heading.setText(self.tr("Export finished."))
        lines = [self.tr("%n plan(s) written to %1.", "", written).replace("%1", str(self.folder))]
        if outcome is not None and outcome.cancelled:
            left = len(self.visits) - written - len(failed)
            lines.append(self.tr("%n plan(s) not written because of the cancel.", "", left))
        if failed:
            lines.append(self.tr("%n plan(s) could not be made.", "", len(failed)))
        if self.without_visit:
            lines.append(
                self.tr("%n enterprise(s) have no visit, so no plan.", "", len(self.without_visit))
            )
        self.summary.setText("\n".join(lines))
        details: list[str] = []
        if failed:
            details.append(self.tr("Could not be made:"))
            details += [f"  {names.get(vid, vid)} — {why}" for vid, why in failed]
        if self.without_visit:
            details.append(self.tr("No visit:"))
            details += [f"  {name}" for name in self.without_visit]
        if outcome is not None and outcome.written:
            details.append(self.tr("Written:"))
            details += [f"  {plan.path.name}" for plan in outcome.written]
        self.details.setPlainText("\n".join(details))
        self.details.setVisible(bool(details))
        notice = font_notice(font, self.lang) if font is not None and written else ""
        self.font_warning.setText(f"⚠ {notice}" if notice else "")
        self.font_warning.setVisible(bool(notice))
        self.open_folder_button.setEnabled(written > 0)
        self.resize(max(self.width(), 640), max(self.height(), 420))
        self.close_button.setFocus()

    def reject(self) -> None:
        if self.job is not None:  # Esc or Cancel: stop after the plan being written
            self.job.cancel()
            self.close_button.setEnabled(False)
            self.heading.setText(self.tr("Cancelling after the current plan…"))
            return
        super().reject()


def export_plans_of(
    window: QMainWindow,
    plans: PlanExports,
    desk: VisitDesk,
    enterprises: Sequence[Enterprise],
    lang: Lang,
) -> BatchExportDialog | None:
    """The latest visit's plan of each enterprise, into a folder the user picks."""
    if not enterprises:
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "BatchExportDialog", "Select the enterprises whose plans to export."
            ),
            5000,
        )
        return None
    latest: list[VisitSummary] = []
    without: list[str] = []
    for enterprise in enterprises:
        visits = desk.visits_of(enterprise.id)  # newest first
        if visits:
            latest.append(visits[0])
        else:
            without.append(enterprise.name)
    folder = plans.folder()
    if latest:
        from PySide6.QtWidgets import QFileDialog

        chosen = QFileDialog.getExistingDirectory(
            window,
            QCoreApplication.translate("BatchExportDialog", "Folder for the improvement plans"),
            str(folder),
        )
        if not chosen:
            return None
        folder = Path(chosen)
        plans.remember_folder(folder)
    dialog = BatchExportDialog(plans, latest, without, folder, lang, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.start()
    return dialog
