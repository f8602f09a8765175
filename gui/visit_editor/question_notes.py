"""The note under each question of the visit editor: shown when there is one or on Ctrl+M (then
scrolled into view, labelled with its question), saved when Enter is pressed or the field is
left. Works through the editor's desk; no rules.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from diagnosis.messages import DomainError
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QScrollArea, QWidget

from gui.visit_editor.question_base import in_lang

if TYPE_CHECKING:
    from gui.visit_editor.window import VisitEditor


class QuestionNotes(QObject):
    def __init__(self, editor: VisitEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.edits: dict[tuple[str, str], QLineEdit] = {}
        self.rows: dict[tuple[str, str], QWidget] = {}  # each note with its label

    def row_for(self, area: str, item_id: str) -> QWidget:
        """The note under a question, after a label naming the question: shown when there is
        one, or on Ctrl+M."""
        e = self.editor
        row = QWidget()
        row.setObjectName(f"note_row_{area}_{item_id}")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(12, 0, 4, 4)
        label = QLabel(self.tr("Note on %1:").replace("%1", self._name(area, item_id)))
        label.setObjectName("note_label")
        edit = QLineEdit(e.doc.notes.get(area, {}).get(item_id, ""))
        edit.setObjectName(f"note_{area}_{item_id}")
        edit.setPlaceholderText(self.tr("Note on this question (Enter saves)"))
        label.setBuddy(edit)
        layout.addWidget(label)
        layout.addWidget(edit, 1)
        row.setVisible(bool(edit.text()))
        row.setEnabled(e.editable)
        edit.editingFinished.connect(lambda a=area, i=item_id, w=edit: self._on_edited(a, i, w))
        self.edits[(area, item_id)] = edit
        self.rows[(area, item_id)] = row
        return row

    def _name(self, area: str, item_id: str) -> str:
        """The question's id and the start of its text: enough to tell whose note it is."""
        text = in_lang(self.editor.checklists[area].item(item_id).text, self.editor.lang)
        return f"{item_id} {text[:18]}…" if len(text) > 19 else f"{item_id} {text}"

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
        """Ctrl+M: open the note of the question being answered, in view."""
        e = self.editor
        key = e.navigator.current()
        if key is None:
            e.statusBar().showMessage(self.tr("Go to a question first."), 4000)
            return
        row = self.rows[key]
        row.show()
        page = e.pages.currentWidget()
        if isinstance(page, QScrollArea):
            host = page.widget()
            layout = None if host is None else host.layout()
            if layout is not None:
                layout.activate()  # the row just shown has no place until laid out
            page.ensureWidgetVisible(row)
        self.edits[key].setFocus()
