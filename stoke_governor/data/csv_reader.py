"""Reading a DfE CSV as a stream, in memory bounded by what is kept rather than the file.

The file is opened with `files.reading.open_limited` (a regular file, at most
MAX_FILE_BYTES), decoded as it is read by the rules of `files.text`: UTF-8 with or without
a byte-order mark, else Windows-1252 for the whole file (read again from its start), and
parsed record by record. A record is kept as its own text and parsed again each time a
reader goes through the rows, so a table holds little more than the text of its rows.

Given `only`, lines that cannot hold a wanted record are skipped without being parsed, a
block of lines at a time (an England-wide file holds ~150 authorities' rows): the rows kept
are exactly what the full reading gives for those records, and errors are the same, naming
the same lines. A block whose lines are not one record each (a quoted field spanning lines)
is read whole.
"""

from __future__ import annotations

import csv
import io
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from pathlib import Path
from typing import TextIO, overload

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.cells import clean_header
from stoke_governor.files.reading import open_limited
from stoke_governor.files.text import BINARY_SCAN

MAX_FIELD_BYTES = 1_000_000
MAX_FILE_BYTES = 2_000_000_000
BLOCK = 1024 * 1024  # characters of lines read, and skimmed, at a time
ENCODINGS = ("utf-8-sig", "cp1252")  # files.text.decode_text's rules, strictly
# Line breaks to str.splitlines() that are none to the csv module; a block holding one is
# read whole, as is one holding a NUL.
_NOT_CSV_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029\x00"


class Rows(Sequence[dict[str, str]]):
    """A table's rows as dicts by header name, each held as the text of its record.

    Short rows come padded with blanks; blank fields past the header are dropped.
    """

    def __init__(self, header: list[str]):
        self.header = header
        self._texts: list[str] = []
        self._lines = array("Q")

    def add(self, text: str, line: int) -> None:
        self._texts.append(text)
        self._lines.append(line)

    def line(self, index: int) -> int:
        """The line of the file where row `index` starts (the header is line 1)."""
        return self._lines[index]

    def __len__(self) -> int:
        return len(self._texts)

    def __iter__(self) -> Iterator[dict[str, str]]:
        return map(self._row, csv.reader(self._texts))

    @overload
    def __getitem__(self, index: int) -> dict[str, str]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, str]]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(map(self._row, csv.reader(self._texts[index])))
        return self._row(next(csv.reader([self._texts[index]])))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def _row(self, record: list[str]) -> dict[str, str]:
        width = len(self.header)
        if len(record) != width:
            record = record[:width] + [""] * (width - len(record))
        return dict(zip(self.header, record, strict=True))


@dataclass
class CsvTable:
    path: Path
    header: list[str]
    rows: Rows
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
    path: str | Path, only: Callable[[list[str]], RowFilter | None] | None = None
) -> CsvTable:
    """Read a DfE CSV whatever its encoding, line endings or ragged rows.

    Short rows are padded with blanks (trailing empties dropped by the publisher); a row
    longer than the header is an error naming its line. `only`, given the header, may
    return a RowFilter: records that cannot pass it are then skipped without being parsed,
    and `complete` is False.
    """
    path = Path(path)
    csv.field_size_limit(MAX_FIELD_BYTES)
    for encoding in ENCODINGS:
        try:
            with open_limited(path, MAX_FILE_BYTES, "CSV file") as fh:
                return _read(path, io.TextIOWrapper(fh, encoding, newline=""), only)
        except UnicodeDecodeError:
            continue  # read again from the start, as Windows-1252
        except OSError as exc:
            raise BadInputFileError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    raise BadInputFileError(f"{path.name} is not a text file the app can read (unknown encoding).")


