"""One return file through the import: read and checked, archived, then stored in its own
transaction (`storing`) or refused with the reason, whose return it claims to be, and why
in a few words. Whatever goes wrong with one file stays with that file."""

from __future__ import annotations

import hashlib
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
from stoke_governor.files.workbooks import read_workbook
from stoke_governor.la.returns.archive import archive_path, write_archive
from stoke_governor.la.returns.outcomes import REJECTED, Outcome
from stoke_governor.la.returns.storing import _classify, _log
from stoke_governor.selfeval.return_file import Claimed, ReturnFile, claimed, read_return


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
