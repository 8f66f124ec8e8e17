"""What the columns of a spreadsheet someone else made mean, and its cells as text.

Every importer of a list people keep by hand (a challenge log, a governor list) names its
fields with the headings people commonly give them. `infer_mapping` matches a file's
headings to those fields, ignoring case, spaces and punctuation; `heading_score` says how
many fields a row's cells name, so the reader (`files.sheets`) can tell the heading row from
a title above it; `cell_text` reads a cell as the text to keep.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import NamedTuple

from stoke_governor.files.workbooks import safe_text


class Field(NamedTuple):
    key: str
    label: str
    required: bool
    names: tuple[str, ...]  # common column headings, normalised


def norm(text: object) -> str:
    """A heading or word as compared: lower case, apostrophes dropped, other punctuation a space."""
    s = str(text or "").lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def infer_mapping(headers: Iterable[object], fields: Iterable[Field]) -> dict[str, int]:
    """Field key → column index, for the headings that match a field's common names.

    An exact heading beats one that only contains a common name ("Date of the FGB
    meeting" contains "date"); longer names beat shorter ones; each column serves one field.
    """
    fields = tuple(fields)
    scored = []
    for col, header in enumerate(headers):
        h = norm(header)
        if not h:
            continue
        padded = f" {h} "
        for order, f in enumerate(fields):
            best = 0.0
            for name in f.names:
                if h == name:
                    best = max(best, 3.0)
                elif len(name) > 2 and f" {name} " in padded:
                    best = max(best, 1.0 + len(name.split()) / 10)
            if best:
                scored.append((-best, col, order, f.key))
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _score, col, _order, key in sorted(scored):
        if key not in mapping and col not in used:
            mapping[key] = col
            used.add(col)
    return mapping


def heading_score(values: Iterable[object], fields: Iterable[Field]) -> int:
    """How many of the fields a row's cells name: a heading row names several, a title one."""
    texts = [v if isinstance(v, str) else "" for v in values]  # a heading is text
    return len(infer_mapping(texts, fields))


def cell_text(value: object) -> str | None:
    """A cell as stored text: numbers without a stray .0, dates as ISO, blanks as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    s = safe_text(value).strip()
    return s or None
