"""The central store's schema: ordered, named migrations applied once each (sqlite-utils), in a
migration set of their own so a desktop store can never be mistaken for a server store.

Records are never removed and every version is kept (DESIGN invariant 4): ``records`` holds each
record's current version, ``versions`` all of them with what was received and what merged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

MIGRATION_SET = "diagnosis-server"


def m001_create_users(db: sqlite_utils.Database) -> None:
    # Only the token's SHA-256 is kept: a copied store file gives nobody a way in.
    db.execute("""
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('consultant', 'office')),
            districts TEXT NOT NULL DEFAULT '[]',
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0,
            revoked_at TEXT
        )""")


def m002_create_records(db: sqlite_utils.Database) -> None:
    # One global sequence numbers every version (its rev) and every pull position (seq).
    db.execute("CREATE TABLE sequence (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER)")
    db.execute("INSERT INTO sequence (id, value) VALUES (1, 0)")
    # rev: the current version; seq: where a pull finds the record, moved on by every new
    # version and whenever the record becomes visible to someone new (a consultant added to a
    # visit's team must still receive its older answers). scope: what access is judged by (an
    # enterprise's district, a visit's or a child's visit id). origin_id: the record a
    # server-made revision copied.
    db.execute("""
        CREATE TABLE records (
            tbl TEXT NOT NULL,
            id TEXT NOT NULL,
            rev INTEGER NOT NULL,
            seq INTEGER NOT NULL UNIQUE,
            deleted INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            conflict INTEGER NOT NULL DEFAULT 0,
            scope TEXT,
            enterprise_id TEXT,
            credit_code TEXT,
            origin_id TEXT,
            PRIMARY KEY (tbl, id)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX records_scope ON records(tbl, scope)")
    db.execute("CREATE INDEX records_code ON records(credit_code) WHERE credit_code IS NOT NULL")
    db.execute("CREATE INDEX records_origin ON records(origin_id) WHERE origin_id IS NOT NULL")
    # A finalised visit's open revision is found by the visits naming it as previous_id.
    db.execute(
        "CREATE INDEX records_previous ON records(json_extract(data, '$.previous_id')) "
        "WHERE tbl = 'visits'"
    )
    # Who may see a visit: its creator, its team, and for a server-made revision everyone who
    # could see the visit it revises.
    db.execute("""
        CREATE TABLE visit_members (
            visit_id TEXT NOT NULL,
            name TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('creator', 'team', 'inherited')),
            PRIMARY KEY (visit_id, name, source)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX visit_members_name ON visit_members(name, visit_id)")
    # Every version: the data after it, its base, what was received (NULL when the server made
    # it) and which fields merged (soft) or conflicted (hard).
    db.execute("""
        CREATE TABLE versions (
            tbl TEXT NOT NULL,
            id TEXT NOT NULL,
            rev INTEGER NOT NULL,
            base_rev INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            data TEXT NOT NULL,
            received TEXT,
            outcome TEXT NOT NULL,
            soft TEXT NOT NULL DEFAULT '[]',
            hard TEXT NOT NULL DEFAULT '[]',
            by TEXT NOT NULL,
            at TEXT NOT NULL,
            batch TEXT,
            PRIMARY KEY (tbl, id, rev)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE batches (
            id TEXT PRIMARY KEY,
            by TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            response TEXT NOT NULL,
            at TEXT NOT NULL
        )""")
    # Values are JSON text, so a null value and no base at all (NULL) stay apart.
    db.execute("""
        CREATE TABLE conflicts (
            id TEXT PRIMARY KEY,
            tbl TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            base TEXT,
            ours_value TEXT,
            ours_by TEXT NOT NULL,
            ours_at TEXT NOT NULL,
            theirs_value TEXT,
            theirs_by TEXT NOT NULL,
            theirs_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
            rev INTEGER NOT NULL,
            batch TEXT,
            resolved_by TEXT,
            resolved_at TEXT,
            resolved_value TEXT
        )""")
    db.execute("CREATE INDEX conflicts_open ON conflicts(tbl, record_id) WHERE status = 'open'")
    db.execute("""
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            who TEXT NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL
        )""")


def m003_photo_holders(db: sqlite_utils.Database) -> None:
    # Who has shown they hold a photo's bytes (uploaded it whole, or sent it again): a finding
    # naming a photo unlocks it only through a holder (storage.sync.server_photo_scope). Photos
    # already here count as uploaded by the author of the first finding version naming them.
    db.execute("""
        CREATE TABLE photo_holders (
            sha TEXT NOT NULL,
            name TEXT NOT NULL,
            how TEXT NOT NULL CHECK (how IN ('uploaded', 'resent', 'before')),
            at TEXT NOT NULL,
            PRIMARY KEY (sha, name)
        ) WITHOUT ROWID""")
    # Who is sending an incomplete photo's bytes from its start: only they are credited with it.
    db.execute("CREATE TABLE photo_senders (sha TEXT PRIMARY KEY, name TEXT NOT NULL)")
    from storage.sync.server_photo_scope import backfill_holders

    backfill_holders(db.conn)


def m004_store_identity(db: sqlite_utils.Database) -> None:
    # The store's identity (a UUID) and its generations, so a laptop can tell a store restored
    # from a backup, or another store, from the one it synced with (storage.sync.server_identity).
    from storage.sync.server_identity import create

    create(db.conn)


def m005_bundle_keys(db: sqlite_utils.Database) -> None:
    # The key offline bundles are signed with (storage.sync.bundle_auth), derived from the token
    # the server never keeps: stored when an account is made, or when an older account's token
    # is next seen over HTTP. Its id names the account in a bundle.
    db.execute("ALTER TABLE users ADD COLUMN bundle_key TEXT")
    db.execute("ALTER TABLE users ADD COLUMN bundle_key_id TEXT")
    db.execute(
        "CREATE UNIQUE INDEX users_bundle_key_id ON users(bundle_key_id) "
        "WHERE bundle_key_id IS NOT NULL"
    )


MIGRATIONS = (
    m001_create_users,
    m002_create_records,
    m003_photo_holders,
    m004_store_identity,
    m005_bundle_keys,
)
MIGRATION_NAMES = tuple(fn.__name__ for fn in MIGRATIONS)


def apply(db: sqlite_utils.Database) -> None:
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        migrations()(fn)
    migrations.apply(db)
