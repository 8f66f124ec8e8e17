"""`stoke-governor [--db PATH] [--smoke-test] [FILE...]` opens the GUI without argparse: the
plain forms are read as argparse reads them, and anything else goes to the full parser."""

from __future__ import annotations

import pytest

from stoke_governor.cli.main import _gui_arguments


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None, False, [])),
        (["--smoke-test"], (None, True, [])),
        (["--db", "x.sqlite", "--smoke-test"], ("x.sqlite", True, [])),
        (["--db=x.sqlite"], ("x.sqlite", False, [])),
        (["--d", "x.sqlite"], None),  # abbreviated: the full parser reads it
        (["--smoke"], None),
        (["--d=x.sqlite", "--s"], None),
        (["--db", "a.sqlite", "--db", "b.sqlite"], ("b.sqlite", False, [])),
        (["--db", "-1"], None),  # the full parser decides what a dash means
        (["--db", "-my file.sqlite"], None),
        (["--db", "-x"], None),
        (["--db"], None),
        (["--db="], None),
        (["--db", "--smoke-test"], None),
        (["--smoke-test=yes"], None),
        (["--version"], None),
        (["-h"], None),
        (["data", "show"], None),
        (["--db", "--", "x.sqlite"], None),
        (["a.csv", "b.xlsx", "--smoke-test"], (None, True, ["a.csv", "b.xlsx"])),
        (["--db", "x.sqlite", "a.csv"], ("x.sqlite", False, ["a.csv"])),
        (["a.csv", "--smoke-test", "b.csv"], (None, True, ["a.csv", "b.csv"])),
        (["--", "a.csv"], None),
        (["--", "--db", "x.sqlite"], None),
        (["--db", "x.sqlite", "--", "a.csv", "--smoke-test"], None),
        (["-my file.csv"], None),
        (["-"], None),
        (["notes.txt"], None),
        (["--x y.csv"], None),
        (["a.csv", "--", "b.csv"], None),
    ],
)
def test_plain_gui_words_are_read_and_anything_else_goes_to_the_full_parser(argv, expected):
    args = _gui_arguments(argv)
    assert (None if args is None else (args.db, args.smoke_test, args.files)) == expected
    assert args is None or args.command is None


def test_opening_the_gui_imports_no_argument_parser():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from stoke_governor.cli.main import _gui_arguments\n"
        "assert _gui_arguments(['--db', 'x.sqlite', 'a.csv']).files == ['a.csv']\n"
        "assert 'argparse' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
