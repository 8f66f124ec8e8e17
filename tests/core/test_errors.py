"""Every exception class the app defines sits under StokeGovernorError, and the tree says so."""

import ast
import builtins
from pathlib import Path

import pytest

import stoke_governor
from stoke_governor.core import errors

PACKAGE = Path(stoke_governor.__file__).parent
BUILTIN_ERRORS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}


def _exception_classes() -> dict[str, tuple[str, list[str]]]:
    """Class name → (module file, base names) for every class whose bases end in a builtin
    exception, followed through the app's own classes."""
    bases: dict[str, tuple[str, list[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = [
                    b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "")
                    for b in node.bases
                ]
                bases[node.name] = (str(path.relative_to(PACKAGE)), names)

    def is_exception(name: str, seen=()) -> bool:
        if name in BUILTIN_ERRORS:
            return True
        if name not in bases or name in seen:
            return False
        return any(is_exception(b, (*seen, name)) for b in bases[name][1])

    return {n: v for n, v in bases.items() if n not in BUILTIN_ERRORS and is_exception(n)}


def test_every_app_error_is_a_stoke_governor_error():
    classes = _exception_classes()
    assert len(classes) >= 30  # the scan found the app's errors
    wrong = {
        name: (module, names)
        for name, (module, names) in classes.items()
        if name != "StokeGovernorError" and any(b in BUILTIN_ERRORS for b in names)
    }
    assert wrong == {}, "subclass StokeGovernorError or one of its families, not a builtin"


def test_the_docstring_tree_names_every_error():
    doc = errors.__doc__
    missing = [name for name in _exception_classes() if name not in doc]
    assert missing == []


def test_the_moved_errors_are_caught_as_their_families():
    from stoke_governor.challenges.mapping import CellError, parse_date
    from stoke_governor.training.modules import ModuleFileError, parse_module

    with pytest.raises(errors.ChallengeError) as cell:
        parse_date("31/02/2024")
    assert isinstance(cell.value, CellError) and not isinstance(cell.value, ValueError)
    with pytest.raises(errors.BadInputFileError) as module:
        parse_module("01-broken.md", "no header", PACKAGE)
    assert isinstance(module.value, ModuleFileError) and "01-broken.md" in str(module.value)
