"""A visit's life: start, answer (each answer checked and saved on its own), finalise (then
read-only), revise (a new revision; the finalised one is kept), follow up (the accepted
measures carried over for their status and realised savings).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from diagnosis.answers import check_answer
from diagnosis.checklist import AREAS, ChecklistError, load_checklist
from diagnosis.document import SEVERITIES, Document, Finding, Visit
from diagnosis.messages import DomainError, Message, Problem
from diagnosis.ports import EnterpriseRepository, PhotoRepository, VisitRepository
from diagnosis.scoring import relevant

EDITABLE = ("draft", "revision", "follow_up")
FOLLOWED = ("accepted", "planned", "in_progress")


def _refuse(field: str, code: str, **params: object) -> DomainError:
    return DomainError([Problem(field, Message(code, params))])


class VisitLifecycle:
    def __init__(self, visits: VisitRepository, enterprises: EnterpriseRepository) -> None:
        self.visits = visits
        self.enterprises = enterprises

    def start(
        self,
        enterprise_id: str,
        when: str,
        team: Sequence[str] = (),
        organisation: str = "",
        areas: Sequence[str] = AREAS,
    ) -> Document:
        """A new draft visit on the newest checklists, nothing answered yet (the data year
        defaults to the year before the visit until E01 says otherwise)."""
        enterprise = self.enterprises.get(enterprise_id)
        if enterprise is None:
            raise _refuse("enterprise", "enterprise.missing")
        visit = Visit(
            str(uuid.uuid4()),
            when,
            "draft",
            1,
            tuple(team),
            organisation,
            tuple(areas),
            {a: load_checklist(a).version for a in areas},
        )
        doc = Document(enterprise, visit, {})
        self.visits.save(doc)
        return doc

    def answer(self, visit_id: str, area: str, item_id: str, value: object) -> None:
        """Check and save one answer at once (None clears it); nothing else is written."""
        header = self.visits.header(visit_id)
        if header is None:
            raise _refuse("visit", "visit.missing", id=visit_id)
        status, versions = header
        if status not in EDITABLE:
            raise _refuse("visit", "visit.locked", id=visit_id)
        try:
            checklist = load_checklist(area, versions.get(area))
            item = checklist.item(item_id)
        except (ChecklistError, KeyError):
            raise _refuse(
                item_id,
                "answer.unknown_item",
                item=item_id,
                area=area,
                version=versions.get(area, "?"),
            ) from None
        if value is not None:
            bad = check_answer(item, value)
            if bad is not None:
                raise DomainError([bad])
        self.visits.save_answer(visit_id, area, item_id, value)

    def add_finding(
        self,
        visit_id: str,
        area: str,
        severity: str,
        text: str,
        photos: PhotoRepository,
        photo_paths: Sequence[Path] = (),
        item: str | None = None,
        stored: Sequence[str] = (),
    ) -> Finding:
        """A finding with its photos: every photo is stored (and checked) before anything is
        written, so a refused photo leaves the visit as it was."""
        doc = self._editable(visit_id)
        if area not in doc.visit.areas or severity not in SEVERITIES or not text.strip():
            raise _refuse("finding", "finding.invalid", area=area, severity=severity)
        if item is not None:
            try:
                load_checklist(area, doc.visit.checklists.get(area)).item(item)
            except KeyError:
                raise _refuse("item", "finding.unknown_item", item=item, area=area) from None
        # ``stored``: photos a worker already added (downscaling is slow): they must exist.
        for sha in stored:
            if not photos.has(sha):
                raise _refuse("photos", "photo.missing", sha=sha, path="—")
        hashes = (*stored, *(photos.add(p) for p in photo_paths))
        finding = Finding(str(uuid.uuid4()), area, severity, text.strip(), item, hashes)
        self.visits.save(replace(doc, findings=(*doc.findings, finding)))
        return finding

    def note(self, visit_id: str, area: str, item_id: str, text: str) -> dict[str, dict[str, str]]:
        """Set (or, with empty text, remove) the note on one item; the notes as they now are."""
        doc = self._editable(visit_id)
        try:
            load_checklist(area, doc.visit.checklists.get(area)).item(item_id)
        except (ChecklistError, KeyError):
            raise _refuse(
                item_id,
                "answer.unknown_item",
                item=item_id,
                area=area,
                version=doc.visit.checklists.get(area, "?"),
            ) from None
        notes = {a: dict(n) for a, n in doc.notes.items()}
        if text.strip():
            notes.setdefault(area, {})[item_id] = text.strip()
        else:
            notes.get(area, {}).pop(item_id, None)
        self.visits.save_notes(visit_id, notes)
        return {a: n for a, n in notes.items() if n}

    def missing(self, doc: Document) -> list[tuple[str, str]]:
        """(area, item) of every relevant required item still unanswered."""
        out = []
        for area in doc.visit.areas:
            checklist = load_checklist(area, doc.visit.checklists.get(area))
            answers = doc.answers.get(area, {})
            out += [
                (area, i.id)
                for i in relevant(checklist, answers)
                if i.required and answers.get(i.id) in (None, "", [], {})
            ]
        return out

    def finalise(self, visit_id: str) -> None:
        doc = self._editable(visit_id)
        gaps = self.missing(doc)
        if gaps:
            shown = "、".join(f"{area}/{item}" for area, item in gaps[:10])
            raise _refuse(
                "visit",
                "visit.incomplete",
                n=len(gaps),
                items=shown + ("…" if len(gaps) > 10 else ""),
            )
        self.visits.set_status(visit_id, "finalised")

    def revise(self, visit_id: str) -> Document:
        """A new revision of a finalised visit, editable; the finalised one stays as it was."""
        doc = self._load(visit_id)
        if doc.visit.status != "finalised":
            return doc  # still editable: nothing to copy
        new = replace(
            doc,
            visit=replace(
                doc.visit,
                id=str(uuid.uuid4()),
                status="revision",
                revision=doc.visit.revision + 1,
                previous=visit_id,
            ),
            findings=_fresh(doc.findings),
        )
        self.visits.save(new)
        return new

    def duplicate(self, visit_id: str, when: str) -> Document:
        """A new draft starting from an earlier visit's answers and activity data (a firm seen
        again next year); findings, measures and photos stay with the earlier visit."""
        doc = self._load(visit_id)
        visit = _next_visit(doc, when, "draft")
        new = replace(doc, visit=visit, findings=(), measures=())
        self.visits.save(new)
        return new

    def follow_up(self, visit_id: str, when: str) -> Document:
        """A follow-up visit carrying the measures the firm took on, to record their status and
        realised savings; the questions start empty."""
        doc = self._load(visit_id)
        carried = tuple(m for m in doc.measures if m.get("status") in FOLLOWED)
        visit = _next_visit(doc, when, "follow_up")
        new = Document(doc.enterprise, visit, {}, (), carried)
        self.visits.save(new)
        return new

    def _load(self, visit_id: str) -> Document:
        doc = self.visits.load(visit_id)
        if doc is None:
            raise _refuse("visit", "visit.missing", id=visit_id)
        return doc

    def _editable(self, visit_id: str) -> Document:
        doc = self._load(visit_id)
        if doc.visit.status not in EDITABLE:
            raise _refuse("visit", "visit.locked", id=visit_id)
        return doc


def _fresh(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Copies with new ids (ids are unique across visits); the photos are the same files."""
    return tuple(replace(f, id=str(uuid.uuid4())) for f in findings)


def _next_visit(doc: Document, when: str, status: str) -> Visit:
    """A new visit of the same firm, team and checklists that follows ``doc``'s."""
    v = doc.visit
    return Visit(
        str(uuid.uuid4()),
        when,
        status,
        1,
        v.team,
        v.organisation,
        v.areas,
        dict(v.checklists),
        previous=v.id,
    )
