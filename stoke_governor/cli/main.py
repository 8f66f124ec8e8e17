"""The command line: a thin layer over the domain. With no command, opens the GUI.

Exit codes: 0 all went well; 1 some input was rejected; 2 usage or configuration error.
Errors go to stderr as one plain sentence.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from stoke_governor import APP_NAME, __version__
from stoke_governor.core.errors import StokeGovernorError, StoreError, UnknownSchoolError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def say(*values, **kwargs) -> None:
    """What the command modules (cli/*.py) print goes through here: one place for output."""
    print(*values, **kwargs)


OPENED_BY_THE_GUI = (".csv", ".xlsx", ".sgpack", ".sgreceipt")  # a double-click opens them
# Modules with more commands: each has add_commands(subparsers, COMMANDS).
COMMAND_MODULES = ("la", "returns", "receipts", "packs")


class UsageError(StokeGovernorError):
    """A command given the wrong arguments (a missing file, a bad year, a folder for a file)."""


def build_parser() -> argparse.ArgumentParser:
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

    school = commands.add_parser("school", help="the school this board governs")
    school_cmds = school.add_subparsers(dest="action", metavar="ACTION", required=True)
    select = school_cmds.add_parser("select", help="make this installation a school's board")
    select.add_argument("urn", type=_urn, metavar="URN")
    listing = school_cmds.add_parser("list", help="the city's schools and their URNs")
    listing.add_argument("--json", action="store_true", help="print JSON")

    data = commands.add_parser("data", help="published figures held for schools")
    data_cmds = data.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = data_cmds.add_parser(
        "import",
        help="DfE CSV files (performance tables, LAIT, GIAS, EES), folders of them, or a "
        "filled-in school data template (.xlsx)",
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--year", help="academic year the files are for, e.g. 2019-20")
    imp.add_argument("--json", action="store_true", help="one JSON object per file")
    show = data_cmds.add_parser("show", help="figures held for a school, with target and status")
    show.add_argument("--urn", type=_urn, help="the school (default: the one selected)")
    show.add_argument("--json", action="store_true", help="print a JSON array of every figure")
    template = data_cmds.add_parser(
        "template",
        help="a workbook for the school's own figures the DfE does not publish "
        "(early years, phonics, this year's attendance); import it back with 'data import'",
    )
    template.add_argument(
        "-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write"
    )
    template.add_argument("--urn", type=_urn, help="any city school (default: the one selected)")

    challenge = commands.add_parser("challenge", help="the board's challenge log")
    challenge_cmds = challenge.add_subparsers(dest="action", metavar="ACTION", required=True)
    _add_challenge_commands(challenge_cmds)

    selfeval = commands.add_parser("selfeval", help="the board's self-evaluation")
    selfeval_cmds = selfeval.add_subparsers(dest="action", metavar="ACTION", required=True)
    sexport = selfeval_cmds.add_parser(
        "export", help="the self-evaluation return for the LA (a workbook a person can read)"
    )
    sexport.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.xlsx",
        help="the workbook to write, or a folder to write "
        "<URN>_<school>_self-evaluation_<date>.xlsx in",
    )
    import importlib

    for name in COMMAND_MODULES:  # each adds its sub-parsers and their functions to COMMANDS
        importlib.import_module(f"{__package__}.{name}").add_commands(commands, COMMANDS)
    return parser


def _add_challenge_commands(challenge_cmds) -> None:
    """`challenge import` and `challenge export`."""
    imp = challenge_cmds.add_parser(
        "import",
        help="a challenge log the board kept in Excel or as CSV; its columns are matched by "
        "their headings (Question, Date, Asked by, Response, Action, Owner, Due, Status…)",
    )
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--urn", type=_urn, help="the school (default: the one selected)")
    imp.add_argument("--sheet", help="the worksheet to read (default: the first)")
    imp.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows and leave out rows with problems "
        "(default: a file with any problem row is not imported)",
    )
    imp.add_argument("--dry-run", action="store_true", help="check the files; store nothing")
    imp.add_argument("--json", action="store_true", help="one JSON object per file")
    exp = challenge_cmds.add_parser(
        "export",
        help="the draft minutes of a meeting (pdf; default: the latest meeting) or the "
        "action log (xlsx; default: every meeting)",
    )
    exp.add_argument(
        "--format",
        required=True,
        choices=("pdf", "xlsx"),
        help="pdf: minutes for the chair; xlsx: the action log",
    )
    exp.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    exp.add_argument("--meeting", type=int, metavar="ID", help="one meeting (its number)")


def _urn(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a URN (a school's 6-digit number)")
    return int(text)


def _gui_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """`[--db PATH] [--smoke-test] [FILE...]` opens the GUI: no need to build every
    command's parser first (it costs a few milliseconds of start-up). Anything else: None.

    FILE is what the desktop passes when a user double-clicks one of the app's files
    (a CSV or workbook to import, an LA pack): the window opens with it."""
    args = argparse.Namespace(db=None, smoke_test=False, command=None, files=[])
    tokens = list(argv)
    while tokens:
        token = tokens.pop(0)
        if not token.startswith("-") and token.lower().endswith(OPENED_BY_THE_GUI):
            args.files.append(token)
        elif token == "--smoke-test":
            args.smoke_test = True
        elif token == "--db" and tokens and not tokens[0].startswith("-"):
            args.db = tokens.pop(0)
        elif token.startswith("--db=") and len(token) > 5:
            args.db = token[5:]
        else:
            return None
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
    args = _gui_arguments(argv) or build_parser().parse_args(argv)
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
            return COMMANDS[(args.command, args.action)](store, args)
    except UnknownSchoolError as exc:
        print(exc, file=sys.stderr)
        return EXIT_REJECTED
    except (StoreError, UsageError) as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except StokeGovernorError as exc:
        print(exc, file=sys.stderr)
        return EXIT_REJECTED


def cmd_school_select(store, args) -> int:
    from stoke_governor.schools.register import select_school

    school = select_school(store, args.urn)
    print(f"This installation is now the board of {school.name} (URN {school.urn}).")
    return EXIT_OK


def cmd_school_list(store, args) -> int:
    import json

    from stoke_governor.schools.register import list_schools

    schools = list_schools(store)
    if args.json:
        print(
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
        print(f"{s.urn}  {s.name}  ({s.phase or 'phase not published'}; {s.status_label})")
    return EXIT_OK


def cmd_data_show(store, args) -> int:
    import json

    from stoke_governor.measures.catalogue import school_dashboard, school_figures
    from stoke_governor.schools.register import get_school, require_selected_school

    school = get_school(store, args.urn) if args.urn else require_selected_school(store)
    board = school_dashboard(store, school.urn, school.phase, headline_only=not args.json)
    if args.json:
        latest = {(r.measure.code, r.school.year): r for r in board}
        out = []
        for f in school_figures(store, school.urn):
            row = latest.get((f["measure"], f["year"]))
            out.append(
                {
                    "urn": f["urn"],
                    "measure": f["measure"],
                    "year": f["year"],
                    "value": f["value"],
                    "code": f["code"],
                    "source": f["source"],
                    "raw": f["raw"],
                    "release": f["release"],
                    "label": row.measure.label if row else None,
                    "target": row.target.summary if row and row.target else None,
                    "status": row.status if row else None,
                }
            )
        print(json.dumps(out, indent=1))
        return EXIT_OK
    print(f"{school.name} (URN {school.urn}) — {school.phase}, {school.type}")
    for r in board:
        m = r.measure
        show = [
            m.format(f.value) or (f.code or "not published") if f else "—"
            for f in (r.school, r.city, r.england, r.west_midlands)
        ]
        target = f"; city target: {r.target.summary}" if r.target else ""
        print(
            f"  {m.label} ({r.school.year}): {show[0]} — Stoke-on-Trent {show[1]}, "
            f"England {show[2]}, West Midlands {show[3]}{target}. {r.status}."
        )
    if not board:
        print("  No published figures are held for this school yet.")
    return EXIT_OK


def cmd_data_import(store, args) -> int:
    import json

    from stoke_governor.data.cells import academic_year
    from stoke_governor.data.importer import REJECTED, import_files

    if args.year:
        try:
            academic_year(args.year)
        except ValueError:
            raise UsageError(
                f"--year {args.year} is not an academic year such as 2019-20."
            ) from None
    outcomes = import_files(store, args.files, args.year)
    for o in outcomes:
        if args.json:
            print(json.dumps(o.as_dict()))
        else:
            detail = f", {o.rows:,} figures" if o.rows else ""
            print(f"{o.file}: {o.status}{detail}" + (f" — {o.reason}" if o.reason else ""))
    if not outcomes:
        raise UsageError("No CSV or XLSX files were found to import.")
    return EXIT_REJECTED if any(o.status == REJECTED for o in outcomes) else EXIT_OK


def cmd_data_template(store, args) -> int:
    from pathlib import Path

    from stoke_governor.data.template_workbook import write_template
    from stoke_governor.schools.register import get_school, require_selected_school

    path = Path(args.output).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            f"-o {args.output}: the template is an Excel workbook; end the name with .xlsx."
        )
    if path.is_dir():
        raise UsageError(f"-o {args.output} is a folder; give a file name ending in .xlsx.")
    school = get_school(store, args.urn) if args.urn else require_selected_school(store)
    written = write_template(store, school.urn, path)
    print(f"Wrote the school data template for {school.name} (URN {school.urn}) to {written}.")
    print(
        "Next: the school types its figures in the Figures sheet (a blank means not known; "
        "DfE markers such as SUPP are allowed), then import it with:\n"
        f"  stoke-governor data import {_quote(str(written))}"
    )
    return EXIT_OK


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
            print(json.dumps(o.as_dict()))
            continue
        detail = f", {o.rows:,} challenges" if o.rows else ""
        print(f"{o.file}: {o.status}{detail}" + (f" — {o.reason}" if o.reason else ""))
        for p in o.problems[:20] if o.status == REJECTED or args.skip_bad_rows else ():
            print(f"  row {p.row}: {p.reason}")
        if len(o.problems) > 20 and (o.status == REJECTED or args.skip_bad_rows):
            print(f"  … and {len(o.problems) - 20:,} more problems")
        if o.status == REJECTED and o.problems and not args.skip_bad_rows:
            print("  (fix those rows, or add --skip-bad-rows to import the others)")
    return EXIT_REJECTED if any(o.status == REJECTED for o in outcomes) else EXIT_OK


def cmd_challenge_export(store, args) -> int:
    from pathlib import Path

    from stoke_governor.reports import export_action_log, export_minutes
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
    export = export_minutes if args.format == "pdf" else export_action_log
    print(export(store, school.urn, path, meeting_id=args.meeting).summary)
    return EXIT_OK


def _quote(text: str) -> str:
    """A path as it can be typed back at a shell prompt (Windows or Unix)."""
    return f'"{text}"' if any(c.isspace() for c in text) else text


def cmd_selfeval_export(store, args) -> int:
    from pathlib import Path

    from stoke_governor.reports.return_workbook import export_return
    from stoke_governor.schools.register import require_selected_school
    from stoke_governor.selfeval.evaluation import start_evaluation

    path = Path(args.output).expanduser()
    if not path.is_dir() and path.suffix.lower() != ".xlsx":
        raise UsageError(
            f"-o {args.output}: the return is an Excel workbook; end the name "
            "with .xlsx, or give a folder."
        )
    school = require_selected_school(store)
    out = export_return(store, start_evaluation(store, school.urn), path)
    done = out.completeness
    state = "a new revision" if out.changed else "unchanged since the last export"
    print(
        f"Wrote the self-evaluation return for {school.name} (URN {school.urn}) to {out.path}: "
        f"{done['rated']} of {done['items']} items rated ({done['percent']}%), revision "
        f"{out.revision} ({state}){', signed for the LA' if out.signed else ''}."
    )
    print(f"SHA-256 digest of the return: {out.digest}")
    return EXIT_OK


COMMANDS = {
    ("selfeval", "export"): cmd_selfeval_export,
    ("challenge", "export"): cmd_challenge_export,
    ("challenge", "import"): cmd_challenge_import,
    ("data", "import"): cmd_data_import,
    ("school", "select"): cmd_school_select,
    ("school", "list"): cmd_school_list,
    ("data", "show"): cmd_data_show,
    ("data", "template"): cmd_data_template,
}
