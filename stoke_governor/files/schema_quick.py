"""A quick test that a value passes a schema, before jsonschema is asked (files/schemas.py).

jsonschema walks a value keyword by keyword through its general machinery: for a return's
payload (some 400 values) that took about 2.5 ms, most of an import. jsonschema-rs (the
same draft 2020-12, compiled) answers "valid" far sooner. It is asked first, and only that
answer is trusted:

- its validator is built once per schema from the same schema files (the same `$ref`s,
  through a registry of them), with every format the schemas use checked by the function
  jsonschema's format checker uses, and the app's own keywords by the same function too;
- the caller gives it only plain JSON (the types `json` makes, finite numbers): what the
  two might read differently (a tuple, a Decimal, an infinity) goes to jsonschema alone;
- "not valid", or any error, is never a refusal: the caller then runs jsonschema, which
  decides and words the message. tests/files/test_schema_quick.py puts thousands of
  damaged payloads to both.

jsonschema-rs is imported when a file is first checked, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema_rs import Validator

FormatTest = Callable[[str, object], bool]  # (format name, value): jsonschema's answer
KeywordTest = Callable[[Any, object], bool]  # (the keyword's value, value): True if it passes


def quick_validator(
    name: str,
    files: Iterable[tuple[str, Any]],
    conforms: FormatTest,
    keywords: Mapping[str, KeywordTest],
) -> Validator | None:
    """jsonschema-rs's validator of the schema file `name` among `files` (file name,
    contents), or None if jsonschema-rs cannot build it (jsonschema alone then checks)."""
    import jsonschema_rs

    files = list(files)
    contents = dict(files)[name]
    formats = {f: _format(conforms, f) for f in sorted(_format_names(c for _, c in files))}
    try:
        return jsonschema_rs.validator_for(
            contents,
            registry=jsonschema_rs.Registry(files, draft=jsonschema_rs.Draft202012),
            base_uri=name,
            formats=formats,
            validate_formats=True,
            keywords={k: _keyword(test) for k, test in keywords.items()},
        )
    except Exception:  # a pattern or `$ref` it cannot take: jsonschema decides
        return None


def passes(validator: Validator | None, value: object) -> bool:
    """True only when jsonschema-rs finds `value` valid; False says only that jsonschema
    must decide (an error inside it, a schema it could not build, included)."""
    if validator is None:
        return False
    try:
        return validator.is_valid(value)
    except Exception:
        return False


def _format(conforms: FormatTest, name: str) -> Callable[[object], bool]:
    return lambda value: conforms(name, value)


def _keyword(test: KeywordTest) -> type:
    """A jsonschema-rs keyword class whose check is `test`."""

    class Keyword:
        def __init__(self, parent_schema: dict, value: Any, schema_path: list) -> None:
            self.wanted = value

        def validate(self, instance: object) -> None:
            if not test(self.wanted, instance):
                raise ValueError("does not pass")  # never shown: jsonschema words refusals

    return Keyword


def _format_names(schemas: Iterable[Any]) -> Iterator[str]:
    """Every format any of the schemas names."""
    stack = list(schemas)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                yield node["format"]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
