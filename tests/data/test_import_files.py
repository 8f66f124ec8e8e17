"""What a data import reads: regular files only, each refused on its own, the batch going on.

A pipe or a device among the files (or a link to one) is refused with the reason, never
opened: it can neither hang the app nor fill its memory. A file the app fails on for a
reason of its own is refused with what went wrong, logged, and the rest still import.
"""

from __future__ import annotations

import logging
import os
import re
import signal
from contextlib import contextmanager

import pytest

from stoke_governor.cli.main import main
from stoke_governor.data import import_formats
from stoke_governor.data.importer import expand, import_file, import_files, needs_year
from tests.conftest import DFE, needs_dfe

pytestmark = [
    needs_dfe,
    pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX"),
]
KS4 = "cscp_2018-19_england_ks4provisional__LA861_subset.csv"
COUNTED = ("school_figures", "area_figures", "sources", "schools")


@contextmanager
def no_hang(seconds: int = 30):
    """Fail, rather than wait for ever, if something opens the pipe and blocks on it."""

    def stop(_signum, _frame):
        raise TimeoutError(f"blocked for {seconds} s: a pipe was opened")

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def counts(store) -> dict[str, int]:
    return {t: store.query_one(f"SELECT count(*) AS n FROM {t}")["n"] for t in COUNTED}


def ks4_copy(folder, name: str, blank_lines: int = 1):
    """The real KS4 file under another name, made a different file by blank lines."""
    path = folder / name
    path.write_bytes((DFE / KS4).read_bytes() + b"\r\n" * blank_lines)
    return path


@pytest.fixture
def folder(tmp_path):
    """Downloads: two good files, a link to /dev/zero and a named pipe, as .csv files."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    ks4_copy(folder, "2019-2020_england_ks4final.csv")
    ks4_copy(folder, "2020-2021_england_ks4final.csv", blank_lines=2)
    (folder / "zero.csv").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.csv")
    return folder


def test_a_pipe_and_a_link_to_a_device_in_a_folder_are_refused_and_the_rest_import(store, folder):
    before = counts(store)
    with no_hang():
        outcomes = import_files(store, [folder])
    by_name = {os.path.basename(o.file): o for o in outcomes}
    assert list(by_name) == [
        "2019-2020_england_ks4final.csv",
        "2020-2021_england_ks4final.csv",
        "pipe.csv",
        "zero.csv",
    ]
    assert by_name["pipe.csv"].status == "rejected"
    assert by_name["pipe.csv"].reason == (
        "pipe.csv is a named pipe, not a file the app can read; nothing was read from it."
    )
    assert by_name["zero.csv"].status == "rejected"
    assert by_name["zero.csv"].reason == (
        "zero.csv is a link to /dev/zero, which is a device, not a file the app can read; "
        "nothing was read from it."
    )
    good = [o for o in outcomes if o.status == "imported"]
    assert len(good) == 2
    after = counts(store)
    assert after["sources"] == before["sources"] + 2  # the good files, nothing for the bad
    assert after["school_figures"] + after["area_figures"] == (
        before["school_figures"] + before["area_figures"] + sum(o.rows for o in good)
    )


def test_the_import_window_lists_them_and_asks_no_year_of_them(folder):
    with no_hang():
        listed = expand([folder])
        assert [p.name for p in listed][2:] == ["pipe.csv", "zero.csv"]
        assert not needs_year(folder / "pipe.csv") and not needs_year(folder / "zero.csv")


def test_one_pipe_named_directly_is_refused_even_past_the_folder_walk(store, folder):
    with no_hang():
        [listed] = import_files(store, [folder / "pipe.csv"])
        direct = import_file(store, folder / "pipe.csv", "2019-20")
    assert listed.status == direct.status == "rejected"
    assert "pipe.csv is a named pipe" in direct.reason and "nothing was read" in direct.reason


def test_the_command_line_reports_each_and_says_some_were_refused(db_path, folder, capsys):
    with no_hang():
        code = main(["--db", str(db_path), "data", "import", str(folder)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1  # some input was rejected
    statuses = [re.match(r"[^:]*: (\w+)", line).group(1) for line in out]
    assert statuses == ["imported", "imported", "rejected", "rejected"]
    assert out[2].endswith(
        "rejected — pipe.csv is a named pipe, not a file the app can read; "
        "nothing was read from it."
    )
    assert "zero.csv is a link to /dev/zero, which is a device" in out[3]


def test_a_file_the_app_fails_on_is_refused_logged_and_the_batch_goes_on(
    store, tmp_path, monkeypatch, caplog
):
    first = ks4_copy(tmp_path, "2019-2020_england_ks4final.csv")
    second = ks4_copy(tmp_path, "2020-2021_england_ks4final.csv", blank_lines=2)
    real = import_formats.read_figures

    def fails_on_the_first(table, *args):
        if table.path == first:
            raise KeyError("ATT8SCR")
        return real(table, *args)

    monkeypatch.setattr(import_formats, "read_figures", fails_on_the_first)
    before = counts(store)
    log = logging.getLogger("stoke_governor.data")
    monkeypatch.setattr(log, "handlers", [caplog.handler])  # caught here, and only here
    monkeypatch.setattr(log, "propagate", False)
    bad, good = import_files(store, [first, second])
    assert bad.status == "rejected"
    assert bad.reason == (
        "2019-2020_england_ks4final.csv could not be imported: 'ATT8SCR'; nothing from it was "
        "stored."
    )
    assert good.status == "imported" and good.rows > 300
    assert counts(store)["sources"] == before["sources"] + 1
    [record] = caplog.records
    assert str(first) in record.getMessage() and record.exc_info is not None
