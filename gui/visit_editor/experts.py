"""The experts' part of the visit header dialog: one row a team member (the lead first), with the
member's specialty (the programme's five areas offered, any text kept) and organisation (empty:
the visit's). Rows follow the team field as it is typed; what was entered for a name stays
with that name. Every field is reached by Tab, labelled by the member's name (diagnosis.
visit_experts holds the rules; the dialog saves them with the other header fields).
"""

from __future__ import annotations

from collections.abc import Sequence

from diagnosis.visits.experts import SPECIALTIES, Expert, aligned, key
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget


class ExpertsEditor(QWidget):
    def __init__(
        self, team: Sequence[str], experts: Sequence[Expert], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("header_experts")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[str, QComboBox, QLineEdit]] = []
        self.placeholder = ""
        self._known: dict[str, Expert] = {key(e.name): e for e in experts}
        self.set_team(team)

    def set_organisation(self, organisation: str) -> None:
        """The visit's organisation, shown in an empty organisation field as what it means."""
        self.placeholder = organisation
        for _name, _specialty, org in self.rows:
            org.setPlaceholderText(organisation or self.tr("The visit's organisation"))

    def set_team(self, team: Sequence[str]) -> None:
        """One row a member of ``team``, keeping what was entered for each name."""
        if [name for name, _s, _o in self.rows] == list(team):
            return
        for e in self.experts():
            self._known[key(e.name)] = e
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = []
        if team:
            for column, text in enumerate(
                (self.tr("Expert"), self.tr("Specialty"), self.tr("Organisation"))
            ):
                self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        for i, e in enumerate(aligned(team, list(self._known.values()))):
            self._add_row(i, e)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 2)

    def _add_row(self, i: int, e: Expert) -> None:
        specialty = QComboBox()
        specialty.setEditable(True)
        specialty.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        specialty.addItems(["", *(zh for zh, _en in SPECIALTIES)])
        specialty.setCurrentText(e.specialty)
        specialty.setObjectName(f"expert_specialty_{i}")
        specialty.setAccessibleName(self.tr("Specialty of %1").replace("%1", e.name))
        specialty.setToolTip(
            self.tr(
                "Suggested: 智能制造 intelligent manufacturing, 节能 energy saving, 节水 water "
                "saving, 清洁生产 cleaner production, 安全环保 safety and environment; or type"
            )
        )
        organisation = QLineEdit(e.organisation)
        organisation.setObjectName(f"expert_organisation_{i}")
        organisation.setAccessibleName(self.tr("Organisation of %1").replace("%1", e.name))
        organisation.setPlaceholderText(self.placeholder or self.tr("The visit's organisation"))
        label = QLabel(e.name)
        label.setBuddy(specialty)
        self.grid.addWidget(label, i + 1, 0)
        self.grid.addWidget(specialty, i + 1, 1)
        self.grid.addWidget(organisation, i + 1, 2)
        self.rows.append((e.name, specialty, organisation))

    def experts(self) -> list[Expert]:
        return [Expert(name, s.currentText(), o.text()) for name, s, o in self.rows]

    def first_field(self) -> QWidget | None:
        return self.rows[0][1] if self.rows else None
