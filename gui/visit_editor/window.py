"""The visit editor: one page per area, generated from the checklist data, each answer saved
the moment it is given, relevance and progress kept current, live results beside.

Every rule (what an answer may be, what is relevant, the scores) comes from the domain; this
window only shows and asks.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from diagnosis.assessment.scoring import relevant
from diagnosis.checklists.format import Checklist, Item
from diagnosis.checklists.load import load_checklist
from diagnosis.messages import DomainError, Lang
from diagnosis.plausibility.checks import Doubt
from diagnosis.visits.document import Document
from diagnosis.visits.service import VisitService
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.report.actions import PlanExporter, PlanExports
from gui.visit_editor import keys as keys
from gui.visit_editor.flow import VisitFlow
from gui.visit_editor.navigation import VisitNavigator
from gui.visit_editor.parts import (
    AnswerCommand,
    area_page,
    mark_question,
    mark_questions,
    missing_dialog,
    show_progress,
)
from gui.visit_editor.question_notes import QuestionNotes
from gui.visit_editor.question_widgets import QuestionWidget, make_question_widget
from gui.visit_editor.results_panel import ResultsPanel, area_name

if TYPE_CHECKING:
    # Named only: the page is made when a visit is loaded (_add_extra_pages).
    from gui.visit_editor.measures_page import MeasuresPage


class VisitEditor(QMainWindow):
    closed = Signal()

    def __init__(
        self,
        desk: VisitService,
        visit_id: str,
        lang: Lang,
        parent: QWidget | None = None,
        plans: PlanExports | None = None,
    ) -> None:
        super().__init__(parent)
        self.plans = plans
        self.desk = desk
        self.lang = lang
        self.widgets: dict[tuple[str, str], QuestionWidget] = {}
        self.doubts: tuple[Doubt, ...] = ()
        self.failed: dict[str, list[str]] = {}
        self.marked: set[tuple[str, str]] = set()  # questions showing a doubt or the offer
        self.notes = QuestionNotes(self)
        self.note_edits = self.notes.edits  # the note under each question, by (area, item)
        self.navigator = VisitNavigator(self)
        self.checklists: dict[str, Checklist] = {}
        self.areas = QListWidget()
        self.areas.setObjectName("areas")
        self.areas.setMaximumWidth(220)
        self.pages = QStackedWidget()
        self.results = ResultsPanel(lang)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4d6; padding: 6px;")
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        self.flow = VisitFlow(self)
        column.addWidget(self.flow.bar)
        column.addWidget(self.banner)
        column.addWidget(self.pages, 1)
        splitter = QSplitter()
        splitter.addWidget(self.areas)
        splitter.addWidget(middle)
        splitter.addWidget(self.results)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([200, 720, 360])
        self.results.setMaximumWidth(460)
        self.setCentralWidget(splitter)
        self.saved = QLabel()
        self.saved.setObjectName("saved")
        self.statusBar().addPermanentWidget(self.saved)
        self.areas.currentRowChanged.connect(self._on_areas_current_row_changed)
        self.undo_stack = QUndoStack(self)
        self._build_actions()
        self.load(visit_id)
        self.resize(1280, 800)

    # Building
    def _action(self, text: str, keys: str, slot: object, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        # The keys come from gui/visit_editor/keys.py, where a help window lists them too.
        self.act_next_missing = self._action(
            self.tr("Next unanswered required question"),
            keys.NEXT_UNANSWERED.keys,
            self.next_missing,
            "next_missing",
        )
        self.act_prev_missing = self._action(
            self.tr("Previous unanswered required question"),
            keys.PREVIOUS_UNANSWERED.keys,
            lambda: self.navigator.step_unanswered(-1),
            "prev_missing",
        )
        self.act_next_area = self._action(
            self.tr("Next area"), keys.NEXT_AREA.keys, lambda: self._step_area(1), "next_area"
        )
        self.act_prev_area = self._action(
            self.tr("Previous area"),
            keys.PREVIOUS_AREA.keys,
            lambda: self._step_area(-1),
            "prev_area",
        )
        self.act_finalise = self._action(
            self.tr("Finalise the visit"), keys.FINALISE.keys, self.finalise, "finalise"
        )
        self.act_revise = self._action(
            self.tr("Revise (new revision)"), keys.REVISE.keys, self.revise, "revise"
        )
        self.act_close = self._action(self.tr("Close"), keys.CLOSE.keys, self.close, "close")
        self.act_note = self._action(
            self.tr("Note on this question"), keys.NOTE.keys, self.notes.on_current, "note"
        )
        self.act_finding = self._action(
            self.tr("Make a finding from this question"),
            keys.FINDING.keys,
            self.flow.finding_from_current,
            "finding_from_question",
        )
        self.act_header = self._action(
            self.tr("Visit header (date, team, organisation)…"),
            keys.HEADER.keys,
            self.flow.edit_header,
            "header",
        )
        self.act_undo = self.undo_stack.createUndoAction(self, self.tr("Undo answer"))
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self.undo_stack.createRedoAction(self, self.tr("Redo answer"))
        # Both conventions: the platform's Redo key may be either.
        self.act_redo.setShortcuts([QKeySequence(keys.REDO.keys), QKeySequence("Ctrl+Y")])
        self.addActions([self.act_undo, self.act_redo])
        menu = self.menuBar().addMenu(self.tr("&Visit"))
        menu.addActions([self.act_undo, self.act_redo])
        menu.addSeparator()
        menu.addActions(
            [
                self.act_next_missing,
                self.act_prev_missing,
                self.act_next_area,
                self.act_prev_area,
                self.act_note,
            ]
        )
        menu.addSeparator()
        menu.addActions([self.act_finding, self.act_header])
        menu.addSeparator()
        self.exporter = PlanExporter(
            self, self.statusBar(), self.plans, self.lang, self._plan_document
        )
        menu.addActions(self.exporter.actions())
        menu.addSeparator()
        menu.addActions([self.act_finalise, self.act_revise, self.act_close])

    def load(self, visit_id: str) -> None:
        """Show visit ``visit_id``: pages from its checklist versions, its answers filled in."""
        self.doc: Document = self.desk.open(visit_id)
        self.undo_stack.clear()  # undo never reaches into another visit or revision
        self.answers = {area: dict(self.doc.answers.get(area, {})) for area in self.doc.visit.areas}
        while (page := self.pages.widget(0)) is not None:
            self.pages.removeWidget(page)
            page.deleteLater()
        self.areas.clear()
        self.widgets.clear()
        self.marked.clear()
        self.note_edits.clear()
        self.notes.rows.clear()
        self.built: set[str] = set()
        self.failed = {}
        for area in self.doc.visit.areas:
            self.checklists[area] = load_checklist(area, self.doc.visit.checklists.get(area))
            # A placeholder: a page's widgets are made when the page is first shown, so a
            # visit opens at the cost of one page, not five.
            self.pages.addWidget(QScrollArea())
            self.areas.addItem(QListWidgetItem(area_name(area, self.lang)))
        self.editable = editable = self.desk.editable(self.doc)
        self.flow.show_header()
        self.act_finalise.setEnabled(editable)
        self.act_header.setEnabled(editable)
        self.act_finding.setEnabled(editable)
        self.act_revise.setEnabled(not editable)
        if editable:
            self.banner.hide()
        else:
            self.banner.setText(
                self.tr(
                    "This visit is finalised and read-only. Revise it "
                    "(Ctrl+Shift+R) to make a new revision."
                )
            )
            self.banner.show()
        self._add_extra_pages(visit_id)
        self.refresh()
        self.areas.setCurrentRow(0)
        self._on_areas_current_row_changed(0)

    def _add_extra_pages(self, visit_id: str) -> None:
        """Findings (and what else is not a checklist) after the five areas."""
        from gui.visit_editor.findings_page import FindingsPage
        from gui.visit_editor.measures_page import MeasuresPage

        self.findings_page = FindingsPage(self.desk, visit_id, self.lang)
        self.pages.addWidget(self.findings_page)
        self.areas.addItem(QListWidgetItem(self.tr("Findings and photos")))
        self.measures_page = MeasuresPage(self.desk, visit_id, self.lang)
        self.measures_page.changed.connect(self._on_measures_page_changed)
        self.pages.addWidget(self.measures_page)
        self.areas.addItem(QListWidgetItem(self.tr("Measures")))

    def _on_measures_page_changed(self) -> None:
        self.doc = replace(self.doc, measures=self.desk.open(self.doc.visit.id).measures)
        self.refresh(measures=False)  # the page has just shown its own decision

    def _plan_document(self) -> Document | None:
        """The visit whose plan is exported (the plan service reads it from the store), once
        what was typed on the measures page and not saved yet is saved, as leaving the page
        saves it: the plan then prints the figures and priorities the page shows. A figure
        the page refuses stops the export, and the page shows why."""
        page = self.measures_page
        if page.commit():
            return self.doc
        self.areas.setCurrentRow(self.pages.indexOf(page))
        self.statusBar().showMessage(
            self.tr(
                "The plan was not exported: what was typed on the measures page cannot be "
                "saved (the page says why)."
            ),
            8000,
        )
        return None

    def _on_areas_current_row_changed(self, row: int) -> None:
        # The findings and measures pages need the width; they carry their own totals.
        self.results.setVisible(row < len(self.doc.visit.areas))
        # A finding is made from a question: off the question pages Ctrl+Shift+N is the page's
        # own key (the measures page's custom measure), which two enabled actions would void.
        editable = getattr(self, "editable", False)  # rows change while the list is filled
        self.act_finding.setEnabled(editable and 0 <= row < len(self.doc.visit.areas))
        if row >= len(self.doc.visit.areas):  # a page that is not a checklist area
            page = self.pages.widget(row)
            if page is getattr(self, "measures_page", None):
                self.measures_page.reload()  # answers may have changed what is proposed
            self.pages.setCurrentIndex(row)
            return
        if row < 0:
            return
        area = self.doc.visit.areas[row]
        if area not in self.built:
            self.built.add(area)
            if self.editable:
                self.failed.update(self.desk.failed(self.doc, [area]))
            old = self.pages.widget(row)
            page = self._page(area, self.checklists[area])
            self.pages.insertWidget(row, page)
            if old is not None:
                self.pages.removeWidget(old)
                old.deleteLater()
            self._apply_relevance(area)
        self.pages.setCurrentIndex(row)

    def ensure_page(self, area: str) -> None:
        """Build ``area``'s page now (the widgets of an unopened page do not exist yet)."""
        row = list(self.doc.visit.areas).index(area)
        if area not in self.built:
            current = self.areas.currentRow()
            self._on_areas_current_row_changed(row)
            self.pages.setCurrentIndex(current)

    def _page(self, area: str, checklist: Checklist) -> QScrollArea:
        return area_page(area, checklist, self.lang, lambda item: self._question(area, item))

    def _question(self, area: str, item: Item) -> tuple[QuestionWidget, QWidget]:
        """The widget of one question, filled in and wired, and the note under it."""
        widget = make_question_widget(item, self.lang)
        widget.setObjectName(f"q_{area}_{item.id}")
        widget.setEnabled(self.editable)
        stored = self.answers[area].get(item.id)
        if stored is not None:
            widget.set_value(stored)
        widget.answered.connect(
            lambda value, a=area, i=item.id: self._on_question_answered(a, i, value)
        )
        widget.finding_requested.connect(lambda a=area, i=item.id: self.flow.make_finding(a, i))
        self.widgets[(area, item.id)] = widget
        doubts = [d for d in self.doubts if (d.area, d.item) == (area, item.id)]
        failed = item.id in self.failed.get(area, ())
        mark_question(widget, doubts, failed, self.lang)
        if doubts or failed:
            self.marked.add((area, item.id))
        return widget, self.notes.row_for(area, item.id)

    # Answering
    def _on_question_answered(self, area: str, item_id: str, value: object) -> None:
        old = self.answers[area].get(item_id)
        if self.save_answer(area, item_id, value):
            self.undo_stack.push(AnswerCommand(self, area, item_id, old, value))

    def save_answer(self, area: str, item_id: str, value: object) -> bool:
        """Save one answer now; on refusal the question says why and nothing changes."""
        widget = self.widgets.get((area, item_id))
        try:
            self.desk.answer(self.doc.visit.id, area, item_id, value)
        except DomainError as exc:
            if widget is not None:
                widget.show_problem(exc.problems[0].text(self.lang))
            return False
        if widget is not None:
            widget.show_problem(None)
        if value is None:
            self.answers[area].pop(item_id, None)
        else:
            self.answers[area][item_id] = value
        # Only the answered area's mapping is new: the others stay as they were, so what was
        # worked out from them (the estimates) stands.
        answers = {**self.doc.answers, area: dict(self.answers[area])}
        self.doc = replace(self.doc, answers=answers)
        self._apply_relevance(area)
        self.refresh(area)
        self.saved.setText(self.tr("Saved %1").replace("%1", time.strftime("%H:%M:%S")))
        return True

    def _apply_relevance(self, area: str) -> None:
        shown = {item.id for item in relevant(self.checklists[area], self.answers[area])}
        for (a, item_id), widget in self.widgets.items():
            if a == area:
                widget.setVisible(item_id in shown)

    def refresh(self, area: str | None = None, *, measures: bool = True) -> None:
        """Everything that follows the answers; ``area``: the one just answered (the failed
        answers of the other pages built stand). ``measures``: the measures page too, when it
        is the one shown (it reads the stored visit again whenever it is shown)."""
        page: MeasuresPage | None = getattr(self, "measures_page", None)
        if measures and page is not None and self.pages.currentWidget() is page:
            # On the measures page an answer changes by undo or redo, the header by its
            # dialog: what is proposed, and each priority, follows them there too, so the
            # page never shows what the plan (which reads the stored visit) no longer prints.
            page.reload()
        assessment = self.desk.assess(self.doc)
        # Doubts are warnings beside the answers (the values are saved); failed answers offer
        # a finding, on the pages built. Both follow every answer, like the scores.
        if area is None:
            self.doubts = self.desk.doubts(self.doc)
        else:  # only the rules that read this area run again
            self.doubts = self.desk.doubts(self.doc, [area], self.doubts)
        if not self.editable:
            self.failed = {}
        else:
            self.failed.update(self.desk.failed(self.doc, [area] if area else self.built))
        counts = mark_questions(self.widgets, self.doubts, self.failed, self.lang, self.marked)
        show_progress(self.areas, self.doc.visit.areas, assessment, self.lang, counts)
        self.results.show_assessment(assessment)

    # Moving around
    def _step_area(self, step: int) -> None:
        count = self.areas.count()
        self.areas.setCurrentRow((self.areas.currentRow() + step) % count)

    def next_missing(self) -> None:
        """F8: the next unanswered required question after this one
        (gui.visit_editor.navigation)."""
        self.navigator.step_unanswered(1)

    def finalise(self) -> None:
        """Ctrl+Shift+F (gui.visit_editor.flow: the open warnings are listed first)."""
        self.flow.finalise()

    def show_missing(self) -> None:
        """A check list of every unanswered required question; Enter on one goes there."""
        missing = self.desk.missing(self.doc)
        heading = self.tr("%n required question(s) unanswered:", "", len(missing))
        dialog = missing_dialog(self, heading, missing, self.checklists, self.lang, self.go_to)
        dialog.setWindowTitle(self.tr("Still to answer before finalising"))
        self.missing_dialog = dialog
        dialog.show()  # not modal: the team may answer with the list still open

    def go_to(self, area: str, item_id: str) -> None:
        self.navigator.go_to(area, item_id)

    def revise(self) -> None:
        """Ctrl+Shift+R (gui.visit_editor.flow: what the newest tables change is said)."""
        self.flow.revise()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter moves on, as on paper: a question that does not use Return itself lets it
        # through to here (a text box keeps it for a new line, a table for editing).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.next_question()
            return
        super().keyPressEvent(event)

    def next_question(self) -> None:
        """Enter: the next question that takes input, on into the next area."""
        self.navigator.next_question()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
