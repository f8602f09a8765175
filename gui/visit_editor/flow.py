"""What changes a visit as a whole rather than one answer, for the visit editor: the header
line and its dialog (date, team, organisation), finalising with the open warnings listed,
revising (with what the newest reference tables change), and a finding made from a question.
Holds the editor and works through its desk; no rules here.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from diagnosis.messages import DomainError
from diagnosis.visits.document import Document
from diagnosis.visits.findings import suggested_severity
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QWidget

from gui.visit_editor.doubts_dialog import DoubtsDialog
from gui.visit_editor.header_dialog import VisitHeaderDialog

if TYPE_CHECKING:
    from gui.visit_editor.window import VisitEditor


class VisitFlow(QObject):
    def __init__(self, editor: VisitEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.bar = QWidget()
        self.line = QLabel()
        self.line.setObjectName("header_line")
        self.line.setWordWrap(True)
        self.button = QPushButton(self.tr("Visit header…"))
        self.button.setObjectName("header_button")
        self.button.setToolTip("Ctrl+Shift+H")
        self.button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the shortcut is the keyboard way
        self.button.clicked.connect(self.edit_header)
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(self.line, 1)
        row.addWidget(self.button)
        self.doubts_dialog: DoubtsDialog | None = None
        self.header_dialog: VisitHeaderDialog | None = None

    # The header
    def show_header(self) -> None:
        e = self.editor
        v = e.doc.visit
        e.setWindowTitle(f"{e.doc.enterprise.name} — {v.date} — r{v.revision}")
        team = ("、" if e.lang == "zh" else ", ").join(v.team) or "—"
        self.line.setText(
            self.tr("Visit date: %1 · Team: %2 · Organisation: %3")
            .replace("%1", v.date)
            .replace("%2", team)
            .replace("%3", v.organisation or "—")
        )
        self.button.setEnabled(e.editable)

    def edit_header(self) -> None:
        """The date, team and organisation, until the visit is finalised."""
        e = self.editor
        if not e.editable:
            return
        v = e.doc.visit
        dialog = VisitHeaderDialog(
            e.lang,
            v.date,
            v.team,
            v.organisation,
            lambda when, team, org, experts: e.desk.set_header(v.id, when, team, org, experts),
            e,
            experts=v.experts_of_team,
        )
        dialog.setWindowTitle(self.tr("Visit header"))
        dialog.accepted.connect(lambda: self._on_header_saved(dialog.result_value))
        self.header_dialog = dialog
        dialog.open()

    def _on_header_saved(self, doc: object) -> None:
        e = self.editor
        if isinstance(doc, Document):
            e.doc = replace(e.doc, visit=doc.visit)
            self.show_header()
            e.refresh()  # the data year follows the date while E01 is unanswered
            e.saved.setText(self.tr("Saved %1").replace("%1", time.strftime("%H:%M:%S")))

    # Finalising
    def finalise(self) -> None:
        """Refused while a required answer is missing; with warnings open, they are listed
        first, to check each or to finalise anyway."""
        e = self.editor
        doubts = e.desk.doubts(e.doc)
        if doubts and not e.desk.missing(e.doc):
            self.doubts_dialog = DoubtsDialog(doubts, e.lang, e.go_to, e)
            self.doubts_dialog.accepted.connect(self._finalise_now)
            self.doubts_dialog.open()  # window-modal: the editor waits for the answer
            return
        self._finalise_now()

    def _finalise_now(self) -> None:
        e = self.editor
        try:
            open_doubts = e.desk.finalise(e.doc.visit.id)
        except DomainError as exc:
            e.statusBar().showMessage(exc.problems[0].text(e.lang), 8000)
            e.show_missing()
            e.navigator.first_missing()
            return
        e.load(e.doc.visit.id)
        if open_doubts:
            said = self.tr("Finalised with %n open warning(s).", "", len(open_doubts))
            e.statusBar().showMessage(said, 8000)

    def revise(self) -> None:
        """A new revision of the finalised visit, editable. It reads on the newest reference
        tables while the finalised one keeps its own: say what that changed before anyone
        edits it."""
        e = self.editor
        finalised = e.doc.visit
        revised = e.desk.revise(finalised.id)
        e.load(revised.visit.id)
        if revised.visit.id == finalised.id:
            return
        changes = e.desk.table_changes(finalised.id)
        if changes:
            heading = self.tr("Revision %1 uses the newest reference tables. What changed:")
            lines = [f"• {c.text(e.lang)}" for c in changes[:12]]
            more = ["…"] if len(changes) > 12 else []
            text = "\n".join([heading.replace("%1", str(revised.visit.revision)), *lines, *more])
            e.banner.setText(text)
            e.banner.show()

    # A finding from a question
    def finding_from_current(self) -> None:
        """The question being answered becomes a finding."""
        e = self.editor
        focused = QApplication.focusWidget()
        for (area, item_id), widget in e.widgets.items():
            if focused is not None and (widget is focused or widget.isAncestorOf(focused)):
                self.make_finding(area, item_id)
                return
        e.statusBar().showMessage(self.tr("Go to a question first."), 4000)

    def make_finding(self, area: str, item_id: str) -> None:
        """Open the findings page with this question's area, id and severity filled in."""
        e = self.editor
        if not e.editable:
            return
        item = e.checklists[area].item(item_id)
        e.areas.setCurrentRow(len(e.doc.visit.areas))  # the findings page
        e.findings_page.prefill(area, item_id, suggested_severity(item, e.doc, area))
