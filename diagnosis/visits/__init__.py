"""Visits: the portable diagnosis document, a visit's life (start, answer, header, experts,
findings and photos, finalise, revise) and the one facade the front ends use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.visits.desk import VisitDesk
    from diagnosis.visits.document import Document
    from diagnosis.visits.records import VisitService

__all__ = ["Document", "VisitDesk", "VisitService"]
__getattr__ = lazy_names(
    __name__, {"VisitDesk": "desk", "Document": "document", "VisitService": "records"}
)
