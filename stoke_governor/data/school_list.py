"""How much one file may change the city's school list, and which names it may store.

Stoke-on-Trent has about a hundred open schools (the school list holds ~120 with the
closed ones), and a file the app imports describes the city's schools as they are: a new
school or two a year, a handful renamed. So one file may add at most MAX_NEW_SCHOOLS
schools (about twice the city's whole list: an England-wide file, or a made-up one, read
as the city's is refused rather than stored) and rename at most MAX_RENAMED (half of it).

A name is shown in the app and written to the workbooks it exports, so one that a
spreadsheet would run as a formula (starting = + - @) or that holds a control character is
refused, naming the line; line breaks and tabs in a name become single spaces.
"""

from __future__ import annotations

import re

from stoke_governor.core.errors import BadInputFileError

MAX_NEW_SCHOOLS = 200
MAX_RENAMED = 50
FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
NOTHING_STORED = "Nothing from this file was stored."


def check_name(name: str, file: str, line: int) -> str:
    """The school name, its spaces and line breaks made single spaces; BadInputFileError
    naming the line if it may not be stored."""
    name = " ".join(name.split())
    if name.startswith(FORMULA_STARTS):
        why = f"begins with {name[0]}, which a spreadsheet would run as a formula"
    elif _CONTROL.search(name):
        why = "holds a control character"
    else:
        return name
    shown = _CONTROL.sub("?", name)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise BadInputFileError(
        f"{file}, line {line}: the school name '{shown}' {why}. {NOTHING_STORED}"
    )


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def check_added(added: int, file: str) -> None:
    """Refuse a file that would add more schools than one file may."""
    if added > MAX_NEW_SCHOOLS:
        raise BadInputFileError(
            f"{file} would add {plural(added, 'school')} to the school list; one file may "
            f"add at most {MAX_NEW_SCHOOLS} (Stoke-on-Trent has about 100 schools). "
            f"{NOTHING_STORED}"
        )


def check_renamed(renamed: int, file: str) -> None:
    """Refuse a file that would rename more schools than one file may."""
    if renamed > MAX_RENAMED:
        raise BadInputFileError(
            f"{file} would rename {plural(renamed, 'school')} in the school list; one file "
            f"may rename at most {MAX_RENAMED} (Stoke-on-Trent has about 100 schools). "
            f"{NOTHING_STORED}"
        )
