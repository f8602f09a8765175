"""The one facade over visits that the front ends use (the app and the commands alike): list,
start, open, answer, assess, doubt, set the header, keep findings, decide on measures,
finalise, revise, follow up, export and import the portable document.

Beneath it, and used by nothing but it and the other domain services: ``VisitLifecycle``
(diagnosis.visits.lifecycle: the rules of a visit's life, each answer checked and saved) and
``VisitRecords`` (diagnosis.visits.records: the stored visits as portable documents, a finalised
one never overwritten). Each operation here is a line over them and the assessment, so a front
end holds no rule of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from diagnosis.assessment.assess import Assessment, assess
from diagnosis.checklists.load import load_checklist
from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.proposals import Decision
from diagnosis.messages import DomainError, Message, Problem
from diagnosis.plausibility.checks import Doubt, doubts_of
from diagnosis.ports import PhotoRepository, VisitSummary
from diagnosis.visits.document import Document, Finding
from diagnosis.visits.experts import Expert
from diagnosis.visits.findings import failed_items
from diagnosis.visits.lifecycle import EDITABLE, VisitLifecycle
from diagnosis.visits.records import ImportOutcome, VisitRecords

if TYPE_CHECKING:
    from diagnosis.visits.revision_changes import Change


class VisitService:
    def __init__(
        self,
        lifecycle: VisitLifecycle,
        records: VisitRecords,
        photos: PhotoRepository | None = None,
    ) -> None:
        self.lifecycle = lifecycle
        self.records = records
        self.photos = photos

    def has(self, visit_id: str) -> bool:
        return self.records.visits.load(visit_id) is not None

    def export(self, visit_id: str) -> Document:
        """The visit as the portable document (a refusal names a visit that is not there)."""
        return self.records.export(visit_id)

    def import_document(self, doc: Document, notices: Sequence[Message] = ()) -> ImportOutcome:
        """A portable document into the store (a finalised visit is never overwritten)."""
        return self.records.import_document(doc, notices)

    def visits_of(self, enterprise_id: str) -> list[VisitSummary]:
        return self.lifecycle.visits.list(enterprise_id)

    def start(
        self,
        enterprise_id: str,
        when: str,
        team: Sequence[str] = (),
        organisation: str = "",
        experts: Sequence[Expert] = (),
    ) -> Document:
        return self.lifecycle.start(enterprise_id, when, team, organisation, experts=experts)

    def header_defaults(self) -> tuple[tuple[str, ...], str]:
        """The team and organisation of the latest visit in this store: a team visits many
        firms, so a new visit starts from them (and the dialog lets them be changed)."""
        latest = self.lifecycle.visits.list()[:1]
        doc = self.lifecycle.visits.load(latest[0].id) if latest else None
        return (doc.visit.team, doc.visit.organisation) if doc else ((), "")

    def expert_defaults(self) -> tuple[Expert, ...]:
        """The members' specialties and organisations of the latest visit in this store, offered
        with its team (``header_defaults``)."""
        latest = self.lifecycle.visits.list()[:1]
        doc = self.lifecycle.visits.load(latest[0].id) if latest else None
        return doc.visit.experts_of_team if doc else ()

    def set_header(
        self,
        visit_id: str,
        when: str,
        team: Sequence[str],
        organisation: str,
        experts: Sequence[Expert] | None = None,
    ) -> Document:
        return self.lifecycle.set_header(visit_id, when, team, organisation, experts)

    def open(self, visit_id: str) -> Document:
        return self.records.export(visit_id)  # the visit, or a refusal naming it

    @staticmethod
    def editable(doc: Document) -> bool:
        return doc.visit.status in EDITABLE

    def answer(self, visit_id: str, area: str, item_id: str, value: object) -> None:
        self.lifecycle.answer(visit_id, area, item_id, value)

    def assess(self, doc: Document) -> Assessment:
        return assess(doc)

    def doubts(
        self, doc: Document, changed: Iterable[str] | None = None, previous: Sequence[Doubt] = ()
    ) -> tuple[Doubt, ...]:
        """Plausibility warnings on the answers: shown beside them, listed at finalising.
        After answers in ``changed`` areas, only what reads them is checked again."""
        return doubts_of(doc, None if changed is None else set(changed), previous)

    def failed(self, doc: Document, areas: Iterable[str] | None = None) -> dict[str, list[str]]:
        """By area (of ``areas``, else all), the shown questions whose answer failed: each may
        become a finding."""
        wanted = doc.visit.areas if areas is None else [a for a in areas if a in doc.visit.areas]
        return {
            area: failed_items(
                load_checklist(area, doc.visit.checklists.get(area)), doc.answers.get(area, {})
            )
            for area in wanted
        }

    def missing(self, doc: Document) -> list[tuple[str, str]]:
        return self.lifecycle.missing(doc)

    def finalise(self, visit_id: str) -> tuple[Doubt, ...]:
        return self.lifecycle.finalise(visit_id)

    def revise(self, visit_id: str) -> Document:
        return self.lifecycle.revise(visit_id)

    def table_changes(self, finalised_id: str) -> list[Change]:
        """What reads otherwise when the finalised visit moves to the newest reference tables
        (what its revision shows before anyone edits it); empty when nothing moved."""
        from diagnosis.visits.revision_changes import table_changes

        return table_changes(self.open(finalised_id))

    def note(self, visit_id: str, area: str, item_id: str, text: str) -> dict[str, dict[str, str]]:
        return self.lifecycle.note(visit_id, area, item_id, text)

    def duplicate(self, visit_id: str, when: str) -> Document:
        return self.lifecycle.duplicate(visit_id, when)

    def follow_up(self, visit_id: str, when: str) -> Document:
        return self.lifecycle.follow_up(visit_id, when)

    def add_finding(
        self,
        visit_id: str,
        area: str,
        severity: str,
        text: str,
        photo_paths: Sequence[Path] = (),
        item: str | None = None,
        stored: Sequence[str] = (),
    ) -> Finding:
        return self.lifecycle.add_finding(
            visit_id, area, severity, text, self._photos(), photo_paths, item, stored
        )

    def edit_finding(
        self,
        visit_id: str,
        finding_id: str,
        *,
        area: str,
        severity: str,
        text: str,
        item: str | None,
        photos: Sequence[str],
    ) -> Finding:
        return self.lifecycle.edit_finding(
            visit_id,
            finding_id,
            self._photos(),
            area=area,
            severity=severity,
            text=text,
            item=item,
            hashes=photos,
        )

    def delete_finding(self, visit_id: str, finding_id: str) -> Finding:
        return self.lifecycle.delete_finding(visit_id, finding_id)

    def restore_finding(self, visit_id: str, finding: Finding) -> None:
        self.lifecycle.restore_finding(visit_id, finding)

    def store_photo(self, path: Path) -> str:
        """Downscale and store one photo (slow: call it off the UI thread); its SHA-256."""
        return self._photos().add(path)

    def photo_path(self, sha256: str) -> Path | None:
        photos = self._photos()
        path = getattr(photos, "path_of", None)
        return path(sha256) if path is not None and photos.has(sha256) else None

    def _photos(self) -> PhotoRepository:
        if self.photos is None:
            raise RuntimeError("this desk was built without a photo store")
        return self.photos

    def decide(self, visit_id: str, decision: Decision) -> Document:
        """Record the team's decision on a measure (replacing an earlier one on the same
        measure); the rules' proposal is never changed."""
        doc = self.open(visit_id)
        if not self.editable(doc):
            raise DomainError([Problem("visit", Message("visit.locked", {"id": visit_id}))])
        key = decision.code or decision.title
        kept = [m for m in doc.measures if (m.get("code") or m.get("title")) != key]
        new = replace(doc, measures=(*kept, decision_to_dict(decision)))
        self.lifecycle.visits.save(new)
        return new

    # Last in the class: defined earlier, its name would hide the builtin ``list`` from the
    # annotations below it.
    def list(self, enterprise_code: str | None = None) -> list[VisitSummary]:
        """Every visit, or one enterprise's by its credit code, newest first."""
        return self.records.list(enterprise_code)
