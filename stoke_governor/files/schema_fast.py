"""A quick test that a value passes a schema, before jsonschema is asked (files/schemas.py).

jsonschema walks a value keyword by keyword through its general machinery: for a return's
payload (some 400 values) that took about 2.5 ms, most of an import. `compile_schema`
turns a schema, once, into one plain Python function (its source written here, every value
from the schema passed in by name, never written into the source) that answers only
"passes" or "may not pass", for the keywords the app's schemas use. The answer is never
kinder than jsonschema's:

- each keyword is checked as jsonschema checks it (the same type tests, `re.search`, the
  same format checker, the app's own keyword by the same function), or more strictly
  (`const` and `enum` want the same Python type; `integer` means an `int`, not 1.0);
- a schema with any keyword not handled here is not compiled (None): jsonschema alone
  checks it;
- "may not pass" is never a refusal: the caller then runs jsonschema, which decides and
  words the message. A value jsonschema would refuse never passes here.
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Callable
from typing import Any

from stoke_governor.core.errors import StokeGovernorError

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
# Which keywords apply to which type (to other values jsonschema does not apply them).
_APPLIES = {
    "object": ("properties", "required", "additionalProperties", "propertyNames"),
    "array": ("items", "minItems", "maxItems"),
    "string": ("pattern", "minLength", "maxLength"),
    "number": ("minimum", "maximum"),
}
_HANDLED = {"type", "const", "enum", "allOf"} | {k for ks in _APPLIES.values() for k in ks}


class Unsupported(StokeGovernorError):
    """The schema uses a keyword (or a value of one) this module does not check."""


def compile_schema(schema: Any, extra: dict[str, Callable[[Any], Test]] | None = None):
    """A function telling whether a value surely passes `schema` (no `$ref`: inline them
    first), or None when the schema uses anything not handled here. `extra` gives the
    app's own keywords (and `format`): for each, a function of the keyword's value
    returning the test of a value."""
    gen = _Source(extra or {})
    try:
        gen.node(schema, "v0", 1)
        source = "def test(v0):\n" + "\n".join(gen.lines) + "\n    return True\n"
        scope = dict(gen.names)
        exec(compile(source, "<schema test>", "exec"), scope)  # noqa: S102 (no schema text in it)
    except (Unsupported, SyntaxError, RecursionError, MemoryError):
        return None
    return scope["test"]


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


def _scalars(values: list) -> list:
    if not all(type(v) in (str, int, float, bool, type(None)) for v in values):
        raise Unsupported("const or enum of arrays or objects")
    return values


class _Source:
    """The function's lines; every value from the schema is a name in `names`."""

    def __init__(self, extra: dict[str, Callable[[Any], Test]]):
        self.extra = extra
        self.lines: list[str] = []
        self.names: dict[str, Any] = {}
        self.count = 0

    def name(self, value: Any) -> str:
        self.count += 1
        key = f"c{self.count}"
        self.names[key] = value
        return key

    def var(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def fail_unless(self, depth: int, condition: str) -> None:
        self.emit(depth, f"if not ({condition}): return False")

    def block(self, depth: int, head: str, body: Callable[[int], None]) -> None:
        self.emit(depth, head)
        start = len(self.lines)
        body(depth + 1)
        if len(self.lines) == start:
            self.emit(depth + 1, "pass")

    def node(self, schema: Any, v: str, depth: int) -> None:
        if schema is True:
            return
        if schema is False:
            self.emit(depth, "return False")
            return
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema)[:60])
        for key in schema:
            if key not in NOTES and key not in _HANDLED and key not in self.extra:
                raise Unsupported(key)
        if "type" in schema:
            self.type(schema["type"], v, depth)
        for key, value in schema.items():
            if key in self.extra:
                self.fail_unless(depth, f"{self.name(self.extra[key](value))}({v})")
        if "const" in schema:
            (want,) = _scalars([schema["const"]])
            self.fail_unless(
                depth, f"type({v}) is {self.name(type(want))} and {v} == {self.name(want)}"
            )
        if "enum" in schema:
            self.enum(_scalars(list(schema["enum"])), v, depth)
        for sub in schema.get("allOf", ()):
            self.node(sub, v, depth)
        for kind, keys in _APPLIES.items():
            if any(k in schema for k in keys):
                guard = " or ".join(f"type({v}) is {t.__name__}" for t in _EXACT[kind])
                head = f"if {guard} or {self.name(_is(kind))}({v}):"
                self.block(depth, head, functools.partial(self.applies, kind, schema, v))

    def type(self, value: Any, v: str, depth: int) -> None:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(n in _EXACT for n in names):
            raise Unsupported("type")
        exact = frozenset(t for n in names for t in _EXACT[n])
        tests = [_is(n) for n in names]
        slow = self.name(lambda x: any(t(x) for t in tests))
        self.fail_unless(depth, f"type({v}) in {self.name(exact)} or {slow}({v})")

    def enum(self, wanted: list, v: str, depth: int) -> None:
        if all(type(w) is str for w in wanted):
            self.fail_unless(depth, f"type({v}) is str and {v} in {self.name(frozenset(wanted))}")
            return
        test = self.name(lambda x: any(type(x) is type(w) and x == w for w in wanted))
        self.fail_unless(depth, f"{test}({v})")

    def applies(self, kind: str, schema: dict, v: str, depth: int) -> None:
        """The keywords of `schema` that apply to values of `kind`, in their guard."""
        getattr(self, f"_{kind}")(schema, v, depth)

    def _object(self, schema: dict, v: str, depth: int) -> None:
        for name in schema.get("required", ()):
            self.fail_unless(depth, f"{self.name(name)} in {v}")
        for name, sub in schema.get("properties", {}).items():
            item = self.var()
            self.emit(depth, f"if {self.name(name)} in {v}:")
            self.emit(depth + 1, f"{item} = {v}[{self.name(name)}]")
            self.node(sub, item, depth + 1)
        if "propertyNames" in schema:
            key = self.var()
            self.block(
                depth, f"for {key} in {v}:", lambda d: self.node(schema["propertyNames"], key, d)
            )
        if schema.get("additionalProperties", True) is not True:
            known = self.name(frozenset(schema.get("properties", {})))
            key, item = self.var(), self.var()
            self.emit(depth, f"for {key}, {item} in {v}.items():")
            self.block(
                depth + 1,
                f"if {key} not in {known}:",
                lambda d: self.node(schema["additionalProperties"], item, d),
            )

    def _array(self, schema: dict, v: str, depth: int) -> None:
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        if "minItems" in schema:
            self.fail_unless(depth, f"not len({v}) < {self.name(schema['minItems'])}")
        if "maxItems" in schema:
            self.fail_unless(depth, f"not len({v}) > {self.name(schema['maxItems'])}")
        if "items" in schema:
            item = self.var()
            self.block(depth, f"for {item} in {v}:", lambda d: self.node(schema["items"], item, d))

    def _string(self, schema: dict, v: str, depth: int) -> None:
        if "minLength" in schema:
            self.fail_unless(depth, f"not len({v}) < {self.name(schema['minLength'])}")
        if "maxLength" in schema:
            self.fail_unless(depth, f"not len({v}) > {self.name(schema['maxLength'])}")
        if "pattern" in schema:  # jsonschema: re.search(pattern, instance)
            search = self.name(re.compile(schema["pattern"]).search)
            self.fail_unless(depth, f"{search}({v}) is not None")

    def _number(self, schema: dict, v: str, depth: int) -> None:
        if "minimum" in schema:
            self.fail_unless(depth, f"not {v} < {self.name(schema['minimum'])}")
        if "maximum" in schema:
            self.fail_unless(depth, f"not {v} > {self.name(schema['maximum'])}")
