"""`python -m stoke_governor`: the same as the `stoke-governor` command."""

from .cli import main

raise SystemExit(main())
