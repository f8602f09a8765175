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


# Answers are addressed by their natural key (docs/sync.md): two laptops answering the same
# question of the same visit write one record. Never change it: ids already synced depend on it.
ANSWER_NS = "6f1c3a52-7d0e-4c1b-9b7a-2f5d8e4a9c11"


def answer_id(visit_id: str, area: str, item: str) -> str:
    import uuid  # here, not at the top: uuid imports platform, ~3 ms of the app's start

    return str(uuid.uuid5(uuid.UUID(ANSWER_NS), f"{visit_id}/{area}/{item}"))


def m004_sync_client(db: sqlite_utils.Database) -> None:
    # Answers made before sync had random ids. Each (visit, area, item) gets its deterministic
    # id on the row that stands for it: the live one, else the latest tombstone. Other
    # tombstones keep their own (random) ids, so neither the primary key nor the live unique
    # index can clash; they stay as local history but are marked clean, since the server
    # refuses an answer whose id is not its natural key's (and nothing was ever synced before
    # this migration). Rerunning it changes nothing.
    rows = db.execute(
        "SELECT id, visit_id, area, item FROM answers "
        "ORDER BY visit_id, area, item, deleted, updated_at DESC, rowid DESC"
    ).fetchall()
    taken = {r[0] for r in rows}
    seen: set[tuple[str, str, str]] = set()
    for row_id, visit_id, area, item in rows:
        key = (visit_id, area, item)
        if key in seen:
            db.execute("UPDATE answers SET dirty = 0 WHERE id = ?", [row_id])
            continue
        seen.add(key)
        wanted = answer_id(visit_id, area, item)
        if wanted not in taken:  # already given (a rerun): that row keeps it
            db.execute("UPDATE answers SET id = ? WHERE id = ?", [wanted, row_id])
            taken.add(wanted)
    # What this laptop knows of open hard conflicts, as the server last listed them.
    db.execute("""
        CREATE TABLE IF NOT EXISTS sync_conflicts (
            id TEXT PRIMARY KEY,
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            base TEXT,
            ours_value TEXT,
            ours_by TEXT NOT NULL,
            ours_at TEXT NOT NULL,
            theirs_value TEXT,
            theirs_by TEXT NOT NULL,
            theirs_at TEXT NOT NULL
        )""")
    db.execute(
        "CREATE INDEX IF NOT EXISTS sync_conflicts_record ON sync_conflicts(table_name, record_id)"
    )
    # A push reads the dirty rows of every synced table; enterprises has its index since m001.
    for table in ("visits", "answers", "findings"):
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_dirty ON {table}(dirty) WHERE dirty = 1")


def m005_enterprise_ids_from_codes(db: sqlite_utils.Database) -> None:
    # Enterprises get the id their credit code derives
    # (diagnosis.register.enterprise.enterprise_id_for)
    # so that two laptops importing the same register make one record, not two the server must
    # refuse. Only rows never synced (rev 0) move: a synced id is known elsewhere. Their visits
    # follow; the foreign key is checked once, at the commit.
    from diagnosis.register.enterprise import enterprise_id_for

    db.execute("PRAGMA defer_foreign_keys = ON")
    taken = {r[0] for r in db.execute("SELECT id FROM enterprises")}
    rows = db.execute(
        "SELECT id, credit_code FROM enterprises WHERE rev = 0 AND deleted = 0"
    ).fetchall()
    for old, code in rows:
        new = enterprise_id_for(code)
        if new == old or new in taken:
            continue
        db.execute("UPDATE enterprises SET id = ? WHERE id = ?", [new, old])
        db.execute("UPDATE visits SET enterprise_id = ? WHERE enterprise_id = ?", [new, old])
        taken.add(new)


# The areas whose score a visit fact keeps, one column each (peers rank on them in SQL).
FACT_AREAS = ("intelligent_manufacturing", "energy", "water", "cleaner_production", "safety")
# Visit columns a fact derives from: an update naming only others (a push marking rows clean,
# notes, the organisation) leaves the facts current.
_FACT_VISIT_COLUMNS = (
    "enterprise_id",
    "date",
    "status",
    "revision",
    "team",
    "areas",
    "checklists",
    "year",
    "output_value",
    "energy_use",
    "water_use",
    "water_reused_m3",
    "measures",
    "previous_id",
    "deleted",
)


