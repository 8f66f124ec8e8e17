"""`python -m stoke_governor.build_resources`: regenerate resources/ from the DfE files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stoke_governor.build_resources import __doc__ as DOC
from stoke_governor.build_resources import build
from stoke_governor.build_resources.prebuilt import main as prebuilt_main


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent.parent.parent
    parser = argparse.ArgumentParser(description=DOC.splitlines()[0])
    parser.add_argument("--source", type=Path, default=here / "resources" / "sources" / "dfe")
    parser.add_argument("--out", type=Path, default=here / "resources")
    args = parser.parse_args(argv)
    notes, counts = build(args.source, args.out)
    for note in notes:
        print(note, file=sys.stderr)
    print(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
    if args.out.joinpath("measures.csv").is_file():  # the seeded CSVs are all there
        prebuilt_main(["--resources", str(args.out)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
