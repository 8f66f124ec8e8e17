"""Commands for the school this installation's board governs: `school select`, `school list`."""

from __future__ import annotations

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, say


def add_commands(commands, registry: dict) -> None:
    school_cmds = options.command_group(commands, "school", "the school this board governs")
    select = school_cmds.add_parser("select", help="make this installation a school's board")
    select.add_argument("urn", type=options.urn_number, metavar="URN")
    listing = school_cmds.add_parser("list", help="the city's schools and their URNs")
    options.json(listing, "print JSON")
    registry[("school", "select")] = cmd_school_select
    registry[("school", "list")] = cmd_school_list


def cmd_school_select(store, args) -> int:
    from stoke_governor.schools.register import select_school

    school = select_school(store, args.urn)
    say(f"This installation is now the board of {school.name} (URN {school.urn}).")
    return EXIT_OK


def cmd_school_list(store, args) -> int:
    import json

    from stoke_governor.schools.register import list_schools

    schools = list_schools(store)
    if args.json:
        say(
            json.dumps(
                [
                    {
                        "urn": s.urn,
                        "name": s.name,
                        "phase": s.phase,
                        "status": s.status,
                        "ofsted_grade": s.ofsted_grade,
                    }
                    for s in schools
                ],
                indent=1,
            )
        )
        return EXIT_OK
    for s in schools:
        say(f"{s.urn}  {s.name}  ({s.phase or 'phase not published'}; {s.status_label})")
    return EXIT_OK
