"""The schema, as named forward migrations (sqlite-utils `Migrations`).

Each migration runs in one transaction together with the record of it being
applied. Never edit a released migration: add a new one.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from stoke_governor.core.dates import summer_label, year_end

MIGRATION_SET = "stoke_governor"  # the name the applied migrations are recorded under
migrations = Migrations(MIGRATION_SET)


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations this file has had, in order (none for a new file)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not has_table:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [r[0] for r in rows]


def _run(db: Database, script: str) -> None:
    """Statement by statement: `executescript` would COMMIT the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations(name="m001_initial_schema")
def m001_initial_schema(db: Database) -> None:
    _run(
        db,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            publisher TEXT NOT NULL,
            origin TEXT,
            note TEXT
        );
        CREATE TABLE areas (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('la', 'region', 'country'))
        );
        CREATE TABLE schools (
            urn INTEGER PRIMARY KEY,
            la_code INTEGER,
            laestab INTEGER,
            name TEXT NOT NULL,
            phase TEXT,
            type TEXT,
            sector TEXT,
            status TEXT NOT NULL DEFAULT 'open',
            locality TEXT,
            postcode TEXT,
            age_low INTEGER,
            age_high INTEGER,
            closed_on TEXT,
            successor_urn INTEGER,
            ofsted_grade INTEGER CHECK (ofsted_grade BETWEEN 1 AND 4),
            ofsted_inspected_on TEXT,
            ofsted_published_on TEXT,
            source_id INTEGER REFERENCES sources(id)
        );
        CREATE TABLE measures (
            code TEXT PRIMARY KEY,
            level TEXT NOT NULL CHECK (level IN ('school', 'la')),
            family TEXT NOT NULL,
            label TEXT NOT NULL,
            unit TEXT NOT NULL,
            decimals INTEGER NOT NULL DEFAULT 1,
            higher_is_better INTEGER,
            phase TEXT,
            la_comparator TEXT,
            headline INTEGER NOT NULL DEFAULT 0,
            description TEXT,
            dfe_description TEXT,
            dfe_source TEXT
        );
        CREATE TABLE school_figures (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES schools(urn),
            measure TEXT NOT NULL,
            year TEXT NOT NULL,
            value REAL,
            code TEXT,
            raw TEXT NOT NULL,
            release TEXT NOT NULL DEFAULT 'final',
            source_id INTEGER NOT NULL REFERENCES sources(id),
            UNIQUE (urn, measure, year, release, source_id),
            CHECK (value IS NULL OR code IS NULL)
        );
        CREATE TABLE area_figures (
            id INTEGER PRIMARY KEY,
            area TEXT NOT NULL REFERENCES areas(code),
            measure TEXT NOT NULL,
            year TEXT NOT NULL,
            year_label TEXT NOT NULL,
            breakdown TEXT NOT NULL DEFAULT '',
            value REAL,
            code TEXT,
            raw TEXT NOT NULL,
            release TEXT NOT NULL DEFAULT 'final',
            source_id INTEGER NOT NULL REFERENCES sources(id),
            UNIQUE (area, measure, year, breakdown, release, source_id),
            CHECK (value IS NULL OR code IS NULL)
        );
        CREATE TABLE city_targets (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('baseline', 'target')),
            topic TEXT NOT NULL,
            measure TEXT,
            area TEXT,
            value REAL,
            unit TEXT,
            value_text TEXT NOT NULL,
            year TEXT,
            comparison TEXT,
            document TEXT NOT NULL,
            document_title TEXT NOT NULL,
            seed_file TEXT,
            section TEXT,
            passage TEXT NOT NULL,
            disagrees_with TEXT,
            note TEXT
        );
        """,
    )


@migrations(name="m002_figure_lookup_indexes")
def m002_figure_lookup_indexes(db: Database) -> None:
    """The dashboard looks figures up by school or area, then measure and year."""
    _run(
        db,
        """
        CREATE INDEX idx_school_figures_lookup ON school_figures (urn, measure, year);
        CREATE INDEX idx_area_figures_lookup ON area_figures (measure, area, year);
        CREATE INDEX idx_city_targets_measure ON city_targets (measure);
        """,
    )


@migrations(name="m003_sources_from_imports", transactional=False)
def m003_sources_from_imports(db: Database) -> None:
    """Imported files are told apart by content: DfE files of different years share a name.

    Rebuilding a table that others refer to needs foreign keys off (SQLite's documented
    procedure), which cannot change inside a transaction: so this migration runs its own
    transaction and checks every reference before it commits. Safe to run again.
    """
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            _run(
                db,
                """
                DROP TABLE IF EXISTS sources_new;
                CREATE TABLE sources_new (
                    id INTEGER PRIMARY KEY,
                    file TEXT NOT NULL,
                    title TEXT NOT NULL,
                    publisher TEXT NOT NULL,
                    origin TEXT,
                    note TEXT,
                    sha256 TEXT UNIQUE,
                    kind TEXT,
                    year TEXT,
                    release TEXT,
                    imported_at TEXT
                );
                INSERT INTO sources_new (id, file, title, publisher, origin, note)
                    SELECT id, file, title, publisher, origin, note FROM sources;
                DROP TABLE sources;
                ALTER TABLE sources_new RENAME TO sources;
                CREATE INDEX idx_sources_file ON sources (file);
                """,
            )
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"m003 would break {len(broken)} references; not applied")
    finally:
        db.execute("PRAGMA foreign_keys = ON")


@migrations(name="m004_boards_meetings_challenge_training")
def m004_boards_meetings_challenge_training(db: Database) -> None:
    """A school's board: governors, committees, meetings, the challenge log, training.

    Every row belongs to one board (a school, by URN); deleting a board (the demo one)
    removes all of it. People are kept as governance needs them and no more: names,
    categories, roles, terms of office and training. Dates are ISO text (YYYY-MM-DD).
    """
    _run(
        db,
        """
        CREATE TABLE boards (
            urn INTEGER PRIMARY KEY REFERENCES schools(urn),
            name TEXT NOT NULL,
            demo INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE board_places (
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            category TEXT NOT NULL,
            places INTEGER NOT NULL CHECK (places >= 0),
            PRIMARY KEY (urn, category)
        );
        CREATE TABLE governors (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            category TEXT NOT NULL,
            term_start TEXT,
            term_end TEXT,
            left_on TEXT,
            note TEXT,
            CHECK (term_start IS NULL OR term_end IS NULL OR term_end >= term_start)
        );
        CREATE INDEX idx_governors_board ON governors (urn);
        CREATE TABLE governor_roles (
            governor_id INTEGER NOT NULL REFERENCES governors(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            PRIMARY KEY (governor_id, role)
        );
        CREATE TABLE committees (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            name TEXT NOT NULL,
            quorum INTEGER CHECK (quorum IS NULL OR quorum >= 3),
            UNIQUE (urn, name)
        );
        CREATE TABLE committee_members (
            committee_id INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
            governor_id INTEGER NOT NULL REFERENCES governors(id) ON DELETE CASCADE,
            PRIMARY KEY (committee_id, governor_id)
        );
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            held_on TEXT NOT NULL,
            starts_at TEXT,
            committee_id INTEGER REFERENCES committees(id) ON DELETE SET NULL,
            title TEXT,
            location TEXT,
            clerk TEXT,
            in_attendance TEXT,
            notes TEXT
        );
        CREATE INDEX idx_meetings_board ON meetings (urn, held_on);
        CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            decisions TEXT,
            notes TEXT
        );
        CREATE INDEX idx_agenda_meeting ON agenda_items (meeting_id, position);
        CREATE TABLE attendance (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            governor_id INTEGER NOT NULL REFERENCES governors(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN
                ('present', 'apologies accepted', 'apologies not accepted', 'absent')),
            PRIMARY KEY (meeting_id, governor_id)
        );
        CREATE TABLE challenges (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
            agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
            asked_on TEXT NOT NULL,
            question TEXT NOT NULL CHECK (length(trim(question)) > 0),
            asked_by INTEGER REFERENCES governors(id) ON DELETE SET NULL,
            asked_by_name TEXT,
            priority TEXT,
            measure TEXT,
            snapshot TEXT,
            response TEXT,
            responder TEXT,
            board_view TEXT CHECK (board_view IS NULL OR board_view IN
                ('satisfied', 'partly satisfied', 'not satisfied')),
            action TEXT,
            action_owner TEXT,
            due_on TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                ('open', 'in progress', 'done', 'no action needed')),
            impact TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_challenges_board ON challenges (urn, asked_on);
        CREATE INDEX idx_challenges_meeting ON challenges (meeting_id);
        CREATE TABLE challenge_history (
            id INTEGER PRIMARY KEY,
            challenge_id INTEGER NOT NULL,
            changed_at TEXT NOT NULL,
            change TEXT NOT NULL CHECK (change IN ('created', 'edited', 'deleted', 'restored')),
            field TEXT,
            old TEXT,
            new TEXT
        );
        CREATE INDEX idx_challenge_history ON challenge_history (challenge_id, id);
        CREATE TABLE training_records (
            id INTEGER PRIMARY KEY,
            governor_id INTEGER NOT NULL REFERENCES governors(id) ON DELETE CASCADE,
            module_id TEXT,
            module_version TEXT,
            title TEXT NOT NULL,
            completed_on TEXT NOT NULL,
            provider TEXT,
            evidence TEXT,
            how TEXT NOT NULL CHECK (how IN ('knowledge check', 'recorded by clerk')),
            score INTEGER,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX idx_training_governor ON training_records (governor_id, module_id);
        """,
    )


@migrations(name="m005_self_evaluation")
def m005_self_evaluation(db: Database) -> None:
    """The board's self-evaluation against a framework shipped as data (by id and version).

    One evaluation per board and year. `return_id` names the return file the LA receives
    for it; `revision` counts the exports whose content changed, and `exported_digest` is
    the digest of the content last exported (so an unchanged export reproduces the same
    payload, with the revision's own `revised_at`).
    """
    _run(
        db,
        """
        CREATE TABLE evaluations (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            framework_id TEXT NOT NULL,
            framework_version TEXT NOT NULL,
            year TEXT NOT NULL,
            title TEXT NOT NULL,
            agreed_by TEXT,
            agreed_on TEXT,
            return_id TEXT NOT NULL UNIQUE,
            revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
            revised_at TEXT,
            exported_digest TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (urn, year)
        );
        CREATE TABLE evaluation_ratings (
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            rating INTEGER,
            evidence TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (evaluation_id, item_id)
        );
        CREATE TABLE evaluation_actions (
            id INTEGER PRIMARY KEY,
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            action TEXT NOT NULL CHECK (length(trim(action)) > 0),
            owner TEXT,
            due_on TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_evaluation_actions ON evaluation_actions (evaluation_id, item_id);
        CREATE TABLE evaluation_links (
            id INTEGER PRIMARY KEY,
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('challenge', 'meeting', 'training', 'measure')),
            ref TEXT NOT NULL,
            label TEXT NOT NULL,
            UNIQUE (evaluation_id, item_id, kind, ref)
        );
        """,
    )


@migrations(name="m006_la_returns_and_packs")
def m006_la_returns_and_packs(db: Database) -> None:
    """The LA's side of the file sync, and what a school keeps of it.

    LA: `la_keys` (the signing key issued to each school in its pack), `returns_received`
    (every return payload accepted, with its state; the original file is archived by its
    SHA-256 under `archived_as`), `return_import_log` (one row per file per import, whatever
    the outcome). School: `return_receipts` (the LA's receipts for the board's returns),
    `pack_imports` (packs applied) and `pack_resources` (training modules and frameworks
    that came in a pack, preferred over the shipped copies of an older version).
    """
    _run(
        db,
        """
        CREATE TABLE la_keys (
            urn INTEGER PRIMARY KEY REFERENCES schools(urn),
            key_id TEXT NOT NULL UNIQUE,
            key_hex TEXT NOT NULL,
            issued_at TEXT NOT NULL
        );
        CREATE TABLE returns_received (
            id INTEGER PRIMARY KEY,
            return_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            urn INTEGER NOT NULL REFERENCES schools(urn),
            year TEXT,
            payload_digest TEXT NOT NULL,
            payload TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            archived_as TEXT NOT NULL,
            signed INTEGER NOT NULL DEFAULT 0,
            key_id TEXT,
            edited INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL CHECK (state IN ('current', 'superseded', 'conflict')),
            received_at TEXT NOT NULL,
            UNIQUE (return_id, revision, payload_digest)
        );
        CREATE INDEX idx_returns_received_urn ON returns_received (urn, state);
        CREATE TABLE return_import_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            file TEXT NOT NULL,
            file_sha256 TEXT,
            status TEXT NOT NULL CHECK (status IN
                ('imported', 'superseded', 'duplicate', 'stale', 'conflict', 'rejected')),
            reason TEXT,
            urn INTEGER,
            return_id TEXT,
            revision INTEGER,
            received_id INTEGER REFERENCES returns_received(id)
        );
        CREATE TABLE return_receipts (
            return_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            payload_digest TEXT NOT NULL,
            received_at TEXT NOT NULL,
            receipt_digest TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            PRIMARY KEY (return_id, revision)
        );
        CREATE TABLE pack_imports (
            pack_id TEXT PRIMARY KEY,
            format_version INTEGER NOT NULL,
            made_at TEXT NOT NULL,
            urn INTEGER,
            summary TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        CREATE TABLE pack_resources (
            kind TEXT NOT NULL CHECK (kind IN ('module', 'framework')),
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            body TEXT NOT NULL,
            pack_id TEXT NOT NULL,
            PRIMARY KEY (kind, name)
        );
        """,
    )


@migrations(name="m007_pack_exports")
def m007_pack_exports(db: Database) -> None:
    """LA: each pack made for a school (when, which file, which key it carried)."""
    _run(
        db,
        """
        CREATE TABLE pack_exports (
            pack_id TEXT PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES schools(urn),
            made_at TEXT NOT NULL,
            file_name TEXT NOT NULL,
            key_id TEXT
        );
        CREATE INDEX idx_pack_exports_urn ON pack_exports (urn, made_at);
        """,
    )


@migrations(name="m008_conflict_decisions")
def m008_conflict_decisions(db: Database) -> None:
    """Who chose which of two conflicting returns, and when (the LA's audit trail)."""
    _run(
        db,
        """
        CREATE TABLE conflict_decisions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            kept_id INTEGER NOT NULL REFERENCES returns_received(id),
            set_aside TEXT NOT NULL
        );
        """,
    )


@migrations(name="m009_destinations_by_cohort")
def m009_destinations_by_cohort(db: Database) -> None:
    """Destination figures move from the tables' year to their cohort's year."""
    destinations_by_cohort(db)


@migrations(name="m010_series_breaks")
def m010_series_breaks(db: Database) -> None:
    """The years a measure was not published or is not comparable (reference data, refilled
    from resources/series_breaks.csv)."""
    _run(
        db,
        """
        CREATE TABLE series_breaks (
            id INTEGER PRIMARY KEY,
            applies_to TEXT NOT NULL,
            first_year TEXT,
            last_year TEXT,
            level TEXT NOT NULL CHECK (level IN ('school', 'area', 'all')),
            kind TEXT NOT NULL
                CHECK (kind IN ('not published', 'not comparable', 'cohort year')),
            reason TEXT NOT NULL,
            dfe_wording TEXT NOT NULL,
            source TEXT NOT NULL,
            url TEXT
        );
        """,
    )


@migrations(name="m011_minutes_as_clerks_write_them")
def m011_minutes_as_clerks_write_them(db: Database) -> None:
    """What minutes record beyond the agenda: when the meeting closed and the date of the
    next one, the declarations of interest made at it, and the actions agreed on an item
    that arise from a decision rather than from a challenge question."""
    _run(
        db,
        """
        ALTER TABLE meetings ADD COLUMN closed_at TEXT;
        ALTER TABLE meetings ADD COLUMN next_meeting_on TEXT;
        CREATE TABLE declarations (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            governor_id INTEGER REFERENCES governors(id) ON DELETE SET NULL,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
            pecuniary INTEGER NOT NULL DEFAULT 0 CHECK (pecuniary IN (0, 1)),
            note TEXT
        );
        CREATE INDEX idx_declarations_meeting ON declarations (meeting_id);
        CREATE TABLE meeting_actions (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
            action TEXT NOT NULL CHECK (length(trim(action)) > 0),
            owner TEXT,
            due_on TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                ('open', 'in progress', 'done', 'no action needed'))
        );
        CREATE INDEX idx_meeting_actions_meeting ON meeting_actions (meeting_id);
        """,
    )


@migrations(name="m012_refused_returns_by_school")
def m012_refused_returns_by_school(db: Database) -> None:
    """A file the import refused still names the school and year it claims (read without
    trusting it): `return_import_log` keeps that year beside the URN it already had, and
    `refusal`, the reason in a few words ("edited after signing"), so the City picture can
    say a school's return was refused rather than never sent. Every outcome records its
    year from now on; rows from before stay NULL (not known)."""
    _run(
        db,
        """
        ALTER TABLE return_import_log ADD COLUMN year TEXT;
        ALTER TABLE return_import_log ADD COLUMN refusal TEXT;
        CREATE INDEX idx_return_import_log_refused ON return_import_log (urn, year)
            WHERE status = 'rejected';
        """,
    )


DESTINATION_LAG = 2  # as data/perf_tables.py: a year's tables describe pupils two years before


def destinations_by_cohort(db: Database) -> None:
    """Figures from a KS4 destinations file were stored under the tables' year: move each
    such file's figures to the year its pupils finished KS4."""
    dest = "('OVERALL_DESTPER', 'OVERALL_DEST')"
    sources = db.execute(
        f"SELECT source_id FROM school_figures WHERE measure IN {dest} "
        f"UNION SELECT source_id FROM area_figures WHERE measure IN {dest}"
    ).fetchall()
    for (source_id,) in sources:
        years = db.execute(
            "SELECT year FROM school_figures WHERE source_id = ? "
            "UNION SELECT year FROM area_figures WHERE source_id = ?",
            (source_id, source_id),
        ).fetchall()
        summer = year_end(years[0][0]) if len(years) == 1 else None
        if summer is None:
            continue  # a file of several years is not a performance-tables download
        cohort = summer_label(summer - DESTINATION_LAG)
        db.execute("UPDATE school_figures SET year = ? WHERE source_id = ?", (cohort, source_id))
        db.execute(
            "UPDATE area_figures SET year = ?, year_label = ? WHERE source_id = ?",
            (cohort, cohort, source_id),
        )


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]
