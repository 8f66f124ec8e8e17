"""Commands for the board's self-evaluation: `selfeval export` (the return for the LA)."""

from __future__ import annotations

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, UsageError, say


def add_commands(commands, registry: dict) -> None:
    selfeval_cmds = options.command_group(commands, "selfeval", "the board's self-evaluation")
    sexport = selfeval_cmds.add_parser(
        "export", help="the self-evaluation return for the LA (a workbook a person can read)"
    )
    options.output(
        sexport,
        "FILE.xlsx",
        "the workbook to write, or a folder to write <URN>_<school>_self-evaluation_<date>.xlsx in",
    )
    registry[("selfeval", "export")] = cmd_selfeval_export


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
    say(
        f"Wrote the self-evaluation return for {school.name} (URN {school.urn}) to {out.path}: "
        f"{done['rated']} of {done['items']} items rated ({done['percent']}%), revision "
        f"{out.revision} ({state}){', signed for the LA' if out.signed else ''}."
    )
    say(f"SHA-256 digest of the return: {out.digest}")
    return EXIT_OK
