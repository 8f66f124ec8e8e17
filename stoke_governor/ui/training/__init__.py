"""The Training page: modules, knowledge checks, training records."""
