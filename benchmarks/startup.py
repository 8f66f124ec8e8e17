"""Cold start-up of Stoke Governor against a bare PySide6 window with one table.

Each run is a fresh Python interpreter (so imports count), timed by wall clock
in this parent process from starting it until it prints that its window is shown
(the budget's "cold start to a shown, usable main window"; the time to the end of the
process, quitting included, is reported beside it), with QT_QPA_PLATFORM=offscreen.
Both children show their window and go through one event-loop turn
(`QTimer.singleShot(0, app.quit); app.exec()`) so the window is really shown.

  A  bare:  QMainWindow + QTableView over a 13×8 QStandardItemModel
  B  app:   `python -m stoke_governor --db DB --smoke-test`: the real command line,
            database opened, dashboard built and shown, then quit; DB prepared once
            beforehand (`python -m stoke_governor --db DB school select URN`)

Both run from compiled bytecode, as an installed app does (see ENV).
A and B are interleaved, after one discarded warm-up of each; the report gives
medians, the ratio B/A against the budget (≤ 1.25 ×), a `python -c pass`
reference, and the first run against its budget (≤ 2 ×): a new database made (the shipped
data and demo board copied) and the window shown, in one process as a user's first start
is (`--smoke-test` on a new file opens the demo board, where a user picks a school first).
Beside it, for comparison with earlier runs of this script, the first run as two processes:
`school select URN` on the command line, then the window.
With `--against REV`, the app as it was at git revision REV (extracted with `git archive`)
is timed in the same run, interleaved with the others (its start-up and its first run), so
a change's cost is measured against the same noise. It is a report, not a test: the exit
code is 0 whatever the result.

Run from the project root:  .venv/bin/python benchmarks/startup.py [--repeats N] [--against REV]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ratio import ratio_words

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1.25
URN = 124390
HEAVY = ("pyqtgraph", "openpyxl", "reportlab", "numpy")

SHOWN = "The main window opened"  # both children print it once the window is up
BARE = f"""\
import sys
SHOWN = {SHOWN!r}
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
from PySide6.QtGui import QStandardItem, QStandardItemModel
app = QApplication(sys.argv[:1])
model = QStandardItemModel(13, 8)
for i in range(13 * 8):
    model.setItem(i // 8, i % 8, QStandardItem(str(i)))
w = QMainWindow()
view = QTableView()
view.setModel(model)
w.setCentralWidget(view)
w.show()
def shown():
    print(SHOWN, flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

# The app is started exactly as a user starts it, through its command line;
# --smoke-test quits once the main window is shown.
APP = ("-m", "stoke_governor", "--db")
SMOKE = "--smoke-test"


def heavy_modules(*args: str) -> set[str]:
    """Which heavy libraries the start-up path imports (from -X importtime)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    names = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    return {m for m in HEAVY if m in names}


# Both children run from compiled bytecode, as an installed app does (pip and PyInstaller
# ship .pyc files): a PYTHONDONTWRITEBYTECODE inherited from the shell would make the app,
# and only the app, recompile its own modules on every start. The bytecode goes to a
# temporary folder (PYTHONPYCACHEPREFIX), written by the discarded warm-up runs.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update(
    QT_QPA_PLATFORM="offscreen",
    PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "stoke-governor-bench-pyc"),
)
heavy_seen: dict[str, set[str]] = {}


whole: dict[str, list[float]] = {"bare": [], "app": []}  # to the process's end, for the record


def timed(*args: str, who: str | None = None, cwd: Path = ROOT) -> float:
    """Wall time of one fresh interpreter running `python *args`: until it prints SHOWN
    (its window is up and the event loop has turned) when it does, else until it ends."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        env=ENV,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    shown = None
    for line in proc.stdout:
        if shown is None and SHOWN in line:
            shown = time.perf_counter() - start
    err = proc.stderr.read()
    code = proc.wait()
    ended = time.perf_counter() - start
    if code != 0:
        sys.exit(f"child failed ({code}): {args[:2]}\n{err}")
    if who:
        whole[who].append(ended)
    return shown if shown is not None else ended


def row(
    label: str,
    times: list[float],
    ref: float | None = None,
    budget: bool = False,
    cap: float = BUDGET,
) -> str:
    med = statistics.median(times)
    text = f"{label:<46} median {med:6.3f} s  (min {min(times):.3f}, n={len(times)})"
    return text + ratio_words(med, ref, cap if budget else None, over="OVER")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument(
        "--first-run-repeats", type=int, default=5, help="first-run runs (default 5)"
    )
    parser.add_argument(
        "--against", metavar="REV", help="also time the app as it was at this git revision"
    )
    args = parser.parse_args()

    import PySide6

    print(f"machine: {os.cpu_count()} cores, {platform.platform()}")
    print(
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        "QT_QPA_PLATFORM=offscreen"
    )

    with tempfile.TemporaryDirectory(prefix="sg-bench-") as tmp:
        db = str(Path(tmp) / "bench.sqlite")
        _prepare(db, ROOT, "the database")

        old_root = old_db = None
        if args.against:
            old_root, old_db = _extract(args.against, Path(tmp))

        timed("-c", BARE), timed(*APP, db, SMOKE)  # warm-up, discarded
        if old_root:
            timed(*APP, old_db, SMOKE, cwd=old_root)
        empty, bare, app, old = [], [], [], []
        for _ in range(args.repeats):
            empty.append(timed("-c", "pass"))
            bare.append(timed("-c", BARE, who="bare"))
            app.append(timed(*APP, db, SMOKE, who="app"))
            if old_root:
                old.append(timed(*APP, old_db, SMOKE, cwd=old_root))

        first, two_step, bare_first, old_first = [], [], [], []
        for i in range(args.first_run_repeats):
            bare_first.append(timed("-c", BARE))
            first.append(timed(*APP, str(Path(tmp) / f"first-{i}.sqlite"), SMOKE))
            two_step.append(_first_run(str(Path(tmp) / f"two-step-{i}.sqlite"), ROOT))
            if old_root:
                old_first.append(_first_run(str(Path(tmp) / f"first-old-{i}.sqlite"), old_root))
        heavy_seen["cold start"] = heavy_modules(*APP, db, SMOKE)

    ref = statistics.median(bare)
    print()
    print(row("python -c pass (reference)", empty))
    print(row("bare PySide6 window + table", bare))
    print(row("Stoke Governor cold start", app, ref, budget=True))
    if old:
        print(row(f"Stoke Governor at {args.against}", old, ref))
        change = statistics.median(app) / statistics.median(old)
        print(f"  this tree against {args.against}: {change:4.2f} × its start-up time")
    print("  (to the window shown; to the end of the process, quitting included:")
    print("  " + row("bare", whole["bare"]))
    print("  " + row("Stoke Governor", whole["app"], statistics.median(whole["bare"])) + ")")
    bare_ref = statistics.median(bare_first)
    print(row("first run (new database to a shown window)", first, bare_ref, budget=True, cap=2))
    print(row("  as two processes (school select; start)", two_step, bare_ref))
    if old_first:
        print(row(f"  two processes at {args.against}", old_first, bare_ref))
        change = statistics.median(two_step) / statistics.median(old_first)
        print(f"  this tree against {args.against}: {change:4.2f} × its first-run time")
    seen = ", ".join(sorted(heavy_seen["cold start"]))
    print(
        f"WARNING: start-up imports {seen}"
        if seen
        else f"start-up imports none of {', '.join(HEAVY)}"
    )
    return 0


def _first_run(db: str, tree: Path) -> float:
    """A first run as two processes: a new database made and its school chosen on the
    command line, then the window opened on it (the two processes' times added)."""
    return timed(*APP, db, "school", "select", str(URN), cwd=tree) + timed(
        *APP, db, SMOKE, cwd=tree
    )


def _extract(rev: str, tmp: Path) -> tuple[Path, str]:
    """The tree at `rev` in a folder of its own, with a board's database prepared by it."""
    folder = tmp / "against"
    folder.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    db = str(tmp / "against.sqlite")
    _prepare(db, folder, f"{rev}'s database")
    return folder, db


def _prepare(db: str, tree: Path, what: str) -> None:
    """A board's database at `db`, made by the app in `tree`, with the school selected."""
    prep = subprocess.run(
        [sys.executable, "-m", "stoke_governor", "--db", db, "school", "select", str(URN)],
        cwd=tree,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if prep.returncode != 0:
        sys.exit(f"preparing {what} failed:\n{prep.stdout}{prep.stderr}")


if __name__ == "__main__":
    sys.exit(main())
