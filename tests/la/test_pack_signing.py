"""Signed packs: a board applies only packs signed with the LA's key, trusted on the first
pack (after checking its fingerprint) or published with the app; any other is refused and
nothing changes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile

import pytest

from stoke_governor.cli.main import main
from stoke_governor.files.canonical import digest
from stoke_governor.files.key_pairs import fingerprint, new_private_key, public_key
from stoke_governor.la.packs import trust
from stoke_governor.la.packs.file_format import (
    MANIFEST,
    SIGNATURE,
    manifest_digest,
    signed_bytes,
)
from stoke_governor.la.packs.signature import signature_member

URN = 136102


def run(db, *args) -> int:
    return main(["--db", str(db), *map(str, args)])


def state(db_path) -> tuple:
    """What a pack could change on a board, counted: it must be the same after a refusal."""
    conn = sqlite3.connect(db_path)
    try:
        q = conn.execute
        return (
            q("SELECT count(*) FROM pack_imports").fetchone()[0],
            q("SELECT count(*), sum(value) FROM school_figures").fetchone(),
            q("SELECT count(*), group_concat(value_text) FROM city_targets").fetchone(),
            q("SELECT count(*) FROM pack_resources").fetchone()[0],
            q(
                "SELECT group_concat(key || '=' || value) FROM settings WHERE key LIKE 'la_%'"
            ).fetchone()[0],
        )
    finally:
        conn.close()


@pytest.fixture
def board(db_path):
    assert run(db_path, "school", "select", URN) == 0
    return db_path


def make_pack(la_path, folder):
    assert run(la_path, "pack", "export", "-o", folder, "--urn", URN) == 0
    (path,) = folder.glob("*.sgpack")
    return path


def la_fingerprint(la_path, capsys) -> str:
    capsys.readouterr()
    assert run(la_path, "pack", "key") == 0
    return capsys.readouterr().out.split("signed with key ")[1].split(".")[0]


def rezip(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)


def members_of(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def resign(path, private: bytes) -> None:
    """The pack signed again with another key pair: a sound signature, by someone else."""
    members = members_of(path)
    manifest = json.loads(members[MANIFEST])
    members[SIGNATURE] = signature_member(signed_bytes(manifest), private, public_key(private))
    rezip(path, members)


def test_the_first_pack_is_applied_only_once_its_fingerprint_is_given(
    board, la_path, tmp_path, capsys
):
    path = make_pack(la_path, tmp_path / "packs")
    la_key = la_fingerprint(la_path, capsys)
    assert la_key.startswith("SHA256:") and len(la_key.split()) == 8
    before = state(board)

    assert run(board, "pack", "import", path) == 1
    err = capsys.readouterr().err
    assert f"is signed by key {la_key}, and this app does not yet trust a key" in err
    assert "Check that this fingerprint matches the one Stoke-on-Trent LA's" in err
    assert f'If it matches, run again with --trust-key "{la_key}".' in err
    assert state(board) == before

    wrong = fingerprint(public_key(new_private_key()))
    assert run(board, "pack", "import", path, "--trust-key", wrong) == 1
    assert f"is signed by key {la_key}, not by the key {wrong} you said to trust" in (
        capsys.readouterr().err
    )
    assert state(board) == before
    assert run(board, "pack", "import", path, "--trust-key", "not a fingerprint") == 2
    assert "is not a key fingerprint" in capsys.readouterr().err
    assert state(board) == before

    # As a person may type it from the LA's page: no prefix, no spaces, capitals.
    typed = la_key.removeprefix("SHA256:").replace(" ", "").upper()
    assert run(board, "pack", "import", path, "--trust-key", typed) == 0
    out = capsys.readouterr().out
    assert f"signed with key {la_key}" in out and "Applied:" in out
    assert state(board) != before
    assert run(board, "pack", "key") == 0
    assert f"packs signed with key {la_key} (trusted since" in capsys.readouterr().out

    # The LA's next pack is applied without asking again.
    again = make_pack(la_path, tmp_path / "next")
    assert run(board, "pack", "import", again) == 0
    assert "Applied:" in capsys.readouterr().out


def test_a_pack_whose_member_was_replaced_and_manifest_recomputed_is_refused(
    board, la_path, tmp_path, capsys
):
    """The attack in the issue: digests show integrity, the signature shows who made it."""
    la_key = la_fingerprint(la_path, capsys)
    first = make_pack(la_path, tmp_path / "first")
    assert run(board, "pack", "import", first, "--trust-key", la_key) == 0
    path = make_pack(la_path, tmp_path / "second")
    members = members_of(path)
    manifest = json.loads(members[MANIFEST])
    key = json.loads(members["school-key.json"])
    key["key_hex"] = "ab" * 32  # returns would be signed with a key the forger knows
    members["school-key.json"] = json.dumps(key).encode()
    manifest["contents"] = [
        {"name": n, "size": len(b), "sha256": digest(b)}
        for n, b in members.items()
        if n not in (MANIFEST, SIGNATURE)
    ]
    manifest["digest"] = manifest_digest(manifest)
    members[MANIFEST] = json.dumps(manifest).encode()
    rezip(path, members)
    before = state(board)
    capsys.readouterr()
    assert run(board, "pack", "import", path) == 1
    assert (
        "its signature does not match its contents; the file was changed after it was signed"
        in capsys.readouterr().err
    )
    assert run(board, "pack", "import", path, "--trust-key", la_key) == 1
    assert state(board) == before


def test_a_pack_signed_with_another_key_is_refused_naming_both(board, la_path, tmp_path, capsys):
    la_key = la_fingerprint(la_path, capsys)
    first = make_pack(la_path, tmp_path / "a")
    assert run(board, "pack", "import", first, "--trust-key", la_key) == 0
    capsys.readouterr()
    path = make_pack(la_path, tmp_path / "b")
    other = new_private_key()
    resign(path, other)
    before = state(board)
    assert run(board, "pack", "import", path) == 1
    err = capsys.readouterr().err
    assert (
        f"is signed by a different key ({fingerprint(public_key(other))}) from the one this "
        f"app trusts for Stoke-on-Trent LA ({la_key}). It was not applied. If the LA has "
        "changed its key, check the new fingerprint with its Governor Services by phone"
    ) in err
    assert state(board) == before
    assert run(board, "pack", "import", path, "--dry-run") == 1
    assert state(board) == before


def test_the_la_changes_its_key_and_the_board_trusts_the_new_one(board, la_path, tmp_path, capsys):
    old = la_fingerprint(la_path, capsys)
    assert la_fingerprint(la_path, capsys) == old  # kept, not made again
    assert run(board, "pack", "import", make_pack(la_path, tmp_path / "1"), "--trust-key", old) == 0
    old_pack = make_pack(la_path, tmp_path / "old")
    assert run(la_path, "pack", "key", "--new") == 0
    out = capsys.readouterr().out
    assert "Made a new key for the LA's packs: SHA256:" in out and f"(it replaces {old})" in out
    new = la_fingerprint(la_path, capsys)
    assert new != old
    path = make_pack(la_path, tmp_path / "2")
    before = state(board)
    assert run(board, "pack", "import", path) == 1
    err = capsys.readouterr().err
    assert f"different key ({new})" in err and f"({old})" in err
    assert f'If they confirm it, run again with --trust-key "{new}".' in err
    assert state(board) == before
    assert run(board, "pack", "import", path, "--trust-key", new) == 0
    assert f"The LA's key: {new} trusted from now on" in capsys.readouterr().out
    assert run(board, "pack", "key") == 0
    assert f"packs signed with key {new} (trusted since" in capsys.readouterr().out
    # A pack still signed with the old key is now the one refused.
    before = state(board)
    assert run(board, "pack", "import", old_pack) == 1
    assert f"different key ({old})" in capsys.readouterr().err
    assert state(board) == before


def test_a_key_the_la_published_with_the_app_is_trusted_from_the_start(
    board, la_path, tmp_path, capsys, monkeypatch
):
    published = tmp_path / "resources" / trust.PUBLISHED_KEY_FILE
    published.parent.mkdir()
    monkeypatch.setattr(trust, "published_key_file", lambda: published)
    assert run(la_path, "pack", "key", "--write", published) == 0
    assert "la-public-key.txt for the build the LA hands out" in capsys.readouterr().out
    la_key = la_fingerprint(la_path, capsys)
    text = published.read_text(encoding="utf-8")
    assert f"# Fingerprint: {la_key}" in text and "\ned25519 " in text

    assert run(board, "pack", "key") == 0
    assert f"{la_key} (published by the LA with this app)" in capsys.readouterr().out
    assert run(board, "pack", "import", make_pack(la_path, tmp_path / "1")) == 0
    assert "Applied:" in capsys.readouterr().out

    path = make_pack(la_path, tmp_path / "2")
    resign(path, new_private_key())
    before = state(board)
    assert run(board, "pack", "import", path) == 1
    assert f"from the one this app trusts for Stoke-on-Trent LA ({la_key})" in (
        capsys.readouterr().err
    )
    assert state(board) == before

    published.write_text("ed25519 not-a-key\n", encoding="utf-8")
    assert run(board, "pack", "import", path) == 1
    assert "(la-public-key.txt) is not in the right form" in capsys.readouterr().err
    assert state(board) == before


def test_the_las_private_key_never_leaves_its_database(la_path, tmp_path):
    from stoke_governor.la.mode import la_pack_key
    from stoke_governor.startup import open_database

    path = make_pack(la_path, tmp_path)
    with open_database(la_path) as la:
        key = la_pack_key(la)
    every_byte = path.read_bytes() + b"".join(members_of(path).values())
    assert key.private_key.hex().encode() not in every_byte
    assert key.public_key.hex().encode() in every_byte


def test_the_la_sees_its_fingerprint_and_a_board_is_told_it_trusts_none_yet(db_path, capsys):
    assert run(db_path, "pack", "key") == 0
    assert "trusts no key for Stoke-on-Trent LA's packs yet" in capsys.readouterr().out
    assert run(db_path, "pack", "key", "--new") == 2
    assert "for the LA's database" in capsys.readouterr().err


def test_signing_costs_the_apps_start_nothing():
    code = (
        "import sys\n"
        "import stoke_governor.ui.shell.app, stoke_governor.la.packs.members\n"
        "assert 'cryptography' not in sys.modules, 'cryptography imported at start-up'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_pack_names_the_key_that_signed_it(la_path, tmp_path, capsys):
    from stoke_governor.la.packs.members import read_pack

    pack = read_pack(make_pack(la_path, tmp_path))
    assert fingerprint(pack.signed_by) == la_fingerprint(la_path, capsys)
