"""Pieces of the visit editor that hold none of the window's state: the undoable answer, the
page that lays out an area's questions, the area list's progress, the doubts and failed answers
marked on the questions, the questions still to answer.

Kept apart so visit_editor.py holds the window's state and flow. No words are translated here
(the editor passes them in, in its own context) and no rules are applied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from diagnosis.checklists.format import Checklist, Item
from diagnosis.messages import Lang
from diagnosis.plausibility.checks import Doubt
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.visit_editor.question_base import QuestionWidget
from gui.visit_editor.results_panel import area_name

if TYPE_CHECKING:
    from diagnosis.assessment.assess import Assessment

    from gui.visit_editor.window import VisitEditor


class AnswerCommand(QUndoCommand):
    """One answer as an undoable step: undo saves the previous answer back (autosave holds)."""

    def __init__(
        self, editor: VisitEditor, area: str, item_id: str, old: object, new: object
    ) -> None:
        # Shown in the Undo action's text: the area as the user reads it.
        super().__init__(f"{area_name(area, editor.lang)} {item_id}")
        self.editor, self.area, self.item_id, self.old, self.new = editor, area, item_id, old, new
        self.first = True  # pushed after the answer was saved: the first redo does nothing

    def _apply(self, value: object) -> None:
        if self.editor.save_answer(self.area, self.item_id, value):
            widget = self.editor.widgets.get((self.area, self.item_id))
            if widget is not None:
                widget.set_value(value)

    def undo(self) -> None:
        self._apply(self.old)

    def redo(self) -> None:
        if self.first:
            self.first = False
            return
        self._apply(self.new)


def show_progress(
    areas: QListWidget,
    area_ids: Iterable[str],
    assessment: Assessment,
    lang: Lang,
    doubts: Mapping[str, int] | None = None,
) -> None:
    """Each area's line in ``areas``: its name, answered of required, score, and the open
    warnings (⚠ n); green when done."""
    for row, area in enumerate(area_ids):
        s = assessment.areas[area]
        score = "—" if s.score is None else f"{s.score:.0f}"
        text = f"{area_name(area, lang)}   {s.answered}/{s.required}   {score}"
        if doubts and doubts.get(area):
            text += f"  ⚠{doubts[area]}"
        item = areas.item(row)
        item.setText(text)
        item.setForeground(
            Qt.GlobalColor.darkGreen if s.answered == s.required else Qt.GlobalColor.black
        )


def mark_questions(
    widgets: Mapping[tuple[str, str], QuestionWidget],
    doubts: Sequence[Doubt],
    failed: Mapping[str, Sequence[str]],
    lang: Lang,
    marked: set[tuple[str, str]] | None = None,
) -> dict[str, int]:
    """Put each doubt beside its question (and on its table cell), offer a finding where the
    answer failed; the number of doubts by area. ``marked``: the questions marked so far,
    updated in place; only they and the newly marked are touched (this runs per keystroke)."""
    by_item: dict[tuple[str, str], list[Doubt]] = {}
    counts: dict[str, int] = {}
    for d in doubts:
        by_item.setdefault((d.area, d.item), []).append(d)
        counts[d.area] = counts.get(d.area, 0) + 1
    now = set(by_item) | {(area, item) for area, items in failed.items() for item in items}
    keys = widgets.keys() if marked is None else (now | marked) & widgets.keys()
    for key in keys:
        widget = widgets[key]
        mark_question(widget, by_item.get(key, []), key[1] in failed.get(key[0], ()), lang)
    if marked is not None:
        marked.clear()
        marked.update(now & widgets.keys())
    return counts


def mark_question(
    widget: QuestionWidget, doubts: Sequence[Doubt], failed: bool, lang: Lang
) -> None:
    cells = {(d.row, d.column): d.text(lang) for d in doubts if d.row and d.column}
    widget.show_doubts([d.text(lang) for d in doubts], cells)
    widget.set_failed(failed)


def area_page(
    area: str,
    checklist: Checklist,
    lang: Lang,
    question_rows: Callable[[Item], Iterable[QWidget]],
) -> QScrollArea:
    """A scrolling page of ``checklist``'s items under their section titles, in checklist
    order; ``question_rows`` makes the widgets of one item."""
    host = QWidget()
    layout = QVBoxLayout(host)
    section = None
    for item in checklist.items:
        if item.section != section:
            section = item.section
            title = next((s.title for s in checklist.sections if s.id == section), None)
            if title is not None:
                header = QLabel(title.zh if lang == "zh" else title.en)
                header.setStyleSheet("font-weight: bold; margin-top: 10px;")
                layout.addWidget(header)
        for widget in question_rows(item):
            layout.addWidget(widget)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(host)
    scroll.setObjectName(f"page_{area}")
    return scroll


def missing_dialog(
    parent: QWidget,
    heading: str,
    missing: list[tuple[str, str]],
    checklists: Mapping[str, Checklist],
    lang: Lang,
    go_to: Callable[[str, str], None],
) -> QDialog:
    """A check list of the ``missing`` (area, item) questions under ``heading``; Enter on one
    closes the list and calls ``go_to`` with it. Not yet shown, and without a title."""
    dialog = QDialog(parent)
    dialog.setObjectName("missing")
    listing = QListWidget(dialog)
    for area, item_id in missing:
        question = checklists[area].item(item_id).text
        entry = QListWidgetItem(
            f"{area_name(area, lang)} · {item_id}  {question.zh if lang == 'zh' else question.en}"
        )
        entry.setData(Qt.ItemDataRole.UserRole, (area, item_id))
        listing.addItem(entry)

    def go(entry: QListWidgetItem) -> None:
        dialog.close()
        go_to(*entry.data(Qt.ItemDataRole.UserRole))

    listing.itemActivated.connect(go)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(heading))
    layout.addWidget(listing)
    dialog.resize(640, 420)
    return dialog
