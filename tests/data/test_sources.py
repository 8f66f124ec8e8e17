"""The sources of the figures held, as the About box lists them."""

from __future__ import annotations

from stoke_governor.data.sources import published_sources


def test_every_source_held_is_listed_by_title(store):
    sources = published_sources(store)
    held = store.query("SELECT title, publisher FROM sources")
    assert sources and len(sources) == len(held)
    assert [s.title for s in sources] == sorted(r["title"] for r in held)
    assert all(s.publisher for s in sources)
