"""Tests of meetings, attendance and quorum, and the minutes."""
