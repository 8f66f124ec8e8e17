"""`python -m stoke_governor.build_resources`: regenerate resources/ from the DfE files, then
resources/seeded.sqlite from the seeded CSVs, with the demo board. With `--prebuilt-only`, only
the latter: run it after any change to a seeded CSV or to the demo's files in resources/
(demo/, modules/, frameworks/; it needs nothing else)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stoke_governor.build_resources import __doc__ as DOC
from stoke_governor.build_resources import build
from stoke_governor.startup.prebuilt import PREBUILT, build_prebuilt, seed_fingerprint


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent.parent.parent
    parser = argparse.ArgumentParser(description=DOC.splitlines()[0])
    parser.add_argument("--source", type=Path, default=here / "resources" / "sources" / "dfe")
    parser.add_argument("--out", type=Path, default=here / "resources")
    parser.add_argument(
        "--prebuilt-only",
        action="store_true",
        help="only rebuild seeded.sqlite from the CSVs and the demo's files",
    )
    args = parser.parse_args(argv)
    if not args.prebuilt_only:
        notes, counts = build(args.source, args.out)
        for note in notes:
            print(note, file=sys.stderr)
        print(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
    if args.out.joinpath("measures.csv").is_file():  # the seeded CSVs are all there
        out = build_prebuilt(args.out / PREBUILT, args.out)
        checksum = seed_fingerprint(args.out)
        print(f"{out}: seeded from the CSVs, with the demo board; checksum {checksum}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
