"""Get Information About Schools (GIAS) extracts: the city's establishments, as the DfE holds them.

A GIAS extract (`edubasealldata*.csv`, or an "establishment fields" download with the
columns a user picked) is a snapshot of the register of establishments: it has no year.
Its header pairs `Thing (code)` / `Thing (name)`; values are quoted, dates `DD-MM-YYYY`;
the full extracts are Windows-1252 (the CSV reader falls back to it).

What an import does, for the rows of Stoke-on-Trent (LA 861) only (other authorities'
establishments are counted as ignored):
- a school the database does not hold is added;
- a school it holds has its details brought up to date from the file: name, phase, type,
  sector, status, locality, postcode, statutory age range, close date and Ofsted grade;
- nothing is ever deleted: a school missing from the file, and every figure held for any
  school, stays exactly as it was.
A column the file lacks, or a blank cell, leaves the held value alone; columns the app
does not use are ignored. The whole file is checked before anything is stored: a URN that
is not a number, or a URN given twice, rejects it, naming the line; so does a name a
spreadsheet would run as a formula, and a file that would add or rename more schools than
one file may (`school_list`: 200 added, 50 renamed). `GiasChanges.details` lists what the
file changes (added, renamed old → new, closed), for a preview before it is applied.

`read_gias` works those changes out from the file and the held schools, as plain data;
`store_figures.store_gias` stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stoke_governor.core.areas import CITY_LA
from stoke_governor.core.dates import parse_uk_date
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.csv_reader import CsvTable
from stoke_governor.data.school_list import (
    MAX_NEW_SCHOOLS,
    check_added,
    check_name,
    check_renamed,
    plural,
)
from stoke_governor.schools.register import new_school

COLUMNS = {"URN", "LA (code)", "EstablishmentName"}
OFSTED_GRADES = {"outstanding": 1, "good": 2, "requires improvement": 3, "inadequate": 4}
STATUS_BY_NAME = {
    "open": "open",
    "closed": "closed",
    "open, but proposed to close": "closing",
    "proposed to open": "proposed",
}
STATUS_BY_CODE = {"1": "open", "2": "closed", "3": "closing", "4": "proposed"}
PHASE_NAMES = {"middle deemed primary": "Primary", "middle deemed secondary": "Secondary"}
# The sector names the school list uses, from GIAS's establishment type group.
SECTOR_BY_GROUP = (
    ("special", "Special School"),
    ("academ", "Academy"),
    ("free school", "Academy"),
    ("maintained", "Maintained School"),
    ("independent", "Independent School"),
    ("college", "College"),
)
NOT_GIVEN = {"", "not applicable", "not recorded", "unknown"}


def is_gias(header: list[str]) -> bool:
    return set(header) >= COLUMNS


@dataclass
class GiasChanges:
    """What a GIAS file changes: schools to add, and held schools' changed details."""

    new_schools: list[dict] = field(default_factory=list)
    updates: dict[int, dict] = field(default_factory=dict)
    held_names: dict[int, str] = field(default_factory=dict)  # of the schools updated
    unchanged: int = 0
    ignored: int = 0  # establishments in other local authorities

    @property
    def renamed(self) -> list[tuple[int, str, str]]:
        """(URN, held name, new name) of each school the file renames."""
        return [(u, self.held_names[u], c["name"]) for u, c in self.updates.items() if "name" in c]

    @property
    def closed(self) -> list[tuple[int, str]]:
        """(URN, name) of each held school the file says has closed."""
        return [
            (u, c.get("name") or self.held_names[u])
            for u, c in self.updates.items()
            if c.get("status") == "closed"
        ]

    @property
    def summary(self) -> str:
        added, updated = len(self.new_schools), len(self.updates)
        text = f"{plural(added, 'school')} added, {updated} updated"
        if self.unchanged:
            text += f", {self.unchanged} already up to date"
        if self.ignored:
            text += f"; {plural(self.ignored, 'establishment')} in other local authorities ignored"
        return text

    def details(self) -> list[str]:
        """Each change to the school list, in words: added, renamed (old → new), closed."""
        lines = [f"adds {s['name']} (URN {s['urn']})" for s in self.new_schools]
        lines += [f"renames URN {urn}: {old} → {new}" for urn, old, new in self.renamed]
        lines += [f"closes {name} (URN {urn})" for urn, name in self.closed]
        return lines


def read_gias(table: CsvTable, held: dict[int, dict]) -> GiasChanges:
    """The changes the file makes to the held schools (`held` by URN); raises if it is bad,
    or if it would add or rename more schools than one file may (see `school_list`)."""
    name = table.path.name
    changes = GiasChanges()
    city = []
    for index, (urn, la) in enumerate(_check_urns(table)):
        if la == CITY_LA:
            city.append((index, urn))
        else:
            changes.ignored += 1
    if not city:
        raise BadInputFileError(
            f"{name} is a Get Information About Schools extract with no Stoke-on-Trent "
            f"(LA {CITY_LA}) establishments; nothing was imported."
        )
    adding = 0  # counted on past the limit, without reading the rows' details
    for index, urn in city:
        school = held.get(urn)
        if school is None:
            adding += 1
            if adding > MAX_NEW_SCHOOLS:
                continue
        details = _details(table, index)
        if school is None:
            if not details.get("name"):
                raise BadInputFileError(
                    f"{name}, line {table.rows.line(index)}: URN {urn} is a school the app does "
                    "not hold yet, and the file gives no EstablishmentName for it."
                )
            changes.new_schools.append(new_school(urn, **details))
            continue
        changed = {k: v for k, v in details.items() if school.get(k) != v}
        if "ofsted_inspected_on" in changed and school.get("ofsted_published_on"):
            changed["ofsted_published_on"] = None  # it dated an earlier inspection
        if changed:
            changes.updates[urn] = changed
            changes.held_names[urn] = school.get("name") or ""
        else:
            changes.unchanged += 1
    check_added(adding, name)
    check_renamed(len(changes.renamed), name)
    return changes


