"""The LA imports the boards' returns: each file on its own, in its own transaction.

Every file ends in exactly one outcome:

- `imported`: a return id the LA did not hold;
- `superseded`: a newer revision of a return held; the earlier revisions stay as history;
- `duplicate`: the same return id, revision and payload as one held; nothing changes;
- `stale`: an older revision than the newest held; not stored, only logged;
- `conflict`: the same return id and revision as one held but a different payload; both are
  kept, the new one in state 'conflict', until a person chooses
  (`la.returns.held.resolve_conflict`);
- `rejected`: with the reason (not a return, damaged, a zip bomb or XML attack, a format
  version this app does not read, a school the LA does not hold, a payload changed outside
  the app, a missing or bad signature where the LA issued the school a key, a payload that
  breaks `resources/schemas/return.schema.json`, a rating off its framework's scale), or
  "could not be imported" for anything unexpected while handling the file: logged with its
  traceback, that file's writes rolled back, and the batch goes on.

One return per school and year is the one the city picture uses (state 'current'). A board
that sends a second return id for the same year (it started a fresh evaluation, or a second
installation) does not get two: the return whose latest revision was made most recently
(its payload's `created`) is current, the other is kept as history ('superseded').

Every original file is archived by its SHA-256 beside the database
(`returns-archive/<first 2 hex>/<sha256>.xlsx`) before its transaction, and every file,
whatever its outcome, gets one row in `return_import_log` (who, when, the outcome and why).
A non-dry-run batch starts with a backup of the database. A dry run classifies the same way
(a file repeated within the batch is a duplicate) and writes nothing.

The batch is here; one file's steps are in `one_file` (read, check, refuse) and `storing`
(classify and write), its outcome in `outcomes`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from stoke_governor.db.store import Store
from stoke_governor.files.reading import files_in
from stoke_governor.la.mode import key_for, require_la
from stoke_governor.la.returns.archive import synced_at_the_end
from stoke_governor.la.returns.one_file import _one, refusal_words
from stoke_governor.la.returns.outcomes import (
    CONFLICT,
    DUPLICATE,
    IMPORTED,
    REJECTED,
    STALE,
    STATUSES,
    SUPERSEDED,
    Outcome,
)

__all__ = [
    "CONFLICT",
    "DUPLICATE",
    "IMPORTED",
    "REJECTED",
    "STALE",
    "STATUSES",
    "SUFFIX",
    "SUPERSEDED",
    "Outcome",
    "find_return_files",
    "import_returns",
    "newest_year",
    "refusal_words",
]

SUFFIX = ".xlsx"


def find_return_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files as given, and the .xlsx files inside any folder given (sorted; Excel's `~$`
    lock files and hidden files left out). Each file once, in the order first given.

    Folders are walked by the one reader's walk (files.reading.files_in): a named pipe or
    a device there is listed too, never opened, so its import is rejected saying what it is.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        found, skipped = files_in([p], [SUFFIX])
        listed = sorted(found + [f for f, _why in skipped])
        if p.is_dir():
            listed = [f for f in listed if not f.name.startswith(("~$", "."))]
        files += listed
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def import_returns(
    store: Store,
    paths: Iterable[str | os.PathLike],
    *,
    dry_run: bool = False,
    accept_edited: bool = False,
    by: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Outcome]:
    """Import every return file (folders are searched for .xlsx files); one outcome each.

    A bad file is rejected and the batch goes on. `progress(done, total, file_name)` is
    called after each file and `cancelled()` before each: files finished stay committed.
    `accept_edited` imports a payload changed outside the app, flagged as edited (a
    signature is still required where the LA issued the school a key).
    """
    require_la(store)
    files = find_return_files(paths)
    who = by or _user()
    keys = key_for(store)
    outcomes: list[Outcome] = []
    if not files:
        return outcomes
    archived: list[Path] | None = None
    if dry_run:  # classified in a transaction that is then rolled back
        batch = store.undone()
    else:
        store.backup("returns import")
        archived = []
        batch = synced_at_the_end(store, archived)
    with batch:
        for n, path in enumerate(files, 1):
            if cancelled is not None and cancelled():
                break
            outcomes.append(_one(store, path, keys, who, accept_edited, archived))
            if progress is not None:
                progress(n, len(files), path.name)
    return outcomes


def newest_year(outcomes: Iterable[Outcome]) -> str | None:
    """The newest academic year among the returns of a batch (refused ones too, where they
    say their year): the year the City picture shows after the import."""
    years = [o.year for o in outcomes if o.year]
    return max(years) if years else None


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account without one)
        return "unknown"
