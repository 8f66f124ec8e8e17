"""The Board page: who governs the school, in which roles, until when, and what is vacant.

A clerk sets the board up here. Terms of office that end within the warning window (or
have ended while the governor still serves) are highlighted, so renewals are not missed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.board.committees import governor_committees
from stoke_governor.board.constitution import board_summary
from stoke_governor.board.governors import (
    TERM_WARNING_DAYS,
    Governor,
    days_to,
    ending_soon,
    former_governors,
    get_board,
    list_governors,
    remove_demo_board,
    term_note,
)
from stoke_governor.core.dates import uk_date
from stoke_governor.schools.register import School
from stoke_governor.ui.common.text_table import Cell, TextTableModel
from stoke_governor.ui.common.widgets import button, heading, row_table

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

CURRENT_HEADER = ["Name", "Category", "Roles", "Term starts", "Term ends", "Term", "Committees"]
FORMER_HEADER = ["Name", "Category", "Roles", "Term started", "Left on"]
EMPTY = (
    "No governors are recorded for this school's board yet. Add the board's governors — "
    "start with the chair — or bring in the list you keep in Excel with Import governors…; "
    "then set the places per category with Constitution… so vacancies are counted."
)


class BoardPage(QWidget):
    title = "Board"
    board_changed = Signal()

    def __init__(
        self, store: Store, pool: QThreadPool | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.store = store
        self.pool = pool or QThreadPool(self)  # the window's, for importing the list
        self.school: School | None = None
        self.current: list[Governor] = []
        self.dialog = None  # the dialog open now, if any
        self.heading = heading(name="boardHeading")
        self.heading.setAccessibleName("Board")
        self.banner = QFrame(objectName="demoBanner")
        self.banner.setStyleSheet(
            "#demoBanner { background: #fff4ce; border: 1px solid #c19c00; border-radius: 4px }"
            " #demoBanner QLabel { color: #1b1b1b }"
        )
        self.banner_text = QLabel(
            "This is a demo board with fictional governors, so you can see the app at work. "
            "The school and its published figures are real. Remove the demo board when you "
            "are ready to set up your own."
        )
        self.banner_text.setWordWrap(True)
        self.remove_demo = button("&Remove the demo board…", self.remove_demo_board)
        banner = QHBoxLayout(self.banner)
        banner.addWidget(self.banner_text, 1)
        banner.addWidget(self.remove_demo)
        self.summary = QLabel(objectName="boardSummary")
        self.summary.setAccessibleName("Board summary")
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)
        self.empty = QLabel(EMPTY, objectName="boardEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setStyleSheet("font-size: 12pt; padding: 12px 0")
        self.model = TextTableModel(self)
        self.table = self._table(self.model, "Current governors")
        self.table.activated.connect(lambda _index: self.edit_governor())
        self.add_button = button("&Add governor…", self.add_governor)
        self.add_button.setToolTip("Add a governor or associate member (Ctrl+N)")
        self.edit_button = button("&Edit…", self.edit_governor)
        self.leave_button = button("Record &leaving…", self.record_leaving)
        self.committees_button = button("&Committees…", self.edit_committees)
        self.constitution_button = button("Con&stitution…", self.edit_constitution)
        self.import_button = button(
            "Import go&vernors…",
            self.import_governors,
            tip="Bring in the governor list from Excel or a CSV file",
        )
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.leave_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.committees_button)
        buttons.addWidget(self.constitution_button)
        self.show_former = QCheckBox("Show f&ormer governors")
        hint = QLabel("Select a governor and press Enter (or double-click) to edit them.")
        hint.setStyleSheet("color: palette(mid)")
        self.table.setAccessibleDescription(hint.text())
        self.former_model = TextTableModel(self)
        self.former_table = self._table(self.former_model, "Former governors")
        self.former_table.hide()
        self.show_former.toggled.connect(self.former_table.setVisible)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty, 3)
        layout.addWidget(self.table, 3)
        layout.addLayout(buttons)
        below = QHBoxLayout()
        below.addWidget(self.show_former)
        below.addStretch(1)
        below.addWidget(hint)
        layout.addLayout(below)
        layout.addWidget(self.former_table, 1)
        shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.add_governor)
        self.table.selectionModel().selectionChanged.connect(self._enable)

    def _table(self, model: TextTableModel, name: str) -> QTableView:
        table = row_table(  # Tab moves on to the buttons
            model, name, single=True, read_only=True, alternate=True, tab_moves_on=True
        )
        table.setWordWrap(False)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    # -- showing -------------------------------------------------------------------
    def show_school(self, school: School) -> None:
        self.school = school
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        urn = self.school.urn
        today = dt.date.today()
        board = get_board(self.store, urn)
        self.heading.setText(board.name if board else f"Governing board of {self.school.name}")
        self.banner.setVisible(bool(board and board.demo))
        self.current = list_governors(self.store, urn)
        committees = governor_committees(self.store, urn)
        rows, soon = [], []
        for i, g in enumerate(self.current):
            days = days_to(g.term_end, today)
            flagged = ending_soon(days)
            if flagged:
                soon.append(i)
            no_end = "ex officio" if g.category == "headteacher" else "not recorded"
            rows.append(
                [
                    Cell(g.name, g.note or ""),
                    Cell(g.category_label),
                    Cell(", ".join(g.roles)),
                    Cell(uk_date(g.term_start)),
                    Cell(uk_date(g.term_end) or no_end),
                    Cell(term_note(days) if flagged else ""),
                    Cell(", ".join(committees.get(g.id, ()))),
                ]
            )
        self.model.set_rows(CURRENT_HEADER, rows, highlight=soon)
        former = former_governors(self.store, urn)
        self.former_model.set_rows(
            FORMER_HEADER,
            [
                [
                    Cell(g.name, g.note or ""),
                    Cell(g.category_label),
                    Cell(", ".join(g.roles)),
                    Cell(uk_date(g.term_start)),
                    Cell(uk_date(g.left_on)),
                ]
                for g in former
            ],
        )
        self.show_former.setText(f"Show f&ormer governors ({len(former)})")
        self.show_former.setEnabled(bool(former))
        summary = board_summary(self.store, urn, today)
        self.summary.setText(summary.describe() + ".")
        self.summary.setToolTip(
            f"Terms are flagged {TERM_WARNING_DAYS} days before they end. Associate members "
            "are not governors; vacancies count places set with Constitution…"
        )
        self.empty.setVisible(not self.current)
        self.summary.setVisible(bool(self.current))
        self.table.setVisible(bool(self.current))
        for table in (self.table, self.former_table):
            table.resizeColumnsToContents()
        ids = [g.id for g in self.current]
        if select in ids:
            self.table.selectRow(ids.index(select))
        self._enable()

    def selected(self) -> Governor | None:
        rows = self.table.selectionModel().selectedRows()
        return self.current[rows[0].row()] if rows else None

    def _enable(self, *_args) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.leave_button.setEnabled(chosen)

    # -- changing ------------------------------------------------------------------
    def _open(self, dialog, select_from=None) -> None:
        """Open a dialog; when it closes with a change, show it and tell the other pages."""
        self.dialog = dialog

        def done(result: int) -> None:
            self.dialog = None
            # The committees dialog saves as changes are made and is closed, not accepted.
            if result or getattr(dialog, "made_changes", False):
                self.refresh(select=select_from(dialog) if select_from else None)
                self.board_changed.emit()
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()

    def add_governor(self) -> None:
        from stoke_governor.ui.board.governor_dialog import GovernorDialog

        self._open(
            GovernorDialog(self.store, self.school.urn, parent=self), lambda d: d.governor_id
        )

    def edit_governor(self) -> None:
        from stoke_governor.ui.board.governor_dialog import GovernorDialog

        g = self.selected()
        if g is not None:
            dialog = GovernorDialog(self.store, self.school.urn, g, parent=self)
            self._open(dialog, lambda d: d.governor_id)

    def record_leaving(self) -> None:
        from stoke_governor.ui.board.governor_dialog import LeavingDialog

        g = self.selected()
        if g is not None:
            self._open(LeavingDialog(self.store, g, parent=self))

    def edit_committees(self) -> None:
        from stoke_governor.ui.board.dialogs import CommitteesDialog

        dialog = CommitteesDialog(self.store, self.school.urn, self)
        self._open(dialog, lambda _d: self.selected().id if self.selected() else None)

    def import_governors(self, path=None) -> None:
        from stoke_governor.ui.board.import_dialog import BoardImportDialog

        dialog = BoardImportDialog(self.store, self.pool, self.school.urn, self, path)
        dialog.imported.connect(lambda _done: self.refresh())
        dialog.imported.connect(lambda _done: self.board_changed.emit())
        self._open(dialog)

    def edit_constitution(self) -> None:
        from stoke_governor.ui.board.dialogs import ConstitutionDialog

        self._open(ConstitutionDialog(self.store, self.school.urn, self))

    def confirm(self, title: str, text: str) -> bool:
        """Ask before something that cannot be undone (tests answer it themselves)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def remove_demo_board(self) -> None:
        if not self.confirm(
            "Remove the demo board",
            "Remove the demo board with its fictional governors, meetings, challenge log and "
            "training records? The school's published figures stay. This cannot be undone.",
        ):
            return
        remove_demo_board(self.store)
        self.refresh()
        self.board_changed.emit()
