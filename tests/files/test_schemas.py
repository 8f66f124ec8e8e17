"""The declared schemas and the one module that checks files against them (no Qt).

The schemas themselves are valid JSON Schema and every `$ref` resolves; the format checks
the app relies on (uuid, date, date-time) and its own `x-not-in-the-future` are enforced,
not merely annotated; refusals are one sentence naming the file and the field."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files import schemas
from stoke_governor.files.schemas import InputFile, check, load, schemas_dir

KEY_FILE = InputFile("p.sgpack", "cannot be used", BadInputFileError, "a pack", "'school-key.json'")
GOOD_KEY = {
    "urn": 136102,
    "key_id": "136102-8f54455b",
    "key_hex": "16" * 32,
    "issued_at": "2026-09-01T08:00:00+00:00",
}
NAMES = sorted(p.name for p in schemas_dir().glob("*.schema.json"))


def _refused(value, schema="pack-school-key", file=KEY_FILE) -> str:
    with pytest.raises(BadInputFileError) as caught:
        check(value, schema, file)
    return str(caught.value)


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_valid_json_schema_and_its_references_resolve(name):
    from jsonschema import Draft202012Validator

    contents = json.loads((schemas_dir() / name).read_text(encoding="utf-8"))
    assert contents["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(contents)
    _, resolver = schemas._walker(name.removesuffix(".schema.json"))
    refs = []

    def walk(node):
        if isinstance(node, dict):
            refs.extend([node["$ref"]] if "$ref" in node else [])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(contents)
    for ref in refs:
        assert resolver.lookup(ref).contents, ref


def test_the_schemas_ship_where_the_app_reads_them():
    assert {"return.schema.json", "receipt.schema.json", "common.schema.json"} <= set(NAMES)
    assert {n for n in NAMES if n.startswith("pack-")} == {
        "pack-manifest.schema.json",
        "pack-city-targets.schema.json",
        "pack-measures.schema.json",
        "pack-sources.schema.json",
        "pack-school.schema.json",
        "pack-area-figures.schema.json",
        "pack-school-key.schema.json",
    }


def test_a_good_document_passes():
    check(GOOD_KEY, "pack-school-key", KEY_FILE)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("issued_at", "not a date", "is 'not a date', which is not a date and time such as"),
        ("issued_at", "2026-02-30T08:00:00+00:00", "which is not a date and time"),
        ("issued_at", "2026-09-01T08:00:00", "which is not a date and time"),  # no offset
        ("issued_at", "2026-09-01", "which is not a date and time"),
        ("key_hex", "XYZ", "the key is 'XYZ', which is not 64 hexadecimal digits (0-9, a-f)."),
        ("urn", "136102", "the key's URN is '136102', which is not a whole number."),
        ("urn", True, "the key's URN is true, which is not a whole number."),
        ("urn", 12, "the key's URN is 12, but it must be from 100000 to 999999."),
    ],
)
def test_formats_types_and_ranges_are_enforced_with_a_sentence(field, value, says):
    message = _refused(dict(GOOD_KEY, **{field: value}))
    assert message.startswith("p.sgpack cannot be used: ")
    assert says in message


def test_uuid_and_date_formats_are_checked_not_just_annotated():
    file = InputFile("r.sgreceipt", "is refused", BadInputFileError, "a receipt")
    receipt = {
        "format": "stoke-governor-receipt",
        "format_version": 1,
        "urn": 136102,
        "return_id": "28e3e2a5-aea1-49df-98e2-ae3d3136b3f1",
        "revision": 1,
        "payload_digest": "ab" * 32,
        "received_at": "2026-11-21T10:00:00+00:00",
        "issued_at": "2026-11-21T10:00:00Z",
        "digest": "cd" * 32,
    }
    check(receipt, "receipt", file)
    for bad in ("28e3e2a5aea149df98e2ae3d3136b3f1", "28e3e2a5-aea1-49df-98e2-ae3d3136b3fz"):
        assert "which is not a UUID" in _refused(dict(receipt, return_id=bad), "receipt", file)


def test_a_date_may_be_a_day_ahead_of_this_clock_but_not_more():
    now = dt.datetime.now(dt.UTC)
    soon = (now + dt.timedelta(hours=20)).isoformat(timespec="seconds")
    check(dict(GOOD_KEY, issued_at=soon), "pack-school-key", KEY_FILE)
    later = (now + dt.timedelta(days=2)).isoformat(timespec="seconds")
    assert _refused(dict(GOOD_KEY, issued_at=later)) == (
        f"p.sgpack cannot be used: the time the key was issued is '{later}', which is in the "
        "future (after tomorrow on this computer)."
    )


def test_missing_and_unknown_fields_are_named():
    short = {k: v for k, v in GOOD_KEY.items() if k != "key_hex"}
    assert _refused(short).endswith(": it has no key.")
    assert _refused(dict(GOOD_KEY, extra=1)).endswith(
        ": it holds 'extra', which is not a field the app knows."
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (b'{"urn": NaN}', "holds NaN (not a number) as the key's URN; a pack holds only real"),
        (b'{"urn": Infinity}', "holds Infinity (not a real number) as the key's URN"),
        (b'{"urn": -Infinity}', "holds -Infinity (not a real number) as the key's URN"),
        (b'{"urn": 1e999}', "holds 1e999, a number too large to be a real one, as the key's URN"),
        (b'{"key_id": "a\\u0000"}', "holds a NUL character (\\u0000) in the key's id; text in"),
        (b'{"key_id": "\\udc00"}', "holds a broken character (a lone surrogate, \\udc00) in"),
        (b'{"a\\u0000": 1}', "holds a NUL character (\\u0000) in the name of the field 'a\\u0000'"),
        (b'{"urn": 1', "'school-key.json' is not valid JSON (line 1: Expecting ',' delimiter)."),
        (b"\xff{}", "'school-key.json' is not UTF-8 text."),
        (b"[" * 50_000, "'school-key.json' is nested too deeply."),
        (b'{"urn": ' + b"9" * 5000 + b"}", "holds a number too long to read."),
    ],
)
def test_what_json_should_not_hold_is_refused_before_the_schema(text, says):
    with pytest.raises(BadInputFileError) as caught:
        load(text, "pack-school-key", KEY_FILE)
    assert str(caught.value).startswith("p.sgpack cannot be used: ")
    assert says in str(caught.value)


def test_jsonschema_is_imported_when_a_file_is_checked_not_before():
    code = (
        "import sys\n"
        "import stoke_governor.files.schemas, stoke_governor.la.returns.importer\n"
        "import stoke_governor.la.receipts, stoke_governor.la.packs.members\n"
        "assert 'jsonschema' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
