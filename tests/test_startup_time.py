"""The start-up path stays lean: what the first window needs, and nothing more."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt

from stoke_governor.schools.register import select_school
from stoke_governor.startup import open_database

from .conftest import BIRCHES_HEAD


def test_the_dashboards_role_numbers_are_qts():
    from stoke_governor.ui.measures import dashboard_model as m
    from stoke_governor.ui.measures.dashboard_page import VERTICAL

    role = Qt.ItemDataRole
    assert (
        role.DisplayRole,
        role.ToolTipRole,
        role.TextAlignmentRole,
    ) == (m.DISPLAY, m.TOOLTIP, m.ALIGN)
    assert (role.BackgroundRole, role.ForegroundRole) == (m.BACKGROUND, m.FOREGROUND)
    assert role.UserRole + 1 == m.SORT_ROLE
    assert (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value == m.RIGHT
    assert Qt.Orientation.Vertical.value == VERTICAL


def test_the_first_window_opens_and_paints_without_building_qts_namespace(db_path):
    """Qt's namespace of enums (`Qt.…`) costs ~12 ms to build: the board's first window,
    painted, must not need it (PySide builds it when code names it, or passes a value of
    one of its enums to Python, or resolves an overload that takes one)."""
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
        "assert window.windowTitle().startswith('Birches Head Academy')\n"
        "window.store.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
