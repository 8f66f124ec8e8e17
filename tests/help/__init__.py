"""Tests of the in-app guide: its topics and its search."""
