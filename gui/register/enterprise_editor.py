"""The enterprise editor: one widget per register field, checked as you type.

Each field shows its own problem beneath it (red for errors, amber for warnings) in the words
of the domain's message catalogue; Save stays disabled while any error remains.
"""

from __future__ import annotations

from diagnosis.messages import DomainError, Lang, Problem
from diagnosis.register.enterprise import FIELDS, Enterprise, FieldSpec
from diagnosis.register.field_parsing import parse_value
from diagnosis.register.industry_table import industry_label, industry_table
from diagnosis.register.reference_data import RefItem, register_reference
from diagnosis.register.service import RegisterService
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.key_help import install as install_key_help

_ERROR_STYLE = "color: #b3261e;"
_WARNING_STYLE = "color: #8a5a00;"
FieldWidget = QLineEdit | QComboBox | QCheckBox


class EnterpriseDialog(QDialog):
    def __init__(
        self,
        service: RegisterService,
        lang: Lang,
        enterprise: Enterprise | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.lang = lang
        self.creating = enterprise is None  # a new registration: its id comes from its code
        self.original = enterprise or Enterprise()
        self.is_new = enterprise is None
        self.saved_id: str | None = None
        self.problems: list[Problem] = []
        self.setWindowTitle(
            self.tr("New enterprise") if self.is_new else self.tr("Edit enterprise")
        )
        self.widgets: dict[str, FieldWidget] = {}
        self.messages: dict[str, QLabel] = {}
        # What the industry field reads as (3484 机械零部件加工（34 通用设备制造业）), whatever form
        # was typed: a code, C3484, a name or the start of one.
        self.industry_name = QLabel()
        self.industry_name.setObjectName("name_industry")
        self.industry_name.setStyleSheet("color: palette(mid);")
        self.industry_name.hide()
        form_host = QWidget()
        form = QFormLayout(form_host)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in FIELDS:
            widget = self._make_widget(spec)
            self.widgets[spec.name] = widget
            message = QLabel()
            message.setObjectName(f"msg_{spec.name}")
            message.setWordWrap(True)
            message.hide()
            self.messages[spec.name] = message
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(widget)
            if spec.kind == "industry":
                column.addWidget(self.industry_name)
            column.addWidget(message)
            label = QLabel(spec.label_with_unit(lang) + (" *" if spec.required else ""))
            label.setBuddy(widget)
            form.addRow(label, holder)
        scroll = QScrollArea()
        scroll.setWidget(form_host)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.hint = QLabel(self.tr("Enter moves to the next field; Ctrl+S saves; Esc cancels."))
        self.hint.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        for key in (QKeySequence(QKeySequence.StandardKey.Save), QKeySequence("Ctrl+Return")):
            shortcut = QShortcut(key, self)
            shortcut.setWhatsThis(self.tr("Save the enterprise"))  # F1 lists it (gui.key_help)
            shortcut.activated.connect(self.save)
        install_key_help(self)  # F1: this dialog's keys (gui.key_help)
        self._load(self.original)
        self.resize(620, 720)
        self._on_any_changed()
        self.widgets["name"].setFocus()

    def _make_widget(self, spec: FieldSpec) -> FieldWidget:
        widget: FieldWidget
        if spec.kind == "bool":
            widget = QCheckBox()
            widget.toggled.connect(self._on_any_changed)
        elif spec.kind == "industry":
            widget = _industry_edit(self.lang)
            widget.textChanged.connect(self._on_any_changed)
            widget.installEventFilter(self)
        elif spec.kind in ("district", "cluster", "class", "stars"):
            widget = QComboBox()
            widget.addItem("", None)
            for data, label in self._choices(spec):
                widget.addItem(label, data)
            widget.currentIndexChanged.connect(self._on_any_changed)
        else:
            widget = QLineEdit()
            if spec.kind in ("int", "float", "year"):
                widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            widget.textChanged.connect(self._on_any_changed)
            widget.installEventFilter(self)
        widget.setObjectName(f"field_{spec.name}")
        return widget

    def _choices(self, spec: FieldSpec) -> list[tuple[object, str]]:
        ref = register_reference()
        lang = self.lang

        def items(lst: tuple[RefItem, ...], fmt: str = "{label}") -> list[tuple[object, str]]:
            return [
                (i.code, fmt.format(code=i.code, label=i.label(lang), valid=i.validity()))
                for i in lst
            ]

        if spec.kind == "district":
            return items(ref.districts.items)
        if spec.kind == "cluster":
            return items(ref.clusters.items, "{label} ({valid})")
        if spec.kind == "class":
            return items(ref.per_mu_classes.items)
        low, high = ref.stars_range
        return [(n, "★" * n if n else self.tr("none")) for n in range(low, high + 1)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter moves on through the form, as on paper; Ctrl+S saves.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.focusNextChild()
            return True
        return super().eventFilter(watched, event)

    def _load(self, e: Enterprise) -> None:
        for spec in FIELDS:
            widget = self.widgets[spec.name]
            value = getattr(e, spec.name)
            widget.blockSignals(True)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif spec.kind == "industry":
                widget.setText(industry_label(value, self.lang))
            else:
                widget.setText("" if value is None else _plain(value))
            widget.blockSignals(False)

    def collect(self) -> tuple[Enterprise, list[Problem]]:
        """The record as typed, and the problems of fields that could not even be read."""
        ref = register_reference()
        values: dict[str, object] = {}
        unreadable: list[Problem] = []
        for spec in FIELDS:
            widget = self.widgets[spec.name]
            if isinstance(widget, QCheckBox):
                values[spec.name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                values[spec.name] = widget.currentData()
            else:
                value, bad = parse_value(spec, widget.text(), ref)
                if bad is not None:
                    unreadable.append(bad)
                    value = getattr(self.original, spec.name)
                values[spec.name] = value
        return self.original.with_values(**values), unreadable

    def _on_any_changed(self, *_args: object) -> None:
        candidate, unreadable = self.collect()
        self._show_industry(candidate.industry, "industry" in {p.field for p in unreadable})
        bad_fields = {p.field for p in unreadable}
        checked = [p for p in self.service.check(candidate) if p.field not in bad_fields]
        self.show_problems(unreadable + checked)

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = problems
        by_field: dict[str, list[Problem]] = {}
        for p in problems:
            by_field.setdefault(p.field, []).append(p)
        for name, label in self.messages.items():
            found = by_field.get(name, [])
            if not found:
                label.hide()
                label.clear()
                continue
            is_error = any(p.severity == "error" for p in found)
            label.setText("\n".join(p.text(self.lang) for p in found))
            label.setStyleSheet(_ERROR_STYLE if is_error else _WARNING_STYLE)
            label.show()
        has_errors = any(p.severity == "error" for p in problems)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not has_errors)

    def save(self) -> None:
        candidate, unreadable = self.collect()
        if unreadable or any(p.severity == "error" for p in self.problems):
            self._on_any_changed()
            first = next(p for p in self.problems if p.severity == "error")
            self.widgets[first.field].setFocus()
            return
        try:
            outcome = self.service.save(candidate, create=self.creating)
        except DomainError as exc:
            self.show_problems(exc.problems)
            return
        self.saved_id = outcome.enterprise.id
        self.accept()

    def reject(self) -> None:
        candidate, _unreadable = self.collect()
        if candidate.changed_fields(self.original):
            answer = QMessageBox.question(
                self, self.windowTitle(), self.tr("Discard the changes to this enterprise?")
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def _show_industry(self, code: str | None, unreadable: bool) -> None:
        widget = self.widgets["industry"]
        label = industry_label(code, self.lang)
        typed = widget.text().strip() if isinstance(widget, QLineEdit) else ""
        shown = bool(code) and not unreadable and typed != label
        self.industry_name.setText(label if shown else "")
        self.industry_name.setVisible(shown)


def _industry_edit(lang: Lang) -> QLineEdit:
    """A line that takes any form of industry, offering the table's codes and names as you type
    (by any part of the name: 零部件 finds 3484 机械零部件加工)."""
    edit = QLineEdit()
    table = industry_table()
    completer = QCompleter([industry_label(code, lang) for code in table.entries], edit)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setMaxVisibleItems(12)
    edit.setCompleter(completer)
    return edit


def _plain(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)
