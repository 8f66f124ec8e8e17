"""The Board page: governors, committees, constitution."""
