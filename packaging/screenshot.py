"""Save a screenshot of the real main window (for the README), on a fresh database.

xvfb-run -a python packaging/screenshot.py docs/screenshot.png [URN]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from stoke_governor.schools.register import select_school
from stoke_governor.startup import open_database
from stoke_governor.ui.shell.app import make_application, open_main_window


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png")
    urn = int(sys.argv[2]) if len(sys.argv) > 2 else 124390
    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screenshot.sqlite"
        with open_database(db) as store:
            select_school(store, urn)
        window = open_main_window(db)
        window.resize(1280, 760)
        window.show()
        window.dashboard.table.selectRow(3)
        for _ in range(5):
            QApplication.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.store.close()
        window.close()
    app.quit()
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
