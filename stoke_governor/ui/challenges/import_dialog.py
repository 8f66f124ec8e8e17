"""Import a challenge log the board kept in Excel or as CSV: map its columns, preview, import.

Reading and checking run on the thread pool (a log can have tens of thousands of rows);
changing a column's choice checks the rows again, and changing the row the headings are on
reads the file again. The preview says which columns are left out and what will happen to
the meetings the log names (`meetings.from_log`). Nothing is stored until Import, which
stays disabled while rows have problems unless "Skip rows with problems" is ticked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.challenges.importer import (
    PREVIEW_ROWS,
    Preview,
    import_preview,
    preview_import,
    read_log,
)
from stoke_governor.files.sheets import MAX_HEADER_ROW
from stoke_governor.meetings.from_log import plan_meetings
from stoke_governor.ui.challenges.import_columns import ColumnChoices, preview_rows
from stoke_governor.ui.common.text_table import TextTableModel
from stoke_governor.ui.common.worker import Task, start

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

PATTERNS = "Challenge logs (*.xlsx *.XLSX *.csv *.CSV *.txt);;All files (*)"


class ChallengeImportDialog(QDialog):
    imported = Signal(int)  # how many challenges were added

    def __init__(self, store: Store, pool: QThreadPool, urn: int, parent=None, path=None):
        super().__init__(parent)
        self.setWindowTitle("Import a challenge log")
        self.resize(980, 700)
        self.store, self.pool, self.urn = store, pool, urn
        self.task: Task | None = None
        self.importing = False
        self.generation = 0
        self.preview: Preview | None = None
        self.sheet = None  # the file as read, reused while columns are chosen
        self.path: Path | None = None

        intro = QLabel(
            "Bring in a challenge log your board kept in Excel or as a CSV file. Choose the "
            "file, check the row its headings are on and which column holds each part of a "
            "challenge (the app guesses from the headings and remembers your choice for next "
            "time), look at the preview, then import. Each question is filed under its "
            "meeting. Nothing is stored until you press Import."
        )
        intro.setWordWrap(True)
        self.file_edit = QLineEdit(readOnly=True)
        self.file_edit.setAccessibleName("Challenge log file")
        self.file_edit.setPlaceholderText("No file chosen yet")
        self.choose = QPushButton("C&hoose file…")
        self.choose.clicked.connect(self.choose_file)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName("Sheet to import")
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.sheet_label = QLabel("Shee&t:")
        self.sheet_label.setBuddy(self.sheet_combo)
        self.header_row = QSpinBox()
        self.header_row.setRange(1, MAX_HEADER_ROW)
        self.header_row.setEnabled(False)
        self.header_row.setAccessibleName("Row the headings are on")
        self.header_row.setToolTip(
            "The row of your spreadsheet that holds the column headings, as the spreadsheet "
            "numbers it; rows above it (a title, notes) are not imported."
        )
        self.header_row.valueChanged.connect(self._header_row_chosen)
        header_label = QLabel("&Headings are on row:")
        header_label.setBuddy(self.header_row)
        file_row = QHBoxLayout()
        file_label = QLabel("&File:")
        file_label.setBuddy(self.choose)
        for w in (
            file_label,
            self.file_edit,
            self.choose,
            self.sheet_label,
            self.sheet_combo,
            header_label,
            self.header_row,
        ):
            file_row.addWidget(w, 1 if w is self.file_edit else 0)

        self.mapping = ColumnChoices()
        self.mapping.chosen.connect(self._mapping_changed)
        self.combos = self.mapping.combos
        self.mapping_label = QLabel("&Columns:")
        self.mapping_label.setBuddy(self.mapping)

        self.summary = QLabel("Choose a file to see what will be imported.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What will be imported")
        self.rows_model = TextTableModel(self)
        self.rows_view = QTableView()
        self.rows_view.setModel(self.rows_model)
        self.rows_view.setAccessibleName("Challenges that will be added")
        self.rows_view.verticalHeader().hide()
        self.rows_view.setWordWrap(False)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Rows with problems")
        self.problems.setWordWrap(True)
        previews = QWidget()
        pv = QVBoxLayout(previews)
        pv.setContentsMargins(0, 0, 0, 0)
        self.rows_label = QLabel("&Preview of the challenges to add:")
        self.rows_label.setBuddy(self.rows_view)
        self.problems_label = QLabel("Rows with p&roblems (the row numbers are your file's):")
        self.problems_label.setBuddy(self.problems)
        for w in (self.rows_label, self.rows_view, self.problems_label, self.problems):
            pv.addWidget(w)
        mapping_box = QWidget()
        mv = QVBoxLayout(mapping_box)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addWidget(self.mapping_label)
        mv.addWidget(self.mapping)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(mapping_box)
        split.addWidget(previews)
        split.setSizes([330, 650])

        self.skip = QCheckBox("&Skip rows with problems (import the others)")
        self.skip.toggled.connect(self._update_buttons)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.import_button = QPushButton("&Import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self._show_sheets([])
        if path:
            self.set_path(path)

    # -- choosing ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a challenge log", "", PATTERNS)
        if path:
            self.set_path(path)

    def set_path(self, path, sheet: str | None = None, header_row: int | None = None) -> None:
        """Read this file (on the pool) and preview it with the remembered or guessed columns;
        the headings on `header_row`, else on the row that reads as headings."""
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.sheet = None
        self._run_preview(sheet=sheet, mapping=None, header_row=header_row)

    def _sheet_chosen(self) -> None:
        if self.path is not None:
            self.set_path(self.path, self.sheet_combo.currentText())

    def _header_row_chosen(self, row: int) -> None:
        if self.path is not None:
            self.set_path(self.path, self.sheet_combo.currentText() or None, row)

    def _mapping_changed(self) -> None:
        self._run_preview(sheet=None, mapping=self.mapping.mapping())

    def _run_preview(self, *, sheet, mapping, header_row: int | None = None) -> None:
        self.generation += 1
        generation = self.generation
        store, urn, path, known = self.store, self.urn, self.path, self.sheet

        def work(progress, cancelled):
            progress(0, 0, "Reading the file…")
            read = known or read_log(path, sheet=sheet, header_row=header_row)
            progress(0, 0, f"Checking {len(read.rows):,} rows…")
            return preview_import(
                store, urn, path, mapping=mapping, sheet_data=read, plan_meetings=plan_meetings
            )

        self._busy(True, "Reading the file…")
        self._start(work, generation, self._previewed)

    def _start(self, work, generation: int, finished) -> None:
        """Run `work` on the pool; what it reports counts only while `generation` is current."""
        self.task = start(
            self.pool,
            work,
            progress=lambda _d, _t, text: self._progress(generation, text),
            finished=lambda result: finished(generation, result),
            failed=lambda message, _details: self._failed(generation, message),
            owner=self,
        )

    # -- showing ----------------------------------------------------------------------------
    def _progress(self, generation: int, text) -> None:
        if generation == self.generation:
            self.progress.setFormat(str(text))

    def _busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0 if busy else 1)
        self.progress.setFormat(text)
        self.progress.setTextVisible(True)
        for w in (self.choose, self.sheet_combo, self.mapping, self.skip, self.header_row):
            w.setEnabled(not busy and (w is not self.header_row or self.path is not None))
        if busy:
            self.import_button.setEnabled(False)

    def _failed(self, generation: int, message: str) -> None:
        self.importing = False
        if generation != self.generation:
            return
        self.task = None
        self._busy(False)
        self.preview = None
        self.rows_model.set_rows([], [])
        self.problems.clear()
        self.summary.setText(f"This file cannot be imported: {message}")
        self._update_buttons()

    def _previewed(self, generation: int, preview: Preview) -> None:
        if generation != self.generation:
            return
        self.task = None
        self._busy(False)
        self.preview, self.sheet = preview, preview.sheet
        self._show_sheets(preview.sheet.sheets, preview.sheet.sheet)
        self.header_row.blockSignals(True)  # shown, not chosen: no second reading
        self.header_row.setValue(preview.sheet.header_row)
        self.header_row.blockSignals(False)
        self.mapping.show_preview(preview)
        self.rows_model.set_rows(*preview_rows(self.store, preview))
        self.rows_view.resizeColumnsToContents()
        self.problems.clear()
        self.problems.addItems([f"Row {p.row}: {p.reason}" for p in preview.problems[:2000]])
        if len(preview.problems) > 2000:
            self.problems.addItem(f"… and {len(preview.problems) - 2000:,} more")
        text = preview.summary
        if len(preview.rows) > PREVIEW_ROWS:
            text += f" The preview shows the first {PREVIEW_ROWS}."
        if preview.remembered:
            text += " The columns are the ones you chose for this layout last time."
        if preview.sheet.header_row != preview.sheet.found_row:
            text += f" The headings seem to be on row {preview.sheet.found_row}."
        if preview.already:
            text = preview.refusal()
        self.summary.setText(text)
        self._update_buttons()

    def _show_sheets(self, sheets: list[str], current: str = "") -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItems(sheets)
        if current:
            self.sheet_combo.setCurrentText(current)
        for w in (self.sheet_label, self.sheet_combo):
            w.setVisible(len(sheets) > 1)

    def _update_buttons(self) -> None:
        p = self.preview
        ok = (
            p is not None
            and self.task is None
            and not p.missing
            and not p.already
            and bool(p.rows)
            and (not p.problems or self.skip.isChecked())
        )
        self.import_button.setEnabled(ok)
        self.skip.setEnabled(self.task is None and p is not None and bool(p.problems))

    # -- importing --------------------------------------------------------------------------
    def run_import(self) -> None:
        preview, skip = self.preview, self.skip.isChecked()
        if preview is None:
            return
        self.generation += 1
        generation = self.generation
        store = self.store

        def work(progress, cancelled):
            progress(0, 0, f"Adding {len(preview.rows):,} challenges…")
            return import_preview(store, preview, skip_bad_rows=skip)

        self._busy(True, f"Adding {len(preview.rows):,} challenges…")
        self.importing = True
        self._start(work, generation, self._imported)

    def _imported(self, generation: int, ids) -> None:
        self.importing = False
        if generation != self.generation:
            return
        self.task = None
        self._busy(False)
        n = len(ids)
        skipped = len({p.row for p in self.preview.problems}) if self.preview else 0
        filed = len(self.preview.filed) if self.preview else 0
        self.preview = None
        under = f" under {filed:,} meeting{'s' if filed != 1 else ''}" if filed else ""
        left = f" ({skipped:,} row{'s' if skipped != 1 else ''} with problems left out)"
        self.summary.setText(
            f"{n:,} challenge{'s were' if n != 1 else ' was'} added{under}"
            + (left if skipped else "")
            + ". See them in the Challenge log and their meetings in the Meetings page; the "
            "columns you chose are remembered for the next file laid out the same way."
        )
        self._update_buttons()
        self.close_button.setFocus()
        self.imported.emit(n)

    def reject(self) -> None:
        if self.importing:
            self.summary.setText("Please wait: the challenges are being added.")
            return
        self.generation += 1  # a preview still running reports to nobody
        if self.task is not None:
            self.task.cancel()
        super().reject()
