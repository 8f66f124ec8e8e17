"""The start-up path stays lean: what the first window needs, and nothing more."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from stoke_governor.schools.register import select_school
from stoke_governor.startup import open_database
from tests.conftest import BIRCHES_HEAD


def in_new_interpreter(code: str, *args) -> str:
    """Run `code` in a fresh Python (so every import counts) with `args` as sys.argv[1:];
    its asserts must hold. What it printed."""
    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_dashboards_role_numbers_are_qts():
    from stoke_governor.ui.common.widgets import VERTICAL
    from stoke_governor.ui.measures import dashboard_model as m

    role = Qt.ItemDataRole
    assert (
        role.DisplayRole,
        role.ToolTipRole,
        role.TextAlignmentRole,
    ) == (m.DISPLAY, m.TOOLTIP, m.ALIGN)
    assert (role.BackgroundRole, role.ForegroundRole) == (m.BACKGROUND, m.FOREGROUND)
    assert (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value == m.RIGHT
    assert Qt.Orientation.Vertical.value == VERTICAL


def test_the_first_window_opens_and_paints_without_building_qts_namespace(db_path):
    """Qt's namespace of enums (`Qt.…`) costs ~12 ms to build: the board's first window,
    painted, must not need it (PySide builds it when code names it, or passes a value of
    one of its enums to Python, or resolves an overload that takes one). Nor does it need
    the demo board's module, json, calendar (and locale), or jsonschema (files are checked
    against their schemas when one is read)."""
    with open_database(db_path) as s:
        select_school(s, BIRCHES_HEAD)
    code = (
        "import sys\n"
        "import PySide6.QtCore as QtCore\n"
        "from stoke_governor.ui.shell.app import make_application, open_main_window\n"
        "app = make_application()\n"
        "window = open_main_window(sys.argv[1], ask_for_school=False)\n"
        "window.show()\n"
        "app.processEvents()\n"
        "window.grab()\n"
        "assert 'Qt' not in vars(QtCore), 'the Qt namespace was built'\n"
        "late = {'json', 'calendar', 'locale', 'stoke_governor.startup.demo', 'jsonschema'}\n"
        "late &= set(sys.modules)\n"
        "assert not late, f'the first window does not need {late}'\n"
        "assert window.windowTitle().startswith('Birches Head Academy')\n"
        "window.store.close()\n"
    )
    in_new_interpreter(code, db_path)


def test_the_first_window_imports_no_domain_module_after_qt(db_path):
    """PySide6 inspects every module imported after it (it reads its source): the GUI's
    composition root imports the domain modules the first window needs before Qt."""
    with open_database(db_path) as s:
        select_school(s, BIRCHES_HEAD)
    code = (
        "import sys\n"
        "from stoke_governor.ui.shell.app import make_application, open_main_window\n"
        "before_qt = set(sys.modules)\n"
        "assert 'PySide6' not in before_qt, 'ui/shell/app.py imports Qt at its top'\n"
        "app = make_application()\n"
        "window = open_main_window(sys.argv[1], ask_for_school=False)\n"
        "window.show()\n"
        "app.processEvents()\n"
        "late = {m for m in set(sys.modules) - before_qt if m.startswith('stoke_governor.')}\n"
        "late = {m for m in late if not m.startswith('stoke_governor.ui.')}\n"
        "assert not late, f'import these in ui/shell/app.py, before Qt: {sorted(late)}'\n"
        "window.store.close()\n"
    )
    in_new_interpreter(code, db_path)


# Libraries the first window has no use for: each is imported by the page or export that
# needs it, when it is opened (charts, workbooks, PDFs, Word files, signatures, projections).
HEAVY = (
    "pyqtgraph",
    "numpy",
    "openpyxl",
    "reportlab",
    "jsonschema",
    "jsonschema_rs",
    "cryptography",
    "docx",
    "statsmodels",
    "scipy",
)


def test_the_first_window_is_shown_without_any_heavy_library(db_path):
    with open_database(db_path) as s:
        select_school(s, BIRCHES_HEAD)
    code = (
        "import sys\n"
        "from stoke_governor.ui.shell.app import make_application, open_main_window\n"
        "app = make_application()\n"
        "window = open_main_window(sys.argv[1], ask_for_school=False)\n"
        "window.show()\n"
        "app.processEvents()\n"
        "window.grab()\n"
        f"heavy = {{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})\n"
        "assert not heavy, f'the first window imports {sorted(heavy)}'\n"
        "assert window.windowTitle().startswith('Birches Head Academy')\n"
        "window.pool.waitForDone()\n"
        "window.store.close()\n"
    )
    in_new_interpreter(code, db_path)


def test_a_first_run_makes_its_database_without_any_heavy_library(tmp_path):
    """A new database (the shipped data copied, demo board and all) and a school chosen on
    the command line, as a first run does: none of the heavy libraries, and the demo board
    comes with the copy, not built (its modules and the backups' are not even imported)."""
    db = tmp_path / "first.sqlite"
    code = (
        "import sys\n"
        "from stoke_governor.cli.main import main\n"
        "assert main(['--db', sys.argv[1], 'school', 'select', sys.argv[2]]) == 0\n"
        f"heavy = {{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})\n"
        "assert not heavy, f'a first run imports {sorted(heavy)}'\n"
        "built = {'stoke_governor.startup.demo', 'stoke_governor.challenges.log',\n"
        "         'stoke_governor.selfeval.evaluation', 'stoke_governor.db.backups'}\n"
        "assert not built & set(sys.modules), f'a first run imports {built & set(sys.modules)}'\n"
        "from stoke_governor.board.governors import demo_board\n"
        "from stoke_governor.db.opening import open_store\n"
        "store = open_store(sys.argv[1])\n"
        "assert demo_board(store).urn == int(sys.argv[2])\n"
        "store.close()\n"
    )
    assert "Birches Head Academy" in in_new_interpreter(code, db, BIRCHES_HEAD)


def test_cells_the_dashboard_drops_are_gone_from_python_too(qapp, store):
    """Cells are made by PySide (not cloned by Qt), so it knows when the model deletes one:
    no Python object is left pointing at memory another object then takes."""
    from shiboken6 import isValid

    from stoke_governor.measures.catalogue import school_dashboard
    from stoke_governor.schools.register import get_school
    from stoke_governor.ui.measures.dashboard_model import DashboardModel

    school = get_school(store, BIRCHES_HEAD)
    model = DashboardModel()
    model.set_rows(school_dashboard(store, school.urn, school.phase))
    cell = model.item(0, 0)
    assert isValid(cell) and cell.text()
    model.set_rows([])
    assert not isValid(cell)
