"""Every file a user hands the app is read by the one reader (files/reading.py).

A scan of the source: no module under stoke_governor/ but files/reading.py reads a file
from disk its own way (`.read_bytes()`, `.read_text()`, `open()` or `Path.open()` for
reading, `os.open` without a write flag, a zip or a workbook opened from a path rather than
from bytes already read). What may (the app's own shipped resources, the database file) is
listed below with why; writing is never flagged.
"""

from __future__ import annotations

import ast
from pathlib import Path

import stoke_governor

PACKAGE = Path(stoke_governor.__file__).parent
READER = "files/reading.py"

# "module path::function": why it may read a file without the one reader.
SHIPPED = "the app's own shipped resources (resources_dir), not a file a user hands it"
ALLOWED = {
    "startup/seed.py::reference_fingerprint": SHIPPED,
    "startup/seed.py::read_resource": SHIPPED,
    "startup/prebuilt.py::seed_fingerprint": SHIPPED,
    "startup/demo.py::read_demo": SHIPPED,
    "startup/demo.py::_self_evaluation": SHIPPED,
    "measures/priorities.py::_load": SHIPPED,
    "data/ees_schools.py::series_map": SHIPPED,
    "build_resources/__init__.py::*": "regenerates resources/ from the DfE's files (make "
    "resources); a developer's tool, not the app",
    "db/opening.py::check_file": "the database file's first 16 bytes, checked before SQLite "
    "opens it (the store's own)",
    "db/health.py::file_problem": "a database or backup file's first 16 bytes, checked before "
    "SQLite opens it (the store's own)",
    "db/backups.py::_looks_good": "a backup's first 16 bytes, to count it among the good ones "
    "kept (the store's own)",
    "db/health.py::sync": "a folder the store has just written a backup in, opened to make "
    "its entries durable (fsync); nothing is read",
}

WRITE_FLAGS = ("w", "a", "x", "+")


def _mode(call: ast.Call, position: int) -> str | None:
    """The mode a call opens with (its `position`-th argument or `mode=`): "r" when not
    given, None when it is not a plain string (it may read)."""
    node = call.args[position] if len(call.args) > position else None
    node = next((k.value for k in call.keywords if k.arg == "mode"), node)
    if node is None:
        return "r"
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _reads(mode: str | None) -> bool:
    return mode is None or not any(flag in mode for flag in WRITE_FLAGS)


def _from_bytes(node: ast.expr | None) -> bool:
    """`io.BytesIO(...)`: bytes already read, not a path."""
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (isinstance(f, ast.Attribute) and f.attr == "BytesIO") or (
        isinstance(f, ast.Name) and f.id == "BytesIO"
    )


def _read_of(call: ast.Call) -> str | None:
    """What the call reads from disk its own way, in words; None when it does not."""
    f = call.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
    first = call.args[0] if call.args else None
    if name in ("read_bytes", "read_text") and isinstance(f, ast.Attribute):
        return f".{name}()"
    if name == "open" and (isinstance(f, ast.Name) or owner in ("io", "codecs")):
        return "open() for reading" if _reads(_mode(call, 1)) else None
    if name == "open" and owner == "os":
        flags = ast.unparse(call.args[1]) if len(call.args) > 1 else ""
        return None if "O_WRONLY" in flags or "O_RDWR" in flags else "os.open() for reading"
    if name == "open" and isinstance(f, ast.Attribute):  # Path.open(mode, ..., encoding=)
        path_like = (isinstance(first, ast.Constant) and isinstance(first.value, str)) or any(
            k.arg in ("mode", "encoding", "newline", "errors", "buffering") for k in call.keywords
        )
        return ".open() for reading" if path_like and _reads(_mode(call, 0)) else None
    if name == "ZipFile" and not _from_bytes(first) and _reads(_mode(call, 1)):
        return "ZipFile(path)"
    if name == "load_workbook" and not _from_bytes(first):
        return "load_workbook(path)"
    return None


def own_reads(source: str) -> list[tuple[str, int, str]]:
    """(function, line, what) for each file read in `source` not made by the one reader."""
    found: list[tuple[str, int, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, function if function != "<module>" else child.name)
                continue
            if isinstance(child, ast.Call) and (what := _read_of(child)) is not None:
                found.append((function, child.lineno, what))
            visit(child, function)

    visit(ast.parse(source), "<module>")
    return found


def test_the_check_finds_each_way_of_reading_a_file():
    source = """
import io, os, zipfile
from openpyxl import load_workbook
def a(p):
    p.read_bytes(); p.read_text(encoding="utf-8")
def b(p):
    open(p); open(p, "rb"); io.open(p, mode="r"); p.open("rb"); p.open(encoding="utf-8")
def c(p, fd):
    os.open(p, os.O_RDONLY); zipfile.ZipFile(p); load_workbook(p)
def writes(p, data):
    open(p, "wb"); open(p, "r+b"); p.open("w", encoding="utf-8"); zipfile.ZipFile(p, "w")
    os.open(p, os.O_WRONLY); zipfile.ZipFile(io.BytesIO(data)); load_workbook(io.BytesIO(data))
    zf.open(info); dialog.open()
"""
    found = own_reads(source)
    assert [(f, what) for f, _line, what in found] == [
        ("a", ".read_bytes()"),
        ("a", ".read_text()"),
        ("b", "open() for reading"),
        ("b", "open() for reading"),
        ("b", "open() for reading"),
        ("b", ".open() for reading"),
        ("b", ".open() for reading"),
        ("c", "os.open() for reading"),
        ("c", "ZipFile(path)"),
        ("c", "load_workbook(path)"),
    ]


def test_only_the_one_reader_reads_a_file_from_disk():
    """A file that reads its own way names the way and the line: route it through
    stoke_governor.files.reading (read_limited, open_limited, files_in) instead."""
    found = []
    used = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module == READER:
            continue
        for function, line, what in own_reads(path.read_text(encoding="utf-8")):
            key = next((k for k in (f"{module}::{function}", f"{module}::*") if k in ALLOWED), "")
            if key:
                used.add(key)
            else:
                found.append(f"{module}:{line} ({function}) {what}")
    assert found == [], "\n".join(found)
    assert sorted(set(ALLOWED) - used) == [], "allowed, but no longer reads a file its own way"
