"""The form under the findings list: area, question, severity, text and photos to attach, to
add a finding or to change the one being edited. Photos are downscaled and stored in a worker,
so the window never waits on a large picture; the finding is written once they are stored.

Holds no rule: what a finding may be is checked by the desk (diagnosis.visits.findings).
"""

from __future__ import annotations

from pathlib import Path

from diagnosis.checklists.load import load_checklist
from diagnosis.messages import DomainError, Lang
from diagnosis.visits.document import Document, Finding
from diagnosis.visits.service import VisitService
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.visit_editor.results_panel import area_name
from gui.workers import WorkerSignals, start

SEVERITY_NAMES = {
    "major": ("重大", "major"),
    "serious": ("较大", "serious"),
    "general": ("一般", "general"),
}
IMAGES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".heic")


class FindingForm(QWidget):
    saved = Signal(str)  # the id of the finding added or changed

    def __init__(
        self, desk: VisitService, visit_id: str, lang: Lang, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk, self.visit_id, self.lang = desk, visit_id, lang
        self.pending: list[Path] = []
        self.job: WorkerSignals | None = None
        self.editing: Finding | None = None
        self._doc: Document | None = None
        self.area = QComboBox()
        self.area.setObjectName("finding_area")
        self.area.currentIndexChanged.connect(lambda _index: self._fill_items())
        # The checklist item a finding is about: it ties the photo to the question in the plan.
        self.item = QComboBox()
        self.item.setObjectName("finding_item")
        self.item.setEditable(True)  # type to search the area's questions
        self.item.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.item.setMaxVisibleItems(20)
        self.item.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.item.setMinimumContentsLength(30)
        self.severity = QComboBox()
        self.severity.setObjectName("finding_severity")
        for key, (zh, en) in SEVERITY_NAMES.items():
            self.severity.addItem(zh if lang == "zh" else en, key)
        self.severity.setCurrentIndex(2)
        self.text = QPlainTextEdit()
        self.text.setObjectName("finding_text")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(80)
        self.photos_label = QLabel()
        self.photos_label.setObjectName("pending_photos")
        self.choose = QPushButton(self.tr("Add &photos…"))
        self.choose.clicked.connect(self.choose_photos)
        self.add_button = QPushButton()
        self.add_button.setObjectName("add_finding")
        self.add_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Cancel editing"))
        self.cancel_button.setObjectName("cancel_edit")
        self.cancel_button.setToolTip("Esc")
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.progress = QProgressBar()
        self.progress.setObjectName("photo_progress")
        self.progress.setFormat(self.tr("Storing photo %v of %m"))
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("finding_message")
        self.message.setWordWrap(True)
        self.heading = QLabel()
        self.heading.setObjectName("form_heading")
        self.heading.setStyleSheet("font-weight: bold;")
        form = QFormLayout()
        form.addRow(self.tr("Area"), self.area)
        form.addRow(self.tr("Question"), self.item)
        form.addRow(self.tr("Severity"), self.severity)
        form.addRow(self.tr("Finding"), self.text)
        row = QHBoxLayout()
        row.addWidget(self.choose)
        row.addWidget(self.photos_label, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        self._show_mode()

    # What the form shows
    def set_document(self, doc: Document, editable: bool) -> None:
        self._doc = doc
        keep = self.area.currentData()
        self.area.blockSignals(True)
        self.area.clear()
        for area in doc.visit.areas:
            self.area.addItem(area_name(area, self.lang), area)
        self.area.setCurrentIndex(max(0, self.area.findData(keep)))
        self.area.blockSignals(False)
        keep_item = self._item_choice()
        self._fill_items()
        self._select_item(keep_item)
        if self.editing is not None and all(f.id != self.editing.id for f in doc.findings):
            self.cancel_edit()  # deleted meanwhile
        for widget in (self.area, self.item, self.severity, self.text, self.choose):
            widget.setEnabled(editable)
        self.add_button.setEnabled(editable and self.job is None)
        self._show_pending()

    def _fill_items(self) -> None:
        """The questions of the chosen area, after a "whole area" choice."""
        self.item.clear()
        self.item.addItem(self.tr("(the area as a whole)"), None)
        area = self.area.currentData()
        if self._doc is None or area is None:
            return
        checklist = load_checklist(area, self._doc.visit.checklists.get(area))
        for item in checklist.items:
            text = item.text.zh if self.lang == "zh" else item.text.en
            self.item.addItem(f"{item.id}  {text}", item.id)

    def _select_item(self, item_id: str | None) -> None:
        self.item.setCurrentIndex(max(0, self.item.findData(item_id)) if item_id else 0)

    def _show_mode(self) -> None:
        editing = self.editing is not None
        self.heading.setText(self.tr("Edit the finding") if editing else self.tr("New finding"))
        self.add_button.setText(self.tr("&Save changes") if editing else self.tr("&Add finding"))
        self.cancel_button.setVisible(editing)

    # Filling it from elsewhere
    def prefill(self, area: str, item_id: str | None, severity: str) -> None:
        """A new finding about ``item_id`` of ``area`` (from "make a finding from this
        question"): the text is left to the team, and gets the focus."""
        if self.editing is not None:
            self.cancel_edit()
        self.area.setCurrentIndex(max(0, self.area.findData(area)))
        self._select_item(item_id)
        self.severity.setCurrentIndex(max(0, self.severity.findData(severity)))
        self.message.setText("")
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit(self, finding: Finding) -> None:
        """Load ``finding`` to change it; photos chosen now are added to it."""
        self.editing = finding
        self.area.setCurrentIndex(max(0, self.area.findData(finding.area)))
        self._select_item(finding.item)
        self.severity.setCurrentIndex(max(0, self.severity.findData(finding.severity)))
        self.text.setPlainText(finding.text)
        self.pending.clear()
        self.message.setText("")
        self._show_mode()
        self._show_pending()
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel_edit(self) -> None:
        self.editing = None
        self.text.clear()
        self.pending.clear()
        self._show_mode()
        self._show_pending()

    # Photos waiting for their finding
    def add_photo_paths(self, paths: list[Path]) -> None:
        self.pending += [p for p in paths if p.suffix.lower() in IMAGES]
        self._show_pending()

    def _show_pending(self) -> None:
        names = ", ".join(p.name for p in self.pending)
        self.photos_label.setText(
            self.tr("%n photo(s) to attach", "", len(self.pending))
            + (f": {names}" if names else "")
        )

    def choose_photos(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Photos of the finding"),
            "",
            self.tr("Pictures (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp)"),
        )
        self.add_photo_paths([Path(p) for p in paths])

    # Writing
    def submit(self) -> None:
        """Store the pending photos in a worker, then add the finding or save the changes."""
        text = self.text.toPlainText().strip()
        if self.job is not None or not text:
            if not text:
                self.message.setText(self.tr("Describe the finding first."))
            return
        pending, desk = list(self.pending), self.desk
        self.add_button.setEnabled(False)
        self.message.setText("")
        if pending:
            self.progress.setRange(0, len(pending))
            self.progress.setValue(0)
            self.progress.show()

        def job(signals: WorkerSignals) -> list[str]:
            hashes = []  # photo files only: no database work off the UI thread
            for n, path in enumerate(pending, start=1):
                hashes.append(desk.store_photo(path))
                signals.report(n, len(pending))
            return hashes

        self.job = start(
            job,
            succeeded=lambda hashes: self._on_photos_stored(text, hashes),
            failed=self._on_photos_failed,
            progressed=lambda done, _total: self.progress.setValue(done),
        )

    def _item_choice(self) -> str | None:
        """The chosen question: the listed entry, or one whose id was typed ("e05" or "E05 …");
        text that matches none means the area as a whole."""
        typed = self.item.currentText().strip()
        index = self.item.findText(typed)
        if index < 0 and typed:
            ids = {str(self.item.itemData(n)).upper(): n for n in range(1, self.item.count())}
            index = ids.get(typed.split()[0].upper(), -1)
        data = self.item.itemData(index) if index >= 0 else None
        return str(data) if data else None

    def _on_photos_stored(self, text: str, hashes: list[str]) -> None:
        self.job = None
        self.progress.hide()
        self.add_button.setEnabled(True)
        area, severity = str(self.area.currentData()), str(self.severity.currentData())
        try:
            if self.editing is None:
                saved = self.desk.add_finding(
                    self.visit_id, area, severity, text, item=self._item_choice(), stored=hashes
                )
                said = self.tr("Finding added.")
            else:
                saved = self.desk.edit_finding(
                    self.visit_id,
                    self.editing.id,
                    area=area,
                    severity=severity,
                    text=text,
                    item=self._item_choice(),
                    photos=[*self.editing.photos, *hashes],
                )
                said = self.tr("Changes saved.")
        except DomainError as exc:
            self.message.setText(exc.problems[0].text(self.lang))
            return
        self.editing = None
        self.pending.clear()
        self.text.clear()
        self._show_mode()
        self.message.setText(said)
        self.saved.emit(saved.id)

    def _on_photos_failed(self, exc: BaseException) -> None:
        self.job = None
        self.progress.hide()
        self.add_button.setEnabled(True)
        problems = getattr(exc, "problems", None)
        self.message.setText(problems[0].text(self.lang) if problems else str(exc))
