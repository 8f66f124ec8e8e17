"""The city's schools, and which one this installation's board governs."""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.core.areas import CITY_LA
from stoke_governor.core.errors import NoSchoolSelectedError, UnknownSchoolError
from stoke_governor.core.settings import MODE, SCHOOL_URN
from stoke_governor.db.store import Store

OFSTED_GRADES = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}
STATUS_LABELS = {"open": "Open", "closed": "Closed", "closing": "Open (proposed to close)"}
# A school's row in the `schools` table, in the table's order, less the source it came from.
SCHOOL_FIELDS = (
    "urn",
    "la_code",
    "laestab",
    "name",
    "phase",
    "type",
    "sector",
    "status",
    "locality",
    "postcode",
    "age_low",
    "age_high",
    "closed_on",
    "successor_urn",
    "ofsted_grade",
    "ofsted_inspected_on",
    "ofsted_published_on",
)
_TEXT_FIELDS = {"name", "phase", "type", "sector", "locality", "postcode"}


class School(NamedTuple):
    urn: int
    name: str
    phase: str
    type: str
    sector: str
    status: str
    locality: str
    postcode: str
    age_low: int | None
    age_high: int | None
    closed_on: str | None
    successor_urn: int | None
    ofsted_grade: int | None
    ofsted_inspected_on: str | None
    laestab: int | None

    @property
    def ofsted_label(self) -> str:
        if self.ofsted_grade is None:
            return "No published grade"
        label = OFSTED_GRADES[self.ofsted_grade]
        return (
            f"{label} (inspected {self.ofsted_inspected_on})" if self.ofsted_inspected_on else label
        )

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS.get(self.status, self.status.title())
        if self.status == "closed" and self.closed_on:
            label += f" on {self.closed_on}"
        return label

    @property
    def age_range(self) -> str:
        if self.age_low is None or self.age_high is None:
            return ""
        return f"{self.age_low}-{self.age_high}"


_COLUMNS = ", ".join(School._fields)


def new_school(urn: int, **details: object) -> dict:
    """The row of a city school a file names: open, and blank but for the `details` given."""
    school: dict = {c: "" if c in _TEXT_FIELDS else None for c in SCHOOL_FIELDS}
    school.update(urn=urn, la_code=int(CITY_LA), status="open")
    school.update(details)
    return school


def list_schools(store: Store, *, include_closed: bool = True) -> list[School]:
    where = "" if include_closed else "WHERE status != 'closed'"
    rows = store.query(f"SELECT {_COLUMNS} FROM schools {where} ORDER BY name, urn")
    return [School(**dict(r)) for r in rows]


def get_school(store: Store, urn: int) -> School:
    row = store.query_one(f"SELECT {_COLUMNS} FROM schools WHERE urn = ?", (urn,))
    if row is None:
        raise UnknownSchoolError(f"No school with URN {urn} is held; check the number.")
    return School(**dict(row))


def select_school(store: Store, urn: int) -> School:
    """Make this installation the board of the school with this URN (not the LA's)."""
    school = get_school(store, urn)
    if store.setting(MODE.key) == "la":
        from stoke_governor.core.errors import LAModeError

        raise LAModeError(
            "This database is the LA's; a school board needs a database of its own "
            "(use --db with a new file)."
        )
    store.set_settings(**{MODE.key: "school", SCHOOL_URN.key: str(urn)})
    return school


def selected_school(store: Store) -> School | None:
    urn = store.setting(SCHOOL_URN.key)
    return get_school(store, int(urn)) if urn else None


def require_selected_school(store: Store) -> School:
    school = selected_school(store)
    if school is None:
        raise NoSchoolSelectedError(
            "No school has been chosen yet; run 'stoke-governor school select URN'."
        )
    return school