def m006_visit_facts(db: sqlite_utils.Database) -> None:
    # Derived local tables for the office figures (storage/office_facts.py): one row a visit
    # and one a measure decision, recomputed from the visit with ``assess`` whenever its rows
    # change. Never synced; docs/office.md says what each column means.
    scores = ", ".join(f"score_{a} REAL" for a in FACT_AREAS)
    db.execute(f"""
        CREATE TABLE visit_facts (
            visit_id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL,
            date TEXT NOT NULL,
            year INTEGER,
            month TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL,
            revision INTEGER NOT NULL,
            previous_id TEXT,
            is_follow_up INTEGER NOT NULL DEFAULT 0,
            team TEXT NOT NULL DEFAULT '[]',
            {scores},
            im_level INTEGER,
            open_keys TEXT NOT NULL DEFAULT '[]',
            error TEXT NOT NULL DEFAULT '',
            counted INTEGER NOT NULL DEFAULT 0,
            diagnosis INTEGER NOT NULL DEFAULT 0,
            latest_diagnosis INTEGER NOT NULL DEFAULT 0,
            year_diagnosis INTEGER NOT NULL DEFAULT 0,
            first_year INTEGER NOT NULL DEFAULT 0,
            open_proposals INTEGER NOT NULL DEFAULT 0,
            district TEXT,
            industry TEXT,
            cluster TEXT,
            above_scale INTEGER NOT NULL DEFAULT 0,
            willing INTEGER NOT NULL DEFAULT 0,
            engine TEXT NOT NULL,
            source_updated_at TEXT NOT NULL,
            computed_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE measure_facts (
            visit_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            enterprise_id TEXT NOT NULL,
            year INTEGER,
            key TEXT NOT NULL,
            code TEXT,
            title TEXT NOT NULL DEFAULT '',
            area TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL,
            investment REAL,
            money REAL,
            tce REAL,
            co2 REAL,
            water REAL,
            kinds TEXT NOT NULL DEFAULT '[]',
            kind_mask INTEGER NOT NULL DEFAULT 0,
            realised_money REAL,
            realised_tce REAL,
            projected_money REAL,
            projected_tce REAL,
            is_current INTEGER NOT NULL DEFAULT 0,
            origin_year INTEGER,
            district TEXT,
            industry TEXT,
            cluster TEXT,
            PRIMARY KEY (visit_id, seq)
        )""")
    # One row a member of a visit's team, so visits per member are summed without parsing
    # 30,000 JSON lists; the recount keeps its flags and register keys with the visit's, and
    # marks the member's first counted visit to the enterprise (ever, and in its year), so
    # "enterprises per member" is a sum, not a DISTINCT.
    db.execute("""
        CREATE TABLE visit_members (
            visit_id TEXT NOT NULL,
            member TEXT NOT NULL,
            enterprise_id TEXT NOT NULL,
            year INTEGER,
            is_follow_up INTEGER NOT NULL DEFAULT 0,
            counted INTEGER NOT NULL DEFAULT 0,
            first_visit INTEGER NOT NULL DEFAULT 0,
            first_of_year INTEGER NOT NULL DEFAULT 0,
            district TEXT,
            industry TEXT,
            cluster TEXT,
            PRIMARY KEY (visit_id, member)
        )""")
    # Covering indexes: the figures over 30,000 visits read them and never the tables.
    db.execute(
        "CREATE INDEX visit_facts_enterprise ON visit_facts(enterprise_id, diagnosis, year, date)"
    )
    db.execute(
        "CREATE INDEX visit_facts_counted ON visit_facts(counted, month, status, is_follow_up, "
        "year, district, industry, cluster)"
    )
    db.execute(
        "CREATE INDEX visit_facts_years ON visit_facts(year, above_scale, willing, first_year, "
        "district, industry, cluster) WHERE year_diagnosis = 1"
    )
    db.execute(
        "CREATE INDEX visit_facts_open ON visit_facts(year, district, industry, cluster, "
        "open_proposals) WHERE open_proposals > 0"
    )
    db.execute(
        f"CREATE INDEX visit_facts_latest ON visit_facts(industry, district, enterprise_id, "
        f"{', '.join(f'score_{a}' for a in FACT_AREAS)}) WHERE latest_diagnosis = 1"
    )
    db.execute(
        "CREATE INDEX visit_members_counted ON visit_members(counted, member, year, district, "
        "industry, cluster, is_follow_up, first_visit, first_of_year)"
    )
    db.execute("CREATE INDEX measure_facts_enterprise ON measure_facts(enterprise_id)")
    db.execute(
        "CREATE INDEX measure_facts_current ON measure_facts(district, area, category, status, "
        "origin_year, kind_mask, industry, cluster, investment, money, tce, co2, water) "
        "WHERE is_current = 1"
    )
    db.execute(
        "CREATE INDEX measure_facts_realised ON measure_facts(origin_year, district, industry, "
        "cluster, projected_money, realised_money, projected_tce, realised_tce) "
        "WHERE is_current = 1 AND coalesce(realised_money, realised_tce) IS NOT NULL"
    )
    # No index on enterprises for the figures: a covering one saves ~7 ms a query over 10,000
    # firms but makes every start-up's integrity check of the file ~50 ms longer.
    # What changed since the facts were computed, marked by triggers so every write path
    # counts (the app, a sync pull, a bundle): a visit whose rows changed, an enterprise whose
    # register keys changed. ``seq`` moves on each change, so a refresh that read a mark before
    # a concurrent write leaves the mark in place.
    db.execute("CREATE TABLE facts_stale (visit_id TEXT PRIMARY KEY, seq INTEGER NOT NULL)")
    db.execute(
        "CREATE TABLE facts_stale_enterprises "
        "(enterprise_id TEXT PRIMARY KEY, seq INTEGER NOT NULL)"
    )

    mark = _mark
    changed = " OR ".join(f"OLD.[{c}] IS NOT NEW.[{c}]" for c in _FACT_VISIT_COLUMNS)
    db.execute(
        f"CREATE TRIGGER visits_facts_insert AFTER INSERT ON visits BEGIN {mark('NEW.id')} END"
    )
    db.execute(
        f"CREATE TRIGGER visits_facts_update AFTER UPDATE OF {', '.join(_FACT_VISIT_COLUMNS)} "
        f"ON visits WHEN {changed} BEGIN {mark('NEW.id')} END"
    )
    # Findings feed no fact, so they mark nothing.
    db.execute(
        f"CREATE TRIGGER answers_facts_insert AFTER INSERT ON answers "
        f"BEGIN {mark('NEW.visit_id')} END"
    )
    db.execute(
        "CREATE TRIGGER answers_facts_update AFTER UPDATE OF visit_id, area, item, value, deleted "
        "ON answers WHEN OLD.visit_id IS NOT NEW.visit_id OR OLD.area IS NOT NEW.area "
        "OR OLD.item IS NOT NEW.item OR OLD.value IS NOT NEW.value "
        f"OR OLD.deleted IS NOT NEW.deleted BEGIN {mark('NEW.visit_id')} {mark('OLD.visit_id')} END"
    )
    mark_enterprise = (
        "INSERT INTO facts_stale_enterprises (enterprise_id, seq) VALUES (NEW.id, 1) "
        "ON CONFLICT(enterprise_id) DO UPDATE SET seq = seq + 1;"
    )
    keys = ("district", "industry", "cluster", "above_scale", "willing", "deleted")
    db.execute(
        f"CREATE TRIGGER enterprises_facts_update AFTER UPDATE OF {', '.join(keys)} "
        f"ON enterprises WHEN {' OR '.join(f'OLD.{k} IS NOT NEW.{k}' for k in keys)} "
        f"BEGIN {mark_enterprise} END"
    )
    # A visit pulled before its enterprise could not be assessed; it can once that arrives.
    db.execute(
        "CREATE TRIGGER enterprises_facts_insert AFTER INSERT ON enterprises BEGIN "
        "INSERT INTO facts_stale (visit_id, seq) SELECT id, 1 FROM visits "
        "WHERE enterprise_id = NEW.id AND true ON CONFLICT(visit_id) DO UPDATE SET seq = seq + 1; "
        "END"
    )
    # Every visit already stored gets its facts at the first office query, not here: a
    # migration must stay quick, and assessing is the domain's work.
    db.execute("INSERT INTO facts_stale (visit_id, seq) SELECT id, 1 FROM visits")


