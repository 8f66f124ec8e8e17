"""Commands for receipts: `receipt export` (the LA) and `receipt import` (a school's board)."""

from __future__ import annotations

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, say


def add_commands(commands, registry: dict) -> None:
    cmds = options.command_group(
        commands,
        "receipt",
        "the LA's receipts for the boards' returns (the LA sends, schools import)",
    )
    exp = cmds.add_parser(
        "export",
        help="LA: a receipt file (.sgreceipt) for each return held, to send to its school",
    )
    options.output(exp, "DIR", "the folder to write the receipts in (made if absent)")
    options.urn(exp, "only this school (may be given more than once)", action="append")
    imp = cmds.add_parser("import", help="school: the LA's receipt for this board's return")
    options.files(imp)
    registry[("receipt", "export")] = cmd_receipt_export
    registry[("receipt", "import")] = cmd_receipt_import


def cmd_receipt_export(store, args) -> int:
    from pathlib import Path

    from stoke_governor.la.receipts import export_receipts

    folder = Path(args.output).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {args.output} is a file; give a folder for the receipts.")
    written = export_receipts(store, folder, urns=args.urn)
    for path in written:
        say(path)
    if not written:
        where = " for that school" if args.urn else ""
        say(
            f"No receipts written: no returns are held{where}; import the boards' returns "
            "first ('stoke-governor returns import FOLDER')."
        )
        return EXIT_OK
    say(
        f"Wrote {len(written)} receipt(s) to {folder}. Send each school its own file; "
        "the board imports it with 'stoke-governor receipt import FILE'."
    )
    return EXIT_OK


def cmd_receipt_import(store, args) -> int:
    from stoke_governor.core.errors import BadInputFileError
    from stoke_governor.la.receipts import import_receipt

    refused = 0
    for name in args.files:
        try:
            receipt = import_receipt(store, name)
        except BadInputFileError as exc:
            say(exc)
            refused += 1
            continue
        said = "" if receipt.new else " (this receipt was already held; nothing changed)"
        say(f"{name}: {receipt.describe()}{said}.")
    return EXIT_REJECTED if refused else EXIT_OK
