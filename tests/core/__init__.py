"""Tests of core: dates, errors, settings, paths, versions."""
