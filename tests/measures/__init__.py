"""Tests of measures: statuses, tracking, trends, the dashboard's rows."""
