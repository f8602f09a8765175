"""The project fields of the measures form (issue 17 item 5): the category (derived from the
catalogue, overridable), the expected start (YYYY-MM) and the duration in months.

Only widgets, their labels and the reading of what was typed: the rules (what a month is, which
categories exist, which measures are projects) are the domain's. No SQL.
"""

from __future__ import annotations

from typing import Any

from diagnosis.measures.project_categories import MAX_DURATION_MONTHS, parse_month, project_table
from diagnosis.measures.projects import derived_category
from diagnosis.measures.proposals import MeasureView
from diagnosis.messages import Lang
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

_RED = "color: #b00020;"


class ProjectFields(QObject):
    """Three labelled rows added to the measures form; ``values`` reads them or marks the
    field in error (then None: the caller saves nothing)."""

    def __init__(self, parent: QWidget, lang: Lang) -> None:
        super().__init__(parent)
        self.lang = lang
        self.category = QComboBox()
        self.category.setObjectName("project_category")
        self.start = QLineEdit()
        self.start.setObjectName("project_start")
        self.start.setPlaceholderText(self.tr("YYYY-MM, e.g. 2026-04"))
        self.duration = QLineEdit()
        self.duration.setObjectName("project_duration")
        self.duration.setPlaceholderText(self.tr("whole months"))
        self.errors: dict[str, QLabel] = {}
        self._derived = ""

    def add_to(self, layout: QFormLayout) -> None:
        self._fill_categories("")
        layout.addRow(self.tr("Project cate&gory"), self.category)
        for name, label, edit in (
            ("start", self.tr("Expected sta&rt (YYYY-MM)"), self.start),
            ("duration", self.tr("&Duration (months)"), self.duration),
        ):
            error = QLabel(wordWrap=True)
            error.setObjectName(f"error_project_{name}")
            error.setStyleSheet(_RED)
            error.hide()
            self.errors[name] = error
            beside = QWidget()
            row = QHBoxLayout(beside)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(edit, 1)
            row.addWidget(error, 1)
            # The box itself is the buddy: QLabel moves focus only to a buddy that takes it.
            title = QLabel(label)
            title.setBuddy(edit)
            layout.addRow(title, beside)

    def widgets(self) -> list[QWidget]:
        """In tab order."""
        return [self.category, self.start, self.duration]

    def _fill_categories(self, derived: str) -> None:
        table = project_table()
        self.category.clear()
        name = table.categories[derived].label if derived in table.categories else None
        first = (
            self.tr("From the catalogue: %1").replace(
                "%1", name.zh if self.lang == "zh" else name.en
            )
            if name is not None
            else self.tr("Not a project unless it has an investment")
        )
        self.category.addItem(first, "")
        for key, c in table.categories.items():
            self.category.addItem(c.label.zh if self.lang == "zh" else c.label.en, key)

    def fill(self, v: MeasureView | None) -> None:
        d = v.decision if v is not None else None
        self._derived = (derived_category(v) or "") if v is not None else ""
        self._fill_categories(self._derived)
        index = self.category.findData(d.project_category) if d and d.project_category else 0
        self.category.setCurrentIndex(max(index, 0))
        self.start.setText(d.start_month if d else "")
        self.duration.setText(
            "" if d is None or d.duration_months is None else str(d.duration_months)
        )
        self.clear_problems()

    def clear_problems(self) -> None:
        for error in self.errors.values():
            error.clear()
            error.hide()

    def problem(self) -> str:
        """The first field in error, named, for the page's message line ('' when none)."""
        names = {
            "start": self.tr("Expected start"),
            "duration": self.tr("Duration"),
        }
        for name, error in self.errors.items():
            if error.text():
                return f"{names[name]}: {error.text()}"
        return ""

    def values(self) -> dict[str, Any] | None:
        """The Decision fields as typed, or None with the bad fields marked."""
        start = self.start.text().strip()
        if start:
            try:
                parse_month(start)
            except ValueError:
                self._mark(
                    "start",
                    self.tr("%1 is not a month: write YYYY-MM, month 01 to 12").replace(
                        "%1", start
                    ),
                )
        text = self.duration.text().strip()
        months: int | None = None
        if text:
            try:
                months = int(text)
            except ValueError:
                months = None
            if months is None or not 1 <= months <= MAX_DURATION_MONTHS:
                self._mark(
                    "duration",
                    self.tr("a whole number of months, 1 to %1").replace(
                        "%1", str(MAX_DURATION_MONTHS)
                    ),
                )
        if any(e.text() for e in self.errors.values()):
            return None
        return {
            "project_category": self.category.currentData() or "",
            "start_month": start,
            "duration_months": months,
        }

    def _mark(self, name: str, text: str) -> None:
        self.errors[name].setText(text)
        self.errors[name].show()
