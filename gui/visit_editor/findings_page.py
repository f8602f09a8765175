"""Findings of a visit with their photos: the list, the photos of the selected finding, and the
form to add one or change it (gui/visit_editor/finding_form.py). Until the visit is finalised a
finding can
be edited (Enter or F2), deleted (Delete, after a confirmation) and stripped of a photo (Delete
on the photo); photos are chosen or dropped and stored in a worker.
"""

from __future__ import annotations

from pathlib import Path

from diagnosis.messages import DomainError, Lang
from diagnosis.visits.document import Document, Finding
from diagnosis.visits.service import VisitService
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.key_help import describe_keys
from gui.rows_model import RowsModel
from gui.visit_editor.finding_form import IMAGES, SEVERITY_NAMES, FindingForm
from gui.visit_editor.results_panel import area_name

__all__ = ["IMAGES", "SEVERITY_NAMES", "THUMB", "FindingsPage"]
THUMB = 120
_SHA = Qt.ItemDataRole.UserRole
_EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2)


class FindingsPage(QWidget):
    changed = Signal()

    def __init__(
        self, desk: VisitService, visit_id: str, lang: Lang, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.visit_id = visit_id
        self.lang = lang
        self.editable = False
        self.setAcceptDrops(True)
        self.model: RowsModel[Finding] = RowsModel(
            [self.tr("Severity"), self.tr("Area"), self.tr("Finding"), self.tr("Photos")],
            self._render,
        )
        self.table = QTableView()
        self.table.setObjectName("findings")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_photos(current.row())
        )
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.installEventFilter(self)
        self.photos = QListWidget()
        self.photos.setObjectName("photos")
        self.photos.setViewMode(QListView.ViewMode.IconMode)
        self.photos.setIconSize(QSize(THUMB, THUMB))
        self.photos.setFlow(QListView.Flow.LeftToRight)
        self.photos.setWrapping(False)
        self.photos.setFixedHeight(THUMB + 30)
        self.photos.setMovement(QListView.Movement.Static)
        self.photos.installEventFilter(self)
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.edit_button.setObjectName("edit_finding")
        self.edit_button.setToolTip(self.tr("Enter or F2 in the list"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.setObjectName("delete_finding")
        self.delete_button.setToolTip(self.tr("Delete in the list"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.strip_button = QPushButton(self.tr("&Remove photo"))
        self.strip_button.setObjectName("strip_photo")
        self.strip_button.setToolTip(self.tr("Delete on a photo"))
        self.strip_button.clicked.connect(self.strip_selected_photo)
        self.form = FindingForm(desk, visit_id, lang)
        self.form.saved.connect(self._on_form_saved)
        # The form's parts, as the page's own: tests and the editor reach them here.
        self.area, self.item, self.severity = self.form.area, self.form.item, self.form.severity
        self.text, self.progress, self.message = (
            self.form.text,
            self.form.progress,
            self.form.message,
        )
        self.photos_label, self.add_button = self.form.photos_label, self.form.add_button
        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.strip_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.photos)
        layout.addLayout(actions)
        layout.addWidget(self.form)
        hint = QLabel(
            self.tr(
                "Drop photos here. Ctrl+Return adds the finding (or saves the one being edited)."
            )
        )
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)
        add = QShortcut(QKeySequence("Ctrl+Return"), self)
        add.setWhatsThis(self.tr("Add the finding (or save the one being edited)"))  # F1 lists it
        add.activated.connect(self.form.submit)
        cancel = QShortcut(QKeySequence("Esc"), self.form)
        cancel.setWhatsThis(self.tr("Stop editing the finding"))
        describe_keys(  # handled in eventFilter below, listed by F1 (gui.key_help)
            self,
            [
                ("Enter / F2", self.tr("Edit the selected finding (in the list)")),
                ("Delete", self.tr("Delete the selected finding, or the selected photo")),
            ],
        )
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(self._on_cancel_activated)
        self.reload()

    def _on_cancel_activated(self) -> None:
        if self.form.editing is not None:  # a new finding being typed is never thrown away
            self.form.cancel_edit()
            self.table.setFocus()

    @property
    def job(self) -> object:
        return self.form.job

    def add_finding(self) -> None:
        self.form.submit()

    def add_photo_paths(self, paths: list[Path]) -> None:
        self.form.add_photo_paths(paths)

    def _render(self, f: Finding) -> tuple[str, str, str, str]:
        zh, en = SEVERITY_NAMES.get(f.severity, (f.severity, f.severity))
        return (
            zh if self.lang == "zh" else en,
            area_name(f.area, self.lang) + (f" · {f.item}" if f.item else ""),
            f.text,
            str(len(f.photos)),
        )

    def reload(self, select: str | None = None) -> None:
        """The visit's findings as stored; ``select`` (a finding id) or the same row selected."""
        doc: Document = self.desk.open(self.visit_id)
        row = self.table.currentIndex().row()
        self.editable = self.desk.editable(doc)
        self.model.set_rows(list(doc.findings))
        self.form.set_document(doc, self.editable)
        ids = [f.id for f in doc.findings]
        if select in ids:
            row = ids.index(select)
        if 0 <= row < len(ids):
            self.table.selectRow(min(row, len(ids) - 1))
        else:
            self._show_photos(-1)
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(self.editable and chosen)
        self.delete_button.setEnabled(self.editable and chosen)
        self.strip_button.setEnabled(self.editable and self.photos.count() > 0)

    def selected(self) -> Finding | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _show_photos(self, row: int) -> None:
        self.photos.clear()
        if 0 <= row < len(self.model.rows):
            for sha in self.model.rows[row].photos:
                path = self.desk.photo_path(sha)
                entry = QListWidgetItem()
                entry.setData(_SHA, sha)
                if path is not None:
                    entry.setIcon(QIcon(QPixmap(str(path))))
                    entry.setToolTip(sha[:12])
                else:
                    entry.setText(self.tr("(photo not on this computer)"))
                self.photos.addItem(entry)
            if self.photos.count():
                self.photos.setCurrentRow(0)
        self.photos.setVisible(self.photos.count() > 0)  # no empty box under the list
        self._enable()

    # Keys on the list and on the photos
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.table and key in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
                Qt.Key.Key_F2,
            ):
                self.edit_selected()
                return True
            if watched is self.table and key == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
            if watched is self.photos and key == Qt.Key.Key_Delete:
                self.strip_selected_photo()
                return True
        return super().eventFilter(watched, event)

    # Changing a finding
    def edit_selected(self) -> None:
        finding = self.selected()
        if finding is not None and self.editable:
            self.form.edit(finding)

    def delete_selected(self) -> None:
        """Ask, then tombstone the selected finding (it syncs as deleted)."""
        finding = self.selected()
        if finding is None or not self.editable:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete the finding"),
            self.tr("Delete this finding? Its photos stay in the photo store.")
            + f"\n\n{finding.text}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirm_delete")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Delete"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("&Keep"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self._delete(finding))
        self.confirm = box
        box.open()  # window-modal; Enter keeps, Alt+D (or Y) deletes

    def _delete(self, finding: Finding) -> None:
        try:
            self.desk.delete_finding(self.visit_id, finding.id)
        except DomainError as exc:
            self.message.setText(exc.problems[0].text(self.lang))
            return
        self.message.setText(self.tr("Finding deleted."))
        self.reload()
        self.table.setFocus()
        self.changed.emit()

    def strip_selected_photo(self) -> None:
        """Take the selected photo off the finding; the file stays (addressed by content)."""
        finding, entry = self.selected(), self.photos.currentItem()
        if finding is None or entry is None or not self.editable:
            return
        sha = entry.data(_SHA)
        try:
            self.desk.edit_finding(
                self.visit_id,
                finding.id,
                area=finding.area,
                severity=finding.severity,
                text=finding.text,
                item=finding.item,
                photos=[p for p in finding.photos if p != sha],
            )
        except DomainError as exc:
            self.message.setText(exc.problems[0].text(self.lang))
            return
        self.message.setText(self.tr("Photo removed from the finding."))
        self.reload(select=finding.id)
        self.photos.setFocus()
        self.changed.emit()

    def prefill(self, area: str, item_id: str | None, severity: str) -> None:
        self.form.prefill(area, item_id, severity)

    def _on_form_saved(self, finding_id: str) -> None:
        self.reload(select=finding_id)
        self.changed.emit()

    # Photos dropped on the page
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.form.add_photo_paths(paths)
        event.acceptProposedAction()
