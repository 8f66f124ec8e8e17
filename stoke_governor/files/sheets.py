"""Reading a spreadsheet a board kept in Excel or as CSV: its headings and its rows.

One reader for every list people keep by hand (a challenge log, a governor list). Nothing
here knows what the rows are; each importer maps the columns (`files.columns`). Rows keep
the number the user sees in their spreadsheet (the CSV's record number, the sheet's row), so
every message can point at the row to fix. The file is read by the one reader
(`files.reading`): a regular file of at most 50 MB.

- CSV: UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text"), else
  Windows-1252; the delimiter (comma, semicolon or tab) is the one the heading row uses most.
- XLSX: checked by `workbooks.check_xlsx` before openpyxl opens it, read streaming
  (read-only) so 50,000 rows stay quick; the first sheet unless another is named.
  Formulas read as the value Excel saved with them; a formula saved without a value (a
  file written by a program that never calculated it) is reported for its cell.
  Merged cells: the top-left cell's value applies to every cell of the merged range (a
  date merged down a meeting's questions belongs to each of them).
- The heading row is the one the caller names (`header_row`, as the spreadsheet numbers
  it), else the one of the first 20 rows that the caller's `locate` finds by what they say
  (a clerk's title and notes lines above it are skipped), else, given the importer's
  fields, the row whose cells name the most of them (two at least), else the first row with
  two or more different values (a title merged across the columns reads as one value), else
  the first row that is not blank. Blank rows are skipped without a message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.dates import EPOCH_1900, EPOCH_1904
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.columns import Field, heading_score
from stoke_governor.files.reading import read_limited
from stoke_governor.files.text import BinaryDataError, decode_text
from stoke_governor.files.workbooks import MAX_FILE_BYTES, check_xlsx, require_defused_xml

MAX_ROWS = 100_000  # rows below the heading; a board's list or log has hundreds
HEADER_SCAN = 20
MAX_HEADER_ROW = 100  # the furthest down a user may say the headings are
SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
Locate = Callable[[list[tuple]], "int | None"]  # which of the first rows holds the headings


@dataclass
class Sheet:
    """A file's headings and its non-blank rows below them."""

    file: str  # the file's name, for messages
    headers: list[str]
    rows: list[tuple[int, tuple]]  # (row number as the user sees it, cell values)
    header_row: int = 1
    found_row: int = 1  # the heading row the file's contents suggest
    sheet: str = ""  # the worksheet read ("" for CSV)
    sheets: list[str] = field(default_factory=list)  # every worksheet, for a choice
    epoch: dt.date = EPOCH_1900  # the workbook's date system, for serial numbers
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → cell

    @property
    def where(self) -> str:
        return f"{self.file} ({self.sheet})" if self.sheet else self.file

    def cell(self, number: int, values: tuple, column: int | None) -> object:
        """The value in a row's column (None past the row's end or for no column); ValueError
        saying why for a formula the file was saved without the value of."""
        if column is None or column >= len(values):
            return None
        if (number, column + 1) in self.uncached:
            raise ValueError(
                f"cell {self.uncached[(number, column + 1)]} is a formula saved without its "
                "value; open the file in Excel and save it again"
            )
        return values[column]


def refusal_for_problems(where: str, first: object, rows: int) -> str:
    """Why a file with rows that have problems is not imported: the first, and how many more."""
    more = rows - 1
    tail = f" ({more:,} more row{'s' if more != 1 else ''} with problems)" if more else ""
    return f"{where}, {first}{tail}. Nothing was imported; fix the rows or choose to skip them."


class Layout(NamedTuple):
    """How to find the headings: the row the user says, the importer's `locate`, or its
    fields (see the module's note)."""

    fields: tuple[Field, ...] = ()
    header_row: int | None = None
    what: str = "spreadsheet"  # the kind of file, in messages
    locate: Locate | None = None  # which of the first rows reads as headings


def read_sheet(
    path: str | Path,
    *,
    sheet: str | None = None,
    data: bytes | None = None,
    layout: Layout | None = None,
) -> Sheet:
    """The file's headings and rows; raise BadInputFileError naming the file and why."""
    layout = layout or Layout()
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise BadInputFileError(
            f"{path.name} is not a CSV file or an Excel workbook (.csv or .xlsx); in Excel, "
            "use Save As to save it as one."
        )
    if data is None:
        data = read_file(path, layout.what)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, data, sheet, layout)
    return _read_csv(path.name, data, layout)


