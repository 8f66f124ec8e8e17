"""What a file a user hands the app holds, checked against its declared JSON Schema.

The schemas (JSON Schema, draft 2020-12) are `resources/schemas/*.schema.json`, shipped with
the app (the frozen build too) and described in docs/return-format.md and docs/pack-format.md.
`load` reads a file's JSON and checks it, in this order, refusing it with one plain sentence
naming the file, the field (in words: "item AC2's rating") and the reason:

1. JSON only, UTF-8; NaN, Infinity and numbers too large to be real ones (1e999) are refused;
2. no text holding a NUL or a lone surrogate (half of a UTF-16 pair, which `\\ud800` in JSON
   makes and no UTF-8 file can carry). This is a walk over the decoded values rather than
   a schema keyword: a `pattern` cannot match a lone surrogate reliably, and the walk sees
   field names and fields the schema does not declare as well;
3. the schema, by `jsonschema` with a format checker (`date` and `uuid` as jsonschema checks
   them; `date-time`, which jsonschema checks only with a package the app does not ship,
   with the standard library here) and one keyword of the app's own, `x-not-in-the-future`
   (a date no later than a day after this computer's clock).

jsonschema-rs (files/schema_quick) is asked first: its "valid" is taken, anything else goes
to jsonschema, which decides and words the refusal. Both are imported when a file is first
checked, never at start-up.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.core.paths import resources_dir
from stoke_governor.files.reading import read_limited
from stoke_governor.files.schema_quick import passes, quick_validator
from stoke_governor.files.schema_words import describe_error, field_words

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

MAX_SCHEMA_BYTES = 256 * 1024  # the largest is a few kilobytes
FUTURE = "x-not-in-the-future"
GRACE = dt.timedelta(days=1)  # a clock a day behind the writer's is not a date in the future
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")  # a NUL or a lone surrogate
_PLAIN = frozenset({int, bool, type(None)})  # and finite floats (NaN, 1e999 are read as _Odd)


class InputFile(NamedTuple):
    """How a file is named when it is refused: "{name} {refused}: {reason}."."""

    name: str  # as the user knows it: "birches.xlsx"
    refused: str  # "is not a return the app can import", "cannot be used"
    error: type[BadInputFileError]
    kind: str  # "a return": what holds only real numbers
    part: str = "its data"  # the JSON: "its payload", "'school.json'"
    within: str = ""  # before a field's words: "in 'school.json', "

    def refuse(self, reason: str) -> NoReturn:
        raise self.error(f"{self.name} {self.refused}: {reason}.")

    def refuse_field(self, schema: str, instance: object, path: Sequence, says: str) -> NoReturn:
        """A check the schema cannot express failed at `path`: "item AC2's rating {says}"."""
        self.refuse(f"{self.within}{field_words(_walker(schema), instance, path)} {says}")


def schemas_dir() -> Path:
    """Where the schemas are: resources/schemas, in the frozen build as in the source."""
    return resources_dir() / "schemas"


def load(data: bytes, schema: str | None, file: InputFile) -> Any:
    """The file's JSON, checked as the module says; `schema` names `<schema>.schema.json`
    (None: the JSON checks alone). Raises `file.error` with one sentence if it fails."""
    value = parse(data, file)
    check(value, schema, file)
    return value


def parse(data: bytes, file: InputFile) -> Any:
    """The JSON alone, not yet checked: `check` it before using it (a NaN in it is text
    until then), e.g. once its format and version say which schema it follows."""
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_Odd, parse_float=_float)
    except UnicodeDecodeError:
        file.refuse(f"{file.part} is not UTF-8 text")
    except json.JSONDecodeError as exc:
        file.refuse(f"{file.part} is not valid JSON (line {exc.lineno}: {exc.msg})")
    except RecursionError:
        file.refuse(f"{file.part} is nested too deeply")
    except ValueError:  # an integer of thousands of digits
        file.refuse(f"{file.part} holds a number too long to read")


def check(value: object, schema: str | None, file: InputFile) -> None:
    """Check an object already read (see `load`): its text, then the schema."""
    walker = _walker(schema) if schema else None
    plain = _plain_json(value)
    for path, problem, rule in () if plain else _bad_values(value):
        where = field_words(walker, value, path)
        file.refuse(f"{file.part} holds {problem} {where}; {rule.format(kind=file.kind)}")
    if schema is None:
        return
    if plain and passes(_quick_validator(schema), value):  # jsonschema-rs: files/schema_quick
        return
    from jsonschema.exceptions import best_match

    error = best_match(_validator(schema).iter_errors(value))
    if error is not None:
        file.refuse(file.within + describe_error(error, walker, value))


# -- the JSON checks ----------------------------------------------------------------------
class _Odd(str):
    """A number JSON should not hold (NaN, Infinity, 1e999), kept to say where it was."""


def _float(text: str) -> float | _Odd:
    number = float(text)
    return number if math.isfinite(number) else _Odd(text)


def _bad_values(value: object) -> Iterator[tuple[list, str, str]]:
    """(path, what is wrong and where, the rule) for each number or text the file should
    not hold, in order."""
    stack: list[tuple[list, object]] = [([], value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, _Odd):
            yield path, f"{_odd_number(item)} as", "{kind} holds only real numbers"
        elif isinstance(item, str):
            problem = _bad_text(item)
            if problem:
                yield path, f"{problem[0]} in", problem[1]
        elif isinstance(item, dict):
            for key in item:
                problem = _bad_text(key)
                if problem:
                    yield [*path, key], f"{problem[0]} in the name of", problem[1]
            stack.extend(([*path, k], v) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend(([*path, n], v) for n, v in reversed(list(enumerate(item))))


def _plain_json(value: object) -> bool:
    """True only when the value is plain JSON, JSON's own types and finite numbers (what
    jsonschema-rs reads as jsonschema does), in which `_bad_values` finds nothing: a quick
    pass, no paths kept. False (anything else: an odd number, a subclass, a tuple) says
    only that `_bad_values` must look and jsonschema alone checks the schema."""
    texts: list[str] = []  # every text and field name, searched at once at the end
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            texts.append(item)  # type: ignore[arg-type]
        elif kind is dict:
            texts.extend(item)  # type: ignore[arg-type]
            stack.extend(item.values())  # type: ignore[attr-defined]
        elif kind is list:
            stack.extend(item)  # type: ignore[arg-type]
        elif kind is float:
            if not math.isfinite(item):  # type: ignore[arg-type]
                return False
        elif kind not in _PLAIN:
            return False
    try:  # a field name that is not text (not from a JSON file): _bad_values looks
        joined = "".join(texts)
    except TypeError:
        return False
    return _BAD_CHARACTER.search(joined) is None


def _odd_number(text: str) -> str:
    if text == "NaN":
        return "NaN (not a number)"
    if text in ("Infinity", "-Infinity"):
        return f"{text} (not a real number)"
    return f"{text[:20]}, a number too large to be a real one,"


def _bad_text(text: str) -> tuple[str, str] | None:
    if "\x00" in text:
        return "a NUL character (\\u0000)", "text in {kind} never holds one"
    found = _LONE_SURROGATE.search(text)
    if found:
        problem = f"a broken character (a lone surrogate, \\u{ord(found.group()):04x})"
        return problem, "text in {kind} holds only whole characters"
    return None


# -- the schemas --------------------------------------------------------------------------
@functools.cache
def _schema_files() -> tuple[tuple[str, Any], ...]:
    """Every schema in resources/schemas: (file name, how they refer to each other; contents)."""
    return tuple(
        (path.name, json.loads(read_limited(path, MAX_SCHEMA_BYTES)))
        for path in sorted(schemas_dir().glob("*.schema.json"))
    )


@functools.cache
def _registry():
    """Every schema in resources/schemas, by file name, for jsonschema (`referencing`)."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    return Registry().with_resources(
        (name, DRAFT202012.create_resource(contents)) for name, contents in _schema_files()
    )


