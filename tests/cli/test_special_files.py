"""A named pipe or a link to a device handed to an import: refused at once, saying which, with
nothing stored and the rest of the batch imported. Run through the command line as a user
would; a regression fails within seconds rather than hanging or filling memory."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from stoke_governor.cli.main import main
from tests.return_files import copy_as
from tests.special_files import bounded, pipe, posix_only, zero

pytestmark = posix_only
URN = 136102  # Co-op Academy Stoke-On-Trent


@pytest.fixture(autouse=True)
def _bounded():
    with bounded():
        yield


def tables(db: Path, *names: str) -> dict[str, list[tuple]]:
    """Every row of these tables, read apart from the app."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {n: conn.execute(f"SELECT * FROM {n} ORDER BY rowid").fetchall() for n in names}
    finally:
        conn.close()


def _log(db: Path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT file, status, file_sha256 FROM return_import_log").fetchall()
    finally:
        conn.close()


PIPE_SAYS = "is a named pipe, not a workbook the app can read; nothing was read from it."
ZERO_SAYS = (
    "is a link to /dev/zero, which is a device, not a workbook the app can read; nothing was "
    "read from it."
)


# -- returns import (the LA) --------------------------------------------------------------
def test_returns_import_refuses_a_pipe_and_a_device_and_imports_the_rest(
    la_path, returns, tmp_path, capsys
):
    good = sorted(returns.glob("*.xlsx"))[0]
    bad = tmp_path / "bad"
    bad.mkdir()
    fifo, dev = pipe(bad / "pipe.xlsx"), zero(bad / "zero.xlsx")
    code = main(["--db", str(la_path), "returns", "import", str(fifo), str(dev), str(good)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0] == f"{fifo}: rejected — pipe.xlsx {PIPE_SAYS}"
    assert out[1] == f"{dev}: rejected — zero.xlsx {ZERO_SAYS}"
    assert out[2].startswith(f"{good}: imported")
    assert out[3] == "3 files: 2 rejected, 1 imported."
    assert len(tables(la_path, "returns_received")["returns_received"]) == 1  # the good one
    logged = {(Path(file).name, status, sha) for file, status, sha in _log(la_path)}
    assert {("pipe.xlsx", "rejected", None), ("zero.xlsx", "rejected", None)} < logged
    archived = [p.name for p in (la_path.parent / "returns-archive").rglob("*.xlsx")]
    assert len(archived) == 1  # nothing read from the pipe or the device, so nothing kept


def test_a_pipe_in_a_folder_is_one_rejected_file_and_the_batch_goes_on(
    la_path, returns, tmp_path, capsys
):
    folder = tmp_path / "inbox"
    for path in sorted(returns.glob("*.xlsx")):
        copy_as(path, folder)
    pipe(folder / "stuck.xlsx")
    zero(folder / "sub-zero.xlsx")
    code = main(["--db", str(la_path), "returns", "import", str(folder), "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    by_name = {Path(o["file"]).name: o for o in lines}
    assert by_name["stuck.xlsx"]["status"] == "rejected"
    assert by_name["stuck.xlsx"]["reason"] == f"stuck.xlsx {PIPE_SAYS}"
    assert by_name["sub-zero.xlsx"]["reason"] == f"sub-zero.xlsx {ZERO_SAYS}"
    assert sorted(o["status"] for o in lines) == ["imported"] * 3 + ["rejected"] * 2
    assert len(tables(la_path, "returns_received")["returns_received"]) == 3


# -- challenge import (a board) -----------------------------------------------------------
def test_challenge_import_refuses_a_pipe_and_a_device(db_path, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("Question,Date\nWhy?,01/10/2023\n", encoding="utf-8")
    fifo, dev = pipe(tmp_path / "log.csv"), zero(tmp_path / "log.xlsx")
    before = tables(db_path, "challenges")["challenges"]
    args = ["--db", str(db_path), "challenge", "import", "--urn", str(URN)]
    assert main([*args, str(fifo), str(dev), str(good)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{fifo}: rejected — log.csv is a named pipe, not a challenge log the app can read; "
        "nothing was read from it."
    )
    assert out[1] == (
        f"{dev}: rejected — log.xlsx is a link to /dev/zero, which is a device, not a "
        "challenge log the app can read; nothing was read from it."
    )
    assert out[2] == f"{good}: imported, 1 challenges"
    after = tables(db_path, "challenges")["challenges"]
    assert len(after) == len(before) + 1  # the good file's one question, nothing else


# -- pack import and receipt import (a board) ----------------------------------------------
@pytest.mark.parametrize("make", [pipe, zero], ids=["pipe", "device"])
def test_pack_import_refuses_a_pipe_or_a_device_and_changes_nothing(
    db_path, tmp_path, capsys, make
):
    path = make(tmp_path / "school.sgpack")
    watched = ("settings", "pack_resources", "city_targets", "measures", "school_figures")
    before = tables(db_path, *watched)
    assert main(["--db", str(db_path), "pack", "import", str(path)]) == 1
    said = capsys.readouterr().err.strip()
    what = "is a named pipe" if make is pipe else "is a link to /dev/zero, which is a device"
    assert said == (
        f"school.sgpack {what}, not an LA pack the app can read; nothing was read from it."
    )
    assert tables(db_path, *watched) == before


@pytest.mark.parametrize("make", [pipe, zero], ids=["pipe", "device"])
def test_receipt_import_refuses_a_pipe_or_a_device_and_keeps_nothing(
    db_path, tmp_path, capsys, make
):
    path = make(tmp_path / "receipt.sgreceipt")
    assert main(["--db", str(db_path), "receipt", "import", str(path)]) == 1
    said = capsys.readouterr().out.strip()
    what = "is a named pipe" if make is pipe else "is a link to /dev/zero, which is a device"
    assert said == (
        f"receipt.sgreceipt {what}, not a receipt the app can read; nothing was read from it."
    )
    assert tables(db_path, "return_receipts")["return_receipts"] == []
