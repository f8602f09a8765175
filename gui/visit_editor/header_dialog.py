"""The visit header dialog: the date, the team members (the lead first), the organisation and
each member's specialty and organisation (gui.visit_editor.experts), asked when a visit is started
and
editable in the visit editor until it is finalised.

Keyboard first: Alt+D, Alt+T, Alt+O, Alt+E reach the fields (Tab goes on through each expert's
specialty and organisation), Enter saves, Esc leaves. What is wrong
comes from the domain (diagnosis.visits.header) in the chosen language; the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from diagnosis.messages import DomainError, Lang
from diagnosis.visits.experts import Expert
from diagnosis.visits.header import split_names
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.visit_editor.experts import ExpertsEditor

# Saves what was typed (date, team, organisation, experts; raising DomainError when it is
# refused) and returns what it made.
Save = Callable[[str, list[str], str, list[Expert]], object]


class VisitHeaderDialog(QDialog):
    def __init__(
        self,
        lang: Lang,
        when: str,
        team: Sequence[str],
        organisation: str,
        save: Save,
        parent: QWidget | None = None,
        experts: Sequence[Expert] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visit_header")
        self.lang = lang
        self.save = save
        self.result_value: object = None
        self.date = QDateEdit()
        self.date.setObjectName("header_date")
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        day = QDate.fromString(when, Qt.DateFormat.ISODate)
        self.date.setDate(day if day.isValid() else QDate.currentDate())
        self.team = QLineEdit("、".join(team) if lang == "zh" else ", ".join(team))
        self.team.setObjectName("header_team")
        self.team.setPlaceholderText(self.tr("Names separated by 、 or commas, the lead first"))
        self.organisation = QLineEdit(organisation)
        self.organisation.setObjectName("header_organisation")
        self.organisation.setPlaceholderText(self.tr("The diagnosis service organisation"))
        self.experts = ExpertsEditor(team, experts)
        self.experts.set_organisation(organisation)
        self.team.textChanged.connect(lambda text: self.experts.set_team(split_names(text)))
        self.organisation.textChanged.connect(self.experts.set_organisation)
        self.problems = QLabel()
        self.problems.setObjectName("header_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b3261e;")
        self.problems.hide()
        form = QFormLayout()
        for text, field in (
            (self.tr("Visit &date"), self.date),
            (self.tr("&Team members"), self.team),
            (self.tr("&Organisation"), self.organisation),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        experts_label = QLabel(self.tr("&Experts"))
        experts_label.setObjectName("header_experts_label")
        # Alt+E goes to the first member's specialty; the label's buddy follows the rows.
        self.experts_label = experts_label
        self._buddy_experts()
        self.team.textChanged.connect(lambda _text: self._buddy_experts())
        form.addRow(experts_label, self.experts)
        hint = QLabel(
            self.tr(
                "The plan's cover and sign-off print these (each expert with specialty and "
                "organisation; an empty organisation is the visit's); the office counts visits "
                "per member."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
        self.team.setFocus()

    def _buddy_experts(self) -> None:
        first = self.experts.first_field()
        self.experts_label.setBuddy(first if first is not None else self.team)

    def values(self) -> tuple[str, list[str], str, list[Expert]]:
        names = split_names(self.team.text())
        self.experts.set_team(names)
        return (
            self.date.date().toString(Qt.DateFormat.ISODate),
            names,
            self.organisation.text(),
            self.experts.experts(),
        )

    def accept(self) -> None:
        """Save, and close only when the domain took it; else say why beside the fields."""
        try:
            self.result_value = self.save(*self.values())
        except DomainError as exc:
            self.problems.setText("\n".join(p.text(self.lang) for p in exc.problems))
            self.problems.show()
            fields = {
                "date": self.date,
                "team": self.team,
                "organisation": self.organisation,
                "experts": self.experts.first_field() or self.team,
            }
            fields.get(exc.problems[0].field, self.team).setFocus()
            return
        super().accept()
