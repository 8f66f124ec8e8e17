"""Hostile and broken packs: each refused with its own reason, and nothing written."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sqlite3
import zipfile
from dataclasses import replace

import pytest

from stoke_governor.cli.main import main
from stoke_governor.files.canonical import digest
from stoke_governor.la.packs import file_format as pack_format
from stoke_governor.la.packs.file_format import (
    MANIFEST,
    SIGNATURE,
    PackDigestError,
    PackError,
    PackSignatureError,
    UnsignedPackError,
    UnsupportedPackVersionError,
    manifest_digest,
    signed_bytes,
)
from stoke_governor.la.packs.members import read_pack
from stoke_governor.la.packs.signature import signature_member

URN = 136102
OTHER_KEY: dict = {}  # another school's key, filled by the `good` fixture
LA_KEY: dict = {}  # the LA's key pair that signed it, filled by the `good` fixture


@pytest.fixture(scope="module")
def good(tmp_path_factory, seeded_template) -> bytes:
    """A real pack for URN 136102, made once from an LA database of this module's own."""
    from stoke_governor.la.mode import issue_key, la_init, la_pack_key
    from stoke_governor.la.packs.make import export_packs
    from stoke_governor.startup import open_database

    folder = tmp_path_factory.mktemp("hostile")
    src, dest = sqlite3.connect(seeded_template), sqlite3.connect(folder / "la.sqlite")
    src.backup(dest)
    src.close()
    dest.close()
    with open_database(folder / "la.sqlite") as la:
        la_init(la)
        issue_key(la, 124390)
        (path,) = export_packs(la, folder / "out", urns=[URN])
        OTHER_KEY.update(
            zip(("urn", "key_id", "key_hex", "issued_at"), issue_key(la, 124390), strict=True)
        )
        LA_KEY.update(la_pack_key(la)._asdict())
    return path.read_bytes()


def _members(data: bytes) -> tuple[dict, dict[str, bytes]]:
    """The manifest and the members it lists (not the signature)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members.pop(SIGNATURE)
    return json.loads(members.pop(MANIFEST)), members


def _signature(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(SIGNATURE)


def _zip(
    manifest: dict | None,
    members: dict[str, bytes],
    *,
    redigest=True,
    extra=(),
    signature: bytes | None = None,
    key: dict | None = None,
) -> bytes:
    """Write a zip; with `redigest`, the manifest is made to match the members (a forgery
    that knows the format). The manifest is then signed with the LA's own key (or `key`), as
    if its key had leaked, so only the check under test can refuse it; or `signature` is
    written as the signature member as it is (b"": none)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if manifest is not None:
            if redigest:
                manifest["contents"] = [
                    {"name": n, "size": len(b), "sha256": digest(b)} for n, b in members.items()
                ]
                manifest["digest"] = manifest_digest(manifest)
            zf.writestr(MANIFEST, json.dumps(manifest))
            if signature is None:
                key = key or LA_KEY
                signature = signature_member(
                    signed_bytes(manifest), key["private_key"], key["public_key"]
                )
            if signature:
                zf.writestr(SIGNATURE, signature)
        for name, body in members.items():
            zf.writestr(name, body)
        for info, body in extra:
            zf.writestr(info, body)
    return buf.getvalue()


def _with_member(good, name, body, **kw):
    manifest, members = _members(good)
    members[name] = body
    return _zip(manifest, members, **kw)


def _symlink(good):
    info = zipfile.ZipInfo("modules/link.md")
    info.external_attr = 0o120777 << 16
    manifest, members = _members(good)
    return _zip(manifest, members, extra=[(info, "/etc/passwd")])


def _bomb(good):
    return _with_member(good, "modules/bomb.md", b"\0" * (8 * 1024**2))


def _changed_member(good):
    manifest, members = _members(good)
    body = bytearray(members["city-targets.json"])
    body[-3] = ord("0") if body[-3] != ord("0") else ord("1")  # same size, other bytes
    members["city-targets.json"] = bytes(body)
    return _zip(manifest, members, redigest=False)


def _manifest_edited(good):
    manifest, members = _members(good)
    manifest["made_by"] = "Someone else"
    return _zip(manifest, members, redigest=False)


def _version(good):
    manifest, members = _members(good)
    manifest["format_version"] = 3
    return _zip(manifest, members)


def _tampered_and_redigested(good):
    """The attack packs are signed against: a member replaced (here the school's key), every
    digest and the manifest's recomputed, and the zip written again; the signature is the
    LA's, made for the manifest as it was."""
    manifest, members = _members(good)
    key = json.loads(members["school-key.json"])
    key["key_hex"] = "ab" * 32
    members["school-key.json"] = json.dumps(key).encode()
    return _zip(manifest, members, signature=_signature(good))


