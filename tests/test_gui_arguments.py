"""`stoke-governor [--db PATH] [--smoke-test] [FILE...]` opens the GUI without argparse: the
words mean what argparse made of them before, and anything else goes to the full parser."""

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
        (["--d", "x.sqlite"], ("x.sqlite", False, [])),  # abbreviated, as argparse allows
        (["--smoke"], (None, True, [])),
        (["--d=x.sqlite", "--s"], ("x.sqlite", True, [])),
        (["--db", "a.sqlite", "--db", "b.sqlite"], ("b.sqlite", False, [])),
        (["--db", "-1"], ("-1", False, [])),  # a negative number is a value
        (["--db", "-my file.sqlite"], ("-my file.sqlite", False, [])),  # so is a word with a space
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
        (["a.csv", "--smoke-test", "b.csv"], None),  # files come together
        (["--", "a.csv"], (None, False, ["a.csv"])),
        (["--", "--db", "x.sqlite"], None),
        (["--db", "x.sqlite", "--", "a.csv", "--smoke-test"], None),
        (["-my file.csv"], (None, False, ["-my file.csv"])),
        (["-"], None),
        (["notes.txt"], None),
        (["--x y.csv"], (None, False, ["--x y.csv"])),
        (["a.csv", "--", "b.csv"], (None, False, ["a.csv", "b.csv"])),
    ],
)
def test_gui_words_are_read_as_argparse_read_them(argv, expected):
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
