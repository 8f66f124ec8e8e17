"""Reading the DfE's published files: cells, markers, years and header names.

Plain functions, no database: the resource builder and the importers both use them (the
files themselves are read by `csv_reader`).
Every rule here answers a hazard seen in the real files (see the DfE data README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stoke_governor.core.dates import label_qualifier, parse_year_label
from stoke_governor.core.markers import MARKERS

_MARKER_LOOKUP = {k.upper(): k for k in MARKERS}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# A grade the DfE publishes as the value itself (an A level average grade): A*, A to E, with
# + or - if present. Upper case, as published: the EES markers are lower case (`c`), so in a
# grade column `C` is a grade and `c` is still "suppressed".
_GRADE = re.compile(r"(A\*|[A-E])[+-]?")


@dataclass(frozen=True)
class Cell:
    """One published figure: a number, or a marker saying why there is none."""

    value: float | None
    code: str | None  # DfE marker when value is None (SUPP, NE, x...), else None
    raw: str


def is_grade_column(column: str) -> bool:
    """A column of grades: the performance tables' `TALLPPEGRD_ALEV_1618`, `TB3PTSE_GRD`, and
    EES's `aps_per_entry_grade`, `best_three_alevels_grade`."""
    name = column.strip().upper()
    return "GRD" in name or name.endswith("GRADE")


def parse_cell(raw: str | None, grade: bool = False) -> Cell:
    """Turn a cell's text into a number or a marker; never turns a marker into 0.

    Handles `58.6%`, `"7,579"`, `£45,421`, `1.5e-05`, float artefacts such as
    `65.099999999999994`, markers with stray spaces or a trailing `!` (`SUPP!`).
    A blank cell is missing: value and code both None.
    Text that is neither a number nor a marker is kept as raw text only; so is a grade
    (`C`, `B+`) in a grade column (`grade`), although `c` alone would be a marker.
    """
    text = "" if raw is None else str(raw)
    stripped = text.strip()
    if not stripped:
        return Cell(None, None, text)
    if _NUMBER.match(stripped):  # most cells: a plain number (no marker looks like one)
        return Cell(float(stripped), None, text)
    if grade and _GRADE.fullmatch(stripped):
        return Cell(None, None, text)  # a published grade, not a marker
    marker = _MARKER_LOOKUP.get(stripped.rstrip("!").strip().upper())
    if marker is not None:
        return Cell(None, marker, text)
    number = stripped.replace(",", "").replace("£", "").rstrip("%").strip()
    if _NUMBER.match(number):
        return Cell(float(number), None, text)
    return Cell(None, None, text)


def release_of(label: str) -> str:
    """`provisional`, `revised` or `final`, from a qualifier such as `2025 (prov)`."""
    qualifier = label_qualifier(label)
    if qualifier.startswith("prov"):
        return "provisional"
    if qualifier.startswith("rev"):
        return "revised"
    return "final"


def year_from_name(name: str) -> str | None:
    """The academic year a file or folder name states (`2018-2019_england_ks4`)."""
    m = re.search(r"(?<!\d)(20\d{2})[-_/]?(20)?(\d{2})(?!\d)", name)
    if not m:
        return None
    try:
        return parse_year_label(f"{m.group(1)}-{m.group(3)}")
    except ValueError:
        return None


def clean_header(name: str) -> str:
    """Header names as the DfE means them: no BOM, no stray or repeated spaces."""
    return re.sub(r"\s+", " ", name.replace("\ufeff", "")).strip()
