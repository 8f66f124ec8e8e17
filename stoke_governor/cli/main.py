"""The command line: a thin layer over the domain. With no command, opens the GUI.

Each command group is a module beside this one (`school`, `data`, `challenge`, `selfeval`,
`la`, `returns`, `receipts`, `packs`) whose `add_commands(subparsers, registry)` adds its
argparse sub-commands and the function each runs. Exit codes: 0 all went well; 1 some input
was rejected; 2 usage or configuration error. Errors go to stderr as one plain sentence.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from stoke_governor import APP_NAME, __version__
from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError
from stoke_governor.core.errors import StokeGovernorError, StoreError, UnknownSchoolError

OPENED_BY_THE_GUI = (".csv", ".xlsx", ".sgpack", ".sgreceipt")  # a double-click opens them
COMMAND_MODULES = ("school", "data", "challenge", "selfeval", "la", "returns", "receipts", "packs")


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file to use (created if absent); "
        "default: $STOKE_GOVERNOR_DB or the user data folder",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the main window, then quit at once (checks an installation)",
    )


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    """The whole command line, and the function each (command, action) runs."""
    parser = argparse.ArgumentParser(
        prog="stoke-governor",
        description=f"{APP_NAME}: school governance for Stoke-on-Trent, offline. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    registry: dict = {}
    for name in COMMAND_MODULES:
        importlib.import_module(f"stoke_governor.cli.{name}").add_commands(commands, registry)
    return parser, registry


def _gui_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """`[--db PATH] [--smoke-test] [FILE...]` opens the GUI without building every command's
    parser and importing its module (start-up time). Anything else: None.

    FILE is what the desktop passes when a user double-clicks one of the app's files
    (a CSV or workbook to import, an LA pack): the window opens with it."""
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    _global_options(parser)
    parser.add_argument("files", nargs="*")
    try:
        args, unknown = parser.parse_known_args(list(argv))
    except argparse.ArgumentError:
        return None  # the full parser says what is wrong
    if (
        unknown
        or args.db == ""
        or not all(f.lower().endswith(OPENED_BY_THE_GUI) for f in args.files)
    ):
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error. Python's documented recipe:
        # point stdout at devnull so the interpreter's final flush does not fail again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _gui_arguments(argv)
    commands: dict = {}
    if args is None:
        parser, commands = build_parser()
        args = parser.parse_args(argv)
    from stoke_governor.core.paths import default_db_path

    path = default_db_path(args.db)
    if args.command is None:
        from stoke_governor.ui.shell.app import run_gui

        try:
            return run_gui(path, smoke_test=args.smoke_test, files=args.files)
        except StokeGovernorError as exc:  # only with --smoke-test; the GUI shows its own
            print(exc, file=sys.stderr)
            return EXIT_USAGE
    try:
        from stoke_governor.startup import open_database

        with open_database(path) as store:
            return commands[(args.command, args.action)](store, args)
    except UnknownSchoolError as exc:
        print(exc, file=sys.stderr)
        return EXIT_REJECTED
    except (StoreError, UsageError) as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except StokeGovernorError as exc:
        print(exc, file=sys.stderr)
        return EXIT_REJECTED
