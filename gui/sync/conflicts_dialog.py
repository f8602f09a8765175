"""Settle sync conflicts by hand: the open ones listed, the selected one's two values side by
side with who and when, keep either or type a third; each choice is one ``resolve`` call.

Choosing is a local edit the next sync pushes; this dialog never merges or words values itself
(structured values are only pretty-printed for reading).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from diagnosis.messages import Lang
from diagnosis.register.enterprise import FIELD_BY_NAME
from diagnosis.sync.ports import ConflictSide, ConflictView, SyncError, SyncService
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.key_help import install as install_key_help

Index = QModelIndex | QPersistentModelIndex


def pretty(value: str | None) -> str:
    """JSON objects and lists indented for reading; anything else as stored."""
    if value is None:
        return ""
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    if isinstance(parsed, dict | list):
        return json.dumps(parsed, ensure_ascii=False, indent=2)
    return value


def compact(value: str) -> str:
    """A structured value on one line, for the base value above the two sides."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    if isinstance(parsed, dict | list):
        return json.dumps(parsed, ensure_ascii=False)
    return value


def is_structured(conflict: ConflictView) -> bool:
    for text in (conflict.ours.value, conflict.theirs.value, conflict.base):
        try:
            if isinstance(json.loads(text or ""), dict | list):
                return True
        except ValueError:
            continue
    return False


def local_time(at: str) -> str:
    """An ISO 8601 UTC stamp in this computer's time, to the minute."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


def side_text(side: ConflictSide) -> str:
    return f"{side.by}, {local_time(side.at)}"


class ConflictsModel(QAbstractTableModel):
    """The open conflicts: what, which field, who changed it when on each side."""

    def __init__(self, conflicts: list[ConflictView], lang: Lang) -> None:
        super().__init__()
        self.conflicts = list(conflicts)
        self.lang = lang

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def field_name(self, conflict: ConflictView) -> str:
        return field_label(conflict, self.lang)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        c = self.conflicts[index.row()]
        column = index.column()
        if column == 0:
            return c.context
        if column == 1:
            return self.field_name(c)
        return side_text(c.ours if column == 2 else c.theirs)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Record"),
            self.tr("Field"),
            self.tr("Current value: by, when"),
            self.tr("Competing value: by, when"),
        )[section]

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.conflicts[row]
        self.endRemoveRows()


def field_label(conflict: ConflictView, lang: Lang) -> str:
    """A field as a person knows it: the register's own label, else a few known names."""
    from PySide6.QtCore import QCoreApplication

    spec = FIELD_BY_NAME.get(conflict.field) if conflict.table == "enterprises" else None
    if spec is not None:
        return spec.zh if lang == "zh" else spec.en
    # Spelled out for lupdate, which only finds translate() calls written in full.
    known = {
        "value": QCoreApplication.translate("ConflictsDialog", "Answer"),
        "text": QCoreApplication.translate("ConflictsDialog", "Finding"),
        "severity": QCoreApplication.translate("ConflictsDialog", "Severity"),
        "photos": QCoreApplication.translate("ConflictsDialog", "Photos"),
        "date": QCoreApplication.translate("ConflictsDialog", "Visit date"),
        "status": QCoreApplication.translate("ConflictsDialog", "Status"),
        "team": QCoreApplication.translate("ConflictsDialog", "Team"),
        "notes": QCoreApplication.translate("ConflictsDialog", "Notes"),
        "measures": QCoreApplication.translate("ConflictsDialog", "Measures"),
        "deleted": QCoreApplication.translate("ConflictsDialog", "Deleted"),
    }
    return known.get(conflict.field, conflict.field)


