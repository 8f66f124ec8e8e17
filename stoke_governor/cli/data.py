"""Commands for published figures: `data import`, `data show`, `data template`."""

from __future__ import annotations

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, quote, say


def add_commands(commands, registry: dict) -> None:
    data_cmds = options.command_group(commands, "data", "published figures held for schools")
    imp = data_cmds.add_parser(
        "import",
        help="DfE CSV files (performance tables, LAIT, GIAS, EES), folders of them, or a "
        "filled-in school data template (.xlsx)",
    )
    options.files(imp)
    imp.add_argument("--year", help="academic year the files are for, e.g. 2019-20")
    options.dry_run(
        imp,
        "say what each file would do (a GIAS extract: the schools it would add, rename and "
        "close); store nothing",
    )
    options.json(imp)
    show = data_cmds.add_parser("show", help="figures held for a school, with target and status")
    options.urn(show)
    options.json(show, "print a JSON array of every figure")
    template = data_cmds.add_parser(
        "template",
        help="a workbook for the school's own figures the DfE does not publish "
        "(early years, phonics, this year's attendance); import it back with 'data import'",
    )
    options.output(template, "FILE.xlsx", "the workbook to write")
    options.urn(template, "any city school (default: the one selected)")
    registry[("data", "import")] = cmd_data_import
    registry[("data", "show")] = cmd_data_show
    registry[("data", "template")] = cmd_data_template


def cmd_data_show(store, args) -> int:
    import json

    from stoke_governor.measures.age import figures_age
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
        say(json.dumps(out, indent=1))
        return EXIT_OK
    say(f"{school.name} (URN {school.urn}) — {school.phase}, {school.type}")
    age = figures_age(board)
    if age is not None:
        say(f"{age.text}." + (f" {age.advice}" if age.advice else ""))
    for r in board:
        m = r.measure
        show = [
            f.text or m.format(f.value) or (f.code or "not published") if f else "—"
            for f in (r.school, r.city, r.england, r.west_midlands)
        ]
        target = f"; city target: {r.target.summary}" if r.target else ""
        when = f"{r.school.year}, {r.school.release}" + (", old" if r.old else "")
        say(
            f"  {m.label} ({when}): {show[0]} — Stoke-on-Trent {show[1]}, "
            f"England {show[2]}, West Midlands {show[3]}{target}. {r.status}."
        )
    if not board:
        say("  No published figures are held for this school yet.")
    return EXIT_OK


def cmd_data_import(store, args) -> int:
    import json

    from stoke_governor.core.dates import parse_year_label
    from stoke_governor.data.importer import REJECTED, import_files

    if args.year:
        try:
            parse_year_label(args.year)
        except ValueError:
            raise UsageError(
                f"--year {args.year} is not an academic year such as 2019-20."
            ) from None
    outcomes = import_files(store, args.files, args.year, dry_run=args.dry_run)
    for o in outcomes:
        if args.json:
            say(json.dumps(o.as_dict(), ensure_ascii=False))
            continue
        detail = f", {o.rows:,} figures" if o.rows else ""
        say(f"{o.file}: {o.status}{detail}" + (f" — {o.reason}" if o.reason else ""))
        for change in o.details:  # a GIAS extract's changes to the school list
            say(f"  {change}")
    if not outcomes:
        raise UsageError("No CSV or XLSX files were found to import.")
    if args.dry_run and not args.json:
        say("Dry run: nothing was stored. Run again without --dry-run to import.")
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
    say(f"Wrote the school data template for {school.name} (URN {school.urn}) to {written}.")
    say(
        "Next: the school types its figures in the Figures sheet (a blank means not known; "
        "DfE markers such as SUPP are allowed), then import it with:\n"
        f"  stoke-governor data import {quote(str(written))}"
    )
    return EXIT_OK
