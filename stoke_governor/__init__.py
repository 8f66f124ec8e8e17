"""Stoke Governor: an offline governance companion for Stoke-on-Trent school boards."""

__version__ = "0.1.0"
APP_NAME = "Stoke Governor"
APP_ID = "stoke-governor"
