"""Plans of many enterprises at once: the latest visit of each, written into one folder by a
worker in Chinese, English or both, with progress, cancel (after the plan being written) and a
summary to act on.

The batch runs in the plan service's ``export_many`` (once per language) on a connection of its
own; this dialog only asks which languages, shows how far it got and what came of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from diagnosis.messages import Lang
from diagnosis.ports import VisitSummary
from diagnosis.register.enterprise import Enterprise
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.report.actions import (
    FontReport,
    PlanExports,
    font_notice,
    font_report,
    lang_name,
    open_in_system,
)
from gui.workers import WorkerSignals, start

if TYPE_CHECKING:
    from diagnosis.report.service import BatchOutcome
    from diagnosis.visits.service import VisitService

# Each language's outcome, in the order written.
Outcomes = tuple[tuple[Lang, "BatchOutcome"], ...]


class BatchExportDialog(QDialog):
    """First which languages (the folder is already chosen), then progress while the plans are
    written, then what was written, what failed and why."""

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
        self.langs: tuple[Lang, ...] = plans.batch_langs()
        self.job: WorkerSignals | None = None
        self.outcome: BatchOutcome | None = None  # all languages together
        self.setWindowTitle(self.tr("Export improvement plans"))
        self.choice = self._language_row()
        self.heading = QLabel()
        self.heading.setObjectName("batch_heading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.progress = QProgressBar()
        self.progress.setObjectName("batch_progress")
        self.progress.setRange(0, max(len(self.visits), 1))
        self.progress.setFormat("%v / %m")
        self.progress.hide()
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
        self.start_button = buttons.addButton(
            self.tr("&Start"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.start_button.setObjectName("start_export")
        self.start_button.setDefault(True)  # Enter starts, wherever the focus is in the choice
        self.start_button.clicked.connect(self.start)
        self.open_folder_button = buttons.addButton(
            self.tr("Open &folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_folder_button.setObjectName("open_folder")
        self.open_folder_button.clicked.connect(lambda: open_in_system(self.folder))
        self.open_folder_button.setEnabled(False)
        self.close_button = buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setObjectName("close_or_cancel")
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.font_warning)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self._on_choice_changed()
        self.resize(560, self.sizeHint().height())  # grows when there is a summary to show

    def _language_row(self) -> QWidget:
        """Chinese, English or both: radio buttons with mnemonics, one Tab stop, arrows between."""
        row = QWidget()
        row.setObjectName("batch_languages")
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(self.tr("Plans in:")))
        self.lang_group = QButtonGroup(self)
        self.lang_buttons: dict[tuple[Lang, ...], QRadioButton] = {}
        choices: tuple[tuple[tuple[Lang, ...], str, str], ...] = (
            (("zh",), self.tr("&Chinese"), "batch_zh"),
            (("en",), self.tr("&English"), "batch_en"),
            (("zh", "en"), self.tr("&Both, one file each"), "batch_both"),
        )
        for n, (langs, text, name) in enumerate(choices):
            button = QRadioButton(text)
            button.setObjectName(name)
            button.setChecked(langs == self.langs)
            self.lang_group.addButton(button, n)
            self.lang_buttons[langs] = button
            box.addWidget(button)
        box.addStretch(1)
        self.lang_group.idToggled.connect(self._on_lang_group_id_toggled)
        return row

    def _on_lang_group_id_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._on_choice_changed()

    def _on_choice_changed(self) -> None:
        self.langs = next(k for k, b in self.lang_buttons.items() if b.isChecked())
        if self.job is None and self.outcome is None and self.visits:
            self.heading.setText(
                self.tr("%n plan(s) to write into %1.", "", self.total).replace(
                    "%1", str(self.folder)
                )
            )

    @property
    def total(self) -> int:
        """Files the batch writes: one per visit and language."""
        return len(self.visits) * len(self.langs)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.job is None and self.outcome is None and self.visits:
            self.lang_buttons[self.langs].setFocus()

    def start(self) -> None:
        """Write the plans in a worker; returns at once. With no visit to export, says so."""
        self.choice.setEnabled(False)  # what was chosen stays in sight
        self.start_button.hide()
        if not self.visits:
            self.choice.hide()
            self._show_summary((), None)
            return
        self.plans.remember_batch_langs(self.langs)
        ids = [v.id for v in self.visits]
        factory, font, folder, langs = (
            self.plans.factory(),
            self.plans.font(),
            self.folder,
            self.langs,
        )
        grand = len(ids) * len(langs)

        def job(signals: WorkerSignals) -> tuple[Outcomes, FontReport]:
            service = factory()
            outcomes: list[tuple[Lang, BatchOutcome]] = []
            for k, lang in enumerate(langs):
                offset = k * len(ids)

                def progress(done: int, total: int, offset: int = offset) -> None:
                    # Before each plan, the cancel is checked (for the next language's first
                    # plan too). The very last report comes after the last plan: nothing is
                    # left to cancel then, and raising there would lose the outcome.
                    if done < total:
                        signals.report(offset + done, grand)
                    elif offset + done == grand:
                        signals.progressed.emit(grand, grand)

                outcome = service.export_many(ids, folder, lang, progress)
                outcomes.append((lang, outcome))
                if outcome.cancelled:
                    break
            return tuple(outcomes), font_report(service, font)

        self._busy(True)
        self._on_job_progressed(0, grand)
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
        self.open_folder_button.setEnabled(not busy and self._written() > 0)
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("Cancel") if busy else self.tr("Close"))

    def _written(self) -> int:
        return len(self.outcome.written) if self.outcome is not None else 0

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if self.job is not None and self.job.cancelled:
            return  # "Cancelling…" stays
        if done < total:
            n = len(self.visits)
            self.heading.setText(
                self.tr("Writing plan %1 of %2: %3 (%4)")
                .replace("%1", str(done + 1))
                .replace("%2", str(total))
                .replace("%3", self.visits[done % n].enterprise_name)
                .replace("%4", lang_name(self.langs[done // n], self.lang))
            )

    def _on_job_succeeded(self, result: tuple[Outcomes, FontReport]) -> None:
        outcomes, font = result
        self.outcome = _merged(outcomes)
        self._busy(False)  # at once: the job's "finished" comes in a later event
        self._show_summary(outcomes, font)

    def _on_job_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.heading.setText(self.tr("The export stopped: %1").replace("%1", str(exc)))
        self.summary.setText(self.tr("Plans written before the error stay in the folder."))
        self.open_folder_button.setEnabled(True)

    def _show_summary(self, outcomes: Outcomes, font: FontReport | None) -> None:
        names = {v.id: v.enterprise_name for v in self.visits}
        outcome = _merged(outcomes) if outcomes else None
        written = len(outcome.written) if outcome else 0
        failed = len(outcome.failed) if outcome else 0
        if outcome is not None and outcome.cancelled:
            self.heading.setText(self.tr("Cancelled; the plans written so far stay."))
        else:
            self.heading.setText(self.tr("Export finished."))
        lines = [self.tr("%n plan(s) written to %1.", "", written).replace("%1", str(self.folder))]
        if outcome is not None:
            by_lang = dict(outcomes)
            for lang in self.langs:
                done = len(by_lang[lang].written) if lang in by_lang else 0
                lines.append(
                    "    "
                    + self.tr("%1: %n plan(s)", "", done).replace("%1", lang_name(lang, self.lang))
                )
        if outcome is not None and outcome.cancelled:
            left = self.total - written - failed
            lines.append(self.tr("%n plan(s) not written because of the cancel.", "", left))
        if failed:
            lines.append(self.tr("%n plan(s) could not be made.", "", failed))
        if self.without_visit:
            lines.append(
                self.tr("%n enterprise(s) have no visit, so no plan.", "", len(self.without_visit))
            )
        self.summary.setText("\n".join(lines))
        both = len(self.langs) > 1
        details: list[str] = []
        if failed:
            details.append(self.tr("Could not be made:"))
            for lang, one in outcomes:
                tag = f" ({lang_name(lang, self.lang)})" if both else ""
                details += [f"  {names.get(vid, vid)}{tag} — {why}" for vid, why in one.failed]
        if self.without_visit:
            details.append(self.tr("No visit:"))
            details += [f"  {name}" for name in self.without_visit]
        if written:
            details.append(self.tr("Written:"))
            details += [f"  {plan.path.name}" for _lang, one in outcomes for plan in one.written]
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


def _merged(outcomes: Outcomes) -> BatchOutcome:
    from diagnosis.report.service import BatchOutcome

    return BatchOutcome(
        tuple(p for _lang, o in outcomes for p in o.written),
        tuple(f for _lang, o in outcomes for f in o.failed),
        cancelled=any(o.cancelled for _lang, o in outcomes),
    )


def export_plans_of(
    window: QMainWindow,
    plans: PlanExports,
    desk: VisitService,
    enterprises: Sequence[Enterprise],
    lang: Lang,
) -> BatchExportDialog | None:
    """The latest visit's plan of each enterprise, into a folder the user picks; the dialog
    then asks which languages (the last choice ready), and Enter starts."""
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
    if not latest:
        dialog.start()  # nothing to choose: straight to the summary of who has no visit
    return dialog