def _unsigned_old_format(good):
    """A pack as the LA's software made them before packs were signed (format version 1)."""
    manifest, members = _members(good)
    manifest["format_version"] = 1
    return _zip(manifest, members, signature=b"")


def _signature_removed(good):
    return _zip(*_members(good), redigest=False, signature=b"")


def _signature_garbled(good):
    doc = json.loads(_signature(good))
    doc["signature"] = doc["signature"][:-2]
    return _zip(*_members(good), redigest=False, signature=json.dumps(doc).encode())


def _keys(good, key):
    manifest, members = _members(good)
    members["school-key.json"] = json.dumps(key).encode()
    return _zip(manifest, members)


def _two_keys(good):
    own = json.loads(_members(good)[1]["school-key.json"])
    return _keys(good, [own, OTHER_KEY])


def _edited(member: str, change, redigest=True):
    """A pack whose member (or manifest) was changed by `change(doc)` and re-digested and
    signed, as a forger holding the key would; JSON written by Python's json, NaN and all
    (a manifest not re-digested is not signed either: it cannot be)."""

    def make(good):
        manifest, members = _members(good)
        if member == MANIFEST:
            change(manifest)
            return _zip(manifest, members, redigest=redigest, signature=None if redigest else b"")
        doc = json.loads(members[member])
        change(doc)
        members[member] = json.dumps(doc).encode("utf-8")
        return _zip(manifest, members)

    return make


def _text_member(member: str, old: bytes, new: bytes):
    def make(good):
        manifest, members = _members(good)
        assert old in members[member]
        members[member] = members[member].replace(old, new, 1)
        return _zip(manifest, members)

    return make


