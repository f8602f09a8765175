"""Visits: the portable diagnosis document, a visit's life (start, answer, header, experts,
findings and photos, finalise, revise) and the one facade the front ends use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.visits.document import Document
    from diagnosis.visits.records import VisitRecords
    from diagnosis.visits.service import VisitService

__all__ = ["Document", "VisitRecords", "VisitService"]
__getattr__ = lazy_names(
    __name__, {"VisitService": "desk", "Document": "document", "VisitRecords": "records"}
)
