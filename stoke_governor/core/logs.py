"""Failures the app survives: logged with their traceback, for whoever looks into them.

The GUI writes the "stoke_governor" logger to its log file (`ui/shell/error_hook`). Without
a handler (the command line, a script) the record is dropped, not printed: the user has been
told in a sentence already, and a traceback on the terminal is what that sentence replaces.
"""

from __future__ import annotations

import logging

LOGGER = "stoke_governor"


def log_unexpected(where: str, message: str, *args: object) -> None:
    """Log the exception being handled (call it in an `except` block), with its traceback,
    on the logger `stoke_governor.<where>`."""
    app = logging.getLogger(LOGGER)
    if not app.handlers:
        app.addHandler(logging.NullHandler())
    app.getChild(where).error(message, *args, exc_info=True)