NEXT_YEAR = f"{dt.date.today().year + 1}-02-01T10:00:00+00:00"
FRAMEWORK = "frameworks/dfe-effective-governance-2024.1.json"
CASES = {
    "traversal": (lambda g: _with_member(g, "../evil.json", b"{}"), "points outside the pack"),
    "absolute": (lambda g: _with_member(g, "/etc/evil.json", b"{}"), "points outside the pack"),
    "backslash": (
        lambda g: _with_member(g, "modules\\..\\evil.md", b"x"),
        "points outside the pack",
    ),
    "symlink": (_symlink, "is a symbolic link"),
    "zip bomb": (_bomb, "looks like a zip bomb"),
    "duplicate name": (
        lambda g: _zip(*_members(g), extra=[("measures.json", b"{}")]),
        "appears twice",
    ),
    "unlisted member": (
        lambda g: _with_member(g, "modules/extra.md", b"x", redigest=False),
        "which its manifest does not list",
    ),
    "manifest digest": (_manifest_edited, "its manifest does not match its digest"),
    "member digest": (_changed_member, "does not match its SHA-256 digest"),
    "unknown version": (_version, "update the app"),
    "member replaced, digests recomputed": (
        _tampered_and_redigested,
        "its signature does not match its contents; the file was changed after it was signed",
    ),
    "unsigned, older format": (
        _unsigned_old_format,
        "is from an older version of the LA's software and is not signed",
    ),
    "signature removed": (_signature_removed, "it is not signed"),
    "signature garbled": (_signature_garbled, "its signature is not in the right form"),
    "truncated": (lambda g: g[: len(g) // 2], "damaged or incomplete"),
    "not a zip": (lambda g: b"URN,Name\n136102,x\n", "not a pack file"),
    "empty": (lambda g: b"", "the file is empty"),
    "no manifest": (lambda g: _zip(None, _members(g)[1]), "has no manifest.json"),
    "two keys": (_two_keys, "more than one signing key"),
    "another school's key": (lambda g: _keys(g, OTHER_KEY), "signing key of another school"),
    "pickle not json": (
        lambda g: _with_member(g, "measures.json", b"\x80\x04K\x01."),
        "not UTF-8 text",
    ),
    "unknown columns": (
        lambda g: _with_member(g, "measures.json", b'{"rows":[{"code":"X","evil":1}]}'),
        "measure X holds 'evil', which is not a field the app knows",
    ),
    "figure NaN": (
        _edited("school.json", lambda d: d["figures"][0].update(value=float("nan"))),
        "'school.json' holds NaN (not a number) as figure 1's value; a pack holds only real "
        "numbers.",
    ),
    "figure infinity": (
        _edited("area-figures.json", lambda d: d["figures"][2].update(value=float("-inf"))),
        "'area-figures.json' holds -Infinity (not a real number) as figure 3's value",
    ),
    "figure as text": (
        _edited("school.json", lambda d: d["figures"][0].update(value="158")),
        "in 'school.json', figure 1's value is '158', which is not a number or empty.",
    ),
    "decimals as text": (
        _edited("measures.json", lambda d: d["rows"][0].update(decimals="2")),
        "in 'measures.json', measure APPRENPER's number of decimals is '2', which is not a "
        "whole number.",
    ),
    "unknown target kind": (
        _edited("city-targets.json", lambda d: d["rows"][0].update(kind="goal")),
        "target attainment8_2025_england's kind is 'goal', but it must be one of 'baseline', "
        "'target'.",
    ),
    "source id as text": (
        _edited("sources.json", lambda d: d["rows"][0].update(id="1")),
        "in 'sources.json', source 1's id is '1', which is not a whole number.",
    ),
    "made next year": (
        _edited(MANIFEST, lambda m: m.update(made_at=NEXT_YEAR)),
        f"in 'manifest.json', the time the pack was made is '{NEXT_YEAR}', which is in the future",
    ),
    "manifest NaN": (
        _edited(MANIFEST, lambda m: m.update(for_urn=float("nan")), redigest=False),
        "'manifest.json' holds NaN (not a number) as the field 'for_urn'; a pack holds only",
    ),
    "key issued on no date": (
        _edited("school-key.json", lambda k: k.update(issued_at="not a date")),
        "in 'school-key.json', the time the key was issued is 'not a date', which is not a "
        "date and time",
    ),
    "framework with a NUL": (
        _text_member(FRAMEWORK, b'"text": "The board has', b'"text": "\\u0000The board has'),
        f"'{FRAMEWORK}' holds a NUL character (\\u0000) in item SL1's text",
    ),
    "module with a NUL": (
        _text_member("modules/01-induction.md", b"Welcome", b"\x00Welcome"),
        "'modules/01-induction.md' holds a NUL character",
    ),
}


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_hostile_pack_is_refused_with_its_reason_and_nothing_written(
    case, good, db_path, tmp_path, capsys
):
    make, reason = CASES[case]
    path = tmp_path / f"{URN}_pack.sgpack"
    path.write_bytes(make(good))
    with pytest.raises(PackError, match=re.escape(reason)):
        read_pack(path)
    assert main(["--db", str(db_path), "school", "select", str(URN)]) == 0
    before = _fingerprint(db_path)
    assert main(["--db", str(db_path), "pack", "import", str(path)]) == 1
    assert reason in capsys.readouterr().err
    assert _fingerprint(db_path) == before


def _fingerprint(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return (
            conn.execute("SELECT count(*) FROM pack_imports").fetchone(),
            conn.execute("SELECT count(*), sum(value) FROM school_figures").fetchone(),
            conn.execute("SELECT group_concat(value_text) FROM city_targets").fetchone(),
            conn.execute("SELECT value FROM settings WHERE key = 'la_return_key'").fetchone(),
            conn.execute(
                "SELECT group_concat(value) FROM settings WHERE key LIKE 'la_pack_trusted%'"
            ).fetchone(),
            conn.execute("PRAGMA integrity_check").fetchone(),
        )
    finally:
        conn.close()


def test_errors_say_which_check_failed(good, tmp_path):
    path = tmp_path / "p.sgpack"
    path.write_bytes(_version(good))
    with pytest.raises(UnsupportedPackVersionError):
        read_pack(path)
    path.write_bytes(_changed_member(good))
    with pytest.raises(PackDigestError):
        read_pack(path)
    path.write_bytes(_tampered_and_redigested(good))
    with pytest.raises(PackSignatureError):
        read_pack(path)
    path.write_bytes(_unsigned_old_format(good))
    with pytest.raises(UnsignedPackError):
        read_pack(path)


def test_limits_on_members_and_sizes(good, tmp_path, monkeypatch):
    path = tmp_path / "p.sgpack"
    path.write_bytes(good)
    assert read_pack(path).for_urn == URN
    monkeypatch.setattr(pack_format, "PACK", replace(pack_format.PACK, max_member_bytes=1000))
    with pytest.raises(PackError, match="is too large"):
        read_pack(path)
    monkeypatch.undo()
    monkeypatch.setattr(pack_format, "PACK", replace(pack_format.PACK, max_members=3))
    with pytest.raises(PackError, match="members \\(the limit is 3\\)"):
        read_pack(path)
    monkeypatch.undo()
    monkeypatch.setattr(pack_format, "MAX_FILE_BYTES", 1000)
    with pytest.raises(PackError, match="too large to be an LA pack"):
        read_pack(path)
