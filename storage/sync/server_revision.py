"""A finalised visit is never merged into (DESIGN invariant 2): a late change to it, or to one of
its answers or findings, goes to a draft revision the server makes of it (docs/sync.md, outcome
``revision``), where it merges like any other change.

"Late" for a visit: based on a revision older than the finalised one. For its answers and
findings, which carry no visit revision: pushed by anyone but the person who finalised it (their
laptop sends the visit's last answers with, or after, the finalisation; nobody else's laptop can
have edited it after seeing it finalised).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Final

from diagnosis.sync.merge import DELETED, merge

from storage.sync.client_meta import OBJECT_FIELDS
from storage.sync.server_fields import Change, answer_id, result
from storage.sync.server_records import Ledger, Record

if TYPE_CHECKING:
    from storage.sync.server_push import Push

# The status the app's own "revise" gives a new revision of a finalised visit: editable.
REVISION_STATUS: Final = "revision"


def route(push: Push, change: Change, current: Record | None) -> dict[str, Any] | None:
    """The result of a late change to a finalised visit, applied to its revision; None when the
    change is not one (it then applies as usual)."""
    if change.table == "enterprises":
        return None
    ledger = push.ledger
    if change.table == "visits":
        visit = current
    else:
        visit = ledger.get("visits", str((current or change).data["visit_id"]))
    if visit is None or visit.deleted or visit.data.get("status") != "finalised":
        return None
    if change.table == "visits":
        if change.base_rev >= visit.rev:
            return None  # made knowing the finalised version: an ordinary change
    elif ledger.finaliser(visit) == push.user.name:
        return None
    theirs = change.merged_view()
    base = ledger.base(change.table, change.id, change.base_rev)
    if current is not None:
        merged = merge(base, current.view(), theirs, OBJECT_FIELDS.get(change.table, ()))
        if merged.data == current.view() and not merged.hard:
            return result(change, "unchanged", current.rev)  # nothing to carry over
    revision = open_revision(ledger, visit)
    if change.table == "visits":
        target_id = revision.id
    else:
        theirs = {**theirs, "visit_id": revision.id}
        base = None if base is None else {**base, "visit_id": revision.id}
        target_id = _child_in(ledger, change, revision)
    target = ledger.get(change.table, target_id)
    settled = push.settle(
        change, change.table, target_id, target, base, theirs, False, origin_id=change.id
    )
    now = ledger.get("visits", revision.id)
    rev = revision.rev if now is None else now.rev
    return result(change, "revision", rev, conflicts=list(settled.hard), new_id=revision.id)


def _child_in(ledger: Ledger, change: Change, revision: Record) -> str:
    """Where a change to an answer or finding of the finalised visit lands in its revision."""
    if change.table == "answers":
        return answer_id(revision.id, change.data["area"], change.data["item"])
    copies = ledger.where(
        "tbl = 'findings' AND origin_id = ? AND scope = ? ORDER BY rev", [change.id, revision.id]
    )
    return copies[0].id if copies else str(uuid.uuid4())


def open_revision(ledger: Ledger, visit: Record) -> Record:
    """The draft revision collecting late changes to ``visit``: the newest revision in its chain
    if that is still editable, else a new one made from the newest finalised one."""
    latest = visit
    while True:
        children = ledger.where(
            "tbl = 'visits' AND json_extract(data, '$.previous_id') = ? AND deleted = 0 "
            "ORDER BY rev DESC",
            [latest.id],
        )
        number = _revision(latest) + 1
        # A follow-up visit also names its predecessor, but starts again at revision 1.
        child = next((c for c in children if _revision(c) == number), None)
        if child is None:
            return make_revision(ledger, latest)
        if child.data.get("status") != "finalised":
            return child
        latest = child


def make_revision(ledger: Ledger, visit: Record) -> Record:
    """A new revision of a finalised visit: its data, answers and findings copied under new ids,
    seen by everyone who could see the visit."""
    new_id = str(uuid.uuid4())
    data = {
        **visit.data,
        "status": REVISION_STATUS,
        "revision": _revision(visit) + 1,
        "previous_id": visit.id,
        DELETED: False,
    }
    record = _copy(ledger, "visits", new_id, data, visit.id)
    ledger.add_members(new_id, ledger.members(visit.id), "inherited")
    live = "scope = ? AND deleted = 0 ORDER BY seq"
    for answer in ledger.where(f"tbl = 'answers' AND {live}", [visit.id]):
        copy_id = answer_id(new_id, answer.data["area"], answer.data["item"])
        view = {**answer.data, "visit_id": new_id, DELETED: False}
        _copy(ledger, "answers", copy_id, view, answer.id)
    for finding in ledger.where(f"tbl = 'findings' AND {live}", [visit.id]):
        view = {**finding.data, "visit_id": new_id, DELETED: False}
        _copy(ledger, "findings", str(uuid.uuid4()), view, finding.id)
    ledger.audit("visit.revision", {"visit": visit.id, "revision": new_id})
    return record


def _copy(
    ledger: Ledger, table: str, record_id: str, view: dict[str, Any], origin_id: str
) -> Record:
    return ledger.save(
        table,
        record_id,
        view,
        base_rev=0,
        updated_at=ledger.now,
        outcome="revision",
        origin_id=origin_id,
    )


def _revision(visit: Record) -> int:
    number = visit.data.get("revision")
    return number if isinstance(number, int) else 1
