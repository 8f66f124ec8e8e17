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
    QFileDialog,
    QLabel,
    QLineEdit,
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
from stoke_governor.ui.common.pool_dialog import PoolDialog, show_sheet_choice
from stoke_governor.ui.common.text_table import Cell, TextTableModel
from stoke_governor.ui.common.widgets import button, hbox, row_table, vbox

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


class BoardImportDialog(PoolDialog):
    imported = Signal(object)  # Imported: how many were added, updated, unchanged, skipped
    waiting = "Please wait: the governors are being imported."

    def __init__(self, store: Store, pool: QThreadPool, urn: int, parent=None, path=None):
        super().__init__(pool, parent)
        self.setWindowTitle("Import the governor list")
        self.resize(960, 640)
        self.store, self.urn = store, urn
        self.path: Path | None = None
        self.preview: Preview | None = None
        intro = QLabel(INTRO, wordWrap=True)
        self.file_edit = QLineEdit(readOnly=True, placeholderText="No file chosen yet")
        self.file_edit.setAccessibleName("Governor list file")
        self.choose = button("C&hoose file…", self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet to import")
        self.sheet_combo.activated.connect(lambda _index: self.read())
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
        self.summary.setText("Choose a file to see what will be imported.")
        self.summary.setAccessibleName("What will be imported")
        self.summary.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.skip = QCheckBox("&Skip rows with problems (import the others)")
        self.skip.toggled.connect(self.enable)
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
        show_sheet_choice(self.sheet_combo, self.sheet_label, [])
        self.enable()
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
        show_sheet_choice(self.sheet_combo, self.sheet_label, [])
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
        self.run(work, self._previewed, self._failed, "Reading the file…")

    def _failed(self, message: str) -> None:
        self.preview = None
        self.rows_model.set_rows([], [])
        self.summary.setText(f"Nothing was imported: {message}")
        self.enable()

    # -- showing -------------------------------------------------------------------------
    def _previewed(self, preview: Preview) -> None:
        self.preview = preview
        show_sheet_choice(
            self.sheet_combo, self.sheet_label, preview.sheet.sheets, preview.sheet.sheet
        )
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
        self.enable()

    def enable(self, *_args) -> None:
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

        self.run(work, self._imported, self._failed, "Importing the governors…", importing=True)

    def _imported(self, done: Imported) -> None:
        self.preview = None
        n = done.skipped
        skipped = f"; {n:,} row{'s' if n != 1 else ''} with problems left out" if n else ""
        self.summary.setText(
            f"Imported: {done.new:,} added, {done.updated:,} updated, {done.unchanged:,} "
            f"unchanged{skipped}. See them on the Board page."
        )
        self.enable()
        self.close_button.setFocus()
        self.imported.emit(done)
