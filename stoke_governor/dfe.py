"""Reading the DfE's published files: cells, markers, years and messy CSVs.

Plain functions, no database: the resource builder and the importers both use them.
Every rule here answers a hazard seen in the real files (see the DfE data README).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInputFileError
from .markers import MARKERS

_MARKER_LOOKUP = {k.upper(): k for k in MARKERS}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
MAX_FIELD_BYTES = 1_000_000
MAX_FILE_BYTES = 2_000_000_000


@dataclass(frozen=True)
class Cell:
    """One published figure: a number, or a marker saying why there is none."""

    value: float | None
    code: str | None  # DfE marker when value is None (SUPP, NE, x...), else None
    raw: str


def parse_cell(raw: str | None) -> Cell:
    """Turn a cell's text into a number or a marker; never turns a marker into 0.

    Handles `58.6%`, `"7,579"`, `£45,421`, `1.5e-05`, float artefacts such as
    `65.099999999999994`, markers with stray spaces or a trailing `!` (`SUPP!`).
    A blank cell is missing: value and code both None.
    Text that is neither a number nor a marker is kept as raw text only.
    """
    text = "" if raw is None else str(raw)
    stripped = text.strip()
    if not stripped:
        return Cell(None, None, text)
    marker = _MARKER_LOOKUP.get(stripped.rstrip("!").strip().upper())
    if marker is not None:
        return Cell(None, marker, text)
    number = stripped.replace(",", "").replace("£", "").rstrip("%").strip()
    if _NUMBER.match(number):
        return Cell(float(number), None, text)
    return Cell(None, None, text)


_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")
_YEAR_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_YEAR_SINGLE = re.compile(r"^(\d{4})$")
_QUALIFIER = re.compile(r"\s*\(([^)]*)\)\s*$")


def academic_year(label: str) -> str:
    """Normalise a DfE time label to an academic year `YYYY-YY`.

    `2018-19`, `2018/19`, `201819`, `2018/2019` name the year directly; a single
    calendar year (`2019`, as LAIT and the attainment series write it) is the
    academic year that ends in it (2018-19). Qualifiers such as `(prov)` are
    dropped here; see `release_of`. Multi-year spans (`2014-16`) raise ValueError.
    """
    text = _QUALIFIER.sub("", str(label)).strip()
    for pattern in (_YEAR_RANGE, _YEAR_COMPACT):
        m = pattern.match(text)
        if m:
            start, end = int(m.group(1)), int(m.group(2)[-2:])
            if (start + 1) % 100 != end:
                raise ValueError(f"'{label}' spans more than one academic year")
            return f"{start}-{end:02d}"
    m = _YEAR_SINGLE.match(text)
    if m:
        end = int(m.group(1))
        return f"{end - 1}-{end % 100:02d}"
    raise ValueError(f"'{label}' is not an academic year")


def release_of(label: str) -> str:
    """`provisional`, `revised` or `final`, from a qualifier such as `2025 (prov)`."""
    m = _QUALIFIER.search(str(label))
    qualifier = m.group(1).lower() if m else ""
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
        return academic_year(f"{m.group(1)}-{m.group(3)}")
    except ValueError:
        return None


def clean_header(name: str) -> str:
    """Header names as the DfE means them: no BOM, no stray or repeated spaces."""
    return re.sub(r"\s+", " ", name.replace("\ufeff", "")).strip()


def _decode(data: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadInputFileError(f"{path.name} is not a text file the app can read (unknown encoding).")


@dataclass
class CsvTable:
    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    ragged_rows: int = 0


def read_csv(path: str | Path, data: bytes | None = None) -> CsvTable:
    """Read a DfE CSV whatever its encoding, line endings or ragged rows.

    Short rows are padded with blanks (trailing empties dropped by the
    publisher); a row longer than the header is an error naming its line.
    `data` is the file's content when the caller has read it already.
    """
    path = Path(path)
    try:
        size = len(data) if data is not None else path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadInputFileError(f"{path.name} is too large to import ({size:,} bytes).")
        text = _decode(data if data is not None else path.read_bytes(), path)
    except OSError as exc:
        raise BadInputFileError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    if "\x00" in text[:4096]:
        raise BadInputFileError(f"{path.name} is not a CSV file (it contains binary data).")
    csv.field_size_limit(MAX_FIELD_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [clean_header(h) for h in next(reader)]
    except StopIteration:
        raise BadInputFileError(f"{path.name} is empty.") from None
    except csv.Error as exc:
        raise BadInputFileError(f"{path.name}, line 1: {exc}.") from exc
    if not any(header):
        raise BadInputFileError(f"{path.name} has no header row.")
    rows: list[dict[str, str]] = []
    ragged = 0
    try:
        for record in reader:
            if not record or not any(field.strip() for field in record):
                continue
            if len(record) > len(header):
                if any(field.strip() for field in record[len(header) :]):
                    raise BadInputFileError(
                        f"{path.name}, line {reader.line_num}: {len(record)} fields "
                        f"where the header has {len(header)}."
                    )
                record = record[: len(header)]
            elif len(record) < len(header):
                ragged += 1
                record = record + [""] * (len(header) - len(record))
            rows.append(dict(zip(header, record, strict=True)))
    except csv.Error as exc:
        raise BadInputFileError(f"{path.name}, line {reader.line_num}: {exc}.") from exc
    return CsvTable(path, header, rows, ragged)


def iter_columns(row: dict[str, str], skip: set[str]) -> Iterator[tuple[str, str]]:
    for column, raw in row.items():
        if column and column not in skip:
            yield column, raw
