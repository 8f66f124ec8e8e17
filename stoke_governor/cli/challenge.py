"""Commands for the challenge log: `challenge import` (a board's own log) and `challenge export`
(the draft minutes as a PDF or a Word document, or the action-log workbook)."""

from __future__ import annotations

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, say


def add_commands(commands, registry: dict) -> None:
    challenge_cmds = options.command_group(commands, "challenge", "the board's challenge log")
    imp = challenge_cmds.add_parser(
        "import",
        help="a challenge log the board kept in Excel or as CSV; its columns are matched by "
        "their headings (Question, Date, Asked by, Response, Action, Owner, Due, Status…)",
    )
    options.files(imp)
    options.urn(imp)
    imp.add_argument("--sheet", help="the worksheet to read (default: the first)")
    imp.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows and leave out rows with problems "
        "(default: a file with any problem row is not imported)",
    )
    options.dry_run(imp, "check the files; store nothing")
    options.json(imp)
    exp = challenge_cmds.add_parser(
        "export",
        help="the draft minutes of a meeting (pdf, or docx to edit in Word; default: the "
        "latest meeting) or the action log (xlsx; default: every meeting)",
    )
    exp.add_argument(
        "--format",
        required=True,
        choices=("pdf", "docx", "xlsx"),
        help="pdf: minutes for the chair; docx: the same minutes as a Word document the "
        "clerk edits; xlsx: the action log",
    )
    options.output(exp, "OUT", "the file to write")
    exp.add_argument("--meeting", type=int, metavar="ID", help="one meeting (its number)")
    registry[("challenge", "import")] = cmd_challenge_import
    registry[("challenge", "export")] = cmd_challenge_export


def cmd_challenge_import(store, args) -> int:
    import json

    from stoke_governor.challenges.importer import REJECTED, import_file
    from stoke_governor.schools.register import get_school, require_selected_school

    school = get_school(store, args.urn) if args.urn else require_selected_school(store)
    outcomes = []
    for name in args.files:
        o = import_file(
            store,
            school.urn,
            name,
            dry_run=args.dry_run,
            skip_bad_rows=args.skip_bad_rows,
            sheet=args.sheet,
        )
        outcomes.append(o)
        if args.json:
            say(json.dumps(o.as_dict()))
            continue
        detail = f", {o.rows:,} challenges" if o.rows else ""
        say(f"{o.file}: {o.status}{detail}" + (f" — {o.reason}" if o.reason else ""))
        for p in o.problems[:20] if o.status == REJECTED or args.skip_bad_rows else ():
            say(f"  row {p.row}: {p.reason}")
        if len(o.problems) > 20 and (o.status == REJECTED or args.skip_bad_rows):
            say(f"  … and {len(o.problems) - 20:,} more problems")
        if o.status == REJECTED and o.problems and not args.skip_bad_rows:
            say("  (fix those rows, or add --skip-bad-rows to import the others)")
    return EXIT_REJECTED if any(o.status == REJECTED for o in outcomes) else EXIT_OK


def cmd_challenge_export(store, args) -> int:
    from pathlib import Path

    from stoke_governor.reports.minutes_export import export_action_log, export_minutes
    from stoke_governor.schools.register import require_selected_school

    path = Path(args.output).expanduser()
    suffix = "." + args.format
    if path.suffix.lower() != suffix:
        raise UsageError(
            f"-o {args.output}: a {args.format} export needs a name ending in {suffix}."
        )
    if path.is_dir():
        raise UsageError(f"-o {args.output} is a folder; give a file name ending in {suffix}.")
    if not path.parent.is_dir():
        raise UsageError(f"-o {args.output}: the folder {path.parent} does not exist.")
    school = require_selected_school(store)
    if args.format == "xlsx":
        done = export_action_log(store, school.urn, path, meeting_id=args.meeting)
    else:
        done = export_minutes(store, school.urn, path, meeting_id=args.meeting, fmt=args.format)
    say(done.summary)
    return EXIT_OK
