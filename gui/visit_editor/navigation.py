"""Moving through a visit by keyboard, for the visit editor: which question is current (and its
mark), Enter to the next question that takes input (on into the next area), F8 / Shift+F8 to
the next / previous unanswered required question from here, and going to a question.

Holds the editor and reads its widgets and checklists; no rules (what is missing comes from the
desk) and no words but the status messages.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from gui.visit_editor.question_base import QuestionWidget

if TYPE_CHECKING:
    from gui.visit_editor.window import VisitEditor

Key = tuple[str, str]  # (area, item id)


class VisitNavigator(QObject):
    def __init__(self, editor: VisitEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.marked: QuestionWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    # Where the keyboard is
    def key_of(self, widget: QWidget | None) -> Key | None:
        """The question ``widget`` is part of: its input, or the note under it."""
        if widget is None:
            return None
        for key, question in self.editor.widgets.items():
            if question is widget or question.isAncestorOf(widget):
                return key
        for key, row in self.editor.notes.rows.items():
            if row is widget or row.isAncestorOf(widget):
                return key
        return None

    def current(self) -> Key | None:
        """The question being answered: the one holding the keyboard focus."""
        return self.key_of(QApplication.focusWidget())

    def _on_app_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is None or now.window() is not self.editor:
            return  # another window (a dialog, the register): the mark stays where it was
        key = self.key_of(now)
        question = None if key is None else self.editor.widgets.get(key)
        if question is self.marked:
            return
        if self.marked is not None:
            with contextlib.suppress(RuntimeError):  # its page was rebuilt (a revision loaded)
                self.marked.set_current(False)
        self.marked = question
        if question is not None:
            question.set_current(True)

    # Enter
    def next_question(self) -> None:
        """Focus the next shown question that takes input after the current one; after an
        area's last, the first of the next area."""
        e = self.editor
        areas = list(e.doc.visit.areas)
        row = e.areas.currentRow()
        if not 0 <= row < len(areas):
            return
        here = self.current()
        after = None if here is None or here[0] != areas[row] else here[1]
        for n in range(row, len(areas)):
            area = areas[n]
            if n != row:
                e.areas.setCurrentRow(n)  # builds the page when first shown
            target = self._first_input(area, after)
            if target is not None:
                self._focus(target)
                return
            after = None
        e.statusBar().showMessage(
            self.tr("That was the visit's last question. F8 finds what is still unanswered."),
            6000,
        )

    def _first_input(self, area: str, after: str | None) -> QuestionWidget | None:
        ids = [item.id for item in self.editor.checklists[area].items]
        start = 0 if after is None else ids.index(after) + 1
        for item_id in ids[start:]:
            widget = self.editor.widgets.get((area, item_id))
            if widget is not None and not widget.isHidden() and widget.takes_input():
                return widget
        return None

    # F8 and Shift+F8
    def step_unanswered(self, step: int) -> None:
        """Go to the next (``step`` 1) or previous (-1) unanswered required question from
        here, in the visit's order across areas, wrapping at either end."""
        e = self.editor
        missing = e.desk.missing(e.doc)
        if not missing:
            e.statusBar().showMessage(self.tr("Every required question is answered."), 4000)
            return
        order = sorted(missing, key=self._position)
        here = self._here()
        if step > 0:
            target = next((k for k in order if self._position(k) > here), order[0])
        else:
            target = next((k for k in reversed(order) if self._position(k) < here), order[-1])
        self.go_to(*target)

    def first_missing(self) -> None:
        """The first unanswered required question of the visit (finalising refused)."""
        e = self.editor
        missing = e.desk.missing(e.doc)
        if missing:
            self.go_to(*min(missing, key=self._position))

    def _position(self, key: Key) -> tuple[int, int]:
        area, item_id = key
        ids = [item.id for item in self.editor.checklists[area].items]
        return list(self.editor.doc.visit.areas).index(area), ids.index(item_id)

    def _here(self) -> tuple[int, int]:
        """The current question's place; on a page with none, just before the page's first
        question (after the last area on the findings and measures pages)."""
        key = self.current()
        if key is not None:
            return self._position(key)
        return self.editor.areas.currentRow(), -1

    # Going to a question
    def go_to(self, area: str, item_id: str) -> None:
        e = self.editor
        e.activateWindow()  # from a list in a dialog: the answer is typed here
        e.areas.setCurrentRow(list(e.doc.visit.areas).index(area))
        e.ensure_page(area)
        self._focus(e.widgets[(area, item_id)])

    def _focus(self, widget: QuestionWidget) -> None:
        page = self.editor.pages.currentWidget()
        if isinstance(page, QScrollArea):
            page.ensureWidgetVisible(widget)
        widget.focus_input()
