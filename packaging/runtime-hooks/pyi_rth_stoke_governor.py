"""Runs first inside the frozen program, before the app's own code.

On Windows, the program gets its own taskbar identity, so its windows group under its
icon (and its pinned shortcut) rather than under a generic Python host.
"""

import contextlib
import sys

if sys.platform == "win32":
    import ctypes

    with contextlib.suppress(AttributeError, OSError):
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("StokeGovernor.App")
