"""Import the governor list a clerk keeps in Excel or as CSV: choose the file, see what each
row will do, then import.

Reading and checking run on the window's pool, as the import does. The preview lists every
row of the file (new, updated and what changes, unchanged, left out and why, or its
problems) and the committees that will be made. Nothing is stored until Import, which stays
disabled while rows have problems unless "Skip rows with problems" is ticked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSizePolicy,
    QSpinBox,
)

from stoke_governor.board.importer import (
    LEFT_OUT,
    PROBLEM,
    Preview,
    import_preview,
    preview_import,
)
from stoke_governor.board.roster import LABELS
from stoke_governor.ui.common.text_table import Cell, TextTableModel
from stoke_governor.ui.common.widgets import button, hbox, row_table, vbox
from stoke_governor.ui.common.worker import Task, start

if TYPE_CHECKING:
    from stoke_governor.board.importer import Imported
    from stoke_governor.db.store import Store

PATTERNS = "Governor lists (*.xlsx *.XLSX *.csv *.CSV *.txt);;All files (*)"
HEADER = ["Row", "Name", "What happens", "Details"]
STATUS_WORDS = {
    "new": "Added",
    "updated": "Updated",
    "unchanged": "Unchanged",
    LEFT_OUT: "Left out",
    PROBLEM: "Not imported: problem",
}
INTRO = (
    "Bring in the board's governor list from Excel or a CSV file: one row per member, with "
    "columns such as Name, Category, Role, Appointed by, Term start, Term end and Committees "
    "(the app finds them by their headings, below any title). Dates may be written as "
    "01/09/2023 or be Excel dates. Governors already recorded are updated, never added twice; "
    "a blank cell leaves what the app holds. Nothing is stored until you press Import."
)


class BoardImportDialog(QDialog):
    imported = Signal(object)  # Imported: how many were added, updated, unchanged, skipped

    def __init__(self, store: Store, pool: QThreadPool, urn: int, parent=None, path=None):
        super().__init__(parent)
        self.setWindowTitle("Import the governor list")
        self.resize(960, 640)
        self.store, self.pool, self.urn = store, pool, urn
        self.path: Path | None = None
        self.preview: Preview | None = None
        self.task: Task | None = None
        self.importing = False
        self.generation = 0  # a preview or import counts only while it is the latest
        intro = QLabel(INTRO, wordWrap=True)
        self.file_edit = QLineEdit(readOnly=True, placeholderText="No file chosen yet")
        self.file_edit.setAccessibleName("Governor list file")
        self.choose = button("C&hoose file…", self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet to import")
        self.sheet_combo.activated.connect(lambda _i: self.read())
        self.sheet_label = QLabel("Shee&t:", buddy=self.sheet_combo)
        self.header_row = QSpinBox(minimum=0, maximum=20)
        self.header_row.setSpecialValueText("found by their names")
        self.header_row.setAccessibleName("Row that holds the headings")
        self.header_row.editingFinished.connect(self.read)
        self.columns = QLabel(wordWrap=True)
        self.columns.setAccessibleName("Columns read")
        # wrapped text keeps its lines when the table is given the space
        self.columns.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.rows_model = TextTableModel(self)
        self.rows_view = row_table(self.rows_model, "What each row will do", read_only=True)
        self.rows_view.setWordWrap(False)
        self.rows_view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel("Choose a file to see what will be imported.", wordWrap=True)
        self.summary.setAccessibleName("What will be imported")
        self.summary.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.skip = QCheckBox("&Skip rows with problems (import the others)")
        self.skip.toggled.connect(self._enable)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.import_button = button("&Import", self.run_import)
        self.close_button = button("Close", self.reject)
        file_label = QLabel("&File:", buddy=self.choose)
        rows_label = QLabel("&Preview (the row numbers are your file's):", buddy=self.rows_view)
        vbox(
            intro,
            hbox(file_label, (self.file_edit, 1), self.choose, self.sheet_label, self.sheet_combo),
            hbox(QLabel("Headings in &row:", buddy=self.header_row), self.header_row, 1),
            self.columns,
            rows_label,
            (self.rows_view, 1),
            self.summary,
            hbox(self.skip, 1, self.progress, self.import_button, self.close_button),
            parent=self,
        )
        self._show_sheets([])
        self._enable()
        if path:
            self.set_path(path)

    # -- reading -------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the governor list", "", PATTERNS)
        if path:
            self.set_path(path)

    def set_path(self, path) -> None:
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self._show_sheets([])
        self.read()

    def read(self) -> None:
        """Read and check the file on the pool, with the sheet and heading row chosen."""
        if self.path is None:
            return
        store, urn, path = self.store, self.urn, self.path
        sheet = self.sheet_combo.currentText() or None
        header_row = self.header_row.value() or None

        def work(progress, cancelled):
            return preview_import(store, urn, path, sheet=sheet, header_row=header_row)

        self.preview = None
        self._run(work, self._previewed, "Reading the file…")

    def _run(self, work, finished, text: str) -> None:
        self.generation += 1
        generation = self.generation
        self.progress.setFormat(text)
        self.progress.show()
        self.task = start(
            self.pool,
            work,
            finished=lambda result: self._done(generation) and finished(result),
            failed=lambda message, _details: self._done(generation) and self._failed(message),
        )
        self._enable()

    def _done(self, generation: int) -> bool:
        """The task has ended; True when it is the latest one (its result is shown)."""
        if generation != self.generation:
            return False
        self.task, self.importing = None, False
        self.progress.hide()
        return True

    def _failed(self, message: str) -> None:
        self.preview = None
        self.rows_model.set_rows([], [])
        self.summary.setText(f"Nothing was imported: {message}")
        self._enable()

    # -- showing -------------------------------------------------------------------------
    def _previewed(self, preview: Preview) -> None:
        self.preview = preview
        self._show_sheets(preview.sheet.sheets, preview.sheet.sheet)
        headers = preview.sheet.headers
        read = [f"{LABELS[k]} ← “{headers[i]}”" for k, i in preview.mapping.items()]
        unread = [h for i, h in enumerate(headers) if i not in preview.mapping.values()]
        self.columns.setText(
            f"Headings in row {preview.sheet.header_row}. Columns read: "
            + ("; ".join(read) or "none")
            + (f". Not read: {', '.join(unread)}." if unread else ".")
        )
        rows, flagged = [], []
        for index, r in enumerate(preview.results):
            if r.status == PROBLEM:
                flagged.append(index)
            rows.append(
                [
                    Cell(str(r.row), number=True),
                    Cell(r.name),
                    Cell(STATUS_WORDS[r.status]),
                    Cell(r.detail, r.detail),
                ]
            )
        self.rows_model.set_rows(HEADER, rows, highlight=flagged)
        self.rows_view.resizeColumnsToContents()
        text = preview.refusal(True) or preview.summary
        if preview.problems and not preview.missing:
            text += (
                " Rows with problems are not imported: put them right in your file and choose "
                "it again, or skip them."
            )
        self.summary.setText(text)
        self._enable()

    def _show_sheets(self, sheets: list[str], current: str = "") -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItems(sheets)
        if current:
            self.sheet_combo.setCurrentText(current)
        for w in (self.sheet_label, self.sheet_combo):
            w.setVisible(len(sheets) > 1)

    def _enable(self, *_args) -> None:
        p, idle = self.preview, self.task is None
        for w in (self.choose, self.sheet_combo, self.header_row):
            w.setEnabled(idle)
        self.skip.setEnabled(idle and p is not None and bool(p.problems))
        self.import_button.setEnabled(
            idle and p is not None and p.refusal(self.skip.isChecked()) is None and p.changes > 0
        )

    # -- importing -----------------------------------------------------------------------
    def run_import(self) -> None:
        preview, skip = self.preview, self.skip.isChecked()
        if preview is None:
            return
        store = self.store

        def work(progress, cancelled):
            return import_preview(store, preview, skip_bad_rows=skip)

        self.importing = True
        self._run(work, self._imported, "Importing the governors…")

    def _imported(self, done: Imported) -> None:
        self.preview = None
        n = done.skipped
        skipped = f"; {n:,} row{'s' if n != 1 else ''} with problems left out" if n else ""
        self.summary.setText(
            f"Imported: {done.new:,} added, {done.updated:,} updated, {done.unchanged:,} "
            f"unchanged{skipped}. See them on the Board page."
        )
        self._enable()
        self.close_button.setFocus()
        self.imported.emit(done)

    def reject(self) -> None:
        if self.importing:
            self.summary.setText("Please wait: the governors are being imported.")
            return
        self.generation += 1  # a preview still running reports to nobody
        if self.task is not None:
            self.task.cancel()
        super().reject()
