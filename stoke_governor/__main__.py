"""`python -m stoke_governor`: the same as the `stoke-governor` command."""

from stoke_governor.cli.main import main

raise SystemExit(main())
