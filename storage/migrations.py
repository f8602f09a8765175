"""Ordered, named schema migrations, each applied once in a transaction with its record.

Every synced table carries DESIGN.md invariant 3's columns: a client-made UUID ``id``, ``rev``
(the server revision it was last based on), ``updated_at``, ``updated_by``, ``dirty`` and the
``deleted`` tombstone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

MIGRATION_SET = "diagnosis"

SYNC_COLUMNS = """
    rev INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    dirty INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
"""


def m001_create_enterprises(db: sqlite_utils.Database) -> None:
    db.execute(f"""
        CREATE TABLE enterprises (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            credit_code TEXT NOT NULL,
            district TEXT,
            industry TEXT,
            cluster TEXT,
            above_scale INTEGER NOT NULL DEFAULT 0,
            willing INTEGER NOT NULL DEFAULT 0,
            employees INTEGER,
            output_value REAL,
            tax REAL,
            land_area REAL,
            data_year INTEGER,
            address TEXT NOT NULL DEFAULT '',
            contact_person TEXT NOT NULL DEFAULT '',
            contact_phone TEXT NOT NULL DEFAULT '',
            per_mu_class TEXT,
            green_stars INTEGER,
            search_text TEXT NOT NULL DEFAULT '',
            sort_name TEXT NOT NULL DEFAULT '',
            facets TEXT NOT NULL DEFAULT '',
            {SYNC_COLUMNS}
        )""")
    # One live enterprise per credit code; a tombstoned one keeps its history beside a new one.
    db.execute(
        "CREATE UNIQUE INDEX enterprises_live_code ON enterprises(credit_code) WHERE deleted = 0"
    )
    # Covering indexes, so both start-up reads in name order never touch the table: the first
    # screen's ids (5 ms for 20,000 from the narrow one) and the search index loaded after it
    # (26 ms instead of 55 ms).
    db.execute("CREATE INDEX enterprises_by_name ON enterprises(deleted, sort_name, id)")
    db.execute(
        "CREATE INDEX enterprises_search "
        "ON enterprises(deleted, sort_name, id, search_text, facets)"
    )
    db.execute("CREATE INDEX enterprises_dirty ON enterprises(dirty) WHERE dirty = 1")


def m002_create_local_meta(db: sqlite_utils.Database) -> None:
    # Facts about this copy of the store (its own id, the last sync), never synced.
    db.execute("CREATE TABLE local_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def m003_create_visits(db: sqlite_utils.Database) -> None:
    # A visit and its parts; list-valued fields (team, energy use...) are JSON text, the raw
    # activity data as entered, so corrected coefficients recompute every figure.
    db.execute(f"""
        CREATE TABLE visits (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            date TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft',
            revision INTEGER NOT NULL DEFAULT 1,
            team TEXT NOT NULL DEFAULT '[]',
            organisation TEXT NOT NULL DEFAULT '',
            areas TEXT NOT NULL DEFAULT '[]',
            checklists TEXT NOT NULL DEFAULT '{{}}',
            year INTEGER,
            output_value REAL,
            energy_use TEXT NOT NULL DEFAULT '[]',
            water_use TEXT NOT NULL DEFAULT '[]',
            water_reused_m3 REAL,
            measures TEXT NOT NULL DEFAULT '[]',
            previous_id TEXT REFERENCES visits(id),
            notes TEXT NOT NULL DEFAULT '{{}}',
            {SYNC_COLUMNS}
        )""")
    db.execute("CREATE INDEX visits_enterprise ON visits(enterprise_id, date)")
    # One row an answer: each answer is saved on its own as it is entered.
    db.execute(f"""
        CREATE TABLE answers (
            id TEXT PRIMARY KEY,
            visit_id TEXT NOT NULL REFERENCES visits(id),
            area TEXT NOT NULL,
            item TEXT NOT NULL,
            value TEXT NOT NULL,
            {SYNC_COLUMNS}
        )""")
    db.execute(
        "CREATE UNIQUE INDEX answers_live ON answers(visit_id, area, item) WHERE deleted = 0"
    )
    db.execute(f"""
        CREATE TABLE findings (
            id TEXT PRIMARY KEY,
            visit_id TEXT NOT NULL REFERENCES visits(id),
            area TEXT NOT NULL,
            item TEXT,
            severity TEXT NOT NULL,
            text TEXT NOT NULL,
            photos TEXT NOT NULL DEFAULT '[]',
            {SYNC_COLUMNS}
        )""")
    db.execute("CREATE INDEX findings_visit ON findings(visit_id)")


MIGRATIONS = (m001_create_enterprises, m002_create_local_meta, m003_create_visits)
# storage.database compares these names with what a file has applied without importing
# sqlite_utils (0.1 s) on the common start-up where nothing is pending.
MIGRATION_NAMES = tuple(fn.__name__ for fn in MIGRATIONS)


def apply(db: sqlite_utils.Database) -> None:
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        migrations()(fn)
    migrations.apply(db)
