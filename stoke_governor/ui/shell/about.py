"""The About box both windows show: version, what this database is, and the data sources."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from stoke_governor import APP_NAME, __version__
from stoke_governor.data.sources import published_sources

if TYPE_CHECKING:
    from stoke_governor.db.store import Store


def show_about(parent: QWidget, store: Store, mode: str = "") -> QMessageBox:
    """Open (not exec) the About box; `mode` is a sentence or two about this database."""
    sources = published_sources(store)
    items = "".join(f"<li>{escape(s.title)} — {escape(s.publisher)}</li>" for s in sources)
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(
        f"<h3>{APP_NAME} {__version__}</h3><p>School governance for Stoke-on-Trent, "
        f"offline.{' ' + mode if mode else ''}</p>"
        f"<p>Database: {escape(str(store.path))}</p>"
        "<p>City targets are quoted from the Stoke-on-Trent Improving Education Strategy "
        "2025-2030 and the Opportunity Area plan. Published figures come from:</p>"
        f"<ul>{items}</ul><p>Contains public sector information licensed under the Open "
        "Government Licence v3.0.</p>"
    )
    box.open()
    return box
