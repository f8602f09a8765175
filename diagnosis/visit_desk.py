"""One facade over visits for a front end: list, start, open, answer, assess, finalise,
revise, follow up. Each operation is a line over the lifecycle and the assessment, so the GUI
holds no rule of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from diagnosis.assessment import Assessment, assess
from diagnosis.document import Document, Finding
from diagnosis.measure_decisions import decision_to_dict
from diagnosis.measures import Decision
from diagnosis.messages import DomainError, Message, Problem
from diagnosis.ports import PhotoRepository, VisitSummary
from diagnosis.visit_lifecycle import EDITABLE, VisitLifecycle
from diagnosis.visits import VisitService


class VisitDesk:
    def __init__(
        self, lifecycle: VisitLifecycle, visits: VisitService, photos: PhotoRepository | None = None
    ) -> None:
        self.lifecycle = lifecycle
        self.visits = visits
        self.photos = photos

    def visits_of(self, enterprise_id: str) -> list[VisitSummary]:
        return self.lifecycle.visits.list(enterprise_id)

    def start(self, enterprise_id: str, when: str, team: Sequence[str] = ()) -> Document:
        return self.lifecycle.start(enterprise_id, when, team)

    def open(self, visit_id: str) -> Document:
        return self.visits.export(visit_id)  # the visit, or a refusal naming it

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
