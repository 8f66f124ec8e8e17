"""A schema's complaint in words a person reads: which field, what it holds, what it should.

A field is named from the schema's `title`s along its path: "the return id", "item AC2's
rating", "section accountability's mean", "figure 12's value". A list's entry is named by
its items' `title` and, where the schema says `x-named-by`, by that field of the entry
("item AC2"), else by its number ("figure 12"). `describe_error` turns one
`jsonschema.ValidationError` into "item AC2's rating is 'high', which is not a whole number".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

TYPES = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
    "object": "a record",
    "array": "a list",
    "null": "empty",
}
FORMATS = {
    "date": "a date written as YYYY-MM-DD",
    "date-time": "a date and time such as 2026-11-22T13:32:00+00:00",
    "uuid": "a UUID",
}


def printable(text: str, limit: int = 40) -> str:
    """Text as a message may quote it: cut short, and what cannot be shown or stored (a NUL,
    a control character, a lone surrogate) written as its escape, \\u0000."""
    short = text if len(text) <= limit else text[:limit] + "…"
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in short)


def shown(value: object) -> str:
    """A value as a message quotes it: 7, 'not a date', a list, empty (null)."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return f"'{printable(value)}'"
    return "a record" if isinstance(value, dict) else "a list"


def _follow(walker, node: Any) -> dict:
    """The schema `node` stands for, its `$ref`s followed (for its properties and items)."""
    if walker is None:
        return {}
    resolver = walker[1]
    while isinstance(node, dict) and "$ref" in node and not ({"properties", "items"} & set(node)):
        resolved = resolver.lookup(node["$ref"])
        node, resolver = resolved.contents, resolved.resolver
    return node if isinstance(node, dict) else {}


def field_words(walker, instance: object, path: Sequence) -> str:
    """The field at `path` in words; "it" for the whole document."""
    node: Any = walker[0] if walker else {}
    context: list[str] = []
    leaf = ""
    value = instance
    for step in path:
        nav = _follow(walker, node)
        if isinstance(step, int):
            node = nav.get("items") if isinstance(nav.get("items"), dict) else {}
            value = value[step] if isinstance(value, list) and step < len(value) else None
            context.append(_entry(node, value, step))
            leaf = ""
        else:
            props = nav.get("properties", {})
            extra = nav.get("additionalProperties")
            node = props.get(step, extra if isinstance(extra, dict) else {})
            value = value.get(step) if isinstance(value, dict) else None
            if step in props:
                leaf = node.get("title") or str(step).replace("_", " ")
            else:  # a field the schema does not name, or one of many (a count per rating)
                leaf = f"{node.get('title', 'field')} '{printable(str(step))}'"
    if not path:
        return "it"
    if not leaf:
        return ", ".join(context)
    return f"{', '.join(context)}'s {leaf}" if context else f"the {leaf}"


def _entry(items: dict, value: object, index: int) -> str:
    name = items.get("title", "entry")
    key = items.get("x-named-by")
    if isinstance(value, dict) and key:
        label = value.get(key)
        if isinstance(label, str | int) and not isinstance(label, bool) and str(label).strip():
            return f"{name} {printable(str(label))}"
    return f"{name} {index + 1}"


def _types(wanted: object) -> str:
    names = wanted if isinstance(wanted, list) else [wanted]
    return " or ".join(TYPES.get(str(n), str(n)) for n in names)


def _bounds(schema: dict, value: object) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"but it must be from {low} to {high}"
    if low == 0:
        return "but it cannot be negative"
    if low is not None:
        return f"but it cannot be less than {low}"
    return f"but it cannot be more than {high}"


def describe_error(error, walker, instance: object) -> str:
    """One `jsonschema.ValidationError` as a sentence (without the file's name)."""
    path = list(error.absolute_path)
    field = field_words(walker, instance, path)
    value, schema, wanted = error.instance, error.schema, error.validator_value
    said = shown(value)
    expected = schema.get("x-expected") if isinstance(schema, dict) else None
    kind = error.validator
    subject = "it" if not path else field
    if kind == "type":
        return f"{field} is {said}, which is not {_types(wanted)}"
    if kind == "const":
        return f"{field} is {said}, but it must be {shown(wanted)}"
    if kind == "enum":
        return f"{field} is {said}, but it must be one of " + ", ".join(map(shown, wanted[:8]))
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{field} is {said}, {_bounds(schema, value)}"
    if kind == "format":
        return f"{field} is {said}, which is not {expected or FORMATS.get(wanted, wanted)}"
    if kind == "pattern":
        return f"{field} is {said}, which is not {expected or 'in the form it should be'}"
    if kind == "minLength":
        return f"{field} is empty" if wanted == 1 else f"{field} is too short"
    if kind == "maxLength":
        return f"{field} is too long ({len(value):,} characters; at most {wanted:,})"
    if kind == "minItems":
        return f"{field} has {len(value)} entries, but it needs at least {wanted}"
    if kind == "maxItems":
        return f"{field} has {len(value):,} entries, more than the {wanted:,} it may have"
    if kind == "required":
        missing = next((k for k in wanted if k not in value), wanted[0])
        title = schema.get("properties", {}).get(missing, {}).get("title", missing)
        return f"{subject} has no {title.replace('_', ' ')}"
    if kind in ("additionalProperties", "unevaluatedProperties"):
        known = set(schema.get("properties", {}))
        extra = next((k for k in value if k not in known), "")
        return f"{subject} holds '{printable(str(extra))}', which is not a field the app knows"
    if kind == "x-not-in-the-future":
        return f"{field} is {said}, which is in the future (after tomorrow on this computer)"
    return f"{field} is not as it should be ({error.message[:200]})"