@functools.cache
def _walker(schema: str):
    """The schema's contents and a function following a `$ref` from it (for field names)."""
    name = f"{schema}.schema.json"
    resolver = _registry().resolver(base_uri=name)
    return resolver.lookup(name).contents, resolver


@functools.cache
def _validator(schema: str) -> Validator:
    from jsonschema import Draft202012Validator, validators

    cls = validators.extend(Draft202012Validator, {FUTURE: _not_in_the_future})
    return cls(_inlined_schema(schema), registry=_registry(), format_checker=_format_checker())


@functools.cache
def _format_checker():
    from jsonschema import FormatChecker

    checker = FormatChecker()
    checker.checks("date-time", raises=ValueError)(_is_date_time)
    return checker


@functools.cache
def _inlined_schema(schema: str) -> Any:
    contents, resolver = _walker(schema)
    return _inlined(contents, resolver)


@functools.cache
def _quick_validator(schema: str):
    """jsonschema-rs's validator of the schema (files/schema_quick), or None: the same
    files, formats by jsonschema's format checker, the app's keyword by the same test."""
    checker = _format_checker()
    return quick_validator(
        f"{schema}.schema.json",
        _schema_files(),
        lambda name, value: checker.conforms(value, name),
        {FUTURE: _not_after_tomorrow},
    )


def _inlined(node: Any, resolver) -> Any:
    """The schema with each `$ref` replaced by what it names: the same checks, but jsonschema
    resolves a `$ref` afresh for every value it meets (a pack's 5,000 figures took 1.3 s
    instead of 0.45 s). Beside a `$ref` the schemas put only notes (a title, x- keywords),
    so the two merge; any other keyword is kept apart, under `allOf`."""
    if isinstance(node, list):
        return [_inlined(v, resolver) for v in node]
    if not isinstance(node, dict):
        return node
    rest = {k: _inlined(v, resolver) for k, v in node.items() if k != "$ref"}
    if "$ref" not in node:
        return rest
    found = resolver.lookup(node["$ref"])
    target = _inlined(found.contents, found.resolver)
    if (set(rest) & set(target)) - {"title", "description", "x-expected"}:
        return {**rest, "allOf": [target]}
    return {**target, **rest}


def _is_date_time(value: object) -> bool:
    """RFC 3339: a date, a time and an offset from UTC (Z or ±hh:mm)."""
    if not isinstance(value, str):
        return True
    return bool(_DATE_TIME.fullmatch(value)) and bool(dt.datetime.fromisoformat(value))


def _not_in_the_future(validator, wanted, instance, schema):
    from jsonschema.exceptions import ValidationError

    if not _not_after_tomorrow(wanted, instance):
        yield ValidationError("in the future")  # schema_words.describe_error says it in full


def _not_after_tomorrow(wanted: object, instance: object) -> bool:
    """The test of `x-not-in-the-future` (for jsonschema and jsonschema-rs alike)."""
    return not (wanted and isinstance(instance, str) and _after_tomorrow(instance))


def _after_tomorrow(text: str) -> bool:
    """Whether a date (or date and time) is more than a day ahead of this computer's clock;
    False for text that is neither (the `format` keyword says so)."""
    now = dt.datetime.now(dt.UTC)
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text) > (now + GRACE).date()
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when > now + GRACE
