"""The LA pack file (`.sgpack`, format version 2): writing it, and reading it safely.

A pack is a zip of JSON members (and the training modules' Markdown) with `manifest.json`
listing every member's name, size and SHA-256; the manifest carries a digest of itself, and
`signature.json` the LA's Ed25519 signature of the manifest (so of every member, through
their digests) with the public key it was made with. Reading checks, before any member is
parsed: the file's size, that it is a zip, the number of members, each name (no `..`,
absolute paths, backslashes, drive letters, repeats or symbolic links), each member's
declared size and compression ratio and the total; the manifest's digest and signature;
then it reads each member with a hard size limit and compares its SHA-256 with the
manifest's. Whether the key that signed it is the LA's is for `la.packs.trust` to say.
Only JSON is parsed (never pickle; no XML). `docs/pack-format.md` documents the format.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.canonical import canonical, digest, verify_digest
from stoke_governor.files.reading import read_limited
from stoke_governor.files.schemas import InputFile, load
from stoke_governor.files.workbooks import atomic_output
from stoke_governor.files.zips import UNREADABLE_MEMBER, ZipRules, check_directory, size_text
from stoke_governor.la.packs.signature import (
    BadSignatureError,
    SignatureMismatchError,
    signature_member,
    signer,
)

FORMAT = "stoke-governor-pack"
FORMAT_VERSION = 2
UNSIGNED_VERSION = 1  # packs before they were signed: refused
SUFFIX = ".sgpack"
MANIFEST, SIGNATURE = "manifest.json", "signature.json"
# Members of format version 2 that the manifest lists (neither itself nor the signature).
# Modules and frameworks are one member each, under a folder.
TARGETS, MEASURES, SOURCES = "city-targets.json", "measures.json", "sources.json"
SCHOOL, AREA_FIGURES, KEY = "school.json", "area-figures.json", "school-key.json"
FIXED_MEMBERS = (TARGETS, MEASURES, SOURCES, SCHOOL, AREA_FIGURES, KEY)
MODULES_DIR, FRAMEWORKS_DIR = "modules/", "frameworks/"
_MEMBER_NAME = re.compile(
    r"^(modules/[a-z0-9][a-z0-9._-]{0,79}\.md|"
    r"frameworks/[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json)$"
)

# Limits. A pack for one school is well under 2 MB; these leave room and stop a hostile
# file before it costs memory or time.
MAX_FILE_BYTES = 50 * 1024**2
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 32 * 1024**2
MAX_MANIFEST_BYTES = 256 * 1024
MAX_SIGNATURE_BYTES = 4 * 1024
MAX_EXPANDED_BYTES = 100 * 1024**2
MAX_RATIO = 100  # uncompressed / compressed, for a member larger than RATIO_FLOOR
RATIO_FLOOR = 256 * 1024


class PackError(BadInputFileError):
    """A pack that cannot be trusted or read; the message names the file and why."""


class UnsupportedPackVersionError(PackError):
    pass


class PackDigestError(PackError):
    """A member or the manifest does not match its SHA-256: changed after it was made."""


class UnsignedPackError(PackError):
    """A pack with no signature (format version 1, or the signature member missing)."""


class PackSignatureError(PackError):
    """The signature is not the manifest's under the key it names: changed after signing."""


PACK = ZipRules(
    kind="pack",
    member="member",
    refused="cannot be used",
    encrypted="cannot be used",
    outside="the pack",
    max_members=MAX_MEMBERS,
    max_expanded_bytes=MAX_EXPANDED_BYTES,
    max_ratio=MAX_RATIO,
    ratio_floor=RATIO_FLOOR,
    max_member_bytes=MAX_MEMBER_BYTES,
    plain_names=True,
    no_links=True,
    error=PackError,
)


class Member(NamedTuple):
    name: str
    size: int
    sha256: str


def signed_bytes(manifest: dict) -> bytes:
    """What the manifest's digest and the pack's signature are of: its canonical JSON
    without the `digest` key."""
    return canonical({k: v for k, v in manifest.items() if k != "digest"})


def manifest_digest(manifest: dict) -> str:
    """The manifest's own digest: SHA-256 of its canonical JSON without the `digest` key."""
    return digest(signed_bytes(manifest))


