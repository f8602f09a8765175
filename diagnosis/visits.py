"""Use cases of visits: list, export and import the portable document, score.

A finalised visit is never overwritten (DESIGN.md invariant 2); importing a document for an
enterprise the register lacks adds the enterprise from the document.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from diagnosis.document import Document
from diagnosis.messages import DomainError, Message, Problem
from diagnosis.ports import EnterpriseRepository, VisitRepository, VisitSummary


@dataclass(frozen=True)
class ImportOutcome:
    kind: Literal["created", "updated", "unchanged"]
    visit_id: str
    enterprise_added: bool


def _refuse(message: str, **params: object) -> DomainError:
    return DomainError([Problem("visit", Message(message, params))])


class VisitService:
    def __init__(self, visits: VisitRepository, enterprises: EnterpriseRepository) -> None:
        self.visits = visits
        self.enterprises = enterprises

    def list(self, enterprise_code: str | None = None) -> list[VisitSummary]:
        if enterprise_code is None:
            return self.visits.list()
        from diagnosis.credit_code import normalise

        code = normalise(enterprise_code)
        owner = self.enterprises.by_codes([code]).get(code)
        if owner is None:
            raise _refuse("visit.enterprise_unknown", code=code)
        return self.visits.list(owner.id)

    def export(self, visit_id: str) -> Document:
        doc = self.visits.load(visit_id)
        if doc is None:
            raise _refuse("visit.missing", id=visit_id)
        return doc

    def import_document(self, doc: Document) -> ImportOutcome:
        """Store ``doc``: its enterprise is the register's one with the same credit code."""
        code = doc.enterprise.credit_code
        owner = self.enterprises.by_codes([code]).get(code)
        added = owner is None
        if owner is None:
            self.enterprises.save([doc.enterprise], [])
            owner = doc.enterprise
        doc = replace(doc, enterprise=owner)
        current = self.visits.load(doc.visit.id)
        if current is not None:
            if current == doc:
                return ImportOutcome("unchanged", doc.visit.id, added)
            if current.visit.status == "finalised":
                raise _refuse("visit.finalised", id=doc.visit.id)
        self.visits.save(doc)
        return ImportOutcome("created" if current is None else "updated", doc.visit.id, added)
