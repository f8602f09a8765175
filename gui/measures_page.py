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

from diagnosis.coefficients import format_number
from diagnosis.document import Document
from diagnosis.indicators import EnergyUse
from diagnosis.measure_totals import Totals
from diagnosis.measures import STATUSES, Decision, MeasureView, Status
from diagnosis.messages import DomainError, Lang
from diagnosis.visit_desk import VisitDesk
from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
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

from gui.measure_project_fields import ProjectFields
from gui.measures_model import (
    _RED,
    CODE,
    INVESTMENT,
    MONEY,
    TITLE,
    MeasuresModel,
    _is_kwh,
    _num,
    key_of,
    span,
    status_name,
)


class MeasuresPage(QWidget):
    """The measures table, the form for the selected (or a new custom) measure, the totals."""

    changed = Signal()  # after every saved decision

    def __init__(
        self, desk: VisitDesk, visit_id: str, lang: Lang, parent: QWidget | None = None
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

        self.form = QWidget()
        self.form_layout = layout = QFormLayout(self.form)
        self.title = QLineEdit()
        layout.addRow(self.tr("Custom measure &title"), self.title)
        self.status = QComboBox()
        for status in STATUSES:
            self.status.addItem(status_name(status, lang), status)
        layout.addRow(self.tr("Stat&us"), self.status)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for name, label in (
            ("investment", self.tr("&Investment (10k yuan)")),
            ("electricity", self.tr("&Electricity saved (kWh/yr)")),
            ("water", self.tr("&Water saved (m³/yr)")),
            ("money", self.tr("&Money saved (yuan/yr)")),
            # What a follow-up visit finds the measure actually saves.
            ("realised", self.tr("Rea&lised savings, follow-up (yuan/yr)")),
        ):
            self.fields[name] = edit = QLineEdit()
            self.errors[name] = error = self._label(f"error_{name}", _RED)
            error.hide()
            beside = QWidget()
            beside.setFocusProxy(edit)  # the label's mnemonic lands in the box
            row = QHBoxLayout(beside)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(edit, 1)
            row.addWidget(error, 1)
            layout.addRow(label, beside)
        self.note = QLineEdit()
        layout.addRow(self.tr("N&ote"), self.note)
        self.project = ProjectFields(self, lang)
        self.project.add_to(layout)
        self.save_button = QPushButton(self.tr("&Save"))
        self.custom_button = QPushButton(self.tr("Add a &custom measure"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.custom_button)
        buttons.addStretch(1)
        layout.addRow(buttons)
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
        """Show ``doc`` (by default the stored visit), keeping the selected measure."""
        self.doc = doc if doc is not None else self.desk.open(self.visit_id)
        current = self.current()
        keep = key or (key_of(current) if current is not None else None)
        assessment = self.desk.assess(self.doc)
        self.model.set_views(assessment.measures)
        self._fit_figure_columns()
        self._show_totals(assessment.totals)
        self.editable = self.desk.editable(self.doc)
        for widget in (self.form, self.act_save, self.act_custom):
            widget.setEnabled(self.editable)
        self.readonly.setVisible(not self.editable)
        rows = [n for n, v in enumerate(self.model.views) if key_of(v) == keep] or [0]
        if self.model.views:
            self.table.setCurrentIndex(self.model.index(rows[0], 0))
        self._fill(rows[0])

    def current(self) -> MeasureView | None:
        row = self.table.currentIndex().row()
        return self.model.views[row] if 0 <= row < len(self.model.views) else None

    def _show_totals(self, t: Totals) -> None:
        unknown = self.tr("unknown")
        buckets = ", ".join(
            f"{unknown if b == 'unknown' else b}: {n}" for b, n in t.by_bucket.items()
        )
        invest = (
            span(t.investment_range, "investment_10k_yuan")
            if t.investment_range is not None
            else _num(t.investment_10k_yuan, 2)
        )
        parts = [
            self.tr("Accepted: %1").replace("%1", str(t.count)),
            self.tr("investment %1 (10k yuan)").replace("%1", invest),
            self.tr("savings %1 yuan/yr").replace("%1", _num(t.money_saved_yuan, 0)),
            self.tr("%1 tce/yr").replace("%1", _num(t.tce, 2)),
            self.tr("%1 t CO2/yr").replace("%1", _num(t.co2_t, 1)),
            self.tr("payback (yr) %1").replace("%1", buckets),
        ]
        if t.without_money:
            parts.append(self.tr("%1 without a money figure").replace("%1", str(t.without_money)))
        self.totals.setText(" · ".join(parts))

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
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
        for name, value in values.items():
            self.fields[name].setText(
                "" if value is None else format_number(value).replace(",", "")
            )
        for name, col in (("investment", INVESTMENT), ("money", MONEY)):
            hint = self.model.proposed(v, col) if v is not None else "—"
            self.fields[name].setPlaceholderText(self.tr("proposed: %1").replace("%1", hint))
        self.note.setText(d.note if d else "")
        self.project.fill(v)
        self.warnings.setText("\n".join(w.text(self.lang) for w in v.warnings) if v else "")
        self.warnings.setVisible(bool(v and v.warnings))
        self.how.setPlainText(self._how(v))
        self._clear_problems()

    def _how(self, v: MeasureView | None) -> str:
        """The selected measure's computation: the team's figures (if any) first, then the
        proposal's estimate from the answers, or the catalogue's typical range."""
        if v is None:
            return ""
        parts = []
        if v.edited and v.economics is not None:
            parts += [self.tr("The team's figures:"), v.economics.explain(self.lang)]
        if v.estimate is not None:
            if parts:
                parts.append(self.tr("The proposal, from the answers:"))
            parts.append(v.estimate.explain(self.lang))
        elif not parts and v.payback_basis == "typical" and v.measure is not None:
            years = v.measure.payback_years
            if years is not None:
                parts.append(
                    self.tr("Typical payback of the catalogue: %1 yr (not estimated)").replace(
                        "%1", span((years.min, years.max), "payback_years")
                    )
                )
        return "\n".join(parts)

    def _clear_problems(self) -> None:
        for error in self.errors.values():
            error.clear()
            error.hide()
        self.project.clear_problems()
        self.message.clear()

    # Deciding
    def start_custom(self) -> None:
        """The form for a new measure of the team's own, its title first (Esc goes back)."""
        if not self.editable:
            return
        self._fill(-1)
        self.custom_mode = True
        self.form_layout.setRowVisible(0, True)
        self.heading.setText(self.tr("New custom measure"))
        self.title.clear()
        self.status.setCurrentIndex(self.status.findData("accepted"))
        self.title.setFocus()

    def save(self) -> bool:
        """Record the form as the team's decision; a bad number is marked and nothing saved."""
        if not self.editable:
            return False
        self._clear_problems()
        numbers = {name: self._number(name) for name in self.fields}
        project = self.project.values()
        if project is None:
            self.message.setText(self.project.problem())
        if project is None or any(error.text() for error in self.errors.values()):
            return False
        if self.custom_mode:
            title = self.title.text().strip()
            if not title:
                self.message.setText(self.tr("A custom measure needs a title."))
                return False
            base = Decision(None, "accepted", custom=True, title=title)
        elif (v := self.current()) is not None:
            base = v.decision or Decision(v.code)
        else:
            return False
        energy = tuple(u for u in (base.energy_saved or ()) if not _is_kwh(u))
        if kwh := numbers["electricity"]:
            energy += (EnergyUse("electricity", kwh, "kWh"),)
        status: Status = self.status.currentData()
        decision = replace(
            base,
            status=status,
            investment_10k_yuan=numbers["investment"],
            energy_saved=energy or None,
            water_saved_m3=numbers["water"],
            money_saved_yuan=numbers["money"],
            realised_money_yuan=numbers["realised"],
            note=self.note.text().strip(),
            **project,
        )
        return self._decide(decision)

    def _number(self, name: str) -> float | None:
        """The number in field ``name``; None when empty or wrong (then marked beside it)."""
        text = self.fields[name].text().strip().replace(",", "").replace("，", "")
        try:
            value = float(text) if text else None
        except ValueError:
            problem = self.tr("not a number")
        else:
            if value is None or (math.isfinite(value) and value >= 0):
                return value
            problem = self.tr("must be 0 or more")
        self.errors[name].setText(problem)
        self.errors[name].show()
        return None

    def quick(self, status: Status) -> bool:
        """Set the selected measure's status at once, keeping its figures and note."""
        v = self.current()
        if not self.editable or v is None:
            return False
        self._clear_problems()
        return self._decide(replace(v.decision or Decision(v.code), status=status))

    def _decide(self, decision: Decision) -> bool:
        try:
            doc = self.desk.decide(self.visit_id, decision)
        except DomainError as exc:
            self.message.setText(exc.problems[0].text(self.lang))
            return False
        self.reload(doc, decision.code or decision.title)
        self.changed.emit()
        return True

    # Keyboard
    def _fit_figure_columns(self, width: int | None = None) -> None:
        """On a wide screen the figure columns show their whole header; on a narrow one they
        stay narrow so the title keeps its room."""
        header = self.table.horizontalHeader()
        figures = [c for c in range(1, self.model.columnCount()) if c != TITLE]
        # the figures themselves first (ranges such as 1,693–3,387), then the whole header
        metrics, bold = self.table.fontMetrics(), 12  # room for the cell margins
        content = {
            c: max([60, *(metrics.horizontalAdvance(row[c][0]) + bold for row in self.model.rows)])
            for c in figures
        }
        full = {c: max(content[c], header.sectionSizeHint(c)) for c in figures}
        # the table's new width (its viewport follows only after the resize event)
        width = self.table.viewport().width() if width is None else width
        room = width - self.table.columnWidth(0) - 360
        narrow = dict.fromkeys(figures, 76)
        widths = next((w for w in (full, content) if sum(w.values()) <= room), narrow)
        for col in figures:
            self.table.setColumnWidth(col, widths[col])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            assert isinstance(event, QResizeEvent)
            self._fit_figure_columns(event.size().width() - 2 * self.table.frameWidth())
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
