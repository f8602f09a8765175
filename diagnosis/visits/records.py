"""Use cases of visits: list, export and import the portable document, score.

A finalised visit is never overwritten (DESIGN.md invariant 2); importing a document for an
enterprise the register lacks adds the enterprise from the document, in the same transaction as
the visit. Every id a document brings must be a canonical UUID (the server refuses any other).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from diagnosis.messages import DomainError, Message, Problem
from diagnosis.ports import EnterpriseRepository, VisitRepository, VisitSummary
from diagnosis.sync.ids import is_uuid
from diagnosis.visits.document import Document


@dataclass(frozen=True)
class ImportOutcome:
    kind: Literal["created", "updated", "unchanged"]
    visit_id: str
    enterprise_added: bool
    notices: tuple[Message, ...] = ()  # what the reader should know (ids renewed ...)


def _refuse(message: str, **params: object) -> DomainError:
    return DomainError([Problem("visit", Message(message, params))])


def id_problems(doc: Document) -> list[Problem]:
    """Every id of ``doc`` that is not a canonical UUID, by its place in the document."""
    ids = [("visit.id", doc.visit.id)]
    if doc.visit.previous is not None:
        ids.append(("visit.previous", doc.visit.previous))
    ids += [(f"findings[{i}].id", f.id) for i, f in enumerate(doc.findings)]
    out = [
        Problem(where, Message("document.bad_id", {"field": where, "value": value}))
        for where, value in ids
        if not is_uuid(value)
    ]
    seen: set[str] = set()
    for i, f in enumerate(doc.findings):
        if f.id in seen:
            where = f"findings[{i}].id"
            out.append(Problem(where, Message("document.repeated_id", {"field": where})))
        seen.add(f.id)
    return out


class VisitRecords:
    def __init__(self, visits: VisitRepository, enterprises: EnterpriseRepository) -> None:
        self.visits = visits
        self.enterprises = enterprises

    def list(self, enterprise_code: str | None = None) -> list[VisitSummary]:
        if enterprise_code is None:
            return self.visits.list()
        from diagnosis.register.credit_code import normalise

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

    def import_document(self, doc: Document, notices: Sequence[Message] = ()) -> ImportOutcome:
        """Store ``doc``: its enterprise is the register's one with the same credit code, or
        is added with the visit in one transaction. Finding ids already used by another visit
        (a copied document) are renewed, and the outcome says so."""
        problems = id_problems(doc)
        if problems:
            raise DomainError(problems)
        said = list(notices)
        code = doc.enterprise.credit_code
        owner = self.enterprises.by_codes([code]).get(code)
        added = owner is None
        doc = replace(doc, enterprise=owner or doc.enterprise)
        current = self.visits.load(doc.visit.id)
        if current is not None:
            if current.enterprise.id != doc.enterprise.id:
                raise _refuse(
                    "visit.other_enterprise", id=doc.visit.id, name=current.enterprise.name
                )
            if current == doc:
                return ImportOutcome("unchanged", doc.visit.id, added, tuple(said))
            if current.visit.status == "finalised":
                raise _refuse("visit.finalised", id=doc.visit.id)
        owners = self.visits.finding_owners([f.id for f in doc.findings])
        elsewhere = {fid for fid, visit in owners.items() if visit != doc.visit.id}
        if elsewhere:
            renewed = tuple(
                replace(f, id=str(uuid.uuid4())) if f.id in elsewhere else f for f in doc.findings
            )
            doc = replace(doc, findings=renewed)
            said.append(Message("document.finding_ids_renewed", {"n": len(elsewhere)}))
        self.visits.save(doc, new_enterprise=added)
        kind: Literal["created", "updated"] = "created" if current is None else "updated"
        return ImportOutcome(kind, doc.visit.id, added, tuple(said))
