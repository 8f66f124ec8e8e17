"""Tests of safe file reading: zips, text, canonical JSON and signatures."""
