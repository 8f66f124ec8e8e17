"""The frozen program's entry point: the same command line as `stoke-governor`."""

from stoke_governor.cli import main

raise SystemExit(main())
