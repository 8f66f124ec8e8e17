"""The quick schema test (jsonschema-rs) never lets through what jsonschema refuses (no Qt).

`files.schemas.check` asks jsonschema-rs first (files/schema_quick) and jsonschema only
when that one does not say "valid"; so a value jsonschema-rs passes must be one jsonschema
passes. Thousands of damaged payloads (a field replaced, removed or added, at any depth)
are put to both."""

from __future__ import annotations

import copy
import datetime as dt
import random

import pytest

from stoke_governor.files import schemas
from stoke_governor.files.schema_quick import passes
from tests.files.test_schemas import GOOD_KEY, NAMES

NOW = dt.datetime.now(dt.UTC)


def _return() -> dict:
    scale = [{"value": v, "label": f"L{v}"} for v in (1, 2, 3, 4)]
    return {
        "format": "stoke-governor-return",
        "format_version": 1,
        "return_id": "28e3e2a5-aea1-49df-98e2-ae3d3136b3f1",
        "revision": 3,
        "created": (NOW - dt.timedelta(days=3)).isoformat(timespec="seconds"),
        "as_of": (NOW - dt.timedelta(days=3)).date().isoformat(),
        "app": {"name": "Stoke Governor", "version": "1.0"},
        "school": {"urn": 136102, "name": "Birches", "laestab": 8612001, "phase": None},
        "framework": {
            "id": "nga-2024",
            "version": "1",
            "title": "F",
            "scale": scale,
            "sections": [{"id": "SL", "title": "Leadership"}],
        },
        "evaluation": {"year": "2026-27", "title": None, "agreed_by": "A", "agreed_on": None},
        "completeness": {"items": 2, "rated": 1, "percent": 50},
        "sections": [
            {"id": "SL", "title": "T", "items": 2, "rated": 1, "mean": 3.0, "counts": {"3": 1}}
        ],
        "ratings": [
            {
                "item": "SL1",
                "section": "SL",
                "text": "t",
                "rating": 3,
                "label": "L3",
                "evidence": "",
                "links": [{"kind": "meeting", "ref": "12", "label": "x"}],
            },
            {"item": "SL2", "section": "SL", "rating": None, "links": []},
        ],
        "actions": [{"item": "SL1", "action": "do", "owner": None, "due_on": "2027-01-31"}],
        "board": {"members": 9, "governors": 8, "description": "d"},
        "training": {
            "governors": 8,
            "all_core_done": 2,
            "all_core_done_percent": 25,
            "modules": [{"id": "m1", "title": "M", "core": True, "done": 2, "total": 8}],
        },
    }


ODD_VALUES = [
    None, True, False, 0, 1, -1, 1.0, 2.5, -101, 101, 100000, 999999, 1000000, 10**7, 1e300,
    "", "x", "SL1", "2026-27", "2026-2027", "2026-02-30", "2026-11-20", "2999-01-01",
    "2026-11-20T10:00:00+00:00", "2026-11-20T10:00:00", "2999-01-01T00:00:00Z",
    "28e3e2a5-aea1-49df-98e2-ae3d3136b3f1", "28e3e2a5aea149df98e2ae3d3136b3f1", "not-a-uuid",
    "stoke-governor-return", "meeting", "bad id!", "a" * 65, "x" * 10001, "1", "-7", "1000",
    [], [1], ["x"], {}, {"id": "x"}, {"value": 1, "label": "a"},
]  # fmt: skip


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for n, v in enumerate(value):
            yield from _paths(v, (*path, n))


def _damaged(good: dict, rnd: random.Random) -> dict:
    value = copy.deepcopy(good)
    for _ in range(rnd.choice((1, 1, 2, 3))):
        path = rnd.choice([p for p in _paths(value) if p])
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        how = rnd.random()
        if how < 0.15 and isinstance(parent, dict):
            del parent[path[-1]]
        elif how < 0.25 and isinstance(parent, dict):
            parent[rnd.choice(["extra", "3", "x", "-1", "1000"])] = rnd.choice(ODD_VALUES)
        else:
            parent[path[-1]] = copy.deepcopy(rnd.choice(ODD_VALUES))
    return value


@pytest.mark.parametrize("name", NAMES)
def test_every_schema_the_app_ships_has_its_quick_test(name):
    assert schemas._quick_validator(name.removesuffix(".schema.json")) is not None


@pytest.mark.parametrize(("schema", "good"), [("return", _return()), ("pack-school-key", GOOD_KEY)])
def test_the_quick_test_passes_nothing_jsonschema_refuses(schema, good):
    quick, full = schemas._quick_validator(schema), schemas._validator(schema)
    assert passes(quick, good) and full.is_valid(good)
    rnd = random.Random(20261206)
    passed = refused = 0
    for _ in range(3000):
        value = _damaged(good, rnd)
        valid = full.is_valid(value)
        if passes(quick, value):
            assert valid, value
            passed += 1
        refused += not valid
    assert passed > 100 and refused > 1000  # both kinds were tried


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (
            "created",
            "2026-11-20T10:00",
        ),  # the pattern allows it; date-time, as the app checks it, not
        ("created", "2026-02-30T10:00:00Z"),
        ("as_of", "2026-02-30"),
        ("as_of", "2026-1-02"),
        ("return_id", "28e3e2a5aea149df98e2ae3d3136b3f1"),  # uuid, as jsonschema checks it
        ("as_of", "2999-01-01"),  # x-not-in-the-future
        ("created", "2999-01-01T00:00:00Z"),
    ],
)
def test_formats_and_the_apps_keyword_are_checked_as_jsonschema_checks_them(field, value):
    payload = _return()
    payload[field] = value
    assert not schemas._validator("return").is_valid(payload)
    assert not passes(schemas._quick_validator("return"), payload)


def test_what_is_not_plain_json_is_left_to_jsonschema():
    file = schemas.InputFile("r.xlsx", "is not a return", ValueError, "a return")  # type: ignore[arg-type]
    payload = _return()
    payload["ratings"] = tuple(payload["ratings"])  # an array to jsonschema-rs, not to jsonschema
    with pytest.raises(ValueError, match="ratings"):
        schemas.check(payload, "return", file)
    payload = _return()
    payload["board"]["members"] = float("inf")  # over the maximum for jsonschema
    with pytest.raises(ValueError, match="is not a return"):
        schemas.check(payload, "return", file)


def test_a_whole_number_written_as_a_float_is_a_number_for_both():
    payload = _return()
    payload["revision"] = 3.0  # an integer to JSON Schema, and to both libraries
    assert passes(schemas._quick_validator("return"), payload)
    assert schemas._validator("return").is_valid(payload)