def m007_facts_pause(db: sqlite_utils.Database) -> None:
    """A sync pull writes hundreds of thousands of answers; marking their visit stale row by
    row cost it about 4 s (an upsert per answer). While ``facts_pause`` holds a row, the answer
    triggers mark nothing and the bulk writer marks each visit once itself. The row lives only
    inside the writer's own transaction, so no other connection ever sees the marks paused,
    and a crash rolls the pause back with the rest."""
    db.execute("CREATE TABLE facts_pause (id INTEGER PRIMARY KEY CHECK (id = 1))")
    db.execute("DROP TRIGGER answers_facts_insert")
    db.execute("DROP TRIGGER answers_facts_update")
    live = "NOT EXISTS (SELECT 1 FROM facts_pause)"
    db.execute(
        f"CREATE TRIGGER answers_facts_insert AFTER INSERT ON answers WHEN {live} "
        f"BEGIN {_mark('NEW.visit_id')} END"
    )
    db.execute(
        "CREATE TRIGGER answers_facts_update AFTER UPDATE OF visit_id, area, item, value, deleted "
        f"ON answers WHEN {live} AND (OLD.visit_id IS NOT NEW.visit_id OR OLD.area IS NOT "
        "NEW.area OR OLD.item IS NOT NEW.item OR OLD.value IS NOT NEW.value "
        f"OR OLD.deleted IS NOT NEW.deleted) BEGIN {_mark('NEW.visit_id')} "
        f"{_mark('OLD.visit_id')} END"
    )


