"""Import the boards' returns: a preview of what will happen to each file, then the import.

Opening the window runs the importer's dry run on the window's pool (the same checks as
the import, nothing written) and shows, per file, what would happen and why. Import runs
the real import there too; each file is its own transaction, so Cancel stops after the file
in hand and the files already done stay imported. The GUI thread only shows results.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from stoke_governor.ui.common.text_table import TextTableModel
from stoke_governor.ui.common.widgets import row_table
from stoke_governor.ui.common.worker import Task, start
from stoke_governor.ui.la.returns_words import EDITED_WARNING, ORDER, file_name, outcome_row, totals

if TYPE_CHECKING:
    from stoke_governor.db.store import Store


class ReturnsImportDialog(QDialog):
    imported = Signal(object)  # the import's outcomes (list[returns_import.Outcome])
    city_requested = Signal()

    def __init__(self, store: Store, pool: QThreadPool, paths, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import the boards' returns")
        self.resize(980, 620)
        self.store, self.pool = store, pool
        self.paths = [str(p) for p in paths]
        self.files: list[Path] = []  # the return files found (set by the preview)
        self.outcomes: list = []  # the latest preview's or import's outcomes
        self.task: Task | None = None
        self.mode = ""  # "preview" or "import" while one runs
        self.generation = 0
        self.import_done = False  # the import has run

        intro = QLabel(
            "Check what will happen to each file, then press Import. Each file is checked "
            "on its own: a file that cannot be used is refused with the reason, and the "
            "others go on. Nothing is stored until you press Import."
        )
        intro.setWordWrap(True)
        self.source = QLabel(_describe(self.paths))
        self.source.setWordWrap(True)
        self.source.setAccessibleName("Files chosen")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What will happen")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.model = TextTableModel(self)
        self.table = row_table(
            self.model, "What will happen to each file", read_only=True, alternate=True
        )
        self.table.setWordWrap(False)  # a long reason is broken into lines by _row
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a file's date shows
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(0)  # the rows in sight: fast
        self.accept_edited = QCheckBox("Accept returns &edited outside the app")
        self.accept_edited.toggled.connect(self.run_preview)
        warning = QLabel(EDITED_WARNING)
        warning.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setToolTip("Stop after the file in hand; files done stay imported")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.city_button = QPushButton("See the cit&y picture")
        self.city_button.clicked.connect(self._see_city)
        self.city_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        for b in (self.cancel_button, self.import_button, self.city_button, self.close_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        for w in (intro, self.source, self.summary):
            layout.addWidget(w)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.accept_edited)
        layout.addWidget(warning)
        layout.addLayout(buttons)
        self.run_preview()

    @property
    def busy(self) -> bool:
        """A preview or import is running on the pool."""
        return self.task is not None

    # -- the preview ---------------------------------------------------------------------------
    def run_preview(self) -> None:
        """The dry run over the files (again, e.g. when "accept edited" changes)."""
        if self.mode == "import" or self.import_done:
            return
        if self.task is not None:
            self.task.cancel()  # the earlier preview reports to nobody
        store, paths, accept = self.store, self.paths, self.accept_edited.isChecked()

        def work(progress, cancelled):
            from stoke_governor.la.returns.importer import (  # (not on the GUI)
                find_return_files,
                import_returns,
            )

            progress(0, 0, "Looking for return files")
            files = find_return_files(paths)
            outcomes = import_returns(
                store,
                files,
                dry_run=True,
                accept_edited=accept,
                progress=progress,
                cancelled=cancelled,
            )
            return files, outcomes, cancelled()

        self._run("preview", work, self._previewed)

    def _previewed(self, result) -> None:
        self.files, outcomes, stopped = result
        self._show(outcomes, after=False)
        n = len(self.files)
        if not n:
            self.summary.setText(
                "No return files were found here. A return is the .xlsx file a board makes "
                "with Export return on its Self-evaluation page; choose those files or the "
                "folder that holds them."
            )
        elif stopped:
            self.summary.setText(
                f"Preview stopped after {len(outcomes):,} of {n:,} files "
                f"({totals(outcomes, False)}). Import still handles all {n:,}."
            )
        else:
            self.summary.setText(
                f"{n:,} file{'s' if n != 1 else ''}: {totals(outcomes, False)}. Press Import "
                "to store them."
            )
        self.import_button.setEnabled(bool(n))
        (self.import_button if n else self.close_button).setFocus()

    # -- the import ----------------------------------------------------------------------------
    def run_import(self) -> None:
        if self.task is not None or not self.files:
            return
        store, files, accept = self.store, list(self.files), self.accept_edited.isChecked()

        def work(progress, cancelled):
            from stoke_governor.la.returns.importer import import_returns

            outcomes = import_returns(
                store, files, accept_edited=accept, progress=progress, cancelled=cancelled
            )
            return outcomes, cancelled()

        self._run("import", work, self._imported)

    def _imported(self, result) -> None:
        outcomes, stopped = result
        self.import_done = True
        self._show(outcomes, after=True)
        n = len(self.files)
        text = f"Done: {totals(outcomes, True)}." if outcomes else "Nothing was imported."
        if stopped and len(outcomes) < n:
            text = (
                f"Stopped after {len(outcomes):,} of {n:,} files: those are stored "
                f"({totals(outcomes, True)}). Import the same files again for the rest; the "
                "ones stored already will say so."
            )
        conflicts = sum(1 for o in outcomes if o.status == "conflict")
        if conflicts:
            text += f" {conflicts:,} need{'s' if conflicts == 1 else ''} a decision on the "
            text += "Returns page."
        self.summary.setText(text + " Next: see which boards returned on the city picture.")
        self.import_button.hide()
        self.accept_edited.setEnabled(False)
        self.city_button.show()
        self.city_button.setDefault(True)
        self.city_button.setFocus()
        self.imported.emit(outcomes)

    # -- running work off the GUI thread -------------------------------------------------------
    def _run(self, mode: str, work, done) -> None:
        self.generation += 1
        generation = self.generation
        self.mode = mode
        self.progress.setRange(0, 0)
        self.progress.setFormat("Looking for return files…")
        self.progress.show()
        self.cancel_button.setText("&Cancel" if mode == "preview" else "&Stop")
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.import_button.setEnabled(False)
        self.accept_edited.setEnabled(mode == "preview")
        if mode == "import":
            self.summary.setText("Importing… Stop ends the import after the file in hand.")
        self.task = start(
            self.pool,
            work,
            progress=lambda d, t, name: self._progress(generation, d, t, name),
            finished=lambda result: self._ended(generation, done, result),
            failed=lambda message, _details: self._failed(generation, message),
            owner=self,
        )

    def _progress(self, generation: int, done, total, name) -> None:
        if generation != self.generation:
            return
        verb = "Checking" if self.mode == "preview" else "Importing"
        if total:
            self.progress.setRange(0, int(total))
            self.progress.setValue(min(int(done), int(total)))
            self.progress.setFormat(f"{verb} {done:,} of {total:,}: {file_name(name)}")
        elif name:
            self.progress.setFormat(f"{name}…")

    def _ended(self, generation: int, done, result) -> None:
        if generation != self.generation:
            return
        self._idle()
        done(result)

    def _failed(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        importing = self.mode == "import"
        self._idle()
        self.summary.setText(
            f"The {'import' if importing else 'preview'} stopped: {message}"
            + (" Files finished before this stay imported." if importing else "")
        )
        self.import_button.setEnabled(bool(self.files) and not self.import_done)

    def _idle(self) -> None:
        self.task, self.mode = None, ""
        self.progress.hide()
        self.cancel_button.hide()
        self.accept_edited.setEnabled(not self.import_done)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat("Stopping after the file in hand…")

    def reject(self) -> None:
        """Close; during an import, stop it first (the files done stay imported)."""
        if self.mode == "import":
            self.cancel()
            return
        if self.task is not None:
            self.task.cancel()
            self.generation += 1  # the preview still running reports to nobody
            self.task = None
        super().reject()

    def _see_city(self) -> None:
        self.city_requested.emit()
        self.accept()

    # -- the table -----------------------------------------------------------------------------
    def _show(self, outcomes, after: bool) -> None:
        self.outcomes = list(outcomes)
        rank = {s: i for i, s in enumerate(ORDER)}
        shown = sorted(self.outcomes, key=lambda o: rank.get(o.status, 0))
        header = "What happened" if after else "What will happen"
        # problems stand out (tinted, bold) and show their whole reason on several lines
        problems = [n for n, o in enumerate(shown) if o.status in ("rejected", "conflict")]
        self.model.set_rows(
            ["File", "School", header, "Why"],
            [outcome_row(o, after) for o in shown],
            highlight=problems,
        )
        self.table.resizeColumnsToContents()
        for column, widest in ((0, 300), (1, 240)):
            if self.table.columnWidth(column) > widest:
                self.table.setColumnWidth(column, widest)
        if problems:
            room = self.table.viewport().width() - sum(self.table.columnWidth(c) for c in range(3))
            chars = max(30, int(max(room, 260) / self.table.fontMetrics().averageCharWidth() * 0.8))
            wraps = [chars if n in problems else 0 for n in range(len(shown))]
            rows = [outcome_row(o, after, w) for o, w in zip(shown, wraps, strict=True)]
            self.model.set_rows(["File", "School", header, "Why"], rows, highlight=problems)
            for row in problems[:200]:
                self.table.resizeRowToContents(row)

    def status_of(self, name: str) -> tuple[str, str]:
        """(what will happen / happened, why) for a file in the table, by its name."""
        for row in range(self.model.rowCount()):
            if self.model.text(row, 0) == name:
                why = self.model.data(self.model.index(row, 3), Qt.ItemDataRole.ToolTipRole)
                return self.model.text(row, 2), why or ""
        raise KeyError(name)


def _describe(paths: list[str]) -> str:
    if len(paths) == 1:
        kind = "Folder" if Path(paths[0]).is_dir() else "File"
        return f"{kind}: {paths[0]}"
    folders = sum(1 for p in paths if Path(p).is_dir())
    kind = "files" if not folders else "folders" if folders == len(paths) else "files and folders"
    return f"{len(paths):,} {kind}, starting with {paths[0]}"
