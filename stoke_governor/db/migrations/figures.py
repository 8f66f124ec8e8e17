"""m001–m003: the figures store (the first release), its lookup indexes, and imported
files told apart by content. Released: never edit one (the order is in `__init__`)."""

from __future__ import annotations

from sqlite_utils import Database

from stoke_governor.db.migrations.script import run_script


def m001_initial_schema(db: Database) -> None:
    run_script(
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


def m002_figure_lookup_indexes(db: Database) -> None:
    """The dashboard looks figures up by school or area, then measure and year."""
    run_script(
        db,
        """
        CREATE INDEX idx_school_figures_lookup ON school_figures (urn, measure, year);
        CREATE INDEX idx_area_figures_lookup ON area_figures (measure, area, year);
        CREATE INDEX idx_city_targets_measure ON city_targets (measure);
        """,
    )


def m003_sources_from_imports(db: Database) -> None:
    """Imported files are told apart by content: DfE files of different years share a name.

    Rebuilding a table that others refer to needs foreign keys off (SQLite's documented
    procedure), which cannot change inside a transaction: so this migration runs its own
    transaction and checks every reference before it commits. Safe to run again.
    """
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            run_script(
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