def m008_answers_are_the_record(db: sqlite_utils.Database) -> None:
    """The answers become the one record of a visit's activity (DESIGN.md invariant 6): the
    year, output, energy and water blocks that sat beside them (filled only by the demo and by
    imported documents) are folded into the answers where those are silent, then emptied; an
    answer that already says something else is kept. Each visit also gets the reference-table
    versions it is computed with (empty: the newest), fixed when it is finalised."""
    db.execute("ALTER TABLE visits ADD COLUMN tables TEXT NOT NULL DEFAULT '{}'")
    _pin_finalised(db)
    rows = db.execute(
        "SELECT id, checklists, year, output_value, energy_use, water_use, water_reused_m3 "
        "FROM visits WHERE year IS NOT NULL OR output_value IS NOT NULL OR energy_use != '[]' "
        "OR water_use != '[]' OR water_reused_m3 IS NOT NULL"
    ).fetchall()
    if not rows:  # a new store: the checklists and calculators stay unloaded at start-up
        return
    import json

    from diagnosis.visits.document_legacy import Blocks, fold

    stamp = (_now(), "migration m008")
    for visit_id, versions, year, output, energy, water, reused in rows:
        blocks = Blocks(
            year,
            output,
            tuple((u["carrier"], u["quantity"], u["unit"]) for u in json.loads(energy)),
            tuple((w["source"], w["quantity"]) for w in json.loads(water)),
            reused,
        )
        answers: dict[str, dict[str, object]] = {}
        for area, item, value in db.execute(
            "SELECT area, item, value FROM answers WHERE visit_id = ? AND deleted = 0",
            [visit_id],
        ):
            answers.setdefault(area, {})[item] = json.loads(value)
        folded, _notices, problems = fold(answers, blocks, json.loads(versions))
        if problems:  # a block the questions cannot hold: keep the visit's blocks as they are
            continue
        for area, values in folded.items():
            for item, value in values.items():
                if answers.get(area, {}).get(item) == value:
                    continue
                text = json.dumps(value, ensure_ascii=False, sort_keys=True)
                row_id = answer_id(visit_id, area, item)
                db.execute(
                    "INSERT INTO answers (id, visit_id, area, item, value, updated_at, "
                    "updated_by, dirty, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0) "
                    "ON CONFLICT(id) DO UPDATE SET value = excluded.value, deleted = 0, "
                    "dirty = 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    [row_id, visit_id, area, item, text, *stamp],
                )
        db.execute(
            "UPDATE visits SET year = NULL, output_value = NULL, energy_use = '[]', "
            "water_use = '[]', water_reused_m3 = NULL, dirty = 1, updated_at = ?, "
            "updated_by = ? WHERE id = ?",
            [*stamp, visit_id],
        )


