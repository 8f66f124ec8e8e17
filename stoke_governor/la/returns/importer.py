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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import (
    BadInputFileError,
    NotAReturnError,
    ReturnDigestError,
    ReturnError,
    ReturnSignatureError,
    UnsupportedReturnVersionError,
)
from stoke_governor.core.logs import log_unexpected
from stoke_governor.db.store import Store
from stoke_governor.files.reading import files_in
from stoke_governor.files.workbooks import read_workbook
from stoke_governor.la.mode import key_for, require_la
from stoke_governor.la.returns.archive import (
    archive_path,
    synced_at_the_end,
    write_archive,
)
from stoke_governor.selfeval.return_file import Claimed, ReturnFile, claimed, read_return

IMPORTED, SUPERSEDED, DUPLICATE, STALE, CONFLICT, REJECTED = (
    "imported",
    "superseded",
    "duplicate",
    "stale",
    "conflict",
    "rejected",
)
STATUSES = (IMPORTED, SUPERSEDED, DUPLICATE, STALE, CONFLICT, REJECTED)
SUFFIX = ".xlsx"


class Outcome(NamedTuple):
    file: str
    status: str
    reason: str
    urn: int | None = None
    return_id: str | None = None
    revision: int | None = None
    school: str | None = None
    received_id: int | None = None  # the returns_received row stored (or matched)
    year: str | None = None  # the academic year the return is for (as it claims, if refused)
    refusal: str | None = None  # refused: the reason in a few words ("edited after signing")
    claimed_urn: int | None = None  # refused: the school the file says it is from (unchecked)

    def as_json(self) -> dict:
        keys = ("file", "status", "reason", "urn", "return_id", "revision")
        return {k: getattr(self, k) for k in keys}

    def describe(self) -> str:
        """One line for a person: `file: status — school, return, revision: reason`."""
        about = []
        if self.urn is not None:
            about.append(f"{self.school} (URN {self.urn})" if self.school else f"URN {self.urn}")
        if self.return_id:
            about.append(f"return {self.return_id[:8]}")
        if self.revision is not None:
            about.append(f"revision {self.revision}")
        head = ", ".join(about)
        text = f"{head}: {self.reason}" if head and self.reason else head or self.reason
        return f"{self.file}: {self.status}" + (f" — {text}" if text else "")


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


# -- one file -----------------------------------------------------------------------------
class _Read(NamedTuple):
    data: bytes | None
    sha256: str | None
    ret: ReturnFile | None
    error: str | None
    claimed: Claimed | None = None  # a refused return: whose it says it is
    refusal: str | None = None  # a refused return: why, in a few words


def refusal_words(exc: ReturnError, said: Claimed | None) -> str:
    """Why a return was refused, in a few words for the City picture."""
    if isinstance(exc, ReturnDigestError):
        signed = said is not None and said.signed
        return "edited after signing" if signed else "edited after it was exported"
    if isinstance(exc, ReturnSignatureError):
        if "is not signed" in str(exc):
            return "not signed with the key the LA issued"
        return "signature does not match the school's key"
    if isinstance(exc, UnsupportedReturnVersionError):
        return "made by a newer version of the app"
    return "damaged or incomplete"


def _one(
    store: Store, path: Path, keys, who: str, accept_edited: bool, written: list[Path] | None
) -> Outcome:
    """One file: read, archive, classify and write in one transaction. `written` collects
    the archive files made (None: a dry run, nothing written). Whatever goes wrong with this
    file ends as its `rejected` outcome, logged: the batch goes on."""
    read = None
    try:
        read = _read(path, keys, accept_edited)
        return _archive_and_classify(store, path, who, read, written)
    except Exception as exc:  # not one of the checks: a fault, kept to this one file
        log_unexpected("la.returns", "Importing the return %s failed", path)
        detail = (str(exc) or type(exc).__name__)[:300].rstrip(".")
        reason = f"{path.name} could not be imported: {detail}; nothing from it was stored."
        return _log_only(store, path, who, read.sha256 if read else None, reason, written is None)


