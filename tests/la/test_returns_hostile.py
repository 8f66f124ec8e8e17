"""Hostile and broken files through the LA's returns import: no crash, no partial write,
one specific reason per file, and the database intact afterwards."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from stoke_governor.la.mode import SchoolKey
from stoke_governor.la.returns.held import payload_of, return_history
from stoke_governor.la.returns.importer import DUPLICATE, IMPORTED, REJECTED, import_returns
from tests.la.test_returns_import import hold_key, integrity, rewrite, school_store, table
from tests.return_files import copy_as, make_return

CO_OP = 136102
SIGNER = 123999  # a second city school, whose board holds a key the LA issued
FORMULAS_ID = "f0f0f0f0-0000-4000-8000-000000000001"  # another return than the base's
FORMULA = '=HYPERLINK("http://example.com","click")+cmd|\' /C calc\'!A0'
# About 1 MB of text in one field (varied: a run of one word would be refused as a zip bomb).
_WORDS = random.Random(7).choices(
    ["minutes", "visit", "Ofsted", "pupil", "budget", "plan"], k=140_000
)
HUGE = " ".join(f"{w}{i % 997}" for i, w in enumerate(_WORDS))
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']><return xmlns="urn:stoke-governor:return">&lol9;</return>'
)


def key_of(urn: int, seed: int) -> SchoolKey:
    return SchoolKey(urn, f"{urn}-k{seed}", bytes([seed] * 32).hex(), "2026-09-01T00:00:00+00:00")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buf.getvalue()


def _with_member(src, name: str, body: bytes) -> bytes:
    with zipfile.ZipFile(src) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members[name] = body
    return _zip(members)


def _other_workbook(path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Governor attendance"
    wb.save(path)


# name -> (expected status, a phrase of the reason)
EXPECTED = {
    "truncated.xlsx": (REJECTED, "damaged or incomplete zip file"),
    "empty.xlsx": (REJECTED, "the file is empty"),
    "notes.xlsx": (REJECTED, "it is a text file"),
    "picture.xlsx": (REJECTED, "it is not a zip file"),
    "bomb.xlsx": (REJECTED, "looks like a zip bomb"),
    "laughs.xlsx": (REJECTED, "'customXml/item1.xml' declares a DOCTYPE or ENTITY"),
    "doctype.xlsx": (REJECTED, "'xl/workbook.xml' declares a DOCTYPE or ENTITY"),
    "attendance.xlsx": (REJECTED, "not a self-evaluation return: it has no return part"),
    "version-2.xlsx": (REJECTED, "format version '2'; this app reads version 1"),
    "payload-version-2.xlsx": (REJECTED, "its payload is format version 2"),
    "no-school.xlsx": (REJECTED, "is not a return the app can import: it has no school."),
    "school-list.xlsx": (REJECTED, "the school is a list, which is not a record"),
    "revision-text.xlsx": (REJECTED, "the revision is '2', which is not a whole number"),
    "sections-record.xlsx": (REJECTED, "the sections is a record, which is not a list"),
    "not-json.xlsx": (REJECTED, "its payload is not valid JSON"),
    "unknown-school.xlsx": (REJECTED, "URN 999999, which is not a school the LA holds"),
    "forged.xlsx": (REJECTED, f"its signature does not match URN {SIGNER}'s key"),
    "unsigned.xlsx": (REJECTED, f"is not signed, but the LA issued URN {SIGNER} a key"),
    "edited.xlsx": (REJECTED, "was changed outside the app"),
    "formulas.xlsx": (IMPORTED, "a new return for"),
    "formulas-again.xlsx": (DUPLICATE, "nothing changed"),
    "return-of-another-school.xlsx": (REJECTED, "its return id belongs to URN 136102"),
}


@pytest.fixture(scope="module")
def corpus(seeded_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    school = school_store(seeded_template, root)
    try:
        base = copy_as(make_return(school, CO_OP, root / "tmp"), root, "base.xlsx")
        signed = copy_as(
            make_return(school, SIGNER, root / "tmp", key=key_of(SIGNER, 7)), root, "signed.xlsx"
        )
    finally:
        school.close()
    out = root / "corpus"
    out.mkdir()
    raw = base.read_bytes()
    f = {name: out / name for name in EXPECTED}
    f["truncated.xlsx"].write_bytes(raw[: len(raw) // 2])
    f["empty.xlsx"].write_bytes(b"")
    f["notes.xlsx"].write_text("Minutes of the autumn meeting.\nApologies: none.\n")
    f["picture.xlsx"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    f["bomb.xlsx"].write_bytes(_with_member(base, "xl/media/sheet9.xml", bytes(20 * 1024**2)))
    f["laughs.xlsx"].write_bytes(_with_member(base, "customXml/item1.xml", LAUGHS))
    with zipfile.ZipFile(base) as zf:
        workbook = zf.read("xl/workbook.xml")
    doctype = b'<!DOCTYPE workbook SYSTEM "http://example.com/x.dtd">' + workbook
    f["doctype.xlsx"].write_bytes(_with_member(base, "xl/workbook.xml", doctype))
    _other_workbook(f["attendance.xlsx"])
    rewrite(base, f["version-2.xlsx"], version="2")

    def setter(**values):
        def change(p):
            for key, value in values.items():
                p[key] = value

        return change

    rewrite(base, f["payload-version-2.xlsx"], change=setter(format_version=2))
    rewrite(base, f["no-school.xlsx"], change=lambda p: p.pop("school") and None)
    rewrite(base, f["school-list.xlsx"], change=setter(school=[CO_OP]))
    rewrite(base, f["revision-text.xlsx"], change=setter(revision="2"))
    rewrite(base, f["sections-record.xlsx"], change=setter(sections={"id": "x"}))
    rewrite(base, f["not-json.xlsx"], data=b'{"format": "stoke-governor-return", ')
    rewrite(
        base,
        f["unknown-school.xlsx"],
        change=lambda p: p["school"].update(urn=999999, name="Nowhere School"),
    )
    rewrite(signed, f["forged.xlsx"], change=setter(revision=5), key=key_of(CO_OP, 9).key)
    rewrite(signed, f["unsigned.xlsx"], unsigned=True)
    with zipfile.ZipFile(base) as zf:
        part = zf.read("customXml/item1.xml")
    f["edited.xlsx"].write_bytes(
        _with_member(base, "customXml/item1.xml", part.replace(b'"rating":null', b'"rating":4', 1))
    )

    def formulas(p):
        p["return_id"] = FORMULAS_ID
        p["ratings"][0]["evidence"] = FORMULA
        p["ratings"][1]["evidence"] = HUGE
        p["evaluation"]["agreed_by"] = "@SUM(A1:A9)"

    rewrite(base, f["formulas.xlsx"], change=formulas)
    copy_as(f["formulas.xlsx"], out, "formulas-again.xlsx")
    rewrite(
        base,
        f["return-of-another-school.xlsx"],
        change=lambda p: (
            p.update(return_id=FORMULAS_ID, revision=2) or p["school"].update(urn=124002)
        ),
    )
    return f


@pytest.fixture
def la(la_store):
    hold_key(la_store, key_of(SIGNER, 7))
    return la_store


def test_every_hostile_file_gets_its_own_reason_and_nothing_half_written(la, corpus):
    got = import_returns(la, list(corpus.values()))
    found = {o.file.rsplit("/", 1)[-1]: (o.status, o.reason) for o in got}
    assert set(found) == set(EXPECTED)
    for name, (status, phrase) in EXPECTED.items():
        assert found[name][0] == status, (name, found[name])
        assert phrase in found[name][1], (name, found[name])
    assert len({reason for status, reason in found.values() if status == REJECTED}) == sum(
        1 for status, _ in EXPECTED.values() if status == REJECTED
    )  # every rejected file says its own sentence (each names its file)
    # Only the one good file is stored; every file has exactly one log row.
    assert [(h.file_name, h.state) for h in return_history(la, CO_OP)] == [
        ("formulas.xlsx", "current")
    ]
    assert len(table(la)) == 1
    assert la.query_one("SELECT count(*) FROM return_import_log")[0] == len(got)
    assert integrity(la) == "ok"


def test_formulas_and_huge_strings_are_kept_as_text(la, corpus):
    [o] = import_returns(la, [corpus["formulas.xlsx"]])
    payload = payload_of(la, o.received_id)
    assert payload["ratings"][0]["evidence"] == FORMULA
    assert payload["ratings"][1]["evidence"] == HUGE
    assert payload["evaluation"]["agreed_by"] == "@SUM(A1:A9)"


def test_an_edited_return_is_imported_only_when_accepted_and_then_flagged(la, corpus):
    [refused] = import_returns(la, [corpus["edited.xlsx"]])
    assert refused.status == REJECTED and "--accept-edited" in refused.reason
    [o] = import_returns(la, [corpus["edited.xlsx"]], accept_edited=True)
    assert o.status == IMPORTED and "Accepted as edited outside the app" in o.reason
    [held] = return_history(la, CO_OP)
    assert held.edited and not held.signed
    assert 4 in [r["rating"] for r in payload_of(la, held.id)["ratings"]]
    # A signature is never waived: an edited file from a school holding a key stays refused.
    [forged] = import_returns(la, [corpus["forged.xlsx"]], accept_edited=True)
    assert forged.status == REJECTED and "signature" in forged.reason
    assert integrity(la) == "ok"
