"""Receipts: the LA's word that it received a board's return, sent back to the school.

LA side: `export_receipts` writes one small file per return held,
`<URN>_<school>_receipt_<revision>.sgreceipt`. It is JSON in canonical form (as the return's
payload: keys sorted, no whitespace, UTF-8) naming the school, the return id, the revision
and the SHA-256 of the payload the LA holds, when it was received and when the receipt was
made; `digest` is the SHA-256 of the canonical form of every other field, and `signature`
the HMAC-SHA256 of the same bytes with the key the LA issued that school (null when it has
issued none). `docs/return-format.md` documents it.

School side: `import_receipt` checks a receipt against `resources/schemas/receipt.schema.json`
(dates real and not in the future), then that it is for this board's school, one of its
returns and a revision it exported (and, when the school holds the LA's key, that the
signature verifies), then keeps it in `return_receipts`; `receipt_for` gives the latest
for an evaluation and `describe_receipt` says in a sentence where the return stands.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import (
    BadInputFileError,
    LAModeError,
    NoSchoolSelectedError,
    StokeGovernorError,
)
from stoke_governor.core.logs import log_unexpected
from stoke_governor.core.settings import LA_RETURN_KEY
from stoke_governor.db.store import Store
from stoke_governor.files.canonical import (
    canonical,
    digest,
    sign,
    verify_digest,
    verify_signature,
)
from stoke_governor.files.reading import read_limited
from stoke_governor.files.schemas import InputFile, check, parse
from stoke_governor.la.mode import is_la, require_la, school_key
from stoke_governor.schools.register import selected_school
from stoke_governor.selfeval.evaluation import Evaluation

FORMAT = "stoke-governor-receipt"
FORMAT_VERSION = 1
SUFFIX = ".sgreceipt"
MAX_BYTES = 64 * 1024
LA_NAME = "Stoke-on-Trent City Council — Governor Services"
_UNSIGNED = ("digest", "signature")  # every other field is digested and signed


class ReceiptError(BadInputFileError):
    """A receipt that cannot be accepted; the message names the file and the reason."""


class Receipt(NamedTuple):
    return_id: str
    revision: int
    payload_digest: str  # SHA-256 of the return payload the LA holds
    received_at: str  # when the LA imported it (ISO 8601)
    receipt_digest: str
    imported_at: str  # when the school imported the receipt
    new: bool = True  # False: the same receipt was already held

    @property
    def received_on(self) -> str:
        """The day the LA received it, e.g. "21 November 2026"."""
        return _day(self.received_at)

    def describe(self) -> str:
        return f"Received by the LA on {self.received_on} (revision {self.revision})"


def _day(stamp: str) -> str:
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:  # held from before receipts were checked against their schema
        return "a day the receipt did not give"
    if when.tzinfo is not None:
        when = when.astimezone()  # the day as the school's clock has it
    return f"{when.day} {when:%B %Y}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# -- the LA's side ------------------------------------------------------------------------
def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:60] or "school"


def receipt_bytes(body: dict, key: bytes | None) -> bytes:
    """The receipt file: the body with its digest and, given a key, its signature."""
    data = canonical(body)
    return canonical(dict(body, digest=digest(data), signature=sign(data, key) if key else None))


def export_receipts(
    store: Store,
    folder: str | os.PathLike,
    received_ids: Iterable[int] | None = None,
    *,
    urns: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> list[Path]:
    """LA: write a receipt for each return held (default: every current return, i.e. the
    latest revision of each; `received_ids` names rows of `returns_received`, `urns`
    narrows to some schools). Returns the files written, in the folder (made if absent)."""
    from stoke_governor.files.workbooks import atomic_output

    require_la(store)
    sql = (
        "SELECT r.id, r.return_id, r.revision, r.urn, s.name, r.year, r.payload_digest, "
        "r.received_at, r.state FROM returns_received r JOIN schools s ON s.urn = r.urn "
    )
    if received_ids is None:
        rows = store.query(sql + "WHERE r.state = 'current' ORDER BY r.urn, r.year")
    else:
        rows = []
        for rid in received_ids:
            row = store.query_one(sql + "WHERE r.id = ?", (rid,))
            if row is None:
                raise ReceiptError(f"No return received has the number {rid}.")
            if row[8] == "conflict":
                raise ReceiptError(
                    f"Two different copies of revision {row[2]} of {row[4]}'s return are held "
                    "(a conflict): choose which to keep before sending a receipt."
                )
            rows.append(row)
    if urns is not None:
        wanted = set(urns)
        rows = [r for r in rows if r[3] in wanted]
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReceiptError(f"The folder {folder} cannot be made: {exc.strerror or exc}.") from None
    issued = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    written: list[Path] = []
    names: set[str] = set()
    for _id, return_id, revision, urn, school, year, payload_digest, received_at, _ in rows:
        key = school_key(store, urn)
        body = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "la": LA_NAME,
            "urn": urn,
            "school": school,
            "return_id": return_id,
            "revision": revision,
            "year": year,
            "payload_digest": payload_digest,
            "received_at": received_at,
            "issued_at": issued,
            "key_id": key.key_id if key else None,
        }
        name = f"{urn}_{_slug(school)}_receipt_{revision}{SUFFIX}"
        if name in names:  # two years' returns of one school at the same revision
            name = f"{urn}_{_slug(school)}_receipt_{year}_{revision}{SUFFIX}"
        names.add(name)
        with atomic_output(folder / name) as tmp:
            tmp.write_bytes(receipt_bytes(body, key.key if key else None))
        written.append(folder / name)
    return written


# -- the school's side --------------------------------------------------------------------
def read_receipt(
    path: str | os.PathLike, data: bytes | None = None
) -> tuple[dict, str, str | None]:
    """The receipt's fields, its digest and signature, checked for form and digest only."""
    path = Path(path)
    name = path.name
    if data is None:
        try:  # a regular file (after links), never more than the limit: the one reader
            data = read_limited(path, MAX_BYTES, "receipt")
        except BadInputFileError as exc:
            raise ReceiptError(str(exc)) from None
        except OSError as exc:
            raise ReceiptError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > MAX_BYTES:
        raise ReceiptError(
            f"{name} is too large to be a receipt (over {MAX_BYTES // 1024} KB); not imported."
        )
    file = InputFile(name, "is not a receipt the app can import", ReceiptError, "a receipt", "it")
    try:
        fields = parse(data, file)
    except ReceiptError:  # not JSON
        fields = None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise ReceiptError(f"{name} is not a receipt from the LA's Governor Services.")
    version = fields.get("format_version")
    if type(version) is int and version != FORMAT_VERSION:
        raise ReceiptError(
            f"{name} is a receipt in format version {version}; this app reads version "
            f"{FORMAT_VERSION}: update the app."
        )
    check(fields, "receipt", file)  # resources/schemas/receipt.schema.json
    stated, signature = fields["digest"].lower(), fields.get("signature")
    body = {k: v for k, v in fields.items() if k not in _UNSIGNED}
    if not verify_digest(canonical(body), stated):
        raise ReceiptError(f"{name} was changed after the LA made it: its digest does not match.")
    return body, stated, signature


