"""Reading the DfE's published files: cells, markers, years and messy CSVs.

Plain functions, no database: the resource builder and the importers both use them.
Every rule here answers a hazard seen in the real files (see the DfE data README).
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate, islice, repeat
from pathlib import Path

from stoke_governor.core.dates import label_qualifier, parse_year_label
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.core.markers import MARKERS
from stoke_governor.files.text import BinaryDataError, decode_text

_MARKER_LOOKUP = {k.upper(): k for k in MARKERS}
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# str.splitlines() also breaks lines at these; the csv module does not.
_NOT_CSV_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_ALL_BUT_COMMAS_AND_BREAKS = bytes(b for b in range(256) if b not in b",\r\n")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# A grade the DfE publishes as the value itself (an A level average grade): A*, A to E, with
# + or - if present. Upper case, as published: the EES markers are lower case (`c`), so in a
# grade column `C` is a grade and `c` is still "suppressed".
_GRADE = re.compile(r"(A\*|[A-E])[+-]?")
MAX_FIELD_BYTES = 1_000_000
MAX_FILE_BYTES = 2_000_000_000


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


def _decode(data: bytes, path: Path) -> str:
    try:
        return decode_text(data)
    except UnicodeDecodeError:
        raise BadInputFileError(
            f"{path.name} is not a text file the app can read (unknown encoding)."
        ) from None
    except BinaryDataError:
        raise BadInputFileError(
            f"{path.name} is not a CSV file (it contains binary data)."
        ) from None


@dataclass
class CsvTable:
    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    ragged_rows: int = 0
    complete: bool = True  # False: only the rows a RowFilter let through (see read_csv)


@dataclass(frozen=True)
class RowFilter:
    """Which records of a large file a caller can use, told from their raw text.

    A record may be wanted when its text contains one of `texts` (no line breaks in
    them), or when its field in `column`, stripped, is one of `values`. It is generous,
    never exact: the caller still checks every row it is given.
    """

    texts: tuple[str, ...]
    column: str | None = None
    values: frozenset[str] = frozenset()


def read_csv(
    path: str | Path,
    data: bytes | None = None,
    only: Callable[[list[str]], RowFilter | None] | None = None,
) -> CsvTable:
    """Read a DfE CSV whatever its encoding, line endings or ragged rows.

    Short rows are padded with blanks (trailing empties dropped by the
    publisher); a row longer than the header is an error naming its line.
    `data` is the file's content when the caller has read it already.

    `only`, given the header, may return a RowFilter: records that cannot pass it are
    then skipped without being parsed (an England-wide file holds ~150 authorities'
    rows), and `complete` is False. The rows kept are exactly what the full reading
    gives for those records, and errors are the same, naming the same lines. A file
    whose lines are not one record each (a quoted field spanning lines) is read whole.
    """
    path = Path(path)
    try:
        size = len(data) if data is not None else path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadInputFileError(f"{path.name} is too large to import ({size:,} bytes).")
        data = data if data is not None else path.read_bytes()
        text = _decode(data, path)
    except OSError as exc:
        raise BadInputFileError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    if "\x00" in text[:4096]:
        raise BadInputFileError(f"{path.name} is not a CSV file (it contains binary data).")
    csv.field_size_limit(MAX_FIELD_BYTES)
    # Lines as io.StringIO(newline="") gives them, found lazily: the header only.
    reader = csv.reader(m.group() for m in _LINE.finditer(text))
    try:
        header = [clean_header(h) for h in next(reader)]
    except StopIteration:
        raise BadInputFileError(f"{path.name} is empty.") from None
    except csv.Error as exc:
        raise BadInputFileError(f"{path.name}, line 1: {exc}.") from exc
    if not any(header):
        raise BadInputFileError(f"{path.name} has no header row.")
    above = reader.line_num  # the lines the header takes
    wanted = only(header) if only else None
    skim = _skim(text, data, above, header, wanted) if wanted else None
    if skim is None:
        end = 0
        for line in islice(_LINE.finditer(text), above):
            end = line.end()
        reader = csv.reader(io.StringIO(text[end:], newline=""))
        rows, ragged = _records(path, header, reader, lambda: above + reader.line_num)
        return CsvTable(path, header, rows, ragged)
    numbers, lines = skim
    kept = csv.reader(lines)  # one record per line: the n-th line read is numbers[n - 1]
    rows, ragged = _records(path, header, kept, lambda: numbers[kept.line_num - 1])
    return CsvTable(path, header, rows, ragged, complete=False)


def _records(
    path: Path, header: list[str], reader: Iterable[list[str]], line: Callable[[], int]
) -> tuple[list[dict[str, str]], int]:
    """Rows as dicts by header name, and how many were short; `line()`: the current line."""
    rows: list[dict[str, str]] = []
    ragged = 0
    try:
        for record in reader:
            if not record or not any(field.strip() for field in record):
                continue
            if len(record) > len(header):
                if any(field.strip() for field in record[len(header) :]):
                    raise BadInputFileError(
                        f"{path.name}, line {line()}: {len(record)} fields "
                        f"where the header has {len(header)}."
                    )
                record = record[: len(header)]
            elif len(record) < len(header):
                ragged += 1
                record = record + [""] * (len(header) - len(record))
            rows.append(dict(zip(header, record, strict=True)))
    except csv.Error as exc:
        raise BadInputFileError(f"{path.name}, line {line()}: {exc}.") from exc
    return rows, ragged


def _skim(
    text: str, data: bytes, above: int, header: list[str], wanted: RowFilter
) -> tuple[list[int], list[str]] | None:
    """Numbers and text of the lines below the header (`above` lines) that may hold
    wanted records, found without parsing; `data` is the text's bytes.

    Also kept: every line the full reading would reject (more fields than the header, a
    field over the size limit), so errors stay the same. None when the lines are not one
    record each (a quoted field spanning lines, a NUL, a line break other than CR, LF).
    """
    if any(c in text for c in _NOT_CSV_LINE_BREAKS) or "\x00" in text:
        return None
    if '"' in text and not _quotes_close_on_their_line(text):
        return None
    lines = text.splitlines(keepends=True)  # now split as the csv reader would
    lengths = list(map(len, lines))
    ends = list(accumulate(lengths))
    keep: set[int] = set()
    for needle in wanted.texts:
        at = text.find(needle)
        while at >= 0:
            n = bisect_right(ends, at)
            keep.add(n)
            at = text.find(needle, ends[n])
    width = len(header)
    # Commas and line breaks are the same bytes in UTF-8 and Windows-1252: unless a
    # quoted field holds commas, a run of `width` commas is the only way to a long row.
    if '"' in text or b"," * width in data.translate(None, _ALL_BUT_COMMAS_AND_BREAKS):
        commas = list(map(str.count, lines, repeat(",")))
        if max(commas) >= width:
            keep.update(n for n, c in enumerate(commas) if c >= width and _fields(lines[n]) > width)
    if max(lengths) > MAX_FIELD_BYTES:
        keep.update(n for n, line in enumerate(lines) if len(line) > MAX_FIELD_BYTES)
    if wanted.column in header:
        k = len(header) - 1 - header[::-1].index(wanted.column)  # a dict keeps the last
        keep.update(n for n, line in enumerate(lines) if _field_may_be(line, k, wanted.values))
    order = sorted(n for n in keep if n >= above)
    return [n + 1 for n in order], [lines[n] for n in order]


def _quotes_close_on_their_line(text: str) -> bool:
    """True if every quoted field starts a field and ends on its own line, as CSV writers do.

    Split at the quotes, the pieces alternate outside and inside quoted fields; an empty
    outside piece between two inside ones is a doubled quote ("") within the field.
    """
    pieces = text.split('"')
    if len(pieces) % 2 == 0:
        return False
    inside = "".join(pieces[1::2])
    if "\n" in inside or "\r" in inside:
        return False
    outside = pieces[0::2]
    if outside[0] and outside[0][-1] not in ",\r\n":
        return False
    if outside[-1] and outside[-1][0] not in ",\r\n":
        return False
    between = set(outside[1:-1])  # few distinct pieces (",", CRLF) when most fields are quoted
    return all(not p or (p[0] in ",\r\n" and p[-1] in ",\r\n") for p in between)


def _fields(line: str) -> int:
    """Fields on a line whose quoted fields all close on it."""
    if '"' not in line:
        return line.count(",") + 1
    return sum(piece.count(",") for piece in line.split('"')[0::2]) + 1


def _field_may_be(line: str, column: int, values: frozenset[str]) -> bool:
    """False only if the line's field in `column` is certainly none of `values`."""
    start = 0
    for _ in range(column):
        start = line.find(",", start) + 1
        if not start:  # a short row: the column is blank
            return '"' in line or "" in values
    end = line.find(",", start)
    field = line[start:] if end < 0 else line[start:end]
    if '"' in field or '"' in line[:start]:
        return True  # quoted fields up to the column: the parser decides
    return field.strip() in values
