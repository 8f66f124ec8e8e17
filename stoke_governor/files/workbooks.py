"""Reading and writing XLSX workbooks safely: every workbook reader and writer uses these.

A workbook is a zip of XML parts, and any workbook a user hands the app may be hostile:
`check_xlsx` looks at the zip's directory and the XML parts' prologues before openpyxl sees
the file (zip bombs, path tricks, XML entity attacks), and `require_defused_xml` makes sure
openpyxl parses with defusedxml. Text written to a cell goes through `set_text`, so text
that starts like a formula stays text. `save_atomically` never leaves half a file behind.

No openpyxl import at module level: this module is imported on the command line's path.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from stoke_governor.core.errors import BadInputFileError, StokeGovernorError
from stoke_governor.files.reading import read_limited
from stoke_governor.files.zips import UNREADABLE_MEMBER, ZipRules, check_directory, size_text

# Limits for a workbook the app reads. The app's own workbooks (templates, returns, logs,
# packs) are well under 1 MB; the limits leave room for a large challenge log or an LA
# pack with pictures, and stop a file before openpyxl spends minutes and gigabytes on it.
MAX_FILE_BYTES = 50 * 1024**2  # the file on disk
MAX_MEMBERS = 2_000  # parts in the zip
MAX_EXPANDED_BYTES = 200 * 1024**2  # all parts, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for a part larger than RATIO_FLOOR
RATIO_FLOOR = 1024**2  # small parts may compress very well (empty sheets, styles)
XML_SCAN_CHUNK = 64 * 1024
WORKBOOK = ZipRules(
    kind="workbook",
    member="part",
    refused="is not a workbook the app will open",
    encrypted="is not a workbook the app can read",
    outside="the file",
    max_members=MAX_MEMBERS,
    max_expanded_bytes=MAX_EXPANDED_BYTES,
    max_ratio=MAX_RATIO,
    ratio_floor=RATIO_FLOOR,
    no_links=True,
    bomb_names_size=True,
)

# Parts read as XML by openpyxl and Excel; pictures and binary parts are not.
_BINARY_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".emf",
    ".wmf",
    ".bin",
    ".svg.gz",
    ".wdp",
    ".jfif",
    ".ico",
)
_DANGEROUS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_ASCII_COMPATIBLE = {
    "utf-8",
    "utf8",
    "us-ascii",
    "ascii",
    "iso-8859-1",
    "latin-1",
    "windows-1252",
    "cp1252",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or a password-protected .xlsx
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold; openpyxl refuses a cell that contains one.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def check_xlsx(path: str | os.PathLike, data: bytes | None = None) -> None:
    """Raise BadInputFileError unless the file is a plain, bounded XLSX zip.

    Checks, in order: that it is a regular file (not a pipe or a device, read by the one
    reader, files.reading) and its size; that it is a zip (and not an old or encrypted
    workbook); the number of parts; each part's name (no `..`, no absolute path, no
    repeats), that no part is a symbolic link, and encryption; the total uncompressed size
    and each large part's compression ratio (from the zip's directory: Python's zipfile
    never expands a part beyond the size the directory states); and that no XML part
    declares a DOCTYPE or ENTITY, reading each part in bounded chunks. `data` is the
    file's content when the caller has read it already.
    """
    with checked_xlsx(path, data):
        pass


@contextlib.contextmanager
def checked_xlsx(path: str | os.PathLike, data: bytes | None = None) -> Iterator[zipfile.ZipFile]:
    """`check_xlsx`, then the checked zip, open, for a reader that reads parts itself (the
    zip's directory read once, not again)."""
    path = Path(path)
    name = path.name
    if data is None:
        data = read_workbook(path)
    elif len(data) > MAX_FILE_BYTES:
        raise BadInputFileError(
            f"{name} is too large to be a workbook ({size_text(len(data))}); the limit is "
            f"{size_text(MAX_FILE_BYTES)}."
        )
    if not data:
        raise BadInputFileError(f"{name} is not a workbook: the file is empty.")
    if data.startswith(_OLE_MAGIC):
        raise BadInputFileError(
            f"{name} is not a workbook the app can read: it is password-protected or an old "
            ".xls file; save it from Excel as an .xlsx workbook without a password."
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BadInputFileError(f"{name} is not a workbook: {_not_zip_reason(data)}.") from None
    with zf:
        infos = zf.infolist()
        check_directory(name, infos, WORKBOOK)
        if not any(info.filename.lower() == "[content_types].xml" for info in infos):
            raise BadInputFileError(
                f"{name} is not a workbook: it is a zip file without the parts of an .xlsx "
                "workbook."
            )
        for info in infos:
            if _is_xml_part(info.filename):
                _check_xml_part(name, zf, info)
        yield zf


def read_workbook(path: str | os.PathLike) -> bytes:
    """The bytes of the workbook at `path`: a regular file of at most MAX_FILE_BYTES, read
    by the one reader (files.reading); BadInputFileError naming the file and why not."""
    path = Path(path)
    try:
        return read_limited(path, MAX_FILE_BYTES, "workbook")
    except OSError as exc:
        raise BadInputFileError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc


def _not_zip_reason(data: bytes) -> str:
    head = data[:4096]
    if head.startswith(b"PK"):
        return "it is a damaged or incomplete zip file (was the download cut short?)"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "it is not a zip file, as every .xlsx workbook is"
    if b"," in head or b"\t" in head:
        return "it is a text (CSV) file with an .xlsx name; import it under its .csv name"
    return "it is a text file, not a zip file as every .xlsx workbook is"


def _is_xml_part(member: str) -> bool:
    lower = member.lower()
    if lower.endswith("/"):
        return False
    return not lower.endswith(_BINARY_SUFFIXES)


def _check_xml_part(name: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream one part, in bounded chunks, looking for a DOCTYPE or ENTITY declaration."""
    tail = b""
    first = True
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(XML_SCAN_CHUNK):
                if first:
                    _check_encoding(name, info.filename, chunk)
                    first = False
                window = tail + chunk
                if _DANGEROUS.search(window):
                    raise BadInputFileError(
                        f"{name} is not a workbook the app will open: its part "
                        f"'{info.filename[:80]}' declares a DOCTYPE or ENTITY, which workbooks "
                        "never need and XML attacks use."
                    )
                tail = window[-16:]
                if len(chunk) < XML_SCAN_CHUNK:  # zipfile reads short only at the end
                    break  # (its CRC checked): no read past it is needed to know
    except UNREADABLE_MEMBER as exc:
        raise BadInputFileError(
            f"{name} is not a workbook: its part '{info.filename[:80]}' is damaged ({exc})."
        ) from None


def _check_encoding(name: str, member: str, head: bytes) -> None:
    """XML parts must be in an ASCII-compatible encoding, so the scan above sees them."""
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    stripped = text.lstrip(b" \t\r\n")
    if not stripped.startswith(b"<"):
        if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
            raise BadInputFileError(
                f"{name} is not a workbook the app will open: its part '{member[:80]}' is "
                "not in UTF-8, as Excel writes every part."
            )
        return  # not XML at all (a picture without a known suffix): nothing parses it as XML
    m = _DECLARED_ENCODING.match(stripped)
    if m and m.group(1).decode("ascii").lower() not in _ASCII_COMPATIBLE:
        raise BadInputFileError(
            f"{name} is not a workbook the app will open: its part '{member[:80]}' declares "
            f"the encoding {m.group(1).decode('ascii')}, not UTF-8."
        )


def require_defused_xml() -> None:
    """Raise unless openpyxl parses XML with defusedxml (entity expansion and DTDs refused)."""
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise StokeGovernorError(
            "This installation cannot read workbooks safely: the defusedxml package is "
            "missing; reinstall Stoke Governor."
        )


def load_xlsx(path: str | os.PathLike, data: bytes | None = None, *, data_only: bool = True):
    """A workbook that passed `check_xlsx`, opened by openpyxl; its errors become one sentence.

    Call `check_xlsx` first (once per file); this only opens.
    """
    require_defused_xml()
    from openpyxl import load_workbook

    path = Path(path)
    data = data if data is not None else read_workbook(path)
    try:
        return load_workbook(io.BytesIO(data), data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on a malformed part
        detail = str(exc).strip().rstrip(".") or type(exc).__name__
        raise BadInputFileError(
            f"{path.name} is not a workbook the app can read: {detail[:200]}."
        ) from None


def safe_text(value: object) -> str:
    """Text for a cell: always a string, without characters XML cannot hold.

    Use `set_text` to write it: that also keeps text that starts like a formula
    (`=`, `+`, `-`, `@`, tab, carriage return) from ever being one.
    """
    text = "" if value is None else str(value)
    return _ILLEGAL_XML.sub("", text)


def looks_like_formula(text: str) -> bool:
    """True when spreadsheet programs could take this text for a formula."""
    return text.startswith(_FORMULA_STARTS)


def set_text(cell, value: object):
    """Write user or file text to an openpyxl cell as text, never as a formula.

    The cell is a string cell whatever the text; text that starts like a formula also
    gets the quote prefix, so Excel and LibreOffice show and keep it as typed.
    """
    text = safe_text(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl makes any text starting with '=' a formula
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def save_atomically(workbook, path: str | os.PathLike) -> Path:
    """Save to a temporary file beside `path`, then put it in place in one step.

    A crash or a full disk leaves the earlier file (if any) as it was, never half a file.
    """
    with atomic_output(path) as tmp, open(tmp, "wb") as fh:
        workbook.save(fh)
    return Path(path)


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
        with open(tmp, "r+b") as fh:  # on disk before it takes the name
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        hint = " (is it open in another program?)" if isinstance(exc, PermissionError) else ""
        raise StokeGovernorError(f"Cannot save {path}: {exc.strerror or exc}{hint}.") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