def _read(path: Path, text: TextIO, only) -> CsvTable:
    feed = _Feed(path, text)
    try:
        header = [clean_header(h) for h in next(csv.reader(feed.header_lines()))]
    except StopIteration:
        raise BadInputFileError(f"{path.name} is empty.") from None
    except csv.Error as exc:
        raise BadInputFileError(f"{path.name}, line {feed.line}: {exc}.") from exc
    if not any(header):
        raise BadInputFileError(f"{path.name} has no header row.")
    feed.boundary = True
    width = len(header)
    wanted = only(header) if only else None
    column = None
    if wanted is not None and wanted.column in header:
        column = width - 1 - header[::-1].index(wanted.column)  # a dict keeps the last
    rows, ragged = Rows(header), 0
    reader = csv.reader(feed.body_lines(wanted, width, column))
    try:
        for record in reader:
            feed.boundary = True
            if not record or not any(field.strip() for field in record):
                continue
            if len(record) > width and any(field.strip() for field in record[width:]):
                raise BadInputFileError(
                    f"{path.name}, line {feed.line}: {len(record)} fields "
                    f"where the header has {width}."
                )
            ragged += len(record) < width
            rows.add("".join(feed.taken), feed.start)
    except csv.Error as exc:
        raise BadInputFileError(f"{path.name}, line {feed.line}: {exc}.") from exc
    return CsvTable(path, header, rows, ragged, complete=not feed.skimmed)


class _Feed:
    """The lines given to the csv reader, and where each came from.

    `boundary` is set by the caller each time the reader gives a record: when the reader
    next asks for a line, it starts a record, and a block of lines may be skimmed.
    """

    def __init__(self, path: Path, text: TextIO):
        head = text.read(BINARY_SCAN)
        if "\x00" in head:
            raise BadInputFileError(f"{path.name} is not a CSV file (it contains binary data).")
        self._head = io.StringIO(head + text.readline(), newline="")  # ends on a line end
        self._text = text
        self.read = 0  # lines read from the file, given or skipped
        self.line = 0  # the line last given
        self.start = 0  # the line the record being read starts on
        self.taken: list[str] = []  # the lines of the record being read
        self.boundary = True
        self.skimmed = False

    def _give(self, line: str, number: int) -> str:
        if self.boundary:
            self.boundary = False
            self.start = number
            self.taken = []
        self.taken.append(line)
        self.line = number
        return line

    def header_lines(self) -> Iterator[str]:
        while line := self._head.readline() or self._text.readline():
            self.read += 1
            yield self._give(line, self.read)

    def _blocks(self) -> Iterator[list[str]]:
        lines = self._head.readlines() + self._text.readlines(BLOCK)
        while lines:
            yield lines
            lines = self._text.readlines(BLOCK)

    def body_lines(self, wanted: RowFilter | None, width: int, column: int | None) -> Iterator[str]:
        for lines in self._blocks():
            base = self.read
            self.read += len(lines)
            picked = _skim(lines, width, wanted, column) if wanted and self.boundary else None
            if picked is None:
                for number, line in enumerate(lines, base + 1):
                    yield self._give(line, number)
                continue
            self.skimmed = True
            for n in picked:
                yield self._give(lines[n], base + n + 1)


def _skim(lines: list[str], width: int, wanted: RowFilter, column: int | None) -> list[int] | None:
    """Which of a block's lines, starting a record, may hold wanted records, found without
    parsing.

    Also kept: every line the full reading would reject (more fields than the header, a
    field over the size limit), so errors stay the same. None when the lines are not one
    record each (a quoted field spanning lines, a NUL, a line break only str knows).
    """
    text = "".join(lines)
    if any(c in text for c in _NOT_CSV_LINE_BREAKS):
        return None
    if '"' in text and not _quotes_close_on_their_line(text):
        return None
    lengths = list(map(len, lines))
    ends = list(accumulate(lengths))
    keep: set[int] = set()
    for needle in wanted.texts:
        at = text.find(needle)
        while at >= 0:
            n = bisect_right(ends, at)
            keep.add(n)
            at = text.find(needle, ends[n])
    # Unless a quoted field holds commas, `width` commas are the only way to a long row.
    commas = list(map(str.count, lines, repeat(",")))
    if max(commas) >= width:
        keep.update(n for n, c in enumerate(commas) if c >= width and _fields(lines[n]) > width)
    if max(lengths) > MAX_FIELD_BYTES:
        keep.update(n for n, size in enumerate(lengths) if size > MAX_FIELD_BYTES)
    if column is not None:
        keep.update(n for n, line in enumerate(lines) if _field_may_be(line, column, wanted.values))
    return sorted(keep)


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
