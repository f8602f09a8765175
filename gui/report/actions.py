"""The improvement plan from a window: export one visit's plan off the UI thread, then offer to
open it; where plans go and which font they use, remembered in the settings.

The plan service (and reportlab with it) is imported only when a plan is first made, and each
worker builds its own service on its own connection; nothing here renders or words a plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from diagnosis.messages import Bilingual, Lang, Message
from PySide6.QtCore import QCoreApplication, QObject, QSettings, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QStatusBar,
    QToolButton,
    QWidget,
)

from gui.workers import WorkerSignals, start

if TYPE_CHECKING:
    # Only named: the document module loads the checklists, which start-up must not pay for.
    from diagnosis.report.service import PlanFile, PlanService
    from diagnosis.visits.document import Document


def lang_name(lang: Lang, ui: Lang) -> str:
    """A plan's language as the app's language names it ("英文" in Chinese, not "English"):
    a Chinese screen has no English word on it (issue 18.3); the menu that switches the app's
    own language still names each in its own tongue."""
    return Message(f"lang.{lang}").text(ui)


# What a batch of plans is written in, as remembered in the settings: one language, or both.
BATCH_LANGS: dict[str, tuple[Lang, ...]] = {"zh": ("zh",), "en": ("en",), "both": ("zh", "en")}
PlanFactoryMaker = Callable[[Path | None], Callable[[], "PlanService"]]


class PlanExports:
    """What every export needs: plan services in the chosen font, and the folder used last."""

    FONT_KEY = "plans/font"
    FOLDER_KEY = "plans/folder"
    BATCH_LANGS_KEY = "plans/batch_languages"

    def __init__(self, make: PlanFactoryMaker, settings: QSettings | None, lang: Lang) -> None:
        self.make = make
        self.settings = settings
        self.lang = lang

    def font(self) -> Path | None:
        value = self.settings.value(self.FONT_KEY, "") if self.settings is not None else ""
        return Path(str(value)) if value else None

    def set_font(self, path: Path | None) -> None:
        if self.settings is not None:
            self.settings.setValue(self.FONT_KEY, str(path) if path else "")

    def factory(self) -> Callable[[], PlanService]:
        return self.make(self.font())

    def folder(self) -> Path:
        value = self.settings.value(self.FOLDER_KEY, "") if self.settings is not None else ""
        folder = Path(str(value)) if value else Path.home()
        return folder if folder.is_dir() else Path.home()

    def remember_folder(self, folder: Path) -> None:
        if self.settings is not None:
            self.settings.setValue(self.FOLDER_KEY, str(folder))

    def batch_langs(self) -> tuple[Lang, ...]:
        """The languages the last batch was written in; the app's language the first time."""
        value = self.settings.value(self.BATCH_LANGS_KEY, "") if self.settings is not None else ""
        return BATCH_LANGS.get(str(value), (self.lang,))

    def remember_batch_langs(self, langs: tuple[Lang, ...]) -> None:
        if self.settings is not None:
            key = next((k for k, v in BATCH_LANGS.items() if v == langs), self.lang)
            self.settings.setValue(self.BATCH_LANGS_KEY, key)


@dataclass(frozen=True)
class FontReport:
    """Which font the plans were set in, measured in the worker, worded on the UI thread."""

    warning: Bilingual | None  # the Chinese is not embedded
    chosen: Path | None
    used: Path | None


def font_report(service: PlanService, chosen: Path | None) -> FontReport:
    font = service.font
    return FontReport(font.warning, chosen, font.spec.regular if font.spec else None)


def font_notice(report: FontReport, lang: Lang) -> str:
    """What a user should know about the font of a plan just written; empty when all is well."""
    if report.warning is not None:
        return report.warning.zh if lang == "zh" else report.warning.en
    if report.chosen is not None and report.used != report.chosen:
        return (
            QCoreApplication.translate(
                "PlanExporter", "The plan font %1 could not be used; the plans use %2."
            )
            .replace("%1", report.chosen.name)
            .replace("%2", report.used.name if report.used else "?")
        )
    return ""


def plan_file_name(doc: Document, lang: Lang) -> str:
    """The plan's default file name, as the templates word it (no store, no reportlab)."""
    from diagnosis.report.plan import plan_file_name as worded

    e = doc.enterprise
    return worded(e.name or e.credit_code, doc.visit.date, doc.visit.revision, lang)