def import_receipt(store: Store, path: str | os.PathLike, data: bytes | None = None) -> Receipt:
    """School: check the LA's receipt for one of this board's returns and keep it.

    Importing the same receipt again changes nothing (the Receipt says `new=False`).
    Raises ReceiptError naming the file and why it was refused; anything unexpected is
    logged and refuses the receipt too, with nothing changed."""
    try:
        return _import(store, path, data)
    except StokeGovernorError:
        raise
    except Exception as exc:  # a fault, not a check: logged, and the user told in a sentence
        log_unexpected("la.receipts", "Importing the receipt %s failed", path)
        detail = (str(exc) or type(exc).__name__)[:300].rstrip(".")
        raise ReceiptError(
            f"{Path(path).name} could not be imported: {detail}; nothing was changed."
        ) from None


def _import(store: Store, path: str | os.PathLike, data: bytes | None) -> Receipt:
    name = Path(path).name
    if is_la(store):
        raise LAModeError(
            f"{name} is a receipt for a school board's app; the LA's database does not take "
            "receipts (they are for the schools)."
        )
    body, stated, signature = read_receipt(path, data)
    school = selected_school(store)
    if school is None:
        raise NoSchoolSelectedError(
            f"{name} cannot be checked: this app has not chosen its school yet."
        )
    urn, revision = body["urn"], body["revision"]
    if urn != school.urn:
        raise ReceiptError(
            f"{name} is for another school ({body.get('school') or 'unnamed'}, URN {urn}), "
            f"not {school.name} (URN {school.urn}); not imported."
        )
    held = store.query_one(
        "SELECT revision FROM evaluations WHERE urn = ? AND return_id = ?",
        (urn, body["return_id"]),
    )
    if held is None:
        raise ReceiptError(
            f"{name} is for a return this board did not make (return id {body['return_id']}); "
            "not imported."
        )
    if revision > held[0]:
        raise ReceiptError(
            f"{name} is for revision {revision} of the return, but this board has exported "
            f"only up to revision {held[0]}; not imported."
        )
    key_hex = store.setting(LA_RETURN_KEY.key)
    if key_hex:
        if not signature:
            raise ReceiptError(
                f"{name} is not signed, but the LA gave this school a key: it did not come "
                "from the LA; not imported."
            )
        if not verify_signature(canonical(body), bytes.fromhex(key_hex), signature):
            raise ReceiptError(
                f"{name}: its signature does not match the LA's key for this school: it was "
                "forged or made for another school; not imported."
            )
    return _keep(store, body, stated)


