"""Saving the school data summary as a PDF for the meeting pack (File ▸ Export school data
summary, and the Dashboard's button): written off the GUI thread by the window's export
runner, which names the file when it is done and offers to open its folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stoke_governor.core.settings import EXPORT_FOLDER
from stoke_governor.ui.common.export_runner import ExportRunner
from stoke_governor.ui.common.user_settings import last_folder, remember_folder

TITLE = "Export school data summary"


def summary_file_name(school: str, today: dt.date | None = None) -> str:
    """E.g. `Birches Head Academy – School data summary – 6 December 2026.pdf`."""
    from stoke_governor.reports.common import words_file_name
    from stoke_governor.reports.data_summary import TITLE as SUMMARY
    from stoke_governor.reports.data_summary import long_date

    return words_file_name(school, SUMMARY, long_date(today or dt.date.today()), suffix=".pdf")


def export_summary(window, pool, path: str | None = None):
    """Save the window's school's data summary where the user says (or to `path`); the
    running task, or None if the user cancelled the dialog."""
    from PySide6.QtWidgets import QFileDialog

    from stoke_governor.reports.data_summary_pdf import export_data_summary

    store, urn = window.store, window.school.urn
    if path is None:
        name = Path(last_folder(EXPORT_FOLDER, store)) / summary_file_name(window.school.name)
        path, _ = QFileDialog.getSaveFileName(window, TITLE, str(name), "PDF document (*.pdf)")
        if not path:
            return None
        path += "" if path.lower().endswith(".pdf") else ".pdf"
        remember_folder(EXPORT_FOLDER, Path(path).parent)
    runner = getattr(window, "exports", None)
    if runner is None:
        runner = window.exports = ExportRunner(pool, window)
        runner.message.connect(lambda text: window.statusBar().showMessage(text, 15000))
    chosen = path
    return runner.run(TITLE, lambda _progress, _cancelled: export_data_summary(store, urn, chosen))