def m009_work_list_indexes(db: sqlite_utils.Database) -> None:
    """Covering indexes for the register's work list (storage/work_list.py): its one query
    per refresh reads these, never the wide fact rows."""
    db.execute(
        "CREATE INDEX visit_facts_work ON visit_facts(enterprise_id, date, status, "
        "is_follow_up, visit_id, previous_id) WHERE counted = 1"
    )
    db.execute(
        "CREATE INDEX measure_facts_work ON measure_facts(enterprise_id, status) "
        "WHERE is_current = 1"
    )


def m010_measure_project_fields(db: sqlite_utils.Database) -> None:
    """The project list (diagnosis.measures.projects) in the measure facts: the project's category
    ('' for a measure that is not a project), its expected start and duration, and the support
    it may apply for (JSON [key, state] pairs). Facts computed before hold none: the bumped
    facts engine recomputes them."""
    db.execute("ALTER TABLE measure_facts ADD COLUMN project TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE measure_facts ADD COLUMN start_month TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE measure_facts ADD COLUMN duration INTEGER")
    db.execute("ALTER TABLE measure_facts ADD COLUMN support TEXT NOT NULL DEFAULT '[]'")
    # The pipeline counts projects by category and start year: the covering index stays covering.
    db.execute("DROP INDEX measure_facts_current")
    db.execute(
        "CREATE INDEX measure_facts_current ON measure_facts(district, area, category, status, "
        "origin_year, kind_mask, industry, cluster, investment, money, tce, co2, water, project, "
        "start_month) WHERE is_current = 1"
    )


def m011_visit_experts(db: sqlite_utils.Database) -> None:
    """Each team member's specialty and organisation (diagnosis.visits.experts), beside the
    names in ``team`` that the office counts by; a visit made before has none ('[]'): its plan
    prints the names alone."""
    db.execute("ALTER TABLE visits ADD COLUMN experts TEXT NOT NULL DEFAULT '[]'")


def m012_visit_facts_intensity(db: sqlite_utils.Database) -> None:
    """Each visit's energy per 万元 of output as its plan prints it (tce/万元; 等价值, which the
    energy chapter's peers compare, and 当量值); facts computed before hold none: the bumped
    facts engine recomputes them. The output may be the register's figure (E03 unanswered), so
    a changed register output now marks the enterprise's visits too."""
    db.execute("ALTER TABLE visit_facts ADD COLUMN intensity_equal_value REAL")
    db.execute("ALTER TABLE visit_facts ADD COLUMN intensity_equivalent REAL")
    db.execute(
        "CREATE TRIGGER enterprises_output_facts AFTER UPDATE OF output_value ON enterprises "
        "WHEN OLD.output_value IS NOT NEW.output_value BEGIN "
        "INSERT INTO facts_stale (visit_id, seq) SELECT id, 1 FROM visits "
        "WHERE enterprise_id = NEW.id AND true ON CONFLICT(visit_id) DO UPDATE SET seq = seq + 1; "
        "END"
    )


def _pin_finalised(db: sqlite_utils.Database) -> None:
    """Visits finalised before tables were pinned are frozen from now on at this version's
    tables (they were computed by code that is gone: the newest tables are the nearest)."""
    if not db.execute("SELECT 1 FROM visits WHERE status = 'finalised' LIMIT 1").fetchone():
        return
    import json

    from diagnosis.reference_versions import current_versions

    db.execute(
        "UPDATE visits SET tables = ?, dirty = 1, updated_at = ?, updated_by = ? "
        "WHERE status = 'finalised' AND tables = '{}'",
        [json.dumps(current_versions(), sort_keys=True), _now(), "migration m008"],
    )


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _mark(visit: str) -> str:
    """SQL marking one visit's facts stale (``seq`` moves on at every mark: m006)."""
    return (
        f"INSERT INTO facts_stale (visit_id, seq) VALUES ({visit}, 1) "
        "ON CONFLICT(visit_id) DO UPDATE SET seq = seq + 1;"
    )


