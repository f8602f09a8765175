"""What each change of a pushed batch does (docs/sync.md "Push" and "Conflicts"): who may make it,
then created, updated, merged, conflict, unchanged, revision or rejected.

Runs inside the writer's transaction; a rejected change writes nothing and the others still
apply. Access: an office user may change everything; a consultant the enterprises of their
districts and the visits they created or whose team names them, with their answers and findings.
A visit may name only an enterprise on the server, and a consultant only one of their districts.
A refusal says nothing of a record the user may not see: not its district, code or revision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from diagnosis.sync.merge import DELETED, merge

from storage.sync.client_meta import OBJECT_FIELDS
from storage.sync.errors import SyncRefusal
from storage.sync.server_fields import TABLES, Change, check_change, malformed, result
from storage.sync.server_records import Ledger, Record
from storage.sync.server_revision import route
from storage.sync.server_validate import validate_change


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
            if refusal.code == "auth.forbidden":
                current = None  # not even its revision, of a record this user may not see
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
        change = change.keeping(None if current is None else current.data)
        self.check_access(change, current)
        validate_change(change, self.ledger)  # the document's rules, after access (no leak)
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
        competing: Mapping[str, Any] = {}
        structured = OBJECT_FIELDS.get(table, ())
        if direct:
            data, outcome = dict(theirs), "updated"
        else:
            merged = merge(base, ours, theirs, structured)
            data, soft, competing = dict(merged.data), merged.soft, merged.competing
            # A person's resolution is a decision, not a concurrent edit: it wins its field.
            for field in settles:
                data[field] = theirs.get(field)
            hard = tuple(f for f in merged.hard if f not in settles)
            # One person's two values of a field (their laptop's change sent again on an older
            # base, or their two laptops) are no conflict: the later one wins.
            # Not inside a JSON field merged key by key or element by element: who set the
            # field's value says nothing of who set the key that collided.
            if seen is not None:  # the change's own record, not a revision made of it
                own = tuple(
                    f for f in hard if f not in structured and self._own(change, current, f)
                )
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
            # Both sides as a person may choose them: ours what the record now holds, theirs the
            # competing value, each with every key or element that merged (measures, notes).
            kept = self._kept_by(change, current, field) if seen is not None else None
            self.ledger.open_conflict(
                record,
                field,
                base,
                competing.get(field, theirs.get(field)),
                change.updated_at,
                record.rev,
                kept or self.ledger.author(current, field),
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
            pushed = change.data.get("district")
            if pushed not in self.user.districts:  # their own data: naming it tells nothing
                yours = "、".join(self.user.districts) or "-"
                raise SyncRefusal(
                    "auth.forbidden",
                    f"Enterprise {change.id}: district {pushed!r} is not one of yours ({yours}).",
                    f"企业 {change.id}：{pushed!r} 区不在您负责的区（{yours}）内。",
                )
            if current is not None and current.data.get("district") not in self.user.districts:
                raise self.outside(change.id)
            return
        if change.table == "visits":
            if current is not None:
                self.check_visit(current)
            self._check_enterprise(change, current)
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

    def _check_enterprise(self, change: Change, current: Record | None) -> None:
        """A consultant's new visit, or one moved to another enterprise, names an enterprise of
        their districts on the server (an office user's, any enterprise on the server: the
        document rules check that). A visit the office (or a colleague) assigned to a
        consultant of another district keeps its enterprise: they may work on it, not move it."""
        enterprise_id = str(change.data["enterprise_id"])
        if self.user.office or (
            current is not None and current.data.get("enterprise_id") == enterprise_id
        ):
            return
        enterprise = self.ledger.get("enterprises", enterprise_id)
        # Absent or of another district: one answer, so that nobody learns which it is.
        if enterprise is None or enterprise.data.get("district") not in self.user.districts:
            yours = "、".join(self.user.districts) or "-"
            raise SyncRefusal(
                "auth.forbidden",
                f"Visit {change.id}: enterprise {enterprise_id} is not an enterprise of your "
                f"districts ({yours}) on the server; push it first if it is new.",
                f"走访 {change.id}：企业 {enterprise_id} 不是服务器上您负责的区（{yours}）"
                "的企业；如为新企业，请先推送该企业。",
            )

    def outside(self, enterprise_id: str) -> SyncRefusal:
        """The one refusal of an enterprise outside the user's districts, whatever the reason
        (its district, or its credit code held by an enterprise they may not see)."""
        yours = "、".join(self.user.districts) or "-"
        return SyncRefusal(
            "auth.forbidden",
            f"Enterprise {enterprise_id} is not one you may change: not of your districts "
            f"({yours}); ask the office.",
            f"企业 {enterprise_id} 不在您可修改的范围内：不属于您负责的区（{yours}），"
            "请联系办公室。",
        )

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
        if not (isinstance(code, str) and code):
            return
        holder = self.ledger.code_holder(code, change.id)
        if holder is None:
            return
        if not self.user.office and holder.data.get("district") not in self.user.districts:
            # Naming the code, or the other enterprise, would tell where it is registered.
            raise self.outside(change.id)
        raise SyncRefusal(
            "record.duplicate",
            f"Enterprise {holder.id} already has credit code {code}.",
            f"企业 {holder.id} 已使用统一社会信用代码 {code}。",
        )
