"""The command that puts a backup back: `restore --list` (the backups, newest first, each
checked) and `restore BACKUP`. It works on the database file as it is, damaged or not: the
database is not opened as the other commands open it."""

from __future__ import annotations

import sys

from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, quote, say


def add_commands(commands, registry: dict) -> None:
    restore = commands.add_parser(
        "restore",
        help="put a backup of the database back in its place (the file it replaces is kept "
        "beside it); --list shows the backups, newest first, and which pass SQLite's check",
    )
    restore.add_argument(
        "backup",
        nargs="?",
        metavar="BACKUP",
        help="the backup to restore: a name from --list, or a backup file's path",
    )
    restore.add_argument(
        "--list", action="store_true", help="list the backups, newest first, each checked"
    )
    restore.set_defaults(action=None)
    registry[("restore", None)] = cmd_restore


def cmd_restore(path, args) -> int:
    """Run on the database's path, not an opened store (see main)."""
    if args.list == bool(args.backup):
        raise UsageError(
            "restore: give --list to see the backups, or the name of the one to restore."
        )
    return _list(path) if args.list else _restore(path, args.backup)


def _list(path) -> int:
    from stoke_governor.startup.recovery import backups, backups_folder

    db = quote(str(path))
    shown = good = 0
    for backup in backups(path):
        if not shown:
            say(f"Backups of {path} (kept in {backups_folder(path)}), newest first:")
        shown += 1
        if backup.good:
            good += 1
            state = "good: passes the check" + (" (the newest good one)" if good == 1 else "")
        else:
            state = f"fails the check ({backup.problem})"
        say(f"  {backup.path.name}  {backup.made_text}  {backup.size_text}  {state}", flush=True)
    if not shown:
        say(
            f"There are no backups of {path}: the app makes one in {backups_folder(path)} "
            "before each import.",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    if not good:
        say("None of these backups passes the check; none can be restored.", file=sys.stderr)
        return EXIT_REJECTED
    say(f"To restore one: stoke-governor --db {db} restore NAME")
    return EXIT_OK


def _restore(path, chosen: str) -> int:
    from stoke_governor.startup.recovery import restore

    say(restore(path, chosen).summary)
    return EXIT_OK
