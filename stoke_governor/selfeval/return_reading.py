"""Reading a return: the payload found in a return file without opening the workbook, its
digest and signature verified, then checked against `resources/schemas/return.schema.json`
(`files/schemas.py`) and its ratings against the scale it gives; and, for a refused file,
whose return it claims to be.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
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
from stoke_governor.files.canonical import digest, verify_digest, verify_signature
from stoke_governor.files.schemas import InputFile, check, parse
from stoke_governor.selfeval.return_format import FORMAT, FORMAT_VERSION, NAMESPACE, PART

MAX_PART_BYTES = 5 * 1024**2
REFUSED = "is not a return the app can import"


class ReturnFile(NamedTuple):
    payload: dict
    data: bytes
    digest: str
    signature: str | None
    key_id: str | None
    signature_checked: bool  # a key was given and the signature verified
    edited: bool = False  # read with allow_edited: the payload no longer matches its digest

    @property
    def urn(self) -> int:
        return self.payload["school"]["urn"]


KeyFor = bytes | Callable[[int], bytes | None] | None


def read_return(
    path: str | os.PathLike,
    key: KeyFor = None,
    data: bytes | None = None,
    *,
    allow_edited: bool = False,
) -> ReturnFile:
    """Read and verify the payload of a return file, without opening the workbook.

    The file is checked as any workbook is (`workbooks.checked_xlsx`), then only the
    payload part is read. `key` is the school's key (or a function of the URN giving it): with a
    key, the signature must be present and verify. Raises a ReturnError subclass naming
    the file and the check that failed. `allow_edited` reads a payload that no longer
    matches its digest (the LA's explicit --accept-edited): `edited` is then True and
    `digest` is the payload's own; a signature is still checked over the bytes as they are.
    """
    from stoke_governor.files.workbooks import checked_xlsx, read_workbook

    path = Path(path)
    name = path.name
    if data is None:
        try:  # a regular file (after links), never more than the limit: the one reader
            data = read_workbook(path)
        except BadInputFileError as exc:
            raise ReturnError(str(exc)) from None
    with checked_xlsx(path, data) as zf:
        part = _find_part(zf, name)
    root = _parse(part, name)
    return _verify(root, name, key, allow_edited)


def _find_part(zf: zipfile.ZipFile, name: str) -> bytes:
    names = zf.namelist()
    candidates = [PART] if PART in names else []
    candidates += sorted(
        n for n in names if re.fullmatch(r"customXml/item\d{1,3}\.xml", n) and n != PART
    )[:20]
    for member in candidates:
        info = zf.getinfo(member)
        if info.file_size > MAX_PART_BYTES:
            raise ReturnError(f"{name}: its return part is too large ({info.file_size:,} bytes).")
        body = zf.read(member)
        if NAMESPACE.encode() in body[:1000]:
            return body
    raise NotAReturnError(
        f"{name} is a workbook but not a self-evaluation return: it has no return part."
    )


def _parse(part: bytes, name: str):
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        return ElementTree.fromstring(part)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise ReturnError(f"{name}: its return part is damaged ({exc}).") from None


def _verify(root, name: str, key: KeyFor, allow_edited: bool = False) -> ReturnFile:
    ns = "{" + NAMESPACE + "}"
    if root.tag != ns + "return" or root.get("format") != FORMAT:
        raise NotAReturnError(f"{name} is not a self-evaluation return.")
    if root.get("version") != str(FORMAT_VERSION):
        raise UnsupportedReturnVersionError(
            f"{name} is a return in format version {root.get('version')!r}; this app reads "
            f"version {FORMAT_VERSION}: update the app."
        )
    payload_el, digest_el = root.find(ns + "payload"), root.find(ns + "digest")
    sig_el = root.find(ns + "signature")
    if payload_el is None or digest_el is None or not digest_el.text:
        raise ReturnError(f"{name}: its return part has no payload or no digest.")
    data = (payload_el.text or "").encode("utf-8")
    stated = digest_el.text.strip().lower()
    edited = not verify_digest(data, stated)
    if edited and allow_edited:
        stated = digest(data)
    elif edited:
        raise ReturnDigestError(
            f"{name} was changed outside the app: its payload does not match its digest."
        )
    payload = read_payload(data, name)
    urn = payload["school"]["urn"]
    secret = key(urn) if callable(key) else key
    signature = sig_el.text.strip().lower() if sig_el is not None and sig_el.text else None
    if secret:
        if signature is None:
            raise ReturnSignatureError(
                f"{name} is not signed, but the LA issued URN {urn} a key: it did not come "
                "from that school's app."
            )
        if not verify_signature(data, secret, signature):
            raise ReturnSignatureError(
                f"{name}: its signature does not match URN {urn}'s key: it was forged or "
                "signed with another key."
            )
    key_id = sig_el.get("key-id") if sig_el is not None else None
    return ReturnFile(payload, data, stated, signature, key_id, bool(secret), edited)


class Claimed(NamedTuple):
    """What a return file says about itself, read without trusting it (for a refused file)."""

    urn: int | None
    year: str | None
    return_id: str | None
    revision: int | None
    signed: bool  # it carries a signature element


def claimed(data: bytes) -> Claimed | None:
    """The school, year, return id and revision a return file names, read without checking
    its digest, signature or schema: only for saying whose return was refused. None when
    the file has no readable return part or payload."""
    import io
    import json

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            root = _parse(_find_part(zf, "return"), "return")
        ns = "{" + NAMESPACE + "}"
        payload = json.loads(root.findtext(ns + "payload") or "")
    except (ReturnError, zipfile.BadZipFile, ValueError, RecursionError, OSError):
        return None
    if not isinstance(payload, dict):
        return None
    school, evaluation = payload.get("school"), payload.get("evaluation")
    urn = school.get("urn") if isinstance(school, dict) else None
    year = evaluation.get("year") if isinstance(evaluation, dict) else None
    rid, rev = payload.get("return_id"), payload.get("revision")
    return Claimed(
        urn if type(urn) is int else None,
        year if isinstance(year, str) and re.fullmatch(r"\d{4}-\d{2}", year) else None,
        rid[:100] if isinstance(rid, str) else None,
        rev if type(rev) is int else None,
        root.find(ns + "signature") is not None,
    )


def read_payload(data: bytes, name: str) -> dict:
    """The payload's JSON checked against `resources/schemas/return.schema.json`, then its
    ratings against its framework's scale; ReturnError naming the file and field if not."""
    file = InputFile(name, REFUSED, ReturnError, "a return", "its payload")
    payload = parse(data, file)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise NotAReturnError(f"{name}: its payload is not a self-evaluation return.")
    version = payload.get("format_version")
    if type(version) is int and version != FORMAT_VERSION:  # a later version: other fields
        raise UnsupportedReturnVersionError(
            f"{name}: its payload is format version {version}; this app reads version "
            f"{FORMAT_VERSION}: update the app."
        )
    check(payload, "return", file)
    _on_the_scale(payload, file)
    return payload


def _on_the_scale(payload: dict, file: InputFile) -> None:
    """What the schema cannot say: ratings and means on the scale the return itself gives."""
    values = sorted({v["value"] for v in payload["framework"]["scale"]})
    low, high = values[0], values[-1]
    if values == list(range(low, high + 1)):
        scale = f"run from {low} to {high}"
    else:
        scale = "are only " + ", ".join(map(str, values[:-1])) + f" or {high}"
    for n, item in enumerate(payload["ratings"]):
        if item["rating"] is not None and item["rating"] not in values:
            says = f"is {item['rating']}, but ratings {scale}"
            file.refuse_field("return", payload, ["ratings", n, "rating"], says)
    for n, section in enumerate(payload["sections"]):
        if section["mean"] is not None and not low <= section["mean"] <= high:
            says = f"is {section['mean']}, but ratings {scale}"
            file.refuse_field("return", payload, ["sections", n, "mean"], says)