def _refused(path: Path, reason: str, read: _Read | None, refusal: str | None = None) -> Outcome:
    """A rejected outcome, naming the school and year the file claims (if it says)."""
    said = read.claimed if read is not None else None
    if said is None or said.urn is None:
        return Outcome(str(path), REJECTED, reason)
    return Outcome(
        str(path),
        REJECTED,
        reason,
        year=said.year,
        refusal=refusal or (read.refusal if read is not None else None) or "could not be read",
        claimed_urn=said.urn,
    )


def _archive_and_classify(
    store: Store, path: Path, who: str, read: _Read, written: list[Path] | None
) -> Outcome:
    dry_run = written is None
    archived = None
    if read.sha256 is not None and read.data is not None:
        archived = archive_path(read.sha256)
        if written is not None:
            try:
                write_archive(store, read.sha256, read.data, written)
            except OSError as exc:
                why = f"{path.name} could not be archived: {exc.strerror or exc}."
                return _log_only(store, path, who, read.sha256, why, dry_run)
    if read.error is not None:
        return _log_only(store, path, who, read.sha256, read.error, dry_run, read)
    if read.ret is None or read.sha256 is None or archived is None:
        raise ReturnError(f"{path.name}: its return part cannot be read.")  # read.error says
    with store.transaction():  # in a dry run, a savepoint of the batch's
        return _classify(store, path, who, read.ret, read.sha256, archived)


def _read(path: Path, keys, accept_edited: bool) -> _Read:
    name = path.name
    try:  # not a regular file, or too large: not read, not archived
        data = read_workbook(path)
    except BadInputFileError as exc:
        return _Read(None, None, None, str(exc))
    except OSError as exc:
        return _Read(None, None, None, f"{name} cannot be read: {exc.strerror or exc}.")
    sha = hashlib.sha256(data).hexdigest()
    try:  # the payload is checked against its schema (selfeval/return_file.read_payload)
        ret = read_return(path, key=keys, data=data, allow_edited=accept_edited)
    except ReturnDigestError as exc:
        said = claimed(data)
        return _Read(
            data,
            sha,
            None,
            f"{exc} Import it only if you trust it, with "
            "--accept-edited (it is then flagged as edited).",
            said,
            refusal_words(exc, said),
        )
    except NotAReturnError as exc:
        return _Read(data, sha, None, str(exc))
    except ReturnError as exc:  # a return, refused: say whose it claims to be
        said = claimed(data)
        return _Read(data, sha, None, str(exc), said, refusal_words(exc, said))
    except BadInputFileError as exc:
        return _Read(data, sha, None, str(exc))
    return _Read(data, sha, ret, None)


def _log_only(
    store, path, who, sha256: str | None, reason: str, dry_run: bool, read: _Read | None = None
) -> Outcome:
    outcome = _refused(path, reason, read)
    if dry_run:
        return outcome
    try:
        with store.transaction():
            _log(store, outcome, who, sha256)
    except Exception:  # the database itself failing: the outcome still reaches the user
        log_unexpected("la.returns", "Logging the outcome of %s failed", path)
    return outcome


def _log(store: Store, o: Outcome, who: str, sha256: str | None) -> None:
    store.execute(
        "INSERT INTO return_import_log (at, by, file, file_sha256, status, reason, urn, "
        "return_id, revision, received_id, year, refusal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?)",
        (
            _now(),
            who,
            o.file,
            sha256,
            o.status,
            o.reason,
            o.urn if o.urn is not None else o.claimed_urn,
            o.return_id,
            o.revision,
            o.received_id,
            o.year,
            o.refusal if o.status == REJECTED else None,
        ),
    )


