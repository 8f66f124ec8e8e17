"""Tests of start-up: seeding and the demo board."""