def m015_enterprises_sort_index(db: sqlite_utils.Database) -> None:
    # Every register column beside the name order, so a column sort reads its values in name
    # order from one index (under half the table's pages) and never sorts the table in SQL
    # (storage.enterprises.sort_positions).
    db.execute(
        "CREATE INDEX enterprises_sort ON enterprises(deleted, sort_name, id, credit_code, "
        "district, industry, cluster, above_scale, willing, employees, output_value, tax, "
        "land_area, data_year, address, contact_person, contact_phone, per_mu_class, "
        "green_stars)"
    )


_PHOTO_NAMES = "json_valid({0}) AND json_type({0}) = 'array'"


def m016_photos_wanted(db: sqlite_utils.Database) -> None:
    # The photos findings name, each until sync has found it here or fetched it: a sync with
    # nothing to fetch reads this (empty) table, not every finding's photo list (60,000 at
    # 20,000 visits; storage.sync.client_photos). Triggers fill it whatever writes a finding
    # (a pull, an import, the editor), so no path can forget one.
    db.execute("""
        CREATE TABLE photos_wanted (
            sha TEXT NOT NULL,
            finding_id TEXT NOT NULL,
            PRIMARY KEY (sha, finding_id)
        ) WITHOUT ROWID""")
    names = _PHOTO_NAMES.format("NEW.photos")
    add = (
        "INSERT OR IGNORE INTO photos_wanted (sha, finding_id) "
        "SELECT value, NEW.id FROM json_each(NEW.photos) WHERE type = 'text';"
    )
    for event in ("INSERT", "UPDATE OF photos, deleted"):
        name = "insert" if event == "INSERT" else "update"
        db.execute(
            f"CREATE TRIGGER findings_photos_wanted_{name} AFTER {event} ON findings "
            f"WHEN NEW.deleted = 0 AND NEW.photos NOT IN ('', '[]') AND {names} "
            f"BEGIN {add} END"
        )
    # Those of the findings already here: the first sync looks for each once.
    db.execute(
        "INSERT OR IGNORE INTO photos_wanted (sha, finding_id) "
        "SELECT j.value, f.id FROM findings f, "
        # Never a malformed list into json_each, whichever order SQLite reads the two in.
        f"json_each(CASE WHEN {_PHOTO_NAMES.format('f.photos')} THEN f.photos ELSE '[]' END) j "
        "WHERE f.deleted = 0 AND f.photos NOT IN ('', '[]') AND j.type = 'text'"
    )


def m013_visits_list_index(db: sqlite_utils.Database) -> None:
    # Everything ``visit list`` reads, in its order: the list reads this index (a few hundred
    # KB at 20,000 visits), never the visit rows themselves with their answers' JSON spilling
    # onto overflow pages (0.5 s warm, scanning and sorting them; storage.visits.list).
    db.execute(
        "CREATE INDEX visits_list ON visits(deleted, date DESC, revision DESC, id, "
        "enterprise_id, status)"
    )


MIGRATIONS = (
    m001_create_enterprises,
    m002_create_local_meta,
    m003_create_visits,
    m004_sync_client,
    m005_enterprise_ids_from_codes,
    m006_visit_facts,
    m007_facts_pause,
    m008_answers_are_the_record,
    m009_work_list_indexes,
    m010_measure_project_fields,
    m011_visit_experts,
    m012_visit_facts_intensity,
    m013_visits_list_index,
    m015_enterprises_sort_index,
    m016_photos_wanted,
)
# storage.database compares these names with what a file has applied without importing
# sqlite_utils (0.1 s) on the common start-up where nothing is pending.
MIGRATION_NAMES = tuple(fn.__name__ for fn in MIGRATIONS)


def apply(db: sqlite_utils.Database) -> None:
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        migrations()(fn)
    migrations.apply(db)
