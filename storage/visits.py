"""Visits in SQLite: implements ``diagnosis.ports.VisitRepository``.

A visit is stored as rows (the visit, one row an answer, one a finding) so that each answer can
be saved on its own as it is entered; a document is put together from them when asked for.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from diagnosis.ports import VisitSummary
from diagnosis.register.enterprise import FIELDS, Enterprise
from diagnosis.sync.records import RecordProblem, answer_value
from diagnosis.visits.document import Document, Finding, Visit
from diagnosis.visits.experts import Expert, from_json, to_json

from storage.database import Store
from storage.migrations import answer_id

_ENTERPRISE_COLUMNS = ("id", *(f.name for f in FIELDS))


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _finding_row(f: Finding) -> dict[str, Any]:
    """A finding's fields as its row holds them (photos as JSON text)."""
    return {
        "area": f.area,
        "item": f.item,
        "severity": f.severity,
        "text": f.text,
        "photos": _dumps(list(f.photos)),
    }


class UnreadableAnswer(ValueError):
    """A stored answer the app cannot read (``diagnosis.sync.records.answer_value``)."""

    def __init__(self, answer_id: str, problem: RecordProblem) -> None:
        super().__init__(problem.text())
        self.answer_id = answer_id
        self.problem = problem


class SqliteVisitRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def list(self, enterprise_id: str | None = None) -> list[VisitSummary]:
        sql = (
            "SELECT v.id, v.enterprise_id, e.credit_code, e.name, v.date, v.status, v.revision "
            "FROM visits v JOIN enterprises e ON e.id = v.enterprise_id WHERE v.deleted = 0"
        )
        params: list[object] = []
        if enterprise_id is not None:
            sql += " AND v.enterprise_id = ?"
            params.append(enterprise_id)
        sql += " ORDER BY v.date DESC, v.revision DESC, v.id"
        return [VisitSummary(*row) for row in self.conn.execute(sql, params)]

    def load(self, visit_id: str, *, checked: bool = False) -> Document | None:
        """The visit as a document, or None. ``checked``: each answer is held to the stored
        answers' shape rule as it is read (``UnreadableAnswer`` names the first that fails),
        so that the office's facts parse each answer once, not once to check and once to read."""
        row = self.conn.execute(
            "SELECT enterprise_id, date, status, revision, team, organisation, areas, "
            "checklists, measures, previous_id, notes, tables, experts FROM visits "
            "WHERE id = ? AND deleted = 0",
            [visit_id],
        ).fetchone()
        if row is None:
            return None
        (
            enterprise_id,
            when,
            status,
            revision,
            team,
            organisation,
            areas,
            checklists,
            measures,
            previous,
            notes,
            tables,
            experts,
        ) = row
        e = self._enterprise(enterprise_id)
        answers: dict[str, dict[str, Any]] = {}
        for record_id, area, item, value in self.conn.execute(
            "SELECT id, area, item, value FROM answers WHERE visit_id = ? AND deleted = 0 "
            "ORDER BY rowid",
            [visit_id],
        ):
            if checked:
                parsed, problem = answer_value(value)
                if problem is not None:
                    raise UnreadableAnswer(record_id, problem)
            else:
                parsed = json.loads(value)
            answers.setdefault(area, {})[item] = parsed
        findings = tuple(
            Finding(fid, area, severity, text, item, tuple(json.loads(photos)))
            for fid, area, item, severity, text, photos in self.conn.execute(
                "SELECT id, area, item, severity, text, photos FROM findings "
                "WHERE visit_id = ? AND deleted = 0 ORDER BY rowid",
                [visit_id],
            )
        )
        visit = Visit(
            visit_id,
            when,
            status,
            revision,
            tuple(json.loads(team)),
            organisation,
            tuple(json.loads(areas)),
            json.loads(checklists),
            previous,
            json.loads(tables),
            from_json(json.loads(experts)),
        )
        return Document(
            e,
            visit,
            answers,
            findings,
            tuple(json.loads(measures)),
            json.loads(notes),
        )

    def _enterprise(self, enterprise_id: str) -> Enterprise:
        row = self.conn.execute(
            f"SELECT {', '.join(_ENTERPRISE_COLUMNS)} FROM enterprises WHERE id = ?",
            [enterprise_id],
        ).fetchone()
        values = dict(zip(_ENTERPRISE_COLUMNS, row, strict=True))
        for f in FIELDS:
            if f.kind == "bool":
                values[f.name] = bool(values[f.name])
        return Enterprise(**values)

    def save(self, doc: Document, *, new_enterprise: bool = False) -> None:
        """The visit, its answers and findings in one transaction; with ``new_enterprise`` its
        enterprise is added to the register in the same transaction (an import of a firm the
        register lacks: never the one without the other)."""
        v = doc.visit
        visit_row = {
            "id": v.id,
            "enterprise_id": doc.enterprise.id,
            "date": v.date,
            "status": v.status,
            "revision": v.revision,
            "team": _dumps(list(v.team)),
            "organisation": v.organisation,
            "areas": _dumps(list(v.areas)),
            "checklists": _dumps(dict(v.checklists)),
            "tables": _dumps(dict(v.tables)),
            "experts": _dumps(to_json(v.experts)),
            "measures": _dumps([dict(m) for m in doc.measures]),
            "previous_id": v.previous,
            "notes": _dumps({a: dict(n) for a, n in doc.notes.items()}),
        }
        with self.store.transaction():
            if new_enterprise:
                # Imported here: it loads the register's search (pinyin included), which
                # saving a visit of a firm already registered never needs.
                from storage.enterprise_rows import enterprise_record

                record = enterprise_record(doc.enterprise)
                e_id = record.pop("id")
                if self.conn.execute("SELECT 1 FROM enterprises WHERE id = ?", [e_id]).fetchone():
                    # its tombstone: the record lives again, as an edit of it
                    revived = [(e_id, {**record, "deleted": 0})]
                    self.store.write_in_transaction("enterprises", updates=revived)
                else:
                    inserts = [{"id": e_id, **record}]
                    self.store.write_in_transaction("enterprises", inserts=inserts)
            if self.conn.execute("SELECT 1 FROM visits WHERE id = ?", [v.id]).fetchone():
                fields = {k: val for k, val in visit_row.items() if k != "id"}
                self.store.write_in_transaction("visits", updates=[(v.id, fields)])
            else:
                self.store.write_in_transaction("visits", inserts=[visit_row])
            self._sync_answers(v.id, doc.answers)
            self._sync_findings(v.id, doc.findings)

    def _sync_answers(self, visit_id: str, answers: Mapping[str, Mapping[str, Any]]) -> None:
        """Answers as the document has them: changed values updated in place (same row id),
        new ones inserted, dropped ones tombstoned."""
        stored = {
            (area, item): (row_id, value)
            for row_id, area, item, value in self.conn.execute(
                "SELECT id, area, item, value FROM answers WHERE visit_id = ? AND deleted = 0",
                [visit_id],
            )
        }
        inserts: list[dict[str, Any]] = []
        updates: list[tuple[str, dict[str, Any]]] = []
        for area, values in answers.items():
            for item, value in values.items():
                text = _dumps(value)
                found = stored.pop((area, item), None)
                if found is None:
                    row_id = answer_id(visit_id, area, item)
                    if self._tombstoned(row_id):  # answered again: the same record lives again
                        updates.append((row_id, {"value": text, "deleted": 0}))
                    else:
                        row = {"id": row_id, "visit_id": visit_id, "area": area, "item": item}
                        inserts.append({**row, "value": text})
                elif found[1] != text:
                    updates.append((found[0], {"value": text}))
        updates += [(row_id, {"deleted": 1}) for row_id, _value in stored.values()]
        self.store.write_in_transaction("answers", inserts, updates)

    def _tombstoned(self, row_id: str) -> bool:
        # An answer's id is its natural key (docs/sync.md), so a cleared answer's tombstone
        # already holds the id a new answer to the same question would take.
        found = self.conn.execute("SELECT 1 FROM answers WHERE id = ?", [row_id]).fetchone()
        return found is not None

    def finding_owners(self, finding_ids: Sequence[str]) -> dict[str, str]:
        """The visit each of these finding ids already belongs to (tombstones included)."""
        rows = self.conn.execute(
            "SELECT id, visit_id FROM findings WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(finding_ids))],
        )
        return {row[0]: row[1] for row in rows}

    def _sync_findings(self, visit_id: str, findings: Sequence[Finding]) -> None:
        stored = {
            row[0]: row[1:]
            for row in self.conn.execute(
                "SELECT id, area, item, severity, text, photos FROM findings "
                "WHERE visit_id = ? AND deleted = 0",
                [visit_id],
            )
        }
        dead = {
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM findings WHERE visit_id = ? AND deleted = 1", [visit_id]
            )
        }
        inserts: list[dict[str, Any]] = []
        updates: list[tuple[str, dict[str, Any]]] = []
        for f in findings:
            row = _finding_row(f)
            old = stored.pop(f.id, None)
            if f.id in dead:  # deleted here, given again: the same record lives again
                updates.append((f.id, {**row, "deleted": 0}))
            elif old is None:
                inserts.append({"id": f.id, "visit_id": visit_id, **row})
            elif tuple(old) != tuple(row.values()):
                updates.append((f.id, row))
        updates += [(fid, {"deleted": 1}) for fid in stored]
        self.store.write_in_transaction("findings", inserts, updates)

    def header(self, visit_id: str) -> tuple[str, Mapping[str, str]] | None:
        row = self.conn.execute(
            "SELECT status, checklists FROM visits WHERE id = ? AND deleted = 0", [visit_id]
        ).fetchone()
        return None if row is None else (row[0], json.loads(row[1]))

    def save_answer(self, visit_id: str, area: str, item: str, value: object) -> None:
        found = self.conn.execute(
            "SELECT id, value FROM answers WHERE visit_id = ? AND area = ? AND item = ? "
            "AND deleted = 0",
            [visit_id, area, item],
        ).fetchone()
        if value is None:
            if found is not None:
                self.store.write("answers", updates=[(found[0], {"deleted": 1})])
            return
        text = _dumps(value)
        if found is None:
            row_id = answer_id(visit_id, area, item)
            if self._tombstoned(row_id):  # answered again: the same record lives again
                self.store.write("answers", updates=[(row_id, {"value": text, "deleted": 0})])
                return
            row = {"id": row_id, "visit_id": visit_id, "area": area, "item": item, "value": text}
            self.store.write("answers", inserts=[row])
        elif found[1] != text:
            self.store.write("answers", updates=[(found[0], {"value": text})])

    def set_status(
        self, visit_id: str, status: str, *, tables: Mapping[str, str] | None = None
    ) -> None:
        changes: dict[str, Any] = {"status": status}
        if tables is not None:
            changes["tables"] = _dumps(dict(tables))
        self.store.write("visits", updates=[(visit_id, changes)])

    def save_notes(self, visit_id: str, notes: Mapping[str, Mapping[str, str]]) -> None:
        self.store.write(
            "visits",
            updates=[(visit_id, {"notes": _dumps({a: dict(n) for a, n in notes.items() if n})})],
        )

    def save_header(
        self,
        visit_id: str,
        when: str,
        team: Sequence[str],
        organisation: str,
        experts: Sequence[Expert],
    ) -> None:
        fields = {
            "date": when,
            "team": _dumps(list(team)),
            "organisation": organisation,
            "experts": _dumps(to_json(experts)),
        }
        self.store.write("visits", updates=[(visit_id, fields)])

    def save_finding(self, visit_id: str, finding: Finding) -> None:
        row = _finding_row(finding)
        found = self.conn.execute("SELECT 1 FROM findings WHERE id = ?", [finding.id]).fetchone()
        if found is None:
            self.store.write("findings", inserts=[{"id": finding.id, "visit_id": visit_id, **row}])
        else:  # changed, or deleted here and given again: the same record lives again
            self.store.write("findings", updates=[(finding.id, {**row, "deleted": 0})])

    def delete_finding(self, finding_id: str) -> None:
        self.store.write("findings", updates=[(finding_id, {"deleted": 1})])
