"""Import data: choose or drop files, give the year if they do not say it, watch each outcome.

The import runs on the thread pool (one file per transaction, a backup first), so the
window stays responsive; Cancel stops before the next file. A Get Information About Schools
extract changes the school list: what each would change (schools added, renamed old → new,
closed) is worked out first by a dry run and shown, and the import goes ahead only if the
user confirms it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from stoke_governor.core.dates import academic_year_start, year_label
from stoke_governor.ui.common.warning_colour import warning_style
from stoke_governor.ui.common.worker import Task, start

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

FROM_NAME = "Use the year in each file's name"
COLOURS = {
    "imported": "#d6ecd2",
    "unchanged": "#eef1f4",
    "superseded": "#eef1f4",
    "rejected": "#f9dcc4",
}
FILE, STATUS, FIGURES, REASON = range(4)
PATTERNS = "Data files (*.csv *.CSV *.xlsx *.XLSX);;All files (*)"


def year_choices(today=None, count: int = 12) -> list[str]:
    """This academic year first, then the years before it."""
    import datetime as dt

    start = academic_year_start(today or dt.date.today())
    return [year_label(y) for y in range(start, start - count, -1)]


class ImportDialog(QDialog):
    imported = Signal(list)  # the outcomes, once a run ends

    def __init__(self, store: Store, pool: QThreadPool, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import data")
        self.setAcceptDrops(True)
        self.resize(820, 440)
        self.store, self.pool = store, pool
        self.task: Task | None = None
        self.files: list[Path] = []
        self.outcomes: list = []
        self.intro = QLabel(
            "Add the files you downloaded from the DfE (performance tables, LAIT, Get "
            "Information About Schools, explore education statistics) or a filled-in school "
            "data template. You can also drop files or folders here. Each file is imported "
            "on its own: a bad file is reported and the others still import."
        )
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["File", "Outcome", "Figures", "Reason"])
        self.table.setAccessibleName("Files to import and their outcomes")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FILE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.add_files = QPushButton("Add &files…")
        self.add_folder = QPushButton("Add a f&older…")
        self.year = QComboBox()
        self.year.addItems([FROM_NAME, *year_choices()])
        self.year.setAccessibleName("Academic year for files whose names do not say it")
        self.year.setToolTip("Used only for files whose name (or folder name) gives no year.")
        year_label = QLabel("&Year:")
        year_label.setBuddy(self.year)
        self.year_note = QLabel()
        self.year_note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.import_button = QPushButton("&Import")
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton("&Cancel")
        self.close_button = QPushButton("Close")
        self.add_files.clicked.connect(self.choose_files)
        self.add_folder.clicked.connect(self.choose_folder)
        self.import_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self.year.currentIndexChanged.connect(self._update)

        adds = QHBoxLayout()
        adds.addWidget(self.add_files)
        adds.addWidget(self.add_folder)
        adds.addStretch(1)
        adds.addWidget(year_label)
        adds.addWidget(self.year)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(adds)
        layout.addWidget(self.year_note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update()

    # -- choosing files ---------------------------------------------------------
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Choose files to import", "", PATTERNS)
        self.add_paths(names)

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Choose a folder of files to import")
        if name:
            self.add_paths([name])

    def add_paths(self, paths) -> None:
        from stoke_governor.data.importer import expand

        for path in expand(paths):
            if path not in self.files:
                self.files.append(path)
                self._add_row(path)
        self._update()

    def _add_row(self, path: Path) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(path.name)
        item.setToolTip(str(path))
        self.table.setItem(row, FILE, item)
        for column in (STATUS, FIGURES, REASON):
            self.table.setItem(row, column, QTableWidgetItem(""))
        self.table.item(row, STATUS).setText("waiting")

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and self.task is None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.add_paths(u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile())
        event.acceptProposedAction()

    # -- the year ---------------------------------------------------------------
    def chosen_year(self) -> str | None:
        text = self.year.currentText()
        return None if text == FROM_NAME else text

    def undated(self) -> list[Path]:
        from stoke_governor.data.importer import needs_year

        return [p for p in self.files if needs_year(p)]

    def _update(self) -> None:
        running = self.task is not None
        undated = [] if running else self.undated()
        if undated and self.chosen_year() is None:
            names = ", ".join(p.name for p in undated[:3]) + ("…" if len(undated) > 3 else "")
            self.year_note.setText(
                f"{len(undated)} file(s) do not say which year they are for ({names}): "
                "choose the year before importing."
            )
            self.year_note.setStyleSheet(warning_style("font-weight: bold;"))
        else:
            self.year_note.setText("")
        pending = self.files[len(self.outcomes) :]
        self.import_button.setEnabled(
            bool(pending) and not running and not (undated and self.chosen_year() is None)
        )
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
        for widget in (self.add_files, self.add_folder, self.year):
            widget.setEnabled(not running)

    # -- running ----------------------------------------------------------------
    def run(self) -> None:
        """First the dry run of any GIAS extracts, for the user to confirm; then the import."""
        from stoke_governor.data.importer import school_list_changes

        files, store = self.files[len(self.outcomes) :], self.store
        self.progress.setRange(0, 0)
        self.progress.setFormat("Checking the files…")
        self.progress.show()
        self.task = start(
            self.pool,
            lambda progress, cancelled: school_list_changes(store, files),
            finished=self._review,
            failed=self._on_failed,
        )
        self._update()

    def _review(self, previews) -> None:
        stopped = self.task is not None and self.task.cancelled
        self.task = None
        changes = [o for o in previews if o.status != "rejected" and o.rows]
        if stopped or (changes and not self.confirm_changes(changes)):
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat("Stopped: nothing was imported")
            self._update()
            return
        self._import()

    def confirm_changes(self, changes) -> bool:
        """Show what the GIAS extracts would change in the school list; True to go ahead."""
        from stoke_governor.ui.data.school_changes import confirm_changes

        return confirm_changes(self, changes)

    def _import(self) -> None:
        from stoke_governor.data.importer import import_files

        files = self.files[len(self.outcomes) :]
        year, store = self.chosen_year(), self.store
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress.setFormat("Importing… %v of %m files")
        self.progress.show()

        def work(progress, cancelled):  # the year only for files that do not say theirs
            return import_files(
                store, files, fallback_year=year, progress=progress, cancelled=cancelled
            )

        self.task = start(
            self.pool,
            work,
            progress=self._on_progress,
            finished=self._on_finished,
            failed=self._on_failed,
        )
        self._update()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.progress.setFormat("Stopping after this file…")

    def _on_progress(self, done, total, outcome) -> None:
        self.progress.setValue(done)
        row = len(self.outcomes)
        self.outcomes.append(outcome)
        self._show_outcome(row, outcome)

    def _show_outcome(self, row: int, outcome) -> None:
        values = {
            STATUS: outcome.status,
            FIGURES: f"{outcome.rows:,}" if outcome.rows else "",
            REASON: outcome.reason,
        }
        for column, text in values.items():
            item = self.table.item(row, column)
            item.setText(text)
            item.setToolTip(text)
            item.setBackground(QColor(COLOURS.get(outcome.status, "#ffffff")))
        self.table.item(row, FIGURES).setTextAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.resizeRowToContents(row)

    def _on_finished(self, outcomes) -> None:
        cancelled = self.task.cancelled and len(outcomes) < len(self.files)
        self.task = None
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        summary = ", ".join(f"{n} {status}" for status, n in counts.items()) or "nothing"
        self.progress.setFormat(("Stopped: " if cancelled else "Done: ") + summary)
        self._update()
        self.imported.emit(list(outcomes))

    def _on_failed(self, message: str, details: str) -> None:
        self.task = None
        self.progress.setFormat("The import stopped")
        from PySide6.QtWidgets import QMessageBox

        text = (
            f"The import stopped unexpectedly: {message}\n\nFiles imported before this "
            "point are kept; the rest were not changed."
        )
        box = QMessageBox(QMessageBox.Icon.Warning, "Import data", text, parent=self)
        box.setDetailedText(details)
        box.open()
        self._update()

    def closeEvent(self, event) -> None:
        if self.task is not None:
            event.ignore()  # the running file finishes first; Cancel stops the rest
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.task is None:
            super().reject()
