"""How recent a school's figures are, said once at the top of its dashboard."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from stoke_governor.core.dates import academic_year_start, year_end

if TYPE_CHECKING:
    from stoke_governor.measures.catalogue import MeasureRow

# Pupils' results (early years to A level), as against census, absence and destinations.
RESULT_FAMILIES = ("eyfs", "phonics", "ks2", "ks4", "ks5")
RELEASES = ("provisional", "revised", "final", "school")
_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
ADVICE = (
    "Newer figures have been published since. Import the DfE's current files "
    "(File ▸ Import data…), or apply the LA's pack (File ▸ Apply an LA pack…), which "
    "carries them to every school."
)


class FiguresAge(NamedTuple):
    kind: str  # "School results", or "School figures" when it holds no results
    year: str  # the newest year held, e.g. 2018-19
    releases: tuple[str, ...]  # of that year's figures: provisional, revised, final...
    years_old: int  # whole years since the summer the figures are for

    @property
    def age(self) -> str:
        n = self.years_old
        if n <= 0:
            return "the latest year"
        words = _WORDS[n - 1] if n <= len(_WORDS) else str(n)
        return f"{words} year{'s' if n > 1 else ''} old"

    @property
    def text(self) -> str:
        """E.g. `School results: 2018-19, provisional — seven years old`."""
        releases = " and ".join(self.releases)
        return f"{self.kind}: {self.year}{', ' + releases if releases else ''} — {self.age}"

    @property
    def advice(self) -> str:
        """What to do about figures more than a year old ('' when they are current)."""
        return ADVICE if self.years_old >= 2 else ""


def figures_age(rows: list[MeasureRow], today: dt.date | None = None) -> FiguresAge | None:
    """How old the newest of the school's DfE results are on `today` (its other DfE figures
    when it has no results; never the school's own template figures); None when nothing is
    held."""
    # The school's own template figures say nothing of how current its DfE data is.
    published = [r for r in rows if r.school.release != "school"]
    results = [r for r in published if r.measure.family in RESULT_FAMILIES]
    kind = "School results" if results else "School figures"
    dated = [(x, r) for r in results or published if (x := year_end(r.school.year)) is not None]
    if not dated:
        return None
    newest = max(x for x, _ in dated)
    held = {r.school.release for x, r in dated if x == newest}
    releases = tuple(r for r in RELEASES if r in held) + tuple(sorted(held - set(RELEASES)))
    year = next(r.school.year for x, r in dated if x == newest)
    today = today or dt.date.today()
    return FiguresAge(kind, year, releases, max(academic_year_start(today) - newest, 0))
