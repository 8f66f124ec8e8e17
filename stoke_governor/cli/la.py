"""Commands for the LA's Governor Services: `la init` (more LA commands live beside it)."""

from __future__ import annotations

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, say


def add_commands(commands, registry: dict) -> None:
    la_cmds = options.command_group(commands, "la", "the LA's Governor Services")
    la_cmds.add_parser(
        "init",
        help="make this database the LA's: every city school, the returns their boards send "
        "and the packs sent to them (use a database of its own, with --db)",
    )
    registry[("la", "init")] = cmd_la_init


def cmd_la_init(store, args) -> int:
    from stoke_governor.la.mode import la_init

    schools = la_init(store)
    say(
        f"This database is now the LA's ({store.path}): {schools} open city schools. "
        "Next: 'stoke-governor returns import FOLDER' for the boards' returns, or "
        "'stoke-governor pack export -o FOLDER' to send each school its pack."
    )
    return EXIT_OK
