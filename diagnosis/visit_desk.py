"""One facade over visits for a front end: list, start, open, answer, assess, finalise,
revise, follow up. Each operation is a line over the lifecycle and the assessment, so the GUI
holds no rule of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from diagnosis.assessment import Assessment, assess
from diagnosis.document import Document
from diagnosis.messages import DomainError, Message, Problem
from diagnosis.ports import VisitSummary
from diagnosis.visit_lifecycle import EDITABLE, VisitLifecycle
from diagnosis.visits import VisitService


class VisitDesk:
    def __init__(self, lifecycle: VisitLifecycle, visits: VisitService) -> None:
        self.lifecycle = lifecycle
        self.visits = visits

    def visits_of(self, enterprise_id: str) -> list[VisitSummary]:
        return self.lifecycle.visits.list(enterprise_id)

    def start(self, enterprise_id: str, when: str, team: Sequence[str] = ()) -> Document:
        return self.lifecycle.start(enterprise_id, when, team)

    def open(self, visit_id: str) -> Document:
        doc = self.lifecycle.visits.load(visit_id)
        if doc is None:
            raise DomainError([Problem("visit", Message("visit.missing", {"id": visit_id}))])
        return doc

    @staticmethod
    def editable(doc: Document) -> bool:
        return doc.visit.status in EDITABLE

    def answer(self, visit_id: str, area: str, item_id: str, value: object) -> None:
        self.lifecycle.answer(visit_id, area, item_id, value)

    def assess(self, doc: Document) -> Assessment:
        return assess(doc)

    def missing(self, doc: Document) -> list[tuple[str, str]]:
        return self.lifecycle.missing(doc)

    def finalise(self, visit_id: str) -> None:
        self.lifecycle.finalise(visit_id)

    def revise(self, visit_id: str) -> Document:
        return self.lifecycle.revise(visit_id)

    def follow_up(self, visit_id: str, when: str) -> Document:
        return self.lifecycle.follow_up(visit_id, when)
