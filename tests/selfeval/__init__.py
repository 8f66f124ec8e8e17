"""Tests of the self-evaluation and its return file."""
