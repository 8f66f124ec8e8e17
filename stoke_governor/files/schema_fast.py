"""A quick test that a value passes a schema, before jsonschema is asked (files/schemas.py).

jsonschema walks a value keyword by keyword through its general machinery: for a return's
payload (some 400 values) that took about 2.5 ms, most of an import. `compile_schema`
turns a schema, once, into plain Python functions that answer only "passes" or "may not
pass", for the keywords the app's schemas use. The answer is never kinder than jsonschema:

- each keyword is checked as jsonschema checks it (the same type tests, `re.search`, the
  same format checker, the app's own keyword by the same function), or more strictly
  (`const` and `enum` want the same Python type; `integer` means an `int`, not 1.0);
- a schema with any keyword not handled here is not compiled (None): jsonschema alone
  checks it;
- "may not pass" is never a refusal: the caller then runs jsonschema, which decides and
  words the message. A value jsonschema would refuse never passes here.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from typing import Any

Test = Callable[[Any], bool]

# Keywords that only annotate or name: jsonschema does not check anything with them.
NOTES = frozenset(
    {"title", "description", "$schema", "$comment", "$defs", "examples", "default"}
    | {"x-expected", "x-named-by"}
)
_EXACT: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "object": (dict,),
    "array": (list,),
    "boolean": (bool,),
    "null": (type(None),),
}
_JSON_TYPES = frozenset({str, int, float, dict, list, bool, type(None)})


class Unsupported(Exception):
    """The schema uses a keyword (or a value of one) this module does not check."""


def compile_schema(schema: Any, extra: dict[str, Callable[[Any], Test]] | None = None):
    """A function telling whether a value surely passes `schema` (no `$ref`: inline them
    first), or None when the schema uses anything not handled here. `extra` gives the
    app's own keywords: for each, a function of the keyword's value returning the test."""
    try:
        return _node(schema, extra or {})
    except Unsupported:
        return None


def _is(name: str) -> Test:
    """jsonschema's test of a type name (draft 2020-12), quick for JSON's own types. The
    one difference, stricter: a float such as 1.0 is not taken as an integer here."""
    exact = _EXACT[name]

    def test(x: Any) -> bool:
        kind = type(x)
        if kind in exact:
            return True
        if kind in _JSON_TYPES:
            return False
        if name == "integer":  # an int subclass; bool is not one, as for jsonschema
            return isinstance(x, int) and not isinstance(x, bool)
        if name == "number":
            return isinstance(x, numbers.Number) and not isinstance(x, bool)
        return isinstance(x, exact)  # subclasses of dict, list, str count, as for jsonschema

    return test


_IS_OBJECT, _IS_ARRAY, _IS_STRING, _IS_NUMBER = (
    _is("object"),
    _is("array"),
    _is("string"),
    _is("number"),
)


def _node(schema: Any, extra: dict) -> Test:
    if schema is True:
        return lambda x: True
    if schema is False:
        return lambda x: False
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema)[:60])
    tests = [_keyword(k, v, schema, extra) for k, v in schema.items() if k not in NOTES]
    tests = [t for t in tests if t is not None]
    return _all_of(tests)


def _keyword(key: str, value: Any, schema: dict, extra: dict) -> Test | None:
    if key in extra:
        return extra[key](value)
    build = _BUILDERS.get(key)
    if build is None:
        raise Unsupported(key)
    return build(value, schema, extra)


def _type(value, schema, extra) -> Test:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(n in _EXACT for n in names):
        raise Unsupported("type")
    exact = frozenset(kind for n in names for kind in _EXACT[n])
    tests = [_is(n) for n in names]

    def test(x: Any) -> bool:
        if type(x) in exact:
            return True
        return any(t(x) for t in tests)

    return test


def _properties(value, schema, extra) -> Test:
    subs = [(name, _node(sub, extra)) for name, sub in value.items()]

    def test(x: Any) -> bool:
        if type(x) is not dict and not _IS_OBJECT(x):
            return True
        for name, t in subs:
            if name in x and not t(x[name]):
                return False
        return True

    return test


def _additional(value, schema, extra) -> Test | None:
    if "patternProperties" in schema:
        raise Unsupported("patternProperties")
    known = frozenset(schema.get("properties", {}))
    if value is True:
        return None
    sub = _node(value, extra)
    return lambda x: not _IS_OBJECT(x) or all(sub(v) for k, v in x.items() if k not in known)


def _property_names(value, schema, extra) -> Test:
    sub = _node(value, extra)
    return lambda x: not _IS_OBJECT(x) or all(sub(k) for k in x)


def _required(value, schema, extra) -> Test:
    names = list(value)
    return lambda x: not _IS_OBJECT(x) or all(n in x for n in names)


def _items(value, schema, extra) -> Test:
    if "prefixItems" in schema:
        raise Unsupported("prefixItems")
    sub = _node(value, extra)

    def test(x: Any) -> bool:
        if type(x) is not list and not _IS_ARRAY(x):
            return True
        for v in x:
            if not sub(v):
                return False
        return True

    return test


def _scalars(value) -> list:
    if not all(type(v) in (str, int, float, bool, type(None)) for v in value):
        raise Unsupported("const or enum of arrays or objects")
    return list(value)


def _const(value, schema, extra) -> Test:
    (want,) = _scalars([value])
    kind = type(want)
    return lambda x: type(x) is kind and x == want


def _enum(value, schema, extra) -> Test:
    wanted = _scalars(value)
    return lambda x: any(type(x) is type(w) and x == w for w in wanted)


def _pattern(value, schema, extra) -> Test:
    search = re.compile(value).search  # jsonschema: re.search(pattern, instance)
    return lambda x: not _IS_STRING(x) or search(x) is not None


def _bound(applies: Test, holds: Callable[[Any, Any], bool]):
    def build(value, schema, extra) -> Test:
        return lambda x: not applies(x) or holds(x, value)

    return build


_BUILDERS: dict[str, Callable[..., Test | None]] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "propertyNames": _property_names,
    "required": _required,
    "items": _items,
    "const": _const,
    "enum": _enum,
    "pattern": _pattern,
    "allOf": lambda value, schema, extra: _all_of([_node(s, extra) for s in value]),
    "minimum": _bound(_IS_NUMBER, lambda x, v: not x < v),
    "maximum": _bound(_IS_NUMBER, lambda x, v: not x > v),
    "minLength": _bound(_IS_STRING, lambda x, v: not len(x) < v),
    "maxLength": _bound(_IS_STRING, lambda x, v: not len(x) > v),
    "minItems": _bound(_IS_ARRAY, lambda x, v: not len(x) < v),
    "maxItems": _bound(_IS_ARRAY, lambda x, v: not len(x) > v),
}


def _all_of(tests: list[Test]) -> Test:
    if not tests:
        return lambda x: True
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda x: first(x) and second(x)

    def test(x: Any) -> bool:
        for t in tests:
            if not t(x):
                return False
        return True

    return test
