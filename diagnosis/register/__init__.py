"""The enterprise register: the record and its rules, the unified social credit code, the
industry table and reference lists, reading a district's .xlsx/.csv (header, layout, rows,
notes) and importing it, search and pinyin, export, and the team's work list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.register.enterprise import Enterprise
    from diagnosis.register.importer import ImportPlan
    from diagnosis.register.search import EnterpriseIndex
    from diagnosis.register.service import RegisterService

__all__ = ["Enterprise", "EnterpriseIndex", "ImportPlan", "RegisterService"]
__getattr__ = lazy_names(
    __name__,
    {
        "RegisterService": "service",
        "Enterprise": "enterprise",
        "EnterpriseIndex": "search",
        "ImportPlan": "importer",
    },
)
