"""The LA's picture of the city's governance: one row per open school, from the returns held.

Each row comes from the return the LA uses for that school and year
(`la.returns.held.current_returns`) and that return's payload: whether and when it came, how
complete it is, the board's mean rating per section, training take-up, vacancies and terms
ending, and the risk flag (`risk.assess`). A school without a return is listed all the
same, with its figures None: missing stays missing, never 0; one whose return the import
refused says so (`la.returns.refusals`), with the file and the reason.

A school still listed beside the school that replaced it (`schools.successors`) is one
row, the successor's; a return filed under the predecessor's URN counts for it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import NamedTuple

from stoke_governor.core.dates import academic_year
from stoke_governor.db.store import Store
from stoke_governor.la.returns.refusals import Refusal
from stoke_governor.la.risk import AT_RISK, NO_CONCERN, WATCH, Risk, assess

NOT_RATED, NO_RETURN = "not rated", "no return"


class SchoolStatus(NamedTuple):
    urn: int
    name: str
    phase: str | None
    returned: bool
    received_at: str | None  # when the LA received the return used (ISO)
    revision: int | None
    received_id: int | None  # returns_received.id: `la.returns.held.payload_of` opens it
    completeness: int | None  # percent of the framework's items rated
    agreed_on: str | None  # when the board agreed its evaluation (ISO date)
    section_means: dict[str, float | None]  # section id -> mean rating 1-4, None not rated
    training_percent: float | None  # governors with every core module done, percent
    vacancies: int | None
    terms_ending: int | None  # governor terms ending within 60 days of the return's export
    conflict: bool  # two different copies of this school's return await a person's choice
    edited: bool  # the return used was changed outside the app (accepted, flagged)
    risk: Risk | None
    year: str | None = None  # the academic year of the picture
    signed: bool = False
    governors: int | None = None
    exported_at: str | None = None  # when the board exported the return used (ISO)
    refusal: Refusal | None = None  # the year's latest refused file, unless a later one came
    filed_under: int | None = None  # the predecessor's URN the return used was filed under

    @property
    def flag(self) -> Risk:
        """The risk flag, which `city_picture` sets on every row it gives."""
        if self.risk is None:
            raise ValueError(f"The school {self.urn} has not been assessed for risk.")
        return self.risk


class CityPicture(NamedTuple):
    year: str
    sections: list[tuple[str, str]]  # (id, title) in the framework's order
    rows: list[SchoolStatus]  # by school name

    def titles(self) -> dict[str, str]:
        return dict(self.sections)


class CitySummary(NamedTuple):
    year: str
    schools: int
    returned: int
    at_risk: int
    watch: int
    no_concern: int
    median_training: float | None  # over returns that give a training figure
    training_known: int  # how many returns give one

    @property
    def not_returned(self) -> int:
        return self.schools - self.returned

    def headline(self) -> str:
        """One sentence for a page header or the command line."""
        training = (
            "no training figures yet"
            if self.median_training is None
            else f"median core-training take-up {self.median_training:.0f}%"
        )
        return (
            f"{self.year}: {self.returned} of {self.schools} open schools have returned their "
            f"self-evaluation; {self.at_risk} at risk, {self.watch} to watch, "
            f"{self.no_concern} no concern; {training}."
        )


def default_year(store: Store, today: dt.date | None = None) -> str:
    """The latest year of any return held or refused, else the current academic year."""
    from stoke_governor.la.returns.held import years_held
    from stoke_governor.la.returns.refusals import refusal_years

    years = [y for y in years_held(store) + refusal_years(store) if y]
    return max(years) if years else academic_year(today or dt.date.today())


def city_picture(
    store: Store, year: str | None = None, today: dt.date | None = None
) -> CityPicture:
    """Every open city school, with the return the LA uses for `year` (if any)."""
    from stoke_governor.la.returns.held import conflicts, current_returns, payload_of
    from stoke_governor.la.returns.refusals import standing_refusals
    from stoke_governor.schools.successors import counted_twice, successors

    year = year or default_year(store, today)
    stands_for = successors(store)
    held: dict = {}
    for one in current_returns(store, year):  # the successor's own return first
        urn = stands_for.get(one.urn, one.urn)
        if urn not in held or (held[urn].urn != urn and one.urn == urn):
            held[urn] = one
    in_conflict = {
        stands_for.get(r.urn, r.urn)
        for pair in conflicts(store)
        for r in pair
        if r.year == year or r.year is None
    }
    refused: dict[int, Refusal] = {}
    for f in standing_refusals(store, year):
        refused.setdefault(stands_for.get(f.urn, f.urn), f)
    payloads = {urn: payload_of(store, h.id) for urn, h in held.items()}
    sections = _sections(payloads.values())
    titles = dict(sections)
    twice = counted_twice(store)
    schools = store.query(
        "SELECT urn, name, phase FROM schools WHERE status != 'closed' ORDER BY name, urn"
    )
    rows = []
    for school in schools:
        urn = school["urn"]
        if urn in twice:  # listed beside its successor: counted once, as the successor
            continue
        h = held.get(urn)
        status = _status(urn, school["name"], school["phase"], year, h, payloads.get(urn))
        later = refused.get(urn)
        status = status._replace(
            conflict=urn in in_conflict,
            refusal=later if later is not None and _after(later, h) else None,
            filed_under=h.urn if h is not None and h.urn != urn else None,
        )
        rows.append(status._replace(risk=assess(status, titles)))
    return CityPicture(year, sections, rows)


def _after(refusal: Refusal, held) -> bool:
    """Whether a refusal is news beside the return used: there is none, or it came later."""
    return held is None or refusal.at >= str(held.received_at)


def _status(urn, name, phase, year, held, payload) -> SchoolStatus:
    if held is None or payload is None:
        return SchoolStatus(
            urn,
            name,
            phase,
            False,
            None,
            None,
            None,
            None,
            None,
            {},
            None,
            None,
            None,
            False,
            False,
            None,
            year,
        )
    board = payload.get("board") or {}
    training = payload.get("training") or {}
    means = {
        s["id"]: _number(s.get("mean"))
        for s in payload.get("sections") or []
        if isinstance(s, dict) and s.get("id")
    }
    return SchoolStatus(
        urn,
        name,
        phase,
        True,
        held.received_at,
        held.revision,
        held.id,
        _whole((payload.get("completeness") or {}).get("percent")),
        (payload.get("evaluation") or {}).get("agreed_on") or None,
        means,
        _number(training.get("all_core_done_percent")),
        _whole(board.get("vacancies")),
        _whole(board.get("terms_ending")),
        False,
        bool(held.edited),
        None,
        year,
        bool(held.signed),
        _whole(board.get("governors")),
        _stamp(payload.get("created")),
    )


def _stamp(value) -> str | None:
    """An ISO time stamp from a payload, or None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return value


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _whole(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def _sections(payloads) -> list[tuple[str, str]]:
    """The default framework's sections, then any other section a return names."""
    from stoke_governor.selfeval.frameworks import shipped_frameworks

    framework = shipped_frameworks().default
    found: dict[str, str] = {s.id: s.title for s in framework.sections} if framework else {}
    for payload in payloads:
        for s in payload.get("sections") or []:
            if isinstance(s, dict) and isinstance(s.get("id"), str) and s["id"] not in found:
                found[s["id"]] = str(s.get("title") or s["id"])
    return list(found.items())


def distribution(picture: CityPicture, section_id: str) -> dict:
    """How many schools rate the section 1, 2, 3 or 4 (their mean rounded half up), have not
    rated it, or sent no return: keys 1, 2, 3, 4, 'not rated', 'no return'."""
    counts: dict = {1: 0, 2: 0, 3: 0, 4: 0, NOT_RATED: 0, NO_RETURN: 0}
    for row in picture.rows:
        mean = row.section_means.get(section_id) if row.returned else None
        if not row.returned:
            counts[NO_RETURN] += 1
        elif mean is None:
            counts[NOT_RATED] += 1
        else:
            counts[min(4, max(1, int(mean + 0.5)))] += 1
    return counts


def summary(picture: CityPicture) -> CitySummary:
    """The headline counts: schools, returned, at risk / watch / no concern, median take-up."""
    levels = [r.risk.level for r in picture.rows if r.risk]
    training = [r.training_percent for r in picture.rows if r.training_percent is not None]
    return CitySummary(
        picture.year,
        len(picture.rows),
        sum(r.returned for r in picture.rows),
        levels.count(AT_RISK),
        levels.count(WATCH),
        levels.count(NO_CONCERN),
        statistics.median(training) if training else None,
        len(training),
    )
