"""Series breaks: the years a measure was not published or is not comparable, as shipped."""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.core.dates import summer_label, year_end
from stoke_governor.db.store import Store
from stoke_governor.measures.catalogue import Measure

NOT_PUBLISHED, NOT_COMPARABLE, COHORT_YEAR = "not published", "not comparable", "cohort year"


class Break(NamedTuple):
    first_x: int | None  # the first summer it covers (2019-20 → 2020); None: from the start
    last_x: int | None  # the last summer; None: ongoing
    level: str  # 'school', 'area' or 'all'
    kind: str  # NOT_PUBLISHED, NOT_COMPARABLE or COHORT_YEAR
    reason: str  # plain English, for the table and the chart
    wording: str  # the DfE's own words
    source: str
    url: str | None

    def covers(self, x: int, level: str) -> bool:
        """True if summer `x` falls in the break for a school ('school') or an area series."""
        if self.kind == COHORT_YEAR or self.level not in ("all", level):
            return False
        return (self.first_x is None or self.first_x <= x) and (
            self.last_x is None or x <= self.last_x
        )

    @property
    def note(self) -> str:
        """What the table says: "not published (no GCSE exams: …)"."""
        return f"{self.kind} ({self.reason})"

    @property
    def tip(self) -> str:
        """What hovering says: the reason, then the DfE's words and where they are."""
        years = [summer_label(x) for x in (self.first_x, self.last_x) if x is not None]
        span = " to ".join(dict.fromkeys(years))
        when = f"{span}: " if self.first_x is not None else f"Up to {span}: " if span else ""
        return f"{when}{self.note}.\nThe DfE: “{self.wording}”\n{self.source}"


def breaks_for(store: Store, measure: Measure) -> list[Break]:
    """The breaks that apply to a measure: those naming its code first, then its key stage
    or group (so a code's own row wins where both cover a year)."""
    rows = store.query(
        "SELECT applies_to, first_year, last_year, level, kind, reason, dfe_wording, source, "
        "url FROM series_breaks ORDER BY id"
    )
    own: list[Break] = []
    group: list[Break] = []
    for r in rows:
        names = r["applies_to"].split()
        if measure.code in names or measure.family in names:
            found = Break(
                year_end(r["first_year"]),
                year_end(r["last_year"]),
                r["level"],
                r["kind"],
                r["reason"],
                r["dfe_wording"],
                r["source"],
                r["url"],
            )
            (own if measure.code in names else group).append(found)
    return own + group


def break_at(breaks: list[Break], x: int, level: str) -> Break | None:
    """The break covering summer `x` for a school ('school') or an area series, if any."""
    return next((b for b in breaks if b.covers(x, level)), None)


def cohort_note(breaks: list[Break]) -> str:
    """For a measure labelled by its pupils' cohort (destinations), what the year means."""
    return next((b.reason for b in breaks if b.kind == COHORT_YEAR), "")
