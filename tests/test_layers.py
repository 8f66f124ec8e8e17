"""The architecture holds: import-linter's contracts (layers, Qt only in the UI, no cycles),
the command line runs with Qt unimportable, and the UI goes through the domain: no module
under `stoke_governor.ui` holds SQL or calls into a store."""

from __future__ import annotations

import ast
import logging
import re
import subprocess
import sys
from pathlib import Path

import stoke_governor

ROOT = Path(__file__).resolve().parent.parent


def test_the_architecture_contracts_hold():
    """import-linter's contracts in pyproject.toml: the layers (the store imports no
    capability, the domain no UI), Qt only in the UI, the UI never on the store, private
    modules kept private, and no import cycle at any depth."""
    from importlinter.cli import lint_imports

    # import-linter configures logging as a command would: every logger it does not name is
    # disabled, the app's own among them, for the rest of this process unless put back.
    enabled = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.disabled
    ]
    try:
        assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
    finally:
        for logger in enabled:
            logger.disabled = False


def test_cli_works_without_qt(db_path):
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.modules['pyqtgraph'] = None\n"
        "from stoke_governor.cli.main import main\n"
        f"raise SystemExit(main(['--db', {str(db_path)!r}, 'data', 'show', '--urn', '124390']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Birches Head Academy" in result.stdout


# -- the UI goes through the domain: no SQL and no store calls in stoke_governor/ui ---------
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|SELECT\s+(1|count|max|min)\b|INSERT\s+(OR\s+\w+\s+)?INTO"
    r"|UPDATE\s+\w+\s+SET|DELETE\s+FROM|REPLACE\s+INTO|(CREATE|DROP|ALTER)\s+(TABLE|INDEX|VIEW)"
    r"|PRAGMA\s+\w+|BEGIN\s+TRANSACTION|COMMIT\b|ROLLBACK\b)",
    re.DOTALL,
)
STORE_CALLS = {"query", "query_one", "execute", "executemany", "executescript", "transaction"}
UI = Path(stoke_governor.__file__).parent / "ui"


def store_use(source: str) -> list[str]:
    """Where this module's source runs SQL or reaches into a store: 'line: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL.search(node.value):
                found.append(f"{node.lineno}: SQL {node.value[:40]!r}")
        elif isinstance(node, ast.Attribute) and node.attr in ("conn", "db"):
            found.append(f"{node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in STORE_CALLS
        ):
            found.append(f"{node.lineno}: .{node.func.attr}(…)")
    return found


def test_the_check_finds_sql_and_store_calls():
    assert sorted(store_use('store.query("SELECT name FROM schools WHERE urn = ?", (urn,))')) == [
        "1: .query(…)",
        "1: SQL 'SELECT name FROM schools WHERE urn = ?'",
    ]
    assert sorted(store_use("self.store.conn.execute(sql).fetchone()")) == [
        "1: .conn",
        "1: .execute(…)",
    ]
    assert store_use("x = 'DELETE FROM boards WHERE demo = 1'") != []
    assert store_use("label = 'Select a school from the list'; store.setting('k')") == []


def test_the_ui_runs_no_sql_and_never_reaches_into_the_store():
    modules = sorted(UI.rglob("*.py"))
    assert len(modules) > 50
    found = {
        str(path.relative_to(UI)): use
        for path in modules
        if (use := store_use(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_only_the_store_touches_a_connection_or_opens_a_transaction_its_own_way():
    """One way to read and write: Store.query/query_one, and execute inside
    Store.transaction() (or bulk_change); the raw connection and sqlite-utils' atomic()
    belong to stoke_governor/db alone."""
    package = Path(stoke_governor.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        if package / "db" in path.parents:  # the store, and its migrations
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("conn", "atomic"):
                found.append(f"{path.relative_to(package)}:{node.lineno} .{node.attr}")
    assert not found, found
