"""Reading files safely: zip directories, text decoding, canonical JSON and digests (no Qt)."""

from __future__ import annotations

import codecs
import stat
import zipfile
from dataclasses import replace

import pytest

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.canonical import (
    canonical,
    digest,
    sign,
    verify_digest,
    verify_signature,
)
from stoke_governor.files.text import BINARY_SCAN, BinaryDataError, decode_text
from stoke_governor.files.workbooks import WORKBOOK
from stoke_governor.files.zips import ZipRules, check_directory, size_text
from stoke_governor.la.packs.file_format import PACK, PackError, manifest_digest

RULES = ZipRules(
    kind="bundle",
    member="item",
    refused="is refused",
    encrypted="is unreadable",
    outside="the bundle",
    max_members=5,
    max_expanded_bytes=10_000,
    max_ratio=10,
    ratio_floor=100,
)


def info(name: str, size: int = 10, packed: int = 10) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo()
    zi.filename = name  # as a zip's directory may state it (ZipInfo() would cut it at a NUL)
    zi.file_size, zi.compress_size = size, packed
    return zi


def refusal(infos: list[zipfile.ZipInfo], rules: ZipRules = RULES) -> str:
    with pytest.raises(BadInputFileError) as caught:
        check_directory("f.zip", infos, rules)
    return str(caught.value)


# -- zips ----------------------------------------------------------------------------------
def test_a_plain_directory_passes():
    check_directory("f.zip", [info("a.txt"), info("sub/b.txt"), info("sub/")], RULES)


def test_too_many_members():
    assert refusal([info(f"{i}") for i in range(6)]) == (
        "f.zip is refused: it holds 6 items (the limit is 5)."
    )


@pytest.mark.parametrize("name", ["../x", "a/../../x", "/etc/passwd", "C:x", "a\x00b", "..\\x"])
def test_names_pointing_outside_are_refused(name):
    assert refusal([info(name)]) == (
        f"f.zip is refused: it holds a item named '{name}', which points outside the bundle."
    )


def test_backslashes_and_folders_only_when_names_must_be_plain():
    check_directory("f.zip", [info("a\\b.txt"), info("dir/")], RULES)
    strict = replace(RULES, plain_names=True)
    assert "which points outside the bundle" in refusal([info("a\\b.txt")], strict)
    assert "which points outside the bundle" in refusal([info("dir/")], strict)


def test_repeated_names_ignore_case():
    assert (
        refusal([info("A.txt"), info("a.TXT")])
        == "f.zip is refused: the item 'a.TXT' appears twice."
    )


def test_encrypted_members():
    secret = info("a.txt")
    secret.flag_bits |= 0x1
    assert refusal([secret]) == "f.zip is unreadable: its items are encrypted."


def test_symbolic_links_only_when_refused():
    link = info("a.txt")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    check_directory("f.zip", [link], RULES)
    assert refusal([link], replace(RULES, no_links=True)) == (
        "f.zip is refused: the item 'a.txt' is a symbolic link, which bundles never hold."
    )


def test_one_member_too_large():
    rules = replace(RULES, max_member_bytes=50)
    check_directory("f.zip", [info("a", 50, 50)], rules)
    assert refusal([info("a", 51, 51)], rules) == (
        "f.zip is refused: the item 'a' is too large (51 bytes; the limit is 50 bytes)."
    )


def test_zip_bombs():
    assert refusal([info("a", 2000, 100)]) == (
        "f.zip looks like a zip bomb: its item 'a' would expand 20 times."
    )
    assert refusal([info("a", 2048, 100)], replace(RULES, bomb_names_size=True)) == (
        "f.zip looks like a zip bomb: its item 'a' would expand 20 times, to 2.0 KB."
    )
    check_directory("f.zip", [info("small", 100, 1)], RULES)  # under the floor: any ratio
    assert refusal([info(f"{i}", 3000, 3000) for i in range(4)]) == (
        "f.zip looks like a zip bomb: it would expand to 11.7 KB (the limit is 9.8 KB)."
    )


def test_each_kind_of_file_keeps_its_words():
    many = [info(f"{i}") for i in range(2001)]
    assert refusal(many, WORKBOOK) == (
        "f.zip is not a workbook the app will open: it holds 2,001 parts (the limit is 2,000)."
    )
    with pytest.raises(PackError, match=r"^f.zip cannot be used: it holds 2,001 members"):
        check_directory("f.zip", many, PACK)
    secret = info("a")
    secret.flag_bits |= 0x1
    assert refusal([secret], WORKBOOK) == (
        "f.zip is not a workbook the app can read: its parts are encrypted."
    )
    assert "which points outside the pack" in refusal([info("a\\b")], PACK)
    check_directory("f.zip", [info("a\\b")], WORKBOOK)


def test_size_text():
    assert [size_text(n) for n in (999, 1536, 5 * 1024**2, 3 * 1024**3)] == [
        "999 bytes",
        "1.5 KB",
        "5.0 MB",
        "3.0 GB",
    ]


