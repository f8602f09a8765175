"""Hard conflicts as a person sees them, and settling one as an ordinary local edit.

Values are kept as JSON text in ``sync_conflicts`` (a number stays a number); a person sees and
types plain text, turned back into the column's type here. Resolving never talks to the server:
the next push carries the value with the field in ``resolves`` (docs/sync.md, Conflicts).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from diagnosis.register.search import FACET_FIELDS, SEARCH_SOURCES
from diagnosis.sync.ports import ConflictSide, ConflictView

from storage.database import Store
from storage.sync.client_meta import DATA_FIELDS, RESOLVES, get_json, key_of, put_json
from storage.sync.client_rows import enterprise_derived

_DERIVED_FROM = frozenset(SEARCH_SOURCES) | frozenset(FACET_FIELDS)
_TRUE, _FALSE = frozenset({"1", "true", "yes", "是"}), frozenset({"0", "false", "no", "否", ""})
_FLAGS = frozenset({"deleted", "above_scale", "willing"})  # 0/1 columns a person may type as words


def shown(stored: str | None) -> str:
    """A stored JSON value as a person reads it: text as is, numbers and flags as written."""
    value = None if stored is None else json.loads(stored)
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def conflict_views(conn: sqlite3.Connection) -> list[ConflictView]:
    rows = conn.execute(
        "SELECT id, table_name, record_id, field, base, ours_value, ours_by, ours_at, "
        "theirs_value, theirs_by, theirs_at FROM sync_conflicts "
        "ORDER BY table_name, record_id, field, id"
    ).fetchall()
    views = []
    for cid, table, record_id, fld, base, ours, ours_by, ours_at, theirs, by, at in rows:
        views.append(
            ConflictView(
                id=cid,
                table=table,
                record_id=record_id,
                field=fld,
                context=_context(conn, table, record_id),
                base=None if base is None or json.loads(base) is None else shown(base),
                ours=ConflictSide(shown(ours), ours_by, ours_at),
                theirs=ConflictSide(shown(theirs), by, at),
            )
        )
    return views


def resolve(store: Store, conflict_id: str, value: str) -> None:
    """Write ``value`` into the record as a local edit (dirty) and remember the field so the
    next push says it settles the conflict. Raises KeyError for an unknown conflict and
    ValueError for a value the field cannot hold."""
    conn = store.conn
    row = conn.execute(
        "SELECT table_name, record_id, field, base, ours_value, theirs_value "
        "FROM sync_conflicts WHERE id = ?",
        [conflict_id],
    ).fetchone()
    if row is None:
        raise KeyError(conflict_id)
    table, record_id, fld, *sides = row
    if table not in DATA_FIELDS or fld not in (*DATA_FIELDS[table], "deleted"):
        raise ValueError(f"{table}.{fld} is not a field this version can set")
    changes: dict[str, Any] = {fld: _typed(conn, table, fld, value, sides)}
    with store.transaction():
        if table == "enterprises" and fld in _DERIVED_FROM:
            changes.update(_enterprise_after(conn, record_id, changes))
        store.write_in_transaction(table, updates=[(record_id, changes)])
        resolves: dict[str, list[str]] = get_json(conn, RESOLVES, {})
        fields = resolves.setdefault(key_of(table, record_id), [])
        if fld not in fields:
            fields.append(fld)
        put_json(conn, RESOLVES, resolves)
        conn.execute("DELETE FROM sync_conflicts WHERE id = ?", [conflict_id])


def _typed(
    conn: sqlite3.Connection, table: str, fld: str, text: str, sides: list[str | None]
) -> Any:
    # One of the shown values: exactly that stored value (1200 stays 1200, not 1200.0).
    for stored in sides:
        if stored is not None and shown(stored) == text:
            return json.loads(stored)
    columns = conn.execute(f"PRAGMA table_info([{table}])").fetchall()
    kind, not_null = next((str(c[2]).upper(), bool(c[3])) for c in columns if c[1] == fld)
    cleaned = text.strip()
    if kind == "TEXT":
        return text
    if cleaned == "" and not not_null:
        return None
    if kind == "INTEGER":
        lowered = cleaned.lower()
        if fld in _FLAGS and lowered in _TRUE | _FALSE:
            return int(lowered in _TRUE)
        try:
            return int(cleaned)
        except ValueError:
            raise ValueError(f"{fld} needs a whole number, not {text!r}") from None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{fld} needs a number, not {text!r}") from None


def _enterprise_after(
    conn: sqlite3.Connection, record_id: str, changes: dict[str, Any]
) -> dict[str, str]:
    fields = DATA_FIELDS["enterprises"]
    row = conn.execute(
        f"SELECT {', '.join(fields)} FROM enterprises WHERE id = ?", [record_id]
    ).fetchone()
    current = dict(zip(fields, row, strict=True)) if row else {}
    return enterprise_derived({**current, **changes})


def _context(conn: sqlite3.Connection, table: str, record_id: str) -> str:
    """What the record is, for a person: the enterprise, the visit, the question."""
    if table == "enterprises":
        row = conn.execute("SELECT name FROM enterprises WHERE id = ?", [record_id]).fetchone()
        return row[0] if row else record_id
    if table == "visits":
        return _visit(conn, record_id)
    row = conn.execute(
        f"SELECT visit_id, area, item FROM [{table}] WHERE id = ?", [record_id]
    ).fetchone()
    if row is None:
        return record_id
    visit_id, area, item = row
    question = f"{area}/{item}" if item else area
    return f"{question} · {_visit(conn, visit_id)}"


def _visit(conn: sqlite3.Connection, visit_id: str) -> str:
    row = conn.execute(
        "SELECT v.date, e.name FROM visits v LEFT JOIN enterprises e ON e.id = v.enterprise_id "
        "WHERE v.id = ?",
        [visit_id],
    ).fetchone()
    if row is None:
        return visit_id
    when, name = row
    return f"{when} {name}" if name else when
