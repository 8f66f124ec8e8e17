"""The schema, as named forward migrations (sqlite-utils `Migrations`).

Each migration runs in one transaction together with the record of it being
applied. Never edit a released migration: add a new one. The bodies live in
modules by era; this is the one place that names them and sets their order.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils.migrations import Migrations

from stoke_governor.db.migrations import boards, figures, refinements, returns
from stoke_governor.db.migrations.refinements import (
    destinations_by_cohort as destinations_by_cohort,
)

MIGRATION_SET = "stoke_governor"  # the name the applied migrations are recorded under
migrations = Migrations(MIGRATION_SET)

# In the order they apply, under the names the database records (a new one goes last, and
# SCHEMA_VERSION in db/store.py counts it).
migrations(name="m001_initial_schema")(figures.m001_initial_schema)
migrations(name="m002_figure_lookup_indexes")(figures.m002_figure_lookup_indexes)
migrations(name="m003_sources_from_imports", transactional=False)(figures.m003_sources_from_imports)
migrations(name="m004_boards_meetings_challenge_training")(
    boards.m004_boards_meetings_challenge_training
)
migrations(name="m005_self_evaluation")(returns.m005_self_evaluation)
migrations(name="m006_la_returns_and_packs")(returns.m006_la_returns_and_packs)
migrations(name="m007_pack_exports")(returns.m007_pack_exports)
migrations(name="m008_conflict_decisions")(returns.m008_conflict_decisions)
migrations(name="m009_destinations_by_cohort")(refinements.m009_destinations_by_cohort)
migrations(name="m010_series_breaks")(refinements.m010_series_breaks)
migrations(name="m011_minutes_as_clerks_write_them")(refinements.m011_minutes_as_clerks_write_them)
migrations(name="m012_refused_returns_by_school")(refinements.m012_refused_returns_by_school)


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


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]
