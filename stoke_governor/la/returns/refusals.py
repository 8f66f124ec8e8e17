"""Returns the import refused, by school and year: what the City picture and the city
report say instead of "no return" when a board did send one the LA could not accept.

The import log keeps, for a refused file that still names its school, the URN and year it
claims and the reason in a few words (`importer.refusal_words`). A refusal stands until a
later accepted return for the same school and year arrives (imported, a newer revision, a
conflict kept for a person, or the same return sent again): then the board has a return
the LA uses, and the refusal is history, still in the log.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from stoke_governor.db.store import Store

ACCEPTED = ("imported", "superseded", "duplicate", "conflict")


class Refusal(NamedTuple):
    urn: int
    school: str | None  # the LA's name for the school (None: not in its schools list)
    year: str
    file: str  # the file's name, as it arrived
    reason: str  # in a few words: "edited after signing"
    detail: str  # the import's full sentence
    at: str  # when it was refused (ISO time stamp)

    @property
    def headline(self) -> str:
        """'Return refused: edited after signing'."""
        return f"Return refused: {self.reason}"

    @property
    def refused_on(self) -> str:
        """'14 Nov 2026'."""
        try:
            day = dt.date.fromisoformat(self.at[:10])
        except ValueError:
            return self.at[:10]
        return f"{day.day} {day:%b %Y}"


def standing_refusals(store: Store, year: str) -> list[Refusal]:
    """For each school, the latest refusal of the year that no later accepted return of
    the same school and year has made history; by school name."""
    accepted = ", ".join(f"'{s}'" for s in ACCEPTED)
    rows = store.query(
        "SELECT f.urn, s.name, f.year, f.file, f.refusal, f.reason, f.at, f.id "
        "FROM return_import_log f LEFT JOIN schools s ON s.urn = f.urn "
        "WHERE f.status = 'rejected' AND f.refusal IS NOT NULL AND f.urn IS NOT NULL "
        "AND f.year = ? AND NOT EXISTS (SELECT 1 FROM return_import_log l "
        "JOIN returns_received r ON r.id = l.received_id WHERE l.id > f.id AND "
        f"l.status IN ({accepted}) AND r.urn = f.urn AND r.year = f.year) "
        "ORDER BY f.id DESC",
        (year,),
    )
    latest: dict[int, Refusal] = {}
    for urn, school, yr, file, reason, detail, at, _id in rows:
        if urn not in latest:
            name = str(file).replace("\\", "/").rsplit("/", 1)[-1]
            latest[urn] = Refusal(urn, school, yr, name, reason, detail or "", at)
    return sorted(latest.values(), key=lambda r: ((r.school or "").casefold(), r.urn))


def refusal_years(store: Store) -> list[str]:
    """Years a refused return names, newest first (the City picture can show them)."""
    rows = store.query(
        "SELECT DISTINCT year FROM return_import_log WHERE status = 'rejected' "
        "AND refusal IS NOT NULL AND year IS NOT NULL ORDER BY year DESC"
    )
    return [r[0] for r in rows]
