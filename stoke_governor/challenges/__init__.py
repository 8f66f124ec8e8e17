"""The challenge log: entries, their history, and importing a board's own log."""
