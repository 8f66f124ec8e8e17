"""Tests of the board: governors, committees, constitution."""
