"""The city's self-evaluations this year against last year: the distribution of boards'
ratings per section in both years, and every school's trend (`la.trend`).

Both pictures come from the returns held (`la.city.city_picture`), each return read once:
a hundred schools' trends over two years cost two city pictures.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, NamedTuple

from stoke_governor.la.trend import (
    BETTER,
    COMPARED,
    NOT_COMPARED,
    SAME,
    WORSE,
    SchoolTrend,
    SectionChange,
    compare,
    previous_year,
    reading_of_status,
)

if TYPE_CHECKING:
    from stoke_governor.db.store import Store
    from stoke_governor.la.city import CityPicture


class CityTrend(NamedTuple):
    year: str
    previous_year: str
    sections: list[tuple[str, str]]  # (id, title), this year's picture's order
    now: dict[str, dict]  # section id -> `la.city.distribution` counts this year
    before: dict[str, dict | None]  # the same last year; None: in no return last year
    changes: dict[str, dict[str, int]]  # section id -> schools better / same / worse / ...
    overall: dict[str, int]  # schools better / same / worse / not compared, all sections
    returned: int
    returned_last_year: int

    def sentence(self, section_id: str) -> str:
        """'Since 2025-26, of the 40 boards that rated it both years: 12 better, ...'."""
        if self.before.get(section_id) is None:
            return f"Not in any return for {self.previous_year}: nothing to compare."
        n = self.changes[section_id]
        both = n[BETTER] + n[SAME] + n[WORSE]
        if not both:
            return f"No board rated it in both {self.previous_year} and {self.year}."
        return (
            f"Since {self.previous_year}, of the {_boards(both)} that rated it both years: "
            f"{n[BETTER]} better, {n[SAME]} the same, {n[WORSE]} worse."
        )


def _boards(n: int) -> str:
    return f"{n} board{'' if n == 1 else 's'}"


def pictures(store: Store, year: str) -> tuple[CityPicture, CityPicture]:
    """The city picture of `year` and of the year before (each return read once)."""
    from stoke_governor.la.city import city_picture

    return city_picture(store, year), city_picture(store, previous_year(year))


def trends_between(now: CityPicture, before: CityPicture) -> dict[int, SchoolTrend]:
    """Every school of `now`'s picture: its trend against `before`'s."""
    titles_now, titles_before = now.titles(), before.titles()
    earlier = {r.urn: r for r in before.rows}
    out = {}
    for row in now.rows:
        was = earlier.get(row.urn)
        out[row.urn] = compare(
            row.urn,
            now.year,
            reading_of_status(row, titles_now),
            None if was is None else reading_of_status(was, titles_before),
            before.year,
        )
    return out


def city_trend_between(
    now: CityPicture, before: CityPicture, trends: dict[int, SchoolTrend] | None = None
) -> CityTrend:
    """The city's distribution per section this year beside last year's, and how many
    schools are better, the same or worse in each section and overall."""
    from stoke_governor.la.city import distribution

    trends = trends if trends is not None else trends_between(now, before)
    held_before = {k for r in before.rows if r.returned for k in r.section_means}
    counts_now, counts_before, changes = {}, {}, {}
    for sid, _title in now.sections:
        counts_now[sid] = distribution(now, sid)
        counts_before[sid] = distribution(before, sid) if sid in held_before else None
        found = Counter(_tally(t.section(sid)) for t in trends.values())
        changes[sid] = {w: found[w] for w in (*COMPARED, NOT_COMPARED)}
    overall = Counter(
        t.overall.word if t.overall.compared else NOT_COMPARED for t in trends.values()
    )
    return CityTrend(
        now.year,
        before.year,
        list(now.sections),
        counts_now,
        counts_before,
        changes,
        {w: overall[w] for w in (*COMPARED, NOT_COMPARED)},
        sum(r.returned for r in now.rows),
        sum(r.returned for r in before.rows),
    )


def _tally(section: SectionChange | None) -> str:
    return section.word if section is not None and section.change.compared else NOT_COMPARED


def trends_for_city(store: Store, year: str) -> dict[int, SchoolTrend]:
    """Every open school's trend, by URN."""
    return trends_between(*pictures(store, year))


def city_trend(store: Store, year: str) -> CityTrend:
    """The city's trend for `year` against the year before."""
    return city_trend_between(*pictures(store, year))
