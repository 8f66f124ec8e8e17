"""Tests of what the reports share."""
