"""Qt pieces every page shares: the worker pool, export runner, printing, tables, keys."""
