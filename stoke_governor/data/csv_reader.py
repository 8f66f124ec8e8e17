"""Reading a DfE CSV as a stream, in memory bounded by what is kept rather than the file.

The file is opened with `files.reading.open_limited` (a regular file, at most
MAX_FILE_BYTES), read a block of whole lines at a time, decoded by the rules of
`files.text`: UTF-8 with or without a byte-order mark, else Windows-1252 for the whole file
(read again from its start), and parsed record by record. A record is kept as its own
text and parsed again each time a reader goes through the rows, so a table holds little
more than the text of its rows.

Given `only`, lines that cannot hold a wanted record are skipped without being parsed, a
block of lines at a time (an England-wide file holds ~150 authorities' rows): the rows kept
are exactly what the full reading gives for those records, and errors are the same, naming
the same lines. A block whose lines are not one record each (a quoted field spanning lines)
is read whole.
"""

from __future__ import annotations

import csv
import re
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, overload

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data.cells import clean_header
from stoke_governor.data.csv_skim import MAX_FIELD_BYTES, STR_LINE_BREAKS, RowFilter, skim
from stoke_governor.files.reading import open_limited
from stoke_governor.files.text import BINARY_SCAN

MAX_FILE_BYTES = 2_000_000_000
BLOCK = 1024 * 1024  # bytes read, and lines skimmed, at a time (whole lines)
ENCODINGS = ("utf-8-sig", "cp1252")  # files.text.decode_text's rules, strictly
BODY_ENCODING = {"utf-8-sig": "utf-8"}  # past the first block
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


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
                return _read(path, _blocks(fh, encoding), only)
        except UnicodeDecodeError:
            continue  # read again from the start, as Windows-1252
        except OSError as exc:
            raise BadInputFileError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    raise BadInputFileError(f"{path.name} is not a text file the app can read (unknown encoding).")


def _blocks(fh: BinaryIO, encoding: str) -> Iterator[tuple[bytes, str]]:
    """The file a block of whole lines at a time: its bytes, and their text.

    CR and LF are the same bytes in UTF-8 and Windows-1252, and never part of another
    character, so a block cut after one holds whole characters.
    """
    pending = b""
    while chunk := fh.read(BLOCK):
        data = pending + chunk
        # After the last line end; a CR at the very end may be the start of a CRLF.
        cut = max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1)) + 1
        pending = data[cut:]
        if cut:
            yield data[:cut], data[:cut].decode(encoding)
            encoding = BODY_ENCODING.get(encoding, encoding)  # a BOM only at the start
    if pending:
        yield pending, pending.decode(encoding)


def _read(path: Path, blocks: Iterator[tuple[bytes, str]], only) -> CsvTable:
    feed = _Feed(path, blocks)
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

    def __init__(self, path: Path, blocks: Iterator[tuple[bytes, str]]):
        self._blocks = blocks
        _data, text = next(blocks, (b"", ""))
        if "\x00" in text[:BINARY_SCAN]:
            raise BadInputFileError(f"{path.name} is not a CSV file (it contains binary data).")
        self._lines, self._at = _lines(text), 0  # the block the header is read from
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
        while True:
            if self._at == len(self._lines):
                block = next(self._blocks, None)
                if block is None:
                    return
                self._lines, self._at = _lines(block[1]), 0
            self._at += 1
            self.read += 1
            yield self._give(self._lines[self._at - 1], self.read)

    def _body(self) -> Iterator[tuple[bytes | None, list[str]]]:
        """The lines below the header, a block at a time, with the block's bytes if known."""
        rest = self._lines[self._at :]
        if rest:
            yield None, rest
        for data, text in self._blocks:
            yield data, _lines(text)

    def body_lines(self, wanted: RowFilter | None, width: int, column: int | None) -> Iterator[str]:
        for data, lines in self._body():
            base = self.read
            self.read += len(lines)
            picked = skim(lines, data, width, wanted, column) if wanted and self.boundary else None
            if picked is None:
                for number, line in enumerate(lines, base + 1):
                    yield self._give(line, number)
                continue
            self.skimmed = True
            for n in picked:
                yield self._give(lines[n], base + n + 1)


def _lines(text: str) -> list[str]:
    """The text's lines as the csv module sees them: broken at CR, LF or CRLF only."""
    if any(c in text for c in STR_LINE_BREAKS):
        return _LINE.findall(text)
    return text.splitlines(keepends=True)