# -- canonical JSON, digests and signatures ------------------------------------------------
KNOWN = {
    "z": [1, 2.5, None, True],
    "a": {"é": '£ — \u2028 "q"', "b": -0.0},
    "n": 10**20,
    "s": "x\ny\t\x00",
}
# As returns, receipts and packs have been written: these bytes must never change.
KNOWN_BYTES = (
    b'{"a":{"b":-0.0,"\xc3\xa9":"\xc2\xa3 \xe2\x80\x94 \xe2\x80\xa8 \\"q\\""},'
    b'"n":100000000000000000000,"s":"x\\ny\\t\\u0000","z":[1,2.5,null,true]}'
)
KNOWN_DIGEST = "f205a3a2154c34fb26f893d58109a856ad5c3513d9ce1630b1ec7937953f9ee2"
KNOWN_SIGNATURE = (
    "08d91a44be446825b7d411714972f5d47c89bdad5f185d7096b58d4f54bdbb04"  # key: 32 zeros
)


def test_canonical_bytes_digest_and_signature_are_as_before():
    assert canonical(KNOWN) == KNOWN_BYTES
    assert digest(KNOWN_BYTES) == KNOWN_DIGEST
    assert sign(KNOWN_BYTES, bytes(32)) == KNOWN_SIGNATURE
    assert sign(KNOWN_BYTES, b"key") == (
        "41c4ceaea20c69f199e9a347ea408b0075e39afcf1150c1e72650eb6d09ab10a"
    )


def test_a_pack_manifest_digest_is_as_before():
    manifest = {
        "format": "stoke-governor-pack",
        "format_version": 1,
        "contents": [{"name": "a.json", "size": 2, "sha256": digest(b"{}")}],
        "digest": "ignored",
    }
    assert manifest_digest(manifest) == (
        "f16242e50fa6a837aa519ac6b337e2e302e127f84709f6ec4e6aeefb1fbf1879"
    )


def test_canonical_refuses_what_json_cannot_say():
    with pytest.raises(ValueError):
        canonical({"x": float("nan")})


def test_verify_digest_and_signature():
    assert verify_digest(KNOWN_BYTES, KNOWN_DIGEST)
    assert not verify_digest(KNOWN_BYTES + b" ", KNOWN_DIGEST)
    assert verify_signature(KNOWN_BYTES, bytes(32), KNOWN_SIGNATURE)
    assert not verify_signature(KNOWN_BYTES, b"another key", KNOWN_SIGNATURE)
    # What a hostile file may state instead of a hex digest is simply no match.
    for stated in (None, 7, "", KNOWN_DIGEST.upper(), "é" * 64, KNOWN_DIGEST[:-1]):
        assert not verify_digest(KNOWN_BYTES, stated)
        assert not verify_signature(KNOWN_BYTES, bytes(32), stated)


# -- text ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lenient", [False, True])
def test_utf8_with_or_without_a_byte_order_mark(lenient):
    text = "URN,Name\n1,Ysgol Gymraeg — £5\n"
    assert decode_text(text.encode("utf-8"), lenient=lenient) == text
    assert decode_text(codecs.BOM_UTF8 + text.encode("utf-8"), lenient=lenient) == text


@pytest.mark.parametrize("lenient", [False, True])
def test_windows_1252_when_not_utf8(lenient):
    data = b"Key stage 4 \x96 \x92\xa3"
    assert decode_text(data, lenient=lenient) == "Key stage 4 – ’£"


def test_strict_refuses_bytes_neither_encoding_reads():
    with pytest.raises(UnicodeDecodeError):
        decode_text(b"a,b\n\x81\x8d\n")
    assert decode_text(b"a,b\n\x81\n", lenient=True) == "a,b\n\ufffd\n"


def test_strict_bad_utf8_after_a_byte_order_mark_is_read_as_windows_1252():
    assert decode_text(codecs.BOM_UTF8 + b"caf\xe9") == "ï»¿café"
    assert decode_text(codecs.BOM_UTF8 + b"caf\xe9", lenient=True) == "caf\ufffd"


def test_utf16_only_when_lenient():
    data = "Question\tDate\n".encode("utf-16")
    assert decode_text(data, lenient=True) == "Question\tDate\n"
    with pytest.raises(BinaryDataError):
        decode_text(data)


@pytest.mark.parametrize("lenient", [False, True])
def test_binary_data(lenient):
    with pytest.raises(BinaryDataError):
        decode_text(b"PK\x03\x04\x00\x00binary", lenient=lenient)
    late = b"a" * BINARY_SCAN + b"\x00"
    assert decode_text(late, lenient=lenient) == late.decode()  # the caller's own check
    assert decode_text(codecs.BOM_UTF8 + b"a\x00b", lenient=lenient) == "a\x00b"


@pytest.mark.parametrize("size", [50, 5_000, 200_000])  # within one scan chunk, and over it
def test_a_workbook_part_whose_content_does_not_match_its_crc_is_refused_as_damaged(size):
    import io

    from stoke_governor.files.workbooks import check_xlsx

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/sheet.xml", "<a>" + "x" * size + "</a>")
    data = bytearray(buf.getvalue())
    data[data.rfind(b"PK\x01\x02") + 16] ^= 0xFF  # the part's CRC-32 in the zip's directory
    with pytest.raises(BadInputFileError, match=r"'xl/sheet.xml' is damaged \(Bad CRC-32"):
        check_xlsx("t.xlsx", bytes(data))


def test_a_part_name_points_outside_the_file_as_a_posix_path_would():
    from stoke_governor.files.zips import _points_outside

    for name in ("../a", "a/../b", "/a", "\\a", "a\\..\\b", "C:x", "a\x00"):
        assert _points_outside(name, False), name
    for name in ("a/b.xml", "..a/b", "a../b", "a/./b", "a//b", "...", "xl/"):
        assert not _points_outside(name, False), name