def _keep(store: Store, body: dict, receipt_digest: str) -> Receipt:
    ids = (body["return_id"], body["revision"])
    row = store.query_one(
        "SELECT payload_digest, received_at, receipt_digest, imported_at FROM return_receipts "
        "WHERE return_id = ? AND revision = ?",
        ids,
    )
    if row is not None and row[:2] == (body["payload_digest"], body["received_at"]):
        return Receipt._make((*ids, *row, False))  # the same receipt (perhaps issued again)
    imported = _now()
    with store.transaction():
        store.execute(
            "INSERT INTO return_receipts (return_id, revision, payload_digest, received_at, "
            "receipt_digest, imported_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (return_id, revision) DO UPDATE SET payload_digest = "
            "excluded.payload_digest, received_at = excluded.received_at, "
            "receipt_digest = excluded.receipt_digest, imported_at = excluded.imported_at",
            (*ids, body["payload_digest"], body["received_at"], receipt_digest, imported),
        )
    return Receipt(*ids, body["payload_digest"], body["received_at"], receipt_digest, imported)


def receipt_for(store: Store, evaluation: Evaluation) -> Receipt | None:
    """The latest receipt held for this evaluation's return (the highest revision)."""
    row = store.query_one(
        "SELECT return_id, revision, payload_digest, received_at, receipt_digest, imported_at "
        "FROM return_receipts WHERE return_id = ? ORDER BY revision DESC LIMIT 1",
        (evaluation.return_id,),
    )
    return None if row is None else Receipt._make((*row, False))


def _edited_since_export(evaluation: Evaluation) -> bool:
    if not evaluation.revised_at:
        return True
    try:
        edited = dt.datetime.fromisoformat(evaluation.updated_at)
        exported = dt.datetime.fromisoformat(evaluation.revised_at)
    except ValueError:
        return False
    if edited.tzinfo is None:
        edited = edited.astimezone()  # the app writes local time for edits
    if exported.tzinfo is None:
        exported = exported.astimezone()
    return edited > exported


def describe_receipt(store: Store, evaluation: Evaluation) -> str:
    """Where the board's return stands with the LA, in one sentence for the page."""
    receipt = receipt_for(store, evaluation)
    if receipt is None:
        if not evaluation.revision:
            return (
                "Not yet sent to the LA — export the return and send the file, then "
                "import the LA's receipt."
            )
        return "Not yet confirmed by the LA — send the return file, then import the LA's receipt."
    if receipt.revision < evaluation.revision:
        return (
            f"Changed since the LA received revision {receipt.revision} (on "
            f"{receipt.received_on}) — send the latest return file (revision "
            f"{evaluation.revision}), then import its receipt."
        )
    if _edited_since_export(evaluation):
        return (
            f"Changed since the LA received revision {receipt.revision} (on "
            f"{receipt.received_on}) — export the return again and send it."
        )
    return f"{receipt.describe()}."
