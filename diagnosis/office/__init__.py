"""The city office's view: what a visit counts for (``counting``), coverage and the project
pipeline (``figures``), peers, the programme's targets, and the Excel workbook and JSON that
report them; ``OfficeService`` is the front ends' facade."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.office.service import OfficeService

__all__ = ["OfficeService"]
__getattr__ = lazy_names(__name__, {"OfficeService": "service"})
