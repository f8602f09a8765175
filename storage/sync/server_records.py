"""Records, versions, conflicts and the audit trail on the central store's write connection, inside
the writer's transaction: the one place that numbers versions and keeps every one of them.

It applies decisions and never makes them: what a change does (merge, conflict, revision) is
decided in ``server_push`` and ``server_revision``.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from diagnosis.sync.merge import DELETED, MISSING

from storage.sync.server_fields import with_added


def dumps(value: Any) -> str:
    # One spelling for one value, so equal data is equal text (batch hashes, stored versions).
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Record:
    table: str
    id: str
    rev: int
    deleted: bool
    data: Mapping[str, Any]
    created_by: str
    updated_by: str
    updated_at: str
    origin_id: str | None

    def view(self) -> dict[str, Any]:
        """The record as the merge sees it: its data plus the tombstone as a field."""
        return {**self.data, DELETED: self.deleted}


_COLUMNS = "tbl, id, rev, deleted, data, created_by, updated_by, updated_at, origin_id"


def _record(row: tuple[Any, ...]) -> Record:
    table, rid, rev, deleted, data, created_by, updated_by, updated_at, origin = row
    return Record(
        table,
        rid,
        rev,
        bool(deleted),
        with_added(table, json.loads(data)),
        created_by,
        updated_by,
        updated_at,
        origin,
    )


def current_seq(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT value FROM sequence WHERE id = 1").fetchone()[0])


class Ledger:
    """Writes of one batch (or one server-made change) by ``user`` at ``now``."""

    def __init__(self, conn: sqlite3.Connection, user: str, batch: str | None, now: str) -> None:
        if not conn.in_transaction:
            raise RuntimeError("a Ledger writes inside the writer's transaction only")
        self.conn = conn
        self.user = user
        self.batch = batch
        self.now = now

    def next_seq(self) -> int:
        row = self.conn.execute(
            "UPDATE sequence SET value = value + 1 WHERE id = 1 RETURNING value"
        ).fetchone()
        return int(row[0])

    def get(self, table: str, record_id: str) -> Record | None:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM records WHERE tbl = ? AND id = ?", [table, record_id]
        ).fetchone()
        return None if row is None else _record(row)

    def where(self, sql: str, params: Iterable[Any]) -> list[Record]:
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM records WHERE {sql}", list(params))
        return [_record(r) for r in rows]

    def base(self, table: str, record_id: str, base_rev: int) -> dict[str, Any] | None:
        """The version a change was made from: the newest at or before ``base_rev``."""
        if base_rev <= 0:
            return None
        row = self.conn.execute(
            "SELECT data, deleted FROM versions WHERE tbl = ? AND id = ? AND rev <= ? "
            "ORDER BY rev DESC LIMIT 1",
            [table, record_id, base_rev],
        ).fetchone()
        if row is None:
            return None
        return {**with_added(table, json.loads(row[0])), DELETED: bool(row[1])}

    def save(
        self,
        table: str,
        record_id: str,
        view: Mapping[str, Any],
        *,
        base_rev: int,
        updated_at: str,
        outcome: str,
        received: Mapping[str, Any] | None = None,
        soft: tuple[str, ...] = (),
        hard: tuple[str, ...] = (),
        origin_id: str | None = None,
    ) -> Record:
        """Write a new version of a record (creating it if new) under the next sequence number."""
        data = {k: v for k, v in view.items() if k != DELETED}
        deleted = bool(view.get(DELETED, False))
        current = self.get(table, record_id)
        rev = self.next_seq()
        scope, enterprise_id, code = _derived(table, record_id, data)
        text = dumps(data)
        if current is None:
            self.conn.execute(
                "INSERT INTO records (tbl, id, rev, seq, deleted, data, created_by, updated_by, "
                "updated_at, scope, enterprise_id, credit_code, origin_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    *(table, record_id, rev, rev, deleted, text, self.user, self.user),
                    *(updated_at, scope, enterprise_id, code, origin_id),
                ],
            )
        else:
            self.conn.execute(
                "UPDATE records SET rev = ?, seq = ?, deleted = ?, data = ?, updated_by = ?, "
                "updated_at = ?, scope = ?, enterprise_id = ?, credit_code = ? "
                "WHERE tbl = ? AND id = ?",
                [
                    *(rev, rev, deleted, text, self.user, updated_at, scope, enterprise_id, code),
                    *(table, record_id),
                ],
            )
        self.conn.execute(
            "INSERT INTO versions (tbl, id, rev, base_rev, deleted, data, received, outcome, "
            "soft, hard, by, at, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                *(table, record_id, rev, base_rev, deleted, text),
                None if received is None else dumps(received),
                *(outcome, dumps(soft), dumps(hard), self.user, self.now, self.batch),
            ],
        )
        if table == "visits":
            self._update_members(record_id, data, created=current is None)
        created_by = self.user if current is None else current.created_by
        origin = origin_id if current is None else current.origin_id
        return Record(
            table, record_id, rev, deleted, data, created_by, self.user, updated_at, origin
        )

    def touch(self, table: str, record_id: str) -> None:
        """Move a record to the end of the pull order without a new version."""
        self.conn.execute(
            "UPDATE records SET seq = ? WHERE tbl = ? AND id = ?",
            [self.next_seq(), table, record_id],
        )

    # -- who may see a visit ----------------------------------------------------------------

    def members(self, visit_id: str) -> set[str]:
        rows = self.conn.execute("SELECT name FROM visit_members WHERE visit_id = ?", [visit_id])
        return {r[0] for r in rows}

    def add_members(self, visit_id: str, names: Iterable[str], source: str) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO visit_members (visit_id, name, source) VALUES (?, ?, ?)",
            [(visit_id, name, source) for name in names],
        )

    def _update_members(self, visit_id: str, data: Mapping[str, Any], *, created: bool) -> None:
        before = self.members(visit_id)
        if created:
            self.add_members(visit_id, [self.user], "creator")
        self.conn.execute(
            "DELETE FROM visit_members WHERE visit_id = ? AND source = 'team'", [visit_id]
        )
        self.add_members(visit_id, _team(data), "team")
        if self.members(visit_id) - before:
            # Someone new may see this visit: its older answers and findings, and its enterprise
            # (perhaps of another district), must reach their next pull too.
            rows = self.conn.execute(
                "SELECT tbl, id FROM records WHERE scope = ? AND tbl IN ('answers', 'findings') "
                "ORDER BY seq",
                [visit_id],
            ).fetchall()
            for table, rid in rows:
                self.touch(table, rid)
            if self.get("enterprises", str(data.get("enterprise_id"))) is not None:
                self.touch("enterprises", str(data["enterprise_id"]))

    # -- conflicts and their resolution ---------------------------------------------------------

    def open_conflicts(
        self, table: str, record_id: str, seen: int | None = None
    ) -> dict[str, list[str]]:
        """Open conflict ids of a record, by field; with ``seen``, only those opened at or
        before that revision (a copy of the record at ``seen`` lists them)."""
        out: dict[str, list[str]] = {}
        for cid, field in self.conn.execute(
            "SELECT id, field FROM conflicts WHERE tbl = ? AND record_id = ? AND status = 'open' "
            "AND rev <= ?",
            [table, record_id, seen if seen is not None else 2**63 - 1],
        ):
            out.setdefault(field, []).append(cid)
        return out

    def open_conflict(
        self,
        before: Record,
        field: str,
        base: Mapping[str, Any] | None,
        theirs: Any,
        theirs_at: str,
        rev: int,
        ours_author: tuple[str, str] | None = None,
    ) -> None:
        """Keep both values of a field changed on both sides: ours (the record keeps it) and
        theirs, each with who and when, until a person resolves it. The same two values
        already open on the field (a laptop's change sent again on its old base) are not
        opened twice. ``ours_author``: who and when of ours, if not who set the value."""
        base_value = MISSING if base is None else base.get(field, MISSING)
        ours = before.view().get(field)
        same = self.conn.execute(
            "SELECT 1 FROM conflicts WHERE tbl = ? AND record_id = ? AND field = ? "
            "AND status = 'open' AND ours_value = ? AND theirs_value = ?",
            [before.table, before.id, field, dumps(ours), dumps(theirs)],
        ).fetchone()
        if same:
            return
        ours_by, ours_at = ours_author or self.author(before, field)
        self.conn.execute(
            "INSERT INTO conflicts (id, tbl, record_id, field, base, ours_value, ours_by, "
            "ours_at, theirs_value, theirs_by, theirs_at, status, rev, batch) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
            [
                *(f"c-{uuid.uuid4()}", before.table, before.id, field),
                None if base_value is MISSING else dumps(base_value),
                *(dumps(ours), ours_by, ours_at),
                *(dumps(theirs), self.user, theirs_at, rev, self.batch),
            ],
        )

    def author(self, record: Record, field: str) -> tuple[str, str]:
        """Who gave ``field`` the value ``record`` holds, and when: the version that set it,
        not the latest (whose change may have merged it in untouched from an earlier one). A
        record kept alive against a delete stands for its latest edit."""
        rows = self.conn.execute(
            "SELECT rev, deleted, data, by, at FROM versions WHERE tbl = ? AND id = ? "
            "AND rev <= ? ORDER BY rev DESC",
            [record.table, record.id, record.rev],
        ).fetchall()
        views = [
            {**with_added(record.table, json.loads(data)), DELETED: bool(deleted)}
            for _, deleted, data, _, _ in rows
        ]
        value = record.view().get(field)
        alive = field == DELETED and not record.deleted
        n = 0
        while n + 1 < len(rows):
            older = views[n + 1]
            if alive:
                newer = {k: v for k, v in views[n].items() if k != DELETED}
                if newer != {k: v for k, v in older.items() if k != DELETED}:
                    break
            elif older.get(field) != value:
                break
            n += 1
        if not rows or rows[n][0] == record.rev:
            return record.updated_by, record.updated_at
        return rows[n][3], rows[n][4]

    def edits_since(self, record: Record, base_rev: int) -> list[tuple[str, str]]:
        """(by, at) of the versions after ``base_rev`` that changed the data of ``record`` (not
        its tombstone), oldest first: the edits a change based on ``base_rev`` has not seen."""
        rows = self.conn.execute(
            "SELECT rev, data, by, at FROM versions WHERE tbl = ? AND id = ? AND rev <= ? "
            "ORDER BY rev",
            [record.table, record.id, record.rev],
        ).fetchall()
        edits: list[tuple[str, str]] = []
        before: str | None = None
        for rev, data, by, at in rows:
            if rev > base_rev and data != before:
                edits.append((by, at))
            before = data
        return edits

    def refresh_ours(
        self, table: str, record_id: str, fields: Collection[str], after: Record
    ) -> None:
        """The open conflicts of ``fields`` now stand against the value ``after`` holds, set by
        this user: on the side that was theirs already, if it was (their later value replaces
        their earlier one). One whose two sides have so become equal is over."""
        view = after.view()
        for field, ids in self.open_conflicts(table, record_id).items():
            if field not in fields:
                continue
            value = dumps(view.get(field))
            for cid in ids:
                ours, theirs, theirs_by = self.conn.execute(
                    "SELECT ours_value, theirs_value, theirs_by FROM conflicts WHERE id = ?", [cid]
                ).fetchone()
                side = "theirs" if theirs_by == self.user else "ours"
                self.conn.execute(
                    f"UPDATE conflicts SET {side}_value = ?, {side}_by = ?, {side}_at = ? "
                    "WHERE id = ?",
                    [value, self.user, after.updated_at, cid],
                )
                if value == (ours if side == "theirs" else theirs):
                    self.conn.execute(
                        "UPDATE conflicts SET status = 'resolved', resolved_by = ?, "
                        "resolved_at = ?, resolved_value = ? WHERE id = ?",
                        [self.user, self.now, value, cid],
                    )
                    detail = {"conflict": cid, "table": table, "id": record_id, "field": field}
                    self.audit("conflict.void", {**detail, "value": view.get(field)})

    def resolve(
        self,
        table: str,
        record_id: str,
        fields: Collection[str],
        after: Record,
        seen: int | None = None,
    ) -> None:
        """Close the open conflicts of ``fields``: a person chose the value the record now holds.
        With ``seen``, only those their copy (at that revision) listed: a conflict opened since
        stays open, now against the chosen value, for a person who sees it to settle."""
        view = after.view()
        listed = self.open_conflicts(table, record_id, seen)
        for field, ids in listed.items():
            if field not in fields:
                continue
            value = dumps(view.get(field))
            for cid in ids:
                self.conn.execute(
                    "UPDATE conflicts SET status = 'resolved', resolved_by = ?, resolved_at = ?, "
                    "resolved_value = ? WHERE id = ?",
                    [self.user, self.now, value, cid],
                )
                detail = {"conflict": cid, "table": table, "id": record_id, "field": field}
                self.audit("conflict.resolve", {**detail, "value": view.get(field)})
        self.refresh_ours(table, record_id, fields, after)  # those opened since, unseen

    def refresh_flag(self, table: str, record_id: str) -> None:
        self.conn.execute(
            "UPDATE records SET conflict = (SELECT COUNT(*) FROM conflicts WHERE tbl = ? "
            "AND record_id = ? AND status = 'open') WHERE tbl = ? AND id = ?",
            [table, record_id, table, record_id],
        )

    def audit(self, action: str, detail: Mapping[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO audit (who, at, action, detail) VALUES (?, ?, ?, ?)",
            [self.user, self.now, action, dumps(detail)],
        )

    # -- facts the rules ask about ----------------------------------------------------------

    def code_holder(self, credit_code: str, record_id: str) -> Record | None:
        """Another live enterprise with this credit code (the client allows one per code)."""
        found = self.where(
            "credit_code = ? AND tbl = 'enterprises' AND deleted = 0 AND id <> ? LIMIT 1",
            [credit_code, record_id],
        )
        return found[0] if found else None

    def finaliser(self, visit: Record) -> str:
        """Who made the version that finalised ``visit`` (its current, finalised one)."""
        who = visit.updated_by
        rows = self.conn.execute(
            "SELECT data, by FROM versions WHERE tbl = 'visits' AND id = ? ORDER BY rev DESC",
            [visit.id],
        )
        for data, by in rows:
            if json.loads(data).get("status") != "finalised":
                break
            who = by
        return who


def _team(data: Mapping[str, Any]) -> list[str]:
    try:
        team = json.loads(data.get("team") or "[]")
    except ValueError:
        return []
    return [t for t in team if isinstance(t, str)] if isinstance(team, list) else []


def _derived(
    table: str, record_id: str, data: Mapping[str, Any]
) -> tuple[str | None, str | None, str | None]:
    """scope, enterprise_id, credit_code columns: what pulls filter on without parsing JSON."""
    if table == "enterprises":
        return data.get("district"), None, data.get("credit_code")
    if table == "visits":
        return record_id, data.get("enterprise_id"), None
    return data.get("visit_id"), None, None
