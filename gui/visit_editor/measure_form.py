"""The edit form of the measures page: labelled rows whose Alt keys land in the field they
name, the team's figures read back (or refused, field named), and whether anything typed is
still unsaved, so the page never drops it by refilling the form.

Only widgets and the reading of what was typed; the page records decisions through the visit
desk. Words keep the ``MeasuresPage`` translation context they had when the page built them.
"""

from __future__ import annotations

import math
import re
import unicodedata

from diagnosis.figures.coefficients import format_number
from diagnosis.measures.proposals import STATUSES
from diagnosis.messages import Lang
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gui.key_help import plain_text
from gui.visit_editor.measure_project_fields import ProjectFields
from gui.visit_editor.measures_model import _RED, status_name

# A comma is taken only between groups of three digits (1,250.5); "12,5" is someone's decimal
# comma, and dropping it would silently store 125.
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")


# Called by this name so that pyside6-lupdate finds the words (it does not follow a wrapper).
translate = QCoreApplication.translate


def parse_figure(text: str) -> float | None:
    """The figure typed, None when empty; ValueError with the reason in the UI's language.

    Full-width digits and punctuation (an input method's １２．５ or １，２５０) read as their
    ASCII forms."""
    text = unicodedata.normalize("NFKC", text).strip().replace("。", ".")
    if not text:
        return None
    if "," in text:
        if not _GROUPED.fullmatch(text.lstrip("+-")):
            raise ValueError(
                translate("MeasuresPage", "write decimals with a point (12.5), not a comma")
            )
        text = text.replace(",", "")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(translate("MeasuresPage", "not a number")) from None
    if not math.isfinite(value):
        raise ValueError(translate("MeasuresPage", "not a number"))
    if value < 0:
        raise ValueError(translate("MeasuresPage", "must be 0 or more"))
    return value


def shown(value: float | None) -> str:
    """A stored figure as the form shows it (no thousands separators: it is typed over)."""
    return "" if value is None else format_number(value).replace(",", "")


class MeasureForm(QWidget):
    """Title (custom measures only), status, the five figures, note, project fields, buttons."""

    FIGURES = ("investment", "electricity", "water", "money", "realised")

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = layout = QFormLayout(self)
        self.labels: dict[str, QLabel] = {}
        self.title = QLineEdit()
        self._row("title", translate("MeasuresPage", "Custom measure &title"), self.title)
        self.status = QComboBox()
        for status in STATUSES:
            self.status.addItem(status_name(status, lang), status)
        self._row("status", translate("MeasuresPage", "Stat&us"), self.status)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for name, label in zip(
            self.FIGURES,
            (
                translate("MeasuresPage", "&Investment (10k yuan)"),
                translate("MeasuresPage", "&Electricity saved (kWh/yr)"),
                translate("MeasuresPage", "&Water saved (m³/yr)"),
                translate("MeasuresPage", "&Money saved (yuan/yr)"),
                # What a follow-up visit finds the measure actually saves.
                translate("MeasuresPage", "Rea&lised savings, follow-up (yuan/yr)"),
            ),
            strict=True,
        ):
            self.fields[name] = edit = QLineEdit()
            edit.setObjectName(f"figure_{name}")
            self.errors[name] = error = QLabel(wordWrap=True)
            error.setObjectName(f"error_{name}")
            error.setStyleSheet(_RED)
            error.hide()
            beside = QWidget()
            row = QHBoxLayout(beside)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(edit, 1)
            row.addWidget(error, 1)
            self._row(name, label, beside, edit)
        self.note = QLineEdit()
        self._row("note", translate("MeasuresPage", "N&ote"), self.note)
        self.project = ProjectFields(self, lang)
        self.project.add_to(layout)
        self.save_button = QPushButton(translate("MeasuresPage", "&Save"))
        self.custom_button = QPushButton(translate("MeasuresPage", "Add a &custom measure"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.custom_button)
        buttons.addStretch(1)
        layout.addRow(buttons)
        self._stored: dict[str, float | None] = {}
        self._filled: tuple[object, ...] = self.snapshot()

    def _row(self, name: str, text: str, field: QWidget, buddy: QWidget | None = None) -> None:
        # The label's buddy is the widget that takes the keyboard, never a container around
        # it: QLabel moves focus only to a buddy that accepts focus itself.
        label = QLabel(text)
        label.setBuddy(buddy or field)
        self.labels[name] = label
        self.layout_.addRow(label, field)

    def name_of(self, name: str) -> str:
        """The field's label without its mnemonic, for messages."""
        return plain_text(self.labels[name].text())

    # What is in the form
    def fill(self, values: dict[str, float | None]) -> None:
        """Show the stored figures; what is shown now counts as saved."""
        self._stored = dict(values)
        for name, value in values.items():
            self.fields[name].setText(shown(value))

    def mark_filled(self) -> None:
        self._filled = self.snapshot()

    def snapshot(self) -> tuple[object, ...]:
        """Everything the user can type or choose in the form."""
        texts = [self.title.text(), self.note.text(), *(f.text() for f in self.fields.values())]
        project = [self.project.start.text(), self.project.duration.text()]
        return (
            *texts,
            *project,
            self.status.currentData(),
            self.project.category.currentData(),
        )

    def restore(self, snapshot: tuple[object, ...]) -> None:
        """Put back what was typed (after the form was refilled underneath it)."""
        title, note, *rest = snapshot
        figures = rest[: len(self.FIGURES)]
        start, duration, status, category = rest[len(self.FIGURES) :]
        self.title.setText(str(title))
        self.note.setText(str(note))
        for edit, text in zip(self.fields.values(), figures, strict=True):
            edit.setText(str(text))
        self.project.start.setText(str(start))
        self.project.duration.setText(str(duration))
        self.status.setCurrentIndex(max(self.status.findData(status), 0))
        self.project.category.setCurrentIndex(max(self.project.category.findData(category), 0))

    def dirty(self) -> bool:
        return self.snapshot() != self._filled

    def numbers(self) -> dict[str, float | None] | None:
        """The figures as typed, or None with each bad one marked beside its field. A field
        left as it was filled keeps the stored figure exactly (the form shows eight
        significant digits)."""
        values: dict[str, float | None] = {}
        for name, edit in self.fields.items():
            text = edit.text()
            if name in self._stored and text == shown(self._stored[name]):
                values[name] = self._stored[name]
                continue
            try:
                values[name] = parse_figure(text)
            except ValueError as exc:
                self.errors[name].setText(str(exc))
                self.errors[name].show()
        return None if any(e.text() for e in self.errors.values()) else values

    def problem(self) -> str:
        """The first figure in error, named with its reason and what was typed ('' if none)."""
        for name, error in self.errors.items():
            if error.text():
                return (
                    translate("MeasuresPage", "%1: “%2” was not saved: %3")
                    .replace("%1", self.name_of(name))
                    .replace("%2", self.fields[name].text().strip())
                    .replace("%3", error.text())
                )
        return ""

    def clear_problems(self) -> None:
        for error in self.errors.values():
            error.clear()
            error.hide()
        self.project.clear_problems()
