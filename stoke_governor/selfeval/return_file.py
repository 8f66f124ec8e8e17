"""The return: the machine-readable part of a board's self-evaluation file (format version 1).

The payload is a JSON object in canonical form (keys sorted, no whitespace, UTF-8) with a
SHA-256 digest over exactly those bytes and, when the school holds a key the LA issued,
an HMAC-SHA256 signature over the same bytes (`files/canonical.py` makes and checks
both). It travels inside the return workbook as a custom XML part (`customXml/item1.xml`),
so it is read with `zipfile` alone, without opening the workbook. `docs/return-format.md`
documents it for the LA and third parties; a payload read is checked against
`resources/schemas/return.schema.json` (`files/schemas.py`), then its ratings against the
scale it gives.

Each export of a changed evaluation gets the next revision; an unchanged one reproduces
the same payload (its `created` is the time of its revision).

This module is the entry point the export and the LA's import use; the code is in three
rooms: `return_format` (the format's names), `return_writing` (the payload, its revision
and the XML part that carries it) and `return_reading` (reading and checking a return file,
and whose return a refused file claims to be).
"""

from stoke_governor.selfeval.return_format import FORMAT, FORMAT_VERSION, NAMESPACE, PART
from stoke_governor.selfeval.return_reading import (
    MAX_PART_BYTES,
    REFUSED,
    Claimed,
    KeyFor,
    ReturnFile,
    claimed,
    read_payload,
    read_return,
)
from stoke_governor.selfeval.return_writing import (
    Prepared,
    content,
    envelope,
    prepare,
    record_export,
)

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_PART_BYTES",
    "NAMESPACE",
    "PART",
    "REFUSED",
    "Claimed",
    "KeyFor",
    "Prepared",
    "ReturnFile",
    "claimed",
    "content",
    "envelope",
    "prepare",
    "read_payload",
    "read_return",
    "record_export",
]
