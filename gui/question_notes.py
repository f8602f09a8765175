"""The note under each question of the visit editor: shown when there is one or on Ctrl+M,
saved when Enter is pressed or the field is left. Works through the editor's desk; no rules.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from diagnosis.messages import DomainError
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLineEdit

if TYPE_CHECKING:
    from gui.visit_editor import VisitEditor


class QuestionNotes(QObject):
    def __init__(self, editor: VisitEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.edits: dict[tuple[str, str], QLineEdit] = {}

    def edit_for(self, area: str, item_id: str) -> QLineEdit:
        """The note under a question: shown when there is one, or on Ctrl+M."""
        e = self.editor
        edit = QLineEdit(e.doc.notes.get(area, {}).get(item_id, ""))
        edit.setObjectName(f"note_{area}_{item_id}")
        edit.setPlaceholderText(self.tr("Note on this question (Enter saves)"))
        edit.setVisible(bool(edit.text()))
        edit.setEnabled(e.editable)
        edit.editingFinished.connect(lambda a=area, i=item_id, w=edit: self._on_edited(a, i, w))
        self.edits[(area, item_id)] = edit
        return edit

    def _on_edited(self, area: str, item_id: str, edit: QLineEdit) -> None:
        e = self.editor
        if edit.text().strip() == e.doc.notes.get(area, {}).get(item_id, ""):
            return
        try:
            notes = e.desk.note(e.doc.visit.id, area, item_id, edit.text())
        except DomainError as exc:
            e.statusBar().showMessage(exc.problems[0].text(e.lang), 8000)
            return
        e.doc = replace(e.doc, notes=notes)
        e.saved.setText(self.tr("Saved %1").replace("%1", time.strftime("%H:%M:%S")))

    def on_current(self) -> None:
        """Ctrl+M: open the note of the question being answered."""
        focused = QApplication.focusWidget()
        for key, widget in self.editor.widgets.items():
            if focused is not None and (widget is focused or widget.isAncestorOf(focused)):
                edit = self.edits[key]
                edit.show()
                edit.setFocus()
                return
