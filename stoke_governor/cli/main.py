"""The command line: a thin layer over the domain. With no command, opens the GUI.

Each command group is a module beside this one (`school`, `data`, `board`, `challenge`,
`selfeval`, `la`, `returns`, `receipts`, `packs`, `restore`) whose
`add_commands(subparsers, registry)` adds its argparse sub-commands and the function each
runs. Exit codes: 0 all went well; 1 some input was rejected; 2 usage or configuration
error. Errors go to stderr as one plain sentence.

The database is checked (SQLite's `quick_check`) before any command runs: a damaged file
refuses every command but those that only show what is held (which then say it is damaged)
and `restore`, which works on the file without opening it as the others do.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from stoke_governor import APP_NAME, __version__
from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, UsageError, say
from stoke_governor.core.errors import StokeGovernorError, StoreError, UnknownSchoolError

if TYPE_CHECKING:
    import argparse

    from stoke_governor.db.store import Store

OPENED_BY_THE_GUI = (".csv", ".xlsx", ".sgpack", ".sgreceipt")  # a double-click opens them
COMMAND_MODULES = (
    *("school", "data", "board", "challenge", "selfeval", "la", "returns", "receipts", "packs"),
    "restore",
)
# The command each module adds (its name on the command line), so that a command line naming
# one builds only that command's parser: building all of them imports every command's domain
# modules (about 20 ms of every command, measured).
COMMAND_OF_MODULE = {"receipts": "receipt", "packs": "pack"}
MODULE_OF_COMMAND = {COMMAND_OF_MODULE.get(m, m): m for m in COMMAND_MODULES}
# What a damaged database still runs: commands that only show what is held.
SHOWS_ONLY = {("data", "show"), ("school", "list")}


def build_parser(only: str | None = None) -> tuple[argparse.ArgumentParser, dict]:
    """The whole command line, and the function each (command, action) runs; with `only`
    (a command's name), the same parser holding that one command."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="stoke-governor",
        description=f"{APP_NAME}: school governance for Stoke-on-Trent, offline. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    registry: dict = {}
    for name in (MODULE_OF_COMMAND[only],) if only else COMMAND_MODULES:
        importlib.import_module(f"stoke_governor.cli.{name}").add_commands(commands, registry)
    return parser, registry


def _gui_arguments(argv: Sequence[str]) -> SimpleNamespace | None:
    """`[--db PATH] [--smoke-test] [FILE...]` in their plain forms opens the GUI without
    importing argparse or building every command's parser (about 3 ms of start-up, measured);
    anything else (a command, an abbreviation, `--help`...) is None: the full parser reads it.

    FILE is what the desktop passes when a user double-clicks one of the app's files
    (a CSV or workbook to import, an LA pack): the window opens with it."""
    db, smoke_test, files = None, False, []
    tokens = list(argv)
    while tokens:
        token = tokens.pop(0)
        if not token.startswith("-") and token.lower().endswith(OPENED_BY_THE_GUI):
            files.append(token)
        elif token == "--smoke-test":
            smoke_test = True
        elif token == "--db" and tokens and not tokens[0].startswith("-"):
            db = tokens.pop(0)
        elif token.startswith("--db=") and len(token) > 5:
            db = token[5:]
        else:
            return None
    return SimpleNamespace(command=None, db=db, smoke_test=smoke_test, files=files)


def _named_command(argv: Sequence[str]) -> str | None:
    """The command a command line names after the plain forms of the app's own options
    (`--db PATH`, `--db=PATH`, `--smoke-test`), if it is one of the app's commands; None
    for anything else (`--help`, `--version`, an abbreviation, an unknown word), which the
    whole parser reads and answers as before."""
    tokens = list(argv)
    while tokens:
        token = tokens.pop(0)
        if token == "--smoke-test" or (token.startswith("--db=") and len(token) > 5):
            continue
        if token == "--db" and tokens and not tokens[0].startswith("-"):
            tokens.pop(0)
            continue
        return token if token in MODULE_OF_COMMAND else None
    return None


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
    commands: dict = {}
    args: argparse.Namespace | SimpleNamespace | None = _gui_arguments(argv)
    if args is None:
        parser, commands = build_parser(_named_command(argv))
        args = parser.parse_args(argv)
    from stoke_governor.core.paths import default_db_path, user_data_dir

    path = default_db_path(args.db)
    if args.command is None:
        import gc

        gc.disable()  # start-up makes many objects and no cycles: run_gui resumes it
        # The GUI keeps its settings in the user data folder: found here, before Qt is
        # imported, as PySide6 reads the source of every module imported after it (~2 ms).
        user_data_dir()
        from stoke_governor.ui.shell.app import run_gui

        try:
            return run_gui(path, smoke_test=args.smoke_test, files=args.files)
        except StokeGovernorError as exc:  # only with --smoke-test; the GUI shows its own
            say(exc, file=sys.stderr)
            return EXIT_USAGE
    try:
        run = commands[(args.command, args.action)]
        if args.command == "restore":  # the file as it is, damaged or not: not opened
            return run(path, args)
        from stoke_governor.startup import open_database

        with open_database(path) as store:
            return _checked(store, args, run)
    except UnknownSchoolError as exc:
        say(exc, file=sys.stderr)
        return EXIT_REJECTED
    except (StoreError, UsageError) as exc:
        say(exc, file=sys.stderr)
        return EXIT_USAGE
    except StokeGovernorError as exc:
        say(exc, file=sys.stderr)
        return EXIT_REJECTED


def _checked(store: Store, args, run) -> int:
    """Run the command once the database passed its check; on a damaged one, only a command
    that shows what is held runs, and then says the file is damaged (DamagedDatabaseError:
    exit 2, as for any database that cannot be used)."""
    from stoke_governor.startup import check_database

    if check_database(store) is None:
        return run(store, args)
    if (args.command, args.action) in SHOWS_ONLY:
        run(store, args)
    store.require_sound()  # raises: the file, what the check found, how to restore a backup
    return EXIT_USAGE
