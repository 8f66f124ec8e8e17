"""The frozen program's entry point: the same command line as `stoke-governor`."""

from stoke_governor.cli.main import main

raise SystemExit(main())