def open_in_system(path: Path) -> None:
    """A plan in the system's PDF viewer, a folder in its file manager."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def choose_plan_font(window: QMainWindow, plans: PlanExports | None) -> Path | None:
    """Ask for the TrueType font plans embed; cancel keeps the current one."""
    from PySide6.QtWidgets import QFileDialog

    if plans is None:
        return None
    current = plans.font()
    path, _ = QFileDialog.getOpenFileName(
        window,
        QCoreApplication.translate("PlanExporter", "Font for improvement plans"),
        str(current.parent if current else Path.home()),
        QCoreApplication.translate("PlanExporter", "TrueType fonts (*.ttf *.ttc);;All files (*)"),
    )
    if not path:
        return None
    plans.set_font(Path(path))
    window.statusBar().showMessage(
        QCoreApplication.translate("PlanExporter", "Plans will embed the font %1.").replace(
            "%1", Path(path).name
        ),
        8000,
    )
    return Path(path)


class PlanExporter(QObject):
    """Export the plan of the visit a window shows: asks where, renders in a worker while the
    status bar says so, then a notice there and "Open plan" (Ctrl+Shift+O) open it."""

    exported = Signal(object)  # the PlanFile written

    def __init__(
        self,
        host: QWidget,
        status: QStatusBar,
        plans: PlanExports | None,
        lang: Lang,
        current: Callable[[], Document | None],
    ) -> None:
        super().__init__(host)
        self.host = host
        self.plans = plans
        self.lang = lang
        self.current = current
        self.job: WorkerSignals | None = None
        self.last: Path | None = None
        self.error_box: QWidget | None = None  # the last failure's box, kept for tests
        other: Lang = "en" if lang == "zh" else "zh"
        self.act_export = self._action(
            self.tr("&Export improvement plan…"), "Ctrl+E", lambda: self.export(lang), "export_plan"
        )
        # The other language is one key away too: a plan is often wanted in both.
        self.act_export_other = self._action(
            self.tr("Export improvement plan in %1…").replace("%1", lang_name(other, lang)),
            "Ctrl+Shift+E",
            lambda: self.export(other),
            "export_plan_other",
        )
        self.act_open = self._action(
            self.tr("Open &plan"), "Ctrl+Shift+O", self.open_plan, "open_plan"
        )
        self.act_open.setEnabled(False)
        for action in (self.act_export, self.act_export_other):
            action.setEnabled(plans is not None)
        self.progress = QProgressBar()
        self.progress.setObjectName("plan_progress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.notice = QLabel()
        self.notice.setObjectName("plan_notice")
        self.notice.setWordWrap(True)  # a font warning is long: two lines, not cut off
        self.open_button = QToolButton()
        self.open_button.setDefaultAction(self.act_open)
        self.open_button.hide()
        status.addWidget(self.notice, 1)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.open_button)

    def _action(self, text: str, keys: str, slot: Callable[[], object], name: str) -> QAction:
        action = QAction(text, self.host)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        self.host.addAction(action)
        return action

    def actions(self) -> list[QAction]:
        return [self.act_export, self.act_export_other, self.act_open]

    def export(self, lang: Lang) -> None:
        """Ask where to save, then write the plan in a worker; returns at once."""
        if self.job is not None or self.plans is None:
            return
        doc = self.current()
        if doc is None:
            return
        from PySide6.QtWidgets import QFileDialog

        plans = self.plans
        suggested = plans.folder() / plan_file_name(doc, lang)
        path, _ = QFileDialog.getSaveFileName(
            self.host,
            self.tr("Save the improvement plan (%1)").replace("%1", lang_name(lang, self.lang)),
            str(suggested),
            self.tr("PDF (*.pdf)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        plans.remember_folder(target.parent)
        factory, font, visit_id = plans.factory(), plans.font(), doc.visit.id

        def job(_signals: WorkerSignals) -> tuple[PlanFile, FontReport]:
            service = factory()
            written = service.export(visit_id, target, lang)
            return written, font_report(service, font)

        self._busy(True)
        self.notice.setStyleSheet("")
        self.notice.setText(self.tr("Writing the improvement plan…"))
        self.job = start(
            job,
            succeeded=self._on_job_succeeded,
            failed=self._on_job_failed,
            finished=lambda: self._busy(False),
        )

    def _busy(self, busy: bool) -> None:
        if not busy:
            self.job = None
        self.progress.setVisible(busy)
        for action in (self.act_export, self.act_export_other):
            action.setEnabled(not busy and self.plans is not None)

    def _on_job_succeeded(self, result: tuple[PlanFile, FontReport]) -> None:
        written, font = result
        self.last = written.path
        self.act_open.setEnabled(True)
        self.open_button.show()
        keys = self.act_open.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = (
            self.tr("Plan saved: %1 (%2 pages). %3 opens it.")
            .replace("%1", written.path.name)
            .replace("%2", str(written.pages))
            .replace("%3", keys)
        )
        warning = font_notice(font, self.lang)
        if warning:
            text = f"{text}  ⚠ {warning}"
            self.notice.setStyleSheet("color: #8a4b00;")
        self.notice.setText(text)
        self.notice.setToolTip(str(written.path) + (f"\n{warning}" if warning else ""))
        self.exported.emit(written)

    def _on_job_failed(self, exc: BaseException) -> None:
        from gui.error_details import describe, show_error  # only on this rare path

        reason, detail = describe(exc, self.lang, "plan.failed")
        text = self.tr("The plan could not be written: %1").replace("%1", reason)
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.setText(text)
        self.notice.setToolTip(detail)
        # In the status bar the words may be cut: the box says them whole, the detail behind.
        self.error_box = show_error(self.host, self.tr("Improvement plan"), text, detail)

    def open_plan(self) -> None:
        if self.last is not None:
            open_in_system(self.last)