class ConflictsDialog(QDialog):
    """Pick a value for each open conflict; the list shrinks until none are left."""

    def __init__(self, service: SyncService, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_dialog")
        self.service = service
        self.lang = lang
        self.resolved = 0
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.model = ConflictsModel(service.conflicts(), lang)
        self.heading = QLabel()
        self.heading.setObjectName("conflicts_heading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.table = QTableView()
        self.table.setObjectName("conflicts_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the buttons
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.detail = QWidget()
        self._build_detail()
        self.error = QLabel()
        self.error.setObjectName("conflicts_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.detail, 3)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for first, second in (
            (self.table, self.keep_ours),
            (self.keep_ours, self.keep_theirs),
            (self.keep_theirs, self.other),
            (self.other, self.apply_other),
            (self.apply_other, self.close_button),
        ):
            self.setTabOrder(first, second)
        self.resize(900, 640)
        install_key_help(self)  # F1: this dialog's keys (gui.key_help)
        self._refresh(0)

    def _side_box(
        self, title: str, keep_text: str, key: str
    ) -> tuple[QGroupBox, QLabel, QPlainTextEdit, QPushButton]:
        box = QGroupBox(title)
        who = QLabel()
        who.setObjectName(f"conflict_{key}_who")
        view = QPlainTextEdit()
        view.setObjectName(f"conflict_{key}_value")
        view.setReadOnly(True)
        view.setTabChangesFocus(True)
        keep = QPushButton(keep_text)
        keep.setObjectName(f"keep_{key}")
        keep.setAutoDefault(False)
        inner = QVBoxLayout(box)
        inner.addWidget(who)
        inner.addWidget(view, 1)
        inner.addWidget(keep)
        return box, who, view, keep

    def _build_detail(self) -> None:
        self.what = QLabel()
        self.what.setObjectName("conflict_what")
        self.what.setWordWrap(True)
        self.base = QLabel()
        self.base.setObjectName("conflict_base")
        self.base.setWordWrap(True)
        self.base.setStyleSheet("color: #555;")
        ours_box, self.ours_who, self.ours_view, self.keep_ours = self._side_box(
            self.tr("Current value"), self.tr("&Keep this"), "ours"
        )
        theirs_box, self.theirs_who, self.theirs_view, self.keep_theirs = self._side_box(
            self.tr("Competing value"), self.tr("Keep t&his"), "theirs"
        )
        self.keep_ours.clicked.connect(lambda _checked=False: self._keep(ours=True))
        self.keep_theirs.clicked.connect(lambda _checked=False: self._keep(ours=False))
        # Ctrl+1 / Ctrl+2 keep a side from anywhere in the dialog, the list included.
        for keys, ours in (("Ctrl+1", True), ("Ctrl+2", False)):
            shortcut = QShortcut(QKeySequence(keys), self)
            keep = self.tr("Keep the local value") if ours else self.tr("Keep the competing value")
            shortcut.setWhatsThis(keep)  # F1 lists it (gui.key_help)
            shortcut.activated.connect(lambda ours=ours: self._keep(ours=ours))
        self.keep_ours.setToolTip("Ctrl+1")
        self.keep_theirs.setToolTip("Ctrl+2")
        self.other = QLineEdit()
        self.other.setObjectName("conflict_other")
        self.other.setPlaceholderText(self.tr("Type another value and press Enter"))
        self.other.returnPressed.connect(self._apply_other)
        other_label = QLabel(self.tr("&Other value:"))
        other_label.setBuddy(self.other)
        self.apply_other = QPushButton(self.tr("&Use this value"))
        self.apply_other.setObjectName("apply_other")
        self.apply_other.setAutoDefault(False)
        self.apply_other.clicked.connect(lambda _checked=False: self._apply_other())
        sides = QGridLayout()
        sides.addWidget(ours_box, 0, 0)
        sides.addWidget(theirs_box, 0, 1)
        other_row = QHBoxLayout()
        other_row.addWidget(other_label)
        other_row.addWidget(self.other, 1)
        other_row.addWidget(self.apply_other)
        layout = QVBoxLayout(self.detail)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.what)
        layout.addWidget(self.base)
        layout.addLayout(sides, 1)
        layout.addLayout(other_row)

    def current(self) -> ConflictView | None:
        row = self.table.currentIndex().row()
        return self.model.conflicts[row] if 0 <= row < self.model.rowCount() else None

    def _refresh(self, row: int) -> None:
        left = self.model.rowCount()
        if left:
            self.heading.setText(
                self.tr("1 conflict to settle.")
                if left == 1
                else self.tr("%1 conflicts to settle.").replace("%1", str(left))
            )
            row = min(max(row, 0), left - 1)
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.setFocus()
        else:
            if self.resolved:
                self.heading.setText(
                    self.tr("No conflicts left. Your choices are sent with the next sync.")
                )
            else:
                self.heading.setText(self.tr("No conflicts to settle."))
            self.close_button.setFocus()
        self.detail.setEnabled(bool(left))
        self.detail.setVisible(bool(left))  # nothing left to compare: only the heading
        self._show(self.current())

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.error.hide()
        self._show(self.current())

    def _show(self, conflict: ConflictView | None) -> None:
        self.other.clear()
        if conflict is None:
            for widget in (self.what, self.base, self.ours_who, self.theirs_who):
                widget.clear()
            self.ours_view.clear()
            self.theirs_view.clear()
            return
        self.what.setText(
            self.tr("%1 — field “%2”")
            .replace("%1", conflict.context)
            .replace("%2", self.model.field_name(conflict))
        )
        base = compact(conflict.base) if conflict.base is not None else "—"
        self.base.setText(self.tr("Before both changes: %1").replace("%1", base))
        for label, side in ((self.ours_who, conflict.ours), (self.theirs_who, conflict.theirs)):
            label.setText(
                self.tr("by %1 at %2").replace("%1", side.by).replace("%2", local_time(side.at))
            )
        self.ours_view.setPlainText(pretty(conflict.ours.value))
        self.theirs_view.setPlainText(pretty(conflict.theirs.value))

    def _keep(self, ours: bool) -> None:
        conflict = self.current()
        if conflict is not None:
            self._resolve(conflict, (conflict.ours if ours else conflict.theirs).value)

    def _apply_other(self) -> None:
        conflict = self.current()
        if conflict is None:
            return
        value = self.other.text()
        if not value.strip():
            self._fail(self.tr("Type a value first, or keep one of the two."))
            return
        if is_structured(conflict):
            try:
                json.loads(value)
            except ValueError as exc:
                self._fail(
                    self.tr("This field holds structured data; type it as JSON (%1).").replace(
                        "%1", str(exc)
                    )
                )
                return
        self._resolve(conflict, value)

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _resolve(self, conflict: ConflictView, value: str) -> None:
        row = self.model.conflicts.index(conflict)
        try:
            self.service.resolve(conflict.id, value)
        except SyncError as exc:
            self._fail(self.tr("Could not settle it: %1").replace("%1", exc.reason))
            return
        except Exception as exc:  # a store error: say so, keep the conflict listed
            self._fail(self.tr("Could not settle it: %1").replace("%1", str(exc)))
            return
        self.error.hide()
        self.resolved += 1
        self.model.remove(row)
        self._refresh(row)
