"""Checking a zip file's directory before any member is read: one checker for every kind of zip.

Workbooks and LA packs are both zips a user hands the app, and either may be hostile.
`check_directory` refuses, from the zip's directory alone: too many members; a member
whose name points outside the file (`..`, an absolute path, a drive letter, a NUL);
a name that appears twice (ignoring case); encrypted members; a member or a whole file
that would expand too far (Python's zipfile never expands a member beyond the size the
directory states). `ZipRules` holds one kind of file's limits and the words its messages
use, so a workbook's refusals speak of its "parts" and a pack's of its "members".
"""

from __future__ import annotations

import lzma
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.reading import size_text

_DRIVE = re.compile(r"^[A-Za-z]:")  # a Windows drive letter: C:
# What a damaged member raises while it is read (bad CRC, bad deflate data, unknown method).
UNREADABLE_MEMBER = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)


@dataclass(frozen=True)
class ZipRules:
    """What one kind of zip file may hold, and how its refusals are worded."""

    kind: str  # what the file is: "workbook", "pack"
    member: str  # what the file calls a member: "part", "member"
    refused: str  # follows the file's name: "is not a workbook the app will open"
    encrypted: str  # follows the file's name when its members are encrypted
    outside: str  # where a bad name points: "the file", "the pack"
    max_members: int
    max_expanded_bytes: int  # all members, uncompressed
    max_ratio: int  # uncompressed / compressed, for a member larger than ratio_floor
    ratio_floor: int
    max_member_bytes: int | None = None  # one member, uncompressed; None: no limit of its own
    plain_names: bool = False  # also refuse backslashes and folder entries in names
    no_links: bool = False  # refuse members that are symbolic links
    bomb_names_size: bool = False  # the zip-bomb message names the member's expanded size
    error: type[BadInputFileError] = BadInputFileError


def check_directory(name: str, infos: list[zipfile.ZipInfo], rules: ZipRules) -> None:
    """Raise `rules.error` naming the file `name` unless its zip directory is within `rules`."""
    fail = rules.error
    if len(infos) > rules.max_members:
        raise fail(
            f"{name} {rules.refused}: it holds {len(infos):,} {rules.member}s "
            f"(the limit is {rules.max_members:,})."
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        member = info.filename
        shown = member[:80]
        if _points_outside(member, rules.plain_names):
            raise fail(
                f"{name} {rules.refused}: it holds a {rules.member} named '{shown}', which "
                f"points outside {rules.outside}."
            )
        if rules.no_links and stat.S_ISLNK(info.external_attr >> 16):
            raise fail(
                f"{name} {rules.refused}: the {rules.member} '{shown}' is a symbolic link, which "
                f"{rules.kind}s never hold."
            )
        if member.lower() in seen:
            raise fail(f"{name} {rules.refused}: the {rules.member} '{shown}' appears twice.")
        seen.add(member.lower())
        if info.flag_bits & 0x1:
            raise fail(f"{name} {rules.encrypted}: its {rules.member}s are encrypted.")
        if rules.max_member_bytes is not None and info.file_size > rules.max_member_bytes:
            raise fail(
                f"{name} {rules.refused}: the {rules.member} '{shown}' is too large "
                f"({size_text(info.file_size)}; the limit is "
                f"{size_text(rules.max_member_bytes)})."
            )
        times = info.file_size // max(info.compress_size, 1)
        large = info.file_size > rules.ratio_floor
        if large and info.file_size > rules.max_ratio * max(info.compress_size, 1):
            to = f", to {size_text(info.file_size)}" if rules.bomb_names_size else ""
            raise fail(
                f"{name} looks like a zip bomb: its {rules.member} '{shown}' would expand "
                f"{times:,} times{to}."
            )
        total += info.file_size
    if total > rules.max_expanded_bytes:
        raise fail(
            f"{name} looks like a zip bomb: it would expand to {size_text(total)} "
            f"(the limit is {size_text(rules.max_expanded_bytes)})."
        )


def _points_outside(member: str, plain_names: bool) -> bool:
    if plain_names and ("\\" in member or member.endswith("/")):
        return True
    # As a POSIX path once backslashes are slashes: absolute, or a `..` among its parts
    # (the parts between slashes; empty ones and `.` are not parts, `..` always is).
    posix = member.replace("\\", "/")
    return (
        posix.startswith("/")
        or ".." in posix.split("/")
        or _DRIVE.match(member) is not None
        or "\x00" in member
    )
