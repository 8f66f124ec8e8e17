"""What every report shares: user text made safe for reportlab's markup, the result of an
export, and the exception a cancelled export raises. (Writing a file so that a crash or a
cancel never leaves half of it is `files.workbooks.atomic_output`.)"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

from stoke_governor.core.errors import StokeGovernorError

# Control characters (tab and newline handled apart), lone surrogates and non-characters:
# reportlab cannot draw them and some break its parser.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


MAX_TEXT = 4000  # characters of one field shown in a document


class ExportCancelled(StokeGovernorError):
    """The user stopped an export; nothing was written."""


def plain(text: object) -> str:
    """User text as plain text for a document: control characters removed, tabs as spaces,
    line endings as newlines."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", value)


def markup(text: object, limit: int = MAX_TEXT) -> str:
    """User text for a reportlab Paragraph: escaped, so `<`, `&` and tags stay text; line
    breaks kept; a run of more than LONG_RUN characters without a space broken into pieces
    (reportlab would break it too, but its cost grows with the square of the length).
    Text longer than `limit` is shortened, saying so: pages of one field help no reader
    and reportlab's time grows with the square of a paragraph's length."""
    return escape_text(shorten(text, limit))


def shorten(text: object, limit: int = MAX_TEXT) -> str:
    """User text as a document shows it: `plain`, trimmed, and shortened (saying so) when
    longer than `limit`. Every writer of the same document shortens alike."""
    value = plain(text).strip()
    if len(value) > limit:
        value = (
            f"{value[: limit - 1].rstrip()}… [shortened here: {len(value):,} characters "
            "in full in the app]"
        )
    return value


def escape_text(text: str) -> str:
    """Text for reportlab's markup as it is (not trimmed or shortened): escaped, control
    characters removed, line breaks kept, long runs without a space broken into pieces."""
    value = _LONG_RUN.sub(lambda m: _pieces(m.group()), plain(text))
    return escape(value).replace("\n", "<br/>")


LONG_RUN = 200
PIECE = 30
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


def _pieces(word: str) -> str:
    return " ".join(word[i : i + PIECE] for i in range(0, len(word), PIECE))


class Exported(NamedTuple):
    path: Path
    summary: str  # one sentence: what was written, for the user


def long_date(iso: str | None) -> str:
    """'Thursday 8 October 2026'; text that is not a date is shown as it is."""
    try:
        d = dt.date.fromisoformat(iso or "")
    except ValueError:
        return plain(iso) or "date not recorded"
    return f"{d:%A} {d.day} {d:%B %Y}"


def short_date(iso: str | None) -> str:
    try:
        d = dt.date.fromisoformat(iso or "")
    except ValueError:
        return plain(iso)
    return f"{d.day} {d:%b %Y}"


# Characters Windows, macOS or Linux refuse in a file name (and control characters).
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def words_file_name(*parts: str, suffix: str, limit: int = 150) -> str:
    """A file name in words: the parts joined by en dashes, e.g. `Birches Head Academy –
    Grade 5 or above in English and maths.png`, leaving out the characters a file name
    cannot hold, and no dot or space at its end (Windows drops them)."""
    words = [" ".join(_NOT_IN_NAMES.sub(" ", plain(p)).split()) for p in parts]
    name = " – ".join(w for w in words if w)[:limit].rstrip(" .–") or "Untitled"
    return name + suffix
