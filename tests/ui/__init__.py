"""GUI tests (pytest-qt, offscreen): every page, dialog and window."""
