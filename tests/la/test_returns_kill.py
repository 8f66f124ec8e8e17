"""Kill `returns import` mid-batch: the database is intact, and running the batch again
ends in the same state as one clean run."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time

from stoke_governor.cli.returns import SLOW_ENV
from stoke_governor.la.mode import la_init
from stoke_governor.la.returns.importer import import_returns
from stoke_governor.startup import open_database
from tests.conftest import REPO, copy_database
from tests.la.test_returns_import import integrity, rewrite, school_store, table
from tests.return_files import make_return

FILES = 30


def _batch(seeded_template, root):
    """30 returns from different schools (a few in two revisions) and one broken file."""
    school = school_store(seeded_template, root)
    try:
        base = make_return(school, 136102, root / "tmp")
        sql = "SELECT urn FROM schools WHERE status != 'closed' ORDER BY urn LIMIT ?"
        urns = [r[0] for r in school.query(sql, (FILES,))]
    finally:
        school.close()
    folder = root / "batch"
    for n, urn in enumerate(urns):
        rev = 2 if n % 7 == 3 else 1

        def change(p, urn=urn, n=n, rev=rev):
            p["school"]["urn"], p["revision"] = urn, rev
            p["return_id"] = f"00000000-0000-4000-8000-{n:012d}"

        rewrite(base, folder / f"{n:02d}-{urn}.xlsx", change=change)
        if rev == 2:
            rewrite(
                base,
                folder / f"{n:02d}-{urn}-first.xlsx",
                change=lambda p, c=change: c(p) or p.update(revision=1),
            )
    (folder / "99-damaged.xlsx").write_bytes(base.read_bytes()[:900])
    return folder


def _fresh_la(seeded_template, path):
    copy_database(seeded_template, path)
    store = open_database(path)
    la_init(store)
    return store


def _logged(path) -> int:
    conn = sqlite3.connect(path, timeout=5)
    try:
        return conn.execute("SELECT count(*) FROM return_import_log").fetchone()[0]
    except sqlite3.OperationalError:  # busy for a moment
        return 0
    finally:
        conn.close()


def test_killing_the_import_mid_batch_leaves_the_database_intact_and_a_rerun_completes(
    seeded_template, la_path, tmp_path
):
    folder = _batch(seeded_template, tmp_path)
    env = dict(os.environ, **{SLOW_ENV: "0.05"})
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "stoke_governor",
            "--db",
            str(la_path),
            "returns",
            "import",
            str(folder),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None and _logged(la_path) < 6 and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()

    with open_database(la_path) as la:
        assert integrity(la) == "ok"
        part_done = len(table(la))
        assert 0 < part_done < FILES
        import_returns(la, [folder])
        after_rerun = table(la)
        archive = la.path.parent / "returns-archive"
        for kept in archive.rglob("*.xlsx"):  # nothing half-written under a final name
            assert hashlib.sha256(kept.read_bytes()).hexdigest() == kept.stem
    with _fresh_la(seeded_template, tmp_path / "clean.sqlite") as clean:
        import_returns(clean, [folder])
        assert after_rerun == table(clean)
        assert len(after_rerun) == FILES + 4  # every school, and the first revisions as history
