"""Documents the app writes for people: the minutes PDF and the action-log workbook.

Shared here: making user text safe for reportlab's markup, writing a file so that a crash
or a cancel never leaves half of it, and the exception a cancelled export raises.
reportlab and openpyxl are imported only inside the writers.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import StokeGovernorError

# Control characters (tab and newline handled apart), lone surrogates and non-characters:
# reportlab cannot draw them and some break its parser.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class ExportCancelled(StokeGovernorError):
    """The user stopped an export; nothing was written."""


def plain(text: object) -> str:
    """User text as plain text for a document: control characters removed, tabs as spaces,
    line endings as newlines."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", value)


def markup(text: object) -> str:
    """User text for a reportlab Paragraph: escaped, so `<`, `&` and tags stay text;
    line breaks kept."""
    return escape(plain(text).strip()).replace("\n", "<br/>")


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside `path`; on success it replaces `path` in one step, on any
    failure (or a cancel) it is removed and `path` is left as it was."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise StokeGovernorError(
            f"Cannot save {path.name} in {folder}: {exc.strerror or exc}."
        ) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with contextlib.suppress(OSError):
            os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        hint = " (is it open in another program?)" if isinstance(exc, PermissionError) else ""
        raise StokeGovernorError(f"Cannot save {path}: {exc.strerror or exc}{hint}.") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
