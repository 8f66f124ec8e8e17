"""Tests of the store: transactions, checks, backups, migrations."""
