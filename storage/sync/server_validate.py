"""The document's rules on each pushed record (docs/sync.md "What a change must carry"): what
``diagnosis.sync.records`` says of the record, given what the server holds beside it (the
visit's enterprise, an answer's visit and its checklist versions). A record that breaks one is
rejected ``record.invalid`` naming table, id, field and why; the rest of the batch applies.

Called after the access check, so a refusal never describes a record the user may not see.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from diagnosis.sync.records import Context, RecordProblem, check_record

from storage.sync.errors import SyncRefusal
from storage.sync.server_fields import Change
from storage.sync.server_records import Ledger

_SHOWN: Final = 120  # characters of a field path quoted in a refusal


def validate_change(change: Change, ledger: Ledger) -> None:
    """Raise ``record.invalid`` when the change's record breaks a rule of the document."""
    problem = check_record(change.table, change.data, _context(change, ledger))
    if problem is not None:
        raise refusal(change.table, change.id, problem)


def refusal(table: str, record_id: str, problem: RecordProblem) -> SyncRefusal:
    where = problem.field if len(problem.field) <= _SHOWN else problem.field[:_SHOWN] + "…"
    return SyncRefusal(
        "record.invalid",
        f"{table} {record_id}: {where}: {problem.reason}.",
        f"{table} {record_id}：{where}：{problem.reason_zh}。",
    )


def _context(change: Change, ledger: Ledger) -> Context:
    if change.table == "visits":
        enterprise_id = change.data.get("enterprise_id")
        known = isinstance(enterprise_id, str) and ledger.get("enterprises", enterprise_id)
        return Context(enterprise_known=bool(known))
    if change.table in ("answers", "findings"):
        visit_id = change.data.get("visit_id")
        visit = ledger.get("visits", visit_id) if isinstance(visit_id, str) else None
        return Context(checklists=_versions(visit.data if visit is not None else {}))
    return Context()


def _versions(visit: Mapping[str, Any]) -> dict[str, str]:
    """The visit's checklist versions; none (the newest) when its stored field is unreadable
    (a record from before these rules)."""
    try:
        versions = json.loads(visit.get("checklists") or "{}")
    except (TypeError, ValueError, RecursionError):
        return {}
    if not isinstance(versions, dict):
        return {}
    return {str(k): str(v) for k, v in versions.items()}
