"""Tests of the challenge log and importing a board's own log."""
