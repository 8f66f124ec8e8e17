"""m009–m012: destinations by cohort, series breaks, minutes as clerks write them and the
returns the LA refused. Released: never edit one (the order is in `__init__`)."""

from __future__ import annotations

from sqlite_utils import Database

from stoke_governor.core.dates import summer_label, year_end
from stoke_governor.db.migrations.script import run_script


def m009_destinations_by_cohort(db: Database) -> None:
    """Destination figures move from the tables' year to their cohort's year."""
    destinations_by_cohort(db)


def m010_series_breaks(db: Database) -> None:
    """The years a measure was not published or is not comparable (reference data, refilled
    from resources/series_breaks.csv)."""
    run_script(
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


def m011_minutes_as_clerks_write_them(db: Database) -> None:
    """What minutes record beyond the agenda: when the meeting closed and the date of the
    next one, the declarations of interest made at it, and the actions agreed on an item
    that arise from a decision rather than from a challenge question."""
    run_script(
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


def m012_refused_returns_by_school(db: Database) -> None:
    """A file the import refused still names the school and year it claims (read without
    trusting it): `return_import_log` keeps that year beside the URN it already had, and
    `refusal`, the reason in a few words ("edited after signing"), so the City picture can
    say a school's return was refused rather than never sent. Every outcome records its
    year from now on; rows from before stay NULL (not known)."""
    run_script(
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
