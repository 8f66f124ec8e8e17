"""Tests of training modules and records."""
