"""Findings of a visit with their photos: the list, thumbnails of the selected finding, and a
form to add one. Photos are chosen or dropped; they are downscaled and stored in a worker, so
the window never waits on a large picture.
"""

from __future__ import annotations

from pathlib import Path

from diagnosis.checklist import load_checklist
from diagnosis.document import Document, Finding
from diagnosis.messages import DomainError, Lang
from diagnosis.visit_desk import VisitDesk
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.results_panel import area_name
from gui.rows_model import RowsModel
from gui.workers import WorkerSignals, start

SEVERITY_NAMES = {
    "major": ("重大", "major"),
    "serious": ("较大", "serious"),
    "general": ("一般", "general"),
}
_IMAGES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".heic")
THUMB = 120


class FindingsPage(QWidget):
    changed = Signal()

    def __init__(
        self, desk: VisitDesk, visit_id: str, lang: Lang, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.visit_id = visit_id
        self.lang = lang
        self.pending: list[Path] = []
        self.job: WorkerSignals | None = None
        self.setAcceptDrops(True)
        self.model: RowsModel[Finding] = RowsModel(
            [self.tr("Severity"), self.tr("Area"), self.tr("Finding"), self.tr("Photos")],
            self._render,
        )
        self.table = QTableView()
        self.table.setObjectName("findings")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_thumbnails(current.row())
        )
        self.thumbs = QHBoxLayout()
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
        self._doc: Document | None = None
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
        choose = QPushButton(self.tr("Add &photos…"))
        choose.clicked.connect(self.choose_photos)
        self.add_button = QPushButton(self.tr("&Add finding"))
        self.add_button.setObjectName("add_finding")
        self.add_button.clicked.connect(self.add_finding)
        self.progress = QProgressBar()
        self.progress.setObjectName("photo_progress")
        self.progress.setFormat(self.tr("Storing photo %v of %m"))
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("finding_message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Area"), self.area)
        form.addRow(self.tr("Question"), self.item)
        form.addRow(self.tr("Severity"), self.severity)
        form.addRow(self.tr("Finding"), self.text)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addWidget(self.photos_label, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.thumbs)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        hint = QLabel(self.tr("Drop photos here. Ctrl+Return adds the finding."))
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.add_finding)
        self.reload()

    def _render(self, f: Finding) -> tuple[str, str, str, str]:
        zh, en = SEVERITY_NAMES.get(f.severity, (f.severity, f.severity))
        return (
            zh if self.lang == "zh" else en,
            area_name(f.area, self.lang) + (f" · {f.item}" if f.item else ""),
            f.text,
            str(len(f.photos)),
        )

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

    def reload(self) -> None:
        doc = self._doc = self.desk.open(self.visit_id)
        keep = self.area.currentData()
        self.area.blockSignals(True)
        self.area.clear()
        for area in doc.visit.areas:
            self.area.addItem(area_name(area, self.lang), area)
        self.area.setCurrentIndex(max(0, self.area.findData(keep)))
        self.area.blockSignals(False)
        self._fill_items()
        self.model.set_rows(list(doc.findings))
        editable = self.desk.editable(doc)
        for widget in (self.area, self.item, self.severity, self.text, self.add_button):
            widget.setEnabled(editable)
        self._show_pending()

    def _show_thumbnails(self, row: int) -> None:
        while (item := self.thumbs.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        if not 0 <= row < len(self.model.rows):
            return
        for sha in self.model.rows[row].photos:
            path = self.desk.photo_path(sha)
            label = QLabel()
            label.setObjectName("thumbnail")
            if path is not None:
                label.setPixmap(
                    QPixmap(str(path)).scaled(
                        THUMB,
                        THUMB,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            else:
                label.setText(self.tr("(photo not on this computer)"))
            self.thumbs.addWidget(label)
        self.thumbs.addStretch(1)

    # Photos waiting for their finding
    def add_photo_paths(self, paths: list[Path]) -> None:
        self.pending += [p for p in paths if p.suffix.lower() in _IMAGES]
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

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_photo_paths(paths)
        event.acceptProposedAction()

    # Adding
    def add_finding(self) -> None:
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
        try:
            self.desk.add_finding(
                self.visit_id,
                str(self.area.currentData()),
                str(self.severity.currentData()),
                text,
                item=self._item_choice(),
                stored=hashes,
            )
        except DomainError as exc:
            self.message.setText(exc.problems[0].text(self.lang))
            return
        self.pending.clear()
        self.text.clear()
        self.message.setText(self.tr("Finding added."))
        self.reload()
        self.table.selectRow(self.model.rowCount() - 1)
        self.changed.emit()

    def _on_photos_failed(self, exc: BaseException) -> None:
        self.job = None
        self.progress.hide()
        self.add_button.setEnabled(True)
        problems = getattr(exc, "problems", None)
        self.message.setText(problems[0].text(self.lang) if problems else str(exc))
