"""When the opened database fails SQLite's check: say so plainly and offer its backups.

The dialog says the file is damaged, that nothing will be written to it, and offers
"Restore the newest good backup (its date)", "Choose another backup…" or "Quit". The
newest backup that passes `integrity_check` is looked for, and a backup restored, on the
dialog's own one-thread pool (ui/common/worker): a big file takes seconds to check. The
window on the damaged file lets go of it (`release`) before a backup is put in its place;
the file it replaces is kept beside it (startup.recovery).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWidget

from stoke_governor import APP_NAME
from stoke_governor.ui.common.widgets import button, hbox, heading, vbox
from stoke_governor.ui.common.worker import Task, start, window_pool


class DamagedDialog(QDialog):
    """Accepted once a backup is restored (`restored`: what was done); rejected: quit."""

    def __init__(
        self,
        path: Path,
        found: str,
        parent: QWidget | None = None,
        release: Callable[[], None] | None = None,
    ):
        super().__init__(parent)
        self.path, self.found, self.release = Path(path), found, release
        self.newest = None  # the newest good backup, once found
        self.restored = None
        self.task: Task | None = None
        self.pool = window_pool(self)
        self.setWindowTitle(f"{APP_NAME}: the database is damaged")
        self.setAccessibleName("The database is damaged")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        title = heading("This database is damaged", name="damaged_heading", scale=1.3)
        self.message = QLabel(wordWrap=True, objectName="damaged_message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setText(
            f"A check of {self.path} found a problem ({found}). {APP_NAME} will not write "
            "anything to it, nor back it up, so the damage cannot spread to your backups.\n\n"
            "Restoring a backup puts it in the database's place; the damaged file is kept "
            "beside it. Anything changed since that backup was made is not in it."
        )
        self.status = QLabel("Looking for the newest backup that passes the check…")
        self.status.setWordWrap(True)
        self.status.setObjectName("damaged_status")
        self.restore_button = button("Restore the newest good backup", self.restore_newest)
        self.restore_button.setEnabled(False)
        self.restore_button.setDefault(True)
        self.choose_button = button("&Choose another backup…", self.choose)
        self.quit_button = button("&Quit", self.reject)
        vbox(
            title,
            self.message,
            self.status,
            hbox(self.restore_button, self.choose_button, 1, self.quit_button),
            parent=self,
        )
        self.resize(620, 280)
        self._run(lambda _p, _c: _newest(self.path), self._found_newest)

    def _run(self, work, finished) -> None:
        self.task = start(self.pool, work, finished=finished, failed=self._failed)
        self._busy(True)

    def _busy(self, busy: bool) -> None:
        self.restore_button.setEnabled(not busy and self.newest is not None)
        self.choose_button.setEnabled(not busy)

    def _found_newest(self, backup) -> None:
        self.task = None
        self.newest = backup
        if backup is None:
            self.status.setText(
                "No backup of this database passes the check. Choose a backup kept "
                "elsewhere, or quit and ask whoever looks after the app for you."
            )
        else:
            self.restore_button.setText(f"&Restore the newest good backup ({backup.made_text})")
            self.status.setText(
                f"The newest good backup was made {backup.made_text} ({backup.size_text})."
            )
        self._busy(False)

    def restore_newest(self) -> None:
        if self.newest is not None:
            self.restore(self.newest.path)

    def choose(self) -> None:
        from stoke_governor.startup.recovery import backups_folder

        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a backup to restore",
            str(backups_folder(self.path)),
            "Stoke Governor backups (*.sqlite);;All files (*)",
        )
        if chosen:
            self.restore(Path(chosen))

    def restore(self, backup: Path) -> None:
        """Let go of the damaged file, then put `backup` in its place, off this thread."""
        from stoke_governor.startup.recovery import restore

        if self.release is not None:
            self.release()
            self.release = None
        self.status.setText(f"Restoring {backup.name}…")
        path = self.path
        self._run(lambda _p, _c: restore(path, backup), self._restored)

    def _restored(self, restored) -> None:
        self.task = None
        self.restored = restored
        self.accept()

    def _failed(self, message: str, _details: str) -> None:
        self.task = None
        self.status.setText(message)
        self._busy(False)


def _newest(path: Path):
    from stoke_governor.startup.recovery import newest_good_backup

    return newest_good_backup(path)