def _classify(
    store: Store, path: Path, who: str, ret: ReturnFile, sha256: str, archived: str
) -> Outcome:
    """Decide the outcome and write it (the caller holds the transaction)."""
    p = ret.payload
    urn, rid, rev, year = p["school"]["urn"], p["return_id"], p["revision"], p["evaluation"]["year"]
    school = store.query_one("SELECT name FROM schools WHERE urn = ?", (urn,))
    base = dict(
        file=str(path),
        urn=urn,
        return_id=rid,
        revision=rev,
        school=school[0] if school else p["school"].get("name"),
        year=year,
    )

    def done(
        status: str, reason: str, received_id: int | None = None, refusal: str | None = None
    ) -> Outcome:
        outcome = Outcome(
            status=status, reason=reason, received_id=received_id, refusal=refusal, **base
        )
        _log(store, outcome, who, sha256)
        return outcome

    if school is None:
        return done(
            REJECTED,
            f"{path.name} is from URN {urn}, which is not a school the LA "
            "holds: check the school list is up to date (data import of a GIAS "
            "extract).",
        )
    held = store.query(
        "SELECT id, revision, payload_digest, state, urn, received_at FROM returns_received "
        "WHERE return_id = ? ORDER BY revision DESC, id",
        (rid,),
    )
    if any(h["urn"] != urn for h in held):
        return done(
            REJECTED,
            f"{path.name} claims URN {urn}, but its return id belongs to "
            f"URN {held[0]['urn']}'s return: it was altered or mixed up.",
            refusal="its return id belongs to another school",
        )
    same = next(
        (h for h in held if h["revision"] == rev and h["payload_digest"] == ret.digest), None
    )
    if same is not None:
        return done(
            DUPLICATE,
            f"identical to the return received {_day(same['received_at'])}; nothing changed.",
            same["id"],
        )
    newest = held[0]["revision"] if held else 0
    if rev < newest:
        return done(
            STALE, f"older than revision {newest}, which is held; not applied, only recorded."
        )
    edited = " Accepted as edited outside the app (flagged)." if ret.edited else ""
    if rev == newest:
        new_id = _insert(store, path, ret, sha256, archived, year, "conflict")
        return done(
            CONFLICT,
            f"revision {rev} is held with different content; both are kept "
            f"and flagged for a person to choose.{edited}",
            new_id,
        )
    new_id = _insert(store, path, ret, sha256, archived, year, "current")
    if held:
        store.execute(
            "UPDATE returns_received SET state = 'superseded' WHERE return_id = ? AND id != ?",
            (rid, new_id),
        )
    other = _settle_year(store, urn, year)
    status = SUPERSEDED if held else IMPORTED
    reason = (
        f"replaces revision {newest}, kept as history." if held else f"a new return for {year}."
    )
    if other is not None and other != new_id:
        reason += (
            " Kept as history: another return from this school for "
            f"{year}, made later, is the one the city picture uses."
        )
    return done(status, reason + edited, new_id)


def _insert(
    store, path: Path, ret: ReturnFile, sha256: str, archived: str, year: str, state: str
) -> int:
    new_id = store.insert(
        "INSERT INTO returns_received (return_id, revision, urn, year, payload_digest, "
        "payload, file_sha256, file_name, archived_as, signed, key_id, edited, state, "
        "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ret.payload["return_id"],
            ret.payload["revision"],
            ret.urn,
            year,
            ret.digest,
            ret.data.decode("utf-8"),
            sha256,
            path.name,
            archived,
            int(ret.signature is not None and ret.signature_checked),
            ret.key_id,
            int(ret.edited),
            state,
            _now(),
        ),
    )
    return new_id


def _settle_year(store, urn: int, year: str) -> int | None:
    """One current return per school and year: the one whose revision was made last."""
    rows = store.query(
        "SELECT id, json_extract(payload, '$.created') AS created FROM returns_received "
        "WHERE urn = ? AND year = ? AND state = 'current'",
        (urn, year),
    )
    if not rows:
        return None
    keep = max(rows, key=lambda r: (str(r["created"] or ""), r["id"]))["id"]
    store.execute(
        "UPDATE returns_received SET state = 'superseded' WHERE urn = ? AND year = ? "
        "AND state = 'current' AND id != ?",
        (urn, year, keep),
    )
    return keep


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _day(iso: str | None) -> str:
    return f"on {iso[:10]}" if iso else "before"


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account without one)
        return "unknown"
