"""The governing board: its governors, committees and constitution."""
