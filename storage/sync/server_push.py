"""What each change of a pushed batch does (docs/sync.md "Push" and "Conflicts"): who may make it,
then created, updated, merged, conflict, unchanged, revision or rejected.

Runs inside the writer's transaction; a rejected change writes nothing and the others still
apply. Access: an office user may change everything; a consultant the enterprises of their
districts and the visits they created or whose team names them, with their answers and findings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from diagnosis.sync_merge import DELETED, merge

from storage.sync.client_meta import OBJECT_FIELDS
from storage.sync.errors import SyncRefusal
from storage.sync.server_fields import TABLES, Change, check_change, malformed, result
from storage.sync.server_records import Ledger, Record
from storage.sync.server_revision import route


@dataclass(frozen=True)
class User:
    name: str
    role: str  # "consultant" or "office"
    districts: tuple[str, ...]

    @property
    def office(self) -> bool:
        return self.role == "office"


@dataclass(frozen=True)
class Settled:
    outcome: str
    record: Record
    hard: tuple[str, ...]


class Push:
    def __init__(self, ledger: Ledger, user: User) -> None:
        self.ledger = ledger
        self.user = user

    def apply(self, changes: list[Change]) -> list[dict[str, Any]]:
        """Results in request order; changes applied table by table (parents first)."""

        def order(c: Change) -> tuple[int, int]:
            return (TABLES.index(c.table) if c.table in TABLES else len(TABLES), c.index)

        results = {c.index: self.one(c) for c in sorted(changes, key=order)}
        return [results[i] for i in range(len(changes))]

    def one(self, change: Change) -> dict[str, Any]:
        problem = check_change(change)
        try:
            if problem is not None:
                raise malformed(problem[0], problem[1])
            return self._apply(change)
        except SyncRefusal as refusal:
            current = self.ledger.get(change.table, change.id) if problem is None else None
            return result(
                change,
                "rejected",
                0 if current is None else current.rev,
                code=refusal.code,
                reason=refusal.reason,
                reason_zh=refusal.reason_zh,
            )

    def _apply(self, change: Change) -> dict[str, Any]:
        current = self.ledger.get(change.table, change.id)
        self.check_access(change, current)
        if current is not None and change.base_rev > current.rev:
            raise malformed(
                f"base_rev {change.base_rev} is newer than the record's revision {current.rev}.",
                f"base_rev {change.base_rev} 比记录的版本 {current.rev} 更新。",
            )
        self._check_unique(change)
        theirs = change.merged_view()
        if current is not None and theirs == current.view() and not self._settles(change):
            return result(change, "unchanged", current.rev)
        routed = route(self, change, current)
        if routed is not None:
            return routed
        base = self.ledger.base(change.table, change.id, change.base_rev)
        direct = current is not None and change.base_rev == current.rev
        settled = self.settle(change, change.table, change.id, current, base, theirs, direct)
        return result(change, settled.outcome, settled.record.rev, conflicts=list(settled.hard))

    def settle(
        self,
        change: Change,
        table: str,
        record_id: str,
        current: Record | None,
        base: Mapping[str, Any] | None,
        theirs: Mapping[str, Any],
        direct: bool,
        origin_id: str | None = None,
    ) -> Settled:
        """Apply ``theirs`` to the record ``(table, record_id)``: replace it when the change was
        based on its current version (``direct``), otherwise merge against ``base``."""
        received = change.merged_view()
        if current is None:
            record = self.ledger.save(
                table,
                record_id,
                theirs,
                base_rev=change.base_rev,
                updated_at=change.updated_at,
                outcome="created",
                received=received,
                origin_id=origin_id,
            )
            return Settled("created", record, ())
        ours = current.view()
        # A resolution settles the conflicts the person was shown: those of their copy's rev.
        seen = change.base_rev if (table, record_id) == (change.table, change.id) else None
        settles = set(change.resolves) & set(self.ledger.open_conflicts(table, record_id, seen))
        soft: tuple[str, ...] = ()
        hard: tuple[str, ...] = ()
        own: tuple[str, ...] = ()
        if direct:
            data, outcome = dict(theirs), "updated"
        else:
            merged = merge(base, ours, theirs, OBJECT_FIELDS.get(table, ()))
            data, soft = dict(merged.data), merged.soft
            # A person's resolution is a decision, not a concurrent edit: it wins its field.
            for field in settles:
                data[field] = theirs.get(field)
            hard = tuple(f for f in merged.hard if f not in settles)
            # One person's two values of a field (their laptop's change sent again on an older
            # base, or their two laptops) are no conflict: the later one wins.
            if seen is not None:  # the change's own record, not a revision made of it
                own = tuple(f for f in hard if self._own(change, current, f))
            for field in own:
                data[field] = theirs.get(field)
            hard = tuple(f for f in hard if f not in own)
            outcome = "conflict" if hard else "merged"
        if data == ours and not hard and not settles:
            # "unchanged" tells the laptop its copy is the server's version; a change merged
            # away into what the server holds (others' edits it lacks) is "merged".
            return Settled("unchanged" if theirs == ours else "merged", current, ())
        record = self.ledger.save(
            table,
            record_id,
            data,
            base_rev=change.base_rev,
            updated_at=change.updated_at,
            outcome=outcome,
            received=received,
            soft=soft,
            hard=hard,
        )
        for field in hard:
            self.ledger.open_conflict(
                current,
                field,
                base,
                theirs.get(field),
                change.updated_at,
                record.rev,
                self._kept_by(change, current, field) if seen is not None else None,
            )
        if own:
            self.ledger.refresh_ours(table, record_id, own, record)
        if settles:
            self.ledger.resolve(table, record_id, settles, record, seen)
        if hard or settles or own:
            self.ledger.refresh_flag(table, record_id)
        return Settled(outcome, record, hard)

    def _own(self, change: Change, current: Record, field: str) -> bool:
        """Was the record's value of ``field`` set by this change's own user? For a record kept
        alive against their delete: were all the edits they had not seen their own?"""
        if field == DELETED and not current.deleted:
            edits = self.ledger.edits_since(current, change.base_rev)
            return {by for by, _at in edits} <= {self.user.name}
        return self.ledger.author(current, field)[0] == self.user.name

    def _kept_by(self, change: Change, current: Record, field: str) -> tuple[str, str] | None:
        """A record kept alive against a delete stands for the latest edit the deleting
        laptop had not seen (by someone else); other fields, for who set their value."""
        if field != DELETED or current.deleted:
            return None
        others = [
            e for e in self.ledger.edits_since(current, change.base_rev) if e[0] != self.user.name
        ]
        return others[-1] if others else None

    def _settles(self, change: Change) -> bool:
        opened = self.ledger.open_conflicts(change.table, change.id, change.base_rev)
        return any(f in opened for f in change.resolves)

    # -- rules ----------------------------------------------------------------------------

    def check_access(self, change: Change, current: Record | None) -> None:
        if change.table == "enterprises":
            if self.user.office:
                return
            districts = {change.data.get("district")}
            if current is not None:
                districts.add(current.data.get("district"))
            outside = [d for d in districts if d not in self.user.districts]
            if outside:
                raise SyncRefusal(
                    "auth.forbidden",
                    f"The enterprise is in district {outside[0]!r}, not one of yours.",
                    f"该企业属于 {outside[0]!r} 区，不在您负责的区内。",
                )
            return
        if change.table == "visits":
            if current is not None:
                self.check_visit(current)
            return
        visit_ids = {str(change.data["visit_id"])}
        if current is not None:
            visit_ids.add(str(current.data["visit_id"]))
        for visit_id in sorted(visit_ids):
            visit = self.ledger.get("visits", visit_id)
            if visit is None:
                raise SyncRefusal(
                    "not_found",
                    f"Visit {visit_id} is not on the server; push it first.",
                    f"服务器上没有走访 {visit_id}，请先推送该走访。",
                )
            self.check_visit(visit)

    def check_visit(self, visit: Record) -> None:
        if self.user.office or self.user.name in self.ledger.members(visit.id):
            return
        raise SyncRefusal(
            "auth.forbidden",
            f"Visit {visit.id} was not created by you and its team does not name you.",
            f"走访 {visit.id} 不是您创建的，其小组也不含您。",
        )

    def _check_unique(self, change: Change) -> None:
        # The desktop store allows one live enterprise per credit code; two would break every
        # laptop that pulls them.
        if change.table != "enterprises" or change.deleted:
            return
        code = change.data["credit_code"]
        if isinstance(code, str) and code and self.ledger.code_taken(code, change.id):
            raise SyncRefusal(
                "record.duplicate",
                f"Another enterprise already has credit code {code}.",
                f"已有另一家企业使用统一社会信用代码 {code}。",
            )
