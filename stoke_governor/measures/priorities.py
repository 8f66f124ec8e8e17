"""The city's Key Improvement Priorities, and the measures that belong to each.

Quoted from the Stoke-on-Trent Improving Education Strategy 2025-2030 and shipped as
`resources/priorities.csv`. A challenge names the priority it is about: one of these, or
the school's own priority (`school`, or `school: <its name>`). Tying a challenge to a
measure suggests the priority the measure belongs to.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.core.paths import resources_dir

FILE = "priorities.csv"
SCHOOL = "school"  # the school's own priority, optionally "school: <its name>"
SCHOOL_LABEL = "The school's own priority"
COLUMNS = ("id", "title", "document", "seed_file", "section", "summary", "target", "measures")


class Priority(NamedTuple):
    id: str
    title: str
    document: str
    seed_file: str
    section: str
    summary: str
    target: str
    measures: tuple[str, ...]

    @property
    def citation(self) -> str:
        return f'{self.document}, "{self.section}"'


def load_priorities(path: Path | None = None) -> dict[str, Priority]:
    """The priorities in file order, by id (checked: columns, ids, one priority a measure)."""
    return dict(_load(str(path or resources_dir() / FILE)))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> tuple[tuple[str, Priority], ...]:
    name = Path(path).name
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise BadInputFileError(f"{name} has no column {missing[0]!r}.")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BadInputFileError(f"{name} cannot be read: {exc}.") from exc
    out: dict[str, Priority] = {}
    owner: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        pid = values["id"]
        if not pid or not values["title"]:
            raise BadInputFileError(f"{name} row {number}: id and title are required.")
        if pid in out or pid == SCHOOL:
            raise BadInputFileError(f"{name} row {number}: the id {pid!r} is used twice.")
        codes = tuple(values["measures"].split())
        for code in codes:
            if code in owner:
                raise BadInputFileError(
                    f"{name} row {number}: measure {code} already belongs to {owner[code]!r}."
                )
            owner[code] = pid
        text = {c: v for c, v in values.items() if c != "measures"}
        out[pid] = Priority(**text, measures=codes)
    return tuple(out.items())


def priority_for_measure(code: str | None, path: Path | None = None) -> Priority | None:
    """The city priority a measure belongs to, if any."""
    if not code:
        return None
    return next((p for p in load_priorities(path).values() if code in p.measures), None)


def is_school_priority(value: str | None) -> bool:
    return value is not None and (value == SCHOOL or value.startswith(SCHOOL + ":"))


def school_priority(name: str = "") -> str:
    """The stored value for the school's own priority, with its name if given."""
    name = " ".join(name.split())
    return f"{SCHOOL}: {name}" if name else SCHOOL


def is_known(value: str | None) -> bool:
    """True for no priority, a city priority's id, or the school's own priority."""
    return not value or is_school_priority(value) or value in load_priorities()


def priority_label(value: str | None) -> str:
    """How a stored priority reads to a governor ("" for none)."""
    if not value:
        return ""
    if is_school_priority(value):
        name = value[len(SCHOOL) :].lstrip(":").strip()
        return f"{SCHOOL_LABEL}: {name}" if name else SCHOOL_LABEL
    priority = load_priorities().get(value)
    return priority.title if priority else value