# -- writing ------------------------------------------------------------------------------
def write_pack(
    path: Path, header: dict, members: dict[str, bytes], private_key: bytes, public_key: bytes
) -> Path:
    """Write the zip atomically: `header` (pack_id, made_at, made_by, for_urn, …) becomes the
    manifest with the contents list and digest, signed with the LA's `private_key` (whose
    public key is `public_key`); `members` maps each name to its bytes."""
    for name in members:
        if name not in FIXED_MEMBERS and not _MEMBER_NAME.match(name):
            raise ValueError(f"not a pack member name: {name!r}")
    contents = [{"name": n, "size": len(b), "sha256": digest(b)} for n, b in members.items()]
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **header, "contents": contents}
    manifest["digest"] = manifest_digest(manifest)
    signature = signature_member(signed_bytes(manifest), private_key, public_key)
    with atomic_output(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        zf.writestr(SIGNATURE, signature)
        for name, data in members.items():
            zf.writestr(name, data)
    return Path(path)


# -- reading ------------------------------------------------------------------------------
class RawPack(NamedTuple):
    """A pack whose signature and every member matched the manifest; members still unparsed
    bytes. `public_key`: the key that signed it (raw bytes), not yet known to be the LA's."""

    name: str
    manifest: dict
    members: dict[str, bytes]
    public_key: bytes


def open_pack(path: str | Path, data: bytes | None = None) -> RawPack:
    """Check the file and every member against its manifest; PackError (one sentence) if not."""
    path = Path(path)
    name = path.name
    data = _file_bytes(path, data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        reason = (
            "it is damaged or incomplete (was the download cut short?)"
            if data.startswith(b"PK")
            else "it is not a pack file (not a zip file)"
        )
        raise PackError(f"{name} cannot be used: {reason}.") from None
    with zf:
        listing = zf.infolist()
        check_directory(name, listing, PACK)
        infos = {info.filename: info for info in listing}
        if MANIFEST not in infos:
            raise PackError(f"{name} is not an LA pack: it has no {MANIFEST}.")
        manifest = _manifest(name, _read(name, zf, infos[MANIFEST], MAX_MANIFEST_BYTES))
        if SIGNATURE not in infos:
            raise UnsignedPackError(
                f"{name} cannot be used: it is not signed, so the app cannot tell who made it; "
                "ask the LA's Governor Services for a new pack."
            )
        signature = _read(name, zf, infos[SIGNATURE], MAX_SIGNATURE_BYTES)
        try:
            public_key = signer(signed_bytes(manifest), signature)
        except SignatureMismatchError as exc:
            raise PackSignatureError(f"{name} cannot be used: {exc}") from None
        except BadSignatureError as exc:
            raise PackError(f"{name} cannot be used: {exc}") from None
        listed = {m.name: m for m in _contents(name, manifest)}
        extra = sorted(set(infos) - set(listed) - {MANIFEST, SIGNATURE})
        if extra:
            raise PackError(
                f"{name} cannot be used: it holds '{extra[0][:80]}', which its manifest does "
                "not list."
            )
        members = {}
        for member in listed.values():
            info = infos.get(member.name)
            if info is None:
                raise PackError(
                    f"{name} cannot be used: the member '{member.name}' its manifest lists is "
                    "missing (is the file incomplete?)."
                )
            if info.file_size != member.size:
                raise PackDigestError(
                    f"{name} cannot be used: the member '{member.name}' is not the size its "
                    "manifest says; the file was changed after the LA made it."
                )
            body = _read(name, zf, info, member.size)
            if not verify_digest(body, member.sha256):
                raise PackDigestError(
                    f"{name} cannot be used: the member '{member.name}' does not match its "
                    "SHA-256 digest; the file was changed after the LA made it."
                )
            members[member.name] = body
    return RawPack(name, manifest, members, public_key)


def _file_bytes(path: Path, data: bytes | None) -> bytes:
    name = path.name
    if data is None:
        try:  # a regular file (after links), never more than the limit: the one reader
            data = read_limited(path, MAX_FILE_BYTES, "LA pack")
        except BadInputFileError as exc:
            raise PackError(str(exc)) from None
        except OSError as exc:
            raise PackError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > MAX_FILE_BYTES:
        raise PackError(f"{name} is too large to be an LA pack ({size_text(len(data))}).")
    if not data:
        raise PackError(f"{name} cannot be used: the file is empty.")
    return data


def _read(name: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, never more than `limit` whatever its header claims."""
    try:
        with zf.open(info) as fh:
            body = fh.read(limit + 1)
    except UNREADABLE_MEMBER as exc:
        raise PackError(
            f"{name} cannot be used: the member '{info.filename[:80]}' is damaged ({exc})."
        ) from None
    if len(body) > limit:
        raise PackError(
            f"{name} cannot be used: the member '{info.filename[:80]}' is larger than it says."
        )
    return body


def parse_json(pack_name: str, member: str, data: bytes) -> object:
    """A member's JSON; no NaN or infinity, no NUL or lone surrogate (files/schemas.load)."""
    return load(
        data, None, InputFile(pack_name, "cannot be used", PackError, "a pack", f"'{member}'")
    )


def _manifest(name: str, data: bytes) -> dict:
    manifest = parse_json(name, MANIFEST, data)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackError(f"{name} is not an LA pack: its manifest is not a pack's.")
    version = manifest.get("format_version")
    if version == UNSIGNED_VERSION:
        raise UnsignedPackError(
            f"{name} is from an older version of the LA's software and is not signed, so the "
            "app cannot tell who made it; ask the LA's Governor Services for a new pack."
        )
    if version != FORMAT_VERSION:
        raise UnsupportedPackVersionError(
            f"{name} is LA pack format version {str(version)[:20]}; this version of the app "
            f"reads version {FORMAT_VERSION}: update the app to apply it."
        )
    if manifest.get("digest") != manifest_digest(manifest):
        raise PackDigestError(
            f"{name} cannot be used: its manifest does not match its digest; the file was "
            "changed after the LA made it."
        )
    return manifest


def _contents(name: str, manifest: dict) -> list[Member]:
    contents = manifest.get("contents")
    if not isinstance(contents, list) or len(contents) > MAX_MEMBERS:
        raise PackError(f"{name} cannot be used: its manifest has no list of contents.")
    out: list[Member] = []
    for entry in contents:
        given = entry.get("name") if isinstance(entry, dict) else None
        member = given if isinstance(given, str) else None
        if member is None or (member not in FIXED_MEMBERS and not _MEMBER_NAME.match(member)):
            raise PackError(
                f"{name} cannot be used: its manifest lists a member "
                f"'{str(member)[:80]}' that a pack of this version never holds."
            )
        size, digest = entry.get("size"), entry.get("sha256")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_MEMBER_BYTES:
            raise PackError(f"{name} cannot be used: the manifest's size for '{member}' is wrong.")
        if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise PackError(
                f"{name} cannot be used: the manifest's digest for '{member}' is wrong."
            )
        if any(m.name == member for m in out):
            raise PackError(f"{name} cannot be used: its manifest lists '{member}' twice.")
        out.append(Member(member, size, digest))
    return out
