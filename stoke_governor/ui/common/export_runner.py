"""Runs an export (minutes PDF or DOCX, action log) off the GUI thread, with progress and
Cancel.

The export is a domain function `work(progress, cancelled) -> reports.Exported`; it runs
through `worker.start` on the window's pool. A progress dialog shows how far it is and can
cancel it (nothing is written then). When it ends, a message names the file and offers to
open its folder; a failure is shown as the one plain sentence the domain gave.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.core.settings import EXPORT_FOLDER
from stoke_governor.ui.common.user_settings import last_folder, remember_folder
from stoke_governor.ui.common.worker import Task, Work, start


class ExportRunner(QObject):
    """One export at a time for a window. `done` carries the Exported result; `message`
    the text shown to the user at the end (for the status bar and tests)."""

    done = Signal(object)
    message = Signal(str)

    def __init__(self, pool: QThreadPool, parent: QWidget):
        super().__init__(parent)
        self.pool, self.window = pool, parent
        self.task: Task | None = None
        self.dialog: QProgressDialog | None = None
        self.box: QMessageBox | None = None
        self.last_path: Path | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def run(self, title: str, work: Work) -> Task | None:
        """Start the export; None (and a note) if another one is still running."""
        if self.task is not None:
            self._show(
                QMessageBox.Icon.Information,
                title,
                "Another export is still running; wait for it to finish.",
            )
            return None
        self.title = title
        dialog = QProgressDialog(f"{title}: starting…", "&Cancel", 0, 0, self.window)
        dialog.setWindowTitle(title)
        dialog.setAccessibleName(f"{title} progress")
        dialog.setMinimumDuration(400)  # a quick export finishes without a flash of a dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self.task = start(
            self.pool, work, progress=self._progress, finished=self._finished, failed=self._failed
        )
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText(f"{self.title}: stopping…")

    def _progress(self, done, total, detail) -> None:
        if self.dialog is None:
            return
        if total:
            self.dialog.setMaximum(int(total))
            self.dialog.setValue(min(int(done), int(total)))
        self.dialog.setLabelText(f"{self.title}: {detail}…" if detail else f"{self.title}…")

    def _end(self) -> None:
        self.task = None
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _finished(self, result) -> None:
        self._end()
        self.last_path = Path(result.path)
        box = self._show(QMessageBox.Icon.Information, self.title, result.summary)
        open_folder = box.addButton("Open &folder", QMessageBox.ButtonRole.ActionRole)
        open_folder.setToolTip(f"Show {self.last_path.parent} in the file manager")
        open_folder.clicked.connect(self.open_folder)
        self.done.emit(result)
        self.message.emit(result.summary)

    def _failed(self, message: str, _details: str) -> None:
        cancelled = self.task is not None and self.task.cancelled
        self._end()
        if cancelled:  # the work stopped with ExportCancelled: nothing was written
            self.message.emit(f"{self.title}: cancelled; no file was written.")
            return
        self._show(QMessageBox.Icon.Warning, self.title, f"The export failed: {message}")
        self.message.emit(f"{self.title} failed: {message}")

    def open_folder(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path.parent)))

    def _show(self, icon, title: str, text: str) -> QMessageBox:
        """A non-blocking message box (kept, so a test can read and close it)."""
        if self.box is not None:
            self.box.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setAccessibleName(title)
        self.box = box
        box.open()
        return box


# -- what the window's menu and the Meetings page call ------------------------------------
def choose_meeting(window, store, urn: int) -> int | None:
    """Ask which of the board's meetings (newest first, the latest held chosen); its id."""
    from PySide6.QtWidgets import QInputDialog

    from stoke_governor.meetings.meetings import list_meetings
    from stoke_governor.meetings.minutes import latest_meeting, meeting_title

    held = list_meetings(store, urn)
    if not held:
        QMessageBox.information(
            window,
            "Export minutes",
            "This board has no meetings recorded yet. Add a meeting on the "
            "Meetings page, then export its minutes.",
        )
        return None
    labels = [f"{m.held_on} — {meeting_title(m)}" for m in held]
    latest = [m.id for m in held].index(latest_meeting(store, urn).id)
    label, ok = QInputDialog.getItem(
        window, "Export minutes", "&Minutes of which meeting?", labels, latest, False
    )
    return held[labels.index(label)].id if ok and label in labels else None


MINUTES = {"pdf": "PDF document (*.pdf)", "docx": "Word document (*.docx)"}


def export_meeting(
    window, pool: QThreadPool, meeting_id: int | None, fmt: str, path=None
) -> Task | None:
    """Export a meeting's draft minutes ('pdf', or 'docx' to edit in Word) or the action log
    ('xlsx': the whole board's, or one meeting's when `meeting_id` is given) for the
    window's school, asking where to save it unless `path` is given. Runs on the window's
    pool (`pool`)."""
    from functools import partial

    from PySide6.QtWidgets import QFileDialog

    from stoke_governor.meetings.minutes import (
        action_log_file_name,
        board_meeting,
        minutes_file_name,
    )
    from stoke_governor.reports.minutes_export import export_action_log, export_minutes

    store, urn, school = window.store, window.school.urn, window.school
    try:
        meeting = board_meeting(store, urn, meeting_id) if meeting_id is not None else None
    except StokeGovernorError as exc:  # a meeting deleted meanwhile: say so, plainly
        QMessageBox.warning(window, "Export", str(exc))
        return None
    if fmt in MINUTES:
        if meeting is None:
            meeting_id = choose_meeting(window, store, urn)
            if meeting_id is None:
                return None
            meeting = board_meeting(store, urn, meeting_id)
        title, name = "Export minutes", minutes_file_name(meeting, fmt)
        pattern = MINUTES[fmt]
        export = partial(export_minutes, fmt=fmt)
    else:
        title, name = "Export action log", action_log_file_name(urn, school.name)
        pattern, export = "Excel workbook (*.xlsx)", export_action_log
    if path is None:
        folder = last_folder(EXPORT_FOLDER, window.store)
        path, _ = QFileDialog.getSaveFileName(window, title, str(Path(folder) / name), pattern)
        if not path:
            return None
        suffix = "." + fmt
        if not path.lower().endswith(suffix):
            path += suffix
        remember_folder(EXPORT_FOLDER, Path(path).parent)
    runner = getattr(window, "exports", None)
    if runner is None:
        runner = window.exports = ExportRunner(pool, window)
        runner.message.connect(lambda text: window.statusBar().showMessage(text, 15000))
    chosen = meeting.id if meeting is not None else None

    def work(progress, cancelled):
        return export(store, urn, path, meeting_id=chosen, progress=progress, cancelled=cancelled)

    return runner.run(title, work)
