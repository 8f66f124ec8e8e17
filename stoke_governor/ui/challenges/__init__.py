"""The Challenge log page: entries, the form, undo, importing a log."""
