"""The city report's first page, "at a glance": what the Partnership Board reads first.

The categories with their counts, the ten schools of most concern with one line of reasons
each, who has not returned (and whose return was refused), the city's core-training take-up
against the strategy's "taken up by all governors", vacancies, and the city's measures against
their targets with where they are heading. Worked out once from what `city_report` gathered;
both the PDF and the workbook show these same numbers.

A figure no return gives stays unknown (None), never 0.
"""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.la.categories import Placed, counts, top_concerns
from stoke_governor.la.city import CityPicture, SchoolStatus
from stoke_governor.measures.city_projection import CityProjection

TOP = 10  # schools of concern named on the first page
TRAINING_TARGET_ID = "governor_core_training_target"
ALL_GOVERNORS = "taken up by all governors"  # the strategy's words, if the database lacks them


class Training(NamedTuple):
    """Core training across the boards whose returns give both figures."""

    boards: int  # returns giving governors and take-up
    governors: int
    trained: int  # governors with every core module done
    boards_all_done: int  # boards where every governor has done it
    target: str  # the strategy's words

    @property
    def percent(self) -> float | None:
        return None if not self.governors else 100.0 * self.trained / self.governors

    def sentence(self) -> str:
        if self.percent is None:
            return f"No return gives a training figure yet. The strategy: {self.target}."
        return (
            f"{self.trained} of {self.governors} governors ({self.percent:.0f}%) on the "
            f"{self.boards} boards that say have done every core module; on "
            f"{self.boards_all_done} board(s) every governor has. The strategy: core training "
            f"{self.target}."
        )


class Vacancies(NamedTuple):
    total: int | None  # None: no return gives the figure
    boards_with: int  # boards with at least one vacancy
    known: int  # returns giving the figure

    def sentence(self) -> str:
        if self.total is None:
            return "No return gives a vacancy figure yet."
        return (
            f"{self.total} vacant place(s) on {self.boards_with} board(s), from the "
            f"{self.known} returns that give the figure."
        )


class Glance(NamedTuple):
    year: str
    schools: int
    returned: int
    categories: dict[str, int]  # category -> schools, most serious first
    top: list[Placed]
    not_returned: list[SchoolStatus]  # nothing accepted and nothing refused, by name
    refused: list[SchoolStatus]  # a refused file stands (no later one accepted), by name
    training: Training
    vacancies: Vacancies
    measures: list[CityProjection]

    def rows(self) -> list[tuple[str, int | float | None, str]]:
        """(label, value, kind) for both formats; kind 'count' or 'percent'."""
        t, v = self.training, self.vacancies
        return [
            ("Open schools in the city", self.schools, "count"),
            ("Returned a self-evaluation", self.returned, "count"),
            ("No return", len(self.not_returned), "count"),
            ("Return refused", len(self.refused), "count"),
            *((f"Category: {name}", n, "count") for name, n in self.categories.items()),
            ("Governors with every core module done", t.percent, "percent"),
            ("Governors counted for training", t.governors if t.boards else None, "count"),
            ("Boards where every governor has done it", t.boards_all_done, "count"),
            ("Vacant places on boards", v.total, "count"),
            ("Boards with a vacancy", v.boards_with if v.known else None, "count"),
        ]


def training(picture: CityPicture, target: str = ALL_GOVERNORS) -> Training:
    boards = governors = trained = all_done = 0
    for row in picture.rows:
        if not row.returned or row.training_percent is None or not row.governors:
            continue
        done = round(row.training_percent * row.governors / 100)
        boards += 1
        governors += row.governors
        trained += done
        all_done += done == row.governors
    return Training(boards, governors, trained, all_done, target)


def vacancies(picture: CityPicture) -> Vacancies:
    known = [r.vacancies for r in picture.rows if r.returned and r.vacancies is not None]
    if not known:
        return Vacancies(None, 0, 0)
    return Vacancies(sum(known), sum(1 for n in known if n > 0), len(known))


def training_target(store) -> str:
    """The strategy's words for core training, as the targets table holds them."""
    row = store.query_one("SELECT value_text FROM city_targets WHERE id = ?", (TRAINING_TARGET_ID,))
    return str(row[0]) if row and row[0] else ALL_GOVERNORS


def glance(
    picture: CityPicture,
    placed: list[Placed],
    measures: list[CityProjection],
    target: str = ALL_GOVERNORS,
) -> Glance:
    by_name = sorted(picture.rows, key=lambda r: (r.name.casefold(), r.urn))
    return Glance(
        picture.year,
        len(picture.rows),
        sum(r.returned for r in picture.rows),
        counts(placed),
        top_concerns(placed, TOP),
        [r for r in by_name if not r.returned and r.refusal is None],
        [r for r in by_name if r.refusal is not None],
        training(picture, target),
        vacancies(picture),
        measures,
    )


def names(rows: list[SchoolStatus], most: int) -> str:
    """'A, B and C', or 'A, B … and 12 more' past `most` names."""
    shown = [r.name for r in rows[:most]]
    more = len(rows) - len(shown)
    if more > 0:
        return ", ".join(shown) + f" and {more} more"
    if len(shown) > 1:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return "".join(shown) or "none"
