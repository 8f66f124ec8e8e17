"""Tests of the city's schools register."""
