"""The measures of a visit: what the rules propose beside what the team decided, an edit form
for the selected measure, how its figures were computed (or which answers are missing), custom
measures and the plan's totals, all by keyboard.

Figures, paybacks, priorities and totals come from the domain's assessment; this page only
shows them and records decisions through the visit desk. No rule, no SQL.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.proposals import Decision, MeasureView, Status
from diagnosis.messages import DomainError, Lang
from diagnosis.visits.document import Document
from diagnosis.visits.service import VisitService
from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.key_help import describe_keys
from gui.visit_editor.measure_form import MeasureForm
from gui.visit_editor.measures_model import (
    _RED,
    CODE,
    INVESTMENT,
    MONEY,
    TITLE,
    MeasuresModel,
    _is_kwh,
    key_of,
)
from gui.visit_editor.measures_text import fit_figure_columns, how_text, totals_text


class MeasuresPage(QWidget):
    """The measures table, the form for the selected (or a new custom) measure, the totals."""

    changed = Signal()  # after every saved decision

    def __init__(
        self, desk: VisitService, visit_id: str, lang: Lang, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk, self.visit_id, self.lang = desk, visit_id, lang
        self.custom_mode = False
        self.editable = True
        self.model = MeasuresModel(lang, self)
        self.table = QTableView()
        self.table.setObjectName("measures")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Fixed, narrow figure columns (the header tooltip names each in full), so the title,
        # what a consultant reads first, gets the room.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(76)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.setColumnWidth(CODE, 118)
        self.table.installEventFilter(self)
        self.readonly = self._label("readonly", "background: #fff4d6; padding: 4px;")
        self.readonly.setText(self.tr("This visit is finalised: its measures are read-only."))
        self.totals = self._label("totals")
        self.hint = self._label("hint", "color: #666;")
        self.hint.setText(
            self.tr("A accepts, R rejects, Ctrl+Return saves, Ctrl+Shift+N adds a measure.")
        )
        self.heading = self._label("heading", "font-weight: bold;")
        self.warnings = self._label("warnings", _RED)
        self.message = self._label("message", _RED)
        # How the selected measure's figures were computed: formula, inputs, sources, prices,
        # the investment range and payback, or the answers still missing.
        self.how = QPlainTextEdit()
        self.how.setObjectName("how_computed")
        self.how.setReadOnly(True)
        self.how.setMinimumWidth(280)
        self.how_label = QLabel(self.tr("&How computed"))
        self.how_label.setBuddy(self.how)

        self.form = MeasureForm(lang)
        self.form_layout = self.form.layout_
        self.title, self.status, self.note = self.form.title, self.form.status, self.form.note
        self.fields, self.errors = self.form.fields, self.form.errors
        self.project = self.form.project
        self.save_button, self.custom_button = self.form.save_button, self.form.custom_button
        # The measure whose decision the form holds (the table's current row may have moved).
        self.shown: MeasureView | None = None
        self._settling = False  # the table's row is being put back after a refused save
        column = QVBoxLayout(self)
        column.addWidget(self.readonly)
        column.addWidget(self.table, 1)
        for widget in (self.totals, self.hint, self.heading, self.warnings):
            column.addWidget(widget)
        below = QHBoxLayout()
        below.addWidget(self.form, 1)
        how = QVBoxLayout()
        how.addWidget(self.how_label)
        how.addWidget(self.how, 1)
        below.addLayout(how, 1)
        column.addLayout(below)
        column.addWidget(self.message)
        chain = [self.table, self.title, self.status, *self.fields.values(), self.note]
        chain += self.project.widgets()
        chain += [self.save_button, self.custom_button, self.how]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.act_save = self._action(self.tr("Save the decision"), "Ctrl+Return", "Ctrl+Enter")
        self.act_custom = self._action(self.tr("Add a custom measure"), "Ctrl+Shift+N")
        self.act_save.triggered.connect(self.save)
        self.act_custom.triggered.connect(self.start_custom)
        self.save_button.clicked.connect(self.save)
        self.custom_button.clicked.connect(self.start_custom)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        describe_keys(  # the keys handled below, for F1 (gui.key_help)
            self,
            [
                ("↑ / ↓", self.tr("Choose a measure (what was typed for it is saved)")),
                ("A", self.tr("Accept the selected measure (in the table)")),
                ("R", self.tr("Reject the selected measure (in the table)")),
                ("Enter", self.tr("Next field")),
                ("Esc", self.tr("Leave the new custom measure unsaved")),
            ],
        )
        self.reload()

    def _label(self, name: str, style: str = "") -> QLabel:
        label = QLabel(wordWrap=True)
        label.setObjectName(name)
        label.setStyleSheet(style)
        return label

    def _action(self, text: str, *keys: str) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    # Showing
    def reload(self, doc: Document | None = None, key: str | None = None) -> None:
        """Show ``doc`` (by default the stored visit), keeping the selected measure and
        whatever was typed in the form and not saved yet."""
        self.doc = doc if doc is not None else self.desk.open(self.visit_id)
        current = self.current()
        keep = key or (key_of(current) if current is not None else None)
        typed = self.form.snapshot() if self.form.dirty() else None
        typed_for = None if self.custom_mode or self.shown is None else key_of(self.shown)
        was_custom = self.custom_mode
        assessment = self.desk.assess(self.doc)
        self._settling = True
        try:
            self.model.set_views(assessment.measures)
            fit_figure_columns(self.table, self.model)
            self.totals.setText(totals_text(assessment.totals))
            self.editable = self.desk.editable(self.doc)
            for widget in (self.form, self.act_save, self.act_custom):
                widget.setEnabled(self.editable)
            self.readonly.setVisible(not self.editable)
            rows = [n for n, v in enumerate(self.model.views) if key_of(v) == keep] or [0]
            if self.model.views:
                self.table.setCurrentIndex(self.model.index(rows[0], 0))
        finally:
            self._settling = False
        self._fill(rows[0])
        if typed is None or not self.editable:
            return
        # Typed and not saved (the visit editor reloads the page each time it is shown):
        # put it back over the refilled form, still unsaved, rather than drop it.
        if was_custom:
            self._enter_custom()
        elif self.shown is None or key_of(self.shown) != typed_for:
            return
        self.form.restore(typed)
        if self.form.numbers() is None or self.project.values() is None:
            self.message.setText(self.form.problem() or self.project.problem())

    def current(self) -> MeasureView | None:
        row = self.table.currentIndex().row()
        return self.model.views[row] if 0 <= row < len(self.model.views) else None

    def _on_table_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._settling:
            return
        if self.editable and self.form.dirty():
            # Leaving a measure saves what was typed for it; refused, the table goes back
            # to that measure with the figures as typed and the reason named.
            row = current.row()
            key = key_of(self.model.views[row]) if 0 <= row < len(self.model.views) else None
            if not self.save(keep=key):
                self._settling = True
                self.table.setCurrentIndex(previous)
                self._settling = False
            return
        self._fill(current.row())

    def _fill(self, row: int) -> None:
        """Put the measure of ``row`` in the form: the team's figures, the rules' as hints."""
        self.custom_mode = False
        self.form_layout.setRowVisible(0, False)
        v = self.model.views[row] if 0 <= row < len(self.model.views) else None
        d = v.decision if v is not None else None
        self.heading.setText(v.title(self.lang) if v is not None else "")
        self.status.setCurrentIndex(self.status.findData(v.status if v else "proposed"))
        kwh = [u.quantity for u in (d.energy_saved or ()) if _is_kwh(u)] if d else []
        values = {
            "investment": d.investment_10k_yuan if d else None,
            "electricity": math.fsum(kwh) if kwh else None,
            "water": d.water_saved_m3 if d else None,
            "money": d.money_saved_yuan if d else None,
            "realised": d.realised_money_yuan if d else None,
        }
        self.form.fill(values)
        for name, col in (("investment", INVESTMENT), ("money", MONEY)):
            hint = self.model.proposed(v, col) if v is not None else "—"
            self.fields[name].setPlaceholderText(self.tr("proposed: %1").replace("%1", hint))
        self.note.setText(d.note if d else "")
        self.project.fill(v)
        self.warnings.setText("\n".join(w.text(self.lang) for w in v.warnings) if v else "")
        self.warnings.setVisible(bool(v and v.warnings))
        self.how.setPlainText(how_text(v, self.lang))
        self._clear_problems()
        self.shown = v
        self.form.mark_filled()

    def _clear_problems(self) -> None:
        self.form.clear_problems()
        self.message.clear()

    # Deciding
    def start_custom(self) -> None:
        """The form for a new measure of the team's own, its title first (Esc goes back)."""
        if not self.editable:
            return
        if self.form.dirty() and not self.custom_mode and not self.save():
            return  # what was typed for the measure shown stays, with the reason named
        self._fill(-1)
        self._enter_custom()
        self.form.mark_filled()
        self.title.setFocus()

    def _enter_custom(self) -> None:
        self.custom_mode = True
        self.form_layout.setRowVisible(0, True)
        self.heading.setText(self.tr("New custom measure"))
        self.title.clear()
        self.status.setCurrentIndex(self.status.findData("accepted"))

    def save(self, keep: str | None = None, status: Status | None = None) -> bool:
        """Record the form as the decision on the measure it shows (``status`` instead of
        the form's when given), then select ``keep`` (by default that measure). A bad figure
        is marked beside its field, named in the message line, and nothing is saved."""
        if not self.editable:
            return False
        self._clear_problems()
        numbers = self.form.numbers()
        project = self.project.values()
        if numbers is None or project is None:
            self.message.setText(self.form.problem() or self.project.problem())
            return False
        if self.custom_mode:
            title = self.title.text().strip()
            if not title:
                self.message.setText(self.tr("A custom measure needs a title."))
                return False
            base = Decision(None, "accepted", custom=True, title=title)
        elif (v := self.shown) is not None:
            base = v.decision or Decision(v.code)
        else:
            return False
        energy = tuple(u for u in (base.energy_saved or ()) if not _is_kwh(u))
        if kwh := numbers["electricity"]:
            energy += (EnergyUse("electricity", kwh, "kWh"),)
        decision = replace(
            base,
            status=status or self.status.currentData(),
            investment_10k_yuan=numbers["investment"],
            energy_saved=energy or None,
            water_saved_m3=numbers["water"],
            money_saved_yuan=numbers["money"],
            realised_money_yuan=numbers["realised"],
            note=self.note.text().strip(),
            **project,
        )
        return self._decide(decision, keep)

    def quick(self, status: Status) -> bool:
        """Set the selected measure's status at once, keeping its figures and note (with
        what was typed for it in the form, if anything)."""
        v = self.current()
        if not self.editable or v is None:
            return False
        if self.form.dirty() and not self.custom_mode and self.shown is v:
            return self.save(status=status)
        self._clear_problems()
        return self._decide(replace(v.decision or Decision(v.code), status=status))

    def _decide(self, decision: Decision, keep: str | None = None) -> bool:
        try:
            doc = self.desk.decide(self.visit_id, decision)
        except DomainError as exc:
            self.message.setText(exc.problems[0].text(self.lang))
            return False
        self.form.mark_filled()  # saved: nothing typed is pending any more
        self.reload(doc, keep or decision.code or decision.title)
        self.changed.emit()
        return True

    def commit(self) -> bool:
        """Save what was typed and not saved yet; True when nothing is left pending. Refused,
        the figures stay in the form as typed and the message line names the reason."""
        if not self.editable or not self.form.dirty():
            return True
        return self.save()

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the page (another area, or the window closing) saves what was typed; a
        # refused figure stays in the form with its reason, for when the page is back.
        self.commit()
        super().hideEvent(event)

    # Keyboard
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            assert isinstance(event, QResizeEvent)
            fit_figure_columns(
                self.table, self.model, event.size().width() - 2 * self.table.frameWidth()
            )
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            keys: dict[int, Status] = {Qt.Key.Key_A: "accepted", Qt.Key.Key_R: "rejected"}
            status = keys.get(event.key())
            if status is not None and event.modifiers() == Qt.KeyboardModifier.NoModifier:
                self.quick(status)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter moves on through the form (and from the table into it); it stops here so the
        # window holding the page does not take it for its own.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.focusNextChild()
            return
        if event.key() == Qt.Key.Key_Escape and self.custom_mode:
            self._fill(self.table.currentIndex().row())
            self.table.setFocus()
            return
        super().keyPressEvent(event)
