"""Qt stays out of the domain: every module outside `stoke_governor.ui` imports with
PySide6 and pyqtgraph made unimportable, and none of them pulls in the UI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import stoke_governor

DOMAIN = sorted(
    m.name
    for m in pkgutil.walk_packages(stoke_governor.__path__, "stoke_governor.")
    if not m.name.startswith("stoke_governor.ui") and m.name != "stoke_governor.__main__"
)
PROBE = """
import sys
for blocked in ("PySide6", "pyqtgraph", "shiboken6"):
    sys.modules[blocked] = None  # any import of them now raises ImportError
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m.startswith("stoke_governor.ui"))
assert not leaked, leaked
print(len(sys.argv) - 1)
"""


def test_domain_modules_are_found():
    assert {
        "stoke_governor.db.store",
        "stoke_governor.measures.catalogue",
        "stoke_governor.cli.main",
    } <= set(DOMAIN)


def test_domain_imports_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *DOMAIN], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(DOMAIN))


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
