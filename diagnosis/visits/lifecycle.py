"""A visit's life: start, answer (each answer checked and saved on its own), the header and
the findings (edited, deleted, given or stripped of photos until finalised), finalise (then
read-only; the open doubts are listed, never blocking), revise (a new revision; the finalised
one is kept), follow up (the accepted measures carried over for their status and savings).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from diagnosis.assessment.scoring import relevant
from diagnosis.checklists.answers import check_answer
from diagnosis.checklists.format import AREAS, ChecklistError
from diagnosis.checklists.load import load_checklist
from diagnosis.messages import Bilingual, DomainError, Message, Problem
from diagnosis.plausibility.checks import Doubt, doubts_of
from diagnosis.ports import EnterpriseRepository, PhotoRepository, VisitRepository
from diagnosis.reference_versions import current_versions
from diagnosis.visits.document import Document, Finding, Visit
from diagnosis.visits.experts import Expert
from diagnosis.visits.findings import check_finding, finding_of
from diagnosis.visits.header import check_header

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
        experts: Sequence[Expert] = (),
    ) -> Document:
        """A new draft visit on the newest checklists, nothing answered yet (the data year
        defaults to the year before the visit until E01 says otherwise)."""
        enterprise = self.enterprises.get(enterprise_id)
        if enterprise is None:
            raise _refuse("enterprise", "enterprise.missing")
        header, problems = check_header(when, team, organisation, date.today(), experts)
        if problems:
            raise DomainError(problems)
        visit = Visit(
            str(uuid.uuid4()),
            header.date,
            "draft",
            1,
            header.team,
            header.organisation,
            tuple(areas),
            {a: load_checklist(a).version for a in areas},
            experts=header.experts,
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
        # ``stored``: photos a worker already added (downscaling is slow): they must exist.
        check_finding(doc, area, severity, text, item, photos, stored)
        hashes = (*stored, *(photos.add(p) for p in photo_paths))
        finding = Finding(str(uuid.uuid4()), area, severity, text.strip(), item, hashes)
        self.visits.save_finding(visit_id, finding)
        return finding

    def edit_finding(
        self,
        visit_id: str,
        finding_id: str,
        photos: PhotoRepository,
        *,
        area: str,
        severity: str,
        text: str,
        item: str | None,
        hashes: Sequence[str],
    ) -> Finding:
        """The finding with this text, severity, question and photos (a photo given or
        stripped; the files stay, addressed by content, for other findings and sync)."""
        doc = self._editable(visit_id)
        old = finding_of(doc, finding_id)
        kept = tuple(dict.fromkeys(hashes))
        check_finding(doc, area, severity, text, item, photos, kept, old.photos)
        new = Finding(old.id, area, severity, text.strip(), item, kept)
        if new != old:
            self.visits.save_finding(visit_id, new)
        return new

    def delete_finding(self, visit_id: str, finding_id: str) -> Finding:
        """Tombstone a finding (before finalising); the finding as it was, to restore it."""
        doc = self._editable(visit_id)
        old = finding_of(doc, finding_id)
        self.visits.delete_finding(finding_id)
        return old

    def restore_finding(self, visit_id: str, finding: Finding) -> None:
        """A deleted finding of this visit, back as it was (the same record lives again)."""
        self._editable(visit_id)
        self.visits.save_finding(visit_id, finding)

    def set_header(
        self,
        visit_id: str,
        when: str,
        team: Sequence[str],
        organisation: str,
        experts: Sequence[Expert] | None = None,
    ) -> Document:
        """The visit's date, team and organisation, and each member's specialty and
        organisation, checked; editable until finalised. Without ``experts`` the members keep
        the entries they have (found by name)."""
        doc = self._editable(visit_id)
        given = doc.visit.experts if experts is None else experts
        header, problems = check_header(when, team, organisation, date.today(), given)
        if problems:
            raise DomainError(problems)
        self.visits.save_header(
            visit_id, header.date, header.team, header.organisation, header.experts
        )
        visit = replace(
            doc.visit,
            date=header.date,
            team=header.team,
            organisation=header.organisation,
            experts=header.experts,
        )
        return replace(doc, visit=visit)

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

    def finalise(self, visit_id: str) -> tuple[Doubt, ...]:
        """Lock the visit once every required question is answered; the doubts still open
        (warnings: they never stop it), for the record of what was finalised."""
        doc = self._editable(visit_id)
        gaps = self.missing(doc)
        if gaps:
            raise _refuse("visit", "visit.incomplete", n=len(gaps), items=_gap_names(gaps))
        # Frozen with the reference tables it was computed with: its plan reads the same after
        # a table is corrected (reference_versions); a revision moves to the newest.
        self.visits.set_status(visit_id, "finalised", tables=current_versions())
        return doubts_of(doc)

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
                tables={},  # the newest tables (revision_changes says what that changed)
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
        experts=v.experts,
    )


def _gap_names(gaps: list[tuple[str, str]]) -> Bilingual:
    """The first ten unanswered items by area name and item id, in both languages."""
    more = "…" if len(gaps) > 10 else ""
    zh = "、".join(f"{Message('area.' + a).text('zh')} {i}" for a, i in gaps[:10])
    en = ", ".join(f"{Message('area.' + a).text('en')} {i}" for a, i in gaps[:10])
    return Bilingual(zh + more, en + more)
