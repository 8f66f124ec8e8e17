"""A migration's SQL, run inside the transaction the migration is applied in."""

from __future__ import annotations

from sqlite_utils import Database


def run_script(db: Database, script: str) -> None:
    """Statement by statement: `executescript` would COMMIT the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)
