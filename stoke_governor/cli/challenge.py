"""Commands for the challenge log: `challenge import` (a board's own log) and `challenge export`
(the draft minutes as a PDF or a Word document, or the action-log workbook)."""

from __future__ import annotations

from stoke_governor.challenges.headings import FIELDS
from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, say

MAX_LINES = 20  # of a file's problems or meetings, in the sentences printed


def add_commands(commands, registry: dict) -> None:
    challenge_cmds = options.command_group(commands, "challenge", "the board's challenge log")
    imp = challenge_cmds.add_parser(
        "import",
        help="a challenge log the board kept in Excel or as CSV; its columns are matched by "
        "their headings (Question, Date, Meeting, Asked by, Response, Action, Owner, Due, "
        "Status…), found below any title, and each question is filed under its meeting",
    )
    options.files(imp)
    options.urn(imp)
    imp.add_argument("--sheet", help="the worksheet to read (default: the first)")
    imp.add_argument(
        "--header-row",
        type=options.row_number,
        metavar="N",
        help="the row the headings are on, numbered as the spreadsheet shows it (default: "
        "the first row that reads as headings, so a title and notes above them are skipped)",
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar='"FIELD=HEADING"',
        help='the column for a part of a challenge, where the guess is wrong: --map "Date '
        'asked=Date of meeting" (repeat for more; "Measure=" leaves one out). The parts: '
        + ", ".join(f.label for f in FIELDS),
    )
    options.skip_bad_rows(imp)
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


def _choices(given: list[str]) -> dict[str, str]:
    """--map "FIELD=HEADING" options as field key → heading; UsageError for a wrong one."""
    from stoke_governor.challenges.headings import UnknownColumnError, field_named

    choices: dict[str, str] = {}
    for text in given:
        name, equals, heading = text.partition("=")
        if not equals or not name.strip():
            raise UsageError(
                f"--map '{text}': write it as FIELD=HEADING, for example "
                '--map "Date asked=Date of meeting".'
            )
        try:
            choices[field_named(name.strip())] = heading.strip()
        except UnknownColumnError as exc:
            raise UsageError(f"--map '{text}': {exc}") from None
    return choices


def cmd_challenge_import(store, args) -> int:
    import json

    from stoke_governor.challenges.headings import UnknownColumnError
    from stoke_governor.challenges.importer import REJECTED, import_file
    from stoke_governor.meetings.from_log import plan_meetings
    from stoke_governor.schools.register import get_school, require_selected_school

    choices = _choices(args.map)
    school = get_school(store, args.urn) if args.urn else require_selected_school(store)
    outcomes = []
    for name in args.files:
        try:
            o = import_file(
                store,
                school.urn,
                name,
                dry_run=args.dry_run,
                skip_bad_rows=args.skip_bad_rows,
                sheet=args.sheet,
                header_row=args.header_row,
                choices=choices,
                plan_meetings=plan_meetings,
            )
        except UnknownColumnError as exc:
            raise UsageError(f"--map: {exc}") from None
        outcomes.append(o)
        if args.json:
            say(json.dumps(o.as_dict()))
            continue
        detail = f", {o.rows:,} challenges" if o.rows else ""
        say(f"{o.file}: {o.status}{detail}" + (f" — {o.reason}" if o.reason else ""))
        _say_details(o, args)
    return EXIT_REJECTED if any(o.status == REJECTED for o in outcomes) else EXIT_OK


def _say_details(o, args) -> None:
    """Under a file's line: its problem rows, where its headings were, the columns left out
    and its meetings."""
    from stoke_governor.challenges.importer import REJECTED, UNCHANGED

    problems = o.problems if o.status == REJECTED or args.skip_bad_rows else ()
    for p in problems[:MAX_LINES]:
        say(f"  row {p.row}: {p.reason}")
    if len(problems) > MAX_LINES:
        say(f"  … and {len(problems) - MAX_LINES:,} more problems")
    if o.status == REJECTED and o.problems and not args.skip_bad_rows:
        say("  (fix those rows, or add --skip-bad-rows to import the others)")
    if not o.header_row or o.status == UNCHANGED:
        return
    hint = ""
    if o.status == REJECTED and not args.header_row:
        hint = " (if they are on another row, give it with --header-row N)"
    say(f"  Headings read from row {o.header_row}{hint}.")
    if "Choose the column" in o.reason:
        say('  Choose a column with --map, for example --map "Date asked=Date of meeting".')
    if o.ignored:
        say(f"  {o.ignored_sentence}")
    for line in o.meetings[:MAX_LINES]:
        say(f"  {line}")
    if len(o.meetings) > MAX_LINES:
        say(f"  … and {len(o.meetings) - MAX_LINES:,} more meetings")


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
