"""`python -m stoke_governor.build_resources.prebuilt`: rebuild resources/seeded.sqlite from CSVs.

Run it after any change to the seeded CSVs in resources/ (`make resources` runs it too); it
needs nothing but those CSVs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from stoke_governor.core.paths import resources_dir
from stoke_governor.startup.prebuilt import PREBUILT, build_prebuilt, seed_fingerprint


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--resources", type=Path, default=resources_dir())
    args = parser.parse_args(argv)
    out = build_prebuilt(args.resources / PREBUILT, args.resources)
    print(f"{out}: seeded from the CSVs with checksum {seed_fingerprint(args.resources)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
