"""The command groups, arguments and options the commands share, each defined once."""

from __future__ import annotations

import argparse


def command_group(commands, name: str, help: str):
    """Add the command `name` (`data`, `pack`, …) and return the parser its actions go in."""
    group = commands.add_parser(name, help=help)
    return group.add_subparsers(dest="action", metavar="ACTION", required=True)


def files(parser) -> None:
    """The `FILE...` arguments: one or more files (or folders) to read."""
    parser.add_argument("files", nargs="+", metavar="FILE")


def output(parser, metavar: str, help: str | None = None) -> None:
    """The required `-o/--output` option: the file or folder the command writes."""
    parser.add_argument("-o", "--output", required=True, metavar=metavar, help=help)


def urn(parser, help: str = "the school (default: the one selected)", **kwargs) -> None:
    """The `--urn` option: which school, when not the one selected."""
    parser.add_argument("--urn", type=urn_number, help=help, **kwargs)


def json(parser, help: str = "one JSON object per file") -> None:
    """The `--json` option: print JSON rather than sentences."""
    parser.add_argument("--json", action="store_true", help=help)


def dry_run(parser, help: str) -> None:
    """The `--dry-run` option: check or preview, and store nothing."""
    parser.add_argument("--dry-run", action="store_true", help=help)


def skip_bad_rows(parser) -> None:
    """The `--skip-bad-rows` option of an import: the good rows go in, the others are listed."""
    parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows and leave out rows with problems "
        "(default: a file with any problem row is not imported)",
    )


def row_number(text: str) -> int:
    """An argparse type: a row of a spreadsheet, counted from 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a row number (1 is the first row)")
    return int(text)


def urn_number(text: str) -> int:
    """An argparse type: a school's URN."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a URN (a school's 6-digit number)")
    return int(text)
