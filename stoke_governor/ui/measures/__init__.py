"""The school dashboard and the School data page (charts of each measure)."""
