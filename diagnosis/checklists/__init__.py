"""The checklists: one versioned JSON file per area and version in the folders beside this
package's modules (``energy/``, ``water/`` ...); ``format`` is their records, ``parse`` turns
a file's JSON into them, ``load`` finds and loads a file by area and version, ``conditions`` the
relevance expressions, ``answers`` what an item accepts, ``units`` how a unit reads in each
language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.checklists.format import AREAS, Checklist
    from diagnosis.checklists.load import load_checklist

__all__ = ["AREAS", "Checklist", "load_checklist"]
__getattr__ = lazy_names(
    __name__, {"Checklist": "format", "load_checklist": "load", "AREAS": "format"}
)
