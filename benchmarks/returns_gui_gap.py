"""Is the GUI thread ever blocked while the LA's window previews and imports returns?
(budget: no gap between event-loop turns > 50 ms)

Generates 100+ real returns with the app's own export (one per open city school, varied
boards and ratings; cached under /tmp, so a second run starts at once), opens the LA's
window offscreen and hands it the folder as a drop would. A 10 ms timer on the GUI thread
records the time between event-loop turns from the moment the folder is handed over: the
preview window opening, the dry run, the preview table, then the Import button, the import
and the outcomes table. Reports the longest gap, the 99th percentile and the time taken.
A report, not a test: the exit code is 0 whatever the result.

Run from the project root:  .venv/bin/python benchmarks/returns_gui_gap.py [--files N]
  --shots DIR     also saves the window and the preview as PNGs there
  --folder DIR    returns made already (e.g. /tmp/stoke-governor-bench-returns/returns)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_MS = 50.0
CACHE = Path(tempfile.gettempdir()) / "stoke-governor-bench-gui-returns"
ITEMS = ("SL1", "SL2", "SL3", "SL4", "SL5", "AC1", "AC2", "AC3", "AC4")


def seeded() -> Path:
    """A freshly seeded database file, made once and copied for each use."""
    from stoke_governor.startup import open_database

    path = CACHE / "seeded.sqlite"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        open_database(CACHE / "seeding.sqlite").close()
        (CACHE / "seeding.sqlite").rename(path)
    return path


def copy_db(src: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    a, b = sqlite3.connect(src), sqlite3.connect(dest)
    a.backup(b)
    a.close()
    b.close()
    return dest


def generate(count: int) -> Path:
    """Real return files from `count` city schools (every open one if fewer; cached)."""
    from stoke_governor.la.returns.importer import find_return_files
    from stoke_governor.startup import open_database

    folder = CACHE / f"returns-{count}"
    done = folder / "complete"  # written last: a run stopped half-way starts again
    if done.is_file() and len(find_return_files([folder])) == int(done.read_text()):
        return folder
    from stoke_governor.board.governors import add_governor
    from stoke_governor.reports.return_workbook import export_return
    from stoke_governor.selfeval.evaluation import rate, start_evaluation

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = copy_db(seeded(), CACHE / "school.sqlite")
    rnd, today, started = random.Random(7), dt.date(2026, 11, 20), time.perf_counter()
    with open_database(db) as store:
        urns = [
            r[0]
            for r in store.query(
                "SELECT urn FROM schools WHERE status != 'closed' ORDER BY urn LIMIT ?", (count,)
            )
        ]
        for urn in urns:
            for n in range(2 + urn % 9):
                add_governor(store, urn, f"Benchmark Governor {urn}-{n + 1}", "parent")
            ev = start_evaluation(store, urn, today=today)
            for item in ITEMS:
                rate(store, ev.id, item, rnd.choice((1, 2, 3, 4, 4, 3, None)))
            export_return(store, start_evaluation(store, urn, today=today), folder, today)
    db.unlink()
    done.write_text(str(len(urns)))
    print(f"generated {len(urns):,} returns in {time.perf_counter() - started:.0f} s into {folder}")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=120)
    parser.add_argument("--shots", type=Path)
    parser.add_argument(
        "--folder",
        type=Path,
        help="returns already made, e.g. the 1,000 of benchmarks/returns_import.py",
    )
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from stoke_governor.la.mode import la_init
    from stoke_governor.startup import open_database
    from stoke_governor.ui.shell.la_window import LAWindow

    folder = args.folder or generate(args.files)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_DATA_HOME"] = tmp  # settings (recent files, window place) kept apart
        store = open_database(copy_db(seeded(), Path(tmp) / "governor-services.sqlite"))
        la_init(store)
        window = LAWindow(store)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        gaps: list[tuple[float, str]] = []
        phase, last, marks = ["preview"], [time.perf_counter()], {}

        def tick():
            now = time.perf_counter()
            gaps.append(((now - last[0]) * 1000, phase[0]))
            last[0] = now

        def step():
            dialog = window.import_dialog
            if phase[0] == "preview" and dialog is not None and not dialog.busy:
                marks["previewed"] = time.perf_counter()
                if args.shots:
                    dialog.grab().save(str(args.shots / "returns-preview.png"))
                phase[0] = "import"
                dialog.import_button.click()
            elif phase[0] == "import" and dialog.import_done:
                marks["imported"] = time.perf_counter()
                phase[0] = "done"
                app.exit(0)  # (quit() would close the windows first)

        timer, watch = QTimer(), QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        watch.setInterval(10)
        watch.timeout.connect(step)
        timer.start()
        watch.start()
        started = last[0] = time.perf_counter()
        window.open_files([folder])  # as a folder dropped on the window
        app.exec()
        timer.stop()
        watch.stop()
        outcomes = window.import_dialog.outcomes
        if args.shots:
            window.import_dialog.grab().save(str(args.shots / "returns-imported.png"))
            window.import_dialog.reject()
            app.processEvents()
            window.grab().save(str(args.shots / "la-window.png"))
        window.pool.waitForDone()
        store.close()
    preview_s = marks["previewed"] - started
    import_s = marks["imported"] - marks["previewed"]
    print(
        f"LA window, {len(outcomes):,} returns dropped as a folder: preview {preview_s:.2f} s, "
        f"import {import_s:.2f} s"
    )
    statuses = {}
    for o in outcomes:
        statuses[o.status] = statuses.get(o.status, 0) + 1
    print("  outcomes: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    for name in ("preview", "import"):
        part = sorted(g for g, p in gaps if p == name)
        if part:
            print(
                f"  {name}: {len(part):,} event-loop turns; longest gap {part[-1]:.1f} ms, "
                f"99th percentile {part[int(len(part) * 0.99)]:.1f} ms"
            )
    worst = max(g for g, _p in gaps)
    verdict = "PASS" if worst <= BUDGET_MS else "FAIL"
    print(f"  worst gap {worst:.1f} ms; budget: no gap > {BUDGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