def _check_urns(table: CsvTable) -> list[tuple[int, str]]:
    """Every row's URN as a number, with its LA code; a bad or repeated URN rejects the file."""
    urns: list[tuple[int, str]] = []
    first: dict[int, int] = {}
    for index, row in enumerate(table.rows):
        text = (row.get("URN") or "").strip()
        text = text[:-2] if text.endswith(".0") else text
        if not text.isdigit():
            where = f"{table.path.name}, line {table.rows.line(index)}"
            what = f"the URN '{text}' is not a number" if text else "the URN is missing"
            raise BadInputFileError(f"{where}: {what}.")
        urn = int(text)
        if urn in first:
            raise BadInputFileError(
                f"{table.path.name}, line {table.rows.line(index)}: URN {urn} is given again "
                f"(first on line {table.rows.line(first[urn])})."
            )
        first[urn] = index
        urns.append((urn, _la(row)))
    return urns


def _la(row: dict[str, str]) -> str:
    text = (row.get("LA (code)") or "").strip()
    return text[:-2] if text.endswith(".0") else text


def _cell(row: dict[str, str], column: str) -> str | None:
    """The cell's text, or None when the column is absent or says nothing."""
    text = " ".join((row.get(column) or "").split())
    return None if text.lower() in NOT_GIVEN else text


def _details(table: CsvTable, index: int) -> dict:
    """The school details a row states; what it does not state is left out."""
    row = table.rows[index]
    out: dict = {}
    name = _cell(row, "EstablishmentName")
    if name:
        out["name"] = check_name(name, table.path.name, table.rows.line(index))
    kind = _cell(row, "TypeOfEstablishment (name)")
    group = _cell(row, "EstablishmentTypeGroup (name)") or ""
    if kind:
        out["type"] = kind
    special = "special" in (kind or "").lower() or group.lower() == "special schools"
    phase = _cell(row, "PhaseOfEducation (name)")
    if special:
        out["phase"] = "Special"
    elif phase:
        out["phase"] = PHASE_NAMES.get(phase.lower(), phase)
    sector_text = ("special " if special else "") + group.lower()
    sector = next((s for key, s in SECTOR_BY_GROUP if key in sector_text), None)
    if sector:
        out["sector"] = sector
    status_name = _cell(row, "EstablishmentStatus (name)")
    status = (
        STATUS_BY_NAME.get(status_name.lower())
        if status_name
        else STATUS_BY_CODE.get(_cell(row, "EstablishmentStatus (code)") or "")
    )
    if status:
        out["status"] = status
    locality = _cell(row, "Locality") or _cell(row, "Town")
    if locality:
        out["locality"] = locality
    postcode = _cell(row, "Postcode")
    if postcode:
        out["postcode"] = postcode.upper()
    for column, key in (("StatutoryLowAge", "age_low"), ("StatutoryHighAge", "age_high")):
        age = _cell(row, column)
        if age is not None:
            out[key] = _number(table, index, column, age)
    estab = _cell(row, "EstablishmentNumber")
    if estab is not None:
        out["laestab"] = int(CITY_LA) * 10000 + _number(table, index, "EstablishmentNumber", estab)
    closed = _cell(row, "CloseDate")
    if closed is not None:
        out["closed_on"] = _date(table, index, "CloseDate", closed)
    grade = OFSTED_GRADES.get((_cell(row, "OfstedRating (name)") or "").lower())
    if grade is not None:  # other wording (no judgement, old categories) leaves the held grade
        out["ofsted_grade"] = grade
        inspected = _cell(row, "OfstedLastInsp")
        if inspected is not None:
            out["ofsted_inspected_on"] = _date(table, index, "OfstedLastInsp", inspected)
    return out


def _number(table: CsvTable, index: int, column: str, text: str) -> int:
    digits = text[:-2] if text.endswith(".0") else text
    if not digits.isdigit():
        raise BadInputFileError(
            f"{table.path.name}, line {table.rows.line(index)}: {column} '{text}' is not a number."
        )
    return int(digits)


def _date(table: CsvTable, index: int, column: str, text: str) -> str:
    """GIAS writes `DD-MM-YYYY`; a copy re-saved by a spreadsheet may say `DD/MM/YYYY`."""
    try:
        return parse_uk_date(text).isoformat()
    except ValueError:
        raise BadInputFileError(
            f"{table.path.name}, line {table.rows.line(index)}: {column} '{text}' is not a date "
            "(DD-MM-YYYY)."
        ) from None
