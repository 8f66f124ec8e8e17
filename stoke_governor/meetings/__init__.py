"""Meetings of the board and its committees: agenda, attendance and quorum, minutes."""
