"""The colour of warning and error text, readable on the light and the dark theme alike.

Dark red reads well on a light window and badly on a dark one; a light red the other way
round. The choice follows the application palette's window colour when the text is styled.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

ON_LIGHT, ON_DARK = "#9a1c10", "#ff8a7a"


def warning_colour() -> QColor:
    app = QGuiApplication.instance()
    window = app.palette().color(QPalette.ColorRole.Window) if app else QColor("white")
    return QColor(ON_DARK if window.lightness() < 128 else ON_LIGHT)


def warning_style(extra: str = "") -> str:
    """A style sheet for a QLabel of warning text: `color: …;` plus `extra`."""
    return f"color: {warning_colour().name()};{(' ' + extra) if extra else ''}"
