"""An enterprise as the row the ``enterprises`` table holds: its register fields and the derived
search columns.

Its own module because two repositories write that row: the register (storage.enterprises) and
the visits (storage.visits, which adds an imported visit's firm in the visit's own transaction).
The register reaches the visits through its work list (storage.work_list, storage.office_facts),
so the visits must not import the register back for this.
"""

from __future__ import annotations

from typing import Any

from diagnosis.register.enterprise import FIELDS, Enterprise
from diagnosis.register.search import derived_columns

# The yes/no fields: 0 or 1 in their column, True or False on an ``Enterprise``.
BOOL_FIELDS = {f.name for f in FIELDS if f.kind == "bool"}


def enterprise_record(e: Enterprise) -> dict[str, Any]:
    """The enterprise as its row: register fields and the derived search columns."""
    row: dict[str, Any] = {"id": e.id, **e.values()}
    for name in BOOL_FIELDS:
        row[name] = int(row[name])
    row.update(derived_columns(e))
    return row
