"""Reading a file a user hands the app: one reader for every importer, pack, receipt and log.

Only a regular file is read, after resolving links: a device (a link to /dev/zero), a named
pipe, a socket or a folder is refused with a message saying which, before anything blocks
or grows. A file is opened without blocking (a pipe swapped in after the check cannot hang
the app), checked again on the open descriptor, and read with a hard byte cap whatever its
size claims: one byte past the cap refuses it. `open_limited` gives the same guarantees to
a reader that streams; `files_in` walks a folder the same way, setting aside what is not a
regular file with the reason.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from stoke_governor.core.errors import BadInputFileError

CHUNK = 1024 * 1024


class NotARegularFileError(BadInputFileError):
    """The path is a device, a named pipe, a socket or a folder, not a file."""


class FileTooLargeError(BadInputFileError):
    """The file holds more bytes than its kind may."""


def size_text(n: int) -> str:
    """A size in bytes as people read it: "1.5 MB", "300 bytes"."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def _a(what: str) -> str:
    """`what` with its article: "a receipt", "an LA pack", "an archived return"."""
    word = what.split()[0] if what.split() else what
    vowel_sound = word[:1].lower() in "aeiou" or (word.isupper() and word[:1] in "AEFHILMNORSX")
    return f"{'an' if vowel_sound else 'a'} {what}"


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def not_regular_reason(path: Path) -> str | None:
    """Why `path` is not a regular file the app may read, in words; None when it is one.

    Links are followed: a link to a device reads "is a link to /dev/zero, which is a device".
    A missing file or a broken link is left to the open, which names the OS's reason.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    kind = _kind(mode)
    if kind is None:
        return None
    if path.is_symlink():
        return f"is a link to {os.path.realpath(path)}, which is {kind}"
    return f"is {kind}"


def check_regular(path: Path, what: str = "file") -> None:
    """Raise NotARegularFileError naming `path` unless it is (or links to) a regular file."""
    reason = not_regular_reason(path)
    if reason is not None:
        raise NotARegularFileError(
            f"{path.name} {reason}, not {_a(what)} the app can read; nothing was read from it."
        )


@contextmanager
def open_limited(path: str | os.PathLike, limit: int, what: str = "file") -> Iterator[BinaryIO]:
    """The regular file at `path`, open for binary reading, refusing to yield past `limit` bytes.

    Raises NotARegularFileError (see `check_regular`), FileTooLargeError when the file's
    stated size is over the limit or a read would pass it, and OSError when it cannot be opened.
    """
    path = Path(path)
    check_regular(path, what)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if _kind(mode) is not None:  # swapped for something else since the check
            raise NotARegularFileError(
                f"{path.name} is {_kind(mode)}, not {_a(what)} the app can read; nothing was "
                "read from it."
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        size = os.fstat(fd).st_size
        if size > limit:
            raise FileTooLargeError(_too_large(path, what, size, limit))
        raw = io.FileIO(fd, "rb")
        fd = -1
    finally:
        if fd >= 0:
            os.close(fd)
    with io.BufferedReader(_Capped(raw, path, what, limit), CHUNK) as fh:
        yield fh


def read_limited(path: str | os.PathLike, limit: int, what: str = "file") -> bytes:
    """All of the regular file at `path`, at most `limit` bytes; see `open_limited`."""
    with open_limited(path, limit, what) as fh:
        return fh.read()


def files_in(
    paths: Iterable[str | os.PathLike], suffixes: Iterable[str]
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to read among `paths` (files, and folders searched to any depth), sorted.

    A folder contributes its files whose suffix (any case) is one of `suffixes`; a path
    named directly is taken whatever its suffix. Anything that is not a regular file (a
    pipe, a device, a link to one) is set aside with its reason, never opened; links to
    folders are not followed (a loop cannot trap the walk).
    """
    wanted = {s.lower() for s in suffixes}
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, _dirs, names in os.walk(p):
                for name in names:
                    f = Path(root) / name
                    if f.suffix.lower() not in wanted:
                        continue
                    reason = not_regular_reason(f)
                    (skipped.append((f, reason)) if reason else found.append(f))
        else:
            reason = not_regular_reason(p)
            (skipped.append((p, reason)) if reason else found.append(p))
    return sorted(found), sorted(skipped)


def _too_large(path: Path, what: str, size: int | None, limit: int) -> str:
    # in bytes when rounding would show the size and the limit alike ("64.0 KB; ... 64.0 KB")
    exact = size is not None and size_text(size) == size_text(limit)

    def shown(n: int) -> str:
        return f"{n:,} bytes" if exact else size_text(n)

    held = f" ({shown(size)})" if size is not None else ""
    return (
        f"{path.name} is too large to be {_a(what)}{held}; the limit is {shown(limit)}. "
        "Nothing was read from it."
    )


class _Capped(io.RawIOBase):
    """A binary file that raises FileTooLargeError rather than give a byte past the limit."""

    def __init__(self, raw: io.FileIO, path: Path, what: str, limit: int):
        self._raw, self._path, self._what, self._limit = raw, path, what, limit
        self._given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        room = self._limit + 1 - self._given
        n = self._raw.readinto(view[: max(0, min(len(view), room))]) or 0
        self._given += n
        if self._given > self._limit:
            raise FileTooLargeError(_too_large(self._path, self._what, None, self._limit))
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()
