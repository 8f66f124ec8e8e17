"""The LA's Returns page: the returns held, the conflicts waiting for a person, the import log.

Importing itself happens in the import preview (ReturnsImportDialog), opened from here, from
the File menu or by dropping files or folders on the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.dates import stamp_label
from stoke_governor.ui.common.text_table import Cell, TextTableModel
from stoke_governor.ui.common.widgets import button, row_table
from stoke_governor.ui.la.receipts_button import add_receipts_button
from stoke_governor.ui.la.returns_words import file_name, sentence

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

EMPTY = (
    "No returns yet: drop the boards' return files (or a folder of them) here, or choose "
    "Import returns. You see what will happen to each file before anything is stored."
)
DROP_HERE = (
    "<p style='font-size:15pt'>Drop return files or a folder of them here</p>"
    "<p>A return is the .xlsx file a board makes with <i>Export return</i> on its "
    "Self-evaluation page. Boards email them or leave them on a shared drive.</p>"
)
CONFLICT_HELP = (
    "Two different files say they are the same revision of one school's return, so the app "
    "cannot tell which the board agreed. Read each (Enter or double-click), ask the "
    "school's clerk which is right, choose it and press Keep this one: the other stays in "
    "the history, and the city picture uses the one kept."
)
LOG_STATUS = {
    "imported": "Imported",
    "superseded": "Newer revision",
    "duplicate": "Already held",
    "stale": "Older revision",
    "conflict": "Conflict",
    "rejected": "Refused",
}


# Column widths, as samples of their widest usual text (the last column takes the rest):
# set, not measured over every row, so refreshing after a big import stays quick.
WIDTHS = {
    "held_view": (
        "Stoke-on-Trent Academy of the Holy Names",
        "2026-27",
        "Revision",
        "22 Nov 2026 13:58",
        "Not signed",
        "Yes: ask the school why",
    ),
    "conflict_view": (
        "Stoke-on-Trent Academy of the Holy Names",
        "Revision",
        "Version 2",
        "22 Nov 2026 13:58",
    ),
    "log_view": (
        "22 Nov 2026 13:58",
        "officer name",
        "124021_Holden-Lane-Primary-School_self-evaluation_2026-11-20.xlsx",
        "Newer revision",
    ),
}


def _fit(view: QTableView, samples: tuple[str, ...]) -> None:
    metrics = view.fontMetrics()
    for column, sample in enumerate(samples):
        view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 18)


def _table(name: str, model: TextTableModel) -> QTableView:
    view = row_table(model, name, single=True, read_only=True, alternate=True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a file name's date stays in sight
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ReturnsPage(QWidget):
    title = "Returns"
    changed = Signal()  # after a conflict is resolved
    import_requested = Signal()
    folder_requested = Signal()

    def __init__(self, store: Store, pool: QThreadPool, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store  # files dropped on the page reach the window's import preview
        self.pool = pool  # the window's: receipts are written on it
        heading = QLabel("<h2>Returns from the boards</h2>")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Returns summary")
        self.import_button = button("&Import returns…", self.import_requested)
        self.import_button.setToolTip("Choose the return files the boards sent (Ctrl+I)")
        self.folder_button = button("Import a f&older…", self.folder_requested)
        self.folder_button.setToolTip("Every return in a folder and the folders inside it")
        self.buttons = QHBoxLayout()  # other actions on the returns go beside these
        self.buttons.addWidget(self.import_button)
        self.buttons.addWidget(self.folder_button)
        self.buttons.addStretch(1)
        self.receipts_button = add_receipts_button(self)  # a receipt for each return held

        # conflicts: shown only when there are some
        self.conflict_box = QGroupBox("Returns that need a decision")
        conflict_help = QLabel(CONFLICT_HELP)
        conflict_help.setWordWrap(True)
        self.conflict_model = TextTableModel(self)
        self.conflict_view = _table("Conflicting versions of a return", self.conflict_model)
        self.conflict_view.setMaximumHeight(170)
        self.conflict_view.selectionModel().selectionChanged.connect(self._update_keep)
        self.conflict_view.activated.connect(lambda i: self.open_return(self._conflicts[i.row()]))
        self.keep_button = button("&Keep this one", self.keep_selected)
        self.keep_button.setToolTip("Keep the chosen version; the other goes into the history")
        box = QVBoxLayout(self.conflict_box)
        box.addWidget(conflict_help)
        box.addWidget(self.conflict_view)
        keep_row = QHBoxLayout()
        keep_row.addStretch(1)
        keep_row.addWidget(self.keep_button)
        box.addLayout(keep_row)

        self.held_model = TextTableModel(self)
        self.held_view = _table("Returns held", self.held_model)
        self.held_view.activated.connect(lambda i: self.open_return(self._held_ids[i.row()]))
        self.log_model = TextTableModel(self)
        self.log_view = _table("Import log", self.log_model)
        self.refused_only = QCheckBox("Show only &refused files")
        self.refused_only.toggled.connect(self._fill_log)
        log_tab = QWidget()
        log_layout = QVBoxLayout(log_tab)
        log_layout.addWidget(self.refused_only)
        log_layout.addWidget(self.log_view, 1)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Returns and the import log")
        self.tabs.addTab(self.held_view, "Returns &held")
        self.tabs.addTab(log_tab, "Import &log")
        self.drop_here = QLabel(DROP_HERE)
        self.drop_here.setWordWrap(True)
        self.drop_here.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_here.setStyleSheet(
            "QLabel { border: 2px dashed palette(mid); border-radius: 8px; padding: 40px; }"
        )
        self.body = QStackedWidget()
        self.body.addWidget(self.drop_here)
        self.body.addWidget(self.tabs)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addLayout(self.buttons)
        layout.addWidget(self.conflict_box)
        layout.addWidget(self.body, 1)
        self._log: list = []
        self._conflicts: list[int] = []  # received id of each conflict row
        self._held_ids: list[int] = []
        self.return_view = None

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        from stoke_governor.la.returns.held import conflicts, current_returns, import_log

        held = current_returns(self.store)
        pairs = conflicts(self.store)
        self._log = import_log(self.store)
        empty = not held and not self._log
        self.body.setCurrentWidget(self.drop_here if empty else self.tabs)
        if empty:
            self.summary.setText(EMPTY)
        else:
            schools = len({r.urn for r in held})
            text = f"{len(held):,} current return{'s' if len(held) != 1 else ''} from "
            text += f"{schools:,} school{'s' if schools != 1 else ''}."
            if pairs:
                text += f" {len(pairs)} need{'s' if len(pairs) == 1 else ''} a decision (below)."
            refused = sum(1 for e in self._log if e.status == "rejected")
            if refused:
                text += f" {refused:,} file{'s were' if refused != 1 else ' was'} refused: "
                text += "see the Import log for why."
            self.summary.setText(text + " Press Enter on a return (or double-click) to read it.")
        self.held_model.set_rows(
            ["School", "Year", "Revision", "Received", "Signed", "Edited outside the app", "File"],
            [self._held_row(r) for r in held],
        )
        self._held_ids = [r.id for r in held]
        _fit(self.held_view, WIDTHS["held_view"])
        self._fill_conflicts(pairs)
        self._fill_log()

    def _held_row(self, r) -> list[Cell]:
        return [
            Cell(r.school, f"URN {r.urn} · return {r.return_id} · file {r.file_name}"),
            Cell(r.year or ""),
            Cell(str(r.revision), number=True),
            Cell(stamp_label(r.received_at) or ""),
            Cell(
                "Signed" if r.signed else "Not signed",
                "Signed with the school's key"
                if r.signed
                else "The school had no key from the LA when it made this return",
            ),
            Cell(
                "Yes: ask the school why" if r.edited else "No",
                "Imported with 'Accept returns edited outside the app'" if r.edited else "",
            ),
            Cell(r.file_name, r.file_name),
        ]

    def _fill_conflicts(self, pairs) -> None:
        rows, self._conflicts = [], []
        for first, second in pairs:
            for n, r in enumerate((first, second), 1):
                rows.append(
                    [
                        Cell(r.school),
                        Cell(str(r.revision), number=True),
                        Cell(f"Version {n}"),
                        Cell(stamp_label(r.received_at) or ""),
                        Cell(r.file_name),
                    ]
                )
                self._conflicts.append(r.id)
        self.conflict_model.set_rows(["School", "Revision", "Version", "Received", "File"], rows)
        _fit(self.conflict_view, WIDTHS["conflict_view"])
        self.conflict_box.setVisible(bool(pairs))
        self._update_keep()

    def _fill_log(self) -> None:
        only_refused = self.refused_only.isChecked()
        rows = [
            [
                Cell(stamp_label(e.at) or ""),
                Cell(e.by),
                Cell(file_name(e.file), e.file),
                Cell(LOG_STATUS.get(e.status, e.status)),
                Cell(sentence(e.reason, file_name(e.file)), e.reason or ""),
            ]
            for e in self._log
            if not only_refused or e.status == "rejected"
        ]
        self.log_model.set_rows(["When", "Who", "File", "Outcome", "Why"], rows)
        _fit(self.log_view, WIDTHS["log_view"])

    def _update_keep(self) -> None:
        self.keep_button.setEnabled(self.conflict_view.selectionModel().hasSelection())

    # -- acting --------------------------------------------------------------------------------
    def keep_selected(self) -> None:
        from stoke_governor.core.errors import StokeGovernorError
        from stoke_governor.la.returns.held import resolve_conflict

        rows = self.conflict_view.selectionModel().selectedRows()
        if not rows:
            return
        try:
            resolve_conflict(self.store, self._conflicts[rows[0].row()])
        except StokeGovernorError as exc:
            QMessageBox.warning(self, "Keep this one", str(exc))
        self.refresh()
        self.changed.emit()

    def open_return(self, received_id: int):
        """One return, to read (E's ReturnView: cover, ratings, evidence, revisions)."""
        from stoke_governor.ui.la.return_view import ReturnView

        if self.return_view is not None:
            self.return_view.close()
        view = ReturnView(self.store, received_id, self)
        view.finished.connect(view.deleteLater)
        self.return_view = view
        view.open()
        return view
