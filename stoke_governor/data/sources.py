"""The published sources the figures held came from, as the About box lists them."""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.db.store import Store


class Source(NamedTuple):
    title: str
    publisher: str


def published_sources(store: Store) -> list[Source]:
    """Every source held (the reference data and each file imported), by title."""
    rows = store.query("SELECT title, publisher FROM sources ORDER BY title")
    return [Source(r["title"], r["publisher"]) for r in rows]
