"""The board's constitution: how many places each category of governor has, and so the
vacancies; and the summary of a board that pages, the self-evaluation and the LA reuse.

Only current governors fill places. Associate members are not governors and have no
places. The headteacher is a governor ex officio: the board has one headteacher place
(or none, if the head has chosen not to be a governor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from stoke_governor.board.governors import (
    CATEGORIES,
    NOT_GOVERNORS,
    TERM_WARNING_DAYS,
    check_category,
    ensure_board,
    list_governors,
    terms_ending,
)
from stoke_governor.core.errors import BoardError
from stoke_governor.db.store import Store

PLACE_CATEGORIES = tuple(c for c in CATEGORIES if c not in NOT_GOVERNORS)


def check_places(category: str, places) -> int:
    """The number of places as kept, or a BoardError naming the category and the reason."""
    check_category(category)
    label = CATEGORIES[category]
    if category in NOT_GOVERNORS:
        raise BoardError(f"{label}s are not governors, so the constitution has no places for them.")
    if isinstance(places, str) and places.strip().isdigit():
        places = int(places)
    if isinstance(places, bool) or not isinstance(places, int) or places < 0:
        raise BoardError(f"Places for {label}s must be a whole number, 0 or more (not {places}).")
    if category == "headteacher" and places > 1:
        raise BoardError("A board has one headteacher place at most (the head is ex officio).")
    if places > 30:
        raise BoardError(f"{places} places for {label}s is more than any board has.")
    return places


def set_places(store: Store, urn: int, places_by_category: Mapping[str, int]) -> None:
    """Set the board's constitution: places per category (categories not given have none)."""
    checked = {c: check_places(c, n) for c, n in places_by_category.items()}
    ensure_board(store, urn)
    with store.transaction():
        store.execute("DELETE FROM board_places WHERE urn = ?", (urn,))
        store.executemany(
            "INSERT INTO board_places (urn, category, places) VALUES (?, ?, ?)",
            [(urn, c, n) for c, n in checked.items() if n],
        )


def places(store: Store, urn: int) -> dict[str, int]:
    """Places per category, in the usual order of categories; empty if none are set."""
    rows = store.query("SELECT category, places FROM board_places WHERE urn = ?", (urn,))
    held: dict[str, int] = {category: n for category, n in rows}
    return {c: held[c] for c in CATEGORIES if held.get(c)}


class Vacancy(NamedTuple):
    category: str
    places: int
    filled: int

    @property
    def label(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    @property
    def vacant(self) -> int:
        return max(self.places - self.filled, 0)

    @property
    def over(self) -> int:
        """Governors beyond the places the constitution gives (to be put right)."""
        return max(self.filled - self.places, 0)


def count_vacancies(places_by_category: Mapping[str, int], filled: Mapping[str, int]):
    """One line per category with places or governors, in the usual order."""
    return [
        Vacancy(c, places_by_category.get(c, 0), filled.get(c, 0))
        for c in PLACE_CATEGORIES
        if places_by_category.get(c) or filled.get(c)
    ]


def vacancies(store: Store, urn: int) -> list[Vacancy]:
    """Places, filled and vacant per category, counting current governors only."""
    filled: dict[str, int] = {}
    for g in list_governors(store, urn):
        if g.is_governor:
            filled[g.category] = filled.get(g.category, 0) + 1
    return count_vacancies(places(store, urn), filled)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class BoardSummary(NamedTuple):
    members: int  # current members, associate members included
    governors: int  # current governors
    places: int  # places in the constitution (0: not set)
    vacancies: int
    terms_ending: int  # within the window, or ended while still serving
    within_days: int

    def describe(self) -> str:
        """E.g. “11 governors, 1 vacancy; 2 terms end in the next 60 days”."""
        if not self.members:
            return "No governors recorded yet"
        parts = [_plural(self.governors, "governor", "governors")]
        associates = self.members - self.governors
        if associates:
            parts.append(_plural(associates, "associate member", "associate members"))
        if self.places:
            parts.append(_plural(self.vacancies, "vacancy", "vacancies"))
        else:
            parts.append("places not set")
        ends = _plural(self.terms_ending, "term ends", "terms end")
        ends += f" in the next {self.within_days} days"
        return ", ".join(parts) + "; " + (ends if self.terms_ending else "no terms end soon")


def board_summary(
    store: Store, urn: int, today: dt.date, within_days: int = TERM_WARNING_DAYS
) -> BoardSummary:
    members = list_governors(store, urn)
    lines = vacancies(store, urn)
    return BoardSummary(
        members=len(members),
        governors=sum(1 for g in members if g.is_governor),
        places=sum(v.places for v in lines),
        vacancies=sum(v.vacant for v in lines),
        terms_ending=len(terms_ending(store, urn, today, within_days)),
        within_days=within_days,
    )
