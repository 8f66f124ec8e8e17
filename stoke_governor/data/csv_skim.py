"""Telling, without parsing, which lines of a block of a CSV may hold the records a reader
wants: `csv_reader` skips the others, and a big file is read in a fraction of the time.

Generous, never exact: a line kept may hold nothing wanted, and the reader checks every
row. A line the full reading would reject (more fields than the header, a field over the
size limit) is always kept, so errors stay the same, naming the same lines. A block whose
lines are not one record each (a quoted field spanning lines, a NUL, a line break only
`str` knows) is not skimmed: it is read whole.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, repeat

MAX_FIELD_BYTES = 1_000_000  # the csv module's field size limit while reading a file
# Line breaks to str.splitlines() that are none to the csv module.
STR_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_NOT_SKIMMED = STR_LINE_BREAKS + "\x00"
_NOT_COMMAS = bytes(b for b in range(256) if b not in b",\r\n")


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


def skim(
    lines: list[str], data: bytes | None, width: int, wanted: RowFilter, column: int | None
) -> list[int] | None:
    """Which of a block's lines, starting a record, may hold wanted records, found without
    parsing; `data` is the block's bytes, when the caller has them.

    Also kept: every line the full reading would reject (more fields than the header, a
    field over the size limit), so errors stay the same. None when the lines are not one
    record each (a quoted field spanning lines, a NUL, a line break only str knows).
    """
    text = "".join(lines)
    if any(c in text for c in _NOT_SKIMMED):
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
    # Unless a quoted field holds commas, `width` commas are the only way to a long row;
    # commas and line breaks are the same bytes in UTF-8 and Windows-1252.
    if '"' in text or data is None or b"," * width in data.translate(None, _NOT_COMMAS):
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
