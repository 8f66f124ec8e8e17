"""Commands for the governing board: `board import` (the governor list a clerk keeps)."""

from __future__ import annotations

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, say


def add_commands(commands, registry: dict) -> None:
    board_cmds = options.command_group(commands, "board", "the school's governing board")
    imp = board_cmds.add_parser(
        "import",
        help="the governor list a clerk keeps in Excel or as CSV (name, category, role, "
        "appointed by, term start and end, committees); governors already held are updated",
    )
    imp.add_argument("file", metavar="FILE")
    options.urn(imp)
    imp.add_argument("--sheet", help="the worksheet to read (default: the first)")
    imp.add_argument(
        "--header-row",
        type=options.row_number,
        metavar="N",
        help="the row that holds the headings (default: found by its column names)",
    )
    options.skip_bad_rows(imp)
    options.dry_run(imp, "check the file and say what would change; store nothing")
    registry[("board", "import")] = cmd_board_import


def rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def cmd_board_import(store, args) -> int:
    from stoke_governor.board.importer import LEFT_OUT, PROBLEM, import_preview, preview_import
    from stoke_governor.core.errors import BadInputFileError
    from stoke_governor.schools.register import get_school, require_selected_school

    school = get_school(store, args.urn) if args.urn else require_selected_school(store)
    try:
        preview = preview_import(
            store, school.urn, args.file, sheet=args.sheet, header_row=args.header_row
        )
    except BadInputFileError as exc:
        say(f"{args.file}: rejected — {exc}")
        return EXIT_REJECTED
    for r in preview.results:
        if r.status != PROBLEM:
            detail = f" — {r.detail}" if r.detail else ""
            say(f"  row {r.row}: {r.name or '(no name)'}: {r.status}{detail}")
    for p in preview.problems[:50]:
        say(f"  {p}")
    if len(preview.problems) > 50:
        say(f"  … and {len(preview.problems) - 50:,} more problems")
    reason = preview.refusal(args.skip_bad_rows)
    if reason:
        say(f"{args.file}: rejected — {reason}")
        if preview.problems and not args.skip_bad_rows:
            say("  (fix those rows, or add --skip-bad-rows to import the others)")
        return EXIT_REJECTED
    left_out = preview.count(LEFT_OUT)
    tail = f" {rows(left_out)} left out (see above)." if left_out else ""
    if args.dry_run:
        say(f"{args.file}: checked, nothing stored (--dry-run) — {preview.summary}{tail}")
        return EXIT_OK
    try:
        done = import_preview(store, preview, skip_bad_rows=args.skip_bad_rows)
    except BadInputFileError as exc:
        say(f"{args.file}: rejected — {exc}")
        return EXIT_REJECTED
    skipped = f", {rows(done.skipped)} with problems skipped" if done.skipped else ""
    say(
        f"{args.file}: imported — {done.new:,} new, {done.updated:,} updated, "
        f"{done.unchanged:,} unchanged{skipped}.{tail}"
    )
    if preview.new_committees:
        say(f"  new committees: {', '.join(preview.new_committees)}")
    return EXIT_OK
