"""Redraw of the city comparison chart: every city school over ten years (budget ≤ 20 ms).

Input: the city's real school list (about 120 schools) with ten years of figures each,
generated with a fixed seed. One redraw = `ComparisonChart.show_comparison` with another
measure's data, then a synchronous repaint of the chart's viewport, offscreen.

Reference in the same run: bare pyqtgraph drawing the same points (A) as one curve with
`setData` and the same repaint, and (B) as one `PlotDataItem` per school created afresh,
the naive way. Interleaved repeats, medians. It is a report, not a test.

Run from the project root:  .venv/bin/python benchmarks/chart_redraw.py [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_MS = 20.0
YEARS = list(range(2016, 2026))


def comparisons(store, count: int = 2):
    """Two measures' worth of data for every city school, ten years each."""
    from stoke_governor.measures.catalogue import catalogue
    from stoke_governor.measures.trends import Comparison, SchoolLine, area_series

    rng = random.Random(861)
    schools = store.query("SELECT urn, name FROM schools WHERE la_code = 861 ORDER BY name")
    measure = catalogue(store)["PTL2BASICS_95"]
    city = area_series(store, "E06000021", "Stoke-on-Trent", ["PTL2BASICS_95"], "")
    out = []
    for _ in range(count):
        lines = [
            SchoolLine(r["urn"], r["name"], {x: round(rng.uniform(10, 80), 1) for x in YEARS})
            for r in schools
        ]
        out.append(Comparison(measure, YEARS, lines, city))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=31)
    args = parser.parse_args()

    import tempfile

    import numpy as np

    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from stoke_governor.startup import open_database
    from stoke_governor.ui.measures.charts import ComparisonChart

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = open_database(Path(tmp) / "bench.sqlite")
        data = comparisons(store)
        store.close()
    n_schools = len(data[0].schools)
    urn = data[0].schools[len(data[0].schools) // 2].urn

    chart = ComparisonChart()
    chart.resize(800, 500)
    chart.show()
    bare = pg.PlotWidget()
    bare.resize(800, 500)
    bare.show()
    curve = bare.plot()
    naive = pg.PlotWidget()
    naive.resize(800, 500)
    naive.show()
    app.processEvents()

    def flat(c):
        xs, ys = [], []
        for s in c.schools:
            xs += [*YEARS, np.nan]
            ys += [*(s.points[x] for x in YEARS), np.nan]
        return np.array(xs, dtype=float), np.array(ys, dtype=float)

    flats = [flat(c) for c in data]

    def app_redraw(i):
        chart.show_comparison(data[i % 2], urn, "This school")
        chart.viewport().repaint()

    def bare_redraw(i):
        xs, ys = flats[i % 2]
        curve.setData(xs, ys, connect="finite")
        bare.viewport().repaint()

    def naive_redraw(i):
        naive.clear()
        for s in data[i % 2].schools:
            naive.plot(YEARS, [s.points[x] for x in YEARS])
        naive.viewport().repaint()

    runs = {"app": [], "bare one curve": [], "bare one item per school": []}
    fns = {
        "app": app_redraw,
        "bare one curve": bare_redraw,
        "bare one item per school": naive_redraw,
    }
    for i in range(args.repeats + 2):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn(i)
            elapsed = (time.perf_counter() - t0) * 1000
            if i >= 2:  # two warm-ups
                runs[name].append(elapsed)
    med = {name: statistics.median(v) for name, v in runs.items()}
    print(
        f"City comparison redraw: {n_schools} schools × {len(YEARS)} years, "
        f"{args.repeats} interleaved repeats, offscreen, medians"
    )
    for name, value in med.items():
        print(f"  {name:<26} {value:7.1f} ms")
    ratio = med["app"] / med["bare one curve"]
    verdict = "PASS" if med["app"] <= BUDGET_MS else "FAIL"
    print(f"  app / bare one curve      {ratio:7.2f} ×")
    print(f"  budget ≤ {BUDGET_MS:.0f} ms: {verdict} ({med['app']:.1f} ms)")


if __name__ == "__main__":
    main()
