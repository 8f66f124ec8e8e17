"""Decoding a text (CSV) file as spreadsheet programs save it: one decoder for every reader.

UTF-8, with or without a byte-order mark, else Windows-1252 (what Excel on Windows writes).
A reader of files the app expects exactly (the DfE's) decodes strictly: bytes in neither
encoding raise UnicodeDecodeError. A reader of files people save by hand (a board's
challenge log) decodes leniently: UTF-16 with a byte-order mark (Excel's "Unicode text")
too, and a byte neither encoding reads becomes U+FFFD. Each reader words its own messages.
"""

from __future__ import annotations

import codecs

from stoke_governor.core.errors import BadInputFileError

BINARY_SCAN = 4096  # a NUL among the first bytes of a file without a byte-order mark: binary
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class BinaryDataError(BadInputFileError):
    """The bytes are binary data (they hold a NUL near the start), not text."""


def decode_text(data: bytes, *, lenient: bool = False) -> str:
    """The file's text; UnicodeDecodeError (strict only) or BinaryDataError if it has none.

    A UTF-8 byte-order mark is dropped. Strictly, UTF-8 after the mark that does not decode
    falls back to Windows-1252 for the whole file, as it always has for DfE files.
    """
    errors = "replace" if lenient else "strict"
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors)
        except UnicodeDecodeError:
            return data.decode("cp1252")
    if lenient and data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors)
    if b"\x00" in data[:BINARY_SCAN]:
        raise BinaryDataError("the file holds binary data")
    return text