def read_file(path: Path, what: str = "spreadsheet") -> bytes:
    """The file's bytes, by the one reader: a regular file of at most MAX_FILE_BYTES."""
    try:
        return read_limited(path, MAX_FILE_BYTES, what)
    except OSError as exc:
        raise BadInputFileError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc


# -- CSV ------------------------------------------------------------------------------------
def decode(name: str, data: bytes) -> str:
    try:
        return decode_text(data, lenient=True)
    except BinaryDataError:
        raise BadInputFileError(
            f"{name} is not a text file (it holds binary data); save it from Excel as "
            "CSV or import the .xlsx workbook itself."
        ) from None


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip(" ,;\t")), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _read_csv(name: str, data: bytes, layout: Layout) -> Sheet:
    text = decode(name, data)
    if "\x00" in text:
        raise BadInputFileError(f"{name} holds a NUL character, which no CSV file has.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _collect(name, enumerate(reader, start=1), "", [], EPOCH_1900, {}, layout)
    except csv.Error as exc:
        raise BadInputFileError(
            f"{name}, row {reader.line_num}: the CSV cannot be read ({exc})."
        ) from None


# -- XLSX -----------------------------------------------------------------------------------
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_HAS_F = re.compile(rb"<(?:\w+:)?f[\s>/]")
_HAS_V = re.compile(rb"<(?:\w+:)?v>[^<]")


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _read_xlsx(path: Path, data: bytes, sheet: str | None, layout: Layout) -> Sheet:
    check_xlsx(path, data)
    require_defused_xml()
    from openpyxl import load_workbook

    name = path.name
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a malformed part
        detail = str(exc).strip().rstrip(".") or type(exc).__name__
        raise BadInputFileError(
            f"{name} is not a workbook the app can read: {detail[:200]}."
        ) from None
    try:
        sheets = list(wb.sheetnames)
        if not sheets:
            raise BadInputFileError(f"{name} has no sheets.")
        title = sheet or sheets[0]
        if title not in sheets:
            raise BadInputFileError(
                f"{name} has no sheet called '{title}'; its sheets are: " + ", ".join(sheets) + "."
            )
        ws = wb[title]
        merged, uncached = _sheet_extras(data, getattr(ws, "_worksheet_path", ""))
        epoch = EPOCH_1904 if getattr(wb, "epoch", None) and wb.epoch.year == 1904 else EPOCH_1900
        try:
            rows = enumerate(ws.iter_rows(values_only=True), start=1)
            if merged:
                rows = _fill_merged(rows, merged)
            return _collect(name, rows, title, sheets, epoch, uncached, layout)
        except BadInputFileError:
            raise
        except Exception as exc:  # a damaged sheet part, found while streaming it
            detail = str(exc).strip().rstrip(".") or type(exc).__name__
            raise BadInputFileError(
                f"{name}, sheet {title}: the sheet cannot be read ({detail[:200]})."
            ) from None
    finally:
        wb.close()


def _sheet_extras(data: bytes, part: str) -> tuple[list[tuple[int, int, int, int]], dict]:
    """Merged ranges (first row, first col, last row, last col) and formula cells saved
    without a value, read from the sheet's XML (the workbook passed check_xlsx)."""
    if not part:
        return [], {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        try:
            xml = zf.read(part.lstrip("/"))
        except KeyError:
            return [], {}
    merged = [(int(r1), _col(c1), int(r2), _col(c2)) for c1, r1, c2, r2 in _MERGE.findall(xml)]
    uncached = {}
    if _HAS_F.search(xml):
        for attrs, _end, body in _CELL.findall(xml):
            if body and _HAS_F.search(body) and not _HAS_V.search(body):
                ref = _REF.search(attrs)
                if ref:
                    coord = ref.group(1).decode() + ref.group(2).decode()
                    uncached[(int(ref.group(2)), _col(ref.group(1)))] = coord
    return merged, uncached


def _fill_merged(rows, merged):
    """The top-left value of each merged range, in every cell of the range."""
    by_row: dict[int, list[tuple[int, int, int]]] = {}
    for r1, c1, r2, c2 in merged:
        for r in range(r1, min(r2, r1 + MAX_ROWS) + 1):
            by_row.setdefault(r, []).append((r1, c1, c2))
    top: dict[tuple[int, int], object] = {}
    for number, values in rows:
        spans = by_row.get(number)
        if spans:
            values = list(values)
            for r1, c1, c2 in spans:
                if number == r1:
                    top[(r1, c1)] = values[c1 - 1] if c1 <= len(values) else None
                value = top.get((r1, c1))
                if len(values) < c2:
                    values.extend([None] * (c2 - len(values)))
                for c in range(c1, c2 + 1):
                    values[c - 1] = value
            values = tuple(values)
        yield number, values


# -- both ---------------------------------------------------------------------------------
def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _collect(name, rows, title, sheets, epoch, uncached, layout: Layout) -> Sheet:
    """The heading row (see the module's note) and every non-blank row after it."""
    where = f"{name} ({title})" if title else name
    chosen = layout.header_row
    if chosen is not None and not 1 <= chosen <= MAX_HEADER_ROW:
        raise BadInputFileError(
            f"The headings cannot be on row {chosen}: give a row from 1 to {MAX_HEADER_ROW}."
        )
    early: list[tuple[int, tuple]] = []  # the rows that are not blank, among the first ones
    last = max(HEADER_SCAN, chosen or 0)
    for number, values in rows:
        if not all(_blank(v) for v in values):
            early.append((number, tuple(values)))
        if number >= last:
            break
    if not early:
        raise BadInputFileError(f"{where} is empty: there is no heading row and no rows.")
    found = _found(early, layout)
    header_at = found
    if chosen is not None:
        header_at = next((i for i, (n, _v) in enumerate(early) if n == chosen), -1)
        if header_at < 0:
            raise BadInputFileError(
                f"Row {chosen} of {where} is blank or past the end of the file, so it cannot "
                f"hold the headings; the headings seem to be on row {early[found][0]}."
            )
    header_row, header_values = early[header_at]
    headers = _headers(header_values)
    body: list[tuple[int, tuple]] = []
    width = len(headers)
    for number, values in itertools.chain(early[header_at + 1 :], rows):
        if all(_blank(v) for v in values):
            continue
        if len(body) >= MAX_ROWS:
            raise BadInputFileError(
                f"{where} has more than {MAX_ROWS:,} rows below its headings; a {layout.what} "
                "this long cannot be imported in one go. Split it into several files."
            )
        if len(values) > width and any(not _blank(v) for v in values[width:]):
            headers.extend(_letters(c) for c in range(width + 1, len(values) + 1))
            width = len(headers)
        body.append((number, tuple(values)))
    found_row = early[found][0]
    return Sheet(name, headers, body, header_row, found_row, title, sheets, epoch, uncached)


def _found(early: list[tuple[int, tuple]], layout: Layout) -> int:
    """Which of the first rows holds the headings, by what the rows say."""
    scan = [values for n, values in early if n <= HEADER_SCAN] or [early[0][1]]
    at = layout.locate(scan) if layout.locate is not None else None
    if at is not None:
        return at
    if layout.fields:
        scores = [heading_score(values, layout.fields) for values in scan]
        if max(scores) >= 2:
            return scores.index(max(scores))
    return next((i for i, v in enumerate(scan) if len({x for x in v if not _blank(x)}) > 1), 0)


def _headers(values) -> list[str]:
    """Headings as text; a blank heading is named by its column letter, a repeat numbered."""
    while values and _blank(values[-1]):
        values = values[:-1]
    seen: dict[str, int] = {}
    headers = []
    for c, v in enumerate(values, start=1):
        text = " ".join(str(v).split()) if not _blank(v) else _letters(c)
        if isinstance(v, dt.datetime | dt.date):
            text = v.strftime("%d/%m/%Y")
        key = text.lower()
        seen[key] = seen.get(key, 0) + 1
        headers.append(text if seen[key] == 1 else f"{text} ({seen[key]})")
    return headers


def _letters(column: int) -> str:
    out = ""
    while column:
        column, rem = divmod(column - 1, 26)
        out = chr(65 + rem) + out
    return f"Column {out}"
