"""Commands for the returns the LA receives: `returns import` (and `returns report`)."""

from __future__ import annotations

import os

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, say
from stoke_governor.core.dates import is_year_label

# For tests that stop the process mid-batch: seconds to wait after each file.
SLOW_ENV = "STOKE_GOVERNOR_RETURNS_IMPORT_DELAY"


def add_commands(commands, registry: dict) -> None:
    actions = options.command_group(commands, "returns", "the returns the boards send the LA")
    imp = actions.add_parser(
        "import",
        help="boards' self-evaluation returns (.xlsx files, or folders of them): each file is "
        "imported, superseded, duplicate, stale, conflict or rejected, with the reason",
    )
    imp.add_argument("paths", nargs="+", metavar="PATH", help="a return file or a folder")
    options.dry_run(imp, "say what each file would be; store nothing")
    options.json(imp)
    imp.add_argument(
        "--accept-edited",
        action="store_true",
        help="import a return whose payload was changed outside the app, "
        "flagged as edited (only for a file you trust)",
    )
    registry[("returns", "import")] = cmd_returns_import
    # -- `returns report` (the city summary) is added below this line --
    report = actions.add_parser(
        "report",
        help="the city's governance summary for the Education Improvement Partnership Board "
        "(every open school, its return and risk flag) as .xlsx or .pdf",
    )
    options.output(report, "FILE.xlsx|FILE.pdf")
    report.add_argument("--year", help="academic year, e.g. 2026-27 (default: the latest held)")
    registry[("returns", "report")] = cmd_returns_report


def cmd_returns_import(store, args) -> int:
    import json
    import time

    from stoke_governor.la.mode import require_la
    from stoke_governor.la.returns.importer import REJECTED, find_return_files, import_returns

    require_la(store)
    if not find_return_files(args.paths):
        raise UsageError("No return files (.xlsx) were found to import.")
    delay = float(os.environ.get(SLOW_ENV) or 0)

    def progress(done: int, total: int, name: str) -> None:
        if delay:
            time.sleep(delay)

    outcomes = import_returns(
        store, args.paths, dry_run=args.dry_run, accept_edited=args.accept_edited, progress=progress
    )
    for o in outcomes:
        say(json.dumps(o.as_json(), ensure_ascii=False) if args.json else o.describe(), flush=True)
    if not args.json:
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        note = " (dry run: nothing was stored)" if args.dry_run else ""
        say(f"{len(outcomes)} files: {summary}{note}.")
    return EXIT_REJECTED if any(o.status == REJECTED for o in outcomes) else EXIT_OK


def cmd_returns_report(store, args) -> int:
    from stoke_governor.la.mode import require_la
    from stoke_governor.reports.city_export import write_report
    from stoke_governor.reports.city_report import city_report

    require_la(store)
    if not args.output.lower().endswith((".xlsx", ".pdf")):
        raise UsageError(f"Cannot write {args.output}: give a file name ending in .xlsx or .pdf.")
    if args.year and not is_year_label(args.year):
        raise UsageError(f"'{args.year}' is not an academic year; write it like 2026-27.")
    report = city_report(store, args.year)
    path = write_report(report, args.output)
    say(f"Saved the city summary to {path}.")
    say(report.summary.headline())
    held = ", ".join(f"{name} {n}" for name, n in report.glance.categories.items())
    say(f"Schools by category: {held}.")
    return EXIT_OK
