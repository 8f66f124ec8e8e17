"""Commands for LA packs: `pack export` (the LA) and `pack import` (a school's board)."""

from __future__ import annotations

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, UsageError, say


def add_commands(commands, registry: dict) -> None:
    cmds = options.command_group(
        commands,
        "pack",
        "the LA's packs for schools: targets, measures, training modules, frameworks, "
        "the school's figures and its signing key (the LA makes them, schools apply them)",
    )
    exp = cmds.add_parser(
        "export", help="LA: one pack file (.sgpack) per open city school, to send to each school"
    )
    options.output(exp, "DIR", "the folder to write the packs in (made if absent)")
    options.urn(exp, "only this school")
    imp = cmds.add_parser(
        "import", help="school: preview the LA's pack for this board's school, then apply it"
    )
    imp.add_argument("file", metavar="FILE")
    options.dry_run(imp, "show what would change; change nothing")
    registry[("pack", "export")] = cmd_pack_export
    registry[("pack", "import")] = cmd_pack_import


def cmd_pack_export(store, args) -> int:
    from pathlib import Path

    from stoke_governor.la.mode import require_la
    from stoke_governor.la.packs.make import export_packs

    require_la(store)
    folder = Path(args.output).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {args.output} is a file; give a folder for the packs.")
    written = export_packs(store, folder, urns=[args.urn] if args.urn else None)
    for path in written:
        say(path)
    say(
        f"Wrote {len(written)} pack(s) to {folder}. Send each school its own file; the "
        "board applies it with 'stoke-governor pack import FILE' (or File → Apply an LA "
        "pack… in the app)."
    )
    return EXIT_OK


def cmd_pack_import(store, args) -> int:
    from stoke_governor.la.packs.apply import applied_on, apply_pack, pack_changes
    from stoke_governor.la.packs.members import read_pack

    pack = read_pack(args.file)
    changes = pack_changes(store, pack)  # refused on the LA's database or another school's
    done = applied_on(store, pack)
    say(
        f"LA pack for {pack.school_name} (URN {pack.for_urn}), made {pack.made_at[:10]} by "
        f"{pack.made_by}."
    )
    if done:
        say(f"This pack was already applied on {done[:10]}; nothing changed.")
        return EXIT_OK
    if not changes:
        say("Nothing would change: everything in this pack is already held.")
    for change in changes:
        say(f"{change.what}: {change.detail}")
    if args.dry_run:
        say("Dry run: nothing was changed. Run again without --dry-run to apply the pack.")
        return EXIT_OK
    summary = apply_pack(store, pack)
    say(
        f"Applied: {len(summary.changes)} change(s) made in one step."
        if summary.changes
        else "Applied: nothing needed changing."
    )
    if any(c.what == "Signing key" for c in summary.changes):
        say(
            "Next: the board's return file will be signed with the LA's key; export it "
            "from the Self-evaluation page or 'stoke-governor selfeval export'."
        )
    return EXIT_OK
